"""A local registry reached by two names: what a test setup pushes to ``localhost:5000`` is
what the containers it starts pull from ``registry:5000`` (sources.project.local_registry_path)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references
from tagsense.sources.project import local_registry_path

if TYPE_CHECKING:
    from pathlib import Path

DAY = datetime.date(2026, 12, 5)

# ratify-project/ratify's Makefile, cut down (Apache-2.0; survey 31c): the end-to-end setup
# pushes a locally built image into the registry it runs on localhost:5000.
RATIFY_MAKEFILE = """\
TEST_REGISTRY = localhost:5000

e2e-notation-setup:
\tdocker buildx build --output type=oci,dest=.staging/notation/notation.tar -t notation:v0 \\
\t\t.staging/notation
\t${GITHUB_WORKSPACE}/bin/oras cp --from-oci-layout .staging/notation/notation.tar:v0 \\
\t\t${TEST_REGISTRY}/notation:signed
"""

# ratify's test/bats/base-test.bats, cut down: the kind cluster pulls it as registry:5000.
RATIFY_BATS = """\
@test "notation test" {
    run kubectl run demo --namespace default --image=registry:5000/notation:signed
    assert_success
    run kubectl run demo1 --namespace default --image=registry:5000/notation:unsigned
    run kubectl run other --namespace default --image=registry:5000/other:signed
}
"""


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("registry:5000/notation", "notation"),
        ("kind-registry:5000/team/app", "team/app"),
        ("localhost:5001/team/app", "team/app"),
        ("127.0.0.1:5000/app", "app"),
        ("[::1]:5000/app", "app"),
        # (a registry on the network, a name without port: Docker Hub's namespace)
        ("registry.internal:5000/app", None),
        ("quay.io/app", None),
        ("localhost/app", None),  # (podman's local store: see _LOCAL_STORE)
        ("docker.io/registry/app", None),
    ],
)
def test_local_registry_path(name: str, path: str | None) -> None:
    assert local_registry_path(name) == path


def test_what_the_setup_pushes_is_built_by_any_local_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Makefile").write_text(RATIFY_MAKEFILE)
    (tmp_path / "test" / "bats").mkdir(parents=True)
    (tmp_path / "test" / "bats" / "base-test.bats").write_text(RATIFY_BATS)
    found = find_references("test/bats/base-test.bats")
    built = {o.text: o.built for o in found}
    site = built["registry:5000/notation:signed"]
    assert site is not None and (site.path, site.line) == ("Makefile", 6)
    assert built["registry:5000/notation:unsigned"] is not None  # (its repository is pushed)
    assert built["registry:5000/other:signed"] is None  # (one nothing pushes)
    assert [(f.line, f.code) for f in check(found, as_of=DAY)] == [(5, "TS003")]


# kubernetes/minikube's test/integration/testdata/image-load-in-use/image-load-in-use-v1.yaml
# (Apache-2.0; survey 32b): functional_test.go builds and loads the image, then runs this pod.
LOADED_POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: image-load-in-use-v1
spec:
  containers:
  - name: test
    image: localhost/image-load-in-use:test
    imagePullPolicy: Never
  - name: other
    image: localhost:5000/image-load-in-use:test
"""


def test_an_image_of_the_engine_s_own_store_is_made_not_pulled(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pod.yaml").write_text(LOADED_POD)
    references = find_references(str(tmp_path))
    found = {ref.text: ref.built for ref in references}
    local = found["localhost/image-load-in-use:test"]
    assert local is not None and local.tool == "local-store"
    assert found["localhost:5000/image-load-in-use:test"] is None  # (a registry's: pulled)
    assert [(f.line, f.code) for f in check(references, as_of=DAY)] == [(11, "TS003")]

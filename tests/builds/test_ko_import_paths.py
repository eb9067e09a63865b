"""ko's import paths without ``ko://``: a manifest's image named after a main package of the
project's Go module is the program ko builds (sources._ko_import_paths)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from tagsense import check, find_references

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

DAY = datetime.date(2026, 12, 5)

# google/go-containerregistry's pkg/authn/k8schain/tests/explicit/test.yaml, cut down
# (Apache-2.0; survey 31c): the pod runs the test program beside it, which `ko apply` builds.
POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: explicit
spec:
  containers:
  - name: explicit
    image: github.com/google/go-containerregistry/pkg/authn/k8schain/tests/explicit
  - name: library
    image: github.com/google/go-containerregistry/pkg/authn
  - name: elsewhere
    image: quay.io/google/go-containerregistry/tests/explicit
"""


def test_an_import_path_of_a_main_package_is_ko_s_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "go.mod").write_text("module github.com/google/go-containerregistry\n\ngo 1.24\n")
    tests = tmp_path / "pkg" / "authn" / "k8schain" / "tests" / "explicit"
    tests.mkdir(parents=True)
    (tests / "main.go").write_text("// The test program.\npackage main\n\nfunc main() {}\n")
    (tests / "test.yaml").write_text(POD)
    (tmp_path / "pkg" / "authn" / "keychain.go").write_text("package authn\n")
    path = "pkg/authn/k8schain/tests/explicit/test.yaml"
    found = find_references(path)
    built = {o.line: o.built for o in found}
    assert built[8] is not None and built[8].tool == "ko"
    assert built[10] is None  # (a library: ko builds no image of it)
    assert built[12] is None  # (another registry's)
    assert [(f.line, f.code) for f in check(found, as_of=DAY)] == [(10, "TS002"), (12, "TS002")]

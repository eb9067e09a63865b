"""A name under Docker Hub's `library/` that no official image has had is nobody's pull.

Docker Hub's `library/` namespace (where `redis:7` is pulled from) holds the Docker Official
Images alone, so a pull of `authelia:dist` or `argocd:param` fails: a project that names one
builds or loads it itself (authelia's `authelia-scripts` runs `docker build -t authelia:dist`
for its suites' compose files and k3d manifests; argo-cd's `test/manifests/cmp` kustomization
renames its image to `argocd:param` for a local build). Such a reference is judged as a built
one: only for validity. `refs` still lists it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tagsense import check
from tagsense._vocabulary import unpublished
from tagsense.cli import main
from tagsense.sources import Occurrence

AS_OF = "2026-12-03"
ROOT = Path(__file__).parents[1]

COMPOSE = """\
services:
  backend:
    image: '${SUITE_IMAGE:-suite:dist}'
  explicit:
    image: docker.io/library/suite:dist
  cache:
    image: redis:alpine
  published:
    image: acme/whoami
  retired:
    image: centos:latest
"""

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: my-image:latest
        - name: proxy
          image: nginx:latest
"""

KUSTOMIZATION = """\
resources:
  - deployment.yaml
images:
  - name: nginx
    newName: proxy
    newTag: param
"""


def run(capsys: pytest.CaptureFixture[str], command: str, *argv: str) -> Any:
    extra = ["--as-of", AS_OF] if command == "check" else []
    main([command, "--format", "json", *extra, *argv])
    out, _ = capsys.readouterr()
    return json.loads(out)


def found(text: str) -> Occurrence:
    return Occurrence.of_text(
        path="compose.yaml", line=1, column=12, kind="compose", raw=text, text=text
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("docker.io/library/argocd", True),
        ("docker.io/library/test", True),
        ("docker.io/library/redis", False),
        ("docker.io/library/java", False),  # retired, still pullable
        ("docker.io/argoproj/argocd", False),
        ("quay.io/argoproj/argocd", False),
        ("public.ecr.aws/docker/library/argocd", False),  # another registry's own namespace
        # domains reserved for examples (RFC 2606): a placeholder for the user's registry
        # (laradock's production/providers/render.yaml, "your pushed image")
        ("registry.example.com/laradock-app", True),
        ("example.org/app", True),
        ("registry.example:5000/team/app", True),
        ("Registry.Example.NET/app", True),
        ("mirror.invalid/app", True),
        ("notexample.com/app", False),
        ("example.com.evil.io/app", False),
        ("localhost:5000/app", False),  # (a local registry: real)
        # an account or registry left for the reader's own (kreuzwerker/terraform-provider-docker
        # examples/provider/provider-credentials.tf and resources/docker_service; elie222's
        # inbox-zero README; quarkusio/quarkus-quickstarts funqy-knative-events)
        ("docker.io/myorg/privateimage", True),
        ("quay.io:8181/myorg/privateimage", True),
        ("repo.mycompany.com:8080/foo-service", True),
        ("ghcr.io/your-username/inbox-zero", True),
        ("docker.io/youraccountname/funqy-knative-events-quickstart", True),
        ("docker.io/your-dockerhub-username/app", True),
        ("docker.io/myoung34/github-runner", False),  # (real accounts that begin so)
        ("docker.io/yourls/yourls", False),
        ("docker.io/library/yourls", False),
        ("docker.io/myorganic/app", False),
        ("ghcr.io/acme/myorg", False),  # (the image's own name: a project may call it so)
        # (okpy/ok's azure/paas/helm/values.yaml: `dockerRegistry: changeme`, survey 34c)
        ("docker.io/changeme/cs61a/ok-server", True),
        ("replace-me.azurecr.io/app", True),
        ("docker.io/changemeplease/app", False),
        ("docker.io/acme/changeme", False),
    ],
)
def test_only_docker_hub_library_names_no_official_image_had(name: str, expected: bool) -> None:
    assert unpublished(name) is expected


def test_a_project_s_unpublished_name_is_judged_only_for_validity() -> None:
    assert check([found("suite:dist"), found("my-image:latest")], as_of=None) == []
    assert [f.code for f in check([found("Suite:dist")])] == ["TS012"]
    assert [f.code for f in check([found("redis:latest")])] == ["TS001"]
    assert [f.code for f in check([found("acme/suite:dist")])] == ["TS003"]
    assert check([found("registry.example.com/laradock-app:latest")], as_of=None) == []
    assert [f.code for f in check([found("registry.example.com/App:latest")])] == ["TS012"]


def test_a_stage_s_typo_is_still_a_failed_pull() -> None:
    # `COPY --from=builder` where the stage is `buidler`: BuildKit pulls library/builder, which
    # nobody publishes; the mistake is the typo, and TS002 names the stage meant.
    from tagsense.sources.dockerfile import scan_dockerfile

    text = "FROM alpine:3.22.2 AS buidler\nFROM alpine:3.22.2\nCOPY --from=builder /a /b\n"
    (finding,) = check(scan_dockerfile(text), as_of=None)
    assert finding.code == "TS002"
    assert "did you mean 'buidler'?" in finding.message
    no_stage = "FROM alpine:3.22.2\nCOPY --from=tools /a /b\n"  # (a local image's name)
    assert check(scan_dockerfile(no_stage), as_of=None) == []


def test_a_reference_given_alone_is_judged_as_given() -> None:
    # No project uses it: nothing says the name is built locally.
    assert [f.code for f in check(["suite:latest"])] == ["TS001"]


def test_compose_services_of_a_locally_built_name_give_no_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "compose.yml").write_text(COMPOSE)
    report = run(capsys, "check", str(tmp_path))
    judged = sorted((f["line"], f["code"], f["reference"]) for f in report["findings"])
    assert judged == [
        (7, "TS003", "redis:alpine"),
        (9, "TS002", "acme/whoami"),
        (11, "TS001", "centos:latest"),
    ]
    references = run(capsys, "refs", str(tmp_path))["references"]
    listed = {(r["line"], r["normalized"]) for r in references}
    assert (3, "docker.io/library/suite:dist") in listed
    assert (5, "docker.io/library/suite:dist") in listed


def test_a_kustomization_s_local_rename_gives_no_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "deployment.yaml").write_text(DEPLOYMENT)
    overlay = tmp_path / "local"
    overlay.mkdir()
    (overlay / "deployment.yaml").write_text(DEPLOYMENT)
    (overlay / "kustomization.yaml").write_text(KUSTOMIZATION)
    report = run(capsys, "check", str(tmp_path))
    judged = sorted(
        (Path(f["path"]).relative_to(tmp_path).as_posix(), f["code"], f["reference"])
        for f in report["findings"]
    )
    # The plain manifest pulls nginx:latest; the overlay's proxy:param is a local image, and so
    # is my-image:latest in both.
    assert judged == [("deployment.yaml", "TS001", "nginx:latest")]


def test_the_generated_names_are_current() -> None:
    script = ROOT / "tasks" / "generate_official_names.py"
    result = subprocess.run(
        [sys.executable, str(script), "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout

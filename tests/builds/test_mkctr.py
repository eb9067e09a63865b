"""Tailscale's ``mkctr``: the repositories it builds, the base it pulls (``.builds._mkctr``)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references
from tagsense.sources.builds._mkctr import is_mkctr_run, mkctr_images
from tagsense.sources.builds.shell import ShellReader, may_build, may_pull

if TYPE_CHECKING:
    from pathlib import Path

DAY = datetime.date(2026, 11, 28)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (
            ["--base=tailscale/alpine-base:3.22", "--repos=acme/app,ghcr.io/acme/app", "--push"],
            (["acme/app", "ghcr.io/acme/app"], [], "tailscale/alpine-base:3.22"),
        ),
        (["-repos", "acme/app", "-base", "alpine:3.22"], (["acme/app"], [], "alpine:3.22")),
        (
            ["--annotations=org.opencontainers.image.source=https://github.com/acme/app,x=y"],
            ([], ["https://github.com/acme/app"], None),
        ),
        (["--tags=v1", "--repos="], ([], [], None)),
    ],
)
def test_the_images_of_its_words(
    words: list[str], expected: tuple[list[str], list[str], str | None]
) -> None:
    assert mkctr_images(words) == expected


def test_go_run_of_its_module_runs_it() -> None:
    assert is_mkctr_run(["run", "-mod=mod", "github.com/tailscale/mkctr", "--repos=a"]) == 3
    assert is_mkctr_run(["run", "-C", "tool", "github.com/tailscale/mkctr@v1"]) == 4
    assert is_mkctr_run(["run", "github.com/acme/mkctr-wrapper"]) is None


# tailscale/tailscale's build_docker.sh (cut down)
SCRIPT = """\
#!/usr/bin/env bash
DEFAULT_BASE="tailscale/alpine-base:3.22"
BASE="${BASE:-${DEFAULT_BASE}}"
ANNOTATIONS="org.opencontainers.image.source=https://github.com/Acme/Net/blob/main/build.sh"
case "$TARGET" in
  client)
    DEFAULT_REPOS="acme/net"
    REPOS="${REPOS:-${DEFAULT_REPOS}}"
    go run github.com/tailscale/mkctr \\
      --base="${BASE}" \\
      --repos="${REPOS}" \\
      --annotations="${ANNOTATIONS}" \\
      /usr/local/bin/containerboot
    ;;
  k8s-operator)
    DEFAULT_REPOS="acme/k8s-operator"
    REPOS="${REPOS:-${DEFAULT_REPOS}}"
    mkctr --base="${BASE}" --repos="${REPOS}" /usr/local/bin/operator
    ;;
esac
"""


def test_a_script_builds_its_repositories_and_pulls_the_base() -> None:
    reader = ShellReader(pulls=True)
    builds = reader.read(SCRIPT)
    assert [(build.line, build.engine, build.names) for build in builds] == [
        (9, "mkctr", ("acme/net", "ghcr.io/acme/net")),
        (18, "mkctr", ("acme/k8s-operator",)),
    ]
    assert [(pull.line, pull.image) for pull in reader.pulls or []] == [
        (9, "tailscale/alpine-base:3.22"),
        (18, "tailscale/alpine-base:3.22"),
    ]
    assert may_build(SCRIPT.encode()) and may_pull(SCRIPT.encode())


def test_the_images_it_builds_are_the_project_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "build_docker.sh").write_text(SCRIPT)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "proxy.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: proxy\nspec:\n  containers:\n"
        "    - name: net\n      image: ghcr.io/acme/net:latest\n"
        "    - name: operator\n      image: acme/k8s-operator:stable\n"
        "    - name: web\n      image: nginx:latest\n"
    )
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    assert {o.text: o.built is not None for o in scan if o.kind == "kubernetes"} == {
        "ghcr.io/acme/net:latest": True,
        "acme/k8s-operator:stable": True,
        "nginx:latest": False,
    }
    # (the base each build pulls is judged: a floating minor version)
    assert sorted(f.reference for f in check(scan, as_of=DAY)) == [
        "nginx:latest",
        "tailscale/alpine-base:3.22",
        "tailscale/alpine-base:3.22",
    ]

"""``alias NAME='COMMAND'``: a later command whose first word is NAME runs COMMAND's words
with its own after them (POSIX ``sh`` expands aliases in scripts; bash after ``shopt -s
expand_aliases``).

Survey 46c: openclarity/kubeclarity's four ``api/generate.sh`` (``#!/bin/sh``) say ``alias
goswagger="docker run … quay.io/goswagger/swagger:v0.27.0"``, then ``goswagger generate
server …``; cilium/tetragon's ``contrib/update-helm-chart.sh`` says ``alias yq="docker run …
$YQ_IMAGE"`` (both missed before).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tagsense import find_references
from tagsense.sources.builds.shell import ShellReader

if TYPE_CHECKING:
    from pathlib import Path


def pulls(text: str) -> list[tuple[int, str]]:
    reader = ShellReader(pulls=True)
    reader.read(text)
    assert reader.pulls is not None
    return [(pull.line, pull.image) for pull in reader.pulls]


def test_an_alias_runs_its_command_where_its_name_is_used() -> None:
    text = (
        "#!/bin/sh\n"
        'alias goswagger="docker run --rm -it --user $(id -u):$(id -g) -w $(pwd)'
        ' quay.io/goswagger/swagger:v0.27.0"\n'
        "goswagger generate server -f swagger.yaml -t ./server\n"
    )
    # (placed at the alias, where the image is written: one place for all its uses)
    assert pulls(text) == [(2, "quay.io/goswagger/swagger:v0.27.0")]
    assert pulls(f"{text}goswagger generate client\n") == [
        (2, "quay.io/goswagger/swagger:v0.27.0"),
        (2, "quay.io/goswagger/swagger:v0.27.0"),
    ]


def test_an_image_the_command_gives_is_at_the_command() -> None:
    text = "alias dr='docker run --rm'\ndr alpine:3.20 sh\nX=1 dr busybox:1.36\n"
    assert pulls(text) == [(2, "alpine:3.20"), (3, "busybox:1.36")]


def test_an_alias_s_variables_are_expanded_where_it_is_used() -> None:
    text = (
        "shopt -s expand_aliases\n"
        "alias k='docker run --rm $IMAGE'\n"
        "IMAGE=alpine:3.20\n"
        "k sh -c true\n"
    )
    assert pulls(text) == [(4, "alpine:3.20")]


def test_an_alias_of_an_alias_is_followed_once() -> None:
    text = "alias run='docker run --rm'\nalias run2='run alpine:3.20'\nrun2 sh\n"
    assert pulls(text) == [(2, "alpine:3.20")]
    assert pulls("alias docker='docker --log-level=warn'\ndocker run alpine:3.20\n") == [
        (2, "alpine:3.20")
    ]
    assert pulls("alias a=b\nalias b=a\na docker run alpine:3.20\n") == []  # (`a`: no program)


@pytest.mark.parametrize(
    "text",
    [
        # (unaliased: the name runs a program of its own)
        "alias g='docker run --rm a:1.0'\nunalias g\ng generate\n",
        # (never used)
        "alias g='docker run --rm a:1.0'\necho g\n",
        # (used before it is defined)
        "g generate\nalias g='docker run --rm a:1.0'\n",
        # (more than one command: not followed)
        "alias g='docker run --rm a:1.0 && echo done'\ng generate\n",
    ],
)
def test_no_alias_no_pull(text: str) -> None:
    assert pulls(text) == []


def test_a_script_s_alias_is_a_pull_of_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    script = tmp_path / "api" / "generate.sh"
    script.parent.mkdir()
    script.write_text(
        "#!/bin/sh\n"
        "set -euo pipefail\n"
        'alias goswagger="docker run --rm -v $HOME:$HOME quay.io/goswagger/swagger:v0.27.0"\n'
        "goswagger generate client -f swagger.yaml -t ./client\n"
    )
    found = find_references(".")
    assert [(o.path, o.line, o.text) for o in found] == [
        ("api/generate.sh", 3, "quay.io/goswagger/swagger:v0.27.0")
    ]

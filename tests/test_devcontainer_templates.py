"""Dev Container Templates: a template's files are read with its options' defaults in place
(sources._template_options).

From survey 26m (devcontainers/templates, MIT): each ``src/NAME/devcontainer-template.json``
declares ``options``, and its files say ``${templateOption:imageVariant}``, which
``devcontainer templates apply`` (and the collection's smoke tests) fill in. Before, its 12
Dockerfiles were source errors (BuildKit's "unsupported modifier (:i) in substitution") and
its 14 ``devcontainer.json`` images TS011.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from tagsense import find_references

if TYPE_CHECKING:
    from pathlib import Path

# devcontainers/templates src/python/devcontainer-template.json (trimmed)
TEMPLATE = {
    "id": "python",
    "version": "6.0.0",
    "options": {
        "imageVariant": {
            "type": "string",
            "proposals": ["3-trixie", "3.14-trixie", "3.13-bookworm"],
            "default": "3.14-trixie",
        },
        "installTools": {"type": "boolean", "default": True},
    },
}


def write_template(root: Path) -> Path:
    (root / ".devcontainer").mkdir(parents=True)
    (root / "devcontainer-template.json").write_text(json.dumps(TEMPLATE))
    return root / ".devcontainer"


def test_a_template_s_files_are_read_with_its_defaults(tmp_path: Path) -> None:
    place = write_template(tmp_path / "src" / "python")
    (place / "devcontainer.json").write_text(
        '{\n  "name": "Python 3",\n'
        '  "image": "mcr.microsoft.com/devcontainers/python:3-${templateOption:imageVariant}"\n}\n'
    )
    (place / "Dockerfile").write_text(
        "FROM mcr.microsoft.com/devcontainers/python:1-${templateOption:imageVariant}\n"
        "ARG TOOLS=${templateOption:installTools}\n"
    )
    scan = find_references(tmp_path)
    assert list(scan.errors) == []
    assert sorted((o.path.rpartition("/")[2], o.text) for o in scan if o.path) == [
        ("Dockerfile", "mcr.microsoft.com/devcontainers/python:1-3.14-trixie"),
        ("devcontainer.json", "mcr.microsoft.com/devcontainers/python:3-3.14-trixie"),
    ]


def test_an_option_the_template_does_not_declare_stays_as_written(tmp_path: Path) -> None:
    place = write_template(tmp_path)
    (place / "Dockerfile").write_text("FROM debian:${templateOption:nope}\n")
    scan = find_references(place / "Dockerfile")
    # BuildKit rejects it as written ("unsupported modifier (:n)"): a template, not a source.
    assert [(e.note, "${templateOption:" in e.message) for e in scan.errors] == [(True, True)]
    assert list(scan) == []


#: microsoft/vscode-dev-containers (MIT) containers/bash/.devcontainer/Dockerfile at 06b27a9:
#: the repository moved to Dev Container Templates before it was archived, and none of its
#: containers/ has a devcontainer-template.json that declares the options.
VSCODE_BASH = """\
ARG VARIANT=${templateOption:imageVariant}
FROM mcr.microsoft.com/devcontainers/base:${VARIANT}
WORKDIR /src
"""


def test_outside_a_template_a_file_that_takes_an_option_is_a_template(tmp_path: Path) -> None:
    # Before: BuildKit's "unsupported modifier (:i)" at line 1 and TS011 at line 2, for
    # each of 14 such Dockerfiles (17 errors and 14 TS011 in vscode-dev-containers).
    place = tmp_path / "containers" / "bash" / ".devcontainer"
    place.mkdir(parents=True)
    (place / "Dockerfile").write_text(VSCODE_BASH)
    (place / "devcontainer.json").write_text('{"build": {"dockerfile": "Dockerfile"}}\n')
    for scan in (find_references(tmp_path), find_references(place / "Dockerfile")):
        assert list(scan) == []
        assert [(e.note, e.line) for e in scan.errors] == [(True, None)]
        assert "Dev Container Template" in scan.errors[0].message


def test_an_option_only_where_no_image_depends_on_it_leaves_the_images_read(
    tmp_path: Path,
) -> None:
    # (vscode-dev-containers' azure-cli: its options are a stage's ARG defaults, which no
    # image reads: the image is the same whatever the template is applied with)
    (tmp_path / "Dockerfile").write_text(
        "FROM mcr.microsoft.com/devcontainers/base:bullseye\n"
        'ARG INSTALL_ZSH="${templateOption:installZsh}"\n'
    )
    scan = find_references(tmp_path / "Dockerfile")
    assert [o.text for o in scan] == ["mcr.microsoft.com/devcontainers/base:bullseye"]
    assert list(scan.errors) == []

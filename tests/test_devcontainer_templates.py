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
    assert [e.message for e in scan.errors] == [
        'failed to process "debian:${templateOption:nope}": unsupported modifier (:n) in '
        "substitution"
    ]


def test_outside_a_template_the_text_is_as_written(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM debian:${templateOption:imageVariant}\n")
    scan = find_references(tmp_path / "Dockerfile")
    assert [e.line for e in scan.errors] == [1]
    assert list(scan) == []

"""The scripts under GitLab's own directory, ``.gitlab/``, build what the pipeline runs
(issue 12, survey 29c).

GNOME/gdk-pixbuf keeps its CI image's ``fedora.Dockerfile`` and the ``run-docker.sh`` that
builds and pushes it in ``.gitlab/ci/``; its ``.gitlab-ci.yml`` runs that image
(``registry.gitlab.gnome.org/gnome/gdk-pixbuf/fedora:v4``), seven times judged as a pull
(TS004) since only the directories right below the root were looked at for build files.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from tagsense import check, find_references

if TYPE_CHECKING:
    from pathlib import Path

DAY = datetime.date(2026, 12, 5)
SCRIPT = """\
#!/bin/bash
set -e
cd "$(dirname "$0")"
TAG="example.org/acme/pixbuf/${1}:v4"
docker build --tag "${TAG}" --file "${1}.Dockerfile" .
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_a_script_in_dot_gitlab_builds_the_pipeline_s_image(tmp_path: Path) -> None:
    write(tmp_path / ".git" / "HEAD", "ref: refs/heads/main\n")
    write(tmp_path / ".gitlab" / "ci" / "run-docker.sh", SCRIPT)
    write(tmp_path / ".gitlab" / "ci" / "fedora.Dockerfile", "FROM fedora:43\n")
    ci = "test:\n  image: example.org/acme/pixbuf/fedora:v4\n  script: [make]\n"
    write(tmp_path / ".gitlab-ci.yml", ci)
    found = [o for o in find_references(str(tmp_path)) if o.kind == "ci"]
    assert [o.built is not None for o in found] == [True]
    assert [f.code for f in check(find_references(str(tmp_path)), as_of=DAY)] == []

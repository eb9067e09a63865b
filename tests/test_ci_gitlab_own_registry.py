"""An image in the project's own GitLab registry is one the project builds, not a pull
(issue 12, survey 29c).

GNOME/gjs's jobs run ``registry.gitlab.gnome.org/gnome/gjs:fedora.mozjs102-debug``, which its
own ``fedora.mozjs102-debug`` job builds with buildah as ``$CI_REGISTRY_IMAGE:$CI_JOB_NAME``
(14 false TS003 "names no version"); mesa's jobs run ``$CI_REGISTRY_IMAGE/debian/…:TAG``,
which freedesktop's ci-templates jobs build (14 false TS011). The registry is known from the
checkout's ``origin`` remote (``registry.HOST``, ``registry.DOMAIN`` of ``gitlab.DOMAIN``,
``HOST:5050``); another project's image on the same instance stays a pull.
"""

from __future__ import annotations

import datetime
import os
import shutil
from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references

if TYPE_CHECKING:
    from pathlib import Path

DAY = datetime.date(2026, 12, 5)
GJS = os.path.join(os.path.dirname(__file__), "data", "realworld", "gjs-1.74.2", ".gitlab-ci.yml")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def origin(project: Path, url: str) -> None:
    write(project / ".git" / "HEAD", "ref: refs/heads/main\n")
    write(project / ".git" / "config", f'[remote "origin"]\n\turl = {url}\n')


def findings(project: Path, within: str = "") -> list[tuple[str, str]]:
    found = check(find_references(str(project)), as_of=DAY)
    return [(f.code, f.reference or "") for f in found if within in (f.reference or "")]


@pytest.fixture
def gjs(tmp_path: Path) -> Path:
    shutil.copy(GJS, tmp_path / ".gitlab-ci.yml")
    return tmp_path


@pytest.mark.parametrize(
    "url",
    [
        "https://gitlab.gnome.org/GNOME/gjs.git",
        "git@gitlab.gnome.org:GNOME/gjs.git",
        "ssh://git@gitlab.gnome.org:2222/GNOME/gjs",
    ],
)
def test_an_image_of_the_project_s_registry_is_built(gjs: Path, url: str) -> None:
    origin(gjs, url)
    # (the alpine:latest its ci-templates build starts from stays: see test_ci_gitlab_fdo)
    assert findings(gjs, "gnome/gjs") == []
    built = [o for o in find_references(str(gjs)) if "gnome/gjs:" in o.text]
    assert len(built) == 15
    assert all(o.built is not None and o.built.tool == "gitlab-registry" for o in built)


@pytest.mark.parametrize(
    "url", [None, "https://gitlab.gnome.org/GNOME/mutter.git", "https://github.com/GNOME/gjs"]
)
def test_another_project_s_registry_is_a_pull(gjs: Path, url: str | None) -> None:
    if url is not None:
        origin(gjs, url)
    assert {code for code, _ in findings(gjs, "gnome/gjs")} == {"TS003"}
    assert len(findings(gjs, "gnome/gjs")) == 14


def test_a_gitlab_domain_s_registry(tmp_path: Path) -> None:
    # (freedesktop's GitLab at gitlab.freedesktop.org serves registry.freedesktop.org)
    origin(tmp_path, "https://gitlab.freedesktop.org/mesa/mesa.git")
    ci = (
        "build:\n  image: registry.freedesktop.org/mesa/mesa/debian/x86_build:latest\n"
        "  script: [make]\n"
        "other:\n  image: registry.freedesktop.org/mesa/piglit:latest\n  script: [make]\n"
    )
    write(tmp_path / ".gitlab-ci.yml", ci)
    assert findings(tmp_path) == [("TS001", "registry.freedesktop.org/mesa/piglit:latest")]


@pytest.mark.parametrize("written", ["$CI_REGISTRY_IMAGE", "${CI_REGISTRY_IMAGE}"])
def test_the_registry_variable_is_the_project_s_own(tmp_path: Path, written: str) -> None:
    # (mesa's .gitlab-ci/container/gitlab-ci.yml, whatever the origin)
    ci = (
        "variables:\n  MESA_IMAGE_TAG: 2022-11-15-ci-fairy\n"
        ".set-image:\n"
        f'  image: "{written}/debian/x86_build:$MESA_IMAGE_TAG"\n'
        "build:\n  extends: .set-image\n  script: [make]\n"
        "unknown:\n  image: $OTHER_REGISTRY/debian/x86_build:1\n  script: [make]\n"
    )
    write(tmp_path / ".gitlab-ci.yml", ci)
    assert [code for code, _ in findings(tmp_path)] == ["TS011"]
    ours = [o for o in find_references(str(tmp_path)) if "x86_build:2022" in o.text]
    assert ours
    assert all(o.built is not None for o in ours)


def test_an_included_file_s_duplicate_key_is_a_note(tmp_path: Path) -> None:
    # (mesa's src/broadcom/ci/gitlab-ci.yml writes `.v3d-rpi4-test:armhf` twice; GitLab's
    # Psych takes the last one without a word)
    write(tmp_path / ".gitlab-ci.yml", "include:\n  - local: ci/jobs.yml\n")
    job = "  image: alpine:3.20.3\n  script: [make]\n"
    write(tmp_path / "ci" / "jobs.yml", f"test:\n{job}test:\n{job}")
    scans = find_references(str(tmp_path))
    errors = [e for e in scans.errors if "duplicate key" in e.message]
    assert errors
    assert all(e.note for e in errors)


def test_a_build_of_the_project_s_files_is_the_site_named(tmp_path: Path) -> None:
    # (GNOME/gtk's .gitlab-ci/run-docker.sh builds the registry's fedora:vN: that build is where)
    origin(tmp_path, "https://gitlab.com/acme/app.git")
    script = (
        'cd "$(dirname "$0")"\n'
        'docker build -t "registry.gitlab.com/acme/app/$1:v4" -f "$1.Dockerfile" .\n'
    )
    write(tmp_path / ".gitlab-ci" / "run-docker.sh", script)
    write(tmp_path / ".gitlab-ci" / "fedora.Dockerfile", "FROM fedora:43\n")
    write(tmp_path / ".gitlab-ci.yml", "t:\n  image: registry.gitlab.com/acme/app/fedora:v4\n")
    found = [o for o in find_references(str(tmp_path)) if o.kind == "ci"]
    assert [o.built.tool if o.built else None for o in found] == ["shell"]


# f-droid/fdroidserver's .gitlab-ci.yml (AGPL-3.0), trimmed: the `docker` job pushes
# `$CI_REGISTRY_IMAGE:buildserver` from the project itself only, which other jobs run
FDROIDSERVER = """\
buildserver run-tests:
  image: registry.gitlab.com/fdroid/fdroidserver:buildserver
  script: [apt-get update]
ubuntu_lts_ppa:
  image: registry.gitlab.com/fdroid/other:buildserver
  script: [apt-get update]
docker:
  rules:
    - if: $CI_COMMIT_BRANCH == "master" && $CI_PROJECT_PATH == "fdroid/fdroidserver"
  image: docker:27.3.1-dind
  variables:
    RELEASE_IMAGE: $CI_REGISTRY_IMAGE:buildserver
  script:
    - docker build -t $RELEASE_IMAGE buildserver
"""


def test_a_mirror_s_pipeline_says_which_project_it_is(tmp_path: Path) -> None:
    # (a checkout of the GitHub mirror: the rule names the GitLab project)
    origin(tmp_path, "https://github.com/f-droid/fdroidserver.git")
    write(tmp_path / ".gitlab-ci.yml", FDROIDSERVER)
    assert findings(tmp_path) == [("TS003", "registry.gitlab.com/fdroid/other:buildserver")]
    write(tmp_path / ".gitlab-ci.yml", FDROIDSERVER.replace("$CI_PROJECT_PATH", "$CI_PATH"))
    assert len(findings(tmp_path, "fdroid/")) == 2

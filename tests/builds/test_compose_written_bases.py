"""A ``FROM`` made of a build argument a compose service passes from an unset variable is the
image another service of the same file builds under a name written the same way (survey 34,
open5gs/open5gs: 2 false TS011).

open5gs' ``docker/docker-compose.yml`` builds its ``base`` service as ``${USER}/${DIST-
ubuntu}-${TAG-latest}-open5gs-base`` and passes ``username: ${USER}`` (with ``dist`` and
``tag``) to ``docker/build/Dockerfile``, which starts ``FROM ${username}/${dist}-${tag}-
open5gs-base``: whatever ``USER`` is, the same text names the same image.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references
from tagsense.sources import BuildSite
from tagsense.sources.compose import read_compose
from tagsense.sources.context import forget

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

DAY = datetime.date(2026, 12, 6)

#: open5gs' shape: `base` builds the image `build` starts from, both named with `${USER}`.
COMPOSE = (
    "services:\n"
    "  base:\n"
    "    build:\n"
    "      context: ./base\n"  # (line 4: the base build's site)
    "      args: {dist: '${DIST-ubuntu}'}\n"
    "    image: ${USER}/${DIST-ubuntu}-open5gs-base\n"
    "  build:\n"
    "    build:\n"
    "      context: ./build\n"
    "      args:\n"
    "        dist: ${DIST-ubuntu}\n"
    "        username: ${USER}\n"
    "    image: ${USER}/${DIST-ubuntu}-open5gs-build\n"
    "    depends_on: [base]\n"
)
FROM_BASE = "ARG dist=ubuntu\nARG username=acetcom\nFROM ${username}/${dist}-open5gs-base\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("USER", raising=False)
    forget()
    yield tmp_path
    forget()


def write(project: Path, compose: str = COMPOSE, dockerfile: str = FROM_BASE) -> None:
    (project / "docker-compose.yml").write_text(compose)
    for directory in ("base", "build"):
        (project / directory).mkdir(exist_ok=True)
    (project / "base" / "Dockerfile").write_text("FROM ubuntu:24.04\n")
    (project / "build" / "Dockerfile").write_text(dockerfile)


def base_from() -> tuple[object, list[str]]:
    scan = find_references(".")
    (found,) = [o for o in scan if o.path == "build/Dockerfile"]
    return found.built, [f.code for f in check(scan, as_of=DAY) if f.path == "build/Dockerfile"]


def test_the_from_is_the_image_the_base_service_builds(project: Path) -> None:
    write(project)
    assert base_from() == (BuildSite("compose", "docker-compose.yml", 4), [])


def test_the_services_in_either_order(project: Path) -> None:
    # (compose builds `base` first, as `depends_on` says; written after, it is still built)
    services = COMPOSE.removeprefix("services:\n")
    at = services.index("  build:\n    build:")
    write(project, "services:\n" + services[at:] + services[:at])
    built, codes = base_from()
    assert isinstance(built, BuildSite) and built.path == "docker-compose.yml"
    assert codes == []


@pytest.mark.parametrize(
    "argument",
    [
        "username: ${OWNER}",  # (another variable: another image, maybe)
        "username: ${USER}-x",  # (another text)
    ],
)
def test_another_text_stays_unresolved(project: Path, argument: str) -> None:
    write(project, COMPOSE.replace("username: ${USER}", argument))
    assert base_from() == (None, ["TS011"])


def test_a_build_s_own_image_is_no_input(project: Path) -> None:
    # (`build` starts from its own image's name: no other service builds it)
    dockerfile = FROM_BASE.replace("-open5gs-base", "-open5gs-build")
    write(project, COMPOSE, dockerfile)
    assert base_from() == (None, ["TS011"])


def test_the_builds_keep_the_unset_variables_as_written(project: Path) -> None:
    write(project)
    found = read_compose(COMPOSE, path="docker-compose.yml")
    assert [image.name for image in found.written] == [
        "${USER}/ubuntu-open5gs-base",
        "${USER}/ubuntu-open5gs-build",
    ]
    assert [dict(build.written) for build in found.builds] == [{}, {"username": "${USER}"}]

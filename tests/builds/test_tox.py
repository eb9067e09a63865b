"""tox-docker: the containers a ``tox.ini``'s environments start (sources.builds.tox).

tox-dev/tox-docker's own ``tox.ini`` (survey 21e): its ``integration`` environment starts
``ksdn117/tcp-udp-test`` twice and ``docker.io/toxdocker/healthcheck:latest``, builds
``docker-images/healthcheck/Dockerfile``, and ``healthcheck-failing`` (run by ``ci.sh``)
starts ``toxdocker/healthcheck``: none was found, tox.ini was not read.
"""

from __future__ import annotations

import string
from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense import find_references
from tagsense.sources.builds import build_tool
from tagsense.sources.builds.tox import read_tox, scan_tox

if TYPE_CHECKING:
    from pathlib import Path

TOX_INI = """\
[tox]
envlist = integration, mypy

[testenv:integration]
docker =
    networking-one
    healthcheck-builtin
    py312: cache  # (a factor's)
deps = pytest
commands = py.test {posargs}

[testenv:other]
docker = networking-one, registry

[docker:networking-one]
image = ksdn117/tcp-udp-test
expose =
    ONE_1234_TCP_PORT=1234/tcp

[docker:healthcheck-builtin]
dockerfile = {toxinidir}/docker-images/healthcheck/Dockerfile
dockerfile_target = runtime

[docker:cache]
image: redis:7.2.4-alpine  # tagsense: ignore[TS004]

[docker:registry]
image = {env:REGISTRY_IMAGE:registry:2.8.3}

[docker:unused]
image = postgres:latest

[docker:templated]
image = {[base]image}
"""


def test_the_containers_the_environments_list_with_their_places() -> None:
    found = scan_tox(TOX_INI, path="tox.ini")
    assert found.scan.errors == ()
    got = [(o.text, o.line, o.column, dict(o.context)) for o in found.scan]
    assert got == [
        (
            "ksdn117/tcp-udp-test",
            16,
            9,
            {"container": "networking-one", "environments": ("integration", "other")},
        ),
        ("redis:7.2.4-alpine", 25, 8, {"container": "cache", "environments": ("integration",)}),
        ("registry:2.8.3", 28, 9, {"container": "registry", "environments": ("other",)}),
    ]
    assert [o.kind for o in found.scan] == ["tox", "tox", "tox"]
    assert [s.line for s in found.scan.suppressions] == [25]
    (build,) = found.builds
    assert (build.name, build.dockerfile, build.context, build.target) == (
        "healthcheck-builtin",
        "docker-images/healthcheck/Dockerfile",
        "docker-images/healthcheck",
        "runtime",
    )
    assert (build.site.tool, build.site.line) == ("tox", 21)


def test_a_tox_ini_is_tox_s_and_one_without_containers_gives_nothing(tmp_path: Path) -> None:
    assert build_tool("tox.ini") == "tox"
    path = tmp_path / "tox.ini"
    path.write_text("[tox]\nenvlist = py312\n[testenv]\ncommands = pytest\n")
    assert read_tox(str(path)).scan.occurrences == ()
    (error,) = read_tox(str(tmp_path)).scan.errors
    assert error.message == "cannot read: a directory"


def test_a_container_no_environment_lists_starts_nothing() -> None:
    text = "[testenv]\ncommands = pytest\n[docker:db]\nimage = postgres:16.4\n"
    assert scan_tox(text).scan.occurrences == ()


def test_the_project_reads_tox_ini_and_the_dockerfile_it_builds(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "tox.ini").write_text(TOX_INI)
    dockerfile = tmp_path / "docker-images" / "healthcheck" / "Dockerfile"
    dockerfile.parent.mkdir(parents=True)
    dockerfile.write_text("FROM python:3.12-alpine AS runtime\nFROM scratch\n")
    found = {(o.path.rpartition("/")[2], o.text) for o in find_references(str(tmp_path))}
    assert found == {
        ("tox.ini", "ksdn117/tcp-udp-test"),
        ("tox.ini", "redis:7.2.4-alpine"),
        ("tox.ini", "registry:2.8.3"),
        ("Dockerfile", "python:3.12-alpine"),
    }


_NAMES = st.text(string.ascii_lowercase + string.digits + "_-", min_size=1, max_size=20)
_IMAGES = st.text(string.ascii_lowercase + string.digits + "/:._-@", min_size=1, max_size=40)


@given(st.dictionaries(_NAMES, _IMAGES, min_size=1, max_size=6))
def test_each_listed_container_s_image_is_found_on_its_own_line(images: dict[str, str]) -> None:
    listed = "".join(f"    {name}\n" for name in images)
    text = "[testenv]\ndocker =\n" + listed
    first = text.count("\n") + 1
    text += "".join(f"[docker:{name}]\nimage = {image}\n" for name, image in images.items())
    found = scan_tox(text, path="tox.ini")
    got = sorted((o.context["container"], o.text, o.line, o.column) for o in found.scan)
    expected = [(n, i, first + 2 * k + 1, 9) for k, (n, i) in enumerate(images.items())]
    assert got == sorted(expected)


@given(st.text(max_size=300))
def test_any_text_gives_a_result_never_an_exception(text: str) -> None:
    for prefix in ("", "[testenv]\ndocker = a, b\n[docker:a]\n"):
        found = scan_tox(prefix + text, path="tox.ini")
        assert all(o.kind == "tox" for o in found.scan)

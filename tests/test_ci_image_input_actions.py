"""Actions that run an image a step gives them as an input, under a name of their own
(survey 34, sipwise/rtpengine: 2 missed pulls).

rtpengine's ``debian-package-build.yml`` builds its packages with ``jtdor/build-deb-action``
and ``docker-image: debian:${{ matrix.dist }}``: the action ``docker run``\\ s that image, or
builds the Dockerfile the input names when it is a file of the checkout. PyO3's
``maturin-action`` pulls the manylinux ``container`` a step gives its ``build`` or ``publish``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense.sources.ci import scan_ci

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

DEB = (
    "on: push\njobs:\n  deb:\n    runs-on: ubuntu-latest\n"
    "    strategy: {matrix: {dist: [trixie, sid]}}\n    steps:\n"
    "      - uses: jtdor/build-deb-action@v1\n"
    "        with:\n          docker-image: debian:${{ matrix.dist }}\n"  # (line 9)
)


def images(text: str, path: str = ".github/workflows/ci.yml") -> list[tuple[int, str]]:
    return sorted((o.line, o.text) for o in scan_ci(text, path=path, system="github-workflow"))


def test_build_deb_action_runs_its_docker_image() -> None:
    assert images(DEB) == [(9, "debian:sid"), (9, "debian:trixie")]


def test_build_deb_action_builds_a_dockerfile_of_the_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "debian").mkdir()
    (tmp_path / "debian" / "Dockerfile").write_text("FROM debian:trixie\n")
    text = DEB.replace("debian:${{ matrix.dist }}", "debian/Dockerfile")
    assert images(text) == []
    # (a path that is no file of the checkout is read as the image it names)
    assert images(text.replace("debian/Dockerfile", "debian/other")) == [(9, "debian/other")]


def test_maturin_action_pulls_the_container_it_is_given() -> None:
    text = (
        "on: push\njobs:\n  wheels:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: PyO3/maturin-action@v1\n"
        "        with: {target: x86_64, container: 'quay.io/pypa/manylinux_2_28_x86_64:2025.01'}\n"
        "      - uses: PyO3/maturin-action@v1\n"
        "        with: {target: aarch64, manylinux: auto, container: 'off'}\n"  # (its words)
        "      - uses: PyO3/maturin-action@v1\n"
        "        with: {target: x86_64, container: '2_28'}\n"
        "      - uses: messense/maturin-action@v1\n"
        "        with: {command: publish, container: 'ghcr.io/acme/manylinux:1'}\n"
        "      - uses: PyO3/maturin-action@v1\n"  # (sdist runs no container)
        "        with: {command: sdist, container: 'ghcr.io/acme/manylinux:2'}\n"
    )
    assert images(text) == [
        (7, "quay.io/pypa/manylinux_2_28_x86_64:2025.01"),
        (13, "ghcr.io/acme/manylinux:1"),
    ]


SERVICES = """\
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        redis: [7-alpine]
        include: [{redis: 6-alpine}]
    steps:
      - uses: supercharge/redis-github-action@1.8.1
        with:
          redis-version: ${{ matrix.redis }}
      - uses: supercharge/redis-github-action@1.4.0
      - uses: supercharge/redis-github-action@1.8.1
        with: {redis-image: valkey/valkey, redis-version: '8.1'}
      - uses: supercharge/redis-github-action@1.8.1
        with: {redis-version: ''}
      - uses: supercharge/mongodb-github-action@1.12.1
        with:
          mongodb-version: 5.0
      - uses: supercharge/mongodb-github-action@1.12.1
        with: {mongodb-image: public.ecr.aws/docker/library/mongo, mongodb-version: ''}
      - uses: Harmon758/postgresql-action@v1
        with:
          postgresql version: '16.4'
      - uses: mirromutth/mysql-action@v1.1
"""


def test_service_actions_run_their_image_at_the_version_given() -> None:
    # taskforcesh/bullmq (`redis-version: ${{ matrix.redis-version }}`: 7-alpine and an
    # included 6-alpine), redis/ioredis (`redis-version: latest`) and mongodb/motor
    # (`mongodb-version: 5.0`): the actions' scripts `docker run IMAGE:VERSION`, each an
    # input or its default (redis, mongo; latest); 4 missed pulls (survey s48f). An empty
    # redis-version falls back to latest, an empty mongodb-version stops the action.
    assert images(SERVICES) == [
        (12, "redis:6-alpine"),
        (12, "redis:7-alpine"),
        (13, "redis:latest"),
        (15, "valkey/valkey:8.1"),
        (17, "redis:latest"),
        (20, "mongo:5.0"),
        (25, "postgres:16.4"),
        (26, "mysql:latest"),
    ]

"""``docker load`` (``podman load``, ``docker image load``): the images an archive restores are
the project's copies, not pulls, for the runs after it (see
``tagsense.sources.builds._image_load``); and a name a ``docker exec``'d script builds is
built for the run a later one makes."""

from __future__ import annotations

import io
import json
import tarfile
from typing import TYPE_CHECKING

import pytest

from tagsense.sources import scan_paths
from tagsense.sources.builds._image_load import load_input, stem_words

if TYPE_CHECKING:
    from pathlib import Path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def built(paths: list[str]) -> dict[tuple[int, str], int | None]:
    return {
        (o.line, o.text): (o.built.line if o.built is not None else None) for o in scan_paths(paths)
    }


_HELPER = (
    'function __docker() {\n  command docker "$@"\n}\nfunction docker() {\n  run __docker "$@"\n}\n'
)


def test_a_load_in_one_exec_gives_the_run_of_a_later_one_its_image(project: Path) -> None:
    # nestybox/sysbox's tests/apps/l2/*.bats: the system container's docker loads the
    # tarball its image carries, then runs the image it names; another tag is a pull
    write(project / "tests" / "helpers" / "docker.bash", _HELPER)
    write(
        project / "tests" / "a.bats",
        "load helpers/docker\n"
        '@test "x" {\n'
        '  docker exec "$sc" sh -c "docker load -i /root/img/redis_5.0.5_alpine.tar"\n'
        '  docker exec "$sc" sh -c "docker run -d --name r redis:5.0.5-alpine"\n'
        '  docker exec "$sc" sh -c "docker load -i /root/img/mysql_server_8.0.tar"\n'
        '  docker exec "$sc" sh -c "docker run -d mysql/mysql-server:8.0"\n'
        '  docker exec "$sc" sh -c "docker run -d redis:6-alpine"\n'
        "}\n"
        '@test "y" {\n'
        '  docker exec "$sc" sh -c "docker run -d redis:5.0.5-alpine"\n'
        "}\n",
    )
    found = built(["tests/a.bats"])
    assert found[(4, "redis:5.0.5-alpine")] == 3  # (built where it is loaded)
    assert found[(6, "mysql/mysql-server:8.0")] == 5
    assert found[(7, "redis:6-alpine")] is None
    assert found[(10, "redis:5.0.5-alpine")] is None  # (another test: a container of its own)


def test_a_build_in_one_exec_gives_the_run_of_a_later_one_its_image(project: Path) -> None:
    # nestybox/sysbox's tests/multi-arch/build.bats: `sh -c 'cd /root/test && docker buildx
    # build --platform linux/arm64 -t alpine-arm-test:arm64 .'`, then `sh -c 'docker run …
    # alpine-arm-test:arm64 uname -m'`, both through the suite's `docker` function
    write(project / "tests" / "helpers" / "docker.bash", _HELPER)
    write(
        project / "tests" / "b.bats",
        "load helpers/docker\n"
        '@test "x" {\n'
        "  docker exec \"$sc\" sh -c 'cd /root/t && docker buildx build -t arm-test:arm64 .'\n"
        "  docker exec \"$sc\" sh -c 'docker run --rm arm-test:arm64 uname -m'\n"
        "  docker exec \"$sc\" sh -c 'docker run --rm alpine:3.20 uname -m'\n"
        "}\n",
    )
    found = built(["tests/b.bats"])
    assert found[(4, "arm-test:arm64")] == 3
    assert found[(5, "alpine:3.20")] is None


def test_a_load_from_standard_input_names_by_its_file(project: Path) -> None:
    write(
        project / "ci" / "run.sh",
        "#!/bin/sh\n"
        "docker load < /cache/nginx_mainline_alpine.tar.gz\n"
        "docker run -d nginx:mainline-alpine\n"
        "docker run -d nginx:stable-alpine\n"
        "gunzip -c /cache/prometheus.tgz | podman load\n"
        "podman run -d prom/prometheus\n"
        "docker pull nginx:mainline-alpine\n",
    )
    found = built(["ci/run.sh"])
    assert found[(3, "nginx:mainline-alpine")] == 2
    assert found[(7, "nginx:mainline-alpine")] is None  # (a pull asks the registry)
    assert found[(4, "nginx:stable-alpine")] is None
    assert found[(6, "prom/prometheus")] == 5


def _save(path: Path, tags: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps([{"Config": "c.json", "RepoTags": tags, "Layers": []}]).encode()
    with tarfile.open(path, "w") as archive:
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))


def test_an_archive_of_the_project_loads_the_tags_it_names(project: Path) -> None:
    # `docker load` "restores both images and tags": the archive's manifest.json names them,
    # whatever the file is called
    _save(project / "images" / "bundle.tar", ["redis:7.2-alpine"])
    write(
        project / "run.sh",
        "#!/bin/sh\n"
        "docker image load --input images/bundle.tar\n"
        "docker run redis:7.2-alpine\n"
        "docker run redis:7.4-alpine\n",
    )
    found = built(["run.sh"])
    assert found[(3, "redis:7.2-alpine")] == 2
    assert found[(4, "redis:7.4-alpine")] is None


def test_an_archive_named_otherwise_loads_nothing_known(project: Path) -> None:
    write(
        project / "run.sh",
        "#!/bin/sh\n"
        "docker load -i /tmp/images.tar\n"
        "docker run redis:7\n"
        "docker load -i /tmp/redis_7_extra.tar\n"
        "docker run redis:7\n",
    )
    assert built(["run.sh"]) == {(3, "redis:7"): None, (5, "redis:7"): None}


@pytest.mark.parametrize(
    ("arguments", "stdin", "piped", "expected"),
    [
        (["load", "-i", "a.tar"], None, None, "a.tar"),
        (["--host", "h", "image", "load", "--input=b.tar"], None, None, "b.tar"),
        (["load", "-q"], "c.tar", None, "c.tar"),
        (["load"], None, ["zcat", "d.tar.gz"], "d.tar.gz"),
        (["load"], None, ["gunzip", "e.tgz"], None),  # (not to standard output)
        (["save", "-o", "a.tar", "x"], None, None, None),
        (["run", "-i", "a.tar"], None, None, None),
    ],
)
def test_load_input(
    arguments: list[str], stdin: str | None, piped: list[str] | None, expected: str | None
) -> None:
    assert load_input(arguments, stdin, piped) == expected


def test_stem_words() -> None:
    assert stem_words("/r/img/nginx_mainline_alpine.tar") == ("nginx", "mainline", "alpine")
    assert stem_words("mysql-server:8.0.tar.xz") == ("mysql", "server", "8.0")


def test_a_load_and_run_in_one_shell_script_of_a_command(project: Path) -> None:
    # `sh -c '…'`: the same engine, the same store; the load placed at the command
    write(
        project / "run.sh",
        "#!/bin/sh\n"
        "sh -c 'docker load -i /img/postgres_alpine.tar && docker run -d postgres:alpine'\n"
        "docker run -d postgres:16-alpine\n",
    )
    assert built(["run.sh"]) == {(2, "postgres:alpine"): 2, (3, "postgres:16-alpine"): None}


def test_a_load_in_a_step_gives_the_run_after_it(project: Path) -> None:
    # a CI step's script: the run after the load, not another job's (a runner of its own)
    write(
        project / ".github" / "workflows" / "ci.yml",
        "on: push\n"
        "jobs:\n"
        "  a:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: |\n"
        "          docker load -i /tmp/redis_7.2_alpine.tar\n"
        "          docker run -d redis:7.2-alpine\n"
        "  b:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: docker run -d redis:7.2-alpine\n",
    )
    found = built([".github/workflows/ci.yml"])
    assert found == {(8, "redis:7.2-alpine"): 7, (12, "redis:7.2-alpine"): None}

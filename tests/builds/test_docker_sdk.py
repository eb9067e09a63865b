"""The Docker SDKs for Python: the images docker-py, python-on-whales, podman-py and aiodocker
pull or run (sources.builds.docker_sdk)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense.sources import scan_paths
from tagsense.sources.builds.python import scan_python_source
from tagsense.sources.discover import discover

if TYPE_CHECKING:
    from pathlib import Path

# docker/docker-py's tests/integration/models_images_test.py and models_containers_test.py,
# cut down (survey 20c).
DOCKER_PY = """\
import docker
import pytest

TEST_IMG = 'alpine:3.10'


class ImageCollectionTest(BaseIntegrationTest):
    def test_pull_with_tag(self):
        client = docker.from_env(version=TEST_API_VERSION)
        image = client.images.pull('alpine', tag='3.10')
        every = client.images.pull('hello-world', all_tags=True)
        client.containers.run(TEST_IMG, "sleep 300", detach=True)
        client.containers.create(image="busybox:1.37", command="true")
        self.client.pull('hello-world', tag='linux')
        client.pull('redis:7.4')

    def test_run_with_image_that_does_not_exist(self):
        client = docker.from_env(version=TEST_API_VERSION)
        with pytest.raises(docker.errors.ImageNotFound):
            client.containers.run("dockerpytest_does_not_exist")
"""

# gabrieldemarmiesse/python-on-whales's tests/conftest.py and test_image.py, cut down.
WHALES = """\
from python_on_whales import DockerClient, docker


def _docker_registry(docker_client: DockerClient) -> str:
    docker_client.run("mhenry07/apache2-utils", ["htpasswd"], remove=True)
    docker_client.container.create("registry:2", remove=True)


def test_image_remove(ctr_client):
    ctr_client.image.pull("busybox:1", quiet=True)
    docker.pull("busybox:1.32")
    docker.volume.create("test-volume")
    docker.config.create("my_conf", "file")
    docker.pull(["busybox:1", "alpine:3.20"])
"""


def images(text: str, path: str = "tests/integration/test_x.py") -> list[tuple[int, str, str]]:
    found = scan_python_source(text, path=path)
    return [(o.line, o.text, dict(o.context)["call"]) for o in found]


def test_docker_py_pulls_the_images_it_runs_and_pulls() -> None:
    found = scan_python_source(DOCKER_PY, path="tests/integration/models_images_test.py")
    assert [(o.line, o.column, o.raw, o.text) for o in found] == [
        (4, 13, "alpine:3.10", "alpine:3.10"),
        (10, 37, "alpine", "alpine:3.10"),
        (13, 41, "busybox:1.37", "busybox:1.37"),
        (14, 27, "hello-world", "hello-world:linux"),
    ]
    first = found.occurrences[1]
    assert first.kind == "docker-sdk"
    assert dict(first.context) == {"tool": "docker-py", "call": "images.pull"}


def test_python_on_whales_pulls_what_its_client_runs_and_pulls() -> None:
    assert images(WHALES) == [
        (5, "mhenry07/apache2-utils", "run"),
        (6, "registry:2", "container.create"),
        (10, "busybox:1", "image.pull"),
        (11, "busybox:1.32", "pull"),
        (14, "busybox:1", "pull"),
        (14, "alpine:3.20", "pull"),
    ]
    # (a library's call is read only where the library is imported)
    assert images(WHALES.replace("python_on_whales", "other")) == []


def test_unit_tests_fakes_and_other_calls_are_not_read() -> None:
    # docker-py's tests/unit/models_images_test.py: a fake client's calls.
    text = """\
import docker

def test_pull(self):
    client = make_fake_client()
    client.images.pull('test_image:test')
    fake_client.containers.run('alpine:3.20')
    mock_docker.containers.run('alpine:3.21')
    client.containers.run(f"alpine:{VERSION}")
    client.containers.list("alpine:3.20")
    subprocess.run("alpine:3.20")
"""
    assert images(text, path="tests/unit/models_images_test.py") == []
    assert images(text) == [(5, "test_image:test", "images.pull")]


# containers/podman-py's podman/tests/integration/test_containers.py (5.8.0, Apache-2.0), cut
# down: podman-py's API is docker-py's (11 pulls missed, survey 29b).
PODMAN_PY = """\
import podman.tests.integration.base as base
from podman import PodmanClient


class ContainersIntegrationTest(base.IntegrationTest):
    def setUp(self):
        self.client = PodmanClient(base_url=self.socket_uri)
        self.alpine_image = self.client.images.pull("quay.io/libpod/alpine", tag="latest")
        busybox = self.client.images.pull("quay.io/libpod/busybox", tag="latest")
        self.client.containers.run("quay.io/libpod/alpine:3.20", ["echo", "hi"])
"""

# aio-libs/aiodocker's examples/events.py and tests/test_services.py (0.27.0, Apache-2.0), cut
# down: its pulls and the Engine API configurations it sends (survey 29b).
AIODOCKER = """\
import aiodocker

TaskTemplate = {"ContainerSpec": {"Image": "python:3.6.1"}}


async def demo(docker: aiodocker.Docker) -> None:
    await docker.pull("alpine:latest")
    await docker.images.pull(from_image="redis", tag="7.4")
    config = {"Cmd": ["/bin/ash"], "Image": "alpine:3.21", "AttachStdin": False}
    container = await docker.containers.create_or_replace(config=config, name="testing")
    other.pull("not/pulled:1")
"""


def test_podman_py_and_aiodocker_pull_as_docker_py_does() -> None:
    assert images(PODMAN_PY, path="podman/tests/integration/test_containers.py") == [
        (8, "quay.io/libpod/alpine:latest", "images.pull"),
        (9, "quay.io/libpod/busybox:latest", "images.pull"),
        (10, "quay.io/libpod/alpine:3.20", "containers.run"),
    ]
    assert dict(scan_python_source(PODMAN_PY).occurrences[0].context)["tool"] == "podman-py"
    assert images(PODMAN_PY, path="podman/tests/unit/test_containers.py") == []
    assert images(AIODOCKER) == [
        (3, "python:3.6.1", "Image"),
        (7, "alpine:latest", "pull"),
        (8, "redis:7.4", "images.pull"),
        (9, "alpine:3.21", "Image"),
    ]
    # (a library's calls are read only where the library is imported)
    assert images(AIODOCKER.replace("import aiodocker", "import other")) == []
    elsewhere = PODMAN_PY.replace("from podman import", "from other import")
    assert images(elsewhere.replace("import podman.", "import other.")) == []


def test_sources_that_drive_docker_from_python_are_discovered(tmp_path: Path) -> None:
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "test_images.py").write_text(DOCKER_PY)
    (tests / "test_whales.py").write_text(WHALES)
    (tests / "test_plain.py").write_text("client.containers.run('alpine:3.20')\n")
    (tests / "test_podman.py").write_text(PODMAN_PY)
    (tests / "test_aiodocker.py").write_text(AIODOCKER)
    assert sorted(path for path, _ in discover([str(tmp_path)])) == [
        str(tests / "test_aiodocker.py"),
        str(tests / "test_images.py"),
        str(tests / "test_podman.py"),
        str(tests / "test_whales.py"),
    ]
    assert len(list(scan_paths([str(tmp_path)]))) == 17


@given(st.text(max_size=200))
def test_any_text_is_read_without_raising(text: str) -> None:
    for prefix in ("import docker\n", "from python_on_whales import docker\n"):
        for found in scan_python_source(prefix + text, path="t.py"):
            assert found.kind == "docker-sdk"


# supabase/postgres's testinfra/test_all_in_one.py (Apache-2.0), cut down: the test builds the
# image with the Docker CLI (BuildKit's platform arguments), then runs it with docker-py
# (survey 31e: a false TS003 for `supabase/all-in-one:testinfra`).
BUILDS_THEN_RUNS = """\
import subprocess
from os import path

import docker

all_in_one_image_tag = "supabase/all-in-one:testinfra"


def host():
    subprocess.check_call(
        [
            "docker",
            "buildx",
            "build",
            "--file",
            path.join(path.dirname(__file__), "../docker/all-in-one/Dockerfile"),
            "--load",
            "--tag",
            all_in_one_image_tag,
            path.join(path.dirname(__file__), ".."),
        ]
    )
    docker_client = docker.from_env()
    container = docker_client.containers.run(all_in_one_image_tag, detach=True)
    other = docker_client.containers.run("postgres:17.6", detach=True)
    client.images.build(path=".", tag="acme/app:dev")
    client.containers.run("acme/app:dev")
    subprocess.run(["docker", "run", "-t", "redis:7.4"])
"""


def test_an_image_the_module_builds_is_not_pulled() -> None:
    found = [o.text for o in scan_python_source(BUILDS_THEN_RUNS, path="testinfra/test_aio.py")]
    # (`docker run -t redis:7.4` is a pull: its -t is a terminal, no tag of a build)
    assert found == ["postgres:17.6", "redis:7.4"]


def test_the_tags_of_a_build_command() -> None:
    from tagsense.sources.builds.docker_sdk import _tags_of

    assert _tags_of(["podman", "build", "-t", "a:1", "--tag=b:2", "."]) == ["a:1", "b:2"]
    assert _tags_of(["/usr/bin/docker", "build", "-t=c", "."]) == ["c"]
    assert _tags_of(["docker", "run", "-t", "a:1"]) == []
    assert _tags_of(["make", "build", "-t", "a:1"]) == []
    assert _tags_of(["docker"]) == []


# home-assistant/supervisor's tests/docker/test_manager.py and tests/conftest.py (commit
# 090ef31e, Apache-2.0), cut down: the configurations a mock is asserted to have been given,
# and a mock's inspect report, are no configurations a client sends (survey 37d).
SUPERVISOR_TESTS = """\
from unittest.mock import call

import aiodocker


async def test_run_command_success(docker, container):
    result = await docker.run_command(image="alpine", tag="3.18", command=["echo", "hello"])
    docker.containers.create.assert_called_once_with(
        {
            "Image": "alpine:3.18",
            "Labels": {"supervisor_managed": ""},
        },
        name=None,
    )
    docker.containers.create.assert_has_calls([call({"Image": "alpine:latest"})])
    container_inspect = {
        "State": {"ExitCode": 0, "Status": "stopped", "Running": False},
        "Image": "abc123",
    }
    config = {"Image": "ghcr.io/home-assistant/amd64-base:3.23", "Cmd": ["true"]}
    await docker.containers.create(config)
"""


def test_aiodocker_configurations_a_mock_expects_or_reports_are_not_pulls() -> None:
    assert images(SUPERVISOR_TESTS) == [
        (20, "ghcr.io/home-assistant/amd64-base:3.23", "Image"),
    ]


def test_docker_py_imported_by_pytest_importorskip_is_read(tmp_path: Path) -> None:
    """ReproNim/neurodocker's ``neurodocker/cli/minify/tests/test_minify.py`` (survey s51d):
    ``docker = pytest.importorskip("docker")`` imports docker-py and returns it, as pytest
    documents ``importorskip``; its tests then run ``python:3.10-slim``."""
    text = """\
import pytest

docker = pytest.importorskip("docker", reason="docker-py not found")


def test_minify():
    client = docker.from_env()
    container = client.containers.run("python:3.10-slim", detach=True, tty=True)
"""
    assert images(text) == [(8, "python:3.10-slim", "containers.run")]
    # (another module skipped on is no import of docker-py; podman-py's is podman-py's)
    assert images(text.replace('importorskip("docker"', 'importorskip("numpy"')) == []
    podman = text.replace('importorskip("docker"', "importorskip('podman'")
    assert images(podman) == [(8, "python:3.10-slim", "containers.run")]
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "test_minify.py").write_text(text)
    assert [path for path, _ in discover([str(tmp_path)])] == [str(tests / "test_minify.py")]

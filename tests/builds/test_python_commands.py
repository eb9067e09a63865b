"""Python's argument lists: the engine commands a Python source writes as lists of words give
their pulls, and the names they build are the project's (sources.builds.python_commands)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references
from tagsense.sources._source_sniffs import imports_container_libraries
from tagsense.sources.builds.python import read_python_source, scan_python_source

if TYPE_CHECKING:
    from pathlib import Path

DAY = datetime.date(2026, 12, 5)

# containers/podman-compose's tests/integration/__init__.py (GPL-2.0; survey 31c): the
# image the integration tests' compose files run, built before any test.
PODMAN_COMPOSE_INIT = """\
import os
import subprocess


def create_base_test_image() -> None:
    base_image_dir = os.path.join(os.path.dirname(__file__), "base_image")
    subprocess.check_call(
        ['podman', 'build', '-t', 'nopush/podman-compose-test', '.'],
        cwd=base_image_dir,
    )
    subprocess.check_call(
        ['podman', 'build', '-t', 'nopush/podman-compose-test2', '-f', 'Dockerfile.test2', '.'],
        cwd=base_image_dir,
    )


create_base_test_image()
"""

# podman-compose's tests/integration/compose_up_behavior/test_compose_up_behavior.py, cut
# down: the words given to a helper of the tests, which runs them with subprocess.
PODMAN_COMPOSE_PULL = """\
class TestComposeUp(unittest.TestCase, RunSubprocessMixin):
    def test_localhost_image_not_pulled(self) -> None:
        image = "localhost/test-image:1"
        self.run_subprocess_assert_returncode(["podman", "pull", "alpine:latest"])
        self.run_subprocess_assert_returncode(["podman", "tag", "alpine:latest", image])
"""


def pulls(text: str) -> list[tuple[int, int, str, str, str]]:
    return [
        (o.line, o.column, o.text, dict(o.context)["tool"], dict(o.context)["verb"])
        for o in scan_python_source(text, path="tests/test_x.py")
    ]


def test_a_list_given_to_a_helper_pulls_its_image() -> None:
    assert pulls(PODMAN_COMPOSE_PULL) == [(4, 67, "alpine:latest", "subprocess", "pull")]


def test_a_build_is_no_pull_and_names_a_built_image(tmp_path: Path) -> None:
    source = tmp_path / "__init__.py"
    source.write_text(PODMAN_COMPOSE_INIT)
    found = read_python_source(str(source))
    assert list(found.scan) == []
    assert [(image.name, image.site.line, image.site.tool) for image in found.built] == [
        ("nopush/podman-compose-test", 8, "subprocess"),
        ("nopush/podman-compose-test2", 12, "subprocess"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # (a constant of the module, and an f-string whose tag a run gives: no image known)
        ('IMAGE = "redis:7.4.1"\nsubprocess.run(["docker", "run", "-d", IMAGE])', ["redis:7.4.1"]),
        ('subprocess.run(["docker", "run", f"redis:{tag}"])', []),
        # (a run's words first: which word is the image is not known)
        ('subprocess.run(["docker", "run", *options, "redis:7.4.1"])', []),
        # (the image the source itself builds is run from the engine's store)
        (
            'run(["docker", "build", "-t", "app:dev", "."])\nrun(["docker", "run", "app:dev"])',
            [],
        ),
        # (a list of engines' names is no command)
        ('ENGINES = ["docker", "podman"]', []),
        # (what a test expects a command to be, and a run it expects to fail, are no pulls)
        ('assert cmd == ["docker", "pull", "redis:7.4.1"]', []),
        ('run.assert_called_once_with(["docker", "pull", "redis:7.4.1"])', []),
        (
            "with pytest.raises(CalledProcessError):\n"
            '    subprocess.run(["docker", "pull", "no-such:1"], check=True)',
            [],
        ),
    ],
)
def test_words(text: str, expected: list[str]) -> None:
    assert [found[2] for found in pulls(f"import subprocess\n{text}\n")] == expected


def test_a_unit_test_s_commands_are_a_fake_s() -> None:
    text = 'subprocess.run(["docker", "pull", "redis:7.4.1"])\n'
    assert [o.text for o in scan_python_source(text, path="tests/test_x.py")] == ["redis:7.4.1"]
    assert list(scan_python_source(text, path="tests/unit/test_x.py")) == []


def test_discovery_reads_a_source_that_writes_a_command(tmp_path: Path) -> None:
    writes = tmp_path / "test_up.py"
    writes.write_text(PODMAN_COMPOSE_PULL)
    mentions = tmp_path / "engines.py"
    mentions.write_text('HELP = "runs docker or podman"\n')
    assert imports_container_libraries(str(writes))
    assert not imports_container_libraries(str(mentions))


def test_the_compose_files_of_the_tests_run_the_image_they_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    tests = tmp_path / "tests" / "integration"
    (tests / "ports").mkdir(parents=True)
    (tests / "__init__.py").write_text(PODMAN_COMPOSE_INIT)
    # podman-compose's tests/integration/ports/docker-compose.yml, cut down
    (tests / "ports" / "docker-compose.yml").write_text(
        "version: '3'\nservices:\n  web1:\n    image: nopush/podman-compose-test\n"
        "  web2:\n    image: busybox\n"
    )
    compose = "tests/integration/ports/docker-compose.yml"
    found = {o.text: o.built for o in find_references(compose)}
    assert found["busybox"] is None
    built = found["nopush/podman-compose-test"]
    assert built is not None
    assert (built.path, built.line) == ("tests/integration/__init__.py", 8)
    assert [(f.code, f.reference) for f in check(find_references(compose), as_of=DAY)] == [
        ("TS002", "busybox")
    ]


def test_a_command_line_given_to_the_shell_gives_its_pulls(tmp_path: Path) -> None:
    # jellyfin/jellyfin-packaging's build.py shape (survey 38b: 1 pull missed): a module's
    # "docker run --rm" at the start of an f-string os.system runs; a run's image is no pull.
    source = tmp_path / "build.py"
    source.write_text(
        "import os\nimport subprocess\n\n"
        'docker_run_cmd = "docker run --rm"\n\n\n'
        "def build(imagename):\n"
        '    os.system(f"{docker_run_cmd} --privileged linuxserver/qemu-static:8.1.5 --reset")\n'
        '    os.system(f"{docker_run_cmd} --name {imagename} {imagename}")\n'
        '    subprocess.run("docker pull alpine:3.20 && echo done", shell=True)\n'
        '    subprocess.run("docker pull busybox:1.37")  # (no shell: no such program)\n'
        '    print(f"{docker_run_cmd} nginx:1.27")\n'
    )
    assert imports_container_libraries(source)
    found = [(o.line, o.text) for o in find_references(source)]
    assert found == [(8, "linuxserver/qemu-static:8.1.5"), (10, "alpine:3.20")]


def test_a_constant_read_from_the_environment_is_its_default_unless_the_run_sets_it(
    tmp_path: Path,
) -> None:
    # marqo-ai/marqo's scripts/vespa_local/vespa_local.py (survey s49f: 1 pull missed), which
    # its CI runs (`python vespa_local.py start`): os.getenv(key, default) is the default when
    # the environment does not set key (Python's os docs), as ${NAME:-default} is in a shell.
    source = tmp_path / "vespa_local.py"
    source.write_text(
        "import os\nfrom os import environ\n\n"
        "VESPA_VERSION=os.getenv('VESPA_VERSION', '8.396.18')  # default\n"
        'REDIS = environ.get("REDIS_IMAGE", "redis:7.4.1")\n'
        'ONLY_THE_RUN = os.environ["ONLY_THE_RUN"]\n'
        'NO_DEFAULT = os.getenv("NO_DEFAULT")\n'
        'TWICE = os.getenv("TWICE", "nginx:1.27.1")\n'
        'TWICE = "nginx:1.26.0"\n\n\n'
        "def start(args):\n"
        '    os.system("docker run --detach "\n'
        '              "--name vespa "\n'
        '              f"vespaengine/vespa:{VESPA_VERSION}")\n'
        '    os.system(f"docker run {REDIS}")\n'
        '    os.system(f"docker run postgres:{ONLY_THE_RUN}")\n'
        '    os.system(f"docker run busybox:{NO_DEFAULT}")\n'
        '    os.system(f"docker run {TWICE}")\n'
    )
    found = [(o.line, o.text) for o in find_references(source)]
    assert (15, "vespaengine/vespa:8.396.18") in found
    assert (16, "redis:7.4.1") in found
    assert not any(text.startswith(("postgres:", "busybox:", "nginx:")) for _, text in found)
    assert not any("8.396.18" in text or "redis" in text for line, text in found if line < 15)


def test_a_helper_that_pulls_its_parameter_pulls_what_each_call_gives() -> None:
    # uber/kraken's test/python/conftest.py (survey s51b): the test images are pulled by a
    # function of the module, called with each image's name
    text = (
        "import subprocess\n"
        "def _setup_test_image(name, prefix='test/'):\n"
        "    for command in [\n"
        "        ['docker', 'pull', name],\n"
        "        ['docker', 'tag', name, prefix + name],\n"
        "    ]:\n"
        "        subprocess.check_call(command)\n"
        "    return prefix + name\n"
        "REDIS = 'redis:7.4.2'\n"
        "TEST_IMAGE = _setup_test_image('alpine:3.22.2')\n"
        "TEST_IMAGE_2 = _setup_test_image(name=REDIS)\n"
        "OTHER = _setup_test_image(some_name())\n"
    )
    assert [(line, image, verb) for line, _, image, _, verb in pulls(text)] == [
        (10, "alpine:3.22.2", "pull"),
        (11, "redis:7.4.2", "pull"),
    ]

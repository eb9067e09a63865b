"""``docker buildx bake -f FILE [TARGET]`` in a script, a Makefile or a CI step reads that
file, whatever it is called, from the directory the command runs in; and a step that retries
a command (nick-fields/retry, Wandalen/wretry.action) runs it as a ``run:`` would.

Mailu's CI runs ``docker buildx bake --file ./tests/build-ci.hcl ${{ matrix.target }}`` from
the repository's top inside ``nick-fields/retry``: the file's targets build ``core/nginx`` and
the others, and tag the images its tests then run.
"""

from __future__ import annotations

import datetime
import os

import pytest

from tagsense import check, find_references
from tagsense.sources.builds._engine_commands import bake_command
from tagsense.sources.ci import built_images

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

WORKFLOW = os.path.join(".github", "workflows", "build.yml")
DAY = datetime.date(2026, 12, 3)

# (the shape of Mailu's tests/build-ci.hcl: run from the top, its contexts are from there)
BAKE = """\
variable "DOCKER_ORG" { default = "acme" }
variable "MAILU_VERSION" { default = "local" }
function "tag" {
  params = [image_name]
  result = ["${DOCKER_ORG}/${image_name}:${MAILU_VERSION}"]
}
group "default" { targets = ["front", "admin"] }
target "front" {
  context = "core/nginx/"
  args = { BASE = "alpine:3.22.2" }
  tags = tag("nginx")
}
target "admin" {
  context = "core/admin/"
  tags = tag("admin")
}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TAGSENSE_NO_CACHE", "1")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "build-ci.hcl").write_text(BAKE)
    for name in ("nginx", "admin"):
        (tmp_path / "core" / name).mkdir(parents=True)
        (tmp_path / "core" / name / "Dockerfile").write_text("ARG BASE=alpine\nFROM ${BASE}\n")
    (tmp_path / "compose.yaml").write_text("services:\n  front:\n    image: acme/nginx:local\n")
    return tmp_path


def write_workflow(project: Path, steps: str) -> None:
    path = project / WORKFLOW
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n{steps}")


def built(project: Path) -> tuple[list[str], list[str]]:
    """The names the workflow builds, and the Dockerfiles its builds read."""
    found = built_images((project / WORKFLOW).read_bytes(), path=WORKFLOW)
    return sorted(i.name for i in found.built), sorted(b.dockerfile or "" for b in found.builds)


def codes(path: str) -> list[str]:
    return [f.code for f in check(find_references("."), as_of=DAY) if f.path == path]


def test_bake_options_file_and_target_are_read() -> None:
    build = bake_command("docker", ["--file=ci.hcl", "--progress", "plain", "app", "--push"], 1)
    assert build is not None
    assert (build.dockerfile, build.target, build.names) == ("ci.hcl", "app", ())
    assert bake_command("docker", ["--push", "app"], 1) is None  # (bake's own files)
    both = bake_command("docker", ["-f", "a.hcl", "-f", "b.hcl"], 1)
    assert both is not None and both.dockerfile is None  # (more than one: not read here)


def test_a_named_bake_file_is_read_from_where_the_command_runs(project: Path) -> None:
    write_workflow(project, "      - run: docker buildx bake --file ./tests/build-ci.hcl front\n")
    names, dockerfiles = built(project)
    assert names == ["acme/nginx:local"]
    assert dockerfiles == [os.path.join("core", "nginx", "Dockerfile")]
    # (the target's argument, not the Dockerfile's untagged default; the compose image is built)
    assert codes(os.path.join("core", "nginx", "Dockerfile")) == []
    assert codes("compose.yaml") == []


def test_a_target_only_a_run_names_is_any_target(project: Path) -> None:
    write_workflow(
        project, "      - run: docker buildx bake -f tests/build-ci.hcl ${{ matrix.target }}\n"
    )
    assert built(project)[0] == ["acme/admin:local", "acme/nginx:local"]


def test_without_a_target_bake_builds_its_default_group(project: Path) -> None:
    write_workflow(project, "      - run: docker buildx bake -f tests/build-ci.hcl --push\n")
    assert built(project)[0] == ["acme/admin:local", "acme/nginx:local"]


def test_a_missing_file_or_one_from_another_directory_builds_nothing(project: Path) -> None:
    write_workflow(project, "      - run: docker buildx bake -f tests/missing.hcl\n")
    assert built(project) == ([], [])
    write_workflow(
        project,
        "      - run: docker buildx bake -f build-ci.hcl\n        working-directory: core\n",
    )
    assert built(project) == ([], [])


def test_a_retried_command_is_read_as_a_run(project: Path) -> None:
    write_workflow(
        project,
        "      - uses: nick-fields/retry@v3\n        with:\n          timeout_minutes: 20\n"
        "          command: |\n            docker buildx bake --push --file ./tests/build-ci.hcl"
        " ${{ matrix.target }}\n",
    )
    assert built(project)[0] == ["acme/admin:local", "acme/nginx:local"]
    write_workflow(
        project,
        "      - uses: Wandalen/wretry.action@v3\n        with:\n"
        "          command: docker build -t acme/tool core/admin\n",
    )
    assert built(project)[0] == ["acme/tool"]


def test_a_retry_step_that_runs_an_action_runs_no_command(project: Path) -> None:
    write_workflow(
        project,
        "      - uses: Wandalen/wretry.action@v3\n        with:\n"
        "          action: docker/build-push-action@v6\n          with: |\n            tags: x/y\n",
    )
    assert built(project) == ([], [])


def test_a_bake_file_of_another_name_is_the_project_s_without_a_command(project: Path) -> None:
    # (Mailu's tests/build.hcl, run by hand "only from the Mailu root folder": its targets'
    # contexts are the top's, and its tags the images tests/compose/*/docker-compose.yml run)
    (project / "tests" / "build-ci.hcl").rename(project / "tests" / "build.hcl")
    compose = project / "tests" / "compose" / "core" / "docker-compose.yml"
    compose.parent.mkdir(parents=True)
    compose.write_text(
        "services:\n  front:\n    image: ${DOCKER_ORG:-acme}/nginx:${MAILU_VERSION:-local}\n"
    )
    scan = find_references(".")
    (front,) = [o for o in scan.occurrences if o.path == str(compose.relative_to(project))]
    assert front.built is not None and front.built.path == os.path.join("tests", "build.hcl")
    (base,) = [o for o in scan.occurrences if o.path == os.path.join("core", "nginx", "Dockerfile")]
    assert base.text == "alpine:3.22.2"  # (the target's argument: its Dockerfile is fed)
    assert codes(str(compose.relative_to(project))) == []


def test_an_hcl_file_without_targets_is_no_bake_file(project: Path) -> None:
    (project / "main.hcl").write_text('variable "x" {}\nresource "a" "b" {}\n')
    (project / "job.hcl").write_text('job "web" {\n  group "g" {}\n}\n')
    from tagsense.sources.discover import is_bake_hcl

    assert not is_bake_hcl("main.hcl") and not is_bake_hcl("job.hcl")
    assert is_bake_hcl(os.path.join("tests", "build-ci.hcl"))
    assert not is_bake_hcl("docker-bake.hcl")  # (bake's own name: read as such)


@pytest.mark.parametrize("command", ["docker bake", "docker buildx bake"])
def test_a_bake_file_a_makefile_names_builds_its_dockerfile_of_any_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    # rocket-pool/smartnode (trimmed): its Makefile runs `docker bake -f docker/daemon-bake.hcl
    # smartnode` (Docker 28's alias of `docker buildx bake`), whose target builds
    # docker/rocketpool-dockerfile: its two FROM images were not found (survey s38a)
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TAGSENSE_NO_CACHE", "1")
    (tmp_path / "docker").mkdir()
    (tmp_path / "docker" / "daemon-bake.hcl").write_text(
        'target "smartnode" {\n  dockerfile = "docker/rocketpool-dockerfile"\n'
        '  tags = ["rocketpool/smartnode:${VERSION}"]\n}\n'
    )
    (tmp_path / "docker" / "rocketpool-dockerfile").write_text(
        "FROM golang:1.26.5-bookworm AS build\nFROM debian:13.2-slim\n"
    )
    (tmp_path / "Makefile").write_text(
        f"docker:\n\tVERSION=${{VERSION}} {command} -f docker/daemon-bake.hcl smartnode\n"
    )
    found = sorted((o.path, o.text) for o in find_references("."))
    dockerfile = os.path.join("docker", "rocketpool-dockerfile")
    assert found == [(dockerfile, "debian:13.2-slim"), (dockerfile, "golang:1.26.5-bookworm")]

"""A script's ``source FILE`` (``. FILE``): the file runs in the script's shell, so its
variables are the script's after that line, and its commands run with the script's (see
``tagsense.sources.builds._sourced``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tagsense.sources import scan_paths
from tagsense.sources.builds.script import scan_shell_script
from tagsense.sources.builds.shell import read_shell_script

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


# getsentry/self-hosted (trimmed): install.sh sources the engine's detection, then each step.
DETECT = """\
if [[ "${CONTAINER_ENGINE_PODMAN:-0}" -eq 1 ]] && command -v podman &>/dev/null; then
  export CONTAINER_ENGINE="podman"
elif command -v docker &>/dev/null; then
  export CONTAINER_ENGINE="docker"
else
  echo "FAIL: Neither podman nor docker is installed on the system."
  exit 1
fi
"""
STEP = """\
echo "Checking minimum requirements ..."
CPU_AVAILABLE_IN_DOCKER=$($CONTAINER_ENGINE run --rm busybox nproc --all)
$CONTAINER_ENGINE pull getsentry/sentry-cli:2.0  # tagsense: ignore[TS004]
"""


def self_hosted(root: Path) -> None:
    write(
        root / "install.sh",
        "#!/usr/bin/env bash\nset -eE\nsource install/_detect-container-engine.sh\n"
        "source install/check-minimum-requirements.sh\n",
    )
    write(root / "install" / "_detect-container-engine.sh", DETECT)
    write(root / "install" / "check-minimum-requirements.sh", STEP)


def found(scan: object) -> list[tuple[str, int, int, str, object]]:
    return [
        (str(o.path), o.line, o.column, o.text, o.context.get("engine"))
        for o in scan  # type: ignore[attr-defined]
    ]


def test_a_sourced_step_runs_the_engine_another_sourced_file_detects(project: Path) -> None:
    self_hosted(project)
    step = "install/check-minimum-requirements.sh"
    # (the engine is the value last set, as for every variable; every branch sets an engine)
    expected = [
        (step, 2, 54, "busybox", "docker"),
        (step, 3, 24, "getsentry/sentry-cli:2.0", "docker"),
    ]
    assert found(scan_paths(["."])) == expected
    # The step alone is read through the script that sources it; the script has no pull.
    assert found(scan_paths([step])) == expected
    assert found(scan_paths(["install.sh"])) == []
    # Its suppression comment is the sourced file's own.
    scan = scan_paths([step])
    assert [o.suppressions != () for o in scan] == [False, True]


def test_a_step_nothing_sources_says_nothing_of_an_unknown_engine(project: Path) -> None:
    self_hosted(project)
    (project / "install.sh").write_text("#!/usr/bin/env bash\necho install\n")
    assert found(scan_paths(["."])) == []


def test_an_engine_a_branch_may_set_to_something_else_runs_nothing_known(
    tmp_path: Path,
) -> None:
    script = write(
        tmp_path / "run.sh",
        'if [ -n "$X" ]; then ENGINE=echo; else ENGINE=podman; fi\n'
        "$ENGINE run --rm busybox:1.36 true\n"
        'if [ -n "$X" ]; then E=podman; elif [ -n "$Y" ]; then E=docker; else exit 1; fi\n'
        "$E run --rm busybox:1.37 true\n",
    )
    assert [(o.line, o.text) for o in scan_shell_script(str(script))] == [(4, "busybox:1.37")]


def test_variables_a_sourced_file_sets_are_the_script_s_after_the_line(tmp_path: Path) -> None:
    write(tmp_path / "env.sh", "IMAGE=redis:7.2\nexport TAG=1.0\n")
    script = write(
        tmp_path / "run.sh",
        "docker run $IMAGE\n. ./env.sh\ndocker run $IMAGE\ndocker build -t acme/app:$TAG .\n",
    )
    scan = scan_shell_script(str(script))
    assert [(o.path, o.line, o.text) for o in scan] == [(str(script), 3, "redis:7.2")]
    assert [image.name for image in read_shell_script(str(script)).built] == ["acme/app"]
    built = read_shell_script(str(script))
    assert built.reads == (str(tmp_path / "env.sh"),)


def test_a_path_is_taken_only_where_one_file_answers(project: Path) -> None:
    write(project / "scripts" / "lib" / "env.sh", "IMAGE=redis:7.2\n")
    script = write(project / "scripts" / "run.sh", "source lib/env.sh\ndocker run $IMAGE\n")
    # (beside the script: run from its own directory; the root has no lib/env.sh)
    assert [o.text for o in scan_shell_script(str(script))] == ["redis:7.2"]
    # From the repository's top, it would be another file: a run decides which.
    write(project / "lib" / "env.sh", "IMAGE=redis:6.0\n")
    assert list(scan_shell_script(str(script))) == []


@pytest.mark.parametrize(
    "line",
    [
        'source "$(dirname "$0")/lib/env.sh"',
        '. "${BASH_SOURCE%/*}/lib/env.sh"',
        'SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" &>/dev/null && pwd)\n'
        'source "$SCRIPT_DIR/lib/env.sh"',
    ],
)
def test_a_path_from_the_script_s_own_directory_is_there(project: Path, line: str) -> None:
    write(project / "scripts" / "lib" / "env.sh", "IMAGE=redis:7.2\n")
    write(project / "lib" / "env.sh", "IMAGE=redis:6.0\n")
    script = write(project / "scripts" / "run.sh", f"{line}\ndocker run $IMAGE\n")
    assert [o.text for o in scan_shell_script(str(script))] == ["redis:7.2"]


def test_the_parent_of_the_script_s_directory_is_known_too(project: Path) -> None:
    # (`cd "$(dirname "$0")/.." && pwd` is the directory above the script's: jaeger's
    # scripts/e2e/ui-reverse-proxy.sh finds the repository's top so, survey 17b)
    write(project / "env.sh", "IMAGE=redis:7.2\n")
    script = write(
        project / "scripts" / "run.sh",
        'DIR=$(cd "$(dirname "$0")/.." && pwd)\nsource "$DIR/env.sh"\ndocker run $IMAGE\n',
    )
    assert [o.text for o in scan_shell_script(str(script))] == ["redis:7.2"]


@pytest.mark.parametrize(
    "line",
    [
        "source missing.sh",
        "source /etc/env.sh",
        'source "$HOME/env.sh"',
        "for f in lib/*.bash; do source $f; done",
        "source ../outside/env.sh",
    ],
)
def test_what_no_file_of_the_project_answers_is_not_read(project: Path, line: str) -> None:
    write(project / "lib" / "env.sh", "IMAGE=redis:7.2\n")
    write(project.parent / "outside" / "env.sh", "IMAGE=redis:7.2\n")
    script = write(project / "run.sh", f"{line}\ndocker run $IMAGE\n")
    assert list(scan_shell_script(str(script))) == []
    assert read_shell_script(str(script)).reads == ()


def test_a_loop_over_a_pattern_sources_each_file_it_matches(project: Path) -> None:
    # (the shell expands `lib/*.sh` to the project's files, sorted: see ._shell_glob)
    write(project / "lib" / "a.sh", "IMAGE=redis:7.2\n")
    write(project / "lib" / "b.sh", "TAG=1.27.3\n")
    text = "for f in lib/*.sh; do source $f; done\ndocker run $IMAGE\ndocker pull nginx:$TAG\n"
    script = write(project / "run.sh", text)
    assert [o.text for o in scan_shell_script(str(script))] == ["redis:7.2", "nginx:1.27.3"]


def test_files_that_source_each_other_are_each_read_once(tmp_path: Path) -> None:
    write(tmp_path / "a.sh", "source b.sh\ndocker run $IMAGE\n")
    write(tmp_path / "b.sh", "source a.sh\nIMAGE=redis:7.2\ndocker run alpine:3.20\n")
    scan = scan_shell_script(str(tmp_path / "a.sh"))
    assert [(o.path, o.line, o.text) for o in scan] == [
        (str(tmp_path / "b.sh"), 3, "alpine:3.20"),
        (str(tmp_path / "a.sh"), 2, "redis:7.2"),
    ]


def test_sources_nest_only_so_deep(tmp_path: Path) -> None:
    for index in range(15):
        write(tmp_path / f"s{index}.sh", f"source s{index + 1}.sh\n")
    write(tmp_path / "s15.sh", "IMAGE=redis:7.2\n")
    deep = write(tmp_path / "run.sh", "source s0.sh\ndocker run $IMAGE\n")
    assert list(scan_shell_script(str(deep))) == []
    shallow = write(tmp_path / "near.sh", "source s12.sh\ndocker run $IMAGE\n")
    assert [o.text for o in scan_shell_script(str(shallow))] == ["redis:7.2"]


def test_a_sourced_file_changed_is_read_anew(project: Path) -> None:
    self_hosted(project)
    step = "install/check-minimum-requirements.sh"
    assert len(list(scan_paths([step]))) == 2
    (project / "install" / "_detect-container-engine.sh").write_text("CONTAINER_ENGINE=echo\n")
    assert list(scan_paths([step])) == []


# openhab/openhab-docker (trimmed): CI runs `./build latest alpine`; build sources
# helper-functions (no `.sh`, not executable: no scan reads it alone), whose build function
# runs tonistiigi/binfmt before `docker buildx build` (1 pull missed in survey 28c).
HELPERS = """\
#!/bin/bash
prepare_builder() {
\tif [ "$BUILDER" == "" ]; then
\t\tdocker run --privileged --rm tonistiigi/binfmt:qemu-v9.2.2 --install all &> /dev/null
\tfi
}
"""
BUILD = "#!/bin/bash\nset -eo pipefail\n\nsource helper-functions\n\nprepare_builder\n"
WORKFLOW = """\
on: push
jobs:
  build:
    runs-on: ubuntu-24.04
    strategy:
      matrix:
        tag: ["latest", "snapshot"]
    steps:
      - run: ./build ${{ matrix.tag }} alpine
"""


@pytest.mark.parametrize("run_by_ci", [False, True])
def test_what_a_file_no_scan_reads_alone_runs_is_the_sourcing_script_s(
    project: Path, run_by_ci: bool
) -> None:
    write(project / "helper-functions", HELPERS)
    write(project / "build", BUILD).chmod(0o755)
    if run_by_ci:
        write(project / ".github" / "workflows" / "build.yml", WORKFLOW)
    scan = scan_paths([str(project)])
    assert [(o.path, o.line, o.text) for o in scan.occurrences if o.kind == "shell"] == [
        (str(project / "helper-functions"), 4, "tonistiigi/binfmt:qemu-v9.2.2")
    ]
    # (a sourced file read alone gives its own, once)
    (project / "helper-functions").rename(project / "helpers.sh")
    write(project / "build", BUILD.replace("helper-functions", "helpers.sh"))
    scan = scan_paths([str(project)])
    assert [(o.path, o.line) for o in scan.occurrences] == [(str(project / "helpers.sh"), 4)]


# A Makefile runs two scripts; only setup.sh sources scripts/helpers (no `.sh`, not
# executable: no scan reads it alone), whose pull is setup.sh's, not test-e2e.sh's.
RECIPES = "all:\n\t./setup.sh\n\t./test/test-e2e.sh\n"
PULLING_HELPERS = "pull_base() {\n  docker pull alpine:3.20\n}\npull_base\n"


@pytest.mark.parametrize("given", ["", "LIB=scripts "])
def test_a_sourced_file_s_pulls_are_the_sourcing_script_s_only(project: Path, given: str) -> None:
    write(project / "Makefile", RECIPES.replace("./setup.sh", f"{given}./setup.sh"))
    source = '"$LIB/helpers"' if given else "scripts/helpers"
    write(project / "setup.sh", f"#!/bin/bash\nsource {source}\necho ready\n").chmod(0o755)
    write(project / "test" / "test-e2e.sh", "#!/bin/bash\necho testing\n").chmod(0o755)
    write(project / "scripts" / "helpers", PULLING_HELPERS)

    def pulls(path: str) -> list[tuple[str | None, int, str]]:
        return [(o.path, o.line, o.text) for o in scan_paths([path]).occurrences]

    helpers = [("scripts/helpers", 2, "alpine:3.20")]
    assert pulls("setup.sh") == helpers
    assert pulls(str(project)) == [(str(project / "scripts" / "helpers"), 2, "alpine:3.20")]
    if not given:  # (a path only the Makefile gives: no reading alone says who sources it)
        assert pulls("test/test-e2e.sh") == []


COMMON = """\
runDockerCompose () {
  ${CONTAINER_ENGINE} compose -f "${PERF_TESTS_DIR}/docker-compose.yaml" "${@}"
}
"""

VAULT_COMPOSE = "services:\n  vault:\n    image: ${VAULT_IMAGE}\n"

PERF = """\
#!/usr/bin/env bash
PERF_TESTS_DIR=$( cd -- "$( dirname -- "${BASH_SOURCE[0]}" )" &> /dev/null && pwd )
. "${PERF_TESTS_DIR}/common.sh"
VAULT_IMAGE=${VAULT_IMAGE:-"docker.io/hashicorp/vault:2.0.4"}
CONTAINER_ENGINE=${CONTAINER_ENGINE:-"docker"}
export VAULT_IMAGE CONTAINER_ENGINE PERF_TESTS_DIR
runDockerCompose up
"""


def test_a_sourced_function_runs_compose_with_what_the_caller_exports(project: Path) -> None:
    # (kroxylicious' performance-tests/perf-tests.sh, which writes no "compose" itself)
    write(project / "pt" / "common.sh", COMMON)
    write(project / "pt" / "perf.sh", PERF)
    write(project / "pt" / "docker-compose.yaml", VAULT_COMPOSE)
    (found,) = [o for o in scan_paths(["."]) if o.path.endswith("docker-compose.yaml")]
    assert (found.text, found.is_unresolved) == ("docker.io/hashicorp/vault:2.0.4", False)


def test_a_sourced_function_s_compose_without_the_caller_s_values_stays_a_run_s(
    project: Path,
) -> None:
    write(project / "pt" / "common.sh", COMMON)
    write(project / "pt" / "perf.sh", PERF.replace("export VAULT_IMAGE ", "export "))
    write(project / "pt" / "docker-compose.yaml", VAULT_COMPOSE)
    (found,) = [o for o in scan_paths(["."]) if o.path.endswith("docker-compose.yaml")]
    assert found.is_unresolved

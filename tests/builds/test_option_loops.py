"""A wrapper script that takes its image as an option (``-i IMAGE``, ``--image IMAGE``,
``--image=IMAGE``): its ``while [ $# -gt 0 ]; do case "$1" in … shift …; done`` loop (or
``getopts``) is run with the words each runner gives it, and the image is found where the
runner writes it (see ``tagsense.sources.builds._option_loop``)."""

from __future__ import annotations

import doctest
import os
from typing import TYPE_CHECKING

import pytest

from tagsense.sources import scan_paths
from tagsense.sources.builds import _option_loop
from tagsense.sources.builds.shell import ShellReader
from tagsense.sources.context import forget

if TYPE_CHECKING:
    from pathlib import Path


def write(path: Path, text: str, *, executable: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if executable:
        os.chmod(path, 0o755)
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    forget()
    return tmp_path


def found(scan: object) -> list[tuple[str, int, str]]:
    return sorted((str(o.path), o.line, o.text) for o in scan)  # type: ignore[attr-defined]


# mock-server/mockserver's .buildkite/scripts/run-in-docker.sh (trimmed): the options, then
# `--` and the command the container runs.
RUN_IN_DOCKER = """\
#!/usr/bin/env bash
set -euo pipefail
IMAGE=""
WORKDIR="/build"
COMMAND_ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -i|--image)   IMAGE="$2"; shift 2 ;;
    -w|--workdir) WORKDIR="$2"; shift 2 ;;
    -s|--docker-socket) DOCKER_SOCKET=true; shift ;;
    -h|--help)    usage ;;
    --)           shift; COMMAND_ARGS=("$@"); break ;;
    *)            COMMAND_ARGS=("$@"); break ;;
  esac
done
if [[ -z "$IMAGE" ]]; then
  echo "Error: --image is required"
  exit 1
fi
exec docker run --rm -w "$WORKDIR" "$IMAGE" "${COMMAND_ARGS[@]}"
"""
STEP = """\
#!/usr/bin/env bash
set -euo pipefail
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec "$SCRIPT_DIR/../run-in-docker.sh" \\
  -i %s \\
  -w /build/ui \\
  -- bash -c 'npm ci && npm test'
"""


def test_a_wrapper_s_image_option_is_found_at_each_step_that_gives_it(project: Path) -> None:
    write(project / ".buildkite" / "scripts" / "run-in-docker.sh", RUN_IN_DOCKER, executable=True)
    steps = project / ".buildkite" / "scripts" / "steps"
    for name, image in (("ui-test", "node:22"), ("ui-build", "node:22"), ("py", "python:3.12")):
        write(steps / f"{name}.sh", STEP % image, executable=True)
    pipeline = "steps:\n" + "".join(
        f"  - command: .buildkite/scripts/steps/{name}.sh\n"
        for name in ("ui-test", "ui-build", "py")
    )
    pipeline += "  - command: .buildkite/scripts/run-in-docker.sh -s --image ruby:3.3 -- rake\n"
    write(project / ".buildkite" / "pipeline.yml", pipeline)
    write(
        project / "Makefile", "lint:\n\t.buildkite/scripts/run-in-docker.sh --image alpine:3.22\n"
    )
    step = os.path.join(".buildkite", "scripts", "steps", "%s.sh")
    expected = [
        (os.path.join(".buildkite", "pipeline.yml"), 5, "ruby:3.3"),
        (step % "py", 5, "python:3.12"),
        (step % "ui-build", 5, "node:22"),
        (step % "ui-test", 5, "node:22"),
        ("Makefile", 2, "alpine:3.22"),
    ]
    assert found(scan_paths(["."])) == expected
    # (the wrapper read alone runs no image: `IMAGE` is its callers')
    forget()
    assert found(scan_paths([os.path.join(".buildkite", "scripts", "run-in-docker.sh")])) == []


def test_what_other_options_pull_is_still_pulled(project: Path) -> None:
    # ObolNetwork/charon-distributed-validator-node (trimmed): its e2e test runs the script
    # with `--lock FILE`; its README runs `--generate-enr`, which pulls charon
    write(
        project / "scripts" / "new-operator.sh",
        "#!/usr/bin/env bash\nGENERATE_ENR=false\nwhile [[ $# -gt 0 ]]; do\n  case $1 in\n"
        '    --lock) LOCK="$2"; shift 2 ;;\n    --generate-enr) GENERATE_ENR=true; shift ;;\n'
        "    *) exit 1 ;;\n  esac\ndone\n"
        'if [ "$GENERATE_ENR" = true ]; then\n'
        '  docker run --rm "obolnetwork/charon:${CHARON_VERSION:-v1.9.0}" create enr\nfi\n',
        executable=True,
    )
    e2e = '#!/usr/bin/env bash\n"$(dirname "$0")/scripts/new-operator.sh" --lock x.json\n'
    write(project / "e2e.sh", e2e)
    assert found(scan_paths(["."])) == [
        (os.path.join("scripts", "new-operator.sh"), 11, "obolnetwork/charon:v1.9.0")
    ]


def read(script: str, *words: str) -> tuple[list[str], tuple[str, ...] | None]:
    reader = ShellReader({}, pulls=True, options=words)
    reader.read(script)
    return [pull.image for pull in reader.pulls or ()], reader.positional


def test_the_usual_shapes_of_an_option_loop() -> None:
    # (`key="$1"; case $key in`, `shift; shift`, `--name=value` by `${1#*=}`, `[ -n "$1" ]`)
    script = (
        'while [ -n "$1" ]\ndo\n  key="$1"\n  case $key in\n'
        '    --image=*) IMAGE="${1#*=}"; shift ;;\n'
        '    "--tag") TAG="$2"\n      shift\n      shift\n      ;;\n'
        "    *) shift ;;\n  esac\ndone\n"
        'docker pull "$IMAGE:${TAG:-latest}"\n'
    )
    assert read(script, "--image=redis", "-x", "--tag", "7.2") == (["redis:7.2"], ())
    assert read(script, "--image=redis") == (["redis:latest"], ())
    # (`(( $# ))`; the words after the loop's `break` are `$@`)
    script = (
        'while (( "$#" )); do\n  case "$1" in\n    -i) IMAGE=$2; shift 2;;\n'
        "    *) break;;\n  esac\ndone\n"
        'docker run "$IMAGE" "$@"\n'
    )
    assert read(script, "-i", "busybox:1.37", "sh", "-c") == (["busybox:1.37"], ("sh", "-c"))


def test_an_option_only_a_run_knows_leaves_the_rest_of_the_loop_a_run_s() -> None:
    script = (
        "while [ $# -gt 0 ]; do\n  case $1 in\n    -i) IMAGE=$2; shift 2;;\n"
        "    -t) TAG=$2; shift 2;;\n    *) shift;;\n  esac\ndone\n"
        'docker pull "$IMAGE:$TAG"\n'
    )
    assert read(script, "-i", "nginx", "-t", "1.29") == (["nginx:1.29"], ())
    # (`$FLAG` may be `-t`: the tag is a run's, nothing is made up)
    images, _ = read(script, "-i", "nginx", "\ue000", "1.29")
    assert images == []


def test_a_getopts_wrapper_takes_its_image_though_the_command_after_it_has_spaces(
    project: Path,
) -> None:
    write(
        project / "ci" / "run.sh",
        '#!/bin/bash\nwhile getopts "i:s" opt; do\n  case $opt in\n'
        "    i) IMAGE=$OPTARG ;;\n    s) SOCKET=1 ;;\n  esac\ndone\n"
        'shift $((OPTIND-1))\ndocker run --rm "$IMAGE" "$@"\n',
        executable=True,
    )
    write(project / "Makefile", "test:\n\tci/run.sh -s -i python:3.12 -- bash -c 'pytest -q'\n")
    assert found(scan_paths(["."])) == [("Makefile", 2, "python:3.12")]


def test_patterns_joined_by_a_bar_pick_the_arm_of_a_known_word() -> None:
    # (`-i|--image)` is split at the `|` into commands: each of its patterns matches)
    script = (
        "while [ $# -gt 0 ]; do\n  case $1 in\n    -v|--verbose) shift;;\n"
        "    -i|-I|--image) IMAGE=$2; shift 2;;\n    *) IMAGE=bad:1; shift;;\n  esac\ndone\n"
        'docker pull "$IMAGE"\n'
    )
    for option in ("-i", "-I", "--image"):
        assert read(script, "-v", option, "nginx:1.29") == (["nginx:1.29"], ())


def test_the_module_s_examples() -> None:
    assert doctest.testmod(_option_loop).failed == 0

"""A script of the project that a Makefile recipe, a CI step or another script runs is read
with what its runner gives it: the variables of its environment (``NAME=value`` before it,
``env NAME=value``, ``export``) and its working directory (see
``tagsense.sources.builds._runs``)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tagsense.sources import scan_paths
from tagsense.sources.builds._runs import MAX_ENVIRONMENTS, MAX_READINGS
from tagsense.sources.builds.make import read_makefile
from tagsense.sources.builds.shell import read_shell_script
from tagsense.sources.ci import built_images
from tagsense.sources.context import forget


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def found(scan: object) -> list[tuple[str, int, int, str, object]]:
    return sorted(
        (str(o.path), o.line, o.column, o.text, o.context.get("run_by"))
        for o in scan  # type: ignore[attr-defined]
    )


# kubernetes-sigs/metrics-server (trimmed): the Makefile's e2e targets give the script the
# kind node image it creates its cluster with.
E2E = """\
#!/usr/bin/env bash
set -e
: ${NODE_IMAGE:?Need to set NODE_IMAGE to test}
kind create cluster --name=e2e --image=${NODE_IMAGE} --config=${KIND_CONFIG}
"""
MAKEFILE = """\
.PHONY: test-e2e-1.36 test-e2e-1.35
test-e2e-1.36:
\tNODE_IMAGE=kindest/node:v1.36.1 KIND_CONFIG="${PWD}/test/kind-config.yaml" ./test/test-e2e.sh
test-e2e-1.35:
\tNODE_IMAGE=kindest/node:v1.35.5 ./test/test-e2e.sh
"""


def metrics_server(root: Path, makefile: str = MAKEFILE) -> str:
    write(root / "Makefile", makefile)
    return str(write(root / "test" / "test-e2e.sh", E2E).relative_to(root))


def test_a_makefile_gives_the_script_it_runs_the_images_of_each_target(project: Path) -> None:
    script = metrics_server(project)
    expected = [
        (script, 4, 1, "kindest/node:v1.35.5", "Makefile:5"),
        (script, 4, 1, "kindest/node:v1.36.1", "Makefile:3"),
    ]
    assert found(scan_paths(["."])) == expected
    # The script checked alone (pre-commit) is read through the Makefile as well.
    assert found(scan_paths([script])) == expected
    assert found(scan_paths(["Makefile"])) == []


def test_a_runner_that_gives_no_value_leaves_the_script_as_it_is(project: Path) -> None:
    script = metrics_server(project, "e2e:\n\tKIND_CONFIG=kind.yaml ./test/test-e2e.sh\n")
    assert found(scan_paths(["."])) == []
    assert found(scan_paths([script])) == []


def test_a_script_nothing_runs_is_read_alone(project: Path) -> None:
    write(project / "run.sh", 'docker run --rm "${IMAGE:-redis:7.2}" true\n')
    write(project / "Makefile", "up:\n\techo run.sh\n")
    assert found(scan_paths(["."])) == [("run.sh", 1, 1, "redis:7.2", None)]


# discourse/discourse_docker's `launcher` (trimmed): a program without `.sh`, whose engine is a
# variable that names docker, runs the pinned base image inside functions.
LAUNCHER = """\
#!/usr/bin/env bash
image="acme/base:2.0.20260803"
docker_path=`which docker.io 2> /dev/null || which docker`
pull_image() {
  $docker_path pull $image
}
pull_image
"""


def test_a_shell_program_without_a_suffix_is_read_as_a_script(project: Path) -> None:
    write(project / "launcher", LAUNCHER).chmod(0o755)
    write(project / "notes", LAUNCHER).chmod(0o644)  # (not executable: not a program)
    assert found(scan_paths(["."])) == [("launcher", 5, 3, "acme/base:2.0.20260803", None)]


def test_a_shell_program_without_a_suffix_builds_what_it_builds(project: Path) -> None:
    # (its own build is no pull: `docker run` of the image it has just built, or a compose
    # file's, is built, as a `*.sh` script's)
    write(project / "Dockerfile", "FROM alpine:3.21\n")
    write(project / "build", "#!/bin/sh\ndocker build -t acme/x:1 .\ndocker run acme/x:1\n")
    (project / "build").chmod(0o755)
    write(project / "compose.yaml", "services:\n  a:\n    image: acme/x\n")
    built = {str(o.path): o.built for o in scan_paths(["."]) if o.text.startswith("acme/x")}
    assert built.keys() == {"build", "compose.yaml"}
    assert all(site is not None and site.path == "build" for site in built.values())


@pytest.mark.parametrize(
    "recipe",
    [
        "env NODE_IMAGE=kindest/node:v1.36.1 ./test/test-e2e.sh",
        "export NODE_IMAGE=kindest/node:v1.36.1; bash test/test-e2e.sh",
        "NODE_IMAGE=kindest/node:v1.36.1 sh -e ./test/test-e2e.sh",
        "NODE_IMAGE=kindest/node:v1.36.1 /bin/bash -eo pipefail test/test-e2e.sh",
    ],
)
def test_the_environment_forms_give_their_values(project: Path, recipe: str) -> None:
    script = metrics_server(project, f"e2e:\n\t{recipe}\n")
    assert found(scan_paths([script])) == [(script, 4, 1, "kindest/node:v1.36.1", "Makefile:2")]


def test_exported_make_variables_are_in_the_script_s_environment(project: Path) -> None:
    script = metrics_server(
        project, "export NODE_IMAGE ?= kindest/node:v1.34.8\ne2e:\n\t./test/test-e2e.sh\n"
    )
    assert [o.text for o in scan_paths([script])] == ["kindest/node:v1.34.8"]
    # (a make variable not exported is no environment variable of the recipe's shell)
    metrics_server(project, "NODE_IMAGE = kindest/node:v1.34.8\ne2e:\n\t./test/test-e2e.sh\n")
    assert list(scan_paths([script])) == []


@pytest.mark.parametrize(
    ("recipe", "expected"),
    [
        # sudo resets the environment (without -E); `env -i` empties it
        ("NODE_IMAGE=kindest/node:v1.36.1 sudo ./test/test-e2e.sh", []),
        ("NODE_IMAGE=kindest/node:v1.36.1 sudo -E ./test/test-e2e.sh", ["kindest/node:v1.36.1"]),
        ("NODE_IMAGE=kindest/node:v1.36.1 env -i ./test/test-e2e.sh", []),
        # a bare name is looked for in PATH, not in the working directory
        ("cd test && NODE_IMAGE=kindest/node:v1.36.1 test-e2e.sh", []),
        ("cd test && NODE_IMAGE=kindest/node:v1.36.1 ./test-e2e.sh", ["kindest/node:v1.36.1"]),
        # `bash -c` runs its own text, not the script
        ("NODE_IMAGE=kindest/node:v1.36.1 bash -c 'echo test/test-e2e.sh'", []),
        ("cd $(SOMEWHERE) && NODE_IMAGE=kindest/node:v1.36.1 ./test/test-e2e.sh", []),
    ],
)
def test_what_reaches_the_script(project: Path, recipe: str, expected: list[str]) -> None:
    script = metrics_server(project, f"e2e:\n\t{recipe}\n")
    assert [o.text for o in scan_paths([script])] == expected


def test_the_script_s_own_values_win_after_they_are_set(project: Path) -> None:
    write(
        project / "ci" / "run.sh",
        'docker pull "${BASE:-alpine:3.20}"\nTOOL=busybox:1.36\ndocker run --rm "$TOOL" true\n',
    )
    write(project / "Makefile", "ci:\n\tBASE=debian:12 TOOL=busybox:1.35 ./ci/run.sh\n")
    assert [o.text for o in scan_paths(["ci/run.sh"])] == ["debian:12", "busybox:1.36"]


# conda-forge's run_docker_build.sh (trimmed): the image is computed only when the runner gives
# none, and the runner gives one.
GUARDED = """\
#!/usr/bin/env bash
if [ -z "${DOCKER_IMAGE}" ]; then
    DOCKER_IMAGE="$(shyaml get-value docker_image.0 < ci.yaml)"
fi
docker pull "${DOCKER_IMAGE}"
"""


@pytest.mark.parametrize(
    ("test", "expected"),
    [
        ('[ -z "${DOCKER_IMAGE}" ]', [("debian:12", "Makefile:2"), ("debian:13", "Makefile:4")]),
        ("[[ -z $DOCKER_IMAGE ]]", [("debian:12", "Makefile:2"), ("debian:13", "Makefile:4")]),
        ('test -z "$DOCKER_IMAGE"', [("debian:12", "Makefile:2"), ("debian:13", "Makefile:4")]),
        # Tests that are not known to fail: the branch may run, and a run decides the image.
        ('[ -n "${DOCKER_IMAGE}" ]', []),
        ('[ -z "${OTHER}" ]', []),
        ('[ -z "${DOCKER_IMAGE}" ] || true', []),
    ],
)
def test_a_branch_whose_test_fails_with_the_runner_s_values_is_not_run(
    project: Path, test: str, expected: list[tuple[str, str]]
) -> None:
    write(project / "ci" / "build.sh", GUARDED.replace('[ -z "${DOCKER_IMAGE}" ]', test))
    write(
        project / "Makefile",
        "a:\n\tDOCKER_IMAGE=debian:12 ./ci/build.sh\n"
        "b:\n\tDOCKER_IMAGE=debian:13 ./ci/build.sh\n"
        "c:\n\t./ci/build.sh\n",
    )
    assert [(o.text, o.context.get("run_by")) for o in scan_paths(["ci/build.sh"])] == expected


def test_a_dead_branch_ends_at_its_else(project: Path) -> None:
    write(
        project / "ci" / "build.sh",
        'if [ -z "$IMAGE" ]; then\n  if true; then docker pull busybox:1.36; fi\n'
        'else\n  docker pull "$IMAGE"\nfi\ndocker run --rm alpine:3.20 true\n',
    )
    write(project / "Makefile", "a:\n\tIMAGE=debian:12 ./ci/build.sh\n")
    assert [o.text for o in scan_paths(["ci/build.sh"])] == ["debian:12", "alpine:3.20"]


def test_a_value_an_earlier_branch_may_leave_unset_decides_no_test(project: Path) -> None:
    write(
        project / "build.sh",
        'if [ "$1" = ci ]; then\n  IMAGE=debian:12\nfi\n'
        'if [ -z "$IMAGE" ]; then\n  IMAGE=debian:13\nfi\ndocker pull "$IMAGE"\n',
    )
    # (the `-z` test is not known to fail: `build.sh` pulls debian:13, `build.sh ci` debian:12)
    assert sorted(o.text for o in scan_paths(["build.sh"])) == ["debian:12", "debian:13"]


def test_a_ci_step_runs_the_script_with_the_job_s_variables(project: Path) -> None:
    script = metrics_server(project, "")
    write(
        project / ".github" / "workflows" / "e2e.yml",
        "on: push\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n    env:\n"
        "      NODE_IMAGE: kindest/node:v1.33.4\n    steps:\n"
        "      - run: ./test/test-e2e.sh\n"
        "      - working-directory: test\n        run: |\n"
        "          export NODE_IMAGE=kindest/node:v1.32.8\n"
        "          ./test-e2e.sh\n",
    )
    workflow = ".github/workflows/e2e.yml"
    assert found(scan_paths([script])) == [
        (script, 4, 1, "kindest/node:v1.32.8", f"{workflow}:12"),
        (script, 4, 1, "kindest/node:v1.33.4", f"{workflow}:8"),
    ]
    assert found(scan_paths(["."])) == found(scan_paths([script]))


def test_a_script_runs_a_script_from_its_own_directory(project: Path) -> None:
    write(project / "hack" / "lib" / "pull.sh", "docker pull $IMAGE\n")
    write(
        project / "hack" / "all.sh",
        'IMAGE=redis:7.2 "$(dirname "$0")/lib/pull.sh"\n'
        './lib/pull.sh\ncd "$(dirname "$0")"\nIMAGE=redis:7.4 ./lib/pull.sh\n',
    )
    # (`./lib/pull.sh` before the `cd`: from wherever the script is run)
    assert found(scan_paths(["hack/lib/pull.sh"])) == [
        ("hack/lib/pull.sh", 1, 1, "redis:7.2", "hack/all.sh:1"),
        ("hack/lib/pull.sh", 1, 1, "redis:7.4", "hack/all.sh:4"),
    ]
    assert found(scan_paths(["."])) == found(scan_paths(["hack/lib/pull.sh"]))


def test_scripts_that_run_each_other_are_read_once_a_turn(project: Path) -> None:
    write(project / "a.sh", 'cd "$(dirname "$0")"\nIMAGE=redis:7.2 ./b.sh\n')
    write(project / "b.sh", 'cd "$(dirname "$0")"\ndocker run $IMAGE\n./a.sh\n')
    assert found(scan_paths(["b.sh"])) == [("b.sh", 2, 1, "redis:7.2", "a.sh:2")]


def test_the_readings_of_a_runner_are_capped(project: Path) -> None:
    # (each reading finds an image of its own: more than a script's cap, the runner's at most)
    targets = "".join(
        f"t{minor}:\n\tNODE_IMAGE=kindest/node:v1.{minor}.0 ./test/test-e2e.sh\n"
        for minor in range(MAX_READINGS + 8)
    )
    script = metrics_server(project, targets)
    assert MAX_ENVIRONMENTS < MAX_READINGS
    assert len(list(scan_paths([script]))) == MAX_READINGS


def test_the_readings_of_one_script_that_find_nothing_more_are_capped(project: Path) -> None:
    # (crystal-lang/crystal's workflows: a script read in many environments that change
    # nothing it finds spends its own readings, not the runner's)
    same = "".join(
        f"t{n}:\n\tNODE_IMAGE=kindest/node:v1.30.0 KIND_CONFIG=k{n}.yaml ./test/test-e2e.sh\n"
        for n in range(MAX_ENVIRONMENTS + 1)
    )
    last = "last:\n\tNODE_IMAGE=kindest/node:v1.31.0 ./test/test-e2e.sh\n"
    script = metrics_server(project, same + last)
    assert {o.text for o in scan_paths([script])} == {"kindest/node:v1.30.0"}
    # (fewer such readings leave the script's own for the last one)
    script = metrics_server(project, same.split("t1:")[0] + last)
    found_now = {o.text for o in scan_paths([script])}
    assert found_now == {"kindest/node:v1.30.0", "kindest/node:v1.31.0"}


def test_nothing_outside_the_project_is_run(project: Path) -> None:
    outside = write(project.parent / "outside.sh", "docker run $IMAGE\n")
    write(project / "inside.sh", "docker run $IMAGE\n")
    write(
        project / "Makefile",
        f"a:\n\tIMAGE=redis:7.2 ../outside.sh\nb:\n\tIMAGE=redis:7.2 {outside}\n"
        f"c:\n\tIMAGE=redis:7.2 {project / 'inside.sh'}\n",
    )
    forget()  # (a new scan: the context's cache knows the working directory of another)
    assert read_makefile("Makefile").reads == ()
    # (the control: the same recipe with a path in the project)
    (project / "Makefile").write_text("a:\n\tIMAGE=redis:7.2 ./inside.sh\n")
    assert read_makefile("Makefile").reads == ("inside.sh",)


def test_a_change_to_the_runner_is_read_anew(project: Path) -> None:
    script = metrics_server(project)
    assert len(list(scan_paths([script]))) == 2
    (project / "Makefile").write_text(
        "e2e:\n\tNODE_IMAGE=kindest/node:v1.30.0 ./test/test-e2e.sh\n"
    )
    assert [o.text for o in scan_paths([script])] == ["kindest/node:v1.30.0"]
    (project / "Makefile").write_text("e2e:\n\techo no e2e\n")
    assert list(scan_paths([script])) == []


# netbox-community/netbox-docker (trimmed): the workflow runs ./build.sh from the checkout,
# and the script builds the Dockerfile beside it with its base as a build argument.
DOCKERFILE = "ARG FROM\nFROM ${FROM} AS builder\nRUN true\n"
BUILD = "#!/bin/bash\ndocker build --build-arg FROM=docker.io/ubuntu:24.04 -t netbox:dev .\n"


def _bases(root: Path, *paths: str) -> list[tuple[str, int, object, bool]]:
    scan = scan_paths(list(paths) or ["."])
    return sorted(
        (str(o.path), o.line, o.reference and str(o.reference), bool(o.unresolved))
        for o in scan
        if o.kind == "from"
    )


def test_a_ci_step_runs_a_build_script_from_the_checkout(project: Path) -> None:
    write(project / "Dockerfile", DOCKERFILE)
    write(project / "build.sh", BUILD)
    # Alone, the script may run from anywhere: its `.` is no known directory.
    assert _bases(project) == [("Dockerfile", 2, None, True)]
    workflow = write(
        project / ".github" / "workflows" / "push.yml",
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: ./build.sh feature\n",
    )
    expected = [("Dockerfile", 2, "docker.io/library/ubuntu:24.04", False)]
    assert _bases(project) == expected
    assert _bases(project, "Dockerfile") == expected
    # (what the script builds is its own, at its line)
    sites = {
        (build.site.tool, build.site.path, build.site.line)
        for build in built_images(
            workflow.read_text(), path=str(workflow.relative_to(project))
        ).builds
    }
    assert sites == {("shell", "build.sh", 2)}


@pytest.mark.parametrize(
    "cd",
    [
        'cd "$(dirname "$0")"',
        'cd "$(dirname "${BASH_SOURCE[0]}")"',
        'cd -- "$(dirname -- "$0")" || exit 1',
        'HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)\ncd "$HERE"',
        'cd "$(dirname "$0")/docker"\ncd ..',
    ],
)
def test_a_script_that_goes_to_its_own_directory_builds_there(project: Path, cd: str) -> None:
    write(project / "docker" / "Dockerfile", DOCKERFILE)
    write(project / "docker" / "build.sh", f"#!/bin/bash\n{cd}\n{BUILD.partition(chr(10))[2]}")
    assert _bases(project) == [("docker/Dockerfile", 2, "docker.io/library/ubuntu:24.04", False)]
    assert _bases(project, "docker/Dockerfile") == _bases(project)


@pytest.mark.parametrize("cd", ['cd "$(dirname "$0")/.."', "cd $SOMEWHERE", ""])
def test_no_other_directory_is_the_script_s(project: Path, cd: str) -> None:
    write(project / "docker" / "Dockerfile", DOCKERFILE)
    write(project / "docker" / "build.sh", f"#!/bin/bash\n{cd}\n{BUILD.partition(chr(10))[2]}")
    assert _bases(project) == [("docker/Dockerfile", 2, None, True)]


# kubernetes-sigs/cluster-api (trimmed): `make verify-dockerfiles` gives the script the
# hadolint version as its first argument; run alone, the script would pull `latest`.
LINT = """\
#!/usr/bin/env bash
set -o errexit -o nounset -o pipefail
HADOLINT_VER=${1:-latest}
FILES=$(find -- * -name Dockerfile)
while read -r file; do
  # The threshold can be set to: error | warning | info (a comment: no `set` command)
  docker run --rm -i ghcr.io/hadolint/hadolint:"${HADOLINT_VER}" hadolint - < "${file}"
done <<< "${FILES}"
"""


def test_a_runner_gives_the_script_its_arguments(project: Path) -> None:
    script = str(write(project / "hack" / "verify-dockerfiles.sh", LINT).relative_to(project))
    write(
        project / "Makefile",
        "HADOLINT_VER := v2.12.0\nverify:\n\t./hack/verify-dockerfiles.sh $(HADOLINT_VER) warning\n"
        "lint:\n\tbash -e hack/verify-dockerfiles.sh\n",
    )
    expected = [
        (script, 7, 22, "ghcr.io/hadolint/hadolint:latest", "Makefile:5"),
        (script, 7, 22, "ghcr.io/hadolint/hadolint:v2.12.0", "Makefile:3"),
    ]
    assert found(scan_paths(["."])) == expected
    assert found(scan_paths([script])) == expected


@pytest.mark.parametrize(("empties", "quote"), [(1, '""'), (3, '""'), (2, "''")])
def test_an_empty_quoted_word_is_an_empty_argument(project: Path, empties: int, quote: str) -> None:
    """podtato-head's Makefile runs ``build_images.sh "" "" "" gcr.io/distroless/static:latest
    distroless``, whose ``${4:-scratch}`` is the base image it builds with: each ``""`` is
    an argument of its own (POSIX *Field Splitting*: an empty quoted word stays a field), so
    ``$4`` is the image (was: no argument known, a false TS011 and the image missed)."""
    position = empties + 1
    write(project / "build" / "build.sh",
          f"base=${{{position}:-scratch}}\ndocker pull \"$base\"\nlast=${{{empties}:-none}}\n"
          "docker pull \"busybox:$last\"\n")  # fmt: skip
    given = " ".join([quote] * empties)
    write(project / "Makefile", f"x:\n\tbuild/build.sh {given} gcr.io/distroless/static:latest\n")
    images = sorted(image for *_, image, _ in found(scan_paths(["."])))
    # (the word before the image is empty: `${N:-none}` gives its default)
    assert images == ["busybox:none", "gcr.io/distroless/static:latest"]


@pytest.mark.parametrize(
    "script",
    [
        # the arguments move: `$1` is another word by the time it is read
        "while [ $# -gt 0 ]; do case $1 in -v) V=$2; shift 2;; *) shift;; esac; done\n"
        "docker run --rm img:${V:-latest}\n",
        "set -- other\ndocker run --rm img:$1\n",
        # a function's `$1` is its own argument: the call's words, none here
        'pull() {\n  docker pull "img:$1"\n}\npull\n',
    ],
)
def test_arguments_that_may_move_stay_a_run_s(project: Path, script: str) -> None:
    write(project / "hack" / "x.sh", script)
    write(project / "Makefile", "x:\n\t./hack/x.sh v9.9.9\n")
    assert [image for *_, image, _ in found(scan_paths(["."]))] == []


# onthegomap/planetiler (trimmed): quickstart.sh's option loop, which its CI runs with
# `./quickstart.sh monaco --docker` (1 missed pull of its image, survey s42a)
QUICKSTART = """\
#!/usr/bin/env bash
METHOD="build"
VERSION="latest"
while [[ $# -gt 0 ]]; do
  case $1 in
    --docker) METHOD="docker" ;;
    --version=*) VERSION="${1#*=}" ;;
    --version) VERSION="$2"; shift ;;
    *) AREA="$1" ;;
  esac
  shift
done
if [ "$METHOD" == "docker" ]; then
  docker run -v "$(pwd)/data":/data "ghcr.io/onthegomap/planetiler:${VERSION}"
fi
"""


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ("monaco --docker", "ghcr.io/onthegomap/planetiler:latest"),
        ("--docker --version=0.8.1 monaco", "ghcr.io/onthegomap/planetiler:0.8.1"),
        ("--version 0.8.2 --docker", "ghcr.io/onthegomap/planetiler:0.8.2"),
    ],
)
def test_an_option_loop_reads_the_arguments_a_script_is_run_with(
    project: Path, arguments: str, expected: str
) -> None:
    write(project / "quickstart.sh", QUICKSTART)
    write(project / "Makefile", f"x:\n\t./quickstart.sh {arguments}\n")
    assert [image for *_, image, _ in found(scan_paths(["."]))] == [expected]


@pytest.mark.parametrize(
    "script",
    [
        # a function called with the script's `$1` (`"$@"`, `$@`) gets it as its own
        'pull() {\n  docker pull "img:$1"\n}\npull "$1"\n',
        'pull() {\n  local -r tag=$1\n  docker pull "img:${tag}"\n}\npull $@\n',
        # a sourced file does not take them from the script
        ". ./lib.sh\ndocker run --rm img:$1\n",
        ". ./lib.sh\npull() {\n  docker pull img:$1\n}\npull x\npull $1\n",
    ],
)
def test_arguments_a_function_or_a_sourced_file_keeps(project: Path, script: str) -> None:
    write(project / "lib.sh", "x() { :; }\n")
    write(project / "hack" / "x.sh", script)
    write(project / "Makefile", "x:\n\t./hack/x.sh v9.9.9\n")
    assert [image for *_, image, _ in found(scan_paths(["."]))][-1:] == ["img:v9.9.9"]


# karmada-io/karmada (trimmed; Apache-2.0): `make images` runs `hack/docker.sh TARGET` once a
# target; the script sources its helpers, then passes its `$1` to the function that tags the
# image; the deployments run what it builds (survey 31a: 9 false TS001 `latest`).
KARMADA_MAKEFILE = """\
VERSION ?= '$(shell hack/version.sh)'
REGISTRY?="docker.io/karmada"
TARGETS := karmada-aggregated-apiserver \\
\t\t\tkarmada-controller-manager \\
\t\t\tkarmada-agent
IMAGE_TARGET=$(addprefix image-, $(TARGETS))
.PHONY: $(IMAGE_TARGET)
$(IMAGE_TARGET):
\tset -e;\\
\ttarget=$$(echo $(subst image-,,$@));\\
\tmake $$target GOOS=linux;\\
\tVERSION=$(VERSION) REGISTRY=$(REGISTRY) BUILD_PLATFORMS=linux/$(GOARCH) hack/docker.sh $$target
images: $(IMAGE_TARGET)
"""
KARMADA_DOCKER = """\
#!/usr/bin/env bash
set -o errexit
REPO_ROOT=$(dirname "${BASH_SOURCE[0]}")/..
source "${REPO_ROOT}/hack/util.sh"
REGISTRY=${REGISTRY:-"docker.io/karmada"}
VERSION=${VERSION:="unknown"}
function build_images() {
  local -r target=$1
  local -r output_type=${OUTPUT_TYPE:-docker}
  build_local_image "${output_type}" "${target}"
}
function build_local_image() {
  local -r output_type=$1
  local -r target=$2
  local -r image_name="${REGISTRY}/${target}:${VERSION}"
  docker build --build-arg BINARY="${target}" --tag "${image_name}" \\
          --file "${REPO_ROOT}/cluster/images/Dockerfile" "${REPO_ROOT}/_output/bin"
}
build_images $@
"""


def test_a_script_s_arguments_reach_its_functions_after_it_sources_a_file(project: Path) -> None:
    write(project / "Makefile", KARMADA_MAKEFILE)
    write(project / "hack" / "docker.sh", KARMADA_DOCKER).chmod(0o755)
    write(project / "hack" / "util.sh", "function util::host_platform() {\n  echo linux\n}\n")
    names = ("karmada-agent", "karmada-controller-manager")
    for name in names:
        image = f"docker.io/karmada/{name}:latest"
        manifest = f"apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: {image}\n"
        write(project / "artifacts" / f"{name}.yaml", manifest)
    scan = scan_paths(["artifacts"])
    assert [(o.reference and o.reference.familiar, o.built is not None) for o in scan] == [
        (f"karmada/{name}:latest", True) for name in names
    ]


@pytest.mark.parametrize(
    ("recipe", "expected"),
    [
        ("./hack/x.sh 1.0", ["img:1.0"]),
        ("./hack/x.sh 1.0 2>&1 | tee log", ["img:1.0"]),
        ("./hack/x.sh", []),  # (`$1` unset: `img:`, no image)
        ("./hack/x.sh $(TAG)", []),  # (a run's)
        ("./hack/x.sh '' 2.0", []),  # (empty: `img:`)
    ],
)
def test_the_arguments_a_runner_gives(project: Path, recipe: str, expected: list[str]) -> None:
    write(project / "hack" / "x.sh", "docker pull img:$1\n")
    write(project / "Makefile", f"x:\n\t{recipe}\n")
    assert [o[3] for o in found(scan_paths(["."]))] == expected


# wodby/docker4drupal (trimmed; MIT): `make test` runs the suite's script in its directory with
# the PHP version, and the script runs compose there (survey 23d: the image was a TS011)
DRUPAL_MAKEFILE = """\
DRUPAL_VER ?= 11
PHP_VER ?= 8.5

test:
\tcd ./tests/$(DRUPAL_VER) && PHP_VER=$(PHP_VER) ./run.sh
"""
DRUPAL_RUN = """\
#!/usr/bin/env bash
set -e
docker compose up -d
docker compose exec -T php tests.sh
docker compose down
"""
DRUPAL_COMPOSE = """\
services:
  php:
    image: "wodby/drupal:11-${PHP_VER}-4.100.10"
"""


def test_a_script_s_compose_commands_have_what_its_runner_gives(project: Path) -> None:
    write(project / "Makefile", DRUPAL_MAKEFILE)
    write(project / "tests" / "11" / "run.sh", DRUPAL_RUN).chmod(0o755)
    compose = str(
        write(project / "tests" / "11" / "compose.yml", DRUPAL_COMPOSE).relative_to(project)
    )
    expected = ["wodby/drupal:11-8.5-4.100.10"]
    assert [o.text for o in scan_paths(["."]) if o.path == compose] == expected
    forget()
    assert [o.text for o in scan_paths([compose])] == expected
    # (a runner that gives no value: as alone)
    write(project / "Makefile", DRUPAL_MAKEFILE.replace("PHP_VER=$(PHP_VER) ", ""))
    forget()
    assert [o.text for o in scan_paths([compose])] == ["wodby/drupal:11--4.100.10"]


# openzipkin/zipkin (Apache-2.0), build-bin/docker/docker_build, trimmed: an executable
# script without `.sh`, run by .github/workflows/test_readme.yml with the tag it builds.
DOCKER_BUILD = """\
#!/bin/sh
set -ue
docker_tag=${1?full docker_tag is required. Ex openzipkin/zipkin:test}
version=${2:-}
docker_args=$($(dirname "$0")/docker_args ${version})
docker build --network=host --pull ${docker_args} --tag ${docker_tag} .
"""
TEST_README = """\
on: push
jobs:
  docker:
    runs-on: ubuntu-latest
    steps:
      - run: |
          build-bin/docker/docker_build openzipkin/zipkin:test &&
          docker run --rm openzipkin/zipkin:test
"""


@pytest.mark.parametrize("executable", [True, False])
def test_a_ci_step_runs_a_program_of_the_project_without_sh(
    project: Path, executable: bool
) -> None:
    program = write(project / "build-bin" / "docker" / "docker_build", DOCKER_BUILD)
    program.chmod(0o755 if executable else 0o644)
    write(project / ".github" / "workflows" / "test_readme.yml", TEST_README)
    built = {(o.text, o.built is not None) for o in scan_paths(["."]) if "zipkin" in o.text}
    # (not executable, the step could not run it: the image is the registry's)
    assert built == {("openzipkin/zipkin:test", executable)}


@pytest.mark.parametrize(
    ("assignment", "expected"),
    [
        ("TAG=${1?a tag is required, e.g. acme/app:1}", True),
        ("TAG=${1:?}", True),
        ('TAG="${1:?a tag: is required}"', True),
        ("TAG=${1-x}\nTAG=${TAG?unset}", True),
        ("TAG=${2?a tag}", False),
    ],
)
def test_a_parameter_checked_for_a_value_has_the_value_given(
    project: Path, assignment: str, expected: bool
) -> None:
    write(project / "build.sh", f"{assignment}\ndocker build -t $TAG .\n")
    write(project / "Makefile", "image:\n\t./build.sh acme/app:1\n")
    write(project / "compose.yaml", "services:\n  app:\n    image: acme/app:1\n")
    built = [o.built is not None for o in scan_paths(["."]) if o.text == "acme/app:1"]
    assert built == [expected]


@pytest.mark.parametrize("word", ["$0", "${0}", "${0##*/}", "${0?}"])
def test_the_script_s_own_name_in_a_run_without_arguments(word: str) -> None:
    from tagsense.sources.builds.shell import ShellReader

    # (jaeger's scripts/utils/retry.sh says `$(basename "$0")`: a run's, with no words given)
    reader = ShellReader({}, arguments=())
    (build,) = reader.read(f"docker build -t acme/app:1 -f {word} .\n")
    assert build.names == ("acme/app",)  # (the name built whatever its tag)


def test_a_getopts_loop_reads_the_options_a_script_is_run_with(project: Path) -> None:
    # jaegertracing/jaeger, scripts/build/build-upload-a-docker-image.sh (trimmed), run by
    # build-upload-docker-images.sh's build_image with `-b -c NAME -d DIR -t release`
    write(
        project / "hack" / "build-one.sh",
        "#!/bin/bash\n"
        "print_help() {\n  echo usage\n  exit 1\n}\n"
        'base_debug_img_arg=""\ntarget_arg=""\n'
        'while getopts "bc:d:t:h" opt; do\n'
        '\tcase "${opt}" in\n'
        "\tb)\n"
        '\t\tbase_debug_img_arg="--build-arg base_image=localhost:5000/baseimg_alpine:latest"\n'
        "\t\t;;\n"
        "\tc)\n\t\tcomponent_name=${OPTARG}\n\t\t;;\n"
        "\td)\n\t\tdir_arg=${OPTARG}\n\t\t;;\n"
        "\tt)\n\t\ttarget_arg=${OPTARG}\n\t\t;;\n"
        "\t?)\n\t\tprint_help\n\t\t;;\n"
        "\tesac\n"
        "done\n"
        'if [ -n "${target_arg}" ]; then\n  target_arg="--target ${target_arg}"\nfi\n'
        "docker build ${target_arg} ${base_debug_img_arg} "
        '-t "acme/${component_name}:dev" --file "${dir_arg}/Dockerfile" "${dir_arg}"\n',
    )
    write(
        project / "hack" / "build-all.sh",
        "#!/bin/bash\n"
        "build_image() {\n"
        "  local debug=${3:-false}\n"
        '  bash hack/build-one.sh -b -c "$1" -d "$2" -t release\n'
        '  if [[ "$debug" == "true" ]] && [[ "${add_debugger}" == "Y" ]]; then\n'
        '    bash hack/build-one.sh -b -c "$1-debug" -d "$2" -t debug\n'
        "  fi\n"
        "}\n"
        "build_image remote cmd/remote false\n",
    )
    write(
        project / "cmd" / "remote" / "Dockerfile",
        "ARG base_image\nFROM $base_image AS release\n",
    )
    write(project / "Makefile", "images:\n\tbash hack/build-all.sh\n")
    scan = scan_paths(["."])
    # (the base the options give; no debug build, whose stage the Dockerfile does not have:
    # the test before it fails)
    assert {(o.line, o.text) for o in scan if o.kind == "from"} == {
        (2, "localhost:5000/baseimg_alpine:latest")
    }
    assert not scan.errors


#: primeroIMS/primero at commit 4b95bf94 (AGPL-3.0): docker/build.sh, trimmed to its solr build,
#: and docker/solr/Dockerfile's first lines. Its CI runs `./build.sh solr`, no `-b`.
PRIMERO_BUILD = """\
#!/bin/bash
image=${1}
shift || true

while getopts "t:r:b:l" opt ; do
  case ${opt} in
    t )
      t=$OPTARG
    ;;
     b )
      b="${OPTARG}/"
    ;;
  esac
done
shift $((OPTIND -1)) || true

tag=${t:-latest}
build_registry=%s

BUILD_SOLR="docker build -f solr/Dockerfile ../ -t primero/solr:${tag} \\
  --build-arg BUILD_REGISTRY=${build_registry}"

apply_tags () {
  local image=${1}
  docker tag "primero/${image}:${tag}" "primeroims/${image}:${tag}"
}

case ${image} in
  solr)
    eval "${BUILD_SOLR}" && apply_tags solr
    ;;
esac
"""
PRIMERO_SOLR = "ARG BUILD_REGISTRY\nFROM ${BUILD_REGISTRY}solr:8.11.3-slim\n"


@pytest.mark.parametrize(
    ("default", "expected"),
    [
        ('${b:-""}', ("solr:8.11.3-slim", ())),
        ("${b:-}", ("solr:8.11.3-slim", ())),
        ('"${b:-}"', ("solr:8.11.3-slim", ())),
        # (an empty value written alone is a placeholder a run fills: as before)
        ('""', ("solr:8.11.3-slim", ("BUILD_REGISTRY",))),
    ],
)
def test_an_option_s_empty_default_is_the_value_without_the_option(
    project: Path, default: str, expected: tuple[str, tuple[str, ...]]
) -> None:
    write(project / "docker" / "build.sh", PRIMERO_BUILD % default)
    write(project / "docker" / "solr" / "Dockerfile", PRIMERO_SOLR)
    write(
        project / ".github" / "workflows" / "app.yml",
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: |\n          cd docker && ./build.sh solr\n",
    )
    scan = scan_paths(["."])
    assert [(o.text, o.unresolved) for o in scan if o.kind == "from"] == [expected]


@pytest.mark.parametrize("arm", ['b="${OPTARG}/"', "b=$OPTARG", "b=${OPTARG}x"])
def test_an_option_s_value_in_a_word_leaves_the_default_read_alone(arm: str) -> None:
    from tagsense.sources.builds.shell import ShellReader

    # (primero's docker/build.sh read alone, as `./build.sh solr` runs it: no `-b`)
    reader = ShellReader({}, defaults=True)
    (build,) = reader.read(
        f'while getopts "b:" opt; do\n  case ${{opt}} in\n    b ) {arm} ;;\n  esac\ndone\n'
        'build_registry=${b:-""}\n'
        "docker build -t acme/solr --build-arg BUILD_REGISTRY=${build_registry} .\n"
    )
    assert (build.args, build.unresolved) == ((("BUILD_REGISTRY", ""),), ())


def test_the_names_a_script_s_other_options_build_are_the_project_s(project: Path) -> None:
    # OWASP/wrongsecrets' .github/scripts/docker-create.sh (trimmed): its CI runs it with -t;
    # its maintainers publish with -p, which builds the challenge53-debug image that
    # k8s/challenge53/debug-container.yml runs (a false TS004 once -t alone was read).
    write(
        project / ".github" / "scripts" / "docker-create.sh",
        "#!/bin/bash\n"
        'script_mode="local"\ntag="1"\n'
        'while getopts ":tp" option; do\n'
        "    case $option in\n"
        '    t)\n        script_mode="test"\n        ;;\n'
        '    p)\n        script_mode="publish"\n        ;;\n'
        "    esac\n"
        "done\n"
        'if [[ "$script_mode" == "publish" ]]; then\n'
        "    docker buildx build -t acme/challenge-debug:$tag -f Dockerfile.debug --push .\n"
        'elif [[ "$script_mode" == "test" ]]; then\n'
        "    docker buildx build -t acme/app:$tag --load .\n"
        "fi\n",
    )
    write(
        project / ".github" / "workflows" / "test.yml",
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: cd .github/scripts && bash docker-create.sh -t\n",
    )
    write(
        project / "k8s" / "debug.yml",
        "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: app\n"
        "    image: acme/challenge-debug:1\n",
    )
    scan = scan_paths(["."])
    (debug,) = [o for o in scan if o.kind == "kubernetes"]
    assert debug.built is not None
    assert debug.built.path == os.path.join(".github", "scripts", "docker-create.sh")


OPENSEARCH_PY = Path(__file__).parent.parent / "data" / "realworld" / "opensearch-py-19b6769e"


def test_a_bracket_pattern_decides_the_branch(project: Path) -> None:
    # opensearch-project/opensearch-py's integration workflow runs `./.ci/run-tests SECURED
    # VERSION` over a matrix of versions; run-tests sets `IS_UNRELEASED=true` only `if [[
    # "$OPENSEARCH_VERSION" == *"SNAPSHOT" ]]`, and run-opensearch.sh builds .ci/opensearch/
    # Dockerfile with `--build-arg OPENSEARCH_VERSION` only `if [[ "$IS_UNRELEASED" ==
    # "false" ]]`. The pattern was not matched, so neither was known, and the Dockerfile was
    # read alone: TS011 for its `FROM opensearchproject/opensearch:$OPENSEARCH_VERSION`.
    shutil.copytree(OPENSEARCH_PY, project, dirs_exist_ok=True)
    versions = sorted(
        o.text
        for o in scan_paths(["."])
        if o.path == os.path.join(".ci", "opensearch", "Dockerfile")
    )
    assert versions == [
        f"opensearchproject/opensearch:{version}"
        for version in ("1.0.1", "1.3.20", "2.18.0", "2.19.5", "3.6.0")
    ]  # (ten jobs: each version secured and not, so ten environments of run-tests)
    assert all(not o.unresolved for o in scan_paths([".ci"]))


@pytest.mark.parametrize(
    ("test", "branch"),
    [
        ('[[ "$V" == *"SNAPSHOT" ]]', "then"),
        ('[[ "$V" != *-SNAPSHOT ]]', "else"),
        ("[[ $V == 9.?.0* ]]", "then"),
        ("[[ $V == 9.6.0 ]]", "else"),
        ('[ "$V" = *SNAPSHOT ]', "both"),  # (in `[ ]`, a file name's pattern)
        ('[[ "$V" == [89]* ]]', "both"),  # (a bracket expression: not read)
    ],
)
def test_the_patterns_of_bracket_tests(test: str, branch: str) -> None:
    from tagsense.sources.builds.shell import ShellReader

    reader = ShellReader({"V": "9.6.0-SNAPSHOT"}, pulls=True)
    reader.read(f"if {test}; then docker pull a:1; else docker pull b:1; fi\n")
    assert reader.pulls is not None
    pulled = sorted(pull.image for pull in reader.pulls)
    expected = {"then": ["a:1"], "else": ["b:1"], "both": ["a:1", "b:1"]}[branch]
    assert pulled == expected


def test_a_script_with_functions_that_neither_builds_nor_pulls_is_read_once(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # karmada's `hack/build.sh TARGET`, run for thirteen targets, builds Go binaries: one
    # reading serves them all (the words it is given change no image); its `hack/docker.sh
    # TARGET` is read once a target.
    from tagsense.sources.builds import _runs

    read: list[tuple[str, object]] = []
    original = _runs.Running._read

    def counted(self: _runs.Running, named: str, *args: object, **kwargs: object) -> None:
        read.append((os.path.basename(named), args[5]))
        original(self, named, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_runs.Running, "_read", counted)
    binary = 'build() {\n  go build -o "_output/$1" ./cmd/$1\n}\nbuild $@\n'
    write(project / "hack" / "build.sh", binary)
    write(project / "hack" / "docker.sh", 'image() {\n  docker build -t "acme/$1" .\n}\nimage $@\n')
    targets = " ".join(f"t{n}" for n in range(4))
    recipe = "\thack/build.sh $@\n\thack/docker.sh $@\n"
    write(project / "Makefile", f"TARGETS := {targets}\n$(TARGETS):\n{recipe}")
    forget()
    names = {image.name for image in read_makefile(str(project / "Makefile")).built}
    assert {f"acme/t{n}" for n in range(4)} <= names  # (and `acme/*`: the body read alone)
    assert [arguments for name, arguments in read if name == "build.sh"] == [None]
    assert len({arguments for name, arguments in read if name == "docker.sh"}) == 4


# jaegertracing/jaeger (trimmed): a retry wrapper runs the command its runner writes.
RETRY = '#!/bin/bash\nfor attempt in 1 2 3; do\n  "$@" && break\n  sleep 5\ndone\n'


def where(scan: object) -> list[tuple[str, int, int, str, object]]:
    return sorted(
        (str(o.path), o.line, o.column, o.text, o.context.get("wrapper"))
        for o in scan  # type: ignore[attr-defined]
    )


def test_an_image_a_wrapper_script_passes_on_is_found_where_its_runner_writes_it(
    project: Path,
) -> None:
    wrapper = os.path.join("scripts", "retry.sh")
    write(project / wrapper, RETRY)
    write(project / "Makefile", "pull:\n\tbash scripts/retry.sh docker pull redis:latest\n")
    write(project / "pull.sh", '#!/bin/bash\ncd "$(dirname "$0")"\n./fetch.sh busybox:1\n')
    write(project / "fetch.sh", '#!/bin/bash\ndocker pull "$1"\n')
    os.chmod(project / "fetch.sh", 0o755)
    workflow = (
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: |\n          bash scripts/retry.sh \\\n            docker pull postgres:17\n"
    )
    write(project / ".github" / "workflows" / "ci.yml", workflow)
    ci = os.path.join(".github", "workflows", "ci.yml")
    expected = [
        (ci, 9, 25, "postgres:17", wrapper),
        ("Makefile", 2, 36, "redis:latest", wrapper),
        ("pull.sh", 3, 12, "busybox:1", "fetch.sh"),
    ]
    assert where(scan_paths(["."])) == expected
    # The same alone (pre-commit): each runner has its own, the wrappers none.
    forget()
    alone = [o for path in ("Makefile", "pull.sh", ci) for o in scan_paths([path])]
    assert where(alone) == expected
    forget()
    assert where(scan_paths([wrapper])) == where(scan_paths(["fetch.sh"])) == []
    # (the runner's suppression comment covers it there)
    ignored = "pull:\n\tbash scripts/retry.sh docker pull redis:latest  # tagsense: ignore\n"
    write(project / "Makefile", ignored)
    forget()
    [occurrence] = scan_paths(["Makefile"]).occurrences
    assert [s.line for s in occurrence.suppressions] == [2]


def test_a_runner_checked_again_is_read_in_full_again_only_where_a_wrapper_passes_on(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (pre-commit: the summary kept on disk says where the full reading placed a wrapper's
    # pulls; databendlabs/databend's reuse.linux.yml runs 30 scripts, none a wrapper, and its
    # check read them all again each time: 2.8 s of CPU, 0.4 s now)
    from tagsense.sources import ci

    write(project / "scripts" / "retry.sh", RETRY)
    write(project / "scripts" / "own.sh", "#!/bin/bash\ndocker pull alpine:3.20\n")
    steps = "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: "
    wrapped = os.path.join(".github", "workflows", "wrapped.yml")
    plain = os.path.join(".github", "workflows", "plain.yml")
    write(project / wrapped, steps + "bash scripts/retry.sh docker pull postgres:17\n")
    write(project / plain, steps + "bash scripts/own.sh\n")
    read: list[str] = []
    built_images = ci.built_images

    def counted(text: str, *, path: str, **kwargs: object) -> object:
        read.append(path)
        return built_images(text, path=path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ci, "built_images", counted)
    runs = {}
    for attempt in ("first", "again"):
        for path in (wrapped, plain):
            forget()
            runs[attempt, path] = where(scan_paths([path]))
    assert runs["again", wrapped] == runs["first", wrapped]
    assert [text for _, _, _, text, _ in runs["again", wrapped]] == ["postgres:17"]
    assert runs["again", plain] == runs["first", plain] == []
    # (each read the first time only: the full reading of the one where a wrapper passes
    # one on is kept, scan and all)
    assert read.count(wrapped) == 1
    assert read.count(plain) == 1
    # (where it is not kept with its scan, read each time where a wrapper passes one on)
    from tagsense.sources import _context_cache

    monkeypatch.setattr(_context_cache, "load_full", lambda *_: None)
    read.clear()
    for path in (wrapped, plain):
        forget()
        assert where(scan_paths([path])) == runs["first", path]
    assert read == [wrapped]


def test_a_script_checked_again_is_read_through_its_runner_again_only_where_it_places_some(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (pre-commit: aquasecurity/tracee's tests/e2e/common.sh, which its CI file and Makefile
    # run, was read through both in full, with every script they run, at each check: 6 s of
    # CPU; the summary kept on disk says where that reading places what it finds)
    from tagsense.sources import ci
    from tagsense.sources.builds import make

    script = metrics_server(project)  # (the Makefile gives it the images it pulls)
    write(project / "scripts" / "build.sh", "#!/bin/bash\ndocker build -t acme/app .\n")
    write(project / "Makefile", MAKEFILE + "build:\n\t./scripts/build.sh\n")
    # (a file a script sources that no scan reads alone: its pulls are the script's)
    write(project / "scripts" / "helpers", "docker pull alpine:3.20\n")
    write(project / "scripts" / "setup.sh", "#!/bin/bash\n. scripts/helpers\n")
    workflow = os.path.join(".github", "workflows", "setup.yml")
    steps = "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: "
    write(project / workflow, steps + "./scripts/setup.sh\n")
    build = os.path.join("scripts", "build.sh")
    setup = os.path.join("scripts", "setup.sh")
    read: list[str] = []
    read_makefile, built_images = make.read_makefile, ci.built_images

    def counted_makefile(path: str, **kwargs: object) -> object:
        read.append(path)
        return read_makefile(path, **kwargs)  # type: ignore[arg-type]

    def counted_ci(text: str, *, path: str, **kwargs: object) -> object:
        read.append(path)
        return built_images(text, path=path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(make, "read_makefile", counted_makefile)
    monkeypatch.setattr(ci, "built_images", counted_ci)
    from tagsense.sources import _context_cache

    load_full = _context_cache.load_full
    for kept in ("with its scan", "without"):
        # (without: a full reading whose scan is not kept, or was lost)
        monkeypatch.setattr(
            _context_cache, "load_full", load_full if kept == "with its scan" else lambda *_: None
        )
        runs = {}
        reads = {}
        for checked in (script, build, setup):
            for attempt in ("first", "again"):
                forget()
                read.clear()
                runs[attempt, checked] = found(scan_paths([checked]))
            reads[checked] = (read.count("Makefile"), read.count(workflow))  # (checked again)
        for checked in (script, build, setup):
            assert runs["again", checked] == runs["first", checked]
        assert [text for _, _, _, text, _ in runs["again", script]] == [
            "kindest/node:v1.35.5",
            "kindest/node:v1.36.1",
        ]
        assert runs["again", build] == []
        assert [text for _, _, _, text, _ in runs["again", setup]] == ["alpine:3.20"]
        if kept == "with its scan":
            # (what the runner's full reading places in the script is kept: none read again)
            assert reads == {script: (0, 0), setup: (0, 0), build: (0, 0)}
        else:
            # (read again where the runner's reading places something in the script, or in
            # a file only it sources; not at all for a script that has nothing of it)
            assert reads == {script: (1, 0), setup: (0, 1), build: (0, 0)}


def test_a_library_checked_again_is_not_read_through_the_script_that_sources_it_again(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (aquasecurity/tracee's scripts/lib.sh, which seven scripts source: a script's first
    # reading leaves out the pulls of the files it sources, and its full reading, which says
    # where they are, was not kept; each check of lib.sh read the seven in full: 10 s of CPU)
    from tagsense.sources.builds import shell

    write(project / "scripts" / "lib.sh", 'say() {\n  echo "$1"\n}\n')
    write(
        project / "scripts" / "main.sh",
        "#!/bin/bash\n. scripts/lib.sh\nsay hi\ndocker build -t acme/app .\n"
        "docker run --rm redis:7.4 true\n",
    )
    write(project / "scripts" / "other.sh", '#!/bin/bash\n. scripts/lib.sh\nsay "$REDIS"\n')
    library = os.path.join("scripts", "lib.sh")
    main = os.path.join("scripts", "main.sh")
    read: list[str] = []
    read_shell_script = shell.read_shell_script

    def counted(path: str, **kwargs: object) -> object:
        read.append(path)
        return read_shell_script(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(shell, "read_shell_script", counted)
    runs = {}
    reads = {}
    for attempt in ("first", "again"):
        forget()
        read.clear()
        runs[attempt] = found(scan_paths([library]))
        reads[attempt] = read.count(main)
    assert runs["again"] == runs["first"] == []
    assert found(scan_paths([main])) == [(main, 5, 17, "redis:7.4", None)]
    assert reads == {"first": 1, "again": 0}


def test_an_image_a_wrapper_writes_itself_or_takes_from_its_environment_stays_in_it(
    project: Path,
) -> None:
    # (the variable's value is used where the script uses it, as a compose file's ${IMAGE})
    write(project / "retry.sh", RETRY + "docker pull nginx:1.27\n")
    write(project / "kind.sh", 'kind create cluster --image="$NODE_IMAGE"\n')
    recipes = (
        "\tbash retry.sh kind create cluster --image=kindest/node:v1.35.5\n"
        "\tNODE_IMAGE=kindest/node:v1.36.1 bash kind.sh\n"
    )
    write(project / "Makefile", f"e2e:\n{recipes}")
    assert where(scan_paths(["."])) == [
        ("Makefile", 2, 44, "kindest/node:v1.35.5", "retry.sh"),  # (a part of an argument)
        ("kind.sh", 1, 1, "kindest/node:v1.36.1", None),
        ("retry.sh", 6, 13, "nginx:1.27", None),
    ]


NIPYPE = Path(__file__).parent.parent / "data" / "realworld" / "nipype-c13ba062"
NIPYPE_RETRY = NIPYPE / "tools" / "retry_cmd.sh"


def test_a_wrapper_that_runs_its_words_through_sh_c_passes_them_on(project: Path) -> None:
    # nipy/nipype's CircleCI runs `tools/retry_cmd.sh -n 5 -s 15 docker build -t
    # nipype/nipype:base - < docker/Dockerfile.base`: the script takes its options off in a
    # `while true; do case "$1"` loop, quotes each word left into CMD (`for ARG; do`, the
    # words "$@" gives), and runs `sh -c "$CMD"`; its `docker pull nipype/nipype:base` two
    # lines before pulls the image the project builds (survey s46e: a false TS003)
    wrapper = os.path.join("tools", "retry_cmd.sh")
    write(project / wrapper, NIPYPE_RETRY.read_text())
    os.chmod(project / wrapper, 0o755)
    workflow = (
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: tools/retry_cmd.sh -n 5 -s 15 docker pull postgres:17\n"
        "      - run: tools/retry_cmd.sh docker build -t example/base:dev .\n"
    )
    write(project / ".github" / "workflows" / "ci.yml", workflow)
    ci = os.path.join(".github", "workflows", "ci.yml")
    assert where(scan_paths(["."])) == [(ci, 7, 56, "postgres:17", wrapper)]
    built = {image.name for image in built_images(workflow, path=ci).built}
    assert "example/base" in built


@pytest.mark.parametrize(
    ("loop", "expected"),
    [
        ('for ARG; do\n  CMD="$CMD \\"$ARG\\""\ndone', ["postgres:17"]),
        ('for ARG do\n  CMD="$CMD $ARG"\ndone', ["postgres:17"]),
        ('for ARG; do CMD="$CMD \\"$ARG\\""; done', ["postgres:17"]),
        # the accumulator is a run's when it did not start empty here
        ('for ARG; do\n  CMD="$CMD $ARG"\ndone\nCMD="$UNSET_PREFIX $CMD"', []),
    ],
    ids=["for NAME; do", "for NAME do", "on one line", "a run's prefix"],
)
def test_a_loop_without_in_walks_the_words_the_script_is_run_with(
    project: Path, loop: str, expected: list[str]
) -> None:
    # (POSIX, The for Loop: omitting `in word…` is `in "$@"`)
    write(project / "retry.sh", f'#!/bin/sh\nCMD=""\n{loop}\nsh -c "$CMD"\n')
    write(project / "Makefile", "pull:\n\t./retry.sh docker pull postgres:17\n")
    assert [text for _, _, _, text, _ in where(scan_paths(["."]))] == expected


def test_a_script_gives_a_wrapper_its_command_from_where_the_wrapper_is(project: Path) -> None:
    # (a script run from where a run decides: `tools/w.sh …` is the project's script from
    # its root, or beside the script; a path found neither way, or both, stays a run's)
    write(project / "tools" / "w.sh", '#!/bin/sh\n"$@"\n')
    write(project / "ci" / "w.sh", '#!/bin/sh\n"$@"\n')
    write(project / "ci" / "tools" / "w.sh", '#!/bin/sh\n"$@"\n')
    write(
        project / "c.sh",
        "#!/bin/sh\ntools/w.sh docker pull example/p:1\n"
        "tools/w.sh docker build -t example/q:base .\n",
    )
    write(project / "ci" / "run.sh", "#!/bin/sh\n./w.sh docker pull example/r:1\n")
    write(project / "ci" / "both.sh", "#!/bin/sh\ntools/w.sh docker pull example/s:1\n")
    assert where(scan_paths(["."])) == [
        ("c.sh", 2, 24, "example/p:1", os.path.join("tools", "w.sh")),
        (os.path.join("ci", "run.sh"), 2, 20, "example/r:1", os.path.join("ci", "w.sh")),
    ]
    built = {image.name for image in read_shell_script("c.sh").built}
    assert "example/q" in built


# zerotier/ZeroTierOne (trimmed): each Drone step runs `./ci/scripts/build.sh bullseye
# debian 386 …`; the script takes its words off with a top-level `shift` after each and
# builds FROM …/${ZT_NAME}-builder (survey s43e: 2 false TS011, the images missed)
ZT_BUILD = """\
#!/bin/bash
set -euo pipefail
ZT_NAME="$1" ; shift
DISTRO="$1" ; shift
docker buildx build --build-arg ZT_NAME="${ZT_NAME}" -f ci/Dockerfile-build.deb -t build .
"""


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        ('ZT_NAME="$1" ; shift', ["ecr.example/bullseye-builder"]),
        # a shift only a run decides (after a test): the words left are a run's
        ('ZT_NAME="$1" && [ -n "$2" ] && shift', []),
        # one in a loop: likewise
        ('ZT_NAME="$1"\nwhile [ -n "$DISTRO" ]; do\n  shift\ndone', []),
    ],
    ids=["top-level shifts", "conditional shift", "shift in a loop"],
)
def test_a_script_s_top_level_shifts_take_its_words_off_in_turn(
    project: Path, first: str, expected: list[str]
) -> None:
    write(project / "ci" / "scripts" / "build.sh", ZT_BUILD.replace('ZT_NAME="$1" ; shift', first))
    write(
        project / "ci" / "Dockerfile-build.deb",
        "ARG ZT_NAME\nFROM ecr.example/${ZT_NAME}-builder AS builder\n",
    )
    write(
        project / ".github" / "workflows" / "build.yml",
        "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: ./ci/scripts/build.sh bullseye debian 386\n",
    )
    resolved = [o.text for o in scan_paths(["."]) if o.kind == "from" and not o.unresolved]
    assert resolved == expected


def _script_readings(project: Path, options: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    """How often a scan reads the whole text of a script its CI runs once with each of
    ``options`` (an option loop's script: see the test below)."""
    from tagsense.sources.builds.shell import ShellReader

    script = (
        "#!/bin/bash\n"
        'mode="local"\n'
        'while getopts ":tpd" option; do\n'
        "    case $option in\n"
        '    t) mode="test" ;;\n'
        '    p) mode="publish" ;;\n'
        '    d) mode="debug" ;;\n'
        "    esac\n"
        "done\n"
        'if [[ "$mode" == "publish" ]]; then\n'
        "    docker buildx build -t acme/app-debug:1 -f Dockerfile.debug --push .\n"
        "    docker run --rm acme/signer:2.1 sign acme/app-debug:1\n"
        "else\n"
        "    docker buildx build -t acme/app:1 --load .\n"
        "fi\n"
    )
    write(project / "ci" / "docker-create.sh", script)
    steps = "".join(f"      - run: bash ci/docker-create.sh {option}\n" for option in options)
    workflow = write(
        project / ".github" / "workflows" / "test.yml",
        f"on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n{steps}",
    )
    forget()
    readings = 0
    read = ShellReader.read

    def counted(reader: ShellReader, text: str, line: int = 1) -> list[object]:
        nonlocal readings
        readings += text == script
        return read(reader, text, line)  # type: ignore[return-value]

    monkeypatch.setattr(ShellReader, "read", counted)
    scan = scan_paths(["."])
    monkeypatch.setattr(ShellReader, "read", read)
    # (whichever options it is run with, what its other options pull and build is found)
    assert "acme/signer:2.1" in {o.text for o in scan}
    path = str(workflow.relative_to(project))
    built = {image.name for image in built_images(workflow.read_text(), path=path).built}
    assert {"acme/app", "acme/app-debug"} <= built
    return readings


def test_a_script_run_with_more_options_is_read_once_more_for_each(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # hpc/charliecloud's workflow runs bin/ch-test (1,200 lines) 16 times with other words:
    # what it builds and pulls whichever options it is given was read again for each run,
    # twice, seconds of a scan, though it depends only on the script and its environment.
    fewer = _script_readings(project, ["-t"], monkeypatch)
    more = _script_readings(project, ["-t", "-d", "-t -d"], monkeypatch)
    assert more - fewer == 2  # (the two runs more are read with their own words only)


def test_a_sourced_function_builds_the_name_a_call_tags_with_a_run_s_tag(project: Path) -> None:
    # ava-labs/avalanchego, scripts/build_antithesis_images.sh (trimmed): the function of the
    # sourced lib_build_antithesis_images.sh (a script a scan reads alone too) builds
    # `-t "${image_name}"`, which the call gives as the name at the commit's tag; the call's
    # build, with its GO_VERSION, was dropped for the tag a run knows (TS003 'INVALID-bookworm')
    write(
        project / "scripts" / "lib_images.sh",
        "#!/usr/bin/env bash\n"
        "function build_builder_image {\n"
        "  local go_version=$1\n"
        "  local image_name=$2\n"
        "  local top=$3\n"
        '  docker buildx build --build-arg GO_VERSION="${go_version}" -t "${image_name}" \\\n'
        '    -f "${top}/tests/Dockerfile.builder" "${top}"\n'
        "}\n",
    )
    write(
        project / "scripts" / "build_images.sh",
        "#!/usr/bin/env bash\n"
        'TOP=$( cd "$( dirname "${BASH_SOURCE[0]}" )"; cd .. && pwd )\n'
        'source "${TOP}"/scripts/lib_images.sh\n'
        'IMAGE_TAG="$(git rev-parse --short HEAD)"\n'
        'build_builder_image "1.25.10" "acme-builder:${IMAGE_TAG}" "${TOP}"\n',
    )
    write(
        project / "tests" / "Dockerfile.builder",
        "ARG GO_VERSION=INVALID\nFROM golang:${GO_VERSION}-bookworm\n",
    )
    forget()
    scan = {(str(o.path), o.line): o for o in scan_paths(["."])}
    assert scan[(os.path.join("tests", "Dockerfile.builder"), 2)].text == "golang:1.25.10-bookworm"


def test_a_function_read_alone_runs_no_script_with_its_arguments(project: Path) -> None:
    # ava-labs/avalanchego, graft/subnet-evm/scripts/tests.build_docker_image.sh (trimmed): its
    # `build_and_test` runs the build script with the image names each call gives; its body
    # read where it is written ran it with none: a build of no name, which passed the FROM an
    # image only a run knows (a false TS011)
    write(
        project / "build_image.sh",
        "#!/usr/bin/env bash\n"
        'BASE="${BASE_IMAGE:-${BASE_NAME}}"\n'
        'docker build -t "$IMAGE_NAME:dev" --build-arg BASE="$BASE" .\n',
    )
    write(
        project / "test_image.sh",
        "#!/usr/bin/env bash\n"
        'cd "$(dirname "$0")"\n'
        "build_and_test() {\n"
        '  IMAGE_NAME="${1}" BASE_NAME="${2}" ./build_image.sh\n'
        "}\n"
        'build_and_test "acme/app" "acme/base:1.4.2"\n',
    )
    write(project / "Dockerfile", "ARG BASE\nFROM $BASE\n")
    forget()
    builds = read_shell_script("test_image.sh").builds
    assert [(build.name, dict(build.args)) for build in builds] == [
        ("acme/app", {"BASE": "acme/base:1.4.2"})
    ]  # (and no build of no name, without BASE)


def test_each_branch_s_path_below_the_script_s_directory_is_built(project: Path) -> None:
    # ava-labs/avalanchego, scripts/lib_build_antithesis_images.sh (trimmed): the builder
    # Dockerfile is `.builder-instrumented`, `.builder-uninstrumented` on arm64, both below the
    # script's `$AVALANCHE_PATH`; only the last was built (a false TS003 on the other)
    write(
        project / "scripts" / "build.sh",
        "#!/usr/bin/env bash\n"
        'TOP=$( cd "$( dirname "${BASH_SOURCE[0]}" )"; cd .. && pwd )\n'
        'dockerfile="${TOP}/docker/Dockerfile.instrumented"\n'
        'if [[ "$(go env GOARCH)" == "arm64" ]]; then\n'
        '  dockerfile="${TOP}/docker/Dockerfile.uninstrumented"\n'
        "fi\n"
        'docker build --build-arg GO_VERSION=1.25.10 -t acme/builder -f "${dockerfile}" "${TOP}"\n',
    )
    forget()
    builds = read_shell_script(os.path.join("scripts", "build.sh")).builds
    assert sorted((build.dockerfile, dict(build.args)) for build in builds) == [
        (os.path.join("docker", "Dockerfile.instrumented"), {"GO_VERSION": "1.25.10"}),
        (os.path.join("docker", "Dockerfile.uninstrumented"), {"GO_VERSION": "1.25.10"}),
    ]


def test_what_a_runner_places_in_a_script_is_kept_until_a_file_its_reading_read_changes(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (pre-commit: aquasecurity/tracee's tests/e2e/run-kernel.sh, which its Makefile runs
    # with the images it pulls, read the Makefile in full, with the dozen scripts it runs,
    # at each check: 1.5 s of CPU. That reading is kept on disk, scan and all, while every
    # file it read is unchanged: the Makefile, what it includes, the scripts it runs)
    from tagsense.sources.builds import make

    makefile = (
        "include versions.mk\n"
        "test-e2e:\n\tNODE_IMAGE=$(NODE) ./test/test-e2e.sh\n"
        "test-old:\n\tNODE_IMAGE=kindest/node:v1.35.5 ./test/test-e2e.sh\n"
    )
    script = metrics_server(project, makefile)
    write(project / "versions.mk", "NODE := kindest/node:v1.36.1\n")
    read: list[str] = []
    read_makefile = make.read_makefile

    def counted(path: str, **kwargs: object) -> object:
        read.append(path)
        return read_makefile(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(make, "read_makefile", counted)

    def checked() -> tuple[list[tuple[str, int, int, str, object]], int]:
        """The script checked alone, again alone, and in a directory scan: the same."""
        runs = []
        read.clear()
        for paths in ([script], [script], ["."]):
            forget()
            runs.append(found(o for o in scan_paths(paths) if o.path == script))
            if paths == [script]:
                reads = read.count("Makefile")  # (the last check alone: warm)
        assert runs[0] == runs[1] == runs[2]
        return runs[0], reads

    first, reads = checked()
    assert [(line, text) for _, line, _, text, _ in first] == [
        (4, "kindest/node:v1.35.5"),
        (4, "kindest/node:v1.36.1"),
    ]
    assert reads == 1  # (read once, the first time: the second check took it from the disk)
    assert checked() == (first, 0)
    # Each file the reading read, changed, gives the new answer: what the Makefile includes,
    write(project / "versions.mk", "NODE := kindest/node:v1.36.10\n")
    answer, reads = checked()
    assert [text for *_, text, _ in answer] == ["kindest/node:v1.35.5", "kindest/node:v1.36.10"]
    assert reads == 1
    # the Makefile itself,
    write(project / "Makefile", makefile.replace("v1.35.5", "v1.35.10"))
    answer, reads = checked()
    assert [text for *_, text, _ in answer] == ["kindest/node:v1.35.10", "kindest/node:v1.36.10"]
    assert reads == 1
    # and the script it runs (where the pull is).
    write(project / script, E2E.replace("set -e\n", "set -e\n# a new line\n"))
    answer, reads = checked()
    assert [line for _, line, *_ in answer] == [5, 5]
    assert reads == 1
    assert checked() == (answer, 0)


def test_a_kept_scan_is_the_scan_it_was(tmp_path: Path) -> None:
    # (every field of what a reading found, made again from the disk: invalid references,
    # unresolved ones, those a run fills in, the images built, suppression comments)
    from tagsense.occurrence import BuildSite, Occurrence, Scan, SourceError, Suppression
    from tagsense.sources import _context_cache
    from tagsense.sources.project import BuildFile

    path = str(write(tmp_path / "Makefile", "all:\n\tdocker pull redis:7\n"))
    ignore = Suppression(path, 3, 2, "ignore", frozenset({"TS001"}), "# tagsense: ignore[TS001]")
    occurrences = [
        Occurrence.of_text(path=path, line=2, column=15, kind="shell", raw="redis:7",
                           text="redis:7", context={"run_by": "ci.yml:4", "targets": ["a"]}),
        Occurrence.of_text(path=path, line=3, column=1, kind="shell", raw="Redis:7",
                           text="Redis:7", suppressions=[ignore]),
        Occurrence.of_text(path=path, line=4, column=1, kind="shell", raw="$IMAGE",
                           text="${IMAGE}", unresolved=["IMAGE"]),
        Occurrence.of_text(path=path, line=5, column=1, kind="ci", raw="${{ x }}",
                           text="${{ x }}", run_time="an expression", end_line=6, end_column=3),
        Occurrence.of_text(path=path, line=6, column=1, kind="shell", raw="acme/app",
                           text="acme/app", built=BuildSite("shell", path, 1)),
    ]  # fmt: skip
    occurrences[1].error  # noqa: B018 (asked already: kept as what the text gives)
    errors = [SourceError(path, 7, "unterminated quote"), SourceError(None, None, "n", note=True)]
    scan = Scan(occurrences, errors, [ignore])
    found = BuildFile(scan=scan, path=path, reads=["run.sh"])
    _context_cache.store(path, "make", {}, found, _context_cache.stat_of(path), full=True)
    kept = _context_cache.load_full(path, "make", {})
    assert kept is not None
    assert kept.complete
    assert kept.reads == ("run.sh",)
    assert kept.scan.occurrences == scan.occurrences
    assert [o.context for o in kept.scan] == [o.context for o in scan]
    assert [(o.reference, o.error and o.error.kind) for o in kept.scan] == [
        (o.reference, o.error and o.error.kind) for o in scan
    ]
    assert [(o.end_line, o.end_column, o.suppressions) for o in kept.scan] == [
        (o.end_line, o.end_column, o.suppressions) for o in scan
    ]
    assert [(e.path, e.line, e.message, e.note) for e in kept.scan.errors] == [
        (e.path, e.line, e.message, e.note) for e in errors
    ]
    assert kept.scan.suppressions == (ignore,)
    # (not the summary's entry: a summary has no scan)
    summary = _context_cache.load(path, "make", {})
    assert summary is not None
    assert not summary.complete
    assert summary.places is not None
    # A reference that is not what its text gives is not kept (nor a scan with it), nor is a
    # reading from another name of the file (its scan names the files from there).
    other = occurrences[0].replace(reference=occurrences[4].reference)
    found = BuildFile(scan=Scan([other]), path=path)
    _context_cache.store(path, "make", {}, found, _context_cache.stat_of(path), full=True)
    assert _context_cache.load_full(path, "make", {}) is None
    assert _context_cache.load(path, "make", {}) is not None
    found = BuildFile(scan=scan, path=path)
    _context_cache.store(path, "make", {}, found, _context_cache.stat_of(path), full=True)
    assert _context_cache.load_full(path, "make", {}) is not None
    assert _context_cache.load_full(os.path.relpath(path), "make", {}) is None


# FOSSBilling/FOSSBilling (Apache-2.0), trimmed: the workflow runs the live-test script with
# the image it built; the script exports it (from its $1, or from the environment the step
# gives) for the compose file that requires it. Read alone, the script leaves the value to a
# run: the runner's reading says which (survey 56b: a false TS011).
LIVE_COMPOSE = "services:\n  app:\n    image: ${TEST_IMAGE:?TEST_IMAGE is required}\n"


@pytest.mark.parametrize(
    ("step", "export"),
    [
        (
            "bash ./.github/scripts/run.sh postgres:16.4",
            'image="${1:?usage}"\nexport TEST_IMAGE="${image}"',
        ),
        ("BASE=postgres:16.4 bash ./.github/scripts/run.sh", 'export TEST_IMAGE="$BASE"'),
    ],
)
def test_a_value_the_runner_gives_a_script_s_compose_file_is_not_left_to_a_run(
    project: Path, step: str, export: str
) -> None:
    write(project / ".github" / "docker" / "t.compose.yml", LIVE_COMPOSE)
    write(
        project / ".github" / "scripts" / "run.sh",
        f"#!/usr/bin/env bash\n{export}\ndocker compose -f .github/docker/t.compose.yml up -d\n",
    )
    workflow = (
        f"on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: {step}\n"
    )
    write(project / ".github" / "workflows" / "t.yml", workflow)
    compose = [o for o in scan_paths(["."]) if o.path.endswith("t.compose.yml")]
    assert [(o.text, o.unresolved) for o in compose] == [("postgres:16.4", ())]
    # (nothing runs it: the value is a run's, as before)
    (project / ".github" / "workflows" / "t.yml").unlink()
    forget()
    compose = [o for o in scan_paths(["."]) if o.path.endswith("t.compose.yml")]
    assert [o.unresolved for o in compose] == [("TEST_IMAGE",)]

"""Bats test files (``*.bats``): ``load`` sources a helper from the test file's directory,
``run`` runs a command unless the test expects it to fail, ``skip`` ends a test, and the
commands a Lima or Colima front end runs in its VM (see ``tagsense.sources.builds._bats``
and ``._vm_shells``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tagsense.sources import scan_paths
from tagsense.sources.builds._bats import expects_failure, expects_status, run_command
from tagsense.sources.builds._vm_shells import command_in_vm

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


def found(paths: list[str]) -> list[tuple[str, int, str, object]]:
    return [(str(o.path), o.line, o.text, o.context.get("engine")) for o in scan_paths(paths)]


# cri-o/cri-o's test/helpers.bash (trimmed): the suite's crictl runs the binary built, and
# crictl_pull retries a pull whose command a command substitution runs.
HELPERS = """\
FEDORA_IMAGE=quay.io/fedora/fedora:41

function crictl() {
    "$CRICTL_BINARY" -t "$CRICTL_TIMEOUT" --config "$CRICTL_CONFIG_FILE" \\
        -r "unix://$CRIO_SOCKET" "$@"
}

function retry() {
    local attempts=$1
    shift
    local delay=$1
    shift
    local i

    for ((i = 0; i < attempts; i++)); do
        if output=$("$@"); then
            return 0
        fi
        sleep "$delay"
    done
    false
}

function crictl_pull() {
    retry 3 5 crictl pull "$@" || return 1
    printf '%s\\n' "$output"
}
"""
IMAGE_BATS = """\
#!/usr/bin/env bats

load helpers

IMAGE=quay.io/crio/pause:3.10

@test "pull by tag" {
\tcrictl_pull "$IMAGE"
}

@test "pull the helpers' image" {
\tcrictl pull "$FEDORA_IMAGE"
}

@test "short names are refused" {
\trun crictl pull nginx
\t[[ "$status" -ne 0 ]]
}

@test "a policy refuses it" {
\trun ! crictl pull quay.io/crio/unsigned:1.0
}

@test "left off" {
\tskip "FIXME: flaky"
\tcrictl_pull quay.io/crio/flaky:1.0
}

@test "pulled and checked" {
\trun --separate-stderr crictl pull quay.io/crio/alpine:3.21
\t[ "$status" -eq 0 ]
}
"""


def test_load_reads_the_helper_with_its_variables_and_functions(project: Path) -> None:
    write(project / "test" / "helpers.bash", HELPERS)
    write(project / "test" / "image.bats", IMAGE_BATS)
    expected = [
        ("test/image.bats", 8, "quay.io/crio/pause:3.10", "crictl"),
        ("test/image.bats", 12, "quay.io/fedora/fedora:41", "crictl"),
        ("test/image.bats", 30, "quay.io/crio/alpine:3.21", "crictl"),
    ]
    assert found(["test/image.bats"]) == expected
    assert found(["."]) == expected


def test_load_finds_name_bash_then_name_from_the_test_files_directory(project: Path) -> None:
    write(project / "test" / "lib" / "images", "ALPINE=alpine:3.21\n")
    write(project / "test" / "lib" / "images.bash", "ALPINE=alpine:3.20\n")
    write(project / "test" / "extras" / "vars", "BUSYBOX=busybox:1.37\n")
    write(
        project / "test" / "a.bats",
        'load lib/images\nload "$BATS_TEST_DIRNAME/extras/vars"\n'
        '@test "x" {\n  docker pull "$ALPINE"\n  docker pull "$BUSYBOX"\n}\n',
    )
    assert found(["test/a.bats"]) == [
        ("test/a.bats", 4, "alpine:3.20", "docker"),
        ("test/a.bats", 5, "busybox:1.37", "docker"),
    ]


def test_load_is_bats_only_and_of_the_projects_files(project: Path) -> None:
    write(project / "test" / "helpers.bash", "IMAGE=alpine:3.21\n")
    # (in a plain script, `load` is some program of its own)
    write(project / "test" / "run.sh", 'load helpers\ndocker pull "$IMAGE"\n')
    write(project / "test" / "b.bats", 'load /usr/lib/bats/helpers\ndocker pull "$IMAGE"\n')
    assert found(["test/run.sh", "test/b.bats"]) == []


def test_a_helper_a_test_file_loads_pulls_at_its_own_lines(project: Path) -> None:
    write(
        project / "test" / "helpers.bash", "start_registry() {\n  podman run -d registry:2.8.3\n}\n"
    )
    write(project / "test" / "a.bats", 'load helpers\n@test "x" {\n  start_registry\n}\n')
    assert found(["."]) == [("test/helpers.bash", 2, "registry:2.8.3", "podman")]


def test_each_test_has_its_own_calls(project: Path) -> None:
    write(project / "test" / "helpers.bash", HELPERS)
    tests = "".join(
        f'@test "t{number}" {{\n\tcrictl_pull quay.io/crio/t:{number}\n}}\n\n'
        for number in range(40)
    )
    write(project / "test" / "many.bats", f"load helpers\n\n{tests}")
    images = [text for _, _, text, _ in found(["test/many.bats"])]
    assert images == [f"quay.io/crio/t:{number}" for number in range(40)]


def test_the_vm_front_ends_run_their_commands(project: Path) -> None:
    write(
        project / "hack" / "test.sh",
        'limactl shell "$NAME" nerdctl pull --quiet ghcr.io/stargz-containers/nginx:1.19\n'
        "lima sudo nerdctl run --rm --net=none dougrabson/freebsd-minimal:13 echo ok\n"
        "colima nerdctl -- run --rm ghcr.io/linuxcontainers/alpine:3.21 uname -a\n"
        "colima ssh -- docker pull busybox:1.37\n"
        "colima start --runtime docker\n",
    )
    assert found(["hack/test.sh"]) == [
        ("hack/test.sh", 1, "ghcr.io/stargz-containers/nginx:1.19", "nerdctl"),
        ("hack/test.sh", 2, "dougrabson/freebsd-minimal:13", "nerdctl"),
        ("hack/test.sh", 3, "ghcr.io/linuxcontainers/alpine:3.21", "nerdctl"),
        ("hack/test.sh", 4, "busybox:1.37", "docker"),
    ]


words = st.lists(st.text(alphabet="!-0123456789abc- ", max_size=6), max_size=6)


@given(words)
def test_run_command_is_what_follows_the_options(given_words: list[str]) -> None:
    command = run_command(given_words)
    assert command == given_words[len(given_words) - len(command) :] or command == []


@given(words)
def test_command_in_vm_never_raises(given_words: list[str]) -> None:
    for program in ("limactl", "lima", "colima", "nerdctl.lima"):
        inside = command_in_vm([program, *given_words])
        assert inside is None or len(inside) >= 1


@given(st.text(max_size=40), st.lists(st.text(max_size=40), max_size=5), st.integers(0, 6))
def test_expects_failure_never_raises(chunk: str, lines: list[str], index: int) -> None:
    assert expects_failure(chunk, lines, index) in (True, False)


def test_a_pipeline_that_reads_a_file_of_the_project_gives_its_value(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # kubernetes-sigs/cri-tools' hack/run-e2e-container.sh (trimmed)
    monkeypatch.setenv("TAGSENSE_NO_CACHE", "1")
    write(project / "go.mod", "module example.com/x\n\ngo 1.26.4\n")
    write(
        project / "images" / "test" / "Dockerfile",
        "ARG GO_VERSION=1.25\nFROM golang:${GO_VERSION}\n",
    )
    write(
        project / "hack" / "run.sh",
        'REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"\ncd "${REPO_ROOT}"\n'
        "GO_VERSION=\"$(grep '^go ' go.mod | awk '{print $2}')\"\n"
        'docker build --build-arg "GO_VERSION=${GO_VERSION}" -t t -f images/test/Dockerfile .\n',
    )
    assert [o.text for o in scan_paths(["."])] == ["golang:1.26.4"]


def test_run_sees_through_wrappers_and_a_case_of_a_known_first_word_picks_its_arm(
    project: Path,
) -> None:
    # containers/skopeo's systemtest/helpers.bash (trimmed): `run_skopeo` shifts an expected
    # exit code off only when its first word is one; `copy` is none, and a word a run
    # decides may be (then the shift is a run's).
    write(
        project / "systemtest" / "helpers.bash",
        "SKOPEO_BINARY=${SKOPEO_BINARY:-${TEST_SOURCE_DIR}/../bin/skopeo}\n"
        "SKOPEO_TIMEOUT=${SKOPEO_TIMEOUT:-300}\n"
        "function run_skopeo() {\n"
        '    case "$1" in\n        [0-9]) expected_rc=$1; shift;;\n    esac\n'
        '    run timeout --foreground --kill=10 $SKOPEO_TIMEOUT ${SKOPEO_BINARY} "$@"\n}\n'
        "function plain_skopeo() {\n"
        '    run timeout --kill=10 $SKOPEO_TIMEOUT ${SKOPEO_BINARY} "$@"\n}\n',
    )
    write(
        project / "systemtest" / "020-copy.bats",
        'load helpers\n@test "copy" {\n'
        "    run_skopeo copy docker://quay.io/libpod/busybox:1.36 dir:/tmp/a\n"
        "    plain_skopeo copy docker://quay.io/libpod/alpine:3.21 dir:/tmp/b\n"
        "    run_skopeo $RC copy docker://quay.io/libpod/nginx:1.27 dir:/tmp/c\n}\n",
    )
    assert found(["systemtest/020-copy.bats"]) == [
        ("systemtest/020-copy.bats", 3, "quay.io/libpod/busybox:1.36", "skopeo"),
        ("systemtest/020-copy.bats", 4, "quay.io/libpod/alpine:3.21", "skopeo"),
    ]


# containers/buildah's tests/helpers.bash (trimmed; Apache-2.0): `run_buildah` takes an
# expected exit code or `--retry` off in a `case "$1"`, then runs `${BUILDAH_BINARY}` (a path
# to the binary built) through Bats' `run`, `env` and `timeout`, with options that `setup`
# would give, and checks `$status` itself.
BUILDAH_HELPERS = """\
TEST_SOURCES=${TEST_SOURCES:-$(dirname ${BASH_SOURCE})}
BUILDAH_BINARY=${BUILDAH_BINARY:-$TEST_SOURCES/../bin/buildah}
BUILDAH_TIMEOUT=${BUILDAH_TIMEOUT:-300}
BUDFILES=${TEST_SOURCES}/bud
WITH_POLICY_JSON="--signature-policy ${TEST_SOURCES}/policy.json"

function setup_tests() {
    ROOTDIR_OPTS="--root ${TEST_SCRATCH_DIR}/root --storage-driver vfs"
    BUILDAH_REGISTRY_OPTS="--registries-conf-dir ${TEST_SCRATCH_DIR}/registries.d"
}

function die() {
    echo "#| FAIL: $MOST_RECENT_BUILDAH_COMMAND (restoring from cache)"
    false
}

function run_buildah() {
    local expected_rc=0
    local retry=1
    case "$1" in
        [0-9])           expected_rc=$1; shift;;
        [1-9][0-9])      expected_rc=$1; shift;;
        [12][0-9][0-9])  expected_rc=$1; shift;;
        --retry)         retry=3;        shift;;
    esac
    MOST_RECENT_BUILDAH_COMMAND="buildah $*"
    while [ $retry -gt 0 ]; do
        retry=$(( retry - 1 ))
        run env CONTAINERS_CONF=${CONTAINERS_CONF:-$(dirname ${BASH_SOURCE})/containers.conf} \\
            timeout --foreground --kill=10 $BUILDAH_TIMEOUT ${BUILDAH_BINARY} \\
            ${BUILDAH_REGISTRY_OPTS} ${ROOTDIR_OPTS} "$@"
        if [ "$status" -ne 0 ]; then
            echo "[ rc=$status ]"
        fi
        if [ -n "$expected_rc" ]; then
            if [ "$status" -eq "$expected_rc" ]; then
                return
            fi
            die "exit code is $status; expected $expected_rc"
        fi
    done
}
"""
BUILDAH_BATS = """\
#!/usr/bin/env bats

load helpers

@test "from" {
  run_buildah from --quiet --pull=true $WITH_POLICY_JSON alpine
  run_buildah inspect --format '{{.FromImage}}' $output
  run_buildah --retry pull $WITH_POLICY_JSON busybox:glibc
  run_buildah 125 pull $WITH_POLICY_JSON fakeimage/fortest
  run_buildah tag alpine alpine2
  run_buildah from --quiet $WITH_POLICY_JSON localhost/alpine2
  run_buildah from --quiet $WITH_POLICY_JSON registry.k8s.io/pause:3.10
}

@test "build" {
  run_buildah build $WITH_POLICY_JSON --build-arg base=alpine:3.21 -t t $BUDFILES/from-with-arg
}

@test "here-document" {
  cat > $TEST_SCRATCH_DIR/Containerfile << _EOF
FROM quay.io/libpod/busybox:1.36
_EOF
  run_buildah build $WITH_POLICY_JSON -t source -f $TEST_SCRATCH_DIR/Containerfile $TEST_SCRATCH_DIR
}

@test "a base of its own" {
  run_buildah build -t parent-one -f $BUDFILES/only-base/Containerfile1 $BUDFILES/only-base
  run_buildah build -t child -f $BUDFILES/only-base/Containerfile3 $BUDFILES/only-base
  run_buildah build --build-arg-file $BUDFILES/only-base/args -t other $BUDFILES/from-with-arg
}
"""


def test_a_suites_wrapper_of_its_tool_runs_the_calls_words(project: Path) -> None:
    write(project / "tests" / "helpers.bash", BUILDAH_HELPERS)
    write(project / "tests" / "from.bats", BUILDAH_BATS)
    write(project / "tests" / "bud" / "from-with-arg" / "Dockerfile", "ARG base\nFROM ${base}\n")
    write(project / "tests" / "bud" / "only-base" / "Containerfile1", "FROM alpine:3.21\n")
    write(
        project / "tests" / "bud" / "only-base" / "Containerfile3",
        "FROM localhost/parent-one\n",
    )
    assert found(["tests/from.bats"]) == [
        ("tests/from.bats", 6, "alpine", "buildah"),
        ("tests/from.bats", 8, "busybox:glibc", "buildah"),
        ("tests/from.bats", 12, "registry.k8s.io/pause:3.10", "buildah"),
        ("tests/from.bats", 21, "quay.io/libpod/busybox:1.36", None),
    ]
    # (the build's argument, the call's word, gives the Dockerfile's base; the file its
    # here-document writes is built; buildah's `-t parent-one` is `localhost/parent-one`;
    # arguments from a file, not read, leave `${base}` to that file)
    scanned = {(str(o.path), o.line, o.text): o for o in scan_paths(["."])}
    assert ("tests/bud/from-with-arg/Dockerfile", 2, "alpine:3.21") in scanned
    assert ("tests/bud/from-with-arg/Dockerfile", 2, "") not in scanned
    (parent,) = scan_paths(["tests/bud/only-base/Containerfile3"])
    assert parent.text == "localhost/parent-one"
    assert parent.built is not None


def test_a_status_the_wrapper_checks_is_taken_from_its_first_word_only() -> None:
    checked = 'case "$1" in [0-9]) rc=$1; shift;; esac\nrun "$@"\n[ "$status" -eq "$rc" ]'
    assert expects_status(["125", "pull", "x"], checked)
    assert not expects_status(["0", "pull", "x"], checked)
    assert not expects_status(["pull", "x"], checked)
    # (cri-o's `retry 3 5 crictl pull`: a count of attempts, compared with no status)
    assert not expects_status(["3", "5", "crictl"], 'local attempts=$1\nshift\n"$@"')


def test_a_copy_through_a_suites_wrapper_makes_its_destination(project: Path) -> None:
    # containers/skopeo's systemtest/020-copy.bats (trimmed; Apache-2.0): the test copies an
    # image into its own registry, then out of it: that image is the test's, no pull.
    write(
        project / "systemtest" / "helpers.bash",
        "SKOPEO_BINARY=${SKOPEO_BINARY:-${TEST_SOURCE_DIR}/../bin/skopeo}\n"
        "function run_skopeo() {\n"
        '    case "$1" in\n        [0-9]) expected_rc=$1; shift;;\n    esac\n'
        '    run timeout --foreground --kill=10 300 ${SKOPEO_BINARY} "$@"\n}\n',
    )
    write(
        project / "systemtest" / "020-copy.bats",
        'load helpers\n@test "local registry" {\n'
        "    local remote_image=docker://quay.io/libpod/busybox:1.36\n"
        "    local localimg=docker://localhost:5000/busybox:unsigned\n"
        "    run_skopeo copy $remote_image dir:/tmp/a\n"
        "    run_skopeo copy --dest-tls-verify=false dir:/tmp/a $localimg\n"
        "    run_skopeo copy --src-tls-verify=false $localimg dir:/tmp/b\n}\n",
    )
    assert [
        (text, occurrence.built is not None)
        for occurrence in scan_paths(["systemtest/020-copy.bats"])
        if (text := occurrence.text)
    ] == [("quay.io/libpod/busybox:1.36", False), ("localhost:5000/busybox:unsigned", True)]


def test_a_function_that_runs_the_engines_run_verb_with_the_calls_words(project: Path) -> None:
    # nestybox/sysbox's tests/helpers/docker.bash: `docker_run` is `docker run
    # --runtime=sysbox-runc -d "$@"`, and its tests call `docker_run --rm IMAGE tail …`
    # (the engine's `run` verb is no Bats `run`). Each call pulls its image, whether the
    # function is loaded, defined in the test file, called at the top or in a test.
    write(
        project / "tests" / "helpers" / "docker.bash",
        'function docker_run() {\n  docker run --runtime=sysbox-runc -d "$@"\n}\n',
    )
    write(
        project / "tests" / "dind" / "a.bats",
        "load ../helpers/docker\n"
        'f() { podman run -d "$@"; }\n'
        "f --rm busybox:1.37 tail\n"
        '@test "x" {\n'
        "  local id=$(docker_run --rm alpine:3.21 tail -f /dev/null)\n"
        "  f busybox:1.36\n"
        "}\n"
        "setup() {\n  docker_run --rm debian:12 true\n}\n",
    )
    expected = [
        ("tests/dind/a.bats", 3, "busybox:1.37", "podman"),
        ("tests/dind/a.bats", 5, "alpine:3.21", "docker"),
        ("tests/dind/a.bats", 6, "busybox:1.36", "podman"),
        ("tests/dind/a.bats", 9, "debian:12", "docker"),
    ]
    assert sorted(found(["tests/dind/a.bats"])) == expected
    # (Bats' own `run` before a wrapper's command is still no verb: `run podman "$@"`
    # called with `ps` pulls nothing)
    write(project / "tests" / "b.bats", 'p() {\n  run podman "$@"\n}\n@test "y" {\n  p ps\n}\n')
    assert found(["tests/b.bats"]) == []


def test_a_wrapper_function_named_as_the_engine_runs_the_engine_with_command(
    project: Path,
) -> None:
    # nestybox/sysbox's tests/helpers/docker.bash: `docker` is a function of its own,
    # `run __docker "$@"`, and `__docker` runs `command docker "$@"` (bash's `command` runs
    # the program, never a function of its name); `docker_run` calls `docker run … "$@"`.
    write(
        project / "tests" / "helpers" / "docker.bash",
        'function __docker() {\n  command docker "$@"\n}\n'
        'function docker() {\n  run __docker "$@"\n  echo "$output" >&2\n}\n'
        'function docker_run() {\n  docker run --runtime=sysbox-runc -d "$@"\n'
        '  [ "$status" -eq 0 ]\n}\n',
    )
    write(
        project / "tests" / "a.bats",
        "load helpers/docker\n"
        '@test "x" {\n'
        "  docker_run --rm alpine:3.21 tail\n"
        "  docker pull busybox:1.37\n"
        "  docker ps\n"
        "}\n",
    )
    assert found(["tests/a.bats"]) == [
        ("tests/a.bats", 3, "alpine:3.21", "docker"),
        ("tests/a.bats", 4, "busybox:1.37", "docker"),
    ]
    # (in a plain script too: `command docker` is the engine, not the function `docker`)
    write(
        project / "run.sh",
        'docker() {\n  command docker "$@"\n}\ndocker run --rm debian:12 true\n',
    )
    assert found(["run.sh"]) == [("run.sh", 4, "debian:12", "docker")]


def test_a_script_a_wrapper_function_s_docker_exec_runs_is_placed_at_the_call(
    project: Path,
) -> None:
    # nestybox/sysbox's tests/apps/l2/fluentd.bats: `docker exec "$SYSCONT_NAME" sh -c "docker
    # run … --log-opt fluentd-address=$fluentd_ip:24224 python:alpine echo Hello"` through the
    # suite's `docker` function: the image is written in the call's script, not the helper
    write(
        project / "tests" / "helpers" / "docker.bash",
        'function __docker() {\n  command docker "$@"\n}\n'
        'function docker() {\n  run __docker "$@"\n}\n',
    )
    write(
        project / "tests" / "a.bats",
        "load helpers/docker\n"
        '@test "x" {\n'
        '  docker exec "$sc" sh -c "docker run --log-opt addr=$ip:24224 \\\n'
        '     python:3.12-alpine echo Hello"\n'
        '  docker exec "$sc" sh -c "kind create cluster --image=kindest/node:v1.31.0"\n'
        "}\n",
    )
    assert found(["tests/a.bats"]) == [
        ("tests/a.bats", 4, "python:3.12-alpine", "docker"),
        ("tests/a.bats", 5, "kindest/node:v1.31.0", "kind"),
    ]


def test_a_skipped_test_ends_at_its_own_brace_not_a_here_document_s(project: Path) -> None:
    # nestybox/sysbox's tests/buildx/buildpack.bats: `skip "fails with …"`, then a here-document
    # of a Go program (its `}` alone on a line), `pack build my-go-app --builder …` and `docker
    # run --rm my-go-app`: none of it runs
    write(
        project / "tests" / "a.bats",
        '@test "skipped" {\n'
        '  skip "fails"\n'
        "  cat > main.go << EOF\n"
        "func main() {\n"
        "}\n"
        "EOF\n"
        "  docker run --rm alpine:3.21 true\n"
        "}\n"
        '@test "runs" {\n'
        "  docker pull busybox:1.37\n"
        "}\n",
    )
    assert found(["tests/a.bats"]) == [("tests/a.bats", 10, "busybox:1.37", "docker")]


# cachet/docker's test/docker_helpers.bash (survey s60h), cut down: the test files `load
# docker_helpers`, and no test, setup or teardown calls `docker_tcp`, whose body runs
# rancher/socat-docker and docker:1.10 (a false TS002 and TS004 before). Bats runs a
# helper's functions only where they are called; Bats itself calls `setup`.
BATS_HELPER = """\
function docker_tcp {
  docker run -d --name "$1" rancher/socat-docker
}
function docker_db {
  docker run -d --name db mysql:8.0.36
}
setup() {
  docker pull alpine:3.19.1
}
"""


@pytest.mark.parametrize("load", ["load helpers", "load helpers.bash", "source helpers.bash"])
def test_a_bats_helper_s_function_no_test_calls_pulls_nothing(project: Path, load: str) -> None:
    write(project / "test" / "helpers.bash", BATS_HELPER)
    write(project / "test" / "t.bats", f'{load}\n\n@test "db" {{\n  docker_db\n}}\n')
    # (read alone, and through the test file that loads it)
    for paths in (["test/helpers.bash"], ["test"]):
        texts = sorted({text for _, _, text, _ in found(paths)})
        assert texts == ["alpine:3.19.1", "mysql:8.0.36"], paths


def test_a_shell_file_no_bats_file_loads_reads_its_functions_where_written(
    project: Path,
) -> None:
    write(project / "test" / "helpers.bash", BATS_HELPER)
    write(project / "test" / "t.bats", '@test "x" {\n  true\n}\n')
    texts = sorted({text for _, _, text, _ in found(["test/helpers.bash"])})
    assert "rancher/socat-docker" in texts

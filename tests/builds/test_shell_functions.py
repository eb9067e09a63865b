"""Shell functions called with arguments, ``"$@"`` wrappers, and the defaults a script read
alone runs with (``${1:-IMAGE}``, ``getopts``' options not given)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tagsense.sources.builds._shell_values import UNKNOWN
from tagsense.sources.builds.script import scan_shell_script
from tagsense.sources.builds.shell import ShellReader


def pulls(text: str, *, defaults: bool = False) -> list[tuple[int, str]]:
    reader = ShellReader(pulls=True, defaults=defaults)
    reader.read(text)
    assert reader.pulls is not None
    return sorted({(pull.line, pull.image) for pull in reader.pulls})


def names(text: str) -> list[str]:
    return [name for build in ShellReader().read(text) for name in build.names]


def test_a_function_s_body_is_read_with_each_call_s_arguments() -> None:
    text = (
        "run_in() {\n"
        '  docker run --rm "$1" sh -c "$2"\n'
        "}\n"
        'pull_it() { local image="$1"; docker pull "${image}"; }\n'
        'run_in alpine:3.20 "echo hi"\n'
        'run_in "debian:12.8" "echo hi"\n'
        "pull_it redis:7.4.1\n"
    )
    assert pulls(text) == [(5, "alpine:3.20"), (6, "debian:12.8"), (7, "redis:7.4.1")]


def test_an_image_the_body_writes_stays_at_the_body() -> None:
    # discourse/discourse_docker, launcher (trimmed): pull_image uses the script's $image
    text = 'image="acme/base:2.0"\npull_image() {\n  docker pull $image\n}\npull_image\n'
    assert pulls(text) == [(3, "acme/base:2.0")]
    text = 'f() {\n  docker run "img:$1"\n}\nf 1.0\nf "$UNSET"\n'
    assert pulls(text) == [(4, "img:1.0")]  # (a call's argument a run's: nothing)


def test_an_argument_a_run_gives_leaves_the_others_known() -> None:
    # cloudnative-pg/cloudnative-pg, hack/testing-tools/k8s-engines/kind/setup.sh (trimmed)
    text = (
        "export K8S_VERSION=${K8S_VERSION:-v1.36.1}\n"
        "create_cluster_kind() {\n"
        "  local k8s_version=$1\n"
        "  local cluster_name=$2\n"
        '  kind create cluster --name "${cluster_name}" --image "kindest/node:${k8s_version}"\n'
        "}\n"
        'create_cluster_kind "${K8S_VERSION}" "${CLUSTER_NAME}"\n'
        # (an unquoted word a run decides may be any number of words: $2 is a run's)
        'pull_second() { docker pull "img:$2"; }\n'
        "pull_second $UNSET 2.0\n"
    )
    assert pulls(text) == [(7, "kindest/node:v1.36.1")]


def test_a_quoted_empty_argument_keeps_the_next_ones_in_place() -> None:
    # ava-labs/avalanchego, scripts/build_antithesis_images.sh (trimmed): the empty prefix is
    # passed on quoted, `"${image_prefix}"`, and is `$2` still; unquoted, it is no word at all
    text = (
        'IMAGE_PREFIX="${IMAGE_PREFIX:-}"\n'
        "images() {\n"
        '  docker pull "acme/$1:1.0"\n'
        '  docker run --rm "acme/$3:1.0"\n'
        "}\n"
        "images_for() {\n"
        "  local prefix=$2\n"
        '  images "$1" "${prefix}" "$3"\n'
        "}\n"
        'images_for node "${IMAGE_PREFIX}" tool\n'
        "images_for node $IMAGE_PREFIX tool\n"
    )
    assert pulls(text) == [(10, "acme/node:1.0"), (10, "acme/tool:1.0"), (11, "acme/node:1.0")]


def test_a_wrapper_function_runs_its_arguments() -> None:
    # minio/operator, testing/common.sh: try() { "$@" || die …; }, load_kind_image IMAGE
    text = (
        'die() { echo "$*" >&2; exit 1; }\n'
        'try() { "$@" || die "cannot $*"; }\n'
        "function load_kind_image() {\n"
        '  try docker pull "$1"\n'
        '  try kind load docker-image "$1"\n'
        "}\n"
        "load_kind_image quay.io/minio/minio:RELEASE.2024-01-01T00-00-00Z\n"
    )
    assert pulls(text) == [(7, "quay.io/minio/minio:RELEASE.2024-01-01T00-00-00Z")]


def test_a_call_of_a_function_that_forwards_its_words_spends_no_budget() -> None:
    # eth-educators/eth-docker's ethd (trimmed): every docker command runs through
    # `__dodocker() { $__docker_sudo $__docker_exe "$@"; }`; the calls in the bodies of its
    # first functions spent the budget of calls, and `__dodocker pull` in a later one was
    # not read (2 missed images, survey s38a)
    text = (
        '__docker_exe="docker"\n__dodocker() {\n  $__docker_sudo $__docker_exe "$@"\n}\n'
        '__sudo() {\n  __docker_sudo=""\n  if ! docker images >/dev/null 2>&1; then\n'
        '    __docker_sudo="sudo"\n  fi\n}\n'
    )
    text += "".join(f"f{i}() {{\n  __dodocker volume ls -q -f name=v{i}\n}}\n" for i in range(80))
    text += 'late() {\n  __dodocker pull "pgautoupgrade/pgautoupgrade:17-bookworm"\n}\n'
    last = text.count("\n") - 1
    assert pulls(text) == [(last, "pgautoupgrade/pgautoupgrade:17-bookworm")]


@pytest.mark.parametrize(
    "text",
    [
        # jaegertracing/jaeger, scripts/build/build-hotrod-image.sh: options by getopts
        'IMAGE=alpine:3.20\nwhile getopts "i:h" opt; do\n  case $opt in\n'
        '    i) IMAGE=$OPTARG ;;\n    h) exit 0 ;;\n  esac\ndone\ndocker run --rm "$IMAGE" true\n',
        # a positional parameter's default
        'IMAGE="${1:-alpine:3.20}"\ndocker run --rm "$IMAGE" true\n',
        # getopts in a function the script calls with its own arguments
        'main() {\n  local image="alpine:3.20"\n  while getopts "i:" o; do\n'
        '    case $o in i) image="$OPTARG" ;; esac\n  done\n'
        '  docker run --rm "$image" true\n}\nmain "$@"\n',
    ],
)
def test_a_script_read_alone_runs_with_its_defaults(text: str) -> None:
    assert [image for _, image in pulls(text, defaults=True)] == ["alpine:3.20"]
    assert pulls(text) == []  # (run with arguments only a run knows: a run's)


def test_a_script_alone_is_read_with_its_defaults(tmp_path: Path) -> None:
    script = tmp_path / "test.sh"
    script.write_text('#!/bin/sh\nIMAGE="${1:-busybox:1.36}"\ndocker run --rm "$IMAGE" true\n')
    assert [(o.line, o.text) for o in scan_shell_script(str(script))] == [(3, "busybox:1.36")]


def test_a_sourced_file_s_function_pulls_at_its_own_lines(tmp_path: Path) -> None:
    # cloudnative-pg, hack/testing-tools/k8s-engines/manage.sh and
    # common/40-utils-registry.sh (trimmed): ensure_registry, defined in the sourced file
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "registry.sh").write_text(
        "REGISTRY_VERSION=3\n"
        "function ensure_registry() {\n"
        "  docker container run -d --name registry.dev registry:${REGISTRY_VERSION}\n"
        "}\n"
    )
    script = tmp_path / "manage.sh"
    script.write_text('#!/bin/bash\nDIR="$(dirname "$0")"\nsource "$DIR/common/registry.sh"\n'
                      "\n\nensure_registry\n")  # fmt: skip
    found = [(Path(o.path or "").name, o.line, o.text) for o in scan_shell_script(str(script))]
    assert found == [("registry.sh", 3, "registry:3")]


def test_a_sourced_file_s_call_of_the_script_s_function_pulls_at_the_script_s_lines(
    tmp_path: Path,
) -> None:
    # rclone/rclone, fstest/testserver/init.d/TestS3Minio and run.bash (trimmed): each test
    # server's script defines `start` and sources run.bash last, whose `case` calls it; the
    # pull is written in the script, not at run.bash's lines (14 false findings there).
    (tmp_path / "run.bash").write_text(
        '#!/bin/bash\n\ncase "$1" in \n    start)\n\tstart\n\t;;\n    *)\n\texit 1\n\t;;\nesac\n'
    )
    script = tmp_path / "TestS3Minio"
    script.write_text(
        "#!/bin/bash\n\nset -e\n\nNAME=minio\n\n"
        '. $(dirname "$0")/docker.bash\n\n'
        "start() {\n"
        "    docker run --rm -d --name $NAME \\\n"
        "           minio/minio server /data\n"
        "}\n\n"
        '. $(dirname "$0")/run.bash\n'
    )
    found = [(Path(o.path or "").name, o.line, o.text) for o in scan_shell_script(str(script))]
    assert found == [("TestS3Minio", 11, "minio/minio")]


def test_a_function_called_in_a_command_substitution_pulls_at_its_body(tmp_path: Path) -> None:
    # fnproject/fn, test.sh and helpers.sh (trimmed): `export POSTGRES_URL=$(spawn_postgres
    # ${CONTEXT})` runs helpers.sh's `docker run`; it was placed at test.sh's line number in
    # helpers.sh (a duplicate finding on an unrelated line)
    (tmp_path / "helpers.sh").write_text(
        "#!/bin/bash\n"
        "function spawn_postgres {\n"
        "    local ID=$(docker run --name ${1}_postgres \\\n"
        "        -d postgres:9.3-alpine)\n"
        '    echo "postgres://${ID}"\n'
        "}\n"
    )
    script = tmp_path / "test.sh"
    script.write_text(
        '#!/bin/bash\nexport CONTEXT="fn"\nsource ./helpers.sh\n\n\n\n'
        "export POSTGRES_URL=$(spawn_postgres ${CONTEXT})\n"
    )
    found = {(Path(o.path or "").name, o.line, o.text) for o in scan_shell_script(str(script))}
    assert found == {("helpers.sh", 4, "postgres:9.3-alpine")}
    # (a function of the script itself too; an image given by the call stays at the call)
    text = 'f() {\n  docker run -d postgres:9.3-alpine\n}\ng() { docker pull "$1"; }\n\n'
    text += "URL=$(f)\nID=$(g redis:7.4.1)\n"
    assert pulls(text) == [(2, "postgres:9.3-alpine"), (7, "redis:7.4.1")]


def test_a_call_s_argument_count_decides_an_integer_test() -> None:
    # containers/toolbox v0.0.99.3, test/system/libs/helpers.bash (cut down; survey 29a: a
    # pull missed): the tag is added only when the call gives a version.
    text = (
        'declare -A IMAGES=([busybox]="quay.io/toolbox_tests/busybox" '
        '[fedora]="registry.fedoraproject.org/fedora-toolbox")\n'
        "pull_it() {\n"
        '  image="${IMAGES[$1]}"\n'
        "  if [[ $# -eq 2 ]]; then\n"
        '    image="${image}:$2"\n'
        "  fi\n"
        "  skopeo copy docker://${image} dir:/tmp/cache\n"
        "}\n"
        "pull_it fedora 34\n"
        "pull_it busybox\n"
    )
    # (each at its call, where the argument that names it is written)
    assert pulls(text) == [
        (9, "registry.fedoraproject.org/fedora-toolbox:34"),
        (10, "quay.io/toolbox_tests/busybox"),
    ]
    # (a count the script's own arguments give is a run's: both ways may run)
    wrapped = 'f() {\n  if [ "$#" -lt 1 ]; then exit 1; fi\n  docker run "$1"\n}\nf "$@"\n'
    reader = ShellReader(pulls=True)
    reader.read(wrapped + "f alpine:3.20\n")
    assert [pull.image for pull in reader.pulls or ()] == ["alpine:3.20"]


def test_a_scan_with_many_functions_and_conditionals_stays_quick() -> None:
    # discourse/discourse_docker, launcher: dozens of functions, each call re-read, whose
    # conditionals keep earlier values (each such value doubled the ways before)
    names = range(14)
    body = "".join(f'  if [ -z "$X" ]; then V{n}=a; fi\n' for n in names)
    body += '  if [ -z "$Y" ]; then ' + " ".join(f"V{n}=b;" for n in names) + " fi\n"
    text = f"f() {{\n{body}  docker run alpine:3.20\n}}\nf\n"
    assert pulls(text) == [(17, "alpine:3.20")]


def test_a_script_run_through_a_variable_of_its_path(tmp_path: Path) -> None:
    # cloudnative-pg/cloudnative-pg (trimmed): hack/setup-cluster.sh finds the root with
    # `cd "$(dirname "$0")/../"; pwd`, sources the kind settings and runs manage.sh through a
    # variable, which runs the engine's setup.sh through another; the kind node image is
    # the exported default of settings.sh.
    from tagsense import find_references

    files = {
        "Makefile": "e2e:\n\thack/setup-cluster.sh\n",
        "hack/setup-cluster.sh": (
            'ROOT_DIR=$(cd "$(dirname "$0")/../"; pwd)\n'
            'TOOLS_DIR="${ROOT_DIR}/hack/testing-tools"\n'
            'CLUSTER_MGR_SCRIPT="${TOOLS_DIR}/k8s-engines/manage.sh"\n'
            'export CLUSTER_ENGINE="${CLUSTER_ENGINE:-kind}"\n'
            'source "${TOOLS_DIR}/k8s-engines/${CLUSTER_ENGINE}/settings.sh"\n'
            '"${CLUSTER_MGR_SCRIPT}" create\n'
        ),
        "hack/testing-tools/k8s-engines/kind/settings.sh": (
            "KIND_NODE_DEFAULT_VERSION=v1.36.1\n"
            "export K8S_VERSION=${K8S_VERSION:-$KIND_NODE_DEFAULT_VERSION}\n"
        ),
        "hack/testing-tools/k8s-engines/manage.sh": (
            'DIR="$(dirname "${BASH_SOURCE[0]}")"\n'
            'VENDOR="${CLUSTER_ENGINE:-kind}"\n'
            'ACTION="${1:-}"\n'
            'case "$ACTION" in\n'
            "  create)\n"
            '    SETUP_SCRIPT="${DIR}/${VENDOR}/setup.sh"\n'
            '    "${SETUP_SCRIPT}"\n'
            "    ;;\n"
            "esac\n"
        ),
        "hack/testing-tools/k8s-engines/kind/setup.sh": (
            "create_cluster_kind() {\n"
            "  local k8s_version=$1\n"
            '  kind create cluster --name "$2" --image "kindest/node:${k8s_version}"\n'
            "}\n"
            'create_cluster_kind "${K8S_VERSION}" "${CLUSTER_NAME}"\n'
        ),
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    found = [o.text for o in find_references(str(tmp_path)) if "kindest" in o.text]
    assert found == ["kindest/node:v1.36.1"]


def test_shift_moves_a_function_s_parameters() -> None:
    # cri-o/cri-o, test/helpers.bash: retry() { local attempts=$1; shift; local delay=$1;
    # shift; … "$@"; } (trimmed to what the reader follows: a body that runs its words)
    text = (
        'pull_after() {\n  shift\n  docker pull "$1"\n}\n'
        "pull_after ignored alpine:3.20.3\n"
        'retry() {\n  local attempts=$1\n  shift 2\n  "$@"\n}\n'
        "retry 3 5 docker pull redis:7.4.1\n"
    )
    # (before, `shift` was not read: `ignored` was the image, and `"$@"` alone ran nothing)
    assert pulls(text) == [(5, "alpine:3.20.3"), (11, "redis:7.4.1")]


def test_crictl_pull_has_the_node_s_runtime_pull() -> None:
    # cri-tools' cmd/crictl/image.go: `crictl [global options] pull [options] NAME`
    text = (
        "crictl pull registry.k8s.io/pause:3.10.1\n"
        "sudo crictl --runtime-endpoint unix:///run/containerd/containerd.sock pull \\\n"
        "  --creds user:secret --pod-config sb.json quay.io/crio/hello-wasm:v1\n"
        "crictl images\n"
        "crictl pull --help\n"
    )
    assert pulls(text) == [(1, "registry.k8s.io/pause:3.10.1"), (2, "quay.io/crio/hello-wasm:v1")]


def test_a_wrapper_s_pull_is_at_the_call_where_the_image_is_written() -> None:
    # airbytehq/airbyte-platform, airbyte-webapp/playwright/scripts/dummy-api-setup-ci.sh
    text = (
        "retry_kubectl() {\n"
        "    local attempt=1\n"
        "    while [ $attempt -le 3 ]; do\n"
        '        if "$@"; then\n'
        "            return 0\n"
        "        fi\n"
        "    done\n"
        "}\n"
        "retry_kubectl kubectl run dummy-api \\\n"
        "    --image=node:20.18.1-alpine \\\n"
        '    --restart=Never --namespace="$NAMESPACE"\n'
    )
    # (before, a line of "$@" alone was not read: no pull; placed at the body's line, it
    # would not be where the image is written)
    assert pulls(text) == [(9, "node:20.18.1-alpine")]


def test_eval_reads_its_words_again_as_commands() -> None:
    # openziti/ziti, dist/scripts/release-quickstart-image.sh (trimmed): a dry-run wrapper
    # that evals the command line it is given, in one string
    text = (
        'IMAGE_REPO="${ZITI_QUICKSTART_IMAGE:-docker.io/openziti/quickstart}"\n'
        'TAGGED_REF="${IMAGE_REPO}:1.2.3"\n'
        "run() {\n"
        '    if [[ "$DRY_RUN" == "true" ]]; then\n'
        '        echo "[dry-run] $*"\n'
        "    else\n"
        '        eval "$@"\n'
        "    fi\n"
        "}\n"
        'run "docker buildx build \\\n'
        "    --platform linux/amd64,linux/arm64 \\\n"
        "    --tag ${TAGGED_REF} \\\n"
        '    --push ."\n'
    )
    assert names(text) == ["docker.io/openziti/quickstart"]
    assert pulls('cmd="docker pull redis:7.4.1"\neval "$cmd"\neval docker pull alpine:3.20\n') == [
        (2, "redis:7.4.1"),
        (3, "alpine:3.20"),
    ]


def test_a_wrapper_that_evals_its_arguments_joined_runs_them() -> None:
    # onthegomap/planetiler, quickstart.sh (trimmed): a dry-run wrapper evals `$*` with its
    # `&`s escaped; an argument a run decides (an array of options) leaves the image known
    text = (
        'VERSION="latest"\n'
        "function run() {\n"
        '  command="${*//&/\\&}"\n'
        '  echo "$ $command"\n'
        '  if [ "$DRY_RUN" != "true" ]; then\n'
        '    eval "$command"\n'
        "  fi\n"
        "}\n"
        "case $METHOD in\n"
        "  docker)\n"
        '    run docker run -v "$DIR":/data \\\n'
        '      "ghcr.io/onthegomap/planetiler:${VERSION}" "${ARGS[@]}"\n'
        "    ;;\n"
        "esac\n"
    )
    assert pulls(text) == [(11, "ghcr.io/onthegomap/planetiler:latest")]
    call = "run docker pull redis:7.4.1\n"
    assert pulls('run() {\n  eval "$*"\n}\n' + call) == [(4, "redis:7.4.1")]
    assert pulls('run() {\n  echo "+ $*"\n  $*\n}\n' + call) == [(5, "redis:7.4.1")]


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "ghcr.io/hyperledger/fabric-peer:2.5"),
        ({"TEST_NETWORK_V": "3.0"}, "ghcr.io/hyperledger/fabric-peer:3.0"),
    ],
)
def test_an_indirect_name_and_an_export_of_a_name_a_variable_gives(
    environment: dict[str, str], expected: str
) -> None:
    # hyperledger/fabric-samples, test-network-k8s/network (trimmed): `context NAME DEFAULT`
    # exports NAME, overridden by TEST_NETWORK_NAME when that is set
    text = (
        "function context() {\n"
        "  local name=$1\n  local default_value=$2\n"
        "  local override_name=TEST_NETWORK_${name}\n"
        '  export ${name}="${!override_name:-${default_value}}"\n'
        "}\n"
        "context V 2.5\n"
        "context REGISTRY ghcr.io/hyperledger\n"
        "docker pull ${REGISTRY}/fabric-peer:${V}\n"
        # (bash's `${!prefix*}` and `${!array[@]}` are names, not a value known here)
        'docker pull "alpine:${!V*}"\n'
    )
    reader = ShellReader(environment, pulls=True)
    reader.read(text)
    assert [pull.image for pull in reader.pulls or ()] == [expected]
    assert {"V", "REGISTRY"} <= reader.exported


# dependabot/dependabot-core, script/_common (MIT; trimmed): the build command is what a
# function echoes, the cache options after it; which one a run's BUILDX_GHA_CACHE decides.
BUILD_COMMAND_FUNCTION = """\
export UPDATER_IMAGE="ghcr.io/dependabot/dependabot-updater-"

function _build_cmd_and_cache_args() {
  local scope="$1"
  local image="$2"
  if [[ -n "$BUILDX_GHA_CACHE" ]]; then
    echo "docker buildx build --load" \\
         "--cache-from type=gha,scope=${scope}" \\
         "--cache-from ${image}"
  else
    echo "docker build" \\
         "--build-arg BUILDKIT_INLINE_CACHE=1" \\
         "--cache-from ${image}"
  fi
}

function docker_build() {
  export UPDATER_IMAGE_NAME="$UPDATER_IMAGE$1"
  ECOSYSTEM_BUILD=$(_build_cmd_and_cache_args "$1" "$UPDATER_IMAGE_NAME")
  # shellcheck disable=SC2086  # word-splitting is intentional for build args
  if ! $ECOSYSTEM_BUILD \\
    $DOCKER_BUILD_ARGS \\
    -t "$UPDATER_IMAGE_NAME" \\
    -f "$1/Dockerfile" \\
    .; then
    return 1
  fi
}
"""


def test_a_command_a_function_echoes_builds_where_a_variable_holds_it() -> None:
    text = BUILD_COMMAND_FUNCTION + "docker_build bundler\n"
    assert "ghcr.io/dependabot/dependabot-updater-bundler" in names(text)
    reader = ShellReader()
    reader.read(BUILD_COMMAND_FUNCTION + 'B=$(_build_cmd_and_cache_args s "a b")\n')
    assert (
        reader.variables["B"] == "docker build --build-arg BUILDKIT_INLINE_CACHE=1 --cache-from a b"
    )


@pytest.mark.parametrize(
    ("body", "value"),
    [
        ('echo "a b"', "a b"),
        ('echo "a"\n  echo "b"', None),  # (two lines)
        ('echo "a" >&2\n  echo "b"', "b"),  # (the first to stderr)
        ('echo "a" > out.txt', None),
        ('if [ -n "$X" ]; then echo "a"; fi\n  echo "b"', None),  # (one or two lines)
    ],
)
def test_what_a_function_prints(body: str, value: str | None) -> None:
    reader = ShellReader()
    reader.read(f"f() {{\n  {body}\n}}\nV=$(f)\n")
    assert reader.variables["V"] == (UNKNOWN if value is None else value)


def test_a_sourced_file_no_scan_reads_alone_builds_at_the_calls(tmp_path: Path) -> None:
    # dependabot-core's bin/docker-dev-shell sources script/_common (no suffix, no #!) and
    # calls its docker_build: the image it builds is the project's (5 false TS002 before)
    from tagsense import find_references

    (tmp_path / ".git").mkdir()
    (tmp_path / "script").mkdir()
    (tmp_path / "bin").mkdir()
    (tmp_path / "script" / "_common").write_text(
        "# shellcheck shell=bash\n" + BUILD_COMMAND_FUNCTION
    )
    shell = tmp_path / "bin" / "docker-dev-shell"
    shell.write_text(
        "#!/usr/bin/env bash\nset -e\nsource script/_common\n"
        'docker_build bundler\ndocker run --rm -ti "$UPDATER_IMAGE_NAME" bash\n'
    )
    shell.chmod(0o755)
    (tmp_path / "bundler").mkdir()
    (tmp_path / "bundler" / "Dockerfile").write_text("FROM ruby:3.4.7-bookworm\n")
    found = [o for o in find_references(str(tmp_path)) if "updater" in o.text]
    assert found
    assert all(o.built is not None for o in found)


CRYSTAL_WRAPPERS = (
    # crystal-lang/crystal, bin/ci (trimmed): `on_linux` runs its words through
    # `fail_on_error` ("${@}") and `on_os` (eval "${*}")
    "on_os() {\n"
    '  os="$1"\n'
    "  shift\n"
    '  if [ "$TRAVIS_OS_NAME" = "$os" ]; then\n'
    '    echo "${*}"\n'
    '    eval "${*}"\n'
    "  fi\n"
    "}\n"
    "fail_on_error() {\n"
    '  "${@}"\n'
    "  exit=$?\n"
    "}\n"
    'on_linux() {\n  fail_on_error on_os "linux" "${*}"\n}\n'
)


@pytest.mark.parametrize("wrapper", ["", "on_linux ", "fail_on_error ", "on_os linux "])
def test_a_call_s_argument_is_each_value_a_case_s_arms_leave(wrapper: str) -> None:
    # crystal-lang/crystal, bin/ci: the image a `case $ARCH` sets in each arm reaches the
    # wrapped `docker run` with each arm's value, not only the last arm's
    text = CRYSTAL_WRAPPERS + (
        'PREFIX="${PREFIX:="acme/crystal:1.21.0"}"\n'
        "case $ARCH in\n"
        '  x86_64) IMAGE="$PREFIX-build" ;;\n'
        '  x86_64-musl) IMAGE="$PREFIX-alpine-build" ;;\n'
        '  i386) IMAGE="$PREFIX-i386-build" ;;\n'
        "esac\n"
        f'{wrapper}docker run --rm -t "$IMAGE" /bin/sh -c make\n'
    )
    line = text.count("\n")
    images = [f"acme/crystal:1.21.0-{arm}build" for arm in ("", "alpine-", "i386-")]
    assert pulls(text) == sorted((line, image) for image in images)


def test_a_call_is_read_with_each_way_of_an_if_s_variables_together() -> None:
    # (the variables one branch sets go together: never one branch's name with another's tag)
    text = (
        'pull() {\n  docker pull "$1:$2"\n}\n'
        'if [ -n "$SLIM" ]; then\n  NAME=acme/slim\n  TAG=1.0\n'
        "else\n  NAME=acme/full\n  TAG=2.0\nfi\n"
        'pull "$NAME" "$TAG"\n'
    )
    assert pulls(text) == [(11, "acme/full:2.0"), (11, "acme/slim:1.0")]


def test_a_call_whose_arguments_name_no_branch_value_is_read_once() -> None:
    # (a variable with several values that the call does not name: one reading, the body's
    # own command read with each value as before)
    text = (
        "case $ARCH in\n  arm64) TAG=1.0-arm ;;\n  *) TAG=1.0 ;;\nesac\n"
        'f() {\n  docker pull "acme/$1:$TAG"\n}\n'
        "f app\n"
    )
    reader = ShellReader(pulls=True)
    calls = reader._calls
    reader.read(text)
    assert reader.pulls is not None
    assert sorted(pull.image for pull in reader.pulls) == ["acme/app:1.0", "acme/app:1.0-arm"]
    assert reader._calls == calls - 1


def test_a_call_with_many_branch_values_is_read_a_bounded_number_of_times() -> None:
    # (each of 60 arms a value: the call is read with no more ways than an engine's command)
    from tagsense.sources.builds._branches import _MAX_SINGLE_VARIANTS, _MAX_VARIANTS

    arms = "".join(f"  a{i}) TAG=1.{i} ;;\n" for i in range(60))
    text = f"case $V in\n{arms}esac\n" + 'f() {\n  docker pull "acme/app:$1"\n}\nf "$TAG"\n'
    found = pulls(text)
    assert len(found) <= max(_MAX_VARIANTS, _MAX_SINGLE_VARIANTS)
    direct = pulls(f"case $V in\n{arms}esac\n" + 'docker pull "acme/app:$TAG"\n')
    assert [image for _, image in found] == [image for _, image in direct]


def test_a_body_s_kept_answers_are_a_fresh_reading_s() -> None:
    """A function's body asked about again at each of its calls (aquasecurity/tracee's
    scripts/lib.sh: 12,000 calls of 200 bodies) is answered from what was kept: the same
    answer as a fresh look, and a repeated call reads as the first."""
    from tagsense.sources.builds._shell_functions import _forwarding_words, _inert_words

    bodies = [
        '  echo "$1"\n  local x',
        '  docker pull "$1"',
        '  $SUDO docker "$@"',
        "  echo hi > .env\n  ./build.sh",
        "  make image",
    ]
    for body in bodies:
        assert _forwarding_words(body) == _forwarding_words.__wrapped__(body)
        for pulls_ in (False, True):
            for running in (False, True):
                for echoes in (False, True):
                    flags = {"pulls": pulls_, "running": running, "echoes": echoes}
                    fresh = _inert_words.__wrapped__(body, **flags)
                    assert _inert_words(body, **flags) == fresh
                    assert _inert_words(body, **flags) == fresh
    assert _inert_words(bodies[0], pulls=True, running=False, echoes=False) is not None
    assert _inert_words(bodies[1], pulls=True, running=False, echoes=False) is None
    assert _inert_words(bodies[3], pulls=False, running=True, echoes=True) is None
    text = 'f() {\n  docker pull "$1"\n}\nf alpine:3.20\nf alpine:3.20\nf busybox:1.36\n'
    assert pulls(text) == [(4, "alpine:3.20"), (5, "alpine:3.20"), (6, "busybox:1.36")]


def test_a_line_names_a_script_by_a_variable_with_a_dollar() -> None:
    """``$NAME``/``${NAME}`` whose value is a ``.sh`` path: the line runs it; the name
    without ``$``, or a variable whose value is no script, is not it (sysbox, tracee: the
    names looked for only where the line has them)."""
    reader = ShellReader(variables={"SETUP": "hack/setup.sh", "OTHER": "x"})
    assert reader._names_a_script('"${SETUP}" --all')
    assert reader._names_a_script("$SETUP")
    assert not reader._names_a_script("echo SETUP")
    assert not reader._names_a_script("$OTHER")


FROM_ITS_WORDS = """\
codename=$1
build () {
  codename=$1
  CONTAINER=$(buildah from docker.io/debian:"${codename}"-slim)
}
build "$codename"
"""


@pytest.mark.parametrize("assignment", ["codename=$1", 'local codename="${1}"'])
def test_a_body_that_sets_a_variable_from_its_words_leaves_the_outer_value(
    assignment: str,
) -> None:
    # (certtools/intelmq's .github/workflows/scripts/debian-package.sh, run by CI with the
    # matrix's release: read where it is defined, the body knows no call's `$1`, but it
    # does not run there, so `build "$codename"` passes the script's value)
    text = FROM_ITS_WORDS.replace("  codename=$1", f"  {assignment}")
    reader = ShellReader(arguments=("bookworm",), pulls=True, cwd="")
    reader.read(text)
    assert [pull.image for pull in reader.pulls or ()] == ["docker.io/debian:bookworm-slim"]
    assert reader.variables["codename"] == "bookworm"


def test_a_body_that_sets_a_variable_from_its_words_sets_it_at_a_call() -> None:
    reader = ShellReader(arguments=("bookworm",), pulls=True, cwd="")
    reader.read(FROM_ITS_WORDS.replace('build "$codename"', "build bullseye"))
    assert [pull.image for pull in reader.pulls or ()] == ["docker.io/debian:bullseye-slim"]
    assert reader.variables["codename"] == "bullseye"


def test_an_unquoted_all_arguments_splits_each_argument_as_bash_does() -> None:
    # PrivateBin/docker-nginx-fpm-alpine, buildx.sh (trimmed): `build_image "${BUILD_ARGS}
    # ${IMAGE_TAGS}"` calls a function that runs `docker build … $@ .`; bash splits the
    # one quoted word the unquoted `$@` gives (manual: Special Parameters, Word Splitting)
    for expansion in ("$@", "${@}", "$*", "${*}"):
        text = (
            "build_image() {\n"
            f"  docker build --pull {expansion} .\n"
            "}\n"
            'TAGS="--tag acme/fs:edge --tag acme/fs:1.0"\n'
            'build_image "--build-arg A=1 ${TAGS}" "-t acme/s3:edge"\n'
        )
        assert sorted(set(names(text))) == ["acme/fs", "acme/s3"], expansion
    runs = 'run_it() {\n  docker run $@\n}\nrun_it "--rm redis:7.4.1"\n'
    assert pulls(runs) == [(4, "redis:7.4.1")]


def test_a_quoted_all_arguments_keeps_each_argument_one_word() -> None:
    # (`"$@"`: each argument one word; `"$*"`: all of them one word, no option of docker's)
    text = 'b() {\n  docker build "$@" .\n}\nb -t acme/fs:edge\n'
    assert names(text) == ["acme/fs"]
    text = 'b() {\n  docker build "$*" .\n}\nb "-t acme/fs:edge"\n'
    assert names(text) == []

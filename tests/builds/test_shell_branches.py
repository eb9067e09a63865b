"""A build or run command after a conditional is read once for each way its branches leave
the variables it uses: ``if … elif … else … fi`` and ``case … esac`` (its arms), the
variables one branch sets together, a branch that exits left out (see
``tagsense.sources.builds._branches``). pypa/manylinux's ``build.sh`` is the shape: one
``BASEIMAGE`` per policy (a nested ``case`` per platform), ``export BASEIMAGE`` and
``docker buildx build --build-arg BASEIMAGE -f docker/Dockerfile``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tagsense.sources import scan_paths
from tagsense.sources.builds._branches import Branches
from tagsense.sources.builds.shell import ShellReader

if TYPE_CHECKING:
    from pathlib import Path

POLICIES = """\
if [ "${POLICY}" == "old" ]; then
	BASEIMAGE="quay.io/acme/old_base:2025.11.10"
	TOOLSET="/opt/rh/devtoolset-10/root"
elif [ "${POLICY}" == "musl" ]; then
	BASEIMAGE="alpine:3.22"
	TOOLSET=
	case "${PLATFORM}" in
		loongarch64) BASEIMAGE="registry.alpinelinux.org/img/alpine:3.22";;
	esac
elif [ "${POLICY}" == "new" ]; then
	BASEIMAGE="quay.io/almalinuxorg/almalinux:10"
	case "${PLATFORM}" in
		x86_64) GOARCH="amd64/v2";;
		riscv64)
			BASEIMAGE="rockylinux/rockylinux:10"
			;;
	esac
	TOOLSET=
else
	echo "Unsupported policy: '${POLICY}'"
	exit 1
fi
export BASEIMAGE
export TOOLSET
"""


def build_args(script: str) -> list[dict[str, str]]:
    reader = ShellReader()
    return [dict(build.args) for build in reader.read(script)]


def test_each_branch_s_value_is_a_build_argument_of_its_own() -> None:
    found = build_args(POLICIES + "docker build --build-arg BASEIMAGE -t acme/x:1 .\n")
    assert sorted(args["BASEIMAGE"] for args in found) == [
        "alpine:3.22",
        "quay.io/acme/old_base:2025.11.10",
        "quay.io/almalinuxorg/almalinux:10",
        "registry.alpinelinux.org/img/alpine:3.22",
        "rockylinux/rockylinux:10",
    ]


def test_the_variables_one_branch_sets_go_together() -> None:
    found = build_args(
        POLICIES + "docker build --build-arg BASEIMAGE --build-arg TOOLSET -t acme/x:1 .\n"
    )
    pairs = sorted((args["BASEIMAGE"], args["TOOLSET"]) for args in found)
    assert pairs == [
        ("alpine:3.22", ""),
        ("quay.io/acme/old_base:2025.11.10", "/opt/rh/devtoolset-10/root"),
        ("quay.io/almalinuxorg/almalinux:10", ""),
        ("registry.alpinelinux.org/img/alpine:3.22", ""),
        ("rockylinux/rockylinux:10", ""),
    ]


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        # no `*)` arm: the value before the `case` may be left
        ('I=a:1\ncase "$1" in\n  x) I=b:1 ;;\n  y) I=c:1 ;;\nesac\ndocker pull "$I"\n',
         ["a:1", "b:1", "c:1"]),
        # a `*)` arm always runs when no other does; the last arm needs no `;;`
        ('I=a:1\ncase "$1" in\n  x) I=b:1 ;;\n  *) I=c:1\nesac\ndocker pull "$I"\n',
         ["b:1", "c:1"]),
        # an arm that exits leaves nothing
        ('case "$1" in\n  x) I=b:1 ;;\n  *) echo no; exit 1 ;;\nesac\ndocker pull "$I"\n',
         ["b:1"]),
        # `|| exit` exits only when what is before it fails
        ('if x; then I=b:1; else I=c:1; false || exit 1; fi\ndocker pull "$I"\n',
         ["b:1", "c:1"]),
        # a pattern is not a command: `docker)` runs nothing
        ('case "$1" in\n  docker) docker pull d:1 ;;\n  *) : ;;\nesac\n', ["d:1"]),
        # a value set after the conditional is the only one
        ('if x; then I=b:1; else I=c:1; fi\nI=e:1\ndocker pull "$I"\n', ["e:1"]),
        # a `while` loop whose test is the run's may run no turn: the value before it stays
        # one way out (ObolNetwork/charon-distributed-validator-node's
        # recreate-private-keys.sh: its option loop's one arm that does not exit sets
        # DRY_RUN=true; run with no option, `if [ "$DRY_RUN" = false ]` runs charon)
        ('D=false\nwhile [[ $# -gt 0 ]]; do\n  case $1 in\n    --dry-run) D=true; shift ;;\n'
         '    *) exit 1 ;;\n  esac\ndone\nif [ "$D" = false ]; then\n  docker pull a:1\nfi\n',
         ["a:1"]),
        ('I=a:1\nuntil x\ndo\n  I=b:1\ndone\ndocker pull "$I"\n', ["a:1", "b:1"]),
        # (`while true` runs its body: only a `break` ends it)
        ('I=a:1\nwhile true; do\n  I=b:1\n  break\ndone\ndocker pull "$I"\n', ["b:1"]),
    ],
)  # fmt: skip
def test_a_pull_after_a_case_or_an_if(script: str, expected: list[str]) -> None:
    reader = ShellReader(pulls=True)
    reader.read(script)
    assert sorted(pull.image for pull in reader.pulls or []) == expected


def test_each_branch_starts_with_the_values_before_the_conditional() -> None:
    # tailscale's build_docker.sh: each arm says REPOS="${REPOS:-${DEFAULT_REPOS}}" with its
    # own default; an earlier arm's REPOS is not the next arm's (nor an if's then the else's)
    builds = ShellReader().read(
        'case "$TARGET" in\n'
        '  client)\n    DEFAULT=acme/client\n    REPOS="${REPOS:-${DEFAULT}}"\n'
        '    docker build -t "$REPOS" .\n    ;;\n'
        '  operator)\n    REPOS="${REPOS:-acme/operator}"\n    docker build -t "$REPOS" .\n'
        "    ;;\nesac\n"
        'if [ "$X" = 1 ]; then NAME=acme/one; else NAME="${NAME:-acme/two}"; fi\n'
        'docker build -t "$NAME" .\n'
        'docker build -t "$REPOS-tools" .\n'
    )
    assert [(build.line, build.names) for build in builds] == [
        (5, ("acme/client",)),
        (9, ("acme/operator",)),
        (13, ("acme/one",)),
        (13, ("acme/two",)),
        # (after the conditional: each arm's value, or none: no arm may match)
        (14, ("acme/client-tools",)),
        (14, ("acme/operator-tools",)),
        (14, ()),
    ]


def test_each_branch_appends_to_the_value_before_the_conditional() -> None:
    # PrivateBin/docker-nginx-fpm-alpine (survey s64b, trimmed): `NAME+=value` in each arm
    # adds to the value before the `if` (bash manual: Shell Parameters, `+=`), not to the
    # value the arm read before it left
    reader = ShellReader(pulls=True)
    reader.read(
        'IMAGE="redis"\nif [ "$1" = edge ]; then\n  IMAGE+=":7.2.5-alpine"\nelse\n'
        '  IMAGE+=":7.4.1"\nfi\ndocker run -d "$IMAGE"\n'
        'case "$2" in\n  a) TAG+="1.0" ;;\n  b) TAG+="2.0" ;;\n  *) exit 1 ;;\nesac\n'
        'docker pull "alpine:$TAG"\n'
    )
    assert sorted((pull.line, pull.image) for pull in reader.pulls or []) == [
        (7, "redis:7.2.5-alpine"),
        (7, "redis:7.4.1"),
        (13, "alpine:1.0"),
        (13, "alpine:2.0"),
    ]


def test_two_variables_of_one_branch_make_one_image_not_every_mix() -> None:
    reader = ShellReader(pulls=True)
    reader.read(
        'if [ "$1" = x ]; then R=quay.io/a; T=1.0.1\nelse R=ghcr.io/b; T=2.0.2\nfi\n'
        'docker run --rm "$R/app:$T"\n'
    )
    assert sorted(pull.image for pull in reader.pulls or []) == [
        "ghcr.io/b/app:2.0.2",
        "quay.io/a/app:1.0.1",
    ]


def test_a_branch_whose_value_a_run_decides_leaves_the_choice_to_the_run() -> None:
    reader = ShellReader({"IMAGE": "debian:12"}, pulls=True)
    reader.read('if [ -n "$X" ]; then\n  IMAGE="$(cat image.txt)"\nfi\ndocker pull "$IMAGE"\n')
    assert reader.pulls == []


#: searxng/searxng's utils/lib_sxng_container.sh (AGPL-3.0), container.build cut down: the
#: engine is the function's argument, else the one installed; the options, with the tag the
#: test job pulls, are one unquoted variable; its other branch's tag is a run's.
SEARXNG_BUILD = """\
container.build() {
    local container_engine
    if [ "$1" = "podman" ] || [ "$1" = "docker" ]; then
        container_engine="$1"
    else
        if command -v podman &>/dev/null; then
            container_engine="podman"
        else
            container_engine="docker"
        fi
    fi
    params_build="build --platform=linux/amd64"
    if [ "$GITHUB_ACTIONS" = "true" ]; then
        params_build+=" --tag=ghcr.io/searxng/cache:searxng-amd64"
    else
        params_build+=" --tag=localhost/searxng/searxng:$DOCKER_TAG"
    fi
    "$container_engine" $params_build --file=./container/dist.dockerfile .
}
"""


def test_an_engine_a_branch_may_leave_to_the_run_and_options_with_a_run_s_part() -> None:
    # (searxng's test job pulls ghcr.io/searxng/cache:searxng-amd64: 6 false TS003 before)
    builds = ShellReader().read(SEARXNG_BUILD)
    assert sorted(name for build in builds for name in build.names) == [
        "ghcr.io/searxng/cache",
        "localhost/searxng/searxng",
    ]
    every_run_s = 'if [ -n "$1" ]; then E="$1"; else E="$(which x)"; fi\n"$E" build -t a/b .\n'
    assert ShellReader().read(every_run_s) == []  # (no value an engine: none known)


#: searxng's container.build and container.test each set the platform in a `case` (AGPL-3.0;
#: cut down): an arm's empty `variant` is that arm's value, and the second `case` sets both
#: variables in every arm (no mix of one arm's `arch` with another's `variant`).
ARCH_CASE = """\
case $parch in
    "x86_64" | "amd64")
        arch="amd64"
        variant=""
        ;;
    "aarch64" | "arm64")
        arch="arm64"
        variant=""
        ;;
    "armv7l" | "armv7")
        arch="arm"
        variant="v7"
        ;;
    *)
        exit 1
        ;;
esac
"""


@pytest.mark.parametrize("cases", [1, 2])
def test_an_arm_s_empty_value_is_its_own_and_a_second_case_mixes_none(cases: int) -> None:
    reader = ShellReader(pulls=True)
    reader.read(ARCH_CASE * cases + 'podman pull "ghcr.io/searxng/cache:searxng-$arch$variant"\n')
    assert sorted(pull.image for pull in reader.pulls or []) == [
        "ghcr.io/searxng/cache:searxng-amd64",
        "ghcr.io/searxng/cache:searxng-arm64",
        "ghcr.io/searxng/cache:searxng-armv7",
    ]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_a_ci_step_s_script_builds_the_dockerfile_on_each_branch_s_base(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path / "docker" / "Dockerfile",
        "ARG BASEIMAGE=amd64/almalinux:9\nFROM $BASEIMAGE AS base\nRUN true\n",
    )
    write(
        tmp_path / "build.sh",
        POLICIES + 'if [ -z "${ARCH:-}" ]; then\n  ARCH=$(docker version -f "{{.Server.Arch}}")\n'
        "fi\nexport ARCH\n"
        'ARGS=(--build-arg BASEIMAGE --build-arg ARCH -t "acme/x:1" -f docker/Dockerfile docker/)\n'
        'docker buildx build --load "${ARGS[@]}"\n',
    )
    write(
        tmp_path / ".github" / "workflows" / "build.yml",
        "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./build.sh\n",
    )
    froms = sorted(o.text for o in scan_paths(["docker/Dockerfile"]) if o.kind == "from")
    assert froms == [
        "alpine:3.22",
        "quay.io/acme/old_base:2025.11.10",
        "quay.io/almalinuxorg/almalinux:10",
        "registry.alpinelinux.org/img/alpine:3.22",
        "rockylinux/rockylinux:10",
    ]


@pytest.mark.parametrize(
    ("variables", "test", "expected"),
    [
        ({"CRDB": "master"}, '[[ $CRDB == "master" ]]', ["acme/cockroach:latest-master-build"]),
        ({"CRDB": "v25.3"}, '[[ $CRDB == "master" ]]', ["cockroach:latest-v25.3"]),
        ({"CRDB": "master"}, '[ "$CRDB" = master ]', ["acme/cockroach:latest-master-build"]),
        ({"CRDB": "master"}, 'test "$CRDB" != master', ["cockroach:latest-master"]),
        # a pattern of `[[ ]]` is matched as bash matches it (opensearch-py's run-tests)
        ({"CRDB": "master"}, "[[ $CRDB == m* ]]", ["acme/cockroach:latest-master-build"]),
        ({"CRDB": "v25.3"}, "[[ $CRDB == m* ]]", ["cockroach:latest-v25.3"]),
        # a value a run gives, a bracket expression, and a test joined to another command decide
        # nothing (and with a value a run gives, which image is pulled is the run's)
        ({}, '[[ $CRDB == "master" ]]', []),
        ({"CRDB": "master"}, "[[ $CRDB == [m]* ]]", ["acme/cockroach:latest-master-build",
                                                     "cockroach:latest-master"]),
        ({"CRDB": "master"}, '[[ $CRDB == "v1" ]] || true', ["acme/cockroach:latest-master-build",
                                                             "cockroach:latest-master"]),
    ],
)  # fmt: skip
def test_a_comparison_of_known_values_decides_the_branch(
    variables: dict[str, str], test: str, expected: list[str]
) -> None:
    reader = ShellReader(variables, pulls=True)
    reader.read(
        f"if {test}; then\n  image=acme/cockroach:latest-master-build\n"
        'else\n  image=cockroach:latest-${CRDB}\nfi\ndocker pull "${image}"\n'
    )
    assert sorted(pull.image for pull in reader.pulls or []) == expected


def test_each_matrix_leg_of_a_ci_step_takes_its_own_branch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # psycopg's crdb job: the `master` leg pulls a nightly build from another registry.
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path / ".github" / "workflows" / "tests.yml",
        "on: push\njobs:\n  crdb:\n    runs-on: ubuntu-latest\n    strategy:\n"
        "      matrix:\n        crdb: [master, v25.3]\n    steps:\n      - run: |\n"
        '          if [[ ${{ matrix.crdb }} == "master" ]]; then\n'
        "            image=us-docker.pkg.dev/acme/cockroach:latest-master-build\n"
        "          else\n            image=cockroachdb/cockroach:latest-${{ matrix.crdb }}\n"
        "          fi\n          docker pull ${image}\n",
    )
    assert sorted(o.text for o in scan_paths([".github/workflows/tests.yml"])) == [
        "cockroachdb/cockroach:latest-v25.3",
        "us-docker.pkg.dev/acme/cockroach:latest-master-build",
    ]


def test_many_variables_with_several_values_end_in_bounded_time() -> None:
    # (an autoconf `configure` script, valkey-io/valkey's deps/jemalloc/configure: each
    # variable that an earlier conditional left two values doubled the ways a later one kept;
    # 440 KB never ended, or ran out of memory)
    import time

    script = "".join(f'if [ -n "$X{i}" ]; then V{i}=a; fi\n' for i in range(40))
    script += 'if [ -n "$Y" ]; then\n' + "".join(f"  V{i}=b\n" for i in range(40)) + "fi\n"
    script += "docker run --rm alpine:${V0:-3.22}\n"
    reader = ShellReader(pulls=True)
    started = time.monotonic()
    reader.read(script)
    assert time.monotonic() - started < 10
    assert reader.pulls is not None


def test_a_conditional_keeps_the_first_ways_its_earlier_values_make() -> None:
    # (github/spec-kit's update-agent-context.sh, copied into many repositories: each value an
    # earlier conditional left doubles the ways a later one keeps; those past the kept ones
    # are not made, and the values told are the kept ways' own)
    branches = Branches()
    for i in range(11):
        branches.keyword("if", {})
        branches.assigned(f"V{i}", None)
        branches.keyword("fi", {f"V{i}": "a"})
    branches.keyword("if", {})
    for i in range(11):
        branches.assigned(f"V{i}", "a")
    branches.keyword("fi", {f"V{i}": "b" for i in range(11)})
    # (the way the branch leaves, then the one before it in each mix of V0…V8's values
    # until the kept ways are full: V8's unset value in some, V9's and V10's in none)
    assert len(branches.groups["V0"]) == 512
    assert branches.values["V0"] == branches.values["V8"] == ("b", "a", None)
    assert branches.values["V9"] == branches.values["V10"] == ("b", "a")
    assert branches.variants(["V0", "V10"]) == [
        {"V0": "b", "V10": "b"},
        {"V0": "a", "V10": "a"},
        {"V0": None, "V10": "a"},
    ]


@pytest.mark.parametrize(
    ("test", "built"),
    [
        # jaegertracing/jaeger's build_image: the first test of an `&&` list known to fail
        ('[[ "$D" == "true" ]] && [[ "$X" == "Y" ]]', ["acme/else"]),
        ('[[ "$D" == "false" ]] || [[ "$X" == "Y" ]]', ["acme/then"]),
        # (a list the first test does not decide: either branch may run)
        ('[[ "$D" == "true" ]] || [[ "$X" == "Y" ]]', ["acme/else", "acme/then"]),
        ('[[ "$D" == "false" ]] && [[ "$X" == "Y" ]]', ["acme/else", "acme/then"]),
    ],
)
def test_a_list_s_first_test_may_decide_it(test: str, built: list[str]) -> None:
    script = (
        f"D=false\nif {test}; then\n  docker build -t acme/then .\n"
        "else\n  docker build -t acme/else .\nfi\n"
    )
    names = {name for build in ShellReader().read(script) for name in build.names}
    assert sorted(names) == built


@pytest.mark.parametrize(
    ("test", "built"),
    [
        # aws/aws-for-fluent-bit's scripts/publish.sh `verify_ecr me-south-1`: `if [ "${1}" =
        # "cn-north-1" ] || [ "${1}" = "cn-northwest-1" ]` fails, and the `.cn` endpoint it
        # sets was read too (a registry that does not exist, three false findings)
        ('[[ "$D" == "true" ]] || [[ "$D" == "x" ]]', ["acme/else"]),
        ('[[ "$D" == "true" ]] || [[ "$D" == "false" ]]', ["acme/then"]),
        ('[[ "$D" == "false" ]] && [[ "$D" == "x" ]]', ["acme/else"]),
        ('[[ "$D" == "false" ]] && [[ "$D" == "false" ]]', ["acme/then"]),
        ('[ "$D" = "true" ] || [ "$D" = "x" ] || [ "$D" = "false" ]', ["acme/then"]),
    ],
)
def test_a_list_s_later_test_of_known_values_decides_it(test: str, built: list[str]) -> None:
    script = (
        f"D=false\nif {test}; then\n  docker build -t acme/then .\n"
        "else\n  docker build -t acme/else .\nfi\n"
    )
    names = {name for build in ShellReader().read(script) for name in build.names}
    assert sorted(names) == built


def test_a_function_s_list_test_of_its_argument_picks_the_branch() -> None:
    # (aws-for-fluent-bit's verify_ecr, called for a region of each kind)
    script = (
        "verify() {\n  endpoint=amazonaws.com\n"
        '  if [ "${1}" = "cn-north-1" ] || [ "${1}" = "cn-northwest-1" ]; then\n'
        "    endpoint=${endpoint}.cn\n  fi\n"
        "  docker pull 1.dkr.ecr.${1}.${endpoint}/app:1.0\n}\n"
        "verify me-south-1\nverify cn-northwest-1\n"
    )
    reader = ShellReader(pulls=True)
    reader.read(script)
    assert reader.pulls is not None
    assert sorted({pull.image for pull in reader.pulls}) == [
        "1.dkr.ecr.cn-northwest-1.amazonaws.com.cn/app:1.0",
        "1.dkr.ecr.me-south-1.amazonaws.com/app:1.0",
    ]


@pytest.mark.parametrize(
    ("arch", "expected"),
    [
        ("armhf", ["arm32v7/ubuntu:20.04"]),  # (the `elif` passes: no `else`)
        ("aarch64", ["arm64v8/ubuntu:20.04"]),  # (the `if` passes: neither after it)
        ("riscv64", ["riscv64/ubuntu:20.04"]),  # (both fail: the `else`)
    ],
)
def test_an_elif_s_test_of_known_values_picks_its_branch(arch: str, expected: list[str]) -> None:
    # mavlink-router's tools/ci-create-rootfs.sh, run with `armhf` by its workflow: the `else`
    # branch's `DISTRO_ARCH="$ARCH"` was read too, a false `armhf/ubuntu:20.04` (survey s42b)
    script = (
        f'ARCH="{arch}"\nDISTRO="ubuntu:20.04"\nDISTRO_ARCH=\n'
        'if [ "$ARCH" == "aarch64" ]; then\n    DISTRO_ARCH="arm64v8"\n'
        'elif [ "$ARCH" == "armhf" ]; then\n    DISTRO_ARCH="arm32v7"\n'
        'else\n    DISTRO_ARCH="$ARCH"\nfi\n'
        "docker pull $DISTRO_ARCH/$DISTRO\n"
    )
    reader = ShellReader(pulls=True)
    reader.read(script)
    assert reader.pulls is not None
    assert sorted({pull.image for pull in reader.pulls}) == expected


def test_an_elif_after_a_branch_of_unknown_test_may_run_and_keeps_the_else_out() -> None:
    # (the `if` a run decides; the `elif` known to pass: one of the two runs, never the else)
    script = (
        'V=b\nif [ "$1" = x ]; then I=a:1\nelif [ "$V" = b ]; then I=b:1\nelse I=c:1\nfi\n'
        'docker pull "$I"\n'
    )
    reader = ShellReader(pulls=True)
    reader.read(script)
    assert reader.pulls is not None
    assert sorted({pull.image for pull in reader.pulls}) == ["a:1", "b:1"]


@pytest.mark.parametrize(
    "test",
    [
        '[ "${1:-}" == "--with-docker" ]',
        '[[ "${1:-}" == "--with-docker" ]]',
        'test "${1-}" = --with-docker',
        '[ "--with-docker" = "${1:-none}" ]',
    ],
)
def test_a_comparison_of_the_script_s_argument_read_alone_is_left_to_a_run(test: str) -> None:
    # opendatacube/datacube-core's check-code.sh (trimmed): `./check-code.sh --with-docker`
    # runs the checks in opendatacube/datacube-tests; read alone, `${1:-}` was taken as the
    # empty argument and the branch as dead, as `"$1"` is not (survey s45b)
    script = (
        f"if {test}; then\n    shift\n"
        "    exec docker run -v $(pwd):/code opendatacube/datacube-tests:latest $0 $@\nfi\n"
        'IMAGE="${1:-alpine:3.20}"\ndocker pull "$IMAGE"\n'
    )
    reader = ShellReader(pulls=True, defaults=True)
    reader.read(script)
    assert reader.pulls is not None
    assert sorted({pull.image for pull in reader.pulls}) == [
        "alpine:3.20",
        "opendatacube/datacube-tests:latest",
    ]


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [(["--with-docker"], ["acme/tests:1.0"]), (["--lint"], []), ([], [])],
)
def test_a_comparison_of_the_arguments_a_runner_gives_still_decides(
    arguments: list[str], expected: list[str]
) -> None:
    # (a run that gives the script its words, none among them, is known: only a script read
    # alone leaves its argument to a run)
    script = 'if [ "${1:-}" = "--with-docker" ]; then\n    docker run acme/tests:1.0\nfi\n'
    reader = ShellReader(pulls=True, defaults=True, arguments=arguments)
    reader.read(script)
    assert reader.pulls is not None
    assert sorted({pull.image for pull in reader.pulls}) == expected


@pytest.mark.parametrize(
    "setting",
    [
        "DOCKER=${DOCKER:-false}\n",
        'DOCKER="${DOCKER:-false}"\n',
        "DOCKER=${DOCKER-false}\n",
        "",  # (the default in the test itself: `[ "${DOCKER:-false}" = "false" ]`)
    ],
)
def test_a_comparison_of_an_environment_variable_read_alone_is_left_to_a_run(
    setting: str,
) -> None:
    # livepeer/go-livepeer's box/gateway.sh (trimmed): `DOCKER=${DOCKER:-false}`, then the
    # binary `if [ "$DOCKER" = "false" ]`, else `docker run … livepeer/go-livepeer`; its
    # box.md says `export DOCKER=true`. Read alone, the default was taken as the value and
    # the else branch as dead: 2 missed pulls (survey s48d)
    tested = '"$DOCKER"' if setting else '"${DOCKER:-false}"'
    script = (
        f'{setting}if [ {tested} = "false" ]; then\n    ./livepeer -gateway\n'
        "else\n    docker run --rm livepeer/go-livepeer:0.8.1 -gateway\nfi\n"
        "docker pull alpine:3.20\n"
    )
    reader = ShellReader(pulls=True, defaults=True)
    reader.read(script)
    assert reader.pulls is not None
    assert sorted({pull.image for pull in reader.pulls}) == [
        "alpine:3.20",
        "livepeer/go-livepeer:0.8.1",
    ]


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        # (the script's own value, set before: the branch is decided)
        ('DOCKER=false\nif [ "$DOCKER" = "true" ]; then docker run acme/a:1.0; fi\n', []),
        # (the environment's, given by the run that reads the script: decided by it)
        ('DOCKER=${DOCKER:-false}\nif [ "$DOCKER" = "true" ]; then docker run acme/a:1.0; fi\n',
         ["acme/a:1.0"]),
    ],
)  # fmt: skip
def test_a_comparison_of_a_value_the_script_sets_still_decides(
    script: str, expected: list[str]
) -> None:
    reader = ShellReader(pulls=True, defaults=True, variables={"DOCKER": "true"})
    reader.read(script)
    assert reader.pulls is not None
    assert sorted({pull.image for pull in reader.pulls}) == expected
    alone = ShellReader(pulls=True, defaults=False)
    alone.read(script)  # (not read alone as ./script.sh: a runner's reading, as before)
    assert alone.pulls == []


GATEWAY = (
    "#!/bin/bash\nDOCKER=${DOCKER:-false}\n"
    'if [ "$DOCKER" = "false" ]; then\n    ./livepeer -gateway\n'
    "else\n    docker run --rm acme/gateway:1.0 -gateway\nfi\n"
)


@pytest.mark.parametrize(
    ("runner", "text", "expected"),
    [
        # (a Makefile's recipe runs it in the user's environment: `make box-gateway`, with
        # `export DOCKER=true` as go-livepeer's box.md says)
        ("Makefile", "box-gateway:\n\t./box/gateway.sh\n", ["acme/gateway:1.0"]),
        # (a CI job gives it only the environment it names: no DOCKER, the default)
        (
            ".github/workflows/box.yml",
            "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - run: ./box/gateway.sh\n",
            [],
        ),
    ],
)
def test_an_environment_variable_of_a_script_a_runner_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: str, text: str, expected: list[str]
) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "box").mkdir()
    script = tmp_path / "box" / "gateway.sh"
    script.write_text(GATEWAY)
    script.chmod(0o755)
    (tmp_path / runner).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / runner).write_text(text)
    found = scan_paths(["."])
    assert sorted(o.text for o in found if o.path.endswith("gateway.sh")) == expected


@pytest.mark.parametrize(
    "test",
    [
        '[ "$USE_DOCKER" -eq 1 ]',  # (after `USE_DOCKER=${USE_DOCKER:-0}`)
        '[ -n "${REGISTRY:-}" ]',  # (the test's own default, empty)
        '[[ -n "$REGISTRY" ]]',  # (after `REGISTRY=${REGISTRY:-}`)
    ],
)
def test_other_tests_of_an_environment_variable_read_alone_are_left_to_a_run(test: str) -> None:
    # (the same class as `[ "$DOCKER" = "false" ]`: an integer test, `-n`/`-z` of a variable
    # whose value here is only its default)
    script = (
        "USE_DOCKER=${USE_DOCKER:-0}\nREGISTRY=${REGISTRY:-}\n"
        f"if {test}; then\n    docker pull acme/tool:1.0\nfi\n"
    )
    reader = ShellReader(pulls=True, defaults=True)
    reader.read(script)
    assert reader.pulls is not None
    assert [pull.image for pull in reader.pulls] == ["acme/tool:1.0"]
    # (a value the run gives still decides: USE_DOCKER=0 and REGISTRY empty skip the pull)
    decided = ShellReader(pulls=True, defaults=True, variables={"USE_DOCKER": "0", "REGISTRY": ""})
    decided.read(script.replace("${REGISTRY:-}", '""', 1).replace('"${REGISTRY:-}"', '""'))
    assert decided.pulls == []

"""Bash arrays in shell text: ``ARGS=(…)``, ``ARGS+=(…)``, ``"${ARGS[@]}"`` (``._arrays``),
and the ``for`` loops over them (``._loops``).

netbox-community/netbox-docker's ``build.sh`` assembles its ``docker buildx build`` in an
array: the names it builds (``-t``) and the ``--build-arg FROM=…`` its Dockerfile needs are
the array's words (survey 10: a false TS001 on the compose file that runs its own image).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references
from tagsense.sources.builds._arrays import MAX_ELEMENTS, MAX_LENGTH
from tagsense.sources.builds.shell import ShellReader

if TYPE_CHECKING:
    from pathlib import Path

    from tagsense.sources.builds._shell_values import ShellBuild

DAY = datetime.date(2026, 12, 3)


def builds(text: str) -> list[ShellBuild]:
    return ShellReader().read(text)


def one(text: str) -> ShellBuild:
    (build,) = builds(text)
    return build


# netbox-community/netbox-docker, build.sh (the lines that make its build command).
NETBOX_BUILD = """\
IMAGE_NAMES="${IMAGE_NAMES-docker.io/netboxcommunity/netbox}"
DOCKERFILE="${DOCKERFILE-Dockerfile}"
if [ -z "$DOCKER_FROM" ]; then
  DOCKER_FROM="docker.io/ubuntu:24.04"
fi
TARGET_DOCKER_TAG="${DOCKER_TAG-latest}"
IMAGE_NAME_TAGS=()
for IMAGE_NAME in "${IMAGE_NAMES[@]}"; do
  IMAGE_NAME_TAGS+=("${IMAGE_NAME}:${TARGET_DOCKER_TAG}")
  IMAGE_NAME_TAGS+=("${IMAGE_NAME}:${TARGET_DOCKER_TAG}-${PROJECT_VERSION}")
done
if [ -z "${DRY_RUN}" ]; then
  DRY=""
else
  DRY="echo"
fi
DOCKER_BUILD_ARGS=(
  --pull
  --target main
  -f "${DOCKERFILE}"
)
for IMAGE_NAME in "${IMAGE_NAME_TAGS[@]}"; do
  DOCKER_BUILD_ARGS+=(-t "${IMAGE_NAME}")
done

# --label
DOCKER_BUILD_ARGS+=(
  --label "netbox.original-tag=${TARGET_DOCKER_TAG}"
  --label "org.opencontainers.image.created=${BUILD_DATE}"
)
if [ -n "${DOCKER_FROM}" ]; then
  DOCKER_BUILD_ARGS+=(--build-arg "FROM=${DOCKER_FROM}")
fi
if [ -n "${HTTP_PROXY}" ]; then
  DOCKER_BUILD_ARGS+=(--build-arg "http_proxy=${HTTP_PROXY}")
fi
$DRY docker buildx \\
  --builder "${BUILDX_BUILDER_NAME}" \\
  build \\
  "${DOCKER_BUILD_ARGS[@]}" \\
  .
"""


def test_netbox_s_build_command_assembled_in_an_array() -> None:
    build = one(NETBOX_BUILD)
    # (the command's first line, not the array's)
    assert build.line == NETBOX_BUILD.split("\n").index("$DRY docker buildx \\") + 1
    assert set(build.names) == {"docker.io/netboxcommunity/netbox"}
    assert (build.dockerfile, build.target, build.context, build.decided) == (
        "Dockerfile", "main", ".", True,
    )  # fmt: skip
    assert dict(build.args) == {"FROM": "docker.io/ubuntu:24.04"}
    assert build.unresolved == ("http_proxy",)  # (appended in a branch: its value a run's)


ELEMENTS = [
    # (the text before `docker build "${A[@]}" .`, the names built, the build's arguments)
    ('A=(-t "acme/app" --build-arg "X=a b")', ["acme/app"], {"X": "a b"}),
    ("A=(-t acme/one)\nA+=(-t acme/two --build-arg X=1)", ["acme/one", "acme/two"], {"X": "1"}),
    ("A=()\nA+=(-t acme/app)", ["acme/app"], {}),
    ("A+=(-t acme/app)", ["acme/app"], {}),  # (an array starts empty)
    ("A=(-t acme/app); A+=(--build-arg X=1) && true", ["acme/app"], {"X": "1"}),
    ("declare -a A=(-t acme/app)", ["acme/app"], {}),
    ("local -a A=(-t acme/app)", ["acme/app"], {}),
    ("A=(-t acme/one)\nA[1]=acme/two", ["acme/two"], {}),
    ("A=(-t acme/one)\nA[2]=--pull", ["acme/one"], {}),  # (the next index: appended)
    ("A=(-t acme/one)\nA[1]+=-dev", ["acme/one-dev"], {}),
    ("A=(--tag acme/one)\nA=-t", ["acme/one"], {}),  # (A=value: the first element)
    ("A=(--ta acme/one)\nA+=g", ["acme/one"], {}),  # (A+=value: onto the first element)
    ('B=(--build-arg X=1)\nA=(-t acme/app "${B[@]}")', ["acme/app"], {"X": "1"}),
    ("A=(\n  --pull  # always\n  -t acme/app\n)", ["acme/app"], {}),
    ("if true; then\n  A=(-t acme/a)\nelse\n  A=(-t acme/b)\nfi", ["acme/b"], {}),
    ("A=(-t acme/app)\nif x; then\n  A+=(--label a=1 --build-arg X=1)\nfi", ["acme/app"],
     {"X": "1"}),
]  # fmt: skip


@pytest.mark.parametrize(("before", "names", "args"), ELEMENTS)
def test_each_element_is_a_word_of_the_command(
    before: str, names: list[str], args: dict[str, str]
) -> None:
    build = one(f'{before}\ndocker build "${{A[@]}}" .')
    assert (list(build.names), dict(build.args), build.context) == (names, args, ".")


def test_unquoted_elements_are_split_further_so_a_blank_is_a_run_s() -> None:
    text = 'A=(--build-arg "X=a b" --build-arg Y=1 "" -t acme/app)\n'
    quoted = one(text + 'docker build "${A[@]}" .')
    unquoted = one(text + "docker build ${A[@]} .")
    # ("" is a word quoted (an empty context: two positionals), none unquoted)
    assert (dict(quoted.args), quoted.decided) == ({"X": "a b", "Y": "1"}, False)
    assert (dict(unquoted.args), unquoted.names, unquoted.context) == (
        {"Y": "1"}, ("acme/app",), ".",
    )  # fmt: skip
    globbed = one("A=(-t acme/app *.txt)\ndocker build ${A[@]} .")
    # (the glob's words are a run's: taken for options, as a wholly unknown word is, the
    # context being the one word written out)
    assert (globbed.names, globbed.context) == (("acme/app",), ".")


def test_an_empty_array_is_no_word_and_star_joins_the_elements_into_one() -> None:
    assert one('A=()\ndocker build "${A[@]}" ctx').context == "ctx"
    assert one('A=()\ndocker build "x${A[@]}y" ').context == "xy"
    assert one('A=(a b)\ndocker build "${A[@]}y"').context is None  # (a, by: two)
    # "${A[*]}": one word, "-t acme/app" (no option, no name)
    star = one('A=(-t acme/app)\ndocker build "${A[*]}" .')
    assert (star.names, star.context) == ((), ".")
    assert one('A=(acme one)\nT="${A[@]}"\ndocker build -t "x/$T" .').names == ()
    # (bash's pattern substitution puts a slash for each blank of the joined elements)
    assert one('A=(acme app)\nT="${A[*]}"\ndocker build -t "${T// //}" .').names == ("acme/app",)


SINGLE = [
    # (a word for one element, the name it builds)
    ("${A[0]}", "acme/one"),
    ("${A}", "acme/one"),
    ("$A", "acme/one"),
    ("${A[1]}", "acme/two"),
    ("${A[-1]}", "acme/two"),
    ("${A[2]}", None),  # (no such element)
    ("${A[i]}", None),  # (an index a run computes)
    ("${A[$i]}", None),
    ("${#A[@]}/app", None),  # (a count)
    # (a default: bash gives it where the element is unset, or with `:` empty; survey s39c)
    ("${A[0]:-x}", "acme/one"),
    ("${A[2]:-acme/three}", "acme/three"),
    ("${A[2]-acme/three}", "acme/three"),
    ("${A[$i]:-acme/three}", None),  # (an index a run computes: its element, or not)
    ("${A[0]:=x}", None),
    ("${A[@]:-x}", None),
]


@pytest.mark.parametrize(("word", "name"), SINGLE)
def test_one_element(word: str, name: str | None) -> None:
    build = one(f'A=(acme/one acme/two)\ndocker build -t "{word}" .')
    assert build.names == ((name,) if name else ())


UNKNOWN_ARRAYS = [
    "A=(-t acme/app)\nA[$i]=--pull",  # (an index a run decides: the whole array)
    "A=(-t acme/app)\nA[5]=--pull",  # (a gap: bash's arrays are sparse)
    "A=([0]=-t [1]=acme/app)",  # (indices written: sparse, or associative)
    "A=(-t acme/app)\nA+=($(git tag))",
    "A=(-t acme/app $(opts))",
    'A=(-t acme/app)\nB=("${A[@]}" "${C[@]}")\nA=("${B[@]}")',  # (C: unset, a run's)
]


@pytest.mark.parametrize("before", UNKNOWN_ARRAYS)
def test_an_array_a_run_decides_leaves_the_build_s_words_to_a_run(before: str) -> None:
    build = one(f'{before}\ndocker build "${{A[@]}}" .')
    # (its words are taken for options: the engine takes one context, the word written out)
    assert (build.args, build.context) == ((), ".")
    assert one(f'{before}\ndocker build "${{A[@]}}"').context is None


def test_an_array_too_large_is_a_run_s() -> None:
    many = "A=(" + " x" * (MAX_ELEMENTS + 1) + ")\n"
    assert not one(many + 'docker build "${A[@]}"').decided
    most = "A=(" + " x" * (MAX_ELEMENTS - 2) + " -t acme/app)\n"
    assert one(most + 'docker build -t "${A[-1]}"').names == ("acme/app",)
    long = f"A=(--label a={'x' * MAX_LENGTH})\n"
    assert not one(long + 'docker build "${A[@]}"').decided
    assert one(f"A=(--label a={'x' * 100})\n" + 'docker build "${A[@]}" .').decided


def test_the_engine_and_its_wrappers_in_an_array() -> None:
    assert one('D=(sudo docker)\n"${D[@]}" build -t acme/app .').names == ("acme/app",)
    assert builds('D=(echo docker)\n"${D[@]}" build -t acme/app .') == []


def test_a_variable_empty_unless_a_dry_run_before_the_engine_runs_it() -> None:
    dry = 'if [ -n "$DRY_RUN" ]; then\n  DRY=echo\nelse\n  DRY=""\nfi\n'
    assert one(dry + "$DRY docker build -t acme/app .").names == ("acme/app",)
    assert one('DRY=""\n${DRY} docker build -t acme/app .').names == ("acme/app",)
    assert builds("DRY=echo\n$DRY docker build -t acme/app .") == []
    assert builds("$DRY docker build -t acme/app .") == []  # (not set here: a run's)


LOOPS = [
    # (a loop, the names it builds)
    ("for n in acme/a acme/b; do\n  docker build -t $n .\ndone", ["acme/a", "acme/b"]),
    ('N=(acme/a acme/b)\nfor n in "${N[@]}"\ndo\n  A+=(-t "$n")\ndone\n'
     'docker build "${A[@]}" .', ["acme/a", "acme/b"]),
    ("for n in acme/a; do\n  for t in 1 2; do\n    docker build -t $n:$t -t $n-$t .\n"
     "  done\ndone", ["acme/a", "acme/a-1", "acme/a", "acme/a-2"]),
    ("for n in; do\n  docker build -t acme/a .\ndone", []),  # (no word: never run)
    # (a word only a run knows may be several: the body once, its variable a run's)
    ("n=acme/x\nfor n in $(ls); do\n  docker build -t $n .\ndone", []),
    ('n=acme/x\nfor n in "${UNSET[@]}"; do\n  docker build -t $n .\ndone', []),
    # (on one line: once a word, as over lines; in a pipeline: its body once, its variable a
    # run's)
    ("n=acme/x\nfor n in a b; do docker build -t $n .; done", ["a", "b"]),
    ("for n in; do docker build -t acme/a .; done", []),
    ("n=acme/x\nfor n in $(ls); do docker build -t $n .; done", []),
    ("for n in a b; do\n  docker build -t $n/app .\ndone | tee log", []),
    # (after commands on its line, as a Makefile's recipe line runs it: nuclio's `set -e; \`
    # then its loop; the commands first, once)
    ("set -e; for n in a b; do docker build -t $n .; done", ["a", "b"]),
    ("cd x && D=acme; for n in a b; do docker build -t $D/$n .; done", ["acme/a", "acme/b"]),
    ("echo 'x; for n in a; do docker build -t $n .; done'", []),
    # (after a compound command on its line, and before other commands: POSIX, *Lists*, a
    # compound command is one command of a list; alexei-led/pumba's Makefile `bash -lc 'set
    # -e; if …; fi; …; for img in …; do docker pull "$img"; done; …'`)
    ("if [ -n x ]; then D=acme; fi; for n in a b; do docker build -t $D/$n .; done",
     ["acme/a", "acme/b"]),
    ("while false; do :; done; for n in a b; do docker build -t $n .; done && echo", ["a", "b"]),
    ("case x in x) D=acme;; esac; for n in a; do docker build -t $D/$n .; done; D=b; "
     "for n in c; do docker build -t $D/$n .; done", ["acme/a", "b/c"]),
    ("for n in a b; do docker build -t $n .; done; docker build -t c .", ["a", "b", "c"]),
    # (not a list of its own: inside a compound command, or in a pipeline, the body once)
    ("n=x\nif true; then for n in a b; do docker build -t $n .; done; fi", []),
    ("n=x\nfi; for n in a b; do docker build -t $n .; done", []),
    ("true | for n in a b; do docker build -t $n .; done; echo", []),
]  # fmt: skip


@pytest.mark.parametrize(("text", "names"), LOOPS)
def test_a_loop_over_known_words_runs_its_body_once_a_word(text: str, names: list[str]) -> None:
    assert [name for build in builds(text) for name in build.names] == names


def test_a_loop_after_a_compound_command_on_its_line_pulls_each_word() -> None:
    # (survey s57d: alexei-led/pumba's Makefile pre-pulls its test images so, in its macOS
    # targets, and ghcr.io/alexei-led/stress-ng:latest was missed)
    reader = ShellReader(pulls=True)
    reader.read(
        "set -e; if ! command -v bats; then apt-get install -y bats; fi; for img in a:1 b:2; do "
        'docker image inspect "$img" || docker pull "$img"; done; docker pull c:3\n'
    )
    assert [(p.line, p.image) for p in reader.pulls or ()] == [
        (1, "a:1"), (1, "b:2"), (1, "c:3"),
    ]  # fmt: skip


def test_a_loop_s_lines_are_its_own() -> None:
    text = "X=1\nfor n in acme/a acme/b; do\n  # build\n  docker build -t $n .\ndone\nY=2\n"
    reader = ShellReader()
    assert [(b.line, b.names) for b in reader.read(text, 10)] == [
        (13, ("acme/a",)), (13, ("acme/b",)),
    ]  # fmt: skip
    assert (reader.variables["n"], reader.variables["Y"]) == ("acme/b", "2")


def test_pulls_through_an_array_find_their_image() -> None:
    reader = ShellReader(pulls=True)
    reader.read(
        'RUN_ARGS=(--rm -e "A=1" -v "$PWD:/src")\n'
        'docker run "${RUN_ARGS[@]}" alpine:3.20 sh -c true\n'
        'docker run "${UNSET[@]}" busybox:1.36\n'  # (what the array holds, a run decides)
        'IMG=(--rm redis:7.4.1)\ndocker run "${IMG[@]}"\n'
    )
    assert [(p.line, p.image) for p in reader.pulls or ()] == [
        (2, "alpine:3.20"), (5, "redis:7.4.1"),
    ]  # fmt: skip


def test_a_command_substitution_sees_the_script_s_arrays() -> None:
    # (survey s40a: emqx's scripts/test/start-two-nodes-in-docker.sh runs
    # `haproxy_cid=$(docker run -d … "${HAPROXY_PORTS[@]}" "${HAPROXY_IMAGE}" sh -c …)`: the
    # substitution's subshell has the script's arrays, so the ports are options, not the image)
    reader = ShellReader(pulls=True)
    reader.read(
        "IMAGE='ghcr.io/haproxytech/haproxy-docker-alpine:2.4.27'\n"
        "PORTS=(-p 18083:18083 -p 1883:1883)\n"
        'declare -A OPTS=([net]="--net=host")\n'
        'cid=$(docker run -d --name haproxy \\\n  "${PORTS[@]}" \\\n  "${IMAGE}" \\\n'
        "  sh -c 'haproxy -f haproxy.cfg')\n"
        'cid="$(docker run -d "${OPTS[@]}" redis:7.4.1)"\n'
    )
    assert sorted({(p.line, p.image) for p in reader.pulls or ()}) == [
        (4, "ghcr.io/haproxytech/haproxy-docker-alpine:2.4.27"), (8, "redis:7.4.1"),
    ]  # fmt: skip


def test_a_loop_over_words_one_of_which_a_run_decides_still_takes_the_written_ones() -> None:
    # (survey s50e: cockroachdb/helm-charts' tests/k3d/dev-cluster.sh pulls each image of
    # `REQUIRED_IMAGES=( "quay.io/jetstack/…:v1.11.0" "$(bin/yq '.…' values.yaml)" … )` in a
    # `for image in "${REQUIRED_IMAGES[@]}"` loop: bash runs the body once an element, so the
    # written elements are pulled whatever the yq one prints; none was found)
    reader = ShellReader(pulls=True)
    reader.read(
        "IMAGES=(\n"
        '    "quay.io/jetstack/cert-manager-webhook:v1.11.0"\n'
        "    \"$(bin/yq '.image.name' ./values.yaml)\"\n"
        '    "cockroachdb/cockroach-operator:v2.18.3"\n'
        ")\n"
        'for image in "${IMAGES[@]}"; do\n'
        '    if ! docker image inspect "$image" >/dev/null 2>&1; then\n'
        '        docker pull "$image"\n'
        "    fi\n"
        "done\n"
        'for image in $(cat images.txt); do docker pull "$image"; done\n'  # (only a run's words)
        'for tag in 1.27.3 $(cat tags.txt); do docker pull "nginx:$tag"; done\n'
    )
    assert sorted({(p.line, p.image) for p in reader.pulls or ()}) == [
        (8, "cockroachdb/cockroach-operator:v2.18.3"),
        (8, "quay.io/jetstack/cert-manager-webhook:v1.11.0"),
        (12, "nginx:1.27.3"),
    ]  # fmt: skip


def test_a_loop_over_an_associative_array_s_values_or_keys_pulls_each_image() -> None:
    # (survey s38f: images kept in `declare -A IMAGES=([db]=… [cache]=…)`, pulled in a loop
    # over "${IMAGES[@]}", or over its keys "${!IMAGES[@]}" with "${IMAGES[$k]}")
    reader = ShellReader(pulls=True)
    reader.read(
        'declare -A IMAGES=([db]="mysql:8.0.39" [cache]="memcached:1.6.31")\n'
        'for image in "${IMAGES[@]}"; do docker pull "$image"; done\n'
        'for key in "${!IMAGES[@]}"; do\n  docker pull "${IMAGES[$key]}"\ndone\n'
        'declare -A LATER\nLATER[x]+="nginx:"\nLATER[x]+="1.27.3"\n'
        'for image in "${LATER[@]}"; do docker pull "$image"; done\n'
        'for key in "${!UNSET[@]}"; do docker pull "busybox:$key"; done\n'  # (a run's keys)
    )
    assert sorted({(p.line, p.image) for p in reader.pulls or ()}) == [
        (2, "memcached:1.6.31"), (2, "mysql:8.0.39"),
        (4, "memcached:1.6.31"), (4, "mysql:8.0.39"),
        (9, "nginx:1.27.3"),
    ]  # fmt: skip


def test_an_associative_array_s_element_with_a_default_pulls_the_element_or_the_default() -> None:
    # (survey s39c: monicahq/docker's build.sh pulls `php:$php-$variant` with
    # `php=${php_version[$release]-${php_version[default]}}` in loops over its releases)
    reader = ShellReader(pulls=True)
    reader.read(
        "releases=(4 5 6)\n"
        "declare -A php_version=(\n    [default]='8.2'\n    [5]='8.3'\n    [4]='8.1'\n)\n"
        "for release in ${releases[@]}; do\n"
        "  php=${php_version[$release]-${php_version[default]}}\n"
        "  docker pull php:$php-fpm\n"
        "done\n"
        'docker pull "ruby:${php_version[$UNSET]:-3.3}"\n'  # (a key a run gives: a run's)
    )
    assert sorted({(p.line, p.image) for p in reader.pulls or ()}) == [
        (9, "php:8.1-fpm"), (9, "php:8.2-fpm"), (9, "php:8.3-fpm"),
    ]  # fmt: skip


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_script_s_pull_through_an_array_is_placed_at_its_image(project: Path) -> None:
    write(project / "run.sh", 'A=(--rm -it)\ndocker run "${A[@]}" acme/tool:latest  true\n')
    (pull,) = find_references("run.sh")
    assert (pull.line, pull.column, pull.text) == (2, 22, "acme/tool:latest")


NETBOX_DOCKERFILE = "ARG FROM\nFROM ${FROM} AS builder\nRUN true\n"
NETBOX_TEST_COMPOSE = (
    "services:\n  netbox:\n    image: ${IMAGE-docker.io/netboxcommunity/netbox:latest}\n"
)


def test_netbox_s_test_compose_file_runs_the_image_its_build_script_builds(
    project: Path,
) -> None:
    write(project / "build.sh", NETBOX_BUILD)
    write(project / "Dockerfile", NETBOX_DOCKERFILE)
    write(project / "docker-compose.test.yml", NETBOX_TEST_COMPOSE)
    scan = find_references(".")
    (compose,) = (o for o in scan if o.path == "docker-compose.test.yml")
    assert compose.built is not None and compose.built.path == "build.sh"
    assert "TS001" not in {f.code for f in check(scan, as_of=DAY)}


def test_a_build_argument_in_an_array_reaches_the_dockerfile(project: Path) -> None:
    write(
        project / ".github" / "workflows" / "image.yml",
        "jobs:\n  image:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: |\n"
        '          ARGS=(--pull --target main -f Dockerfile -t "docker.io/acme/app:latest")\n'
        '          ARGS+=(--build-arg "FROM=docker.io/ubuntu:24.04")\n'
        '          docker buildx build "${ARGS[@]}" .\n',
    )
    write(project / "Dockerfile", "ARG FROM\nFROM ${FROM} AS main\nRUN true\n")
    write(project / "compose.yaml", "services:\n  app:\n    image: docker.io/acme/app:latest\n")
    scan = find_references(".")
    texts = {o.path: o.text for o in scan}
    assert texts["Dockerfile"] == "docker.io/ubuntu:24.04"
    assert [f.code for f in check(scan, as_of=DAY)] == []


def test_a_run_whose_verb_and_image_are_an_array_s_words() -> None:
    # ObolNetwork/charon-distributed-validator-node, scripts/edit/add-validators (trimmed):
    # `DOCKER_ARGS=(run --rm $DOCKER_FLAGS … "obolnetwork/charon:${CHARON_VERSION:-v1.9.0}" …)`,
    # then `docker "${DOCKER_ARGS[@]}"`: the line names no verb, and was passed over (3
    # scripts' pulls missed, survey s38a)
    text = (
        'DOCKER_FLAGS="-i"\nif [ -t 0 ]; then\n    DOCKER_FLAGS="-it"\nfi\n'
        "DOCKER_ARGS=(\n    run --rm $DOCKER_FLAGS\n"
        '    -v "$REPO_ROOT/.charon:/opt/charon/.charon"\n'
        '    "obolnetwork/charon:${CHARON_VERSION:-v1.9.0}"\n    alpha edit add-validators\n)\n'
        'if [ "$DRY_RUN" = false ]; then\n    docker "${DOCKER_ARGS[@]}"\nfi\n'
    )
    reader = ShellReader(pulls=True)
    reader.read(text)
    assert reader.pulls is not None
    assert {(pull.line, pull.image) for pull in reader.pulls} == {(12, "obolnetwork/charon:v1.9.0")}


def test_a_variable_set_from_an_associative_array_by_a_run_s_key_takes_each_value() -> None:
    # (survey s48f: redis/redis-py's .github/actions/run-tests/action.yml exports
    # `CLIENT_LIBS_TEST_STACK_IMAGE_TAG=${redis_stack_version_mapping[$REDIS_VERSION]}`, a
    # table the script writes looked up by the version a run gives: a run gets one of its
    # values, as from a `case` over the keys; each was pulled by one run, none was found)
    reader = ShellReader(pulls=True)
    reader.read(
        "declare -A stack=(\n"
        '  ["7.4.x"]="rs-7.4.0-v8"\n'
        '  ["7.2.x"]="rs-7.2.0-v20"\n'
        '  ["7.0.x"]="rs-7.4.0-v8"\n'
        ")\n"
        "if [[ -v stack[$REDIS_VERSION] ]]; then\n"
        "  export TAG=${stack[$REDIS_VERSION]}\n"
        "fi\n"
        'docker run -d "redislabs/client-libs-test:${TAG:-8.6.1}"\n'
        'other="${stack[$REDIS_VERSION]}-$(cat suffix)"\n'  # (still a run's: no value read)
        'docker pull "redis:$other"\n'
        'docker pull "redis:${stack[$REDIS_VERSION]:-7.4.1}"\n'  # (no assignment: a run's)
    )
    assert sorted({(p.line, p.image) for p in reader.pulls or ()}) == [
        (9, "redislabs/client-libs-test:8.6.1"),
        (9, "redislabs/client-libs-test:rs-7.2.0-v20"),
        (9, "redislabs/client-libs-test:rs-7.4.0-v8"),
    ]  # fmt: skip

"""Whether a script run with known words can do nothing a reading follows, by its text: the arm
of its top-level ``case`` on ``$1`` the words pick, and the functions that arm calls
(crystal-lang/crystal's ``bin/ci prepare_system``, ``prepare_build``: survey s57c)."""

from __future__ import annotations

import pytest

from tagsense.sources.builds._idle_arm import idle_run

# crystal-lang/crystal's bin/ci (trimmed)
SCRIPT = """\
#!/bin/sh
: "${VERSION:=1.21.0}"
on_linux() {
  if [ "$TRAVIS_OS_NAME" = linux ]; then
    eval "${*}"
  fi
}
prepare_system() {
  on_linux sudo service docker restart
}
prepare_build() {
  # docker run is not run here (a comment)
  FILE_VERSION=$(cat ./src/VERSION)
  on_linux __PREPARE__
}
with_build_env() {
  on_linux docker run --rm "acme/crystal:${VERSION}-build" /bin/sh -c "'$1'"
}
command="$1"
shift
case $command in
  prepare_system)
    prepare_system
    ;;
  prepare_build) prepare_build ;;
  with_build_env)
    with_build_env "${*}"
    ;;
  build | "test")
    with_build_env make
    ;;
  -h | --help) echo usage ;;
  *)
    echo "unknown: $command"
    exit 1
    ;;
esac
"""


def idle(words: tuple[str, ...], script: str = SCRIPT, **environment: str) -> bool:
    text = script.replace("__PREPARE__", environment.pop("prepare", "sudo apt-get update"))
    return idle_run(text, words, environment, lambda path: path.endswith(".sh"))


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (("prepare_system",), True),
        (("prepare_build",), True),  # (`./src/VERSION` is no program of the project's)
        (("build",), False),
        (("test",), False),  # (a quoted pattern)
        (("with_build_env", "make"), False),  # (the words a run passes on)
        (("--help",), True),
        (("other",), True),  # (the default arm)
    ],
)
def test_the_arm_the_first_word_picks_and_the_functions_it_calls(
    words: tuple[str, ...], expected: bool
) -> None:
    assert idle(words) is expected


def test_what_the_arm_runs_with_the_job_s_values_counts() -> None:
    # (a function's `eval "$*"` of a command a variable holds, and a script the arm runs)
    assert not idle(("prepare_build",), prepare="$SETUP", SETUP="docker pull acme/x:1")
    assert not idle(("prepare_build",), prepare="./hack/setup.sh")
    assert not idle(("prepare_build",), prepare="docker-compose up -d")
    assert idle(("prepare_build",), prepare="$SETUP", SETUP="apt-get update")


def test_the_top_level_around_the_case_counts() -> None:
    pulling = SCRIPT.replace("shift\n", "shift\ndocker pull acme/always:1\n", 1)
    assert not idle(("prepare_system",), pulling)
    sourcing = SCRIPT.replace("shift\n", "shift\n. ./lib/common\n", 1)
    assert not idle(("prepare_system",), sourcing)


@pytest.mark.parametrize(
    "change",
    [
        ("case $command in", "case $OTHER in"),  # (a word not the script's first)
        ('command="$1"', 'command="$2"'),
        ("  prepare_system)", "  $STEP)"),  # (a pattern a run decides)
        ("shift\n", 'shift\nwhile [ -n "$1" ]; do shift; done\n'),  # (a loop before it)
        ("    prepare_system\n", '    "cmd_$command"\n'),  # (a function named by a word)
    ],
    ids=["other variable", "not $1", "pattern", "loop", "computed"],
)
def test_what_the_text_does_not_tell_is_read(change: tuple[str, str]) -> None:
    script = SCRIPT.replace(*change)
    assert script != SCRIPT
    assert not idle(("prepare_system",), script)


def test_a_case_on_the_first_word_itself() -> None:
    script = 'case "$1" in\n  lint) echo lint ;;\n  e2e) docker run acme/e2e:3 ;;\nesac\n'
    assert idle(("lint",), script)
    assert not idle(("e2e",), script)
    # (the first arm whose pattern matches runs, and no other)
    first = script.replace("lint)", "l*)").replace("e2e)", "lint)")
    assert idle(("lint",), first)
    assert not idle(("lint",), first.replace("l*)", "x*)"))

"""A script run with known words (a CI step's ``bin/ci build``) reads, of a top-level ``case``
on its ``$1`` (or on a variable set from it: ``command="$1"; shift; case $command in``), the
arm those words pick: POSIX's ``case`` runs the first arm whose pattern matches the word, and no
other. crystal-lang/crystal's ``bin/ci`` (survey s52g: 22 build images missed) ends so, and its
functions ``shift`` their own call's words. Run without words, every arm is read, as before."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tagsense.sources import scan_paths
from tagsense.sources.builds._runs import MAX_ENVIRONMENTS, MAX_READINGS
from tagsense.sources.builds._shell_values import MAX_CALLS
from tagsense.sources.context import forget

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


# crystal-lang/crystal's bin/ci (trimmed): wrappers that shift their own words, an arm that
# spends more function calls than a reading may make before the arm the step names.
CI_SCRIPT = """\
#!/bin/sh
on_os() {
  os="$1"
  shift
  if [ "$TRAVIS_OS_NAME" = "$os" ]; then
    eval "${*}"
  fi
}
on_linux() {
  on_os "linux" "${*}"
}
prepare_build() {
__PREPARE__}
with_build_env() {
  on_linux docker run --rm "acme/crystal:${VERSION}-build" /bin/sh -c "'$1'"
}
build() {
  with_build_env 'make std_spec'
}
command="$1"
shift
case $command in
  prepare_build)
    prepare_build
    ;;
  with_build_env)
    with_build_env "${*}"
    ;;
  lint | format)
    on_linux docker run --rm acme/linter:2.1 lint
    ;;
  build)
    build
    ;;
  *)
    on_linux docker run --rm acme/usage:1.0
    ;;
esac
"""

#: An arm that makes more calls than a reading may (each `on_linux` call reads two functions);
#: defined first, its body's reading where it is written spends the calls that the bodies
#: after it could make there too.
PREPARE = "".join(f"  on_linux sudo apt-get install -y pkg{n}\n" for n in range(MAX_CALLS))


def pulled(project: Path, steps: list[str] | None, prepare: str = PREPARE) -> list[str]:
    write(project / "bin" / "ci", CI_SCRIPT.replace("__PREPARE__", prepare)).chmod(0o755)
    if steps is None:  # (nothing runs it: the script read alone)
        return sorted({o.text for o in scan_paths(["bin/ci"])})
    runs = "".join(f"      - run: {step}\n" for step in steps)
    write(
        project / ".github" / "workflows" / "linux.yml",
        "on: push\nenv:\n  TRAVIS_OS_NAME: linux\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
        "    env:\n      VERSION: 1.7.3\n    steps:\n" + runs,
    )
    return sorted({o.text for o in scan_paths(["."]) if o.path.endswith("ci")})


def test_the_arm_a_step_s_word_names_is_read_alone(project: Path) -> None:
    assert pulled(project, ["bin/ci build"]) == ["acme/crystal:1.7.3-build"]


def test_an_arm_of_several_patterns_matches_any(project: Path) -> None:
    assert pulled(project, ["bin/ci format"]) == ["acme/linter:2.1"]


def test_a_word_no_pattern_matches_takes_the_default_arm(project: Path) -> None:
    assert pulled(project, ["bin/ci nothing"]) == ["acme/usage:1.0"]


def test_the_words_after_the_shift_are_the_arm_s(project: Path) -> None:
    # (`with_build_env "${*}"`: the words left after `shift`)
    assert pulled(project, ["bin/ci with_build_env make"]) == ["acme/crystal:1.7.3-build"]


def test_arms_not_taken_spend_no_calls(project: Path) -> None:
    # (the prepare arm, first, would spend every call of the reading before `build`)
    assert pulled(project, ["bin/ci prepare_build", "bin/ci build"]) == ["acme/crystal:1.7.3-build"]


@pytest.mark.parametrize("steps", [["bin/ci"], None], ids=["a step without words", "alone"])
def test_a_script_run_without_words_reads_every_arm(project: Path, steps: list[str] | None) -> None:
    # (its `$1` a run's: as before; a short prepare arm, whose calls leave some for the others)
    found = pulled(project, steps, prepare="  on_linux sudo apt-get update\n")
    assert {"acme/linter:2.1", "acme/usage:1.0"} <= set(found)


@pytest.mark.parametrize(
    ("word", "step", "expected"),
    [
        ('"$1"', "./run.sh e2e", ["acme/e2e:3.0"]),
        ("${1}", "./run.sh unit", ["acme/unit:1.0"]),
        ('"$1"', "./run.sh", []),  # (no word: no arm matches)
    ],
    ids=["quoted", "braced", "no word"],
)
def test_a_case_on_the_script_s_first_word(
    project: Path, word: str, step: str, expected: list[str]
) -> None:
    write(
        project / "run.sh",
        f"#!/bin/bash\ncase {word} in\n  e*) docker run acme/e2e:3.0 ;;\n"
        "  unit) docker run acme/unit:1.0 ;;\nesac\n",
    )
    write(
        project / ".github" / "workflows" / "t.yml",
        f"on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: {step}\n",
    )
    assert sorted({o.text for o in scan_paths(["."]) if o.path == "run.sh"}) == expected


def test_a_case_in_a_loop_over_the_words_reads_every_arm(project: Path) -> None:
    # (a loop of the top level that shifts: each turn a word of its own, a run's to give)
    write(
        project / "run.sh",
        '#!/bin/bash\nwhile [ -n "$1" ]; do\n  case $1 in\n    e2e) docker run acme/e2e:3.0 ;;\n'
        "    unit) docker run acme/unit:1.0 ;;\n  esac\n  shift\ndone\n",
    )
    write(
        project / ".github" / "workflows" / "t.yml",
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: ./run.sh unit e2e\n",
    )
    found = sorted({o.text for o in scan_paths(["."]) if o.path == "run.sh"})
    assert found == ["acme/e2e:3.0", "acme/unit:1.0"]


# crystal-lang/crystal's bin/ci `with_build_env` (trimmed): the build image's suffix by the
# job's ARCH.
BUILD_ENV = """\
#!/bin/sh
case $ARCH in
  aarch64 | x86_64)
    DOCKER_TEST_IMAGE="acme/crystal:1.7.3-build"
    ;;
  *-musl)
    DOCKER_TEST_IMAGE="acme/crystal:1.7.3-alpine-build"
    ;;
  i386)
    DOCKER_TEST_IMAGE="acme/crystal:1.7.3-i386-build"
    ;;
esac
docker run --rm "$DOCKER_TEST_IMAGE" make
"""


@pytest.mark.parametrize(
    ("arch", "expected"),
    [
        ("x86_64", ["acme/crystal:1.7.3-build"]),
        ("aarch64-musl", ["acme/crystal:1.7.3-alpine-build"]),
        (
            None,  # (the job gives none: each arm's)
            [
                "acme/crystal:1.7.3-alpine-build",
                "acme/crystal:1.7.3-build",
                "acme/crystal:1.7.3-i386-build",
            ],
        ),
    ],
    ids=["x86_64", "musl", "not given"],
)
def test_a_case_on_a_variable_the_job_gives_reads_the_arm_it_picks(
    project: Path, arch: str | None, expected: list[str]
) -> None:
    write(project / "bin" / "ci", BUILD_ENV).chmod(0o755)
    env = f"    env:\n      ARCH: {arch}\n" if arch else ""
    write(
        project / ".github" / "workflows" / "t.yml",
        f"on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n{env}    steps:\n"
        "      - run: bin/ci\n",
    )
    assert sorted({o.text for o in scan_paths(["."]) if o.path.endswith("ci")}) == expected


def test_a_case_on_a_default_the_environment_may_change_reads_every_arm(project: Path) -> None:
    # (read alone, `ARCH=${ARCH:-x86_64}` is the user's to give)
    write(project / "ci.sh", BUILD_ENV.replace("#!/bin/sh\n", "#!/bin/sh\nARCH=${ARCH:-x86_64}\n"))
    assert len({o.text for o in scan_paths(["ci.sh"])}) == 3


def test_runs_whose_arm_can_do_nothing_read_spend_no_readings(project: Path) -> None:
    # crystal-lang/crystal's forward-compatibility workflow: 20 bootstrap versions, each job
    # runs `bin/ci prepare_build` (nothing it does is read here) before `bin/ci build`
    # (survey s57c: the readings ran out after 5 versions, 15 build images missed)
    write(project / "bin" / "ci", CI_SCRIPT.replace("__PREPARE__", PREPARE)).chmod(0o755)
    versions = [f"1.{minor}.0" for minor in range(MAX_READINGS - MAX_ENVIRONMENTS + 4)]
    assert len(versions) > MAX_ENVIRONMENTS and 2 * len(versions) > MAX_READINGS
    write(
        project / ".github" / "workflows" / "forward.yml",
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n"
        f"        version: [{', '.join(versions)}]\n"
        "    env:\n      TRAVIS_OS_NAME: linux\n      VERSION: ${{ matrix.version }}\n"
        "    steps:\n      - run: bin/ci prepare_build\n      - run: bin/ci build\n",
    )
    found = {o.text for o in scan_paths(["."]) if o.path.endswith("ci")}
    assert found == {f"acme/crystal:{version}-build" for version in versions}


def test_a_script_only_run_with_an_arm_that_does_nothing_is_not_read_alone(project: Path) -> None:
    # (its runner read it: not every arm, as a script nothing runs is read)
    write(
        project / "bin" / "ci",
        '#!/bin/sh\ncommand="$1"\nshift\ncase $command in\n  prepare) sudo apt-get update ;;\n'
        "  build) docker run --rm acme/build:1 make ;;\nesac\n",
    ).chmod(0o755)
    write(
        project / ".github" / "workflows" / "t.yml",
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: bin/ci prepare\n",
    )
    assert [o.text for o in scan_paths(["."])] == []
    write(project / ".github" / "workflows" / "t.yml", "on: push\n")
    forget()
    assert [o.text for o in scan_paths(["."])] == ["acme/build:1"]  # (nothing runs it)


@pytest.mark.parametrize(("word", "picked"), [("1.25", "v1.25.3"), ("1.26", "v1.26.0")])
def test_a_case_on_a_word_with_no_expansion_runs_the_arm_it_picks(
    project: Path, word: str, picked: str
) -> None:
    """A word with nothing left to expand picks its arm as a known variable does:
    dexidp/helm-charts' ``case ${{ matrix.kube }} in``, the matrix value written in before
    the shell runs; a word no pattern matches runs no arm."""
    arms = "  1.25) V=kindest/node:v1.25.3 ;;\n  1.26) V=kindest/node:v1.26.0 ;;\n"
    write(project / "x.sh", f'case {word} in\n{arms}esac\ndocker pull "$V"\n')
    assert [o.text for o in scan_paths(["x.sh"])] == [f"kindest/node:{picked}"]
    write(project / "x.sh", f'case 1.27 in\n{arms}esac\ndocker pull "kindest/node:$V"\n')
    assert [o.text for o in scan_paths(["x.sh"])] == []  # (`$V` unset: no image named)

"""A sourced file read once for the readings that source it alike (``._source_memo``), a
script's context reading without its own scan, and the calls of a Bats helper read only
when their words may pull: each reads what a reading without them reads."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tagsense.sources import context, scan_paths
from tagsense.sources.builds import _source_memo
from tagsense.sources.builds.script import scan_shell_script
from tagsense.sources.builds.shell import read_shell_script

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    _source_memo.forget()
    yield tmp_path
    _source_memo.forget()


def found(paths: list[str]) -> list[tuple[str, int, str, object]]:
    return [(str(o.path), o.line, o.text, o.context.get("engine")) for o in scan_paths(paths)]


# A suite's helpers, as podman's: an image variable, a function that runs the engine with
# its words (its text says `runc`, no verb of its own), one that pulls the suite's image.
HELPERS = """\
IMAGE=quay.io/libpod/testimage:20241011
REGISTRY=${REGISTRY:-quay.io/libpod/registry:2.8.2}

function run_podman() {
    if [[ $PODMAN_RUNTIME != "runc" ]]; then
        echo "checked"
    fi
    run podman "$@"
}

function start_registry() {
    podman run -d "$REGISTRY"
}
"""


def bats(number: int) -> str:
    return (
        f'load helpers\n\n@test "t{number}" {{\n'
        f"\trun_podman ps -a\n"
        f"\trun_podman run --rm quay.io/libpod/t:{number} true\n"
        f"\tstart_registry\n}}\n"
    )


def test_each_test_file_reads_the_helpers_as_alone(project: Path) -> None:
    for number in range(3):
        write(project / "test" / f"{number}.bats", bats(number))
    write(project / "test" / "helpers.bash", HELPERS)
    alone = [found([f"test/{number}.bats"]) for number in range(3)]
    assert alone[1] == [("test/1.bats", 5, "quay.io/libpod/t:1", "podman")]
    registry = ("test/helpers.bash", 12, "quay.io/libpod/registry:2.8.2", "podman")
    assert found(["test/helpers.bash"]) == [registry]  # (read through each test file)
    together = found(["."])
    assert sorted(together) == sorted([registry, *(ref for refs in alone for ref in refs)])


def test_a_helper_sourced_where_the_readings_differ_is_read_anew(project: Path) -> None:
    write(project / "test" / "helpers.bash", HELPERS)
    write(project / "test" / "a.bats", bats(1))
    write(
        project / "test" / "b.bats",
        f"REGISTRY=quay.io/libpod/registry:3.0.0\n{bats(2)}",  # (before the load: its own)
    )
    images = {text for _, _, text, _ in found(["."])}
    assert {"quay.io/libpod/registry:2.8.2", "quay.io/libpod/registry:3.0.0"} <= images


def test_a_helper_that_runs_a_script_is_not_kept(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(project / "test" / "helpers.bash", 'IMAGE=alpine:3.21\n./setup.sh "$IMAGE"\n')
    write(project / "test" / "setup.sh", 'docker pull "$1"\n')
    for name in ("a", "b"):
        write(project / "test" / f"{name}.bats", 'load helpers\n@test "x" {\n  true\n}\n')
    kept: list[bool] = []
    record = _source_memo.record
    monkeypatch.setattr(
        _source_memo,
        "record",
        lambda reader, key, pulls: (
            kept.append(reader.running is None) or record(reader, key, pulls)
        ),
    )
    scan_paths(["."])
    assert kept and all(kept)  # (the readings that run it, the runner's, are read each)


def test_the_context_reads_a_scripts_own_scan_only_when_asked(project: Path) -> None:
    write(project / "lib.sh", 'IMAGE=alpine:3.21\ndocker pull "$IMAGE"\n')
    script = write(project / "run.sh", "source lib.sh\ndocker build -t app .\n")
    alone = read_shell_script(str(script), scan=False)
    assert (alone.complete, alone.reads, len(alone.scan)) == (False, (str(project / "lib.sh"),), 0)
    full = read_shell_script(str(script))
    completed = context.read_build_file(str(script), "shell", complete=True)
    assert completed.complete and completed.scan.occurrences == full.scan.occurrences
    assert [o.text for o in completed.scan] == ["alpine:3.21"]
    assert context.script_scan(str(script), max_bytes=1 << 20).occurrences == (
        scan_shell_script(str(script), max_bytes=1 << 20).occurrences
    )
    assert found(["lib.sh"]) == [("lib.sh", 2, "alpine:3.21", "docker")]


def test_a_helpers_call_is_read_when_its_words_may_pull(project: Path) -> None:
    write(project / "test" / "helpers.bash", HELPERS)
    write(
        project / "test" / "a.bats",
        'load helpers\n@test "x" {\n  run_podman pull quay.io/libpod/a:1\n'
        "  run_podman create quay.io/libpod/b:1\n  run_podman images\n}\n",
    )
    assert [text for _, _, text, _ in found(["test/a.bats"])] == [
        "quay.io/libpod/a:1",
        "quay.io/libpod/b:1",
    ]


_WORDS = st.text(alphabet="abcdefgilmnoprstuxyz_=$:/.- 012", max_size=30)


@settings(max_examples=60, deadline=None)
@given(_WORDS, _WORDS)
def test_a_kept_reading_is_the_reading(before: str, line: str) -> None:
    # (a helper sourced after any assignment and command: kept or read anew, the same)
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        (root / ".git").mkdir()
        write(root / "helpers.bash", f"{HELPERS}\n{line}\n")
        texts = [
            f"{before}\nload helpers\n@test 'x' {{\n  run_podman run a:{n}\n}}\n" for n in (1, 2)
        ]
        paths = [str(write(root / f"{n}.bats", text)) for n, text in enumerate(texts)]
        _source_memo.forget()
        fresh = []
        for path in paths:
            _source_memo.forget()
            fresh.append(scan_shell_script(path).occurrences)
        _source_memo.forget()
        kept = [scan_shell_script(path).occurrences for path in paths]
        _source_memo.forget()
        assert kept == fresh


# A sharness suite's library, as ipfs/kubo's test/sharness/lib/test-lib.sh: each test file
# sets its own `test_description` (which the library never names), then sources it.
SHARNESS_LIB = """\
. lib/images.sh
IMAGE=${IMAGE:-alpine:3.21}
docker_run() {
    docker run --rm "$IMAGE" "$@"
}
"""


def _sharness(root: Path, values: list[str], line: str = "") -> list[str]:
    write(root / "t" / "lib" / "test-lib.sh", SHARNESS_LIB)
    write(root / "t" / "lib" / "images.sh", f"SIDE=busybox:1.37\n{line}\n")
    return [
        str(
            write(
                root / "t" / f"t{n:04d}.sh",
                f'test_description="{value}"\n. lib/test-lib.sh\ndocker_run true\n'
                'docker pull "$SIDE"\ndocker pull "acme/t:$test_description"\n',
            )
        )
        for n, value in enumerate(values)
    ]


def _readings(
    root: Path, count: int, monkeypatch: pytest.MonkeyPatch
) -> tuple[int, list[tuple[object, ...]], list[tuple[object, ...]]]:
    """How many readings of sourced files a scan of ``count`` sharness test files keeps, what
    they find, and what each finds read alone."""
    paths = _sharness(root, [f"1.{n}" for n in range(count)])
    readings = 0
    record = _source_memo.record

    def counted(reader: object, key: bytes, pulls: tuple[object, ...]) -> None:
        nonlocal readings
        readings += 1
        record(reader, key, pulls)  # type: ignore[arg-type]

    _source_memo.forget()
    monkeypatch.setattr(_source_memo, "record", counted)
    kept = [tuple(scan_shell_script(path).occurrences) for path in paths]
    monkeypatch.setattr(_source_memo, "record", record)
    fresh = []
    for path in paths:
        _source_memo.forget()
        fresh.append(tuple(scan_shell_script(path).occurrences))
    return readings, kept, fresh


def test_a_variable_the_sourced_files_never_name_leaves_them_read_once(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fewer, kept, fresh = _readings(project / "a", 3, monkeypatch)
    assert kept == fresh
    texts = [{o.text for o in occurrences} for occurrences in kept]  # type: ignore[attr-defined]
    assert texts == [{"alpine:3.21", "busybox:1.37", f"acme/t:1.{n}"} for n in range(3)]
    more, kept, fresh = _readings(project / "b", 6, monkeypatch)
    assert kept == fresh
    # (once the files a library's reading reads are known, `test_description` is no part of
    # the state: each test file more takes that reading as it was)
    assert more == fewer


@settings(max_examples=60, deadline=None)
@given(
    st.lists(_WORDS, min_size=2, max_size=3),
    _WORDS
    | st.sampled_from(
        [
            'SIDE="$test_description"',
            "docker pull alpine:${test_description:-3.21}",
            "export test_description",
            "unset test_description",
            'eval "SIDE=\\$test_description"',
        ]
    ),
)
def test_a_kept_reading_with_other_values_is_the_reading(values: list[str], line: str) -> None:
    # (files that set one variable to other values, then source a library that may name it)
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        (root / ".git").mkdir()
        paths = _sharness(root, [value.replace('"', "") for value in values], line)
        fresh = []
        for path in paths:
            _source_memo.forget()
            fresh.append(scan_shell_script(path).occurrences)
        _source_memo.forget()
        kept = [scan_shell_script(path).occurrences for path in paths]
        _source_memo.forget()
        assert kept == fresh


# A library whose parts each source a common one, guarded against a second reading, as
# aquasecurity/tracee's scripts/lib.sh: it sources lib_internal.sh, then lib_log.sh, which
# sources lib_internal.sh again (refused: read already in that reading).
TRACEE_LIB = {
    "lib.sh": '. "${0%/*}/lib_internal.sh"\n. "${0%/*}/lib_log.sh"\n'
    'lib_run() {\n  docker run --rm "$LIB_IMAGE" "$@"\n}\n',
    "lib_internal.sh": "LIB_IMAGE=${LIB_IMAGE:-alpine:3.21}\n",
    "lib_log.sh": '. "${0%/*}/lib_internal.sh"\nLOG_IMAGE=busybox:1.37\n',
}


def _tracee_scripts(root: Path, extra: str = "") -> list[str]:
    for name, text in TRACEE_LIB.items():
        write(root / "scripts" / name, text)
    return [
        str(
            write(
                root / "scripts" / f"{name}.sh",
                f'. "${{0%/*}}/lib.sh"\n{extra}lib_run {name}\ndocker pull "$LOG_IMAGE"\n',
            )
        )
        for name in ("a", "b", "c")
    ]


def _entered(paths: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[object]]:
    """How many times a scan of ``paths``, one after another, read ``lib.sh``, and what each
    found."""
    from tagsense.sources.builds import _sourced

    entered: list[str] = []
    enter = _sourced.Sourcing.enter

    def counted(self: _sourced.Sourcing, path: str) -> str | None:
        entered.append(path)
        return enter(self, path)

    _source_memo.forget()
    monkeypatch.setattr(_sourced.Sourcing, "enter", counted)
    kept: list[object] = [scan_shell_script(path).occurrences for path in paths]
    monkeypatch.setattr(_sourced.Sourcing, "enter", enter)
    return sum(path.endswith("/lib.sh") for path in entered), kept


def test_a_library_that_sources_a_part_twice_is_read_once(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _tracee_scripts(project)
    entered, kept = _entered(paths, monkeypatch)
    fresh = []
    for path in paths:
        _source_memo.forget()
        fresh.append(scan_shell_script(path).occurrences)
    assert kept == fresh
    texts = [[o.text for o in occurrences] for occurrences in fresh]  # type: ignore[attr-defined]
    assert texts == [["alpine:3.21", "busybox:1.37"]] * 3
    # (the second source of lib_internal.sh is refused by what the reading sourced, which
    # is part of the key: the library's reading is kept, and given to b.sh and c.sh)
    assert entered == 1


def test_a_library_that_sources_the_script_run_is_read_for_each(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (lib_log.sh sources a.sh: refused when a.sh is the script run, read for b.sh)
    paths = _tracee_scripts(project)
    write(project / "scripts" / "lib_log.sh", TRACEE_LIB["lib_log.sh"] + '. "${0%/*}/a.sh"\n')
    entered, kept = _entered(paths, monkeypatch)
    fresh = []
    for path in paths:
        _source_memo.forget()
        fresh.append(scan_shell_script(path).occurrences)
    assert kept == fresh
    assert entered >= 2

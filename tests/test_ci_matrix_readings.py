"""A matrix's jobs read once for each set of the values their scripts look at
(``tagsense.sources.builds._watched``): each value a script reads still gives its image,
and one it does not read changes nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense.sources.builds._watched import Readings, Watch, WatchedVariables, watched
from tagsense.sources.ci import built_images, scan_ci

if TYPE_CHECKING:
    from pathlib import Path


def _pulled(pipeline: str, tmp_path: Path) -> list[tuple[int, str, str]]:
    path = tmp_path / ".gitlab-ci.yml"
    path.write_text(pipeline)
    scan = scan_ci(pipeline, path=str(path), root=tmp_path)
    return sorted(
        (o.line, o.text, str(o.context.get("job"))) for o in scan.occurrences if o.kind == "shell"
    )


def _built(pipeline: str, tmp_path: Path) -> list[str]:
    path = tmp_path / ".gitlab-ci.yml"
    path.write_text(pipeline)
    return sorted({image.name for image in built_images(pipeline, path=str(path)).built})


MATRIX = "  parallel:\n    matrix:\n      - FLAVOR: [slim, full]\n        OS: [a, b, c]\n"


def test_a_value_the_script_reads_gives_one_image_each(tmp_path: Path) -> None:
    pipeline = f"pull:\n{MATRIX}  script:\n    - docker pull debian:12-$FLAVOR\n"
    assert _pulled(pipeline, tmp_path) == [(7, "debian:12-full", "pull"),
                                           (7, "debian:12-slim", "pull")]  # fmt: skip


def test_a_value_the_script_does_not_read_changes_nothing(tmp_path: Path) -> None:
    pipeline = (
        f"images:\n{MATRIX}  script:\n    - docker pull busybox:1.36\n"
        "    - docker build -t acme/app-$FLAVOR .\n"
    )
    assert _pulled(pipeline, tmp_path) == [(7, "busybox:1.36", "images")]
    assert _built(pipeline, tmp_path) == ["acme/app-full", "acme/app-slim"]


def test_a_value_read_through_an_indirect_expansion(tmp_path: Path) -> None:
    pipeline = (
        f"pull:\n{MATRIX}  script:\n"
        '    - for var in FLAVOR; do docker pull "debian:12-${!var}"; done\n'
    )
    assert [text for _, text, _ in _pulled(pipeline, tmp_path)] == [
        "debian:12-full",
        "debian:12-slim",
    ]


def test_a_value_a_branch_tests(tmp_path: Path) -> None:
    pipeline = (
        f"run:\n{MATRIX}  script:\n"
        '    - if [ "$FLAVOR" = slim ]; then BASE=alpine:3.20; else BASE=debian:12; fi\n'
        "    - docker run --rm $BASE true\n"
    )
    assert [text for _, text, _ in _pulled(pipeline, tmp_path)] == ["alpine:3.20", "debian:12"]


def test_a_value_a_script_the_job_runs_reads(tmp_path: Path) -> None:
    (tmp_path / "ci").mkdir()
    script = tmp_path / "ci" / "build.sh"
    script.write_text('#!/bin/sh\ndocker build -t "acme/app-$OS" .\n')
    script.chmod(0o755)
    pipeline = f"build:\n{MATRIX}  script:\n    - ./ci/build.sh\n"
    assert _built(pipeline, tmp_path) == ["acme/app-a", "acme/app-b", "acme/app-c"]


def test_readings_compare_the_values_looked_at() -> None:
    readings, watch = Readings(), Watch()
    first = {"FLAVOR": "slim", "OS": "a"}
    variables = watched(watch, first)
    assert variables["FLAVOR"] == "slim"
    assert "OS" in variables and list(variables) == ["FLAVOR", "OS"]  # (names: no reading)
    readings.add(("script",), first, watch)
    assert readings.repeats(("script",), {"FLAVOR": "slim", "OS": "b"})
    assert not readings.repeats(("script",), {"FLAVOR": "full", "OS": "a"})
    assert not readings.repeats(("other",), {"FLAVOR": "slim", "OS": "a"})
    assert not readings.repeats(("script",), {"OS": "a", "FLAVOR": "slim"})  # (order: a key)
    assert not readings.repeats(("script",), {"FLAVOR": "slim"})


def test_looking_at_every_value_compares_them_all() -> None:
    plain: dict[str, str] = {}
    for look in (
        lambda v: dict(v),
        lambda v: {**v},
        lambda v: sorted(v.items()),
        lambda v: list(v.values()),
        lambda v: v == {},
        lambda v: plain == v,  # (the reflected comparison: a plain dict's own is skipped)
        lambda v: v.copy(),
    ):
        readings, watch = Readings(), Watch()
        first = {"FLAVOR": "slim", "OS": "a"}
        look(watched(watch, first))
        readings.add(("script",), first, watch)
        assert not readings.repeats(("script",), {"FLAVOR": "slim", "OS": "b"})


def test_a_copy_of_watched_variables_notes_into_the_same_watch() -> None:
    watch = Watch()
    outer = watched(watch, {"FLAVOR": "slim", "OS": "a"})
    inner = watched(Watch(), outer)
    assert isinstance(inner, WatchedVariables) and not watch.names
    assert inner.get("OS") == "a" and watch.names == {"OS"}
    environment = outer.quiet_copy(["FLAVOR"])
    assert environment == {"FLAVOR": "slim"} and watch.whole


def test_a_value_a_function_prints(tmp_path: Path) -> None:
    # (the function's body is read by a reading of its own: what it looks at is the job's)
    pipeline = (
        f"pull:\n{MATRIX}  script:\n"
        '    - |\n      image() { echo "debian:12-$FLAVOR"; }\n'
        '      IMAGE=$(image)\n      docker pull "$IMAGE"\n'
    )
    assert [text for _, text, _ in _pulled(pipeline, tmp_path)] == [
        "debian:12-full",
        "debian:12-slim",
    ]


def test_a_value_a_sourced_file_reads(tmp_path: Path) -> None:
    # (a sourced file's reading is kept by the reading's state, pickled: see ._source_memo)
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "env.sh").write_text('IMAGE="debian:12-$FLAVOR"\n')
    pipeline = f"pull:\n{MATRIX}  script:\n    - . scripts/env.sh\n    - docker pull $IMAGE\n"
    assert [text for _, text, _ in _pulled(pipeline, tmp_path)] == [
        "debian:12-full",
        "debian:12-slim",
    ]


def test_a_gitlab_file_s_jobs_are_read_anew_by_a_new_scan(tmp_path: Path) -> None:
    # (a scan keeps a GitLab file's jobs for its readers: a new scan sees an include changed)
    from tagsense.sources.context import forget

    (tmp_path / "ci").mkdir()
    included = tmp_path / "ci" / "pull.yml"
    included.write_text("pull:\n  script:\n    - docker pull alpine:3.19\n")
    pipeline = "include:\n  - local: ci/pull.yml\nmain:\n  script: [docker pull busybox:1.36]\n"
    assert [text for _, text, _ in _pulled(pipeline, tmp_path)] == ["alpine:3.19", "busybox:1.36"]
    included.write_text("pull:\n  script:\n    - docker pull alpine:3.20\n")
    forget()
    assert [text for _, text, _ in _pulled(pipeline, tmp_path)] == ["alpine:3.20", "busybox:1.36"]

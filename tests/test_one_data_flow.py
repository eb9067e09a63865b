"""The library and the command line run the same code: the same findings, the same scan.

``tagsense.check(tagsense.find_references(d))`` is what ``tagsense check d`` reports, on every
fixture directory of the project; and the values that flow between the layers are immutable.
"""

from __future__ import annotations

import datetime
import json
import pickle
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tagsense
from tagsense.cli import main
from tagsense.occurrence import BuildSite, Occurrence, Scan, SourceError, Suppression
from tagsense.policy import Finding

ROOT = Path(__file__).parent.parent
DAY = datetime.date(2026, 11, 28)

#: Every directory of fixtures the project has, and the project's examples.
DIRECTORIES = sorted(
    {
        path
        for data in (ROOT / "tests" / "data", ROOT / "examples")
        for path in [data, *data.rglob("*")]
        if path.is_dir() and not path.name.startswith((".", "__"))
    }
)


def cli_findings(
    capsys: pytest.CaptureFixture[str], path: Path, *more: str
) -> list[dict[str, object]]:
    capsys.readouterr()
    main(["check", "--format", "json", "--exit-zero", "--as-of", DAY.isoformat(), *more, str(path)])
    findings: list[dict[str, object]] = json.loads(capsys.readouterr().out)["findings"]
    return findings


def api_findings(path: Path) -> list[dict[str, object]]:
    found = tagsense.check(tagsense.find_references(str(path)), as_of=DAY)
    return [finding.as_dict() for finding in found]


@pytest.mark.parametrize("directory", DIRECTORIES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_api_finds_what_the_command_line_finds(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, directory: Path
) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.chdir(ROOT)
    relative = directory.relative_to(ROOT)
    assert api_findings(relative) == cli_findings(capsys, relative)


def test_an_action_and_its_dockerfile_are_one_finding(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The action's Dockerfile is reached twice: as a Dockerfile, and as what the action
    # builds. The library once reported TS001 twice where the command line said it once.
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "action.yml").write_text("runs:\n  using: docker\n  image: Dockerfile\n")
    (tmp_path / "Dockerfile").write_text("FROM redis:latest\n")
    api = api_findings(Path("."))
    assert [finding["code"] for finding in api] == ["TS001"]
    assert api == cli_findings(capsys, Path("."))


def test_a_suppression_in_an_included_file_counts(tmp_path: Path) -> None:
    # Suppression comments travel with the occurrences: a file read through another
    # (a compose include) keeps its own comments.
    (tmp_path / "compose.yaml").write_text("include:\n  - db/compose.yaml\n")
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "compose.yaml").write_text(
        "services:\n  db:\n    # tagsense: ignore[TS001]\n    image: postgres:latest\n"
    )
    scan = tagsense.find_references(str(tmp_path / "compose.yaml"))
    (occurrence,) = scan
    assert [s.keys for s in occurrence.suppressions] == [frozenset({"TS001"})]
    assert tagsense.check(scan, as_of=DAY) == []


# --- the values are immutable, and travel between processes --------------------------------


def occurrence(**fields: object) -> Occurrence:
    base: dict[str, object] = {
        "path": "Dockerfile",
        "line": 3,
        "column": 6,
        "kind": "from",
        "raw": "redis:${TAG}",
        "text": "redis:7",
    }
    return Occurrence.of_text(**(base | fields))  # type: ignore[arg-type]


VALUES = [
    occurrence(
        unresolved=("TAG",),
        built=BuildSite("compose", "compose.yaml", 4),
        suppressions=[Suppression("Dockerfile", 2, 1, "ignore", frozenset({"TS004"}), "#…")],
        context={"stage": "build", "platforms": ("linux/amd64",)},
    ),
    occurrence(text="Redis:7"),
    Scan([occurrence()], [SourceError("Dockerfile", 1, "bad", internal=True)], []),
    SourceError(None, None, "cannot read"),
    Suppression(None, 1, 1, "disable-file", None, "# tagsense: disable-file"),
    BuildSite("skaffold"),
    Finding(code="TS001", name="latest-tag", severity="error", message="m", reference="r"),
]


@pytest.mark.parametrize("value", VALUES, ids=lambda value: type(value).__name__)
def test_values_cannot_be_changed(value: object) -> None:
    for name in type(value).__slots__:  # type: ignore[attr-defined]
        with pytest.raises(AttributeError, match="immutable"):
            setattr(value, name, None)
        with pytest.raises(AttributeError, match="immutable"):
            delattr(value, name)
    with pytest.raises(AttributeError):
        value.extra = 1  # type: ignore[attr-defined]


@pytest.mark.parametrize("value", VALUES, ids=lambda value: type(value).__name__)
def test_values_pickle_to_equal_values(value: object) -> None:
    copy = pickle.loads(pickle.dumps(value))
    assert copy == value or (isinstance(value, Scan) and _scan_parts(copy) == _scan_parts(value))
    if isinstance(value, Occurrence):
        assert copy.error == value.error or repr(copy.error) == repr(value.error)
        assert (copy.suppressions, copy.built, copy.end_column) == (
            value.suppressions,
            value.built,
            value.end_column,
        )


def _scan_parts(scan: Scan) -> tuple[object, ...]:
    return (scan.occurrences, scan.errors, scan.suppressions)


@given(
    raw=st.text(min_size=1, max_size=40),
    line=st.integers(1, 10_000),
    column=st.integers(1, 500),
)
def test_the_end_of_an_occurrence_follows_from_its_text(raw: str, line: int, column: int) -> None:
    found = Occurrence.of_text(path=None, line=line, column=column, kind="from", raw=raw, text=raw)
    lines = raw.split("\n")
    assert found.end_line == line + len(lines) - 1
    assert found.end_column == (column + len(raw) if len(lines) == 1 else len(lines[-1]) + 1)
    # An occurrence is a reference or says why it is none, never both.
    assert (found.reference is None) != (found.error is None)
    moved = found.replace(line=line + 1)
    assert (moved.end_line, moved.end_column) == (found.end_line + 1, found.end_column)

"""TS900 unused-suppression, and the suppression comments it watches."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense import check, find_references
from tagsense.policy import Config

from ._docs import DAY, check_documented_examples

if TYPE_CHECKING:
    from pathlib import Path


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_the_documented_examples() -> None:
    check_documented_examples("TS900")


def test_suppression_comments(tmp_path: Path) -> None:
    dockerfile = write(
        tmp_path / "Dockerfile",
        "FROM redis:7.2.4\nCOPY --from=redis:latest /a /b  # tagsense: ignore[TS001]\n"  # 1-2
        "# tagsense: ignore[floating-version]\n"  # 3: the line above, by name
        "FROM redis:7\n"  # 4
        "FROM redis:latest\n"  # 5: not suppressed
        "# tagsense: ignore[TS005]\n"  # 6: unused -> TS900
        "FROM redis:7.2.4\n"  # 7
        "# tagsense: ignore\n"  # 8: bare
        "FROM python\n",  # 9
    )
    found = [(f.line, f.code) for f in check(find_references(dockerfile), config={}, as_of=DAY)]
    # (A Dockerfile has no comment at the end of a line: "#" there is the instruction's text.)
    assert found == [(2, "TS001"), (5, "TS001"), (6, "TS900")]


def test_suppression_comments_in_yaml_at_the_end_of_a_line(tmp_path: Path) -> None:
    compose = write(
        tmp_path / "compose.yaml",
        "services:\n"
        "  a:\n"
        "    image: redis:latest  # tagsense: ignore[TS001]\n"
        "  b:\n"
        "    image: 'redis:latest#x'\n"
        "    command: ['echo', '# tagsense: ignore']\n"  # a string, not a comment
        "  c:\n"
        "    image: redis:latest\n",
    )
    found = [(f.line, f.code) for f in check(find_references(compose), config={}, as_of=DAY)]
    assert found == [(5, "TS012"), (8, "TS001")]


def test_a_suppression_inside_a_string_suppresses_nothing(tmp_path: Path) -> None:
    # A "#" inside an instruction is its text, not a comment (the bug of issue 11).
    dockerfile = write(
        tmp_path / "Dockerfile",
        'FROM alpine:3.22.2\nRUN echo "# tagsense: ignore"\nFROM redis:latest\n',
    )
    found = check(find_references(dockerfile), config={}, as_of=DAY)
    assert [(f.line, f.code) for f in found] == [(3, "TS001")]
    # In a heredoc, too: its lines are the command's input.
    heredoc = write(
        tmp_path / "heredoc.Dockerfile",
        "FROM alpine:3.22.2\nRUN <<EOF\n# tagsense: ignore\nEOF\nFROM redis:latest\n",
    )
    found = check(find_references(heredoc), config={}, as_of=DAY)
    assert [(f.line, f.code) for f in found] == [(5, "TS001")]


def test_suppression_comments_are_case_insensitive(tmp_path: Path) -> None:
    # The directive is read whatever its case, as ruff reads its own (so is a rule name).
    dockerfile = write(tmp_path / "Dockerfile", "# TagSense: IGNORE[ts001]\nFROM redis:latest\n")
    assert check(find_references(dockerfile), config={}, as_of=DAY) == []


def test_disable_file_and_per_file_ignores(tmp_path: Path) -> None:
    disabled = write(tmp_path / "a.Dockerfile", "# tagsense: disable-file[TS004]\nFROM redis:7\n")
    assert check(find_references(disabled), config={}, as_of=DAY) == []
    legacy = write(tmp_path / "legacy.Dockerfile", "FROM redis:7\n")
    other = write(tmp_path / "Dockerfile", "FROM redis:7\n")
    config = Config.from_dict({"per-file-ignores": {"*.Dockerfile": ["TS004"]}})
    assert check(find_references(legacy), config=config, as_of=DAY) == []
    assert [f.code for f in check(find_references(other), config=config, as_of=DAY)] == ["TS004"]
    # A suppression of a rule that is not enabled there suppresses nothing.
    found = check(find_references(disabled), config=config, as_of=DAY)
    assert [f.code for f in found] == ["TS900"]

"""The file editor: edits in place, byte for byte outside them; atomic writes; diffs."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tagsense import TagsenseError
from tagsense._edit import (
    Edit,
    EditConflict,
    EditError,
    FileChanged,
    apply_edits,
    decode,
    read_text,
    unified_diff,
)

if TYPE_CHECKING:
    from pathlib import Path

# --- apply_edits: a table ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "edits", "expected"),
    [
        ("FROM redis:7\n", [(1, 6, "redis:7", "redis:7@sha256:ab")], "FROM redis:7@sha256:ab\n"),
        # CRLF: the \r stays where it was.
        (
            "FROM a:1\r\nFROM b:2\r\n",
            [(2, 6, "b:2", "b:2.0.1")],
            "FROM a:1\r\nFROM b:2.0.1\r\n",
        ),
        # No final newline.
        ("image: nginx", [(1, 8, "nginx", "nginx:1.27.0")], "image: nginx:1.27.0"),
        # Quotes and comments around the reference are untouched.
        (
            "image: 'redis:7' # cache\n",
            [(1, 9, "redis:7", "redis:7.2.4")],
            "image: 'redis:7.2.4' # cache\n",
        ),
        # Several edits, given in any order, on one line and on others.
        (
            "a b c\nd e\n",
            [(2, 3, "e", "E!"), (1, 1, "a", "A"), (1, 5, "c", "CC")],
            "A b CC\nd E!\n",
        ),
        # Columns count characters, not bytes.
        ("# ünïcode\nFROM x:1\n", [(1, 3, "ünïcode", "u")], "# u\nFROM x:1\n"),
        ("x: \U0001f600 redis:7\n", [(1, 6, "redis:7", "redis:8")], "x: \U0001f600 redis:8\n"),
        # An insertion (empty old text), also at the end of a line and of the file.
        ("ab\ncd", [(1, 3, "", "!"), (2, 3, "", "?")], "ab!\ncd?"),
        # An edit across a line break.
        ("a\nb\n", [(1, 2, "\nb", "")], "a\n"),
        # The same edit twice counts once.
        ("x:1\n", [(1, 1, "x:1", "x:2"), (1, 1, "x:1", "x:2")], "x:2\n"),
        # A form feed or a lone \r is no line break here (the scanners split at \n).
        ("a\fb\rc x:1\n", [(1, 7, "x:1", "x:2")], "a\fb\rc x:2\n"),
    ],
)
def test_apply_edits(text: str, edits: list[tuple[int, int, str, str]], expected: str) -> None:
    assert apply_edits(text, [Edit.at(*edit) for edit in edits]) == expected


@pytest.mark.parametrize(
    ("text", "edits", "message"),
    [
        ("FROM redis:7\n", [(1, 6, "redis:8", "x")], "expected 'redis:8' at 1:6, found 'redis:7'"),
        ("FROM redis:7\n", [(3, 1, "x", "y")], "line 3 is past the end of the file (2 lines)"),
        ("FROM redis:7\n", [(1, 20, "", "y")], "column 20 is past the end of line 1"),
        # An edit cannot reach over the end of its line into the next.
        ("ab\ncd\n", [(1, 2, "b\nc", "x"), (1, 1, "a", "A")], None),
        ("abcdef\n", [(1, 1, "abc", "x"), (1, 3, "cd", "y")], "overlap"),
        ("abc\n", [(1, 2, "", "x"), (1, 2, "", "y")], "overlap"),
    ],
)
def test_apply_edits_refuses(
    text: str, edits: list[tuple[int, int, str, str]], message: str | None
) -> None:
    if message is None:  # this one is valid: an edit may span lines
        apply_edits(text, [Edit.at(*edit) for edit in edits])
        return
    with pytest.raises(EditConflict) as caught:
        apply_edits(text, [Edit.at(*edit) for edit in edits], path="Dockerfile")
    assert message in str(caught.value)
    assert str(caught.value).startswith("Dockerfile: ")
    assert isinstance(caught.value, TagsenseError)


@pytest.mark.parametrize(
    "args",
    [(0, 1, 1, 1), (1, 0, 1, 1), (2, 1, 1, 5), (1, 5, 1, 4), (1, True, 1, 2), (1, 1.0, 1, 2)],
)
def test_edit_positions_are_checked(args: tuple[int, int, int, int]) -> None:
    with pytest.raises(EditError):
        Edit(*args, "", "")


def test_edit_is_an_immutable_value() -> None:
    edit = Edit.at(2, 3, "a\nbc", "x")
    assert (edit.end_line, edit.end_column) == (3, 3)
    assert edit == Edit(2, 3, 3, 3, "a\nbc", "x")
    assert len({edit, Edit(2, 3, 3, 3, "a\nbc", "x")}) == 1
    assert repr(edit) == "Edit(2, 3, 3, 3, 'a\\nbc', 'x')"
    with pytest.raises(AttributeError):
        edit.new = "y"  # type: ignore[misc]


# --- properties ------------------------------------------------------------------

# Text with the characters that matter: line ends of every kind, non-ASCII, BOM-like.
TEXT = st.text(st.sampled_from("ab:\n\r\t 'é€\U0001f600\ufeff"), max_size=60)


@st.composite
def text_and_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str]]]:
    """A text and non-overlapping spans of it, each with a replacement."""
    text = draw(TEXT)
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8, unique=True)))
    spans = []
    for begin, end in zip(cuts[::2], cuts[1::2], strict=False):
        spans.append((begin, end, draw(st.text(st.sampled_from("xy\n:é"), max_size=5))))
    if len(cuts) % 2 and draw(st.booleans()):  # an insertion at the odd cut out
        spans.append((cuts[-1], cuts[-1], draw(st.text(st.sampled_from("xz"), max_size=3))))
    return text, spans


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _edits(text: str, spans: list[tuple[int, int, str]]) -> list[Edit]:
    edits = []
    for begin, end, new in spans:
        line, column = _position(text, begin)
        end_line, end_column = _position(text, end)
        edits.append(Edit(line, column, end_line, end_column, text[begin:end], new))
    return edits


@given(text_and_spans(), st.randoms())
@example(("a\r\nb", [(3, 4, "c")]), None)
def test_edits_change_only_their_spans(
    case: tuple[str, list[tuple[int, int, str]]], random: object
) -> None:
    text, spans = case
    edits = _edits(text, spans)
    if random is not None:
        random.shuffle(edits)  # type: ignore[attr-defined]
    result = apply_edits(text, edits)
    # The expected text, built from the offsets alone.
    expected, at = [], 0
    for begin, end, new in sorted(spans, key=lambda span: (span[0], span[1])):
        expected += [text[at:begin], new]
        at = end
    expected.append(text[at:])
    assert result == "".join(expected)


@given(text_and_spans())
def test_edits_undo(case: tuple[str, list[tuple[int, int, str]]]) -> None:
    text, spans = case
    result = apply_edits(text, _edits(text, spans))
    # Where each replacement landed, then the inverse edits.
    inverse, shift = [], 0
    for begin, end, new in sorted(spans, key=lambda span: (span[0], span[1])):
        inverse.append((begin + shift, begin + shift + len(new), text[begin:end]))
        shift += len(new) - (end - begin)
    assert apply_edits(result, _edits(result, inverse)) == text


ENCODINGS = st.sampled_from(
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
    ]
)


@given(text_and_spans(), ENCODINGS)
def test_files_keep_every_byte_outside_the_edits(
    case: tuple[str, list[tuple[int, int, str]]], encoding: tuple[str, bytes]
) -> None:
    text, spans = case
    name, bom = encoding
    if text.startswith("\ufeff"):
        return  # its bytes are a byte order mark, as the scanners read them too
    data = bom + text.encode(name)
    decoded, found, found_bom = decode(data)
    assert (decoded, found, found_bom) == (text, name, bom)
    result = apply_edits(decoded, _edits(decoded, spans))
    written = found_bom + result.encode(found)
    # Outside the spans, the bytes are those of the original, in order.
    pieces, at = [], 0
    for begin, end, new in sorted(spans, key=lambda span: (span[0], span[1])):
        pieces += [text[at:begin].encode(name), new.encode(name)]
        at = end
    pieces.append(text[at:].encode(name))
    assert written == bom + b"".join(pieces)


@given(TEXT)
def test_no_edits_is_the_identity(text: str) -> None:
    assert apply_edits(text, []) == text


# --- diffs -------------------------------------------------------------------------


def test_diff_marks_a_missing_final_newline_and_keeps_crlf() -> None:
    before = "FROM a:1\r\nFROM b:2"
    after = "FROM a:1\r\nFROM b:2.0.1"
    assert unified_diff(before, after, "x/Dockerfile") == (
        "--- a/x/Dockerfile\n"
        "+++ b/x/Dockerfile\n"
        "@@ -1,2 +1,2 @@\n"
        " FROM a:1\r\n"
        "-FROM b:2\n"
        "\\ No newline at end of file\n"
        "+FROM b:2.0.1\n"
        "\\ No newline at end of file\n"
    )
    assert unified_diff(before, before, "x") == ""


LINES = st.lists(st.sampled_from(["a", "b", "c\r", "", "d e"]), max_size=8).map("\n".join)


@given(LINES, LINES, st.booleans(), st.booleans(), st.integers(0, 3))
def test_a_diff_applied_to_before_gives_after(
    before: str, after: str, end_a: bool, end_b: bool, context: int
) -> None:
    before += "\n" if end_a else ""
    after += "\n" if end_b else ""
    diff = unified_diff(before, after, "f", context=context)
    assert (diff == "") == (before == after)
    assert _patch(before, diff) == after


def _patch(before: str, diff: str) -> str:
    """A small unified-diff applier, independent of the one that wrote the diff."""
    if not diff:
        return before
    old = before.split("\n")
    old = [line + "\n" for line in old[:-1]] + ([old[-1]] if old[-1] else [])
    lines = diff.split("\n")[2:]
    out: list[str] = []
    at = 0  # index into old
    last: list[str] | None = None  # the list the previous body line went to
    for line in lines:
        if line.startswith("@@"):
            start = int(line.split()[1].split(",")[0][1:])
            count = line.split()[1].split(",")
            first = start - 1 if len(count) == 1 or count[1] != "0" else start
            out += old[at:first]
            at = first
            continue
        if line.startswith("\\"):
            assert last is not None and last[-1].endswith("\n")
            last[-1] = last[-1][:-1]
            continue
        if not line:
            continue
        kind, body = line[0], line[1:] + "\n"
        if kind == " ":
            out.append(body)
            last = out
            at += 1
        elif kind == "-":
            last = [body]
            at += 1
        else:
            out.append(body)
            last = out
    out += old[at:]
    return "".join(out)


def test_diff_round_trips_through_patch(tmp_path: Path) -> None:
    patch = _which("patch")
    before = "a\r\nFROM redis:7\r\nb\nlast"
    after = "a\r\nFROM redis:7.2.4\r\nb\nlast line"
    target = tmp_path / "f"
    target.write_bytes(before.encode())
    diff = unified_diff(before, after, "f")
    subprocess.run(
        [patch, "-p1", "--binary", "-s"],
        input=diff.encode(),
        cwd=tmp_path,
        check=True,
    )
    assert target.read_bytes() == after.encode()


def _which(name: str) -> str:
    import shutil

    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed")
    return found


# --- files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbfFROM redis:7\r\n# c\r\n",
        b"FROM redis:7",
        b"\xff\xfe" + "image: redis:7\n".encode("utf-16-le"),
        b"\xfe\xff" + "image: redis:7\n".encode("utf-16-be"),
    ],
)
def test_write_keeps_bom_line_ends_and_encoding(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "f"
    path.write_bytes(data)
    source = read_text(path)
    line, column = _position(source.text, source.text.index("redis:7"))
    edited = source.edit([Edit.at(line, column, "redis:7", "redis:7.2.4")])
    assert edited.write() is True
    text, encoding, bom = decode(data)
    assert path.read_bytes() == bom + text.replace("redis:7", "redis:7.2.4").encode(encoding)
    assert not list(tmp_path.glob(".f.*")), "no temporary file is left behind"


def test_write_keeps_the_mode_and_writes_through_a_link(tmp_path: Path) -> None:
    target = tmp_path / "Dockerfile"
    target.write_text("FROM redis:7\n")
    target.chmod(0o751)
    link = tmp_path / "link"
    link.symlink_to(target.name)
    read_text(link).edit([Edit.at(1, 6, "redis:7", "redis:8")]).write()
    assert link.is_symlink()
    assert target.read_text() == "FROM redis:8\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o751


def test_nothing_changed_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_text("FROM redis:7\n")
    before = path.stat().st_mtime_ns, path.stat().st_ino
    edited = read_text(path).edit([Edit.at(1, 6, "redis:7", "redis:7")])
    assert not edited.changed
    assert edited.diff() == ""
    assert edited.write() is False
    assert (path.stat().st_mtime_ns, path.stat().st_ino) == before


def test_a_file_changed_since_it_was_read_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_text("FROM redis:7\n")
    edited = read_text(path).edit([Edit.at(1, 6, "redis:7", "redis:8")])
    path.write_text("FROM redis:7\nRUN true\n")
    with pytest.raises(FileChanged, match="changed since it was read: not written"):
        edited.write()
    assert path.read_text() == "FROM redis:7\nRUN true\n"
    assert not list(tmp_path.glob(".f.*"))


def test_a_file_gone_or_unwritable_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_text("FROM redis:7\n")
    edited = read_text(path).edit([Edit.at(1, 6, "redis:7", "redis:8")])
    path.unlink()
    with pytest.raises(EditError, match="cannot read"):
        edited.write()
    with pytest.raises(EditError, match="cannot read"):
        read_text(tmp_path / "missing")
    if os.geteuid() != 0:  # root writes anywhere
        path.write_text("FROM redis:7\n")
        tmp_path.chmod(0o500)
        try:
            with pytest.raises(EditError, match="cannot write"):
                read_text(path).edit([Edit.at(1, 6, "redis:7", "redis:8")]).write()
        finally:
            tmp_path.chmod(0o700)


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"FROM \xff\n", "f: not utf-8 text (byte 5)"), (b"\xff\xfe\x00\xd8", "not utf-16-le text")],
)
def test_text_that_is_not_text_is_refused(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "f"
    path.write_bytes(data)
    with pytest.raises(EditError) as caught:
        read_text(path)
    assert message in str(caught.value)


def test_a_write_interrupted_leaves_the_file(tmp_path: Path) -> None:
    # A child killed between writing the temporary file and the rename: the file is intact.
    path = tmp_path / "f"
    path.write_text("FROM redis:7\n")
    code = (
        "import os, sys\n"
        "from tagsense._edit import Edit, read_text\n"
        "os.replace = lambda *a: os._exit(9)\n"
        f"read_text({str(path)!r}).edit([Edit.at(1, 6, 'redis:7', 'redis:8')]).write()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], check=False)
    assert result.returncode == 9
    assert path.read_text() == "FROM redis:7\n"


def test_docstring_examples() -> None:
    import doctest

    import tagsense._edit

    result = doctest.testmod(tagsense._edit)
    assert result.failed == 0
    assert result.attempted > 0

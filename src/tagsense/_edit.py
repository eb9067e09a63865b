"""Edit files in place, byte for byte outside the changed text.

What ``tagsense pin`` and ``check --fix`` write with. A file is read once
(:func:`read_text`), the edits are applied to its text (:func:`apply_edits`,
pure), and the result is shown (:func:`unified_diff`) or written back
(:meth:`EditedFile.write`).

- Positions are those of the scanners: 1-based lines and 1-based columns
  counted in characters (code points). A line ends at ``\\n``; a ``\\r`` before
  it stays part of the line, so CRLF files keep their line ends. A byte order
  mark is not part of the text (column 1 of line 1 is the character after it)
  and is written back as it was read.
- Every edit names the text it replaces; an edit whose text is not at its
  place, edits that overlap, or a position outside the text refuse the whole
  file (:class:`EditConflict`).
- Text is UTF-8 (with or without a byte order mark) or UTF-16 with its byte
  order mark (as YAML allows); it is encoded back the same way, so every byte
  outside the edits is unchanged: quotes, comments, CRLF, a missing final
  newline.
- Writes are atomic: a temporary file in the same directory, flushed, given
  the file's mode, then renamed over the file (:func:`os.replace`). A file that
  changed since it was read is not written (:class:`FileChanged`). A symbolic
  link stays a link: its target is written.
"""

from __future__ import annotations

import contextlib
import itertools
import os

from .errors import TagsenseError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "Edit",
    "EditConflict",
    "EditError",
    "EditedFile",
    "FileChanged",
    "FileText",
    "apply_edits",
    "read_text",
    "unified_diff",
]

_UTF8_BOM = b"\xef\xbb\xbf"
_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"), (_UTF8_BOM, "utf-8"))


class EditError(TagsenseError):
    """A file could not be edited; nothing was written to it. ``path`` and ``reason`` say why."""

    def __init__(self, path: str | None, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else self.reason


class EditConflict(EditError):
    """An edit does not fit the text: its old text is not at its place, or edits overlap."""


class FileChanged(EditError):
    """The file changed on disk after it was read: it is not written."""


class Edit:
    """Replace ``old`` at ``line:column`` (up to ``end_line:end_column``, exclusive) by ``new``.

    Lines and columns are 1-based; columns count characters. The end is the
    position just past the replaced text: replacing ``redis:7`` written at
    1:6 ends at 1:13. :meth:`at` computes it from ``old``.

    >>> Edit.at(1, 6, "redis:7", "redis:7@sha256:...").end_column
    13
    """

    __slots__ = ("column", "end_column", "end_line", "line", "new", "old")

    line: int
    column: int
    end_line: int
    end_column: int
    old: str
    new: str

    def __init__(
        self, line: int, column: int, end_line: int, end_column: int, old: str, new: str
    ) -> None:
        for name, value in (
            ("line", line),
            ("column", column),
            ("end_line", end_line),
            ("end_column", end_column),
        ):
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise EditError(None, f"an edit's {name} must be a positive integer, not {value!r}")
        if (end_line, end_column) < (line, column):
            raise EditError(None, f"an edit ends ({end_line}:{end_column}) before it starts")
        if not isinstance(old, str) or not isinstance(new, str):
            raise EditError(None, "an edit's old and new text must be strings")
        object.__setattr__(self, "line", line)
        object.__setattr__(self, "column", column)
        object.__setattr__(self, "end_line", end_line)
        object.__setattr__(self, "end_column", end_column)
        object.__setattr__(self, "old", old)
        object.__setattr__(self, "new", new)

    @classmethod
    def at(cls, line: int, column: int, old: str, new: str) -> Edit:
        """The edit replacing ``old``, written at ``line:column``, by ``new``."""
        breaks = old.count("\n")
        if breaks:
            end_line, end_column = line + breaks, len(old) - old.rfind("\n")
        else:
            end_line, end_column = line, column + len(old)
        return cls(line, column, end_line, end_column, old, new)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Edit is immutable: cannot set {name!r}")

    def _key(self) -> tuple[int, int, int, int, str, str]:
        return (self.line, self.column, self.end_line, self.end_column, self.old, self.new)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Edit):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"Edit({self.line}, {self.column}, {self.end_line}, {self.end_column}, "
            f"{self.old!r}, {self.new!r})"
        )


# --- pure text edits --------------------------------------------------------------


def _line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    at = find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = find("\n", at + 1)
    return starts


def _offset(starts: list[int], text: str, line: int, column: int, path: str | None) -> int:
    if line > len(starts):
        raise EditConflict(path, f"line {line} is past the end of the file ({len(starts)} lines)")
    start = starts[line - 1]
    end = starts[line] - 1 if line < len(starts) else len(text)  # the '\n' or the end
    if start + column - 1 > end:
        raise EditConflict(path, f"column {column} is past the end of line {line}")
    return start + column - 1


def apply_edits(text: str, edits: Iterable[Edit], *, path: str | None = None) -> str:
    """``text`` with ``edits`` applied; everything outside them unchanged.

    The order of ``edits`` does not matter; the same edit given twice counts
    once. Raises :class:`EditConflict` when an edit's ``old`` text is not at
    its place, when edits overlap (two insertions at one place overlap too),
    or when a position is outside the text.

    >>> apply_edits("FROM redis:7\\r\\n", [Edit.at(1, 6, "redis:7", "redis:7.2.4")])
    'FROM redis:7.2.4\\r\\n'
    """
    unique = set(edits)
    if not unique:
        return text
    starts = _line_starts(text)
    spans: list[tuple[int, int, Edit]] = []
    for edit in unique:
        begin = _offset(starts, text, edit.line, edit.column, path)
        end = _offset(starts, text, edit.end_line, edit.end_column, path)
        if text[begin:end] != edit.old:
            found = text[begin:end]
            shown = found if len(found) <= 80 else found[:77] + "..."
            raise EditConflict(
                path,
                f"expected {edit.old!r} at {edit.line}:{edit.column}, found {shown!r}"
                " (the file changed since it was read?)",
            )
        spans.append((begin, end, edit))
    spans.sort(key=lambda span: (span[0], span[1]))
    for (begin_a, end_a, edit_a), (begin_b, _, edit_b) in itertools.pairwise(spans):
        if begin_b < end_a or begin_b == begin_a:
            raise EditConflict(
                path,
                f"edits at {edit_a.line}:{edit_a.column} and {edit_b.line}:{edit_b.column} overlap",
            )
    pieces: list[str] = []
    at = 0
    for begin, end, edit in spans:
        pieces.append(text[at:begin])
        pieces.append(edit.new)
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


# --- files ------------------------------------------------------------------------


class FileText:
    """A file as read: its bytes, its text, and how the text is written back.

    ``text`` has no byte order mark; ``encoding`` and ``bom`` encode it back to
    the same bytes. ``size`` and ``mtime_ns`` are the file's when it was read.
    """

    __slots__ = ("bom", "data", "encoding", "mtime_ns", "path", "size", "text")

    path: str
    data: bytes
    text: str
    encoding: str
    bom: bytes
    size: int
    mtime_ns: int

    def __init__(
        self, path: str, data: bytes, text: str, encoding: str, bom: bytes, stat: os.stat_result
    ) -> None:
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "data", data)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "encoding", encoding)
        object.__setattr__(self, "bom", bom)
        object.__setattr__(self, "size", stat.st_size)
        object.__setattr__(self, "mtime_ns", stat.st_mtime_ns)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"FileText is immutable: cannot set {name!r}")

    def encode(self, text: str) -> bytes:
        """``text`` as bytes the way this file is written (its encoding and byte order mark)."""
        try:
            return self.bom + text.encode(self.encoding)
        except UnicodeEncodeError as error:
            raise EditError(self.path, f"the new text cannot be written as {self.encoding}") from (
                error
            )

    def edit(self, edits: Iterable[Edit]) -> EditedFile:
        """The file with ``edits`` applied (nothing is written yet)."""
        return EditedFile(self, apply_edits(self.text, edits, path=self.path))

    def __repr__(self) -> str:
        return f"<FileText {self.path!r} {self.size} bytes {self.encoding}>"


def decode(data: bytes, path: str | None = None) -> tuple[str, str, bytes]:
    """``(text, encoding, bom)`` of a file's bytes; :class:`EditError` if they are not text.

    The text encodes back to exactly ``data`` (checked).
    """
    encoding, bom = "utf-8", b""
    for mark, name in _BOMS:
        if data.startswith(mark):
            encoding, bom = name, mark
            break
    try:
        text = data[len(bom) :].decode(encoding)
    except UnicodeDecodeError as error:
        position = error.start + len(bom)
        raise EditError(path, f"not {encoding} text (byte {position})") from None
    if bom + text.encode(encoding) != data:  # pragma: no cover - strict codecs round-trip
        raise EditError(path, f"{encoding} text that does not encode back to the same bytes")
    return text, encoding, bom


def read_text(path: str | os.PathLike[str]) -> FileText:
    """Read a file to edit. Raises :class:`EditError` when it cannot be read or is not text."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as handle:
            stat = os.fstat(handle.fileno())
            data = handle.read()
    except OSError as error:
        raise EditError(name, f"cannot read: {error.strerror or error}") from None
    text, encoding, bom = decode(data, name)
    return FileText(name, data, text, encoding, bom, stat)


class EditedFile:
    """A file and its new text: :meth:`diff` shows the change, :meth:`write` makes it."""

    __slots__ = ("after", "before")

    before: FileText
    after: str

    def __init__(self, before: FileText, after: str) -> None:
        object.__setattr__(self, "before", before)
        object.__setattr__(self, "after", after)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"EditedFile is immutable: cannot set {name!r}")

    @property
    def path(self) -> str:
        return self.before.path

    @property
    def changed(self) -> bool:
        """Whether the new text differs from the file's."""
        return self.after != self.before.text

    @property
    def data(self) -> bytes:
        """The bytes that :meth:`write` writes."""
        return self.before.encode(self.after)

    def diff(self, *, context: int = 3) -> str:
        """The change as a unified diff (``a/PATH`` and ``b/PATH``); empty when nothing changed."""
        return unified_diff(self.before.text, self.after, self.path, context=context)

    def write(self) -> bool:
        """Write the new text atomically; ``False`` (nothing written) when nothing changed.

        Raises :class:`FileChanged` when the file on disk is no longer what was
        read, and :class:`EditError` when it cannot be written; either way the
        file is left as it was.
        """
        if not self.changed:
            return False
        data = self.data
        target = os.path.realpath(self.path)
        stat = self._unchanged(target)
        directory = os.path.dirname(target) or "."
        base = os.path.basename(target)
        import tempfile

        try:
            fd, temporary = tempfile.mkstemp(prefix=f".{base}.", suffix=".tmp", dir=directory)
        except OSError as error:
            raise EditError(self.path, f"cannot write: {error.strerror or error}") from None
        try:
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                    os.chmod(temporary, stat.st_mode & 0o7777)
                    _keep_owner(handle.fileno(), stat)
                self._unchanged(target)  # once more, just before the rename
                os.replace(temporary, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError as error:
            raise EditError(self.path, f"cannot write: {error.strerror or error}") from None
        _sync_directory(directory)
        return True

    def _unchanged(self, target: str) -> os.stat_result:
        before = self.before
        try:
            with open(target, "rb") as handle:
                stat = os.fstat(handle.fileno())
                data = handle.read(before.size + 1)
        except OSError as error:
            raise EditError(self.path, f"cannot read: {error.strerror or error}") from None
        if data != before.data:
            raise FileChanged(self.path, "changed since it was read: not written")
        return stat

    def __repr__(self) -> str:
        return f"<EditedFile {self.path!r} changed={self.changed}>"


def _keep_owner(fd: int, stat: os.stat_result) -> None:
    # A file written by root in someone's checkout stays theirs.
    if not hasattr(os, "fchown"):  # pragma: no cover - Windows
        return
    current = os.fstat(fd)
    if (current.st_uid, current.st_gid) != (stat.st_uid, stat.st_gid):
        with contextlib.suppress(OSError):
            os.fchown(fd, stat.st_uid, stat.st_gid)


def _sync_directory(directory: str) -> None:
    # The rename is durable once the directory is synced (best effort: not everywhere possible).
    flags = getattr(os, "O_DIRECTORY", None)
    if flags is None:  # pragma: no cover - Windows
        return
    try:
        fd = os.open(directory, os.O_RDONLY | flags)
    except OSError:  # pragma: no cover - a directory one may write but not open
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - file systems without directory sync
        pass
    finally:
        os.close(fd)


# --- diffs ------------------------------------------------------------------------

_NO_NEWLINE = "\\ No newline at end of file\n"


def unified_diff(before: str, after: str, path: str = "", *, context: int = 3) -> str:
    """A unified diff from ``before`` to ``after``, as ``git diff`` prints it.

    Lines keep their ends (a CRLF line shows its ``\\r``); a last line without
    a newline is marked ``\\ No newline at end of file``. Empty when the texts
    are equal.

    >>> print(unified_diff("FROM redis:7\\n", "FROM redis:7.2.4\\n", "Dockerfile"), end="")
    --- a/Dockerfile
    +++ b/Dockerfile
    @@ -1 +1 @@
    -FROM redis:7
    +FROM redis:7.2.4
    """
    if before == after:
        return ""
    import difflib

    # Not splitlines(), which also breaks at \r, \v, \x1c…: only '\n' ends a line here.
    old = _lines(before)
    new = _lines(after)
    name = path.replace(os.sep, "/")
    out: list[str] = []
    for line in difflib.unified_diff(old, new, f"a/{name}", f"b/{name}", n=context, lineterm="\n"):
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n" + _NO_NEWLINE)
    return "".join(out)


def _lines(text: str) -> list[str]:
    if not text:
        return []
    lines = text.split("\n")
    last = lines.pop()
    result = [line + "\n" for line in lines]
    if last:
        result.append(last)
    return result

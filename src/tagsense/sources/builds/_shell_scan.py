"""Where a shell word is written: the positions of pulls, and a text's scan.

:func:`word_position` finds the line and column of an image's word in a script's lines (for a
pull read with its variables put in, the word as written), :func:`pulls_scan` turns the pulls a
:class:`.shell.ShellReader` read into a :class:`~tagsense.occurrence.Scan` with the
suppressions of the text's comments (:func:`comment_suppressions`), and :func:`lines_of` reads a
file's lines for them.
"""

from __future__ import annotations

from ._shell_values import MAX_BYTES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from ...occurrence import Scan, Suppression
    from ._shell_values import ShellPull


def lines_of(path: str | None, max_bytes: int) -> list[str]:
    """The lines of a file (``[]`` when it cannot be read)."""
    if path is None:
        return []
    try:
        with open(path, "rb") as handle:
            return handle.read(max_bytes).decode("utf-8", "replace").split("\n")
    except OSError:
        return []


def word_position(
    lines: list[str], first: int, last: int, image: str, lead: str = ""
) -> tuple[int, int]:
    """Where ``image`` is written as a word in lines ``first`` to ``last`` (1-based line and
    column), after ``lead`` where one is written (``--image``, ``=``: see
    :class:`ShellPull`); else the first line's first character that is not blank (the image
    came from a variable, or the text was not copied from the file as it is)."""
    found = _written_word(lines, first, last, image, lead)
    if found is not None:
        return found
    text = lines[first - 1] if 0 < first <= len(lines) else ""
    return first, len(text) - len(text.lstrip()) + 1


def _written_word(
    lines: list[str], first: int, last: int, image: str, lead: str = ""
) -> tuple[int, int] | None:
    """Where ``image`` is written in lines ``first`` to ``last`` (see :func:`word_position`),
    or ``None``."""
    for leads in (True, False) if lead else (False,):
        for number in range(first, min(last, len(lines)) + 1):
            text = lines[number - 1]
            start = text.find(image)
            while start >= 0:
                end = start + len(image)
                before = text[start - 1] if start else " "
                after = text[end] if end < len(text) else " "
                # (a transport's lead, `docker://`, is written against the image)
                joined = leads and lead.endswith("/") and text[:start].endswith(lead)
                if (
                    (before in _WORD_EDGES or joined)
                    and after in _WORD_EDGES
                    and (not leads or joined or _led(text[:start], lead))
                ):
                    return number, start + 1
                start = text.find(image, start + 1)
    name = _name_of(image)
    for number in range(first, min(last, len(lines)) + 1):  # (its tag from a variable)
        text = lines[number - 1]
        start = text.find(name)
        while start >= 0:
            before = text[start - 1] if start else " "
            if before in _WORD_EDGES and text[start + len(name) : start + len(name) + 1] == ":":
                return number, start + 1
            start = text.find(name, start + 1)
    return None


def _led(before: str, lead: str) -> bool:
    """Whether the text ``before`` a word ends with ``lead`` (quotes, blanks and an ``=``
    between them): ``--image=``, ``--image "``, ``web=``."""
    before = before.rstrip(" \t'\"")
    if before.endswith(lead):
        return True
    return before.endswith("=") and before[:-1].rstrip(" \t'\"").endswith(lead)


def _name_of(image: str) -> str:
    """An image's name, without its tag and digest."""
    name = image.partition("@")[0]
    colon = name.rfind(":")
    return name[:colon] if colon > name.rfind("/") else name


def pulls_scan(
    path: str | None,
    lines: list[str],
    tool: str,
    pulls: Iterable[tuple[ShellPull, Mapping[str, object]]],
) -> Scan:
    """The pulls a script or Makefile's commands make, kind ``shell``, each image once a line,
    at its word, with the file's suppression comments; ``context``: the ``tool``, ``engine``
    and ``verb``, and what each pull adds (a Makefile's ``target``). ``lines`` are those of
    ``path``; a pull written in a file it sources is placed in that file's. A run of an
    image a ``docker load`` gave (``ShellPull.loaded``) is built at that load."""
    from ...occurrence import BuildSite, Occurrence, Scan

    texts: dict[str | None, list[str]] = {path: lines}
    seen: set[tuple[str | None, int, str]] = set()
    found: list[Occurrence] = []
    for pull, context in pulls:
        where = pull.path or path  # (SCRIPT_ITSELF: written in the script read)
        if where not in texts:
            texts[where] = lines_of(where, MAX_BYTES)
        written = texts[where]
        line, column = word_position(written, pull.line, pull.last_line, pull.image, pull.lead)
        if (where, line, pull.image) in seen:
            continue
        seen.add((where, line, pull.image))
        # (a run of the image a `docker load` before it gave: the load's, see ._image_load)
        loaded = BuildSite(f"{pull.engine} load", path, pull.loaded) if pull.loaded else None
        found.append(
            Occurrence.of_text(
                path=where,
                line=line,
                column=column,
                kind="shell",
                raw=pull.image,
                text=pull.image,
                context={"tool": tool, "engine": pull.engine, "verb": pull.verb, **context},
                built=loaded,
            )
        )
    suppressions = [
        suppression
        for where in dict.fromkeys(occurrence.path for occurrence in found)
        for suppression in comment_suppressions(texts[where], where)
    ]
    return Scan(found, (), suppressions)


def comment_suppressions(
    lines: list[str], path: str | None, numbers: Iterable[int] | None = None
) -> list[Suppression]:
    """The suppression comments (``# tagsense: ignore[TS001]``) of shell or Make text: a ``#``
    that starts a word starts a comment. ``numbers``: only these lines (1-based; default all).

    >>> lines = ["a:", "  docker run x:latest  # tagsense: ignore", "  echo a#tagsense: ignore"]
    >>> [(s.line, s.column) for s in comment_suppressions(lines, None)]
    [(2, 24)]
    """
    from ...occurrence import suppressions_in_comment

    found: list[Suppression] = []
    for number in numbers if numbers is not None else range(1, len(lines) + 1):
        text = lines[number - 1] if 0 < number <= len(lines) else ""
        if "tagsense" not in text.lower():
            continue
        index = text.find("#")
        while index > 0 and text[index - 1] not in " \t":
            index = text.find("#", index + 1)
        if index >= 0:
            found.extend(
                suppressions_in_comment(text[index:], path=path, line=number, column=index + 1)
            )
    return found


#: What may be around a word written in a line of a script.
_WORD_EDGES = frozenset(" \t\r'\";&|()`\\=,")

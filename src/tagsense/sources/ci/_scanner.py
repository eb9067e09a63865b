"""What every CI system's reader shares: the scan's state, YAML helpers, resolved text.

A reader walks a file's nodes and calls :meth:`Scanner.image` with the node of
an image and a ``resolve`` function that puts in the values the file itself
defines (variables, parameters, matrix values). What comes back is one or more
:class:`Resolved` texts: what the system pulls, with the parts that only a run
fills in left as written and named in ``unresolved``. One occurrence is made
per distinct text of a node.
"""

from __future__ import annotations

from ...occurrence import RUN_TIME, Occurrence, SourceError, Suppression
from .._yaml import items, literal_line_position, position, scalar, sequence, value_position

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    import yaml

__all__ = [
    "DOCKER_PREFIX",
    "KIND",
    "MAX_TEXT",
    "Rejected",
    "Resolved",
    "Scanner",
    "TextBuilder",
    "TooLong",
    "fields",
    "is_custom",
    "is_mapping",
    "is_null",
    "is_sequence",
    "named",
]

#: The ``kind`` of every occurrence found here.
KIND = "ci"

DOCKER_PREFIX = "docker://"

#: The longest text an expansion may build (values that reference values can
#: double at each step); past it the expansion stops with an error.
MAX_TEXT = 64 * 1024

_NULL_TAG = "tag:yaml.org,2002:null"
_STANDARD_TAGS = "tag:yaml.org,2002:"


# --- nodes ---------------------------------------------------------------------------


def fields(node: yaml.Node | None) -> dict[str, yaml.Node]:
    """A mapping node's values by key (merge keys resolved), read once; {} for anything else."""
    return {key: value for key, value, _ in items(node)}


def is_custom(node: yaml.Node) -> bool:
    """Whether a node carries a tag YAML does not define (``!reference``, ``!reset``…)."""
    tag: str = node.tag or ""
    return not tag.startswith(_STANDARD_TAGS)


def is_null(node: yaml.Node | None) -> bool:
    import yaml

    return node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG)


def kind_of(node: yaml.Node) -> str:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "a string"


def is_mapping(node: yaml.Node | None) -> bool:
    import yaml

    return isinstance(node, yaml.MappingNode) and not is_custom(node)


def is_sequence(node: yaml.Node | None) -> bool:
    import yaml

    return isinstance(node, yaml.SequenceNode) and not is_custom(node)


def named(node: yaml.Node) -> Iterator[tuple[str | None, yaml.Node]]:
    """The items of a list of mappings (named by ``name``) or of a mapping of names."""
    if is_sequence(node):
        for item in sequence(node):
            yield scalar(fields(item).get("name")), item
    else:
        for key, value, _ in items(node):
            yield key, value


# --- resolved text -------------------------------------------------------------------


class Rejected(Exception):
    """Text the system rejects (a malformed expression); ``str()`` says why."""


class TooLong(Rejected):
    """An expansion built more than :data:`MAX_TEXT` characters."""

    def __init__(self) -> None:
        super().__init__(f"expands to more than {MAX_TEXT:,} characters; not read")


class Resolved:
    """A text with the file's own values put in, and what stays for a run to fill in.

    ``unresolved`` names what has no value in the files read (``CI_REGISTRY_IMAGE``,
    ``matrix.node``, ``parameters.tag``), in order of first use; ``run_time``
    is then the kind of text a run fills in (a key of
    :data:`~tagsense.occurrence.RUN_TIME`). ``known`` is how many characters
    of ``text`` come before the first unresolved part (``None`` when all do).
    ``used`` are the values of the file that went into the text, by name.
    """

    __slots__ = ("known", "run_time", "text", "unresolved", "used")

    def __init__(
        self,
        text: str,
        unresolved: tuple[str, ...] = (),
        run_time: str | None = None,
        known: int | None = None,
        used: dict[str, str] | None = None,
    ) -> None:
        self.text = text
        self.unresolved = unresolved
        self.run_time = run_time if unresolved else None
        self.known = known if unresolved else None
        self.used = used or {}

    def __repr__(self) -> str:
        return f"Resolved({self.text!r}, unresolved={self.unresolved!r})"


class TextBuilder:
    """Builds a :class:`Resolved` text from known parts and parts left as written."""

    __slots__ = ("first_unknown", "names", "parts", "run_time", "size", "used")

    def __init__(self, run_time: str) -> None:
        self.parts: list[str] = []
        self.names: dict[str, None] = {}
        self.used: dict[str, str] = {}
        self.first_unknown: int | None = None
        self.size = 0
        self.run_time = run_time

    def literal(self, text: str) -> None:
        self._append(text)

    def unknown(self, written: str, names: Iterable[str], run_time: str | None = None) -> None:
        """A part a run fills in, kept as written, and the names it needs."""
        if self.first_unknown is None:
            self.first_unknown = self.size
            if run_time is not None:
                self.run_time = run_time
        self.names.update(dict.fromkeys(names))
        self._append(written)

    def add(self, value: Resolved) -> None:
        """A value that may itself have unresolved parts."""
        if value.unresolved and self.first_unknown is None:
            self.first_unknown = self.size + (value.known or 0)
            if value.run_time is not None:
                self.run_time = value.run_time
        self.names.update(dict.fromkeys(value.unresolved))
        self.used.update(value.used)
        self._append(value.text)

    def _append(self, text: str) -> None:
        self.size += len(text)
        if self.size > MAX_TEXT:
            raise TooLong
        self.parts.append(text)

    def result(self) -> Resolved:
        return Resolved(
            "".join(self.parts),
            tuple(self.names),
            self.run_time,
            self.first_unknown,
            self.used,
        )


# --- the scan ------------------------------------------------------------------------

#: What a reader's resolve function gives for an image text: each possible
#: text, with context to add to its occurrence.
Resolutions = list[tuple[Resolved, dict[str, object]]]


class Scanner:
    """One scan's state: where, which system, what was found, what was wrong."""

    __slots__ = (
        "actions",
        "errors",
        "file_text",
        "max_bytes",
        "occurrences",
        "path",
        "paths",
        "repository",
        "seen",
        "suppressions",
        "system",
    )

    def __init__(
        self,
        path: str | None,
        system: str,
        *,
        repository: str | None = None,
        max_bytes: int = 0,
    ) -> None:
        self.path = path
        self.system = system
        #: The repository's directory, for files a CI file includes (None: none are read).
        self.repository = repository
        self.max_bytes = max_bytes
        self.occurrences: list[Occurrence] = []
        self.errors: list[SourceError] = []
        self.suppressions: list[Suppression] = []
        #: Nodes read from another file than ``path`` (GitLab includes), by id.
        self.paths: dict[int, str] = {}
        #: The repository's composite actions read so far, by the directory named (kept while
        #: the scan lasts: their nodes are in :attr:`paths`; see ``._local_actions``).
        self.actions: dict[str, object] = {}
        self.seen: set[tuple[int, str]] = set()
        #: The text of the file at ``path`` (for where a line of a block scalar is).
        self.file_text = ""

    def path_of(self, node: yaml.Node | None) -> str | None:
        if node is None:
            return self.path
        return self.paths.get(id(node), self.path)

    def error(
        self,
        node: yaml.Node | None,
        message: str,
        *,
        path: str | None = None,
        note: bool = False,
    ) -> None:
        line = position(node)[0] if node is not None else None
        where = path if path is not None else self.path_of(node)
        error = SourceError(where, line, message, note=note)
        if error not in self.errors:
            self.errors.append(error)

    def wrong(self, node: yaml.Node, where: str, expected: str) -> None:
        self.error(node, f"{where}: expected {expected}, found {kind_of(node)}")

    # --- reading values -----------------------------------------------------------

    def text(self, node: yaml.Node | None, where: str) -> str | None:
        """The string at ``node``; None (silently) when absent, null or tagged."""
        if node is None or is_null(node):
            return None
        if is_custom(node):
            return None  # ``!reference [...]`` and other tags: resolved by the reader, or not
        value = scalar(node)
        if value is None:
            self.wrong(node, where, "a string")
        return value

    def image(
        self,
        node: yaml.Node | None,
        where: str,
        context: dict[str, object],
        *,
        prefix: int = 0,
        resolve: Callable[[str], Resolutions] | None = None,
        line: int | None = None,
    ) -> None:
        """Report the images a scalar names (``prefix`` characters of it are not the image).

        ``resolve`` gives the texts the system pulls (the file's values put in);
        without it the text is taken as written. ``line``: the image is on that
        line (from 0) of the scalar's text, ``prefix`` characters into it.
        """
        raw = self.text(node, where)
        if raw is None or node is None:
            return
        at = None
        if line is not None:
            lines = raw.split("\n")
            if len(lines) > 1 and self.path_of(node) == self.path:
                at = literal_line_position(node, line, self.file_text)
            raw = lines[line].rstrip() if line < len(lines) else ""
        if not raw[prefix:]:
            return  # absent, or empty: no container starts
        text = raw[prefix:]
        if resolve is None:
            self.emit(node, raw, prefix, Resolved(text), context, at=at)
            return
        try:
            resolutions = resolve(text)
        except Rejected as error:
            self.error(node, f"{where}: {error}")
            return
        for resolved, extra in resolutions:
            self.emit(node, raw, prefix, resolved, {**context, **extra}, at=at)

    def emit(
        self,
        node: yaml.Node,
        raw: str,
        prefix: int,
        resolved: Resolved,
        context: dict[str, object],
        *,
        at: tuple[int, int] | None = None,
    ) -> None:
        """One occurrence of ``node`` with the text ``resolved`` (once per node and text);
        ``at``: where ``raw`` starts, when it is not where the scalar's text starts."""
        text = resolved.text
        if not text:
            return  # an image that expands to nothing starts no container
        key = (id(node), text)
        if key in self.seen:
            return  # the same node and text again (an anchor, a merge key, a second job)
        self.seen.add(key)
        line, column = at if at is not None else value_position(node)
        column += prefix
        # (the end of what is written there, the prefix, docker://, before the column)
        end_line = end_column = None
        if "\n" not in raw:
            end_line, end_column = line, column + len(raw) - prefix
        context = {"system": self.system, **context}
        path = self.path_of(node)
        if path != self.path and self.path is not None:
            context["included_by"] = self.path
        run_time = None
        if resolved.unresolved:
            if resolved.known:
                context["known_prefix"] = text[: resolved.known]
            # Filled in when the job runs: there is no reference to parse here.
            run_time = RUN_TIME[resolved.run_time or "variables"]
        occurrence = Occurrence.of_text(
            path=path,
            line=line,
            column=column,
            kind=KIND,
            raw=raw,
            text=text,
            unresolved=resolved.unresolved,
            run_time=run_time,
            context=context,
            end_line=end_line,
            end_column=end_column,
        )
        self.occurrences.append(occurrence)

    def image_or_mapping(
        self,
        node: yaml.Node | None,
        key: str,
        where: str,
        context: dict[str, object],
        resolve: Callable[[str], Resolutions] | None = None,
        *,
        trim: str = "",
    ) -> None:
        """An image written as a string, or as a mapping with the image under ``key``
        (``trim``: a prefix the system takes off, which is not the image)."""
        if node is None or is_null(node) or is_custom(node):
            return
        if is_mapping(node):
            node, where = fields(node).get(key), f"{where}.{key}"
        elif scalar(node) is None:
            self.wrong(node, where, f"an image or a mapping with {key!r}")
            return
        written = scalar(node) if node is not None else None
        prefix = len(trim) if trim and written is not None and written.startswith(trim) else 0
        self.image(node, where, context, prefix=prefix, resolve=resolve)

    def mapping(self, node: yaml.Node | None, where: str) -> dict[str, yaml.Node]:
        """The fields of a mapping; an error for another type (absent, null, tagged: {})."""
        if node is None or is_null(node) or is_custom(node):
            return {}
        if not is_mapping(node):
            self.wrong(node, where, "a mapping")
            return {}
        return fields(node)

    def items_of(self, node: yaml.Node | None, where: str) -> list[yaml.Node]:
        """The items of a list; an error for another type (absent, null, tagged: [])."""
        if node is None or is_null(node) or is_custom(node):
            return []
        if not is_sequence(node):
            self.wrong(node, where, "a list")
            return []
        return sequence(node)

    def root(self, document: yaml.Node) -> dict[str, yaml.Node] | None:
        if is_mapping(document):
            return fields(document)
        self.wrong(document, "the document", "a mapping")
        return None

"""YAML for the sources: PyYAML's safe composer, its nodes' positions, and no surprises.

Files are composed into nodes, never constructed into Python objects: a node
keeps its line and column, an alias is a reference to the node it names (so an
"alias bomb" costs nothing as long as each node is visited once), unknown
tags (``!reset``, ``!reference``) are kept as tags, and a value is always the
scalar's text (``1.10`` stays ``1.10``, ``on`` stays ``on``). Duplicate keys
are reported; files that are too large, binary or not UTF-8 are refused with
one clear error.

An anchor name may be defined again (YAML allows it; CircleCI, GitLab and
yamllint accept it): an alias names the latest definition before it. PyYAML
refuses such a file ("found duplicate anchor"), so that file alone is composed
again by PyYAML's Python composer, told to let the later definition win from
there on.
"""

from __future__ import annotations

from .._lazy import once
from ..occurrence import SourceError, Suppression, suppressions_in_comment

TYPE_CHECKING = False
if TYPE_CHECKING:
    import os
    from collections.abc import Iterator

    import yaml

__all__ = [
    "MAX_BYTES",
    "YamlFile",
    "get",
    "head_text",
    "is_mapping",
    "is_sequence",
    "is_true",
    "items",
    "literal_line_position",
    "load_yaml",
    "place_inline",
    "position",
    "scalar",
    "sequence",
    "sole_mapping",
    "value_position",
]

#: Files larger than this are refused (configurable per call).
MAX_BYTES = 10 * 1024 * 1024


class YamlFile:
    """The documents of one YAML file (as nodes) and what was wrong with it."""

    __slots__ = ("documents", "errors", "path", "suppressions", "text")

    def __init__(self, path: str | None) -> None:
        self.path = path
        #: The file's text, as composed ("" when it was refused).
        self.text = ""
        self.documents: list[yaml.Node] = []
        self.errors: list[SourceError] = []
        #: The suppression comments of the file (read from YAML's comments only).
        self.suppressions: list[Suppression] = []

    def error(self, node: yaml.Node | None, message: str) -> None:
        line = position(node)[0] if node is not None else None
        self.errors.append(SourceError(self.path, line, message))


def _loader() -> type:
    import yaml

    # The C loader when PyYAML was built with libyaml; the same safe rules either way.
    loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


def load_yaml(
    data: str | bytes, *, path: str | None = None, max_bytes: int = MAX_BYTES
) -> YamlFile:
    """Compose every document of a YAML file into nodes; never raises on bad input."""
    result = YamlFile(path)
    text, why = decoded(data, max_bytes=max_bytes)
    if text is None:
        result.error(None, why or "")
        return result
    import yaml

    result.text = text
    try:
        _compose_all(text, result.documents)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or error.context or "invalid YAML"
        result.errors.append(SourceError(path, line, f"invalid YAML: {problem}"))
    except (yaml.YAMLError, RecursionError) as error:
        result.errors.append(SourceError(path, None, f"invalid YAML: {error}"))
    if result.documents:
        _report_duplicates(result)
        if "tagsense" in text.lower():
            result.suppressions = _suppressions(text, path)
    return result


def decoded(
    data: str | bytes, *, max_bytes: int = MAX_BYTES, kind: str = "YAML"
) -> tuple[str, None] | tuple[None, str]:
    """A file's text (UTF-8, without its byte order mark) and ``None``, or ``None`` and why it
    is none (too large, binary, not UTF-8); ``kind`` names what the file should be."""
    size = len(data.encode("utf-8", "surrogatepass")) if isinstance(data, str) else len(data)
    if size > max_bytes:
        return None, f"file is {size:,} bytes; {kind} files over {max_bytes:,} are skipped"
    if isinstance(data, bytes):
        if b"\x00" in data[:8192]:
            return None, f"binary file (not {kind})"
        try:
            return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8"), None
        except UnicodeDecodeError as error:
            return None, f"not UTF-8 text (byte {error.start})"
    text = data.removeprefix("\ufeff")
    return (None, f"binary file (not {kind})") if "\x00" in text[:8192] else (text, None)


def _compose_all(text: str, documents: list[yaml.Node]) -> None:
    """Every document's node into ``documents``: PyYAML's composer, an anchor defined again
    allowed. On an error the documents before the bad one stay, and it is raised: a stream's
    documents are composed one by one (an anchor names a node of its own document only), so a
    bad one spoils none before it, and the tools that read a stream read them so: ``kubectl
    apply`` applies the objects it decoded before the document it cannot decode, and reports
    that one (roundcube's ``examples/kubernetes.yaml``: its last document's ``env: *env`` names
    an earlier document's anchor)."""
    import yaml

    try:
        _compose_into(documents, text, _loader())
        return
    except yaml.composer.ComposerError as error:
        if "duplicate anchor" not in (error.context or ""):
            raise
    # Rare: only a file with a repeated anchor pays for a composer written in Python.
    documents.clear()
    _compose_into(documents, text, _redefining_loader())


def _compose_into(documents: list[yaml.Node], text: str, loader: type) -> None:
    """Each document's node, as the composer makes it, added before the next is composed."""
    import yaml

    for node in yaml.compose_all(text, Loader=loader):
        if node is not None:  # an empty document
            documents.append(node)


@once
def _redefining_loader() -> type:
    import yaml

    return _redefining(c_events=getattr(yaml, "__with_libyaml__", False))


def _redefining(*, c_events: bool) -> type:
    """The safe loader, except that an anchor defined again names its new node from there on.

    libyaml's parser (``c_events``, when PyYAML has it) with PyYAML's Python
    composer, whose ``compose_node`` can be told to forget a name: nodes as the
    C loader makes them, at a tenth of the pure-Python loader's cost.
    """
    import yaml
    from yaml.composer import Composer

    base: type = yaml.SafeLoader
    if c_events:
        from yaml._yaml import CParser
        from yaml.constructor import SafeConstructor
        from yaml.resolver import Resolver

        class CEventsLoader(Composer, CParser, SafeConstructor, Resolver):
            def __init__(self, stream: str) -> None:
                CParser.__init__(self, stream)
                Composer.__init__(self)
                SafeConstructor.__init__(self)
                Resolver.__init__(self)

        base = CEventsLoader

    class RedefiningLoader(base):  # type: ignore[misc]
        def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
            event = self.peek_event()
            if not isinstance(event, yaml.AliasEvent) and event.anchor is not None:
                # PyYAML refuses a known name; forgetting it makes this definition the one
                # later aliases name (an alias inside this node names this node, as before).
                self.anchors.pop(event.anchor, None)
            node: yaml.Node | None = Composer.compose_node(self, parent, index)
            return node

    return RedefiningLoader


def _suppressions(text: str, path: str | None) -> list[Suppression]:
    """The suppression comments: a ``#`` outside every token starts a comment.

    PyYAML's scanner drops comments, so (as yamllint does) they are found
    between its tokens: a ``#`` in a quoted or block scalar is text, not one.
    Read only for files that say ``tagsense`` at all.
    """
    import yaml

    lines = text.splitlines()
    inside: dict[int, list[tuple[int, int]]] = {}  # line -> spans of token text on it
    try:
        for token in yaml.scan(text, Loader=_loader()):
            start, end = token.start_mark, token.end_mark
            for number in range(start.line, end.line + 1):
                first = start.column if number == start.line else 0
                if number == end.line:
                    last = end.column
                else:
                    last = len(lines[number]) if number < len(lines) else 0
                inside.setdefault(number, []).append((first, last))
    except yaml.YAMLError:
        pass  # (the comments up to the error still count)
    found: list[Suppression] = []
    for index, line in enumerate(lines):
        if "tagsense" not in line.lower():
            continue
        spans = inside.get(index, ())
        position = line.find("#")
        while position >= 0:
            if not any(first <= position < last for first, last in spans):
                found.extend(
                    suppressions_in_comment(
                        line[position:], path=path, line=index + 1, column=position + 1
                    )
                )
                break  # the rest of the line is this comment
            position = line.find("#", position + 1)
    return found


def place_inline(documents: list[yaml.Node], holder: yaml.Node, around: str | bytes) -> None:
    """Move the nodes of YAML read from the scalar ``holder``'s text to where that text
    is written in the file ``around`` (an inline Kustomize patch).

    A literal block scalar (``|``) keeps its lines: each node moves down to its line
    and right by the block's indentation. A one-line scalar moves along its line. In
    any other scalar (folded, or quoted over several lines) lines do not map one to
    one, and every node is put where the scalar starts.
    """
    import yaml

    start = holder.start_mark
    style = getattr(holder, "style", None)
    text = scalar(holder) or ""
    fixed = False
    if style == "|":
        lines = around.decode("utf-8", "replace") if isinstance(around, bytes) else around
        after = lines.splitlines()[start.line + 1 :]
        first = next((line for line in after if line.strip()), "")
        line_shift, column_shift = start.line + 1, len(first) - len(first.lstrip(" "))
    elif "\n" not in text.rstrip("\n") and start.line == holder.end_mark.line:
        line_shift, column_shift = start.line, start.column + (style in ("'", '"'))
    else:
        fixed = True
        line_shift, column_shift = 0, 0

    def place(mark: yaml.Mark) -> yaml.Mark:
        if fixed:
            line, column = start.line, start.column
        else:
            line, column = mark.line + line_shift, mark.column + column_shift
        return yaml.Mark(mark.name, mark.index, line, column, None, 0)

    seen: set[int] = set()
    pending = list(documents)
    while pending:
        node = pending.pop()
        if id(node) in seen:  # an alias: the same node again
            continue
        seen.add(id(node))
        node.start_mark, node.end_mark = place(node.start_mark), place(node.end_mark)
        if isinstance(node.value, list):
            for item in node.value:
                pending.extend(item if isinstance(item, tuple) else (item,))


def position(node: yaml.Node) -> tuple[int, int]:
    """The node's 1-based line and column."""
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def value_position(node: yaml.Node) -> tuple[int, int]:
    """The 1-based line and column where a scalar's text starts (after anchor, tag, quote).

    The parser's start mark is the start of the node, ``&anchor`` and ``!tag``
    included; its end mark is exact. Text without white space (every image
    reference) lies on the end mark's line, so it is measured back from there:
    a plain scalar is its text, a single-quoted one doubles its quotes, a
    double-quoted one without escapes is its text. Other scalars (block
    scalars, escapes) start at the start mark (after the quote).
    """
    start, end = node.start_mark, node.end_mark
    value = scalar(node) or ""
    style = getattr(node, "style", None) or None
    one_line = start.line == end.line or not any(char.isspace() for char in value)
    if style is None and one_line:
        return end.line + 1, end.column - len(value) + 1
    if style == "'" and one_line:
        return end.line + 1, end.column - len(value.replace("'", "''"))
    plain = value.isprintable() and not any(char in value for char in '"\\')
    # (A column before the line's start: an escaped line break; the start mark it is.)
    if style == '"' and one_line and plain and end.column > len(value):
        return end.line + 1, end.column - len(value)
    line, column = position(node)
    return line, column + 1 if style in ('"', "'") else column


def literal_line_position(node: yaml.Node, index: int, text: str) -> tuple[int, int] | None:
    """The 1-based line and column where line ``index`` of a literal block scalar's text
    (``|``) starts, in ``text``, the file it was composed from; None for another style.

    A literal block keeps its lines as written, one a line of the file after the
    ``|`` header, so the line is known; its indentation is read from the file.
    """
    if getattr(node, "style", None) != "|":
        return None
    line = node.start_mark.line + 1 + index
    start = 0
    for _ in range(line):
        start = text.find("\n", start) + 1
        if start == 0:
            return None
    end = text.find("\n", start)
    written = text[start : end if end >= 0 else len(text)]
    return line + 1, len(written) - len(written.lstrip(" ")) + 1


def scalar(node: yaml.Node | None) -> str | None:
    """The text of a scalar node (always the text: YAML 1.1 types are not applied)."""
    import yaml

    if isinstance(node, yaml.ScalarNode):
        value: str = node.value
        return value
    return None


def is_true(node: yaml.Node | None) -> bool:
    """Whether a node is YAML's ``true`` as written (``true``, ``True``, ``TRUE``)."""
    return scalar(node) in _TRUE


#: How YAML writes ``true``.
_TRUE = frozenset({"true", "True", "TRUE"})


def sequence(node: yaml.Node | None) -> list[yaml.Node]:
    """The items of a sequence node (empty for anything else)."""
    import yaml

    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def items(node: yaml.Node | None) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
    """(key text, value node, key node) of a mapping, merge keys (``<<``) resolved.

    Later keys win over earlier ones and over merged ones, as in YAML; only
    keys that are scalars are yielded.
    """
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return
    try:
        resolved = _resolved(node)
    except RecursionError:  # merges nested deeper than Python recurses: keys as written
        resolved = [(k, v, kn) for kn, v in node.value if (k := scalar(kn)) is not None]
    yield from resolved


def _resolved(node: yaml.MappingNode) -> list[tuple[str, yaml.Node, yaml.Node]]:
    # Resolved once per node and kept on it: a chain of merges that names the
    # same anchors again and again would otherwise cost exponential time.
    cached: list[tuple[str, yaml.Node, yaml.Node]] | None = getattr(node, "_tagsense_items", None)
    if cached is not None:
        return cached
    node._tagsense_items = []  # type: ignore[attr-defined]  # (a merge cycle sees nothing)
    merged: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    own: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in node.value:
        key = scalar(key_node)
        if key is None:
            continue
        if key == "<<" and key_node.tag in ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:str"):
            sources = sequence(value_node) or [value_node]
            for source in sources:
                for merged_key, merged_value, merged_key_node in items(source):
                    merged.setdefault(merged_key, (merged_value, merged_key_node))
            continue
        own[key] = (value_node, key_node)
    result = [(key, value, key_node) for key, (value, key_node) in (merged | own).items()]
    node._tagsense_items = result  # type: ignore[attr-defined]
    return result


def get(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """The value node of ``key`` in a mapping node, or None."""
    for name, value, _ in items(node):
        if name == key:
            return value
    return None


def _report_duplicates(result: YamlFile) -> None:
    import yaml

    mapping, sequence_, scalar_ = yaml.MappingNode, yaml.SequenceNode, yaml.ScalarNode
    seen: set[int] = set()
    stack: list[yaml.Node] = list(result.documents)
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is scalar_ or id(node) in seen:
            continue  # (a scalar holds nothing; an alias's node was or will be visited once)
        seen.add(id(node))
        if kind is mapping:
            pairs = node.value
            # (most mappings have no key twice: one set says so, and no position is made)
            texts = [key.value for key, _ in pairs if type(key) is scalar_]
            if len(set(texts)) != len(texts):
                _report_duplicate_keys(result, pairs)
            for key_node, value_node in pairs:
                if type(key_node) is not scalar_:
                    stack.append(key_node)
                stack.append(value_node)
        elif kind is sequence_:
            stack.extend(node.value)


def _report_duplicate_keys(result: YamlFile, pairs: list[tuple[yaml.Node, yaml.Node]]) -> None:
    keys: dict[str, int] = {}
    for key_node, _ in pairs:
        key = scalar(key_node)
        if key is not None and key != "<<":
            if key in keys:
                line = position(key_node)[0]
                result.errors.append(
                    SourceError(
                        result.path,
                        line,
                        f"duplicate key {key!r} (first on line {keys[key]}); the last one wins",
                    )
                )
            else:
                keys[key] = position(key_node)[0]


def head_text(path: str | os.PathLike[str], limit: int) -> str | None:
    """The first ``limit`` bytes of a file as text (for a look at its shape before it is
    read: Azure's and Cloud Build's files of any name); ``None`` when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit)
    except OSError:
        return None
    return data.decode("utf-8", "replace")


def is_mapping(node: yaml.Node | None) -> bool:
    import yaml

    return isinstance(node, yaml.MappingNode)


def sole_mapping(text: str) -> yaml.Node | None:
    """The one document of YAML text when it is a mapping (what the sniffers of a CI
    system's shape look at); ``None`` for several documents, another node or bad YAML."""
    documents = load_yaml(text).documents
    return documents[0] if len(documents) == 1 and is_mapping(documents[0]) else None


def is_sequence(node: yaml.Node | None) -> bool:
    import yaml

    return isinstance(node, yaml.SequenceNode)

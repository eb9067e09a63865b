"""Where an occurrence's reference is written, and the edits that give it another tag or digest.

What ``tagsense pin`` and ``tagsense check --fix`` rewrite with; the edits are
made by :mod:`tagsense._edit`. :func:`locate` finds the :class:`Site` of an
occurrence in the text of its file (read once, with
:func:`tagsense._edit.read_text`), or raises :class:`NotRewritable` with the
reason it has none:

- **Inline**: the reference is written whole where the occurrence says
  (``FROM python:3.12``, ``image: "redis:7"``, ``uses: docker://alpine:3.20``,
  ``contexts = { base = "docker-image://alpine:3.20" }``): its text is
  replaced. A literal prefix before it (``docker://``, ``docker-image://``,
  ``name=docker-image://``) stays as it is. The written text is checked
  against the file before anything is planned.
- **Helm image blocks** (``{registry, repository, tag, digest}`` in
  ``values.yaml``): the tag goes to the block's ``tag`` and the digest to its
  ``digest`` key. A block without a ``digest`` key is not pinned: whether the
  chart's templates read one is not known here.
- **Kustomize** ``images:`` entries: an image a kustomization gives a new tag
  is pinned there, in the entry's ``digest`` (added when absent; kustomize
  applies ``newTag`` and ``digest`` together).

Not rewritable, each with its reason: text built from variables or filled in
when a CI job runs, a tag that comes from a Helm chart's ``appVersion``, text
written over several lines, an inline Dockerfile in a build file (compose,
Tilt, bake), a build cache (``cache_from``), an image archive.

A YAML file's new text is checked before it is written (:func:`check_yaml`):
it must compose, with the same nodes, and every scalar the same but those the
edits meant to change.
"""

from __future__ import annotations

import functools

from ._edit import Edit, EditConflict, EditError, read_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    import yaml

    from ._edit import EditedFile, FileText
    from .occurrence import Occurrence

__all__ = [
    "YAML_KINDS",
    "Change",
    "Files",
    "NotRewritable",
    "Site",
    "check_yaml",
    "edit_file",
    "locate",
    "rewrite",
    "split_reference",
]

#: The kinds of occurrence read from YAML files (their new text is checked as YAML).
YAML_KINDS = frozenset({"compose", "kubernetes", "ci", "helm", "helm-values", "ko", "skaffold"})

#: Text that makes a reference out of variables or expressions, by the tools that read it.
_VARIABLES = ("$", "{{", "<<")


class NotRewritable(Exception):
    """An occurrence whose reference cannot be rewritten in place; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def split_reference(written: str) -> tuple[str, str | None, str | None]:
    """``(name, tag, digest)`` of a reference as written (not normalised).

    >>> split_reference("localhost:5000/app:1.2@sha256:abc")
    ('localhost:5000/app', '1.2', 'sha256:abc')
    >>> split_reference("redis")
    ('redis', None, None)
    """
    head, at, digest = written.partition("@")
    slash = head.rfind("/")
    colon = head.rfind(":")
    if colon > slash:
        return head[:colon], head[colon + 1 :], digest if at else None
    return head, None, digest if at else None


def rewrite(written: str, *, tag: str | None = None, digest: str | None = None) -> str:
    """``written`` with another tag and/or digest (``None``: keep it), its name as written.

    >>> rewrite("python:3.12-slim", digest="sha256:4e7d")
    'python:3.12-slim@sha256:4e7d'
    >>> rewrite("docker.io/library/redis", tag="7.2.4")
    'docker.io/library/redis:7.2.4'
    """
    name, old_tag, old_digest = split_reference(written)
    new_tag = tag if tag is not None else old_tag
    new_digest = digest if digest is not None else old_digest
    return name + (f":{new_tag}" if new_tag else "") + (f"@{new_digest}" if new_digest else "")


class Change:
    """The edits of one site, and what they change in a YAML file's scalars.

    ``removed`` and ``added`` are scalar values (as YAML reads them) that the
    edits take away and bring: :func:`check_yaml` checks the new text for
    exactly that difference. ``note`` says what was left undone, if anything.
    """

    __slots__ = ("added", "edits", "note", "removed")

    def __init__(
        self,
        edits: list[Edit],
        removed: list[str] | None = None,
        added: list[str] | None = None,
        note: str | None = None,
    ) -> None:
        self.edits = edits
        self.removed = removed or []
        self.added = added or []
        self.note = note


class Site:
    """Where one occurrence's reference is written (``path``), and how it changes.

    ``written`` is the reference as the file has it (for a Helm block or a
    kustomization entry, as it is composed). :meth:`change` makes the edits.
    """

    __slots__ = ("path", "written", "yaml")

    path: str
    written: str
    yaml: bool

    def change(self, *, tag: str | None = None, digest: str | None = None) -> Change:
        """The edits giving the reference ``tag`` and/or ``digest`` (``None``: keep)."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.path} {self.written!r}>"


class _Inline(Site):
    """The whole reference at ``line:column``, after a literal ``prefix`` (if any)."""

    __slots__ = ("column", "line", "prefix")

    def __init__(
        self, path: str, line: int, column: int, written: str, yaml: bool, prefix: str = ""
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.written = written
        self.yaml = yaml
        self.prefix = prefix

    def change(self, *, tag: str | None = None, digest: str | None = None) -> Change:
        new = rewrite(self.written, tag=tag, digest=digest)
        if new == self.written:
            return Change([])
        edit = Edit.at(self.line, self.column, self.written, new)
        # (In YAML, the scalar is the prefix and the reference.)
        return Change([edit], [self.prefix + self.written], [self.prefix + new])


class _Scalar:
    """A YAML scalar's text in its file: where it starts, its value, how it is written."""

    __slots__ = ("column", "line", "style", "value")

    def __init__(self, node: yaml.ScalarNode, text: str) -> None:
        from .sources._yaml import value_position

        self.value: str = node.value
        self.style: str | None = node.style or None
        self.line, self.column = value_position(node)
        if self.style is None and not self.value:
            # An empty plain scalar (``digest:``): it starts right after the colon.
            self.line, self.column = node.start_mark.line + 1, node.start_mark.column + 1
        if "\n" in self.value or self.style in ("|", ">"):
            raise NotRewritable("a YAML value written over several lines")
        if self.value and _written_at(text, self.line, self.column, len(self.value)) != self.value:
            raise NotRewritable("a YAML value written with escapes")

    def replace(self, new: str) -> tuple[Edit, str]:
        """The edit writing ``new`` as this scalar's value, and the value YAML will read."""
        if self.style is None and not self.value:
            return Edit(self.line, self.column, self.line, self.column, "", " " + _plain(new)), new
        written = new if self.style is not None else _plain(new)
        return Edit.at(self.line, self.column, self.value, written), new


def _plain(value: str) -> str:
    """``value`` as a plain YAML scalar, double-quoted where YAML would read another type."""
    import yaml

    resolver = yaml.resolver.Resolver()
    resolved = resolver.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    if resolved != "tag:yaml.org,2002:str" or value[:1] in "!&*@`'\"%|>[]{},#?:-":
        return '"' + value + '"'
    return value


def _written_at(text: str, line: int, column: int, length: int | None = None) -> str:
    """The text of ``line`` from ``column`` (1-based; to its end, or ``length`` characters)."""
    lines = _lines(text)
    if not 1 <= line <= len(lines):
        return ""
    rest = lines[line - 1][column - 1 :]
    return rest if length is None else rest[:length]


class _HelmBlock(Site):
    """An image block of Helm values: its ``tag`` and ``digest`` scalars."""

    __slots__ = ("digest", "tag")

    def __init__(self, path: str, written: str, tag: _Scalar | None, digest: _Scalar | None):
        self.path = path
        self.written = written
        self.yaml = True
        self.tag = tag
        self.digest = digest

    def change(self, *, tag: str | None = None, digest: str | None = None) -> Change:
        result = Change([])
        for scalar, value, key in ((self.tag, tag, "tag"), (self.digest, digest, "digest")):
            if value is None:
                continue
            if scalar is None:
                if key == "digest":
                    result.note = (
                        "the image block has no 'digest' key: whether the chart's templates "
                        'read one is not known here (add digest: "" to the block to pin it)'
                    )
                    continue
                raise NotRewritable("the image block has no 'tag' key")
            if scalar.value == value:
                continue
            edit, read = scalar.replace(value)
            result.edits.append(edit)
            result.removed.append(scalar.value)
            result.added.append(read)
        return result


class _KustomizeEntry(Site):
    """An entry of a kustomization's ``images``: its ``newTag`` and ``digest``."""

    __slots__ = ("digest", "insert", "tag")

    def __init__(
        self,
        path: str,
        written: str,
        tag: _Scalar | None,
        digest: _Scalar | None,
        insert: Callable[[str, str], Edit],
    ) -> None:
        self.path = path
        self.written = written
        self.yaml = True
        self.tag = tag
        self.digest = digest
        self.insert = insert  # (key, value as written) -> the edit adding it to the entry

    def change(self, *, tag: str | None = None, digest: str | None = None) -> Change:
        result = Change([])
        for scalar, value, key in ((self.tag, tag, "newTag"), (self.digest, digest, "digest")):
            if value is None or (scalar is not None and scalar.value == value):
                continue
            if scalar is None:
                result.edits.append(self.insert(key, _plain(value)))
                result.added += [key, value]
                continue
            edit, read = scalar.replace(value)
            result.edits.append(edit)
            result.removed.append(scalar.value)
            result.added.append(read)
        return result


# --- locating --------------------------------------------------------------------


def locate(occurrence: Occurrence, read: Callable[[str], FileText]) -> Site:
    """Where ``occurrence``'s reference is written, in the text ``read(path)`` gives.

    Raises :class:`NotRewritable` with the reason when it cannot be rewritten
    in place, and :class:`~tagsense._edit.EditError` when a file cannot be
    read.
    """
    path = occurrence.path
    if path is None or occurrence.kind == "archive":
        raise NotRewritable("not in a text file")
    if occurrence.run_time is not None:
        raise NotRewritable(f"filled in from {occurrence.run_time} when the CI job runs")
    if occurrence.unresolved:
        raise NotRewritable(
            f"built from variables without a value ({', '.join(occurrence.unresolved)})"
        )
    context = occurrence.context
    if context.get("field") in ("build.cache_from", "build.cacheFrom"):  # (compose, devcontainer)
        raise NotRewritable("a build cache: it moves with every build")
    if "inline" in context:
        build = context.get("build")
        tool = build.get("tool") if isinstance(build, dict) else None
        where = {"tilt": "a Tiltfile", "bake": "a bake file"}.get(str(tool), "a compose file")
        raise NotRewritable(f"in a Dockerfile written inline in {where}")
    if occurrence.kind == "helm":
        return _helm(occurrence, read(path))
    if context.get("template") == "helmfile":
        raise NotRewritable("a value helmfile's template fills in from its state values")
    if occurrence.kind == "helm-values" and context.get("value") != occurrence.raw:
        return _release_block(occurrence, read(path))
    transformed = context.get("transformed_by")
    if isinstance(transformed, tuple) and transformed:
        return _kustomize_entry(occurrence, str(transformed[-1]), read)
    return _inline(occurrence, read(path))


def _inline(occurrence: Occurrence, file: FileText) -> Site:
    raw, text = occurrence.raw, occurrence.text
    if "\n" in raw or "\r" in raw:
        raise NotRewritable("written over several lines")
    yaml = occurrence.kind in YAML_KINDS
    path, line, column = file.path, occurrence.line, occurrence.column
    found = _written_at(file.text, line, column, len(raw))
    if raw == text:
        if found != raw:
            raise NotRewritable(_not_there(file.text, raw, line, column))
        return _Inline(path, line, column, raw, yaml)
    prefix = raw[: len(raw) - len(text)] if raw.endswith(text) else None
    if prefix is None or any(mark in prefix for mark in _VARIABLES):
        if any(mark in raw for mark in _VARIABLES):
            raise NotRewritable(f"built from variables ({raw})")
        raise NotRewritable(f"written as {raw!r}, which the tool reads as {text!r}")
    # A literal prefix (docker://, docker-image://): the column is at it or past it.
    if found == raw:
        return _Inline(path, line, column + len(prefix), text, yaml, prefix)
    if _written_at(file.text, line, column, len(text)) == text:
        return _Inline(path, line, column, text, yaml, prefix)
    raise NotRewritable(_not_there(file.text, raw, line, column))


def _not_there(text: str, raw: str, line: int, column: int) -> str:
    if _written_at(text, line, column, 1) in ("|", ">"):
        return "written as a YAML block scalar"
    return f"the file does not have {raw!r} at {line}:{column} (it changed since it was read?)"


@functools.lru_cache(maxsize=8)
def _lines(text: str) -> list[str]:
    """A file's lines (``\n`` ends a line; a file is located in many times)."""
    return text.split("\n")


def _compose(file: FileText) -> list[yaml.Node]:
    """The file's YAML documents (composed once a file: a values file has many images)."""
    found = _composed(file.text)
    if found is None:
        raise NotRewritable(f"{file.path} is no longer valid YAML")
    return found


@functools.lru_cache(maxsize=8)
def _composed(text: str) -> list[yaml.Node] | None:
    import yaml

    try:
        return [node for node in yaml.compose_all(text, Loader=_loader()) if node]
    except (yaml.YAMLError, RecursionError):
        return None


def _loader() -> type:
    import yaml

    loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


def _nodes(roots: list[yaml.Node]) -> Iterator[yaml.Node]:
    """Every node once, depth first (aliases are the nodes they name)."""
    import yaml

    seen: set[int] = set()
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack.extend((value, key))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))


def _own(mapping: yaml.MappingNode) -> dict[str, yaml.Node]:
    """A mapping's own keys (not merged ones: their text is somewhere else)."""
    import yaml

    found: dict[str, yaml.Node] = {}
    for key, value in mapping.value:
        if isinstance(key, yaml.ScalarNode) and key.value != "<<":
            found[key.value] = value
    return found


def _scalar_of(node: yaml.Node | None, text: str, what: str) -> _Scalar | None:
    import yaml

    if node is None:
        return None
    if not isinstance(node, yaml.ScalarNode):
        raise NotRewritable(f"its {what} is not a string")
    return _Scalar(node, text)


def _helm(occurrence: Occurrence, file: FileText) -> Site:
    """Where a chart's values give the image: the values scalar the occurrence points at
    (``context["key"]``), an image string written whole, or a member of an image block
    (its ``tag``; a ``digest`` beside it)."""
    import yaml

    from .sources._yaml import value_position

    roots = _compose(file)[:1]  # (Helm reads the first document)
    where = (occurrence.line, occurrence.column)
    key = occurrence.context.get("key")
    written = occurrence.context.get("value")
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, tuple[str, ...]]] = [(root, ()) for root in reversed(roots)]
    while stack:
        node, keys = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        children: list[tuple[yaml.Node, tuple[str, ...]]] = []
        if isinstance(node, yaml.SequenceNode):
            children = [(item, (*keys, f"[{i}]")) for i, item in enumerate(node.value)]
        elif isinstance(node, yaml.MappingNode):
            own = _own(node)
            for name, value in own.items():
                if isinstance(value, yaml.ScalarNode) and value_position(value) == where:
                    if key is not None and _dotted((*keys, name)) != key:
                        continue
                    if written == occurrence.raw:
                        return _inline(occurrence, file)  # the image, written whole
                    return _helm_block(occurrence, file, own)
                children.append((value, (*keys, name)))
        stack.extend(reversed(children))
    raise NotRewritable(
        "the image is not written in the chart's values (a template writes it, or YAML merge "
        "keys or anchors do)"
    )


def _release_block(occurrence: Occurrence, file: FileText) -> Site:
    """The image block of a release's values whose ``tag`` (or ``digest``) the occurrence
    points at: the one mapping of the file with that scalar at that place."""
    import yaml

    from .sources._yaml import value_position

    where = (occurrence.line, occurrence.column)
    for node in _nodes(_compose(file)):
        if not isinstance(node, yaml.MappingNode):
            continue
        own = _own(node)
        pointed = own.get("tag") or own.get("digest")
        if isinstance(pointed, yaml.ScalarNode) and value_position(pointed) == where:
            if "@" in pointed.value:
                raise NotRewritable("the tag holds a digest too (tag: 1.2@sha256:…)")
            return _helm_block(occurrence, file, own)
    raise NotRewritable(
        "the image block is not written in the file as such (values in a string, or YAML "
        "merge keys or anchors)"
    )


def _dotted(keys: tuple[str, ...]) -> str:
    from .sources.kubernetes import dotted

    return dotted(keys)


def _helm_block(occurrence: Occurrence, file: FileText, own: dict[str, yaml.Node]) -> Site:
    if occurrence.context.get("tag_from") == "appVersion":
        raise NotRewritable(
            "the tag comes from the chart's appVersion, through the templates: "
            "give the image block a tag to pin it"
        )
    tag = _scalar_of(own.get("tag"), file.text, "tag")
    digest = _scalar_of(own.get("digest"), file.text, "digest")
    return _HelmBlock(file.path, occurrence.raw, tag, digest)


def _kustomize_entry(occurrence: Occurrence, path: str, read: Callable[[str], FileText]) -> Site:
    """The ``images`` entry of the kustomization that gave the image its tag."""
    import yaml

    file = read(path)
    roots = _compose(file)
    name, tag, digest = split_reference(occurrence.text)
    matches: list[tuple[yaml.MappingNode, dict[str, yaml.Node]]] = []
    images = (
        _own(roots[0]).get("images") if roots and isinstance(roots[0], yaml.MappingNode) else None
    )
    for entry in images.value if isinstance(images, yaml.SequenceNode) else []:
        if not isinstance(entry, yaml.MappingNode):
            continue
        own = _own(entry)
        target = own.get("newName") or own.get("name")
        if not isinstance(target, yaml.ScalarNode) or target.value != name:
            continue
        new_tag, new_digest = _value(own.get("newTag")), _value(own.get("digest"))
        if not new_tag and not new_digest:
            continue  # a new name only: the tag is the resource's
        if (new_tag or tag) != tag or (new_digest or digest) != digest:
            continue
        matches.append((entry, own))
    if len(matches) != 1:
        why = "none" if not matches else "more than one"
        raise NotRewritable(
            f"{why} of the images: entries of {path} gives {name} its tag: pin it there by hand"
        )
    entry, own = matches[0]
    new_tag_node = _scalar_of(own.get("newTag"), file.text, "newTag")
    digest_node = _scalar_of(own.get("digest"), file.text, "digest")
    if new_tag_node is None:
        raise NotRewritable(
            f"the images: entry of {path} pins {name} by digest alone: nothing to follow"
        )
    return _KustomizeEntry(path, occurrence.text, new_tag_node, digest_node, _inserter(entry, file))


def _value(node: yaml.Node | None) -> str:
    import yaml

    return node.value if isinstance(node, yaml.ScalarNode) and node.tag != _NULL else ""


_NULL = "tag:yaml.org,2002:null"


def _inserter(entry: yaml.MappingNode, file: FileText) -> Callable[[str, str], Edit]:
    """How a key is added to a kustomization's ``images`` entry."""
    text = file.text
    if entry.flow_style:
        # {name: x, newTag: y}: before the closing brace.
        line, column = entry.end_mark.line + 1, entry.end_mark.column
        if _written_at(text, line, column, 1) != "}":
            raise NotRewritable("an images: entry written in a way this cannot extend")

        def flow(key: str, value: str) -> Edit:
            return Edit(line, column, line, column, "", f", {key}: {value}")

        return flow
    first_key = entry.value[0][0]
    indent = " " * first_key.start_mark.column
    last = entry.value[-1][1]
    end_line = last.end_mark.line + 1
    if last.end_mark.column == 0:  # (a value that ends with its line's break)
        end_line -= 1
    lines = _lines(text)
    if not 1 <= end_line <= len(lines) or "\t" in lines[first_key.start_mark.line][: len(indent)]:
        raise NotRewritable("an images: entry written in a way this cannot extend")
    content = lines[end_line - 1]
    newline = "\r\n" if content.endswith("\r") else "\n"
    column = len(content.removesuffix("\r")) + 1

    def block(key: str, value: str) -> Edit:
        return Edit(end_line, column, end_line, column, "", f"{newline}{indent}{key}: {value}")

    return block


# --- checking YAML ----------------------------------------------------------------


def check_yaml(path: str, before: str, after: str, changes: list[Change]) -> None:
    """Raise :class:`~tagsense._edit.EditConflict` unless ``after`` is ``before`` with
    exactly the scalars the changes name changed: the same nodes, and composing."""
    from collections import Counter

    import yaml

    def shape(text: str) -> tuple[Counter[str], Counter[str]]:
        roots = list(yaml.compose_all(text, Loader=_loader()))
        kinds: Counter[str] = Counter()
        values: Counter[str] = Counter()
        for node in _nodes([root for root in roots if root is not None]):
            kinds[type(node).__name__] += 1
            if isinstance(node, yaml.ScalarNode):
                values[node.value] += 1
        return kinds, values

    old_kinds, old_values = shape(before)
    try:
        new_kinds, new_values = shape(after)
    except (yaml.YAMLError, RecursionError) as error:
        raise EditConflict(path, f"the edited file would not be valid YAML ({error})") from None
    expected = Counter(old_values)
    added = 0
    for change in changes:
        expected.subtract(change.removed)
        expected.update(change.added)
        added += len(change.added) - len(change.removed)
    expected_kinds = Counter(old_kinds)
    expected_kinds["ScalarNode"] += added
    if +expected != +new_values or +expected_kinds != +new_kinds:
        raise EditConflict(path, "the edited file would not read as intended: not written")


# --- files and their edits --------------------------------------------------------


class Files:
    """Each file read once, for locating and for editing (``read`` raises
    :class:`~tagsense._edit.EditError`, and again for the same file)."""

    def __init__(self) -> None:
        self._read: dict[str, FileText | EditError] = {}

    def read(self, path: str) -> FileText:
        found = self._read.get(path)
        if found is None:
            try:
                found = read_text(path)
            except EditError as error:
                found = error
            self._read[path] = found
        if isinstance(found, EditError):
            raise found
        return found


def edit_file(file: FileText, changes: list[Change], *, yaml: bool) -> EditedFile:
    """``file`` with the changes applied (each distinct change once); a YAML file's new text
    is checked (:func:`check_yaml`). Raises :class:`~tagsense._edit.EditConflict`."""
    distinct: dict[tuple[Edit, ...], Change] = {}
    for change in changes:
        if change.edits:
            distinct.setdefault(tuple(sorted(change.edits, key=repr)), change)
    edits = [edit for change in distinct.values() for edit in change.edits]
    edited = file.edit(edits)
    if yaml and edited.changed:
        check_yaml(file.path, file.text, edited.after, list(distinct.values()))
    return edited

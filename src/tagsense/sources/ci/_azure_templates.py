"""Azure Pipelines templates: the files a pipeline includes, put in as Azure puts them in.

As Microsoft's "Template usage reference" and "Template expressions" describe
(learn.microsoft.com/azure/devops/pipelines/process/templates and
…/process/template-expressions):

- an item ``- template: PATH`` of a ``stages``, ``jobs`` or ``steps`` list is
  replaced by the items of that list in the template file (its ``stages``,
  ``jobs`` or ``steps``), and ``extends: {template: PATH}`` gives the pipeline
  the template's content;
- ``PATH`` is relative to the file that includes it, or to the repository's
  root when it starts with ``/``; ``PATH@alias`` is a template of another
  repository (``@self`` is this one): not read here, and said so in a note;
- the template's ``${{ parameters.x }}`` are the values the includer passes
  (``parameters:`` of the reference, its own ``${{ }}`` evaluated first), else
  the defaults the template declares; a parameter with neither stays
  unresolved, by its name;
- a ``${{ if }}``/``${{ elseif }}``/``${{ else }}`` block in such a list is read
  unless its condition is known to be false (parameters decide it), a
  ``${{ each }}`` block once (its loop variable unresolved);
- Azure's limits: at most 100 template files, 20 levels of nesting; a cycle is
  an error too.

Each node keeps the file it was read from (``Scanner.paths``) and the
parameters of the inclusion it came from (:meth:`Expansion.parameters_of`): one
template included twice with other parameters is two readings of its nodes.
"""

from __future__ import annotations

import os

from ...occurrence import SourceError, Suppression
from .._yaml import load_yaml, scalar, sequence
from ._scanner import fields, is_mapping, is_sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    import yaml

    from .._yaml import YamlFile
    from ._scanner import Scanner

__all__ = ["MAX_FILES", "MAX_NESTING", "Expansion", "expand"]

#: Azure's limits (the template usage reference's "Imposed limits").
MAX_FILES = 100
MAX_NESTING = 20
#: How many template references one pipeline may put in (each file may be included often).
_MAX_INCLUSIONS = 2_000
#: How deep a file's nodes are walked.
_MAX_TREE_DEPTH = 60
#: The lists whose items may be templates.
_LISTS = frozenset({"stages", "jobs", "phases", "steps"})
#: VSTS's ``phases`` are Azure's ``jobs``: a template of either is put in a list of the other.
_JOB_LISTS = {"jobs": "phases", "phases": "jobs"}
_COMPILE_TIME = frozenset({"parameters", "variables"})


class Expansion:
    """A pipeline's document with its templates put in (``root``), the template files read
    (``files``, paths as joined from the including file's), and each node's parameters."""

    __slots__ = ("_keep", "_parameters", "defaults", "errors", "files", "paths", "root",
                 "stamps", "suppressions")  # fmt: skip

    def __init__(self, root: yaml.Node, expander: _Expander, defaults: Mapping[str, object]):
        self.root = root
        self.files = expander.files
        self._parameters = expander.parameters
        #: The pipeline's own parameters (their defaults).
        self.defaults = defaults
        #: What a scan takes from it: the file of each node, the errors and suppressions.
        self.paths = expander.paths
        self.errors = expander.errors
        self.suppressions = expander.suppressions
        #: Each template file as it was read (a later scan reads it anew when it changed).
        self.stamps = {path: _stamp(path) for path in (*expander.files, *expander.looked)}
        self._keep = expander.keep  # (every node read, so that the ids above stay theirs)

    def current(self) -> bool:
        """Whether the template files are still as they were read."""
        return all(_stamp(path) == stamp for path, stamp in self.stamps.items())

    def give(self, scanner: Scanner) -> None:
        """Give a scan what the templates say (the file of each node, errors, suppressions)."""
        scanner.paths.update(self.paths)
        scanner.errors.extend(e for e in self.errors if e not in scanner.errors)
        scanner.suppressions.extend(s for s in self.suppressions if s not in scanner.suppressions)

    def parameters_of(self, node: yaml.Node | None) -> Mapping[str, object]:
        """The parameters in force where ``node`` was written."""
        if node is None:
            return self.defaults
        return self._parameters.get(id(node), self.defaults)


def expand(
    documents: list[yaml.Node], scanner: Scanner, *, text: str | None = None
) -> Expansion | None:
    """The first document with its templates in (``None``: there is none). Problems are the
    scanner's errors (a missing file, a cycle, a limit) and notes (another repository's
    template); nothing raises. ``text``: the pipeline's text, for the same pipeline to be
    expanded once a process (each reading of a scan needs it) while its files are unchanged."""
    if not documents:
        return None
    key = None if text is None or scanner.path is None else (
        scanner.path, scanner.repository, scanner.max_bytes, text)  # fmt: skip
    expansion = _EXPANSIONS.get(key) if key is not None else None
    if expansion is None or not expansion.current():
        expansion = _expand(documents[0], scanner)
        if key is not None:
            if len(_EXPANSIONS) >= _MAX_KEPT:
                _EXPANSIONS.clear()
            _EXPANSIONS[key] = expansion
    expansion.give(scanner)
    return expansion


#: The expansions of this process, by pipeline (a scan reads each pipeline several times).
_EXPANSIONS: dict[tuple[str, str | None, int, str], Expansion] = {}
_MAX_KEPT = 256


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


def _expand(document: yaml.Node, scanner: Scanner) -> Expansion:
    own = fields(document).get("parameters")
    defaults = declared(own, {})
    expander = _Expander(scanner)
    main = _Instance(scanner.path, defaults, (_real(scanner.path),))
    root = expander.rebuild(document, main, {}, 0)
    extends = fields(document).get("extends")
    if (
        extends is not None
        and is_mapping(root)
        and is_mapping(extends)
        and "template" in fields(extends)
    ):
        extended = expander.include(extends, fields(extends), None, main)
        if extended:
            import yaml

            keys = set(fields(root))
            pairs = list(root.value)
            pairs += [(key, value) for key, value in extended[0].value
                      if scalar(key) not in keys]  # fmt: skip
            root = yaml.MappingNode(root.tag, pairs, root.start_mark, root.end_mark)
    expander.keep.append(root)
    return Expansion(root, expander, defaults)


class _Instance:
    """One reading of a file: its path, its parameters, the files that include it."""

    __slots__ = ("chain", "parameters", "path")

    def __init__(self, path: str | None, parameters: Mapping[str, object], chain: tuple[str, ...]):
        self.path = path
        self.parameters = parameters
        self.chain = chain


def _real(path: str | None) -> str:
    return os.path.realpath(path) if path is not None else ""


class _Expander:
    def __init__(self, scanner: Scanner) -> None:
        self.scanner = scanner
        self.repository = _repository(scanner)
        self.files: dict[str, None] = {}
        self.parameters: dict[int, Mapping[str, object]] = {}
        #: The file of each node read from a template, the errors and suppressions found.
        self.paths: dict[int, str] = {}
        self.errors: list[SourceError] = []
        self.suppressions: list[Suppression] = []
        self.keep: list[object] = []
        self.data: dict[str, tuple[bytes, YamlFile] | None] = {}
        self.inclusions = 0
        self.first: dict[str, yaml.Node | None] = {}  # (each file's first reading)
        self.done: dict[tuple[str, str], yaml.Node] = {}  # (each file's reading, by parameters)
        self.reals: dict[str, str] = {}
        self.looked: dict[str, None] = {}

    # --- the tree -----------------------------------------------------------------

    def rebuild(
        self, node: yaml.Node, where: _Instance, memo: dict[int, yaml.Node], depth: int
    ) -> yaml.Node:
        """``node`` with the template references of its lists put in (a new node where
        something changed; the same node where nothing did)."""
        import yaml

        if depth > _MAX_TREE_DEPTH:
            return node
        done = memo.get(id(node))
        if done is not None:
            return done
        memo[id(node)] = node  # (an alias of itself, inside itself: as it is)
        result = node
        if is_mapping(node):
            pairs = []
            spliced = False
            branch: bool | None = False  # (whether an earlier branch of an `if` chain was taken)
            for key, value in node.value:
                name = scalar(key)
                if name is not None and name.startswith("${{") and is_mapping(value):
                    # (a conditional insertion of keys, ``${{ if ne(parameters.x, '') }}:`` over
                    # ``container: ${{ parameters.x }}``: its keys where it is, when taken)
                    taken, branch = _branch(name, where.parameters, branch)
                    if taken:
                        pairs.extend(self.rebuild(value, where, memo, depth + 1).value)
                    spliced = True
                    continue
                if name in _LISTS and is_sequence(value):
                    new = self.listed(value, str(name), where, memo, depth + 1)
                elif name in ("parameters", "extends"):
                    new = value  # (values passed, or declared: read where they are used)
                else:
                    new = self.rebuild(value, where, memo, depth + 1)
                pairs.append((key, new))
            if spliced or any(
                new is not old for (_, new), (_, old) in zip(pairs, node.value, strict=True)
            ):
                result = yaml.MappingNode(node.tag, pairs, node.start_mark, node.end_mark)
        elif is_sequence(node):
            values = [self.rebuild(item, where, memo, depth + 1) for item in node.value]
            if any(new is not old for new, old in zip(values, node.value, strict=True)):
                result = yaml.SequenceNode(node.tag, values, node.start_mark, node.end_mark)
        if result is not node:
            self.own(result, where)
        memo[id(node)] = result
        return result

    def listed(
        self,
        node: yaml.Node,
        kind: str,
        where: _Instance,
        memo: dict[int, yaml.Node],
        depth: int,
    ) -> yaml.Node:
        """A ``stages``, ``jobs`` or ``steps`` list with its templates and its conditional
        blocks put in."""
        import yaml

        found: list[yaml.Node] = []
        branch: bool | None = False  # (whether an earlier branch of an `if` chain was taken)
        for item in sequence(node):
            entry = fields(item) if is_mapping(item) else {}
            if scalar(entry.get("template")) is not None:
                found.extend(self.include(item, entry, kind, where))
                continue
            block = _block(item)
            if block is not None:
                key, items = block
                taken, branch = _branch(key, where.parameters, branch)
                if taken:
                    found.extend(sequence(self.listed(items, kind, where, memo, depth + 1)))
                continue
            found.append(self.rebuild(item, where, memo, depth + 1))
        if len(found) == len(node.value) and all(a is b for a, b in zip(found, node.value)):  # noqa: B905
            return node
        result = yaml.SequenceNode(node.tag, found, node.start_mark, node.end_mark)
        self.own(result, where)
        return result

    def own(self, node: yaml.Node, where: _Instance) -> None:
        """Note a node made here as the file's it was made from."""
        self.keep.append(node)
        if where.path is not None and where.path != self.scanner.path:
            self.paths[id(node)] = where.path
            self.parameters[id(node)] = where.parameters

    # --- a template -----------------------------------------------------------------

    def include(
        self, node: yaml.Node, entry: dict[str, yaml.Node], kind: str | None, where: _Instance
    ) -> list[yaml.Node]:
        """The items a template reference puts in (``kind`` ``None``: ``extends``, the
        template's document itself)."""
        reference = entry["template"]
        written = scalar(reference) or ""
        location = compile_time(written, where.parameters)
        if not isinstance(location, str):
            names = ", ".join(getattr(location, "names", ()) or (written,))
            self.note(reference, f"template {written!r}: its path depends on {names}; not read")
            return []
        location, _, alias = location.partition("@")
        if alias and alias != "self":
            self.note(
                reference,
                f"template {written!r} is in the repository {alias!r}, not this one; not read",
            )
            return []
        path = self.locate(location.strip(), where)
        if path is None:
            self.error(reference, f"template {written!r}: there is no such file in the repository")
            return []
        real = self.real(path)
        if real in where.chain:
            self.error(reference, f"template {written!r} includes itself (a cycle); not read again")
            return []
        if len(where.chain) > MAX_NESTING:
            self.error(reference, f"template {written!r}: more than {MAX_NESTING} levels of "
                                  "templates in templates (Azure's limit); not read")  # fmt: skip
            return []
        if path not in self.files and len(self.files) >= MAX_FILES:
            self.error(reference, f"template {written!r}: more than {MAX_FILES} template files "
                                  "(Azure's limit); not read")  # fmt: skip
            return []
        self.inclusions += 1
        if self.inclusions > _MAX_INCLUSIONS:
            self.error(reference, f"more than {_MAX_INCLUSIONS} template references; not read")
            return []
        first = self.first.get(path)
        if path not in self.first:
            first = self.first[path] = self.load(path, reference)
        if first is None:
            return []
        passed = compile_value(entry.get("parameters"), where.parameters)
        parameters = declared(
            fields(first).get("parameters"), passed if isinstance(passed, dict) else {}
        )
        # (the same file with the same parameters is the same reading: its nodes once)
        key = (path, repr(sorted(parameters.items())))
        rebuilt = self.done.get(key)
        if rebuilt is None:
            document = first if not any(k[0] == path for k in self.done) else self.load(path)
            if document is None:
                return []
            inside = _Instance(path, parameters, (*where.chain, real))
            self.register(document, inside)
            rebuilt = self.done[key] = self.rebuild(document, inside, {}, 0)
        if kind is None:
            return [rebuilt] if is_mapping(rebuilt) else []
        given = fields(rebuilt)
        if kind in _JOB_LISTS:  # (a job template of either name, in a list of either name)
            return sequence(given.get(kind) or given.get(_JOB_LISTS[kind]))
        return sequence(given.get(kind))

    def real(self, path: str) -> str:
        found = self.reals.get(path)
        if found is None:
            found = self.reals[path] = _real(path)
        return found

    def locate(self, location: str, where: _Instance) -> str | None:
        """The file a template path names (relative to the including file, or to the
        repository's root with a leading ``/``), if it is one inside the repository."""
        if not location:
            return None
        if location.startswith("/"):
            if self.repository is None:
                return None
            path = os.path.join(self.repository, location.lstrip("/"))
        else:
            base = os.path.dirname(where.path) if where.path is not None else None
            if base is None:
                return None
            path = os.path.join(base, location)
        path = os.path.normpath(path)
        self.looked[path] = None  # (a file made later changes what the pipeline reads)
        if self.repository is not None:
            inside = os.path.relpath(self.real(path), self.real(self.repository))
            if inside.startswith(os.pardir):
                return None  # (Azure reads templates of the repository only)
        return path if os.path.isfile(path) else None

    def load(self, path: str, reference: yaml.Node | None = None) -> yaml.Node | None:
        """A template file's document: the process's reading of it the first time this
        pipeline includes it, composed anew after (other parameters, other nodes)."""
        first = path not in self.data
        if first:
            self.data[path] = _read(path, self.scanner.max_bytes)
        kept = self.data[path]
        if kept is None:
            if reference is not None:
                self.error(reference, f"template {path!r} cannot be read")
            return None
        data, loaded = kept
        self.files[path] = None
        if first:
            self.errors.extend(e for e in loaded.errors if e not in self.errors)
            self.suppressions.extend(loaded.suppressions)
        else:
            loaded = load_yaml(data, path=path, max_bytes=self.scanner.max_bytes)
        self.keep.append(loaded.documents)
        if not loaded.documents or not is_mapping(loaded.documents[0]):
            return None  # (an empty template puts nothing in)
        return loaded.documents[0]

    def register(self, document: yaml.Node, where: _Instance) -> None:
        """Note each node of a template's document as its file's, with its parameters."""
        import yaml

        pending = [document]
        seen: set[int] = set()
        while pending:
            node = pending.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if where.path is not None:
                self.paths[id(node)] = where.path
            self.parameters[id(node)] = where.parameters
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    pending.extend((key, value))
            elif isinstance(node, yaml.SequenceNode):
                pending.extend(node.value)

    def error(self, node: yaml.Node, message: str, *, note: bool = False) -> None:
        from .._yaml import position

        path = self.paths.get(id(node), self.scanner.path)
        error = SourceError(path, position(node)[0], message, note=note)
        if error not in self.errors:
            self.errors.append(error)

    def note(self, node: yaml.Node, message: str) -> None:
        self.error(node, message, note=True)


#: Each template file's bytes and nodes, as this process read them (while it is unchanged):
#: many pipelines include the same templates.
_FILES: dict[tuple[str, int], tuple[tuple[int, int], bytes, YamlFile]] = {}


def _read(path: str, max_bytes: int) -> tuple[bytes, YamlFile] | None:
    """A template file's bytes and composed document (``None``: it cannot be read)."""
    stamp = _stamp(path)
    if stamp is None:
        return None
    kept = _FILES.get((path, max_bytes))
    if kept is not None and kept[0] == stamp:
        return kept[1], kept[2]
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError:
        return None
    loaded = load_yaml(data, path=path, max_bytes=max_bytes)
    if len(_FILES) >= _MAX_KEPT * 4:
        _FILES.clear()
    _FILES[(path, max_bytes)] = (stamp, data, loaded)
    return data, loaded


def _repository(scanner: Scanner) -> str | None:
    """The repository's root: the nearest directory above the pipeline with ``.git`` in it,
    else the scan's repository directory."""
    if scanner.path is not None:
        directory = os.path.dirname(os.path.abspath(scanner.path))
        while True:
            if os.path.exists(os.path.join(directory, ".git")):
                return directory
            parent = os.path.dirname(directory)
            if parent == directory:
                break
            directory = parent
    return scanner.repository


def _block(item: yaml.Node) -> tuple[str, yaml.Node] | None:
    """A conditional or loop block of a list (``- ${{ if … }}:`` with a list): key and list."""
    if not is_mapping(item) or len(item.value) != 1:
        return None
    key, value = item.value[0]
    name = scalar(key) or ""
    if name.startswith("${{") and is_sequence(value):
        return name, value
    return None


def _branch(
    key: str, parameters: Mapping[str, object], before: bool | None
) -> tuple[bool, bool | None]:
    """Whether a block is read, and whether its ``if`` chain has a branch taken so far
    (``None``: one may have been)."""
    inner = key[3:].rstrip()[:-2].strip() if key.rstrip().endswith("}}") else ""
    word, _, condition = inner.partition(" ")
    if word == "if":
        value = _condition(condition, parameters)
        return value is not False, value
    if word == "elseif":
        if before is True:
            return False, True
        value = _condition(condition, parameters)
        taken = None if before is None or value is None else value
        return value is not False, taken
    if inner == "else":
        return before is not True, True
    return True, False  # (``each``, ``insert``: read once; no chain)


def _condition(text: str, parameters: Mapping[str, object]) -> bool | None:
    """A compile-time condition's truth (``None``: only a run, or the includer, knows)."""
    from ._expr import AZURE_FUNCTIONS, Either, ExpressionError, Partial, Unknown, _truthy, evaluate

    try:
        value = evaluate(
            text.strip(),
            {"parameters": Partial(parameters)},
            allowed=_COMPILE_TIME,
            functions=AZURE_FUNCTIONS,
        ).value
    except (ExpressionError, RecursionError):
        return None
    if isinstance(value, Unknown | Either):
        return None
    return _truthy(value)


def declared(node: yaml.Node | None, passed: Mapping[str, object]) -> dict[str, object]:
    """A template's parameters: those ``passed``, else its declared defaults (a list of
    ``{name, default}``, or the old mapping of names to defaults)."""
    found: dict[str, object] = {}
    if is_sequence(node):
        for item in sequence(node):
            entry = fields(item)
            name, default = scalar(entry.get("name")), entry.get("default")
            if name is not None and default is not None:
                found[name] = compile_value(default, {})
    elif is_mapping(node):
        for name, value in fields(node).items():
            found[name] = compile_value(value, {})
    return {**found, **passed}


def compile_value(node: yaml.Node | None, parameters: Mapping[str, object]) -> object:
    """A YAML value as a template receives it: strings, lists and mappings, with the
    includer's ``${{ }}`` evaluated (``None``: nothing there)."""
    if node is None:
        return None
    if is_mapping(node):
        return {name: compile_value(value, parameters) for name, value in fields(node).items()}
    if is_sequence(node):
        return [compile_value(item, parameters) for item in sequence(node)]
    text = scalar(node)
    return None if text is None else compile_time(text, parameters)


def compile_time(text: str, parameters: Mapping[str, object]) -> object:
    """A string's ``${{ }}`` evaluated with ``parameters`` (a whole-string expression keeps
    its value's type); :class:`~._expr.Unknown` with the names of what is not known."""
    if "${{" not in text:
        return text
    from ._azure import _expressions
    from ._expr import AZURE_FUNCTIONS, ExpressionError, Partial, Unknown, evaluate, expression_end

    known = {"parameters": Partial(parameters)}
    stripped = text.strip()
    if stripped.startswith("${{") and expression_end(stripped, 3, "}}") == len(stripped) - 2:
        expression = stripped[3:-2].strip()
        try:
            return evaluate(
                expression, known, allowed=_COMPILE_TIME, functions=AZURE_FUNCTIONS
            ).value
        except (ExpressionError, RecursionError):
            return Unknown((expression,))
    resolved = _expressions(text, "${{", "}}", known, _COMPILE_TIME)
    return Unknown(resolved.unresolved) if resolved.unresolved else resolved.text

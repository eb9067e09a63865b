"""GitLab CI: a pipeline read as GitLab builds it, then each job's images as the runner pulls them.

The configuration (:class:`Pipeline`):

1. ``include:`` of files in the repository (``local:``, or a path string;
   ``*`` and ``**`` wildcards as GitLab matches them) is read, relative to the
   repository root (the directory of the main file, or ``root``); a file's own
   keys win over what it includes, a later include over an earlier one (a deep
   merge of mappings, GitLab's ``deep_merge``); each file once. ``inputs:`` of
   an include, and ``spec:inputs`` defaults, fill ``$[[ inputs.x ]]`` (its functions
   too, see ``._gitlab_inputs``). A component or a ``project:`` file of this project is
   one of its files (``._gitlab_inputs``); remote, template and other projects'
   includes are not read.
2. ``!reference [job, key, …]`` is resolved against that configuration.
3. ``extends:`` merges a job's parents (in order, the job last), up to 11 levels.

Then each job that runs (not hidden) pulls its ``image`` and ``services`` (its
own, else those of ``default:`` or the deprecated top-level keys, unless
``inherit: default`` says otherwise), with its variables: the global
``variables:`` (as ``inherit: variables`` allows), its own, and one
``parallel: matrix`` combination at a time. Variables are expanded as GitLab
does before the job starts (variables in variables, ``$NAME``, ``${NAME}`` and
``%NAME%``, a cycle leaving them as written; ``expand: false`` values raw),
then as the runner does (Go's ``os.Expand`` over the variables, then over the
image: ``$$`` is ``$``). A name the files give no value (``CI_REGISTRY_IMAGE``,
a project variable) stays as written, in ``unresolved``.

An image that no running job pulls (in a hidden template, or a ``default:`` every
job overrides) is still reported, with the variables of its own place.
Conditional values (``rules:variables``, ``workflow:rules:variables``) are not
applied.
"""

from __future__ import annotations

import os

from ...occurrence import SourceError
from .._yaml import items, load_yaml, scalar
from ._gitlab_inputs import interpolated
from ._scanner import (
    Resolved,
    TextBuilder,
    fields,
    is_custom,
    is_mapping,
    is_null,
)
from ._vars import gitlab_expand, gitlab_references, go_expand

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import TypeAlias

    import yaml

    from ._scanner import Resolutions, Scanner

    Tree: TypeAlias = "dict[str, Tree] | yaml.Node"
    #: A file's inputs by name (``None``: given a value only a run knows).
    Inputs: TypeAlias = dict[str, str | None]

__all__ = ["MAX_INCLUDES", "MAX_MATRIX", "NOT_JOBS", "Pipeline", "gitlab"]

#: GitLab's top-level keys that are never jobs (``Entry::Root``; ``types`` is
#: the old name of ``stages``).
NOT_JOBS = frozenset(
    {
        "default",
        "include",
        "before_script",
        "image",
        "services",
        "after_script",
        "variables",
        "stages",
        "types",
        "cache",
        "workflow",
    }
)

#: GitLab's limits: files included in all, jobs one ``parallel: matrix`` makes.
MAX_INCLUDES = 150
MAX_MATRIX = 200
_MAX_INCLUDE_DEPTH = 100
_MAX_EXTENDS_DEPTH = 11
_MAX_REFERENCE_DEPTH = 10
_MAX_TREE_DEPTH = 40
_MAX_MERGE_STEPS = 1_000_000
_MAX_WALKED_FILES = 100_000

_REFERENCE = "!reference"
_INT = "tag:yaml.org,2002:int"
_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"


class _TooMuch(Exception):
    pass


# --- the configuration ---------------------------------------------------------------


class Pipeline:
    """The merged configuration of a pipeline: includes read, ``!reference`` resolvable."""

    def __init__(self, scanner: Scanner, root: str | None, max_bytes: int) -> None:
        self.scanner = scanner
        self.root = root
        self.max_bytes = max_bytes
        #: Every file read through ``include``, by its path (as joined to ``root``).
        self.included: dict[str, None] = {}
        self._read: set[tuple[str, tuple[tuple[str, str | None], ...]]] = set()
        self._inputs: dict[int, Inputs] = {}
        self._own: tuple[str, ...] | None = None  # (the project paths this checkout is of)
        self._trees: dict[int, Tree] = {}
        self._nodes: dict[int, yaml.Node] = {}  # the node of each tree made from one
        self._keep: list[object] = []  # the documents of every file, so node ids stay theirs
        self._steps = 0
        self._listing: list[str] | None = None
        self.config: dict[str, Tree] = {}
        #: Whether some of the configuration is in files not read (another project's,
        #: a template, a component, a remote file): what it defines is not known here.
        self.partial = False
        #: The includes not read: (the node that names one, what it is: ``project X``).
        self.unread: list[tuple[yaml.Node | None, str]] = []

    # --- trees ----------------------------------------------------------------------

    def tree(self, node: yaml.Node, depth: int = 0) -> Tree:
        """A mapping as a dict of trees (merge keys resolved); anything else its node."""
        if not is_mapping(node) or depth > _MAX_TREE_DEPTH:
            return node
        cached = self._trees.get(id(node))
        if cached is not None:
            return cached
        result: dict[str, Tree] = {}
        self._trees[id(node)] = result  # (a merge cycle sees what is built so far)
        self._nodes[id(result)] = node
        for key, value, key_node in items(node):
            if "$[[" in key:  # (a job's name may be an input's: ``"$[[ inputs.job-name ]]":``)
                key = self.text(key_node).text
            result[key] = self.tree(value, depth + 1)
        return result

    def node_of(self, value: Tree) -> yaml.Node | None:
        """The node a value was read from (None for mappings merged from several)."""
        if isinstance(value, dict):
            return self._nodes.get(id(value))
        return value

    def merge(self, base: Tree, over: Tree) -> Tree:
        """GitLab's ``deep_merge``: mappings merged key by key, anything else replaced."""
        if not (isinstance(base, dict) and isinstance(over, dict)):
            return over
        self._steps += len(over)
        if self._steps > _MAX_MERGE_STEPS:
            raise _TooMuch
        merged = dict(base)
        for key, value in over.items():
            merged[key] = self.merge(base[key], value) if key in base else value
        return merged

    # --- files ----------------------------------------------------------------------

    def load(self, documents: list[yaml.Node]) -> None:
        """Build :attr:`config` from the main file's documents and everything they include."""
        try:
            tree = self._file_tree(documents, None, {})
            self.config = self._assembled(tree, 0)
        except _TooMuch:
            self.scanner.error(None, "the configuration merges too much to read")
            self.config = {}
        self.config.pop("include", None)

    def _file_tree(
        self, documents: list[yaml.Node], path: str | None, given: Inputs
    ) -> dict[str, Tree]:
        if len(documents) > 1 and "spec" in fields(documents[0]):
            header, documents = documents[0], documents[1:]  # a header: inputs, no jobs
        else:
            header = None
        inputs: Inputs = {}
        for name, definition in fields(fields(fields(header).get("spec")).get("inputs")).items():
            default = scalar(fields(definition).get("default"))
            if default is not None:
                inputs[name] = default
        inputs.update(given)
        self._register(documents, path, inputs)
        merged: Tree = {}
        for document in documents:
            tree = self.tree(document)
            if isinstance(tree, dict):
                merged = self.merge(merged, tree)
            else:
                self.scanner.wrong(document, "the document", "a mapping")
        return merged if isinstance(merged, dict) else {}

    def _register(self, documents: list[yaml.Node], path: str | None, inputs: Inputs) -> None:
        """Note which file (and which inputs) each node of a file comes from."""
        import yaml

        self._keep.append(documents)
        if (path is None or path == self.scanner.path) and not inputs:
            return  # the main file's nodes are the scan's own
        stack: list[yaml.Node] = list(documents)
        seen: set[int] = set()
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if path is not None and path != self.scanner.path:
                self.scanner.paths[id(node)] = path
            if inputs:
                self._inputs[id(node)] = inputs
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    stack.append(key)
                    stack.append(value)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)

    def _assembled(self, tree: dict[str, Tree], depth: int) -> dict[str, Tree]:
        """A file's tree over what it includes (included files first, in order)."""
        include = tree.get("include")
        if include is None:
            return tree
        base: Tree = {}
        for location, given, where in self._includes(include):
            if depth >= _MAX_INCLUDE_DEPTH:
                self.scanner.error(where, f"Maximum of {_MAX_INCLUDE_DEPTH} nested includes")
                break
            for found in self._locations(location, where):
                key = (found, tuple(sorted(given.items())))
                if key in self._read:
                    continue  # each file once (with the same inputs)
                if len(self._read) >= MAX_INCLUDES:
                    self.scanner.error(
                        where, f"Maximum of {MAX_INCLUDES} nested includes are allowed!"
                    )
                    return self.merge(base, tree)  # type: ignore[return-value]
                self._read.add(key)
                included = self._read_file(found, given, where)
                if included is not None:
                    base = self.merge(base, self._assembled(included, depth + 1))
        own = {key: value for key, value in tree.items() if key != "include"}
        merged = self.merge(base, own)
        return merged if isinstance(merged, dict) else own

    def _includes(self, include: Tree) -> Iterator[tuple[str, Inputs, yaml.Node | None]]:
        """(local location, inputs, node) of each ``include`` entry that names a file of the
        repository (``local:``, or this project's component or ``project:`` file)."""
        import yaml

        entries: list[Tree]
        if isinstance(include, dict):
            entries = [include]
        elif isinstance(include, yaml.SequenceNode) and not is_custom(include):
            entries = [self.tree(item) for item in include.value]
        else:
            entries = [include]
        for entry in entries:
            if isinstance(entry, dict):
                local = entry.get("local")
                location = self._location(local)
                if location is None:
                    own = self._own_files(entry)
                    if own is None:
                        self.partial = True  # remote, template, another project's: not read
                        self._unread(entry)
                        continue
                    given = self._given(entry)
                    for location, where in own:
                        yield location, given, where
                    continue
                given = self._given(entry)
                yield location, given, local if not isinstance(local, dict) else None
            else:
                location = self._location(entry)
                if location is not None and "://" not in location:
                    yield location, {}, entry
                else:
                    self.partial = True
                    if location is not None and isinstance(entry, yaml.Node):
                        self.unread.append((entry, f"remote {location}"))

    def _given(self, entry: dict[str, Tree]) -> Inputs:
        """The ``inputs:`` an include passes (``None``: a value only a run knows, such as
        an input of the includer that has none here)."""
        import yaml

        given: Inputs = {}
        raw_inputs = entry.get("inputs")
        if isinstance(raw_inputs, dict):
            for name, value in raw_inputs.items():
                if not isinstance(value, yaml.ScalarNode) or is_custom(value):
                    given[name] = None  # (an array, a mapping: no image's text)
                    continue
                text = self.text(value) if value.tag == _STR else None
                given[name] = (
                    scalar(value) if text is None else None if text.unresolved else text.text
                )
        return given

    def _own_files(self, entry: dict[str, Tree]) -> list[tuple[str, yaml.Node]] | None:
        """The repository's files an include of this project's component or ``project:``
        files reads (with the node that names each), ``None`` for another project's."""
        import yaml

        from ._gitlab_inputs import component_files, own_project, project_paths

        if self.root is None:
            return None
        if self._own is None:
            self._own = project_paths(self.root)
        component, project = entry.get("component"), entry.get("project")
        if isinstance(component, yaml.ScalarNode) and not is_custom(component):
            written = self.text(component)
            candidates = None if written.unresolved else component_files(written.text, self._own)
            for candidate in candidates or ():
                if os.path.isfile(os.path.join(self.root, candidate)):
                    return [(candidate, component)]
            return None
        if not isinstance(project, yaml.ScalarNode) or is_custom(project):
            return None
        written = self.text(project)
        if written.unresolved or not own_project(written.text, self._own):
            return None
        files = entry.get("file")
        listed = files.value if isinstance(files, yaml.SequenceNode) else [files]
        found: list[tuple[str, yaml.Node]] = []
        for node in listed:
            location = self._location(node)
            if location is None or "$" in location or "*" in location:
                return None  # (a file only a run names: the include is not known here)
            assert isinstance(node, yaml.ScalarNode)  # (as _location found it)
            found.append((location, node))
        return found or None

    def _unread(self, entry: dict[str, Tree]) -> None:
        """Remember an include of another place (``project``, ``component``, …)."""
        import yaml

        for key in ("project", "component", "remote", "template"):
            node = entry.get(key)
            if isinstance(node, yaml.ScalarNode):
                self.unread.append((node, f"{key} {node.value}"))
                return

    def _location(self, node: Tree | None) -> str | None:
        """A local include's path (its file's inputs put in), if the file says it."""
        import yaml

        if not isinstance(node, yaml.ScalarNode) or is_custom(node) or is_null(node):
            return None
        location = self.text(node)
        return None if location.unresolved else location.text

    def _locations(self, location: str, where: yaml.Node | None) -> list[str]:
        """The repository paths a local include names (wildcards matched as GitLab does)."""
        location = location.lstrip("/")
        if "$" in location or not location:
            self.partial = True
            return []  # a variable only GitLab knows
        if "*" not in location:
            return [location]
        import re

        pattern = re.escape(location).replace(r"\*\*", ".*?").replace(r"\*", "[^/]*?")
        matcher = re.compile(f"^{pattern}$")
        return [path for path in self._listing_of_root() if matcher.match(path)]

    def _listing_of_root(self) -> list[str]:
        if self._listing is None:
            listing: list[str] = []
            if self.root is not None:
                # (the root of ``tagsense check .`` is "": the working directory, which
                # os.walk("") would not list; Blockstream/esplora's include: "gitlab/**.yml")
                top = self.root or os.curdir
                for directory, subdirectories, files in os.walk(top):
                    subdirectories[:] = sorted(d for d in subdirectories if d != ".git")
                    relative = os.path.relpath(directory, top)
                    for name in sorted(files):
                        path = (
                            name if relative == "." else f"{relative}/{name}".replace(os.sep, "/")
                        )
                        listing.append(path)
                    if len(listing) > _MAX_WALKED_FILES:
                        break
            self._listing = sorted(listing)
        return self._listing

    def _read_file(
        self, location: str, given: Inputs, where: yaml.Node | None
    ) -> dict[str, Tree] | None:
        if self.root is None:
            self.partial = True
            return None  # text without a file: there is no repository to read
        normalized = os.path.normpath(location)
        if normalized.startswith(("..", "/")) or os.path.isabs(normalized):
            self.scanner.error(where, f"Local file `{location}` does not exist!")
            return None
        full = os.path.join(self.root, normalized)
        try:
            with open(full, "rb") as handle:
                data = handle.read(self.max_bytes + 1)
        except OSError:
            self.scanner.error(where, f"Local file `{location}` does not exist!")
            return None
        if not data.strip():
            self.scanner.error(where, f"Local file `{location}` is empty!")
            return None
        self.included[full] = None
        loaded = load_yaml(data, path=full, max_bytes=self.max_bytes)
        # (an included file is loaded as the pipeline's own, by Ruby's Psych: a key written
        # twice is the last one, without a word; mesa's src/broadcom/ci/gitlab-ci.yml)
        self.scanner.errors.extend(_noted_duplicates(loaded.errors))
        self.scanner.suppressions.extend(loaded.suppressions)
        return self._file_tree(loaded.documents, full, given)

    # --- reading the configuration ----------------------------------------------------

    def deref(self, value: Tree | None, where: str, depth: int = 0) -> Tree | None:
        """The value, with a ``!reference [job, key, …]`` replaced by what it names."""
        import yaml

        if not isinstance(value, yaml.SequenceNode) or value.tag != _REFERENCE:
            return value
        path = [scalar(item) for item in value.value]
        if not path or any(part is None for part in path):
            self.scanner.error(value, f"{where}: !reference must be a list of keys")
            return None
        if depth >= _MAX_REFERENCE_DEPTH:
            self.scanner.error(value, f"{where}: !reference nested too deep")
            return None
        found: Tree | None = self.config
        for part in path:
            found = found.get(str(part)) if isinstance(found, dict) else None
        if found is None:
            if not self.partial:  # (else it may be in a file not read)
                names = ", ".join(str(part) for part in path)
                self.scanner.error(value, f"{where}: !reference [{names}] could not be found")
            return None
        return self.deref(found, where, depth + 1)

    def text(self, node: yaml.Node) -> Resolved:
        """A scalar's text with ``$[[ inputs.x ]]`` of its file put in."""
        value: str = node.value
        if "$[[" not in value:
            return Resolved(value)
        import re

        inputs = self._inputs.get(id(node), {})
        builder = TextBuilder("expression")
        index = 0
        for match in re.finditer(r"\$\[\[(.*?)\]\]", value):
            builder.literal(value[index : match.start()])
            found = interpolated(match.group(1), inputs)
            if found is not None:
                builder.literal(found)
            else:
                name = match.group(1).split("|")[0].strip().removeprefix("inputs.")
                builder.unknown(match.group(0), (f"inputs.{name}",))
            index = match.end()
        builder.literal(value[index:])
        return builder.result()


# --- variables -----------------------------------------------------------------------


class _Var:
    __slots__ = ("raw", "value")

    def __init__(self, value: str, raw: bool) -> None:
        self.value = value
        self.raw = raw


#: The tags of GitLab's hosted macOS and Windows runners, where ``image`` names a VM image.
_HOSTED_VM_TAGS = ("saas-macos-", "saas-windows-")


def _on_hosted_vm(job: dict[str, Tree]) -> bool:
    """Whether a job runs on a GitLab-hosted macOS or Windows VM (its ``tags`` say so)."""
    import yaml

    tags = job.get("tags")
    if not isinstance(tags, yaml.SequenceNode):
        return False
    return any(
        isinstance(tag, yaml.ScalarNode) and str(tag.value).startswith(_HOSTED_VM_TAGS)
        for tag in tags.value
    )


def _yaml_int(node: yaml.ScalarNode) -> str | None:
    """An integer scalar as Ruby prints it (GitLab calls ``to_s``), else None."""
    import yaml

    try:
        number = yaml.constructor.SafeConstructor().construct_yaml_int(node)
    except (ValueError, yaml.YAMLError):
        return None
    return str(number) if isinstance(number, int) else None


def _variables(pipeline: Pipeline, tree: Tree | None, where: str) -> dict[str, _Var]:
    """The variables a ``variables:`` mapping defines (GitLab's types: strings and integers)."""
    import yaml

    tree = pipeline.deref(tree, f"{where}variables")
    found: dict[str, _Var] = {}
    if not isinstance(tree, dict):
        return found
    for name, written in tree.items():
        definition = pipeline.deref(written, f"{where}variables.{name}")
        raw = False
        if isinstance(definition, dict):
            expand = definition.get("expand")
            raw = isinstance(expand, yaml.ScalarNode) and expand.value.lower() in ("false", "no")
            definition = pipeline.deref(definition.get("value"), f"{where}variables.{name}.value")
            if definition is None:
                continue  # ``{description: …}`` alone: a value only the run form gives
        if not isinstance(definition, yaml.ScalarNode):
            continue
        if definition.tag == _NULL and not getattr(definition, "style", None):
            # GitLab makes a null entry an unspecified one, which it does not validate
            # (Gitlab::Config::Entry::Factory): GNOME/mutter's `BASE_MESON_OPTIONS:` with no
            # value runs. No value is known here.
            continue
        text: str | None
        if definition.tag == _INT and not getattr(definition, "style", None):
            text = _yaml_int(definition)
        elif definition.tag == _STR or getattr(definition, "style", None):
            resolved = pipeline.text(definition)
            text = None if resolved.unresolved else resolved.text
            if text is None:
                continue  # an input only the includer knows: the variable has no value here
        else:
            text = _scalar_text(definition)
            if text is not None and text != definition.value:
                pipeline.scanner.error(
                    definition,
                    f"{where}variables:{name}: GitLab reads {definition.value!r} as the "
                    f"{_type_name(definition)} {text}; quote it for the text as written",
                    note=True,
                )
        if text is None:
            pipeline.scanner.error(
                definition,
                f"{where}variables:{name}: variable definition must be a scalar or a hash "
                f"(GitLab reads {definition.value!r} as {_type_name(definition)})",
            )
            continue
        found[name] = _Var(text, raw)
    return found


def _scalar_text(node: yaml.ScalarNode) -> str | None:
    """The text GitLab gives a variable written as a YAML float or boolean: it takes any
    scalar (Gitlab::Config::Entry::Validators::ScalarValidator) and passes it on as Ruby
    prints it: ``3.10`` is the float 3.1, ``yes`` is true."""
    import yaml

    try:
        value = yaml.constructor.SafeConstructor().construct_object(node)
    except (ValueError, yaml.YAMLError):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value == value and abs(value) < 1e16:
        return repr(value)  # (as Ruby's Float#to_s for these: shortest, with a .0)
    return None


def _type_name(node: yaml.ScalarNode) -> str:
    tag: str = node.tag or ""
    return {"tag:yaml.org,2002:float": "float", _BOOL: "boolean"}.get(tag, "a value")


def _closure(names: list[str], graph: dict[str, list[str]]) -> set[str]:
    found: set[str] = set()
    stack = list(names)
    while stack:
        name = stack.pop()
        if name in found:
            continue
        found.add(name)
        stack.extend(graph.get(name, ()))
    return found


def _has_cycle(graph: dict[str, list[str]]) -> bool:
    """Whether names refer to each other in a cycle (a name referring to itself is none)."""
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    for start in graph:
        if state.get(start):
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        state[start] = 1
        while stack:
            name, index = stack[-1]
            children = [c for c in graph.get(name, ()) if c != name and c in graph]
            if index < len(children):
                stack[-1] = (name, index + 1)
                child = children[index]
                if state.get(child) == 1:
                    return True
                if not state.get(child):
                    state[child] = 1
                    stack.append((child, 0))
            else:
                state[name] = 2
                stack.pop()
    return False


def _gitlab_side(variables: dict[str, _Var], names: list[str]) -> dict[str, str]:
    """GitLab's ``sort_and_expand_all(keep_undefined: true)`` (variables in variables), for
    ``names`` and what they refer to."""
    graph = {
        name: gitlab_references(var.value) if not var.raw else [] for name, var in variables.items()
    }
    if _has_cycle(graph):
        # GitLab expands nothing when variables refer to each other in a cycle.
        return {name: var.value for name, var in variables.items()}
    done: dict[str, str] = {}
    for start in names:
        stack: list[tuple[str, int]] = [(start, 0)]
        while stack:
            name, index = stack[-1]
            if name in done:
                stack.pop()
                continue
            children = [c for c in graph[name] if c in graph and c != name and c not in done]
            if index < len(children):
                stack[-1] = (name, index + 1)
                stack.append((children[index], 0))
                continue
            stack.pop()
            var = variables[name]
            done[name] = var.value if var.raw else gitlab_expand(var.value, done)
    return done


def _runner_value(name: str) -> Resolved | None:
    """What the runner gives for a name no file defines: ``$`` for ``$$``, the shell's
    special names nothing; anything else is the runner's (predefined, project) to fill."""
    if name == "$":
        return Resolved("$")
    if len(name) == 1 and name in "*#@!?-0123456789":
        return Resolved("")
    return None


class _Environment:
    """A job's variables as the runner has them, and how an image text expands with them.

    Only the variables an image needs are expanded (a pipeline of a hundred jobs and
    variables would otherwise expand each for each job).
    """

    def __init__(self, variables: dict[str, _Var]) -> None:
        self.variables = variables
        self.graph = {name: gitlab_references(var.value) for name, var in variables.items()}
        self._gitlab: dict[str, str] | None = None
        self._values: dict[str, Resolved] = {}

    def _first(self, name: str) -> Resolved | None:
        """A variable after GitLab's expansion (what the runner receives)."""
        if self._gitlab is None:
            self._gitlab = _gitlab_side(self.variables, list(self.variables))
        value = self._gitlab.get(name)
        return Resolved(value) if value is not None else _runner_value(name)

    def lookup(self, name: str) -> Resolved | None:
        """A variable as the runner has it: expanded once more (``Variables.Expand``)."""
        value = self._values.get(name)
        if value is None:
            var = self.variables.get(name)
            if var is None:
                return _runner_value(name)
            first = self._first(name)
            assert first is not None
            value = Resolved(var.value) if var.raw else go_expand(first.text, self._first)
            self._values[name] = value
        return value

    def expand(self, text: Resolved) -> Resolved:
        result = go_expand(text.text, self.lookup)
        if not text.unresolved:
            return result
        names = tuple(dict.fromkeys((*text.unresolved, *result.unresolved)))
        known = text.known if result.known is None else min(result.known, text.known or 0)
        return Resolved(result.text, names, "expression", known, result.used)

    def depends_on(self, text: str) -> set[str]:
        direct = [name for name in gitlab_references(text) if name in self.variables]
        return _closure(direct, self.graph)


# --- jobs ----------------------------------------------------------------------------


class _Reader:
    def __init__(self, scanner: Scanner, pipeline: Pipeline) -> None:
        self.scanner = scanner
        self.pipeline = pipeline
        config = pipeline.config
        self.jobs: dict[str, dict[str, Tree]] = {
            name: tree
            for name, tree in config.items()
            if name not in NOT_JOBS and isinstance(tree, dict)
        }
        self.global_vars = _variables(pipeline, config.get("variables"), "")
        default = pipeline.deref(config.get("default"), "default")
        self.default: dict[str, Tree] = default if isinstance(default, dict) else {}
        self.effective: dict[str, dict[str, Tree]] = {}
        self.owners: dict[int, dict[str, object]] = {}
        self.reached: set[int] = set()
        #: Jobs with the same variables share their expansions.
        self.cache: dict[tuple[tuple[str, str, bool], ...], _Environment] = {}

    # --- where a node is written -----------------------------------------------------

    def register_owners(self) -> None:
        """The place each image node is written (the context of its occurrences)."""
        config = self.pipeline.config
        places: list[tuple[Tree | None, Tree | None, dict[str, object]]] = [
            (config.get("image"), config.get("services"), {"section": "global"}),
            (self.default.get("image"), self.default.get("services"), {"section": "default"}),
        ]
        for name, tree in self.jobs.items():
            context: dict[str, object] = {"job": name}
            if name.startswith("."):
                context["hidden"] = True
            places.append((tree.get("image"), tree.get("services"), context))
        for image, services, context in places:
            for node, field in self._image_nodes(image, services, "", report=False):
                self.owners.setdefault(id(node), {**context, "field": field})

    def _image_nodes(
        self, image: Tree | None, services: Tree | None, where: str, *, report: bool = True
    ) -> Iterator[tuple[yaml.Node, str]]:
        """(node of the image text, field) of an ``image`` and a ``services`` value.

        With ``report``, ``!reference`` is followed and wrong types are errors;
        without, only what is written in place is read.
        """
        import yaml

        def deref(value: Tree | None, at: str) -> Tree | None:
            return self.pipeline.deref(value, at) if report else value

        image = deref(image, f"{where}image")
        if isinstance(image, dict):
            name = deref(image.get("name"), f"{where}image.name")
            if self._is_text(name, f"{where}image.name", "a string", report):
                yield name, "image"  # type: ignore[misc]
        elif self._is_text(image, f"{where}image", "an image or a mapping with 'name'", report):
            yield image, "image"  # type: ignore[misc]
        services = deref(services, f"{where}services")
        if services is None:
            return
        if not isinstance(services, yaml.SequenceNode) or is_custom(services):
            self._is_text(services, f"{where}services", "a list", report, text=False)
            return
        index = -1
        for written in services.value:
            item = deref(written, f"{where}services")
            referenced = isinstance(written, yaml.Node) and written.tag == _REFERENCE
            listed = item.value if referenced and isinstance(item, yaml.SequenceNode) else [item]
            for entry in listed:
                index += 1
                at = f"{where}services[{index}]"
                if isinstance(entry, yaml.MappingNode) and not is_custom(entry):
                    entry = self.pipeline.tree(entry)
                if isinstance(entry, dict):
                    name = deref(entry.get("name"), f"{at}.name")
                    if self._is_text(name, f"{at}.name", "a string", report):
                        yield name, "services"  # type: ignore[misc]
                elif self._is_text(entry, at, "an image or a mapping with 'name'", report):
                    yield entry, "services"  # type: ignore[misc]

    def _is_text(
        self, value: Tree | None, where: str, expected: str, report: bool, *, text: bool = True
    ) -> bool:
        """Whether ``value`` is a scalar to read (null and tagged values are silently none)."""
        import yaml

        if value is None:
            return False
        node = self.pipeline.node_of(value)
        if node is not None and (is_null(node) or is_custom(node)):
            return False
        if text and isinstance(value, yaml.ScalarNode):
            return True
        if report and node is not None:
            self.scanner.wrong(node, where, expected)
        return False

    # --- extends ---------------------------------------------------------------------

    def job(self, name: str) -> dict[str, Tree]:
        """A job with what it ``extends`` merged in."""
        cached = self.effective.get(name)
        if cached is not None:
            return cached
        result = self._extended(name, ())
        self.effective[name] = result
        return result

    def _extended(self, name: str, chain: tuple[str, ...]) -> dict[str, Tree]:
        import yaml

        own = self.jobs.get(name, {})
        extends = self.pipeline.deref(own.get("extends"), f"{name}.extends")
        if extends is None:
            return own
        # (a parent's name may be an input's: ``extends: ".$[[ inputs.job-name ]] common"``)
        if isinstance(extends, yaml.ScalarNode):
            parents = [self.pipeline.text(extends).text]
        elif isinstance(extends, yaml.SequenceNode):
            parents = [
                self.pipeline.text(item).text
                for item in extends.value
                if isinstance(item, yaml.ScalarNode) and scalar(item) is not None
            ]
        else:
            return own
        base: Tree = {}
        for parent in parents:
            if parent in chain or parent == name:
                self.scanner.error(extends, f"{name}: circular dependency detected in `extends`")
                continue
            if len(chain) >= _MAX_EXTENDS_DEPTH:
                self.scanner.error(extends, f"{name}: nesting too deep in `extends`")
                continue
            if parent not in self.jobs:
                if not self.pipeline.partial:  # (else it may be in a file not read)
                    self.scanner.error(extends, f"{name}: unknown keys in `extends` ({parent})")
                continue
            base = self.pipeline.merge(base, self._extended(parent, (*chain, name)))
        merged = self.pipeline.merge(base, {k: v for k, v in own.items() if k != "extends"})
        return merged if isinstance(merged, dict) else own

    # --- a job's variables -----------------------------------------------------------

    def inherits(self, job: dict[str, Tree], what: str, key: str | None) -> bool:
        """Whether ``inherit:<what>`` lets a job take ``key`` (a name; None: any)."""
        import yaml

        inherit = self.pipeline.deref(job.get("inherit"), "inherit")
        setting = inherit.get(what) if isinstance(inherit, dict) else None
        if isinstance(setting, yaml.ScalarNode):
            return setting.value.lower() not in ("false", "no", "off")
        if isinstance(setting, yaml.SequenceNode):
            listed = {scalar(item) for item in setting.value}
            return key is None or key in listed
        return True

    def environments(
        self, name: str, job: dict[str, Tree]
    ) -> list[tuple[_Environment, dict[str, str]]]:
        """The job's variables, once per ``parallel: matrix`` combination (its values too)."""
        variables: dict[str, _Var] = {}
        for var_name, var in self.global_vars.items():
            if self.inherits(job, "variables", var_name):
                variables[var_name] = var
        variables.update(_variables(self.pipeline, job.get("variables"), f"{name}:"))
        combinations = self.matrix(name, job)
        found = []
        for combination in combinations:
            merged = dict(variables)
            merged.update({k: _Var(v, False) for k, v in combination.items()})
            key = tuple((k, var.value, var.raw) for k, var in merged.items())
            environment = self.cache.get(key)
            if environment is None:
                environment = self.cache[key] = _Environment(merged)
            found.append((environment, combination))
        return found

    def matrix(self, name: str, job: dict[str, Tree]) -> list[dict[str, str]]:
        import yaml

        parallel = self.pipeline.deref(job.get("parallel"), f"{name}.parallel")
        if not isinstance(parallel, dict):
            return [{}]
        matrix = self.pipeline.deref(parallel.get("matrix"), f"{name}.parallel.matrix")
        if not isinstance(matrix, yaml.SequenceNode) or is_custom(matrix):
            return [{}]
        combinations: list[dict[str, str]] = []
        for entry_node in matrix.value:
            entry = self.pipeline.tree(entry_node)
            if not isinstance(entry, dict):
                continue
            rows: list[dict[str, str]] = [{}]
            for key, written in entry.items():
                value = self.pipeline.deref(written, f"{name}.parallel.matrix")
                if isinstance(value, yaml.SequenceNode):
                    options = [_matrix_text(item) for item in value.value]
                elif isinstance(value, yaml.ScalarNode):
                    options = [_matrix_text(value)]
                else:
                    options = []
                if not options or any(option is None for option in options):
                    continue
                if len(rows) * len(options) + len(combinations) > MAX_MATRIX:
                    self.scanner.error(
                        matrix, f"{name}: parallel:matrix makes more than {MAX_MATRIX} jobs"
                    )
                    return [{}]
                rows = [{**row, key: str(option)} for row in rows for option in options]
            combinations.extend(row for row in rows if row)
        return combinations or [{}]

    # --- images ----------------------------------------------------------------------

    def read(self) -> None:
        self.register_owners()
        config = self.pipeline.config
        default_image = self.default.get("image", config.get("image"))
        default_services = self.default.get("services", config.get("services"))
        hidden: list[str] = []
        imageless: list[str] = []  # (running jobs whose image is not known here)
        for name in self.jobs:
            if name.startswith("."):
                hidden.append(name)
                continue
            job = self.job(name)
            if "trigger" in job:
                continue  # a trigger job starts a pipeline, not a container
            image = job.get("image")
            # (an image template of ci-templates sets the job's image, over the default's)
            templated = image is None and self._ci_templates()
            templated = templated and not _on_hosted_vm(job) and self._template_image(name, job)
            if image is None and not templated and self.inherits(job, "default", "image"):
                image = default_image
            if _on_hosted_vm(job):
                image = None  # a VM image (macos-15-xcode-16), not a container's
            services = job.get("services")
            if services is None and self.inherits(job, "default", "services"):
                services = default_services
            if image is None and self.pipeline.unread and not templated:
                imageless.append(name)
            self.emit(name, job, image, services, reached=True)
            if self._ci_templates():
                self._container_build_base(name, job)
        if imageless:
            self._note_unread(imageless)
        # Images no running job pulls: with the variables of where they are written.
        self.emit("default", {}, default_image, default_services, reached=False)
        for name in hidden:
            job = self.job(name)
            # (a template for GitLab's hosted macOS VMs names a VM image: OpenMW's `.MacOS`)
            image = None if _on_hosted_vm(job) else job.get("image")
            self.emit(name, job, image, job.get("services"), reached=False)

    def _ci_templates(self) -> bool:
        """Whether the pipeline includes freedesktop's ci-templates (see ``._gitlab_fdo``)."""
        from ._gitlab_fdo import includes_ci_templates

        return includes_ci_templates(what for _, what in self.pipeline.unread)

    def _unread_templates(
        self, name: str, chain: tuple[str, ...] = ()
    ) -> Iterator[tuple[str, yaml.ScalarNode]]:
        """The templates a job ``extends`` (itself or through its parents) that no file read
        defines, each with the node that names it."""
        import yaml

        if name in chain or len(chain) >= _MAX_EXTENDS_DEPTH:
            return
        extends = self.pipeline.deref(self.jobs.get(name, {}).get("extends"), f"{name}.extends")
        written = [extends] if isinstance(extends, yaml.ScalarNode) else []
        if isinstance(extends, yaml.SequenceNode):
            written = [item for item in extends.value if isinstance(item, yaml.ScalarNode)]
        for node in written:
            parent = self.pipeline.text(node).text
            if parent in self.jobs:
                yield from self._unread_templates(parent, (*chain, name))
            else:
                yield parent, node

    def _variable_node(self, job: dict[str, Tree], variable: str) -> yaml.ScalarNode | None:
        """Where a job's variable (its own, else the pipeline's) is written, if it is."""
        import yaml

        for tree, where in ((job.get("variables"), "variables"),
                            (self.pipeline.config.get("variables"), "variables")):  # fmt: skip
            found = self.pipeline.deref(tree, where)
            value = found.get(variable) if isinstance(found, dict) else None
            value = self.pipeline.deref(value, f"{where}.{variable}")
            if isinstance(value, dict):  # (``{value: …, description: …}``)
                value = self.pipeline.deref(value.get("value"), f"{where}.{variable}.value")
            if isinstance(value, yaml.ScalarNode) and not is_null(value):
                return value
            if not self.inherits(job, "variables", variable):
                break
        return None

    def _container_build_base(self, name: str, job: dict[str, Tree]) -> None:
        """The image a job that extends ci-templates' ``.fdo.container-build@DISTRO`` starts
        its build from (see ``._gitlab_fdo``): ``FDO_BASE_IMAGE``, else the distribution's."""
        from ._gitlab_fdo import BASE_VARIABLE, VERSION_VARIABLE, container_build, default_base

        templates = dict(self._unread_templates(name))
        distribution = container_build(templates)
        if distribution is None:
            return

        def environments() -> list[tuple[_Environment, dict[str, str]]]:
            return self.environments(name, job)

        context: dict[str, object] = {"job": name, "field": BASE_VARIABLE}
        base = self._variable_node(job, BASE_VARIABLE)
        if base is not None:
            where = f"{name}.variables.{BASE_VARIABLE}"
            self.scanner.image(base, where, context, resolve=self._resolver(base, environments))
            return
        default = default_base(distribution)
        if default is None:
            return
        image, version = default
        node = self._variable_node(job, VERSION_VARIABLE)
        if node is not None:
            versions = self._resolver(node, environments)

            def resolve(text: str) -> Resolutions:
                return [(_prefixed(f"{image}:", found), extra) for found, extra in versions(text)]

            where = f"{name}.variables.{VERSION_VARIABLE}"
            self.scanner.image(node, where, context, resolve=resolve)
        elif version is not None:
            # (no version: the distribution's default, said where the template is extended)
            extended = next(n for t, n in templates.items() if container_build([t]))
            whole = Resolved(f"{image}:{version}")
            at = f"{name}.extends"
            self.scanner.image(extended, at, context, resolve=lambda _: [(whole, {})])

    def _template_image(self, name: str, job: dict[str, Tree]) -> bool:
        """Whether a job without an image of its own runs the project's image that a
        ci-templates template it extends names (``.fdo.distribution-image@DISTRO``, see
        ``._gitlab_fdo``), read here at the node that names the template."""
        from ._gitlab_fdo import template_image

        for template, node in self._unread_templates(name):
            written = template_image(template)
            if written is None:
                continue

            def resolve(_: str, written: str = written) -> Resolutions:
                return [(environment.expand(Resolved(written)), {})
                        for environment, _combination in self.environments(name, job)]  # fmt: skip

            context: dict[str, object] = {"job": name, "field": "image", "template": template}
            self.scanner.image(node, f"{name}.extends", context, resolve=resolve)
            return True
        return False

    def _note_unread(self, jobs: list[str]) -> None:
        """One note for the running jobs that have no image here while some includes were
        not read: GNOME/librsvg's jobs take theirs from freedesktop's ci-templates, so
        finding nothing there is no sign that they pull nothing."""
        node, _ = self.pipeline.unread[0]
        places = ", ".join(what for _, what in self.pipeline.unread[:3])
        if len(self.pipeline.unread) > 3:
            places += ", …"
        shown = ", ".join(jobs[:3]) + (f" and {len(jobs) - 3} more" if len(jobs) > 3 else "")
        self.scanner.error(
            node,
            f"{len(jobs)} running {'job has' if len(jobs) == 1 else 'jobs have'} no image in "
            f"the files read here ({shown}); it may come from the includes not read ({places}:"
            f" only local includes are read), whose images are not checked",
            note=True,
        )

    def emit(
        self,
        name: str,
        job: dict[str, Tree],
        image: Tree | None,
        services: Tree | None,
        *,
        reached: bool,
    ) -> None:
        """The images of one job; ``reached=False``: only those no running job pulls."""
        nodes = [
            (node, field)
            for node, field in self._image_nodes(image, services, f"{name}.")
            if reached or id(node) not in self.reached
        ]
        if not nodes:
            return
        environments: list[tuple[_Environment, dict[str, str]]] = []

        def environments_of_the_job() -> list[tuple[_Environment, dict[str, str]]]:
            if not environments:
                environments.extend(self.environments(name, job))
            return environments

        for node, field in nodes:
            if reached:
                self.reached.add(id(node))
            context = dict(self.owners.get(id(node), {"job": name, "field": field}))
            resolve = self._resolver(node, environments_of_the_job)
            self.scanner.image(node, f"{name}.{field}", context, resolve=resolve)

    def _resolver(
        self,
        node: yaml.Node,
        environments: Callable[[], list[tuple[_Environment, dict[str, str]]]],
    ) -> Callable[[str], Resolutions]:
        pipeline = self.pipeline

        def resolve(text: str) -> Resolutions:
            written = pipeline.text(node)
            if "$" not in written.text:
                return [(written, {})]  # (variables only ever follow a $ in an image)
            results: Resolutions = []
            for environment, combination in environments():
                resolved, extra = _through_dependency_proxy(environment.expand(written))
                if combination:
                    used = environment.depends_on(written.text)
                    matrix = {k: v for k, v in combination.items() if k in used}
                    if matrix:
                        extra["matrix"] = matrix
                results.append((resolved, extra))
            return results

        return resolve


#: GitLab's predefined prefixes of its Dependency Proxy, a pull-through cache of Docker Hub
#: (https://docs.gitlab.com/user/packages/dependency_proxy/): ``$PREFIX/alpine:3.23`` is
#: Docker Hub's ``alpine:3.23``, pulled through the group's proxy.
_DEPENDENCY_PROXY = frozenset(
    {"CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX", "CI_DEPENDENCY_PROXY_DIRECT_GROUP_IMAGE_PREFIX"}
)


def _through_dependency_proxy(resolved: Resolved) -> tuple[Resolved, dict[str, object]]:
    """An image named through GitLab's Dependency Proxy as the Docker Hub image it is, the
    prefix in the occurrence's ``mirror_prefix`` context (as a compose file's mirror prefix);
    any other text as it is, with no context."""
    if len(resolved.unresolved) != 1 or resolved.unresolved[0] not in _DEPENDENCY_PROXY:
        return resolved, {}
    name = resolved.unresolved[0]
    for written in (f"${{{name}}}/", f"${name}/"):
        rest = resolved.text.removeprefix(written)
        if rest != resolved.text and "$" not in rest:
            return Resolved(rest, used=resolved.used), {"mirror_prefix": name}
    return resolved, {}


def _prefixed(prefix: str, resolved: Resolved) -> Resolved:
    """A resolved text with a literal text before it."""
    known = None if resolved.known is None else resolved.known + len(prefix)
    return Resolved(
        prefix + resolved.text, resolved.unresolved, resolved.run_time, known, resolved.used
    )


def _matrix_text(node: yaml.Node) -> str | None:
    import yaml

    if not isinstance(node, yaml.ScalarNode) or is_custom(node):
        return None
    if node.tag == _INT and not getattr(node, "style", None):
        return _yaml_int(node)
    if node.tag == _STR or getattr(node, "style", None):
        return str(node.value)
    return None


def gitlab(scanner: Scanner, documents: list[yaml.Node]) -> None:
    pipeline = Pipeline(scanner, scanner.repository, scanner.max_bytes)
    pipeline.load(documents)
    reader = _Reader(scanner, pipeline)
    reader.read()
    _child_pipelines(scanner, reader, {os.path.normpath(scanner.path or "")}, 1)


#: How deep child pipelines nest (GitLab: "you can nest up to two levels of child
#: pipelines" below the parent).
_MAX_CHILD_DEPTH = 2


def _child_pipelines(scanner: Scanner, reader: _Reader, seen: set[str], depth: int) -> None:
    """The pipelines a trigger job starts from a file of the repository, each read as its
    own (``trigger: include: .gitlab/ci/builders.yml``, or ``- local: …``): GitLab's child
    pipelines, whose jobs pull their images as any job does (srsran/srsRAN_Project's
    ``trigger builders`` and ``trigger docker``, survey s42c). Their files are not
    included: the child's configuration is its own. Variables the trigger job forwards are
    not given to the child."""
    for child in child_readers(scanner, reader, seen, depth):
        child.read()


def child_readers(
    scanner: Scanner, reader: _Reader, seen: set[str], depth: int
) -> Iterator[_Reader]:
    """The readers of the child pipelines of ``reader``'s (see :func:`_child_pipelines`),
    each before its own children; ``seen``: the files read so far, which it adds to."""
    if depth > _MAX_CHILD_DEPTH or reader.pipeline.root is None:
        return
    for name in reader.jobs:
        if name.startswith("."):
            continue
        trigger = reader.pipeline.deref(reader.job(name).get("trigger"), name)
        if not isinstance(trigger, dict) or trigger.get("include") is None:
            continue
        for location, given, where in reader.pipeline._includes(trigger["include"]):
            if "*" in location or "$" in location:
                continue  # (GitLab takes no wildcard here; a variable only it knows)
            full = os.path.normpath(os.path.join(reader.pipeline.root, location.lstrip("/")))
            if full in seen:
                continue
            seen.add(full)
            child = Pipeline(scanner, reader.pipeline.root, scanner.max_bytes)
            tree = child._read_file(location.lstrip("/"), given, where)
            if tree is None:
                continue
            try:
                child.config = child._assembled(tree, 0)
            except _TooMuch:
                scanner.error(where, "the configuration merges too much to read")
                continue
            child.config.pop("include", None)
            child_reader = _Reader(scanner, child)
            yield child_reader
            yield from child_readers(scanner, child_reader, seen, depth + 1)


def _noted_duplicates(errors: list[SourceError]) -> list[SourceError]:
    """The errors of a file GitLab loads, a key written twice a note (see ``scan_ci``)."""
    return [
        SourceError(error.path, error.line, error.message, note=True)
        if error.message.startswith("duplicate key")
        else error
        for error in errors
    ]

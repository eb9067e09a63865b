"""docker buildx bake: the targets of ``docker-bake.hcl`` and ``docker-bake.json``, evaluated.

:func:`read_bake` reads a bake file as ``docker buildx bake`` does (the `Bake
file reference <https://docs.docker.com/build/bake/reference/>`_, buildx's
``bake/bake.go`` and ``bake/hclparser``):

* **Files**: HCL (:mod:`._hcl`, HCL's native syntax) or JSON (HCL's JSON
  form: every string is a template). Given one of the names bake reads by
  default (``docker-bake.json``, ``docker-bake.hcl``,
  ``docker-bake.override.json``, ``docker-bake.override.hcl``, in that order),
  all of those in the same directory are read and merged, as ``docker buildx
  bake`` does without ``--file``; :func:`read_bake_files` merges the files it
  is given, in order. Compose files, which bake reads too, are the compose
  reader's. Paths are relative to the directory of the first file (where bake
  runs).
* **Variables**: ``variable "X" { default = … }``; the environment (``env``)
  wins over the default for a variable of that name, converted to the
  default's type (or the declared ``type``: ``string``, ``number``, ``bool``)
  as bake converts it; a variable without a default is ``""`` unless the
  environment sets it. Top-level attributes (``TAG = "1.0"``) are values too,
  but not overridable. ``BAKE_CMD_CONTEXT`` and ``BAKE_LOCAL_PLATFORM`` are
  known only when bake runs: unknown.
* **Expressions**: ``${…}`` interpolation, the operators, conditionals,
  ``for`` expressions, indexes, ``function`` blocks of the file, and bake's
  functions where their result can be known without running
  (``upper``, ``lower``, ``join``, ``split``, ``replace`` of a plain string,
  ``trimprefix``, ``trimsuffix``, ``trimspace``, ``format`` with ``%s``/
  ``%d``/``%v``, ``equal``, ``notequal``, ``and``, ``or``, ``not``,
  ``coalesce``, ``concat``, ``contains``, ``length``, ``element``,
  ``lookup``, ``merge``, ``keys``, ``values``, ``flatten``, ``distinct``,
  ``compact``, ``substr``, ``strlen``, ``range``…). A value that needs one
  that cannot (``timestamp()``, ``uuidv4()``, a regular expression) is
  unknown; a function bake does not have is an error, as in bake.
* **Targets**: ``target "name" { context, dockerfile, dockerfile-inline,
  args, contexts, target, tags, platforms, inherits }``, each ``matrix``
  combination a target of its own (named by its ``name``). Blocks of the same
  name merge in order, and ``inherits`` merges the named targets first, in
  order, then the target's own attributes, as bake's ``Target.Merge`` does:
  ``args`` and ``contexts`` merge key by key (an arg that is ``null`` is left
  out), the others are replaced by the later value. Then the context
  defaults to ``.`` and the Dockerfile to ``Dockerfile``, joined onto the
  context (``cwd://`` paths from bake's directory; a remote context, a Git or
  HTTP URL, is no local path: ``context`` and ``dockerfile`` are ``None``).
  ``group`` blocks only name targets: every target is read, but for one that is only an
  incomplete base of others (inherited by a target that adds named ``contexts`` it lacks,
  and named by no group of a file that has groups): it is built with what they give.

Each target is a :class:`~tagsense.sources.project.BuildConfig`
(``BuildSite("bake", file, line)``, at the ``target "name"`` line of the
first block that defines it) and each of its ``tags`` a
:class:`~tagsense.sources.project.BuiltImage`. An argument, tag or context
whose value is unknown is left out; a target whose context, Dockerfile or
stage is unknown has no build configuration (its known tags are still
built names; an unknown ``dockerfile-inline`` is also a note: a
:class:`~tagsense.sources.SourceError` with ``note`` set). A
``dockerfile-inline`` (which wins over ``dockerfile``, as in bake) keeps where
each of its characters is written: a quoted string's or heredoc's text where
it is (``<<-`` cuts the indentation), a ``${…}`` value at its ``${`` (a
variable's own text, and HCL's JSON strings, at the target's line).

``contexts`` values ``docker-image://REF`` are pulled:
:class:`~tagsense.sources.Occurrence` values of kind ``"bake"`` in the
result's ``scan``, at the line and column of the string as written, with
``context`` ``target``, ``field`` (``contexts``) and ``name``. Suppression
comments (``# tagsense: ignore[…]``) are read from the HCL comments.

What bake would reject (HCL or JSON that does not parse, an unknown variable
or function, a variable cycle) is a :class:`~tagsense.sources.SourceError`;
the function never raises.
"""

from __future__ import annotations

import os

from ...occurrence import (
    BuildSite,
    Occurrence,
    Scan,
    SourceError,
    Suppression,
    suppressions_in_comment,
)
from ..project import BuildConfig, BuildFile, BuiltImage
from . import _hcl as hcl
from ._common import BAKE_FILE_NAMES, MAX_BYTES, directory_of, is_remote, join, read_text
from ._placed import Literal, Placed, concat, places

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

__all__ = [
    "BAKE_FILE_NAMES",
    "HOLE",
    "KIND",
    "TOOL",
    "BakeRun",
    "bake_default_files",
    "read_bake",
    "read_bake_files",
]

#: The tool named in the build sites.
TOOL = "bake"

#: The ``kind`` of the occurrences (``contexts`` values ``docker-image://``).
KIND = "bake"

_DOCKER_IMAGE = "docker-image://"

#: Matrix combinations per target, items per value, characters per string at most.
_MAX_COMBINATIONS = 1000
_MAX_ITEMS = 10_000
_MAX_TEXT = 1 << 20
MAX_CALLS = 64

#: Every function bake's HCL has (``bake/hclparser/stdlib.go``).
_BAKE_FUNCTIONS = frozenset(
    [
        "absolute",
        "add",
        "and",
        "base64decode",
        "base64encode",
        "basename",
        "bcrypt",
        "byteslen",
        "bytesslice",
        "can",
        "ceil",
        "chomp",
        "chunklist",
        "cidrhost",
        "cidrnetmask",
        "cidrsubnet",
        "cidrsubnets",
        "coalesce",
        "coalescelist",
        "compact",
        "concat",
        "contains",
        "convert",
        "csvdecode",
        "dirname",
        "distinct",
        "divide",
        "element",
        "equal",
        "flatten",
        "floor",
        "format",
        "formatdate",
        "formattimestamp",
        "formatlist",
        "greaterthan",
        "greaterthanorequalto",
        "hasindex",
        "homedir",
        "indent",
        "index",
        "indexof",
        "int",
        "join",
        "jsondecode",
        "jsonencode",
        "keys",
        "length",
        "lessthan",
        "lessthanorequalto",
        "log",
        "lookup",
        "lower",
        "max",
        "md5",
        "merge",
        "min",
        "modulo",
        "multiply",
        "negate",
        "not",
        "notequal",
        "or",
        "parseint",
        "pow",
        "range",
        "regex_replace",
        "regex",
        "regexall",
        "replace",
        "reverse",
        "reverselist",
        "rsadecrypt",
        "sanitize",
        "semvercmp",
        "sethaselement",
        "setintersection",
        "setproduct",
        "setsubtract",
        "setsymmetricdifference",
        "setunion",
        "sha1",
        "sha256",
        "sha512",
        "signum",
        "slice",
        "sort",
        "split",
        "strlen",
        "substr",
        "subtract",
        "timeadd",
        "timestamp",
        "title",
        "trim",
        "trimprefix",
        "trimspace",
        "trimsuffix",
        "try",
        "unixtimestampparse",
        "upper",
        "urlencode",
        "uuidv4",
        "uuidv5",
        "values",
        "zipmap",
    ]
)


#: Where a string holds a part only a run knows (:data:`..shell.UNKNOWN`, whose
#: ``name_pattern`` reads the names such tags build).
HOLE = "\ue000"


class _Holed(str):
    """A string with :data:`HOLE` where a run decides, and what those parts need (``needs``:
    the variables of the run's environment, as its reader names them)."""

    needs: tuple[str, ...]

    def __new__(cls, text: str, needs: Iterable[str] = ()) -> _Holed:
        made = super().__new__(cls, text)
        made.needs = tuple(dict.fromkeys(needs))
        return made


def _holed(value: object) -> bool:
    return isinstance(value, str) and HOLE in value


class _Blank(str):
    """A variable's blank default, in a file read alone (``variable "TAG" { default = "" }``:
    bake's way to take a value from the environment of its run); ``"${TAG}"`` is it too."""

    __slots__ = ()


class _Unknown:
    """A value only a run of bake could know."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()


class _EvalError(Exception):
    """What bake would reject, at a node."""

    def __init__(self, message: str, node: hcl.Node | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.node = node


def bake_default_files(directory: str) -> list[str]:
    """The bake files (HCL and JSON) bake reads by default in ``directory``, in its order."""
    found = []
    for name in BAKE_FILE_NAMES:
        candidate = os.path.join(directory, name) if directory else name
        if os.path.isfile(candidate):
            found.append(candidate)
    return found


def read_bake(
    path: str,
    *,
    env: Mapping[str, str] | None = None,
    max_bytes: int = MAX_BYTES,
    defaults: bool = True,
) -> BuildFile:
    """The targets of the bake file at ``path``, as bake evaluates them (never raises).

    With ``defaults`` (the default) and a file of one of bake's default names,
    the other default bake files in its directory are read and merged with it,
    as bake reads them. ``env`` overrides variables (``None``: no environment).
    """
    paths = [path]
    if defaults and os.path.basename(path) in BAKE_FILE_NAMES:
        found = bake_default_files(directory_of(path))
        if os.path.abspath(path) in {os.path.abspath(other) for other in found}:
            paths = found
    return read_bake_files(paths, env=env, max_bytes=max_bytes)


class BakeRun:
    """How a command runs bake (a CI step's ``docker/bake-action``), beyond its files and the
    environment's known values:

    - ``site``: where the command is; its builds and the names they build are there;
    - ``directory``: where bake runs (its relative paths start there);
    - ``unknown``: the variables the environment gives a value only a run knows, each with
      what that value needs (``("secrets.TAG",)``): a tag made with one builds the name the
      rest of it gives (see :func:`..shell.name_pattern`), a build argument made with one is
      unresolved;
    - ``targets``: the targets or groups built (bake's ``default`` when none is named;
      ``None``: one only a run names, any of the files' targets, each read);
    - ``overrides``: the ``--set PATTERN.KEY=VALUE`` values in order (``args.NAME``,
      ``contexts.NAME``, ``tags``, ``platform``, ``context``, ``dockerfile``, ``target``;
      a ``+=`` appends), each with what its unknown parts (:data:`HOLE`) need;
    - ``vague``: what an unknown value may need that the files do not show (what an earlier
      step of a CI job wrote to its environment): a target with a build argument that needs
      one has no build configuration here (its Dockerfile is read as the bake file alone, or
      another build, gives it), rather than one that says the value is missing.
    """

    __slots__ = ("directory", "overrides", "site", "targets", "unknown", "vague")

    def __init__(
        self,
        *,
        site: BuildSite,
        directory: str,
        unknown: Mapping[str, tuple[str, ...]] | None = None,
        targets: Sequence[str] | None = (),
        overrides: Sequence[tuple[str, tuple[str, ...]]] = (),
        vague: Iterable[str] = (),
    ) -> None:
        self.vague = frozenset(vague)
        self.site = site
        self.directory = directory
        self.unknown: Mapping[str, tuple[str, ...]] = unknown if unknown is not None else {}
        self.targets = None if targets is None else tuple(targets) or ("default",)
        self.overrides = tuple(overrides)


def read_bake_files(
    paths: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    max_bytes: int = MAX_BYTES,
    run: BakeRun | None = None,
) -> BuildFile:
    """The targets of several bake files merged in order (``--file a --file b``); with
    ``run``, only those that run builds, as it builds them (see :class:`BakeRun`)."""
    errors: list[SourceError] = []
    suppressions: list[Suppression] = []
    files: list[_File] = []
    for path in paths:
        text = read_text(path, max_bytes)
        if isinstance(text, SourceError):
            errors.append(text)
            continue
        file = _load(path, text, errors)
        if file is not None:
            files.append(file)
            for comment in file.comments:
                # (``//`` and ``/*`` comments read as ``#`` ones, at the same columns)
                text = "# " + comment.text[2:] if comment.text[0] == "/" else comment.text
                suppressions.extend(
                    suppressions_in_comment(
                        text, path=path, line=comment.line, column=comment.column
                    )
                )
    if not files:
        return BuildFile(scan=Scan(errors=errors, suppressions=suppressions))
    bake = _Bake(files, dict(env or {}), errors, run)
    builds, built, occurrences = bake.run()
    return BuildFile(builds, built, Scan(occurrences, errors, suppressions))


# --- files ---------------------------------------------------------------------------------


class _File:
    __slots__ = ("body", "comments", "path", "text")

    def __init__(self, path: str, text: str, body: hcl.Body, comments: list[hcl.Comment]) -> None:
        self.path = path
        self.text = text
        self.body = body
        self.comments = comments


def _load(path: str, text: str, errors: list[SourceError]) -> _File | None:
    if path.endswith(".json"):
        import json

        try:
            data = json.loads(text)
        except ValueError as error:
            line = getattr(error, "lineno", None)
            message = getattr(error, "msg", str(error))
            errors.append(SourceError(path, line, f"invalid JSON: {message}"))
            return None
        except RecursionError:
            errors.append(SourceError(path, None, "invalid JSON: nested too deeply"))
            return None
        if not isinstance(data, dict):
            errors.append(SourceError(path, 1, "a bake file in JSON must be an object"))
            return None
        try:
            return _File(path, text, _json_body(data, text), [])
        except hcl.HclError as error:
            errors.append(SourceError(path, error.line, f"invalid template: {error.message}"))
            return None
    try:
        body, comments = hcl.parse(text)
    except hcl.HclError as error:
        errors.append(SourceError(path, error.line, f"invalid HCL: {error.message}"))
        return None
    except RecursionError:
        errors.append(SourceError(path, None, "invalid HCL: nested too deeply"))
        return None
    return _File(path, text, body, comments)


def _json_body(data: dict[str, object], text: str) -> hcl.Body:
    """HCL's JSON form as a body: ``{"target": {"name": {...}}}``, strings as templates."""
    body = hcl.Body()
    for block_type, blocks in data.items():
        if block_type in ("target", "group", "variable", "function") and isinstance(blocks, dict):
            section = text.find(f'"{block_type}"')
            for label, content in blocks.items():
                if not isinstance(content, dict):
                    continue
                line = _json_line(text, label, section)
                inner = hcl.Body()
                for name, value in content.items():
                    inner.attributes.append(hcl.Attribute(name, _json_node(value, line), line, 1))
                body.blocks.append(hcl.Block(block_type, [label], inner, line, 1))
        else:
            line = _json_line(text, block_type, 0)
            body.attributes.append(hcl.Attribute(block_type, _json_node(blocks, line), line, 1))
    return body


def _json_line(text: str, key: str, after: int) -> int:
    import json

    index = text.find(json.dumps(key), max(after, 0))
    return text.count("\n", 0, index) + 1 if index >= 0 else 1


def _json_node(value: object, line: int) -> hcl.Node:
    if isinstance(value, str):
        return hcl.parse_template(value, line, 1)
    if isinstance(value, list):
        return hcl.TupleExpr([_json_node(item, line) for item in value], line, 1, 0)
    if isinstance(value, dict):
        items: list[tuple[hcl.Node, hcl.Node]] = [
            (hcl.Literal(str(key), line, 1, 0), _json_node(item, line))
            for key, item in value.items()
        ]
        return hcl.ObjectExpr(items, line, 1, 0)
    return hcl.Literal(value, line, 1, 0)


# --- values ---------------------------------------------------------------------------------


def _is_known(value: object) -> bool:
    if value is UNKNOWN or _holed(value):
        return False
    if isinstance(value, list):
        return all(_is_known(item) for item in value)
    if isinstance(value, dict):
        return all(_is_known(item) for item in value.values())
    return True


def _number_text(value: float) -> str:
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


def _as_text(value: object, node: hcl.Node | None) -> object:
    """A value as a string, as cty converts it (or ``UNKNOWN``); null and collections fail."""
    if value is UNKNOWN:
        return UNKNOWN
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _number_text(value)
    if value is None:
        raise _EvalError("invalid template interpolation value: null", node)
    if not _is_known(value):
        return UNKNOWN
    raise _EvalError("invalid template interpolation value: a string is required", node)


def _as_number(value: object, node: hcl.Node) -> object:
    if value is UNKNOWN or _holed(value):
        return UNKNOWN
    if isinstance(value, bool) or value is None:
        raise _EvalError("a number is required", node)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            try:
                return float(value)
            except ValueError:
                raise _EvalError(f"a number is required, not {value!r}", node) from None
    raise _EvalError("a number is required", node)


def _as_bool(value: object, node: hcl.Node) -> object:
    if _holed(value):
        return UNKNOWN
    if value is UNKNOWN or isinstance(value, bool):
        return value
    if value == "true":
        return True
    if value == "false":
        return False
    raise _EvalError("a bool is required", node)


def _equal(a: object, b: object) -> object:
    if not _is_known(a) or not _is_known(b):
        return UNKNOWN
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    if isinstance(a, str) != isinstance(b, str):
        return False
    return a == b


def _parse_bool(text: str) -> bool | None:
    """Go's ``strconv.ParseBool``."""
    if text in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if text in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    return None


def _string_list(value: object) -> list[str] | None:
    """A list of strings (unknown items dropped), or ``None`` when not a list."""
    if value is None or value is UNKNOWN:
        return None
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        return None
    items = []
    for item in value:
        text = item if isinstance(item, str) else None
        if isinstance(item, (bool, int, float)) and not isinstance(item, str):
            text = _as_text(item, None)  # type: ignore[assignment]
        if isinstance(text, str):
            items.append(text)
    return items


# --- evaluation ----------------------------------------------------------------------------


class _Scope:
    """Names bound by ``for`` expressions, matrix combinations and function parameters."""

    __slots__ = ("names", "parent")

    def __init__(self, names: dict[str, object], parent: _Scope | None = None) -> None:
        self.names = names
        self.parent = parent

    def get(self, name: str) -> tuple[bool, object]:
        scope: _Scope | None = self
        while scope is not None:
            if name in scope.names:
                return True, scope.names[name]
            scope = scope.parent
        return False, None


class _Raw:
    """One target as one block (and matrix combination) defines it: attributes or ``None``."""

    __slots__ = ("fields", "name", "site")

    def __init__(self, name: str, site: BuildSite, fields: dict[str, object]) -> None:
        self.name = name
        self.site = site
        self.fields = fields


_TARGET_FIELDS = (
    "context",
    "dockerfile",
    "dockerfile-inline",
    "args",
    "contexts",
    "target",
    "tags",
    "platforms",
    "inherits",
)


class _Bake:
    def __init__(
        self,
        files: list[_File],
        env: dict[str, str],
        errors: list[SourceError],
        command: BakeRun | None = None,
    ) -> None:
        self.files = files
        self.env = env
        self.errors = errors
        self.command = command
        self.unknown = command.unknown if command is not None else {}
        #: Whether a run's unknown values are holes in strings (see :class:`BakeRun`).
        self.holes = command is not None
        self.groups: dict[str, list[tuple[hcl.Block, _File]]] = {}
        self.variables: dict[str, tuple[hcl.Block, _File]] = {}
        self.attributes: dict[str, tuple[hcl.Attribute, _File]] = {}
        self.functions: dict[str, tuple[hcl.Block, _File]] = {}
        self.targets: list[tuple[hcl.Block, _File]] = []
        #: The targets each ``matrix`` target block's combinations are named, by the block's
        #: own name: bake builds them all when that name is asked for, as a group.
        self.matrices: dict[str, list[str]] = {}
        self.values: dict[str, object] = {}
        #: Each target merged with what it inherits, once a file (see :meth:`resolve`): a
        #: fresh one for each target was merged again for each target below it, without
        #: end for tuwunel's 690 targets inheriting in chains (survey s38d).
        self.inherited: dict[str, dict[str, object] | None] = {}
        self.resolving: set[str] = set()
        self.calls = 0
        self.reported: set[tuple[str, int | None, str]] = set()
        #: Whether strings are placed where they are written (a dockerfile-inline's, see
        #: ``._placed``); never a variable's, which is kept and used elsewhere too.
        self.placing = False
        for file in files:
            for attribute in file.body.attributes:
                self.attributes[attribute.name] = (attribute, file)
            for block in file.body.blocks:
                if not block.labels:
                    continue
                if block.type == "variable":
                    self.variables[block.labels[0]] = (block, file)
                elif block.type == "function":
                    self.functions[block.labels[0]] = (block, file)
                elif block.type == "target":
                    self.targets.append((block, file))
                elif block.type == "group":
                    self.groups.setdefault(block.labels[0], []).append((block, file))
        self.current: _File = files[0]

    def error(self, file: _File, error: _EvalError, fallback: int | None) -> None:
        line = error.node.line if error.node is not None else fallback
        key = (file.path, line, error.message)
        if key not in self.reported:
            self.reported.add(key)
            self.errors.append(SourceError(file.path, line, error.message))

    # --- the targets ------------------------------------------------------------------

    def run(self) -> tuple[list[BuildConfig], list[BuiltImage], list[Occurrence]]:
        raws: list[_Raw] = []
        occurrences: dict[tuple[int, int, str], Occurrence] = {}
        for block, file in self.targets:
            self.current = file
            site = BuildSite(TOOL, file.path, block.line)
            for scope in self.combinations(block, file):
                name = block.labels[0]
                attributes = {attribute.name: attribute for attribute in block.body.attributes}
                if "name" in attributes and "matrix" in attributes:
                    value = self.attribute_value(attributes["name"], scope, file)
                    if not isinstance(value, str) or _holed(value):
                        continue
                    named = self.matrices.setdefault(name, [])
                    if value not in named:
                        named.append(value)
                    name = value
                fields: dict[str, object] = {}
                for field in _TARGET_FIELDS:
                    attribute = attributes.get(field)
                    self.placing = field == "dockerfile-inline"
                    fields[field] = (
                        None if attribute is None else self.attribute_value(attribute, scope, file)
                    )
                    self.placing = False
                raws.append(_Raw(name, site, fields))
                contexts = attributes.get("contexts")
                if contexts is not None:
                    for occurrence in self.context_occurrences(contexts, scope, file, name):
                        key = (occurrence.line, occurrence.column, occurrence.text)
                        occurrences.setdefault(key, occurrence)
        defined: dict[str, _Raw] = {}
        for raw in raws:
            if raw.name in defined:
                merged = _merge(defined[raw.name].fields, raw.fields)
                merged["inherits"] = _concat(
                    defined[raw.name].fields.get("inherits"), raw.fields.get("inherits")
                )
                defined[raw.name] = _Raw(raw.name, defined[raw.name].site, merged)
            else:
                defined[raw.name] = raw
        self.inherited = {}  # (of these targets)
        command = self.command
        base = directory_of(self.files[0].path) if command is None else command.directory
        builds: list[BuildConfig] = []
        built: list[BuiltImage] = []
        if command is None:
            names = [name for name in defined if name not in self.bases(defined)]
        elif command.targets is None:
            names = list(defined)
        else:
            names = self.selected(command.targets, defined)
        if command is None:
            targets = [self.resolve(name, defined, self.inherited) for name in names]
            base = _where_run(base, [found.get("context") for found in targets if found])
        for name in names:
            raw = defined[name]
            resolved = self.resolve(name, defined, self.inherited)
            if resolved is None:
                continue
            fields = resolved
            if command is not None:
                fields = _overridden(fields, name, command.overrides, self.env, self.unknown)
                raw = _Raw(name, command.site, fields)
            tags = _built_names(_string_list(fields.get("tags")) or [])
            built.extend(BuiltImage(tag, raw.site) for tag in tags)
            built.extend(BuiltImage(key, raw.site) for key in _target_images(fields))
            if fields.get("dockerfile-inline") is UNKNOWN:
                self.errors.append(
                    SourceError(
                        raw.site.path,
                        raw.site.line,
                        f"target {name!r}: dockerfile-inline is known only when bake runs:"
                        " its Dockerfile is not read",
                        note=True,
                    )
                )
            build = _build_config(name, raw.site, fields, tags, base, holes=self.holes)
            if build is not None and command is not None and command.vague:
                needs = {need for names in build.unresolved.values() for need in names}
                build = None if needs & command.vague else build
            if build is not None:
                builds.append(build)
        ordered = sorted(occurrences.values(), key=lambda o: (o.path or "", o.line, o.column))
        return builds, built, ordered

    def bases(self, defined: dict[str, _Raw]) -> set[str]:
        """The targets that are only incomplete bases of others: inherited by a target that
        gives named ``contexts`` the base does not have, and named by no group (isle-buildkit's
        ``activemq-common``, which ``activemq`` inherits, adding the ``java`` context that
        its Dockerfile's ``FROM java`` needs). Bake builds a target only when a group or a
        command names it, and such a one is built with what its children give; one a command
        names alone (buildx's ``binaries-cross``) gives no context its children need. When a
        group's members are known only to a run, or the file has no group, none is left out."""
        if not self.groups:
            return set()
        wanting: set[str] = set()
        for raw in defined.values():
            contexts = raw.fields.get("contexts")
            if not isinstance(contexts, dict) or not contexts:
                continue
            for parent in _string_list(raw.fields.get("inherits")) or []:
                if parent == raw.name or parent not in defined:
                    continue
                own = self.resolve(parent, defined, self.inherited) or {}
                given = own.get("contexts")
                if set(contexts) - set(given if isinstance(given, dict) else ()):
                    wanting.add(parent)
        # (a target another one names as a context, ``target:NAME``, bake builds as it is,
        # with its own contexts: tuwunel's ``ingredients``, which ``audit`` inherits adding
        # ``rocksdb`` and others take as their ``input``; survey s38d)
        wanting -= _context_targets(defined.values())
        if not wanting:
            return set()
        named: set[str] = set()
        for blocks in self.groups.values():
            for block, file in blocks:
                attribute = next((a for a in block.body.attributes if a.name == "targets"), None)
                if attribute is None:
                    continue
                members = _string_list(self.attribute_value(attribute, _Scope({}), file))
                if members is None:
                    return set()
                named.update(members)
        return wanting - named

    def selected(self, wanted: Sequence[str], defined: dict[str, _Raw]) -> list[str]:
        """The targets that building ``wanted`` builds, each once: a group's targets (and its
        groups'), a target by its name (bake's ``ResolveGroup``); one of neither, or a group
        whose targets only a run knows, builds nothing known here."""
        found: list[str] = []
        pending = [(name, 0) for name in reversed(wanted)]
        seen: set[str] = set()
        while pending:
            name, depth = pending.pop()
            if name in seen or depth > _MAX_GROUP_DEPTH:
                continue
            seen.add(name)
            if name in self.matrices and name not in self.groups:
                # (bake's `--print` of a matrix target `app` named `app-${tgt}`: a group `app`
                # of `app-foo` and `app-bar`; a combination may keep the block's own name)
                combinations = self.matrices[name]
                found.extend(m for m in combinations if m == name and m in defined)
                pending.extend((member, depth + 1) for member in reversed(combinations))
            elif name in self.groups:
                members: list[str] = []
                for block, file in self.groups[name]:
                    attribute = next(
                        (a for a in block.body.attributes if a.name == "targets"), None
                    )
                    value = (
                        None
                        if attribute is None
                        else self.attribute_value(attribute, _Scope({}), file)
                    )
                    members += _string_list(value) or []
                pending.extend((member, depth + 1) for member in reversed(members))
            elif name in defined:
                found.append(name)
        return found

    def resolve(
        self, name: str, defined: dict[str, _Raw], visited: dict[str, dict[str, object] | None]
    ) -> dict[str, object] | None:
        """A target merged with what it inherits (bake's ``Config.target``)."""
        if name in visited:
            return visited[name]
        visited[name] = None  # (a cycle inherits nothing more)
        raw = defined.get(name)
        if raw is None:
            return None
        inherited: dict[str, object] = dict.fromkeys(_TARGET_FIELDS)
        for parent in _string_list(raw.fields.get("inherits")) or []:
            resolved = self.resolve(parent, defined, visited)
            if resolved is not None:
                inherited = _merge(inherited, resolved)
        result = _merge(_merge(dict.fromkeys(_TARGET_FIELDS), inherited), raw.fields)
        visited[name] = result
        return result

    def combinations(self, block: hcl.Block, file: _File) -> Iterator[_Scope]:
        matrix = next((a for a in block.body.attributes if a.name == "matrix"), None)
        if matrix is None:
            yield _Scope({})
            return
        value = self.attribute_value(matrix, _Scope({}), file)
        if not isinstance(value, dict) or not all(isinstance(v, list) for v in value.values()):
            return
        combinations: list[dict[str, object]] = [{}]
        for key, items in value.items():
            if not isinstance(items, list):
                return
            combinations = [{**combo, key: item} for combo in combinations for item in items]
            if len(combinations) > _MAX_COMBINATIONS:
                self.error(file, _EvalError("matrix: too many combinations; not read"), matrix.line)
                return
        for combination in combinations:
            yield _Scope(combination)

    def context_occurrences(
        self, attribute: hcl.Attribute, scope: _Scope, file: _File, target: str
    ) -> Iterator[Occurrence]:
        expr = attribute.expr
        if not isinstance(expr, hcl.ObjectExpr):
            return
        for key_node, value_node in expr.items:
            try:
                key = self.key(key_node, scope)
                value = self.evaluate(value_node, scope)
            except _EvalError:
                continue  # (reported with the attribute)
            if not isinstance(key, str) or not isinstance(value, str) or _holed(value):
                continue
            if not value.startswith(_DOCKER_IMAGE):
                continue
            line, column = value_node.line, value_node.column
            raw = value
            if isinstance(value_node, hcl.Template) and value_node.quoted is not None:
                start, end = value_node.quoted
                raw = file.text[start:end]
                column += 1
            yield Occurrence.of_text(
                path=file.path,
                line=line,
                column=column,
                kind=KIND,
                raw=raw,
                text=value.removeprefix(_DOCKER_IMAGE),
                context={"target": target, "field": "contexts", "name": key},
            )

    def attribute_value(self, attribute: hcl.Attribute, scope: _Scope, file: _File) -> object:
        previous = self.current
        self.current = file
        try:
            return self.evaluate(attribute.expr, scope)
        except _EvalError as error:
            self.error(file, error, attribute.line)
            return UNKNOWN
        except RecursionError:
            self.error(file, _EvalError("nested too deeply"), attribute.line)
            return UNKNOWN
        finally:
            self.current = previous

    # --- variables --------------------------------------------------------------------

    def variable(self, name: str, node: hcl.Node) -> object:
        if name in self.values:
            return self.values[name]
        if name in ("BAKE_CMD_CONTEXT", "BAKE_LOCAL_PLATFORM"):
            return UNKNOWN
        if name in self.resolving:
            raise _EvalError(f"variable cycle not allowed for {name}", node)
        placing, self.placing = self.placing, False
        try:
            return self.unplaced_variable(name, node)
        finally:
            self.placing = placing

    def unplaced_variable(self, name: str, node: hcl.Node) -> object:
        if name in self.attributes:
            attribute, file = self.attributes[name]
            self.resolving.add(name)
            try:
                value = self.attribute_value(attribute, _Scope({}), file)
            finally:
                self.resolving.discard(name)
            self.values[name] = value
            return value
        if name not in self.variables:
            if name == "target":
                return _TARGETS
            raise _EvalError(f"variable {name!r} does not exist", node)
        block, file = self.variables[name]
        attributes = {attribute.name: attribute for attribute in block.body.attributes}
        self.resolving.add(name)
        try:
            value = self.variable_value(name, attributes, file)
        finally:
            self.resolving.discard(name)
        self.values[name] = value
        return value

    def left_to_the_run(self, node: hcl.Node, scope: _Scope) -> str | None:
        """The name of the variable ``node`` names when its default is ``null`` and the
        environment does not set it: one the author leaves to each run (misp-docker's
        ``NAMESPACE`` and ``COMMIT_HASH``, which its workflows write to ``$GITHUB_ENV``), whose
        value the file read alone does not know, not a value bake refuses to interpolate."""
        if not isinstance(node, hcl.Variable) or scope.get(node.name)[0]:
            return None
        if node.name not in self.variables or node.name in self.env:
            return None
        block, _ = self.variables[node.name]
        default = next((a for a in block.body.attributes if a.name == "default"), None)
        if default is None or not isinstance(default.expr, hcl.Literal):
            return None
        return node.name if default.expr.value is None else None

    def variable_value(
        self, name: str, attributes: dict[str, hcl.Attribute], file: _File
    ) -> object:
        if name in self.unknown:
            # (bake reads it from the environment, which gives a value only a run knows)
            return _Holed(HOLE, self.unknown[name]) if self.holes else UNKNOWN
        type_attribute = attributes.get("type")
        declared = None
        if type_attribute is not None and isinstance(type_attribute.expr, hcl.Variable):
            declared = type_attribute.expr.name
        default_attribute = attributes.get("default")
        override = self.env.get(name)
        if default_attribute is None:
            if override is not None:
                return self.converted(name, override, declared, None, file, None)
            return None if declared not in (None, "any") else ""
        value = self.attribute_value(default_attribute, _Scope({}), file)
        if override is None:
            alone = self.command is None
            return _Blank() if alone and isinstance(value, str) and not value else value
        return self.converted(name, override, declared, value, file, default_attribute.line)

    def converted(
        self,
        name: str,
        text: str,
        declared: str | None,
        default: object,
        file: _File,
        line: int | None,
    ) -> object:
        """An environment value as bake converts it for the variable."""
        kind = declared
        if kind in (None, "any"):
            if isinstance(default, bool):
                kind = "bool"
            elif isinstance(default, (int, float)):
                kind = "number"
            elif default is None or default is UNKNOWN or isinstance(default, str):
                kind = "string"
            else:
                self.error(file, _EvalError(f"unsupported type for variable {name}"), line)
                return UNKNOWN
        if _holed(text):
            # (partly a run's, `ghcr.io/` and an owner a CI step decides: the string keeps
            # its known parts; a boolean or number made with it is wholly a run's)
            if kind == "string":
                return text
            return _Holed(HOLE, getattr(text, "needs", ()))
        if kind == "bool":
            parsed = _parse_bool(text)
            if parsed is None:
                message = f"failed to parse {name} as bool: {text!r}"
                self.error(file, _EvalError(message), line)
                return UNKNOWN
            return parsed
        if kind == "number":
            try:
                return int(text)
            except ValueError:
                try:
                    return float(text)
                except ValueError:
                    message = f"failed to parse {name} as number: {text!r}"
                    self.error(file, _EvalError(message), line)
                    return UNKNOWN
        if kind == "string":
            return text
        return UNKNOWN  # (lists and objects from CSV or JSON: not read)

    # --- expressions ------------------------------------------------------------------

    def key(self, node: hcl.Node, scope: _Scope) -> object:
        if isinstance(node, hcl.Variable):
            return node.name  # (a bare word is the key itself)
        return self.evaluate(node, scope)

    def evaluate(self, node: hcl.Node, scope: _Scope) -> object:
        if isinstance(node, hcl.Literal):
            return node.value
        if isinstance(node, hcl.Template):
            return self.template(node, scope)
        if isinstance(node, hcl.Variable):
            found, value = scope.get(node.name)
            return value if found else self.variable(node.name, node)
        if isinstance(node, hcl.TupleExpr):
            items = [self.evaluate(item, scope) for item in node.items]
            return items if len(items) <= _MAX_ITEMS else UNKNOWN
        if isinstance(node, hcl.ObjectExpr):
            result: dict[str, object] = {}
            for index, (key_node, value_node) in enumerate(node.items):
                key = (
                    self.evaluate(key_node, scope)
                    if index in node.computed  # (`(UPDATER_CORE_IMAGE) = …`: its value)
                    else self.key(key_node, scope)
                )
                if key is UNKNOWN or _holed(key):
                    return UNKNOWN
                text = _as_text(key, key_node)
                if not isinstance(text, str):
                    return UNKNOWN
                result[text] = self.evaluate(value_node, scope)
            return result
        if isinstance(node, hcl.Unary):
            return self.unary(node, scope)
        if isinstance(node, hcl.Binary):
            return self.binary(node, scope)
        if isinstance(node, hcl.Conditional):
            condition = _as_bool(self.evaluate(node.condition, scope), node.condition)
            if condition is UNKNOWN:
                true, false = self.evaluate(node.true, scope), self.evaluate(node.false, scope)
                return true if _equal(true, false) is True else UNKNOWN
            return self.evaluate(node.true if condition else node.false, scope)
        if isinstance(node, hcl.GetAttr):
            return self.get_attr(node, scope)
        if isinstance(node, hcl.Index):
            return self.index(node, scope)
        if isinstance(node, hcl.Call):
            return self.call(node, scope)
        if isinstance(node, hcl.ForExpr):
            return self.for_expression(node, scope)
        return UNKNOWN  # splats, directives

    def template(self, node: hcl.Template, scope: _Scope) -> object:
        parts = node.parts
        if (
            len(parts) == 1
            and isinstance(parts[0], hcl.Node)
            and not isinstance(parts[0], hcl.Directive)
        ):
            return self.evaluate(parts[0], scope)  # "${X}" is X itself, of any type
        pieces: list[str] = []
        unknown = False
        size = 0
        placing = self.placing and node.places is not None
        # (a run's values are holes in the text, where the run says what it gives: a tag's
        # name is known when only its tag is not)
        holes = self.holes and not self.placing
        needs: list[str] = []
        for part, where in zip(parts, node.places or [None] * len(parts), strict=True):
            if isinstance(part, str):
                pieces.append(self.placed(part, where) if placing else part)
            elif isinstance(part, hcl.Directive):
                unknown = True
                if holes:
                    pieces.append(HOLE)
            else:
                value = self.evaluate(part, scope)
                if value is None and (name := self.left_to_the_run(part, scope)) is not None:
                    value = _Holed(HOLE, (name,)) if holes else UNKNOWN
                text = _as_text(value, part)
                if not isinstance(text, str):
                    unknown = True
                    if holes:
                        pieces.append(HOLE)
                    continue
                if _holed(text):
                    unknown = True
                    needs.extend(getattr(text, "needs", ()))
                if placing:
                    # (a value put in: where the interpolation that gives it is written)
                    line, column = where[0] if where else (part.line, part.column)
                    text = self.placed(text, tuple((line, column + i) for i in range(len(text))))
                pieces.append(text)
                size += len(text)
                if size > _MAX_TEXT:
                    return UNKNOWN
        if unknown:
            return _Holed("".join(pieces), needs) if holes else UNKNOWN
        return concat(pieces) if placing else "".join(pieces)

    def placed(self, text: str, where: tuple[tuple[int, int], ...] | None) -> str:
        if where is None or len(where) != len(text) or not text:
            return text
        return Placed.of(text, Literal(self.current.path, where))

    def unary(self, node: hcl.Unary, scope: _Scope) -> object:
        value = self.evaluate(node.operand, scope)
        if node.op == "!":
            truth = _as_bool(value, node)
            return UNKNOWN if truth is UNKNOWN else not truth
        number = _as_number(value, node)
        return UNKNOWN if number is UNKNOWN else -number  # type: ignore[operator]

    def binary(self, node: hcl.Binary, scope: _Scope) -> object:
        op = node.op
        left = self.evaluate(node.left, scope)
        right = self.evaluate(node.right, scope)
        if op in ("==", "!="):
            same = _equal(left, right)
            return same if same is UNKNOWN or op == "==" else not same
        if op in ("&&", "||"):
            a, b = _as_bool(left, node.left), _as_bool(right, node.right)
            if op == "&&":
                if a is False or b is False:
                    return False
                return UNKNOWN if UNKNOWN in (a, b) else True
            if a is True or b is True:
                return True
            return UNKNOWN if UNKNOWN in (a, b) else False
        a, b = _as_number(left, node.left), _as_number(right, node.right)
        if a is UNKNOWN or b is UNKNOWN:
            return UNKNOWN
        x: float = a  # type: ignore[assignment]
        y: float = b  # type: ignore[assignment]
        if op == "<":
            return x < y
        if op == ">":
            return x > y
        if op == "<=":
            return x <= y
        if op == ">=":
            return x >= y
        if op == "+":
            return x + y
        if op == "-":
            return x - y
        if op == "*":
            return x * y if abs(x * y) < 2**63 else UNKNOWN
        if y == 0:
            raise _EvalError("division by zero", node)
        if op == "/":
            return x / y
        return x % y

    def get_attr(self, node: hcl.GetAttr, scope: _Scope) -> object:
        target = self.evaluate(node.target, scope)
        if target is _TARGETS:
            return _TargetRef(node.name)
        if isinstance(target, _TargetRef):
            return self.target_attribute(target.name, node.name, node)
        if isinstance(target, dict):
            if node.name not in target:
                raise _EvalError(f"unsupported attribute {node.name!r}", node)
            return target[node.name]
        if target is UNKNOWN:
            return UNKNOWN
        raise _EvalError(f"unsupported attribute {node.name!r}", node)

    def target_attribute(self, target: str, name: str, node: hcl.Node) -> object:
        """``target.NAME.ATTRIBUTE``: what that target's block sets (bake's references)."""
        key = f"target.{target}.{name}"
        if key in self.resolving:
            raise _EvalError(f"reference cycle: {key}", node)
        for block, file in self.targets:
            if block.labels and block.labels[0] == target:
                for attribute in block.body.attributes:
                    if attribute.name == name:
                        self.resolving.add(key)
                        try:
                            return self.attribute_value(attribute, _Scope({}), file)
                        finally:
                            self.resolving.discard(key)
        return UNKNOWN

    def index(self, node: hcl.Index, scope: _Scope) -> object:
        target = self.evaluate(node.target, scope)
        key = self.evaluate(node.key, scope)
        if not _is_known(target) or not _is_known(key):
            return UNKNOWN
        if isinstance(target, list):
            number = _as_number(key, node.key)
            if not isinstance(number, (int, float)) or int(number) != number:
                raise _EvalError("invalid index", node.key)
            position = int(number)
            if not 0 <= position < len(target):
                raise _EvalError("invalid index: out of range", node.key)
            return target[position]
        if isinstance(target, dict):
            text = _as_text(key, node.key)
            if not isinstance(text, str):
                return UNKNOWN
            if text not in target:
                raise _EvalError(f"invalid index: no key {text!r}", node.key)
            return target[text]
        raise _EvalError("invalid index: not a list or a map", node)

    def for_expression(self, node: hcl.ForExpr, scope: _Scope) -> object:
        collection = self.evaluate(node.collection, scope)
        if collection is UNKNOWN or _holed(collection):
            return UNKNOWN
        if isinstance(collection, list):
            pairs: Iterable[tuple[object, object]] = enumerate(collection)
        elif isinstance(collection, dict):
            pairs = collection.items()
        else:
            raise _EvalError("a for expression needs a list or a map", node.collection)
        items: list[object] = []
        mapping: dict[str, object] = {}
        for key, value in pairs:
            names: dict[str, object] = {node.value_name: value}
            if node.key_name is not None:
                names[node.key_name] = key
            inner = _Scope(names, scope)
            if node.condition is not None:
                keep = _as_bool(self.evaluate(node.condition, inner), node.condition)
                if keep is UNKNOWN:
                    return UNKNOWN
                if not keep:
                    continue
            result = self.evaluate(node.value, inner)
            if node.key is None:
                items.append(result)
            else:
                text = _as_text(self.evaluate(node.key, inner), node.key)
                if not isinstance(text, str):
                    return UNKNOWN
                if node.group:
                    grouped = mapping.setdefault(text, [])
                    grouped.append(result)  # type: ignore[attr-defined]
                else:
                    mapping[text] = result
        return items if node.key is None else mapping

    def call(self, node: hcl.Call, scope: _Scope) -> object:
        args = [self.evaluate(argument, scope) for argument in node.args]
        if node.expand:
            last = args.pop() if args else None
            if not isinstance(last, list):
                return UNKNOWN
            args.extend(last)
        if node.name in self.functions:
            return self.user_function(node, args)
        if node.name not in _BAKE_FUNCTIONS:
            raise _EvalError(f"call to unknown function {node.name!r}", node)
        function = _FUNCTIONS.get(node.name)
        if function is None or not all(_is_known(arg) for arg in args):
            return UNKNOWN
        try:
            return function(*args)
        except _EvalError as error:
            raise _EvalError(f"{node.name}: {error.message}", node) from None
        except (TypeError, ValueError, IndexError, KeyError, ZeroDivisionError):
            raise _EvalError(f"invalid arguments for {node.name}()", node) from None

    def user_function(self, node: hcl.Call, args: list[object]) -> object:
        block, _ = self.functions[node.name]
        attributes = {attribute.name: attribute for attribute in block.body.attributes}
        params: list[str] = []
        params_attribute = attributes.get("params")
        if params_attribute is not None and isinstance(params_attribute.expr, hcl.TupleExpr):
            params = [
                item.name for item in params_attribute.expr.items if isinstance(item, hcl.Variable)
            ]
        variadic_attribute = attributes.get("variadic_params")
        variadic = (
            variadic_attribute.expr.name
            if variadic_attribute is not None and isinstance(variadic_attribute.expr, hcl.Variable)
            else None
        )
        if len(args) < len(params) or (variadic is None and len(args) > len(params)):
            raise _EvalError(f"{node.name}: wrong number of arguments", node)
        names: dict[str, object] = dict(zip(params, args, strict=False))
        if variadic is not None:
            names[variadic] = args[len(params) :]
        result = attributes.get("result")
        if result is None:
            return None
        if self.calls >= MAX_CALLS:
            return UNKNOWN
        self.calls += 1
        try:
            return self.evaluate(result.expr, _Scope(names))
        finally:
            self.calls -= 1


class _TargetNamespace:
    """The ``target`` name: ``target.NAME.ATTRIBUTE`` refers to another target's attribute."""

    __slots__ = ()


_TARGETS = _TargetNamespace()


class _TargetRef:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


# --- merging targets -------------------------------------------------------------------------


def _merge(base: dict[str, object], other: dict[str, object]) -> dict[str, object]:
    """``Target.Merge``: maps merged key by key (null args skipped), the rest replaced."""
    merged = dict(base)
    for field in _TARGET_FIELDS:
        value = other.get(field)
        if field in ("args", "contexts"):
            if isinstance(value, dict):
                current = merged.get(field)
                combined = dict(current) if isinstance(current, dict) else {}
                for key, item in value.items():
                    if item is None:
                        continue
                    combined[key] = item
                merged[field] = combined
            elif value is UNKNOWN:
                merged[field] = UNKNOWN
        elif field == "inherits":
            continue
        elif value is not None:
            merged[field] = value
    return merged


def _concat(a: object, b: object) -> object:
    left = _string_list(a) or []
    right = _string_list(b) or []
    return [*left, *right] if left or right else None


#: How deep groups of groups are followed.
_MAX_GROUP_DEPTH = 32


def _built_names(tags: list[str]) -> list[str]:
    """The names the tags build: a tag with a part only a run knows builds the name the rest
    of it gives (``acme/app:`` and a run's version: ``acme/app``), if any."""
    tags = [tag for tag in tags if tag]  # (bake drops an empty tag: `latest()` giving "")
    if not any(_holed(tag) for tag in tags):
        return tags
    from ._shell_values import name_pattern

    names = [tag if not _holed(tag) else name_pattern(tag) for tag in tags]
    return list(dict.fromkeys(name for name in names if name is not None))


def _target_images(fields: Mapping[str, object]) -> list[str]:
    """The images a target's ``contexts`` say another target of the file builds: a key that
    names an image, in a registry or a namespace, whose repository's last part ends with the
    name of the target it is given (``"ghcr.io/dependabot/dependabot-updater-gomod:latest" =
    "target:gomod"``). The project's own image, wherever another build of it pulls it
    (dependabot-core's script builds pre_commit/Dockerfile without the contexts, whose
    ``FROM …-gomod:latest`` was 1 of 3 false TS001; survey 30m). A library image swapped for a
    target (``alpine = "target:base"``) names no image of the project's."""
    contexts = fields.get("contexts")
    if not isinstance(contexts, dict):
        return []
    images: list[str] = []
    for key, value in contexts.items():
        if not isinstance(key, str) or not isinstance(value, str) or _holed(key):
            continue
        target = value.removeprefix(_TARGET_CONTEXT)
        if target == value or not target or "/" not in key:
            continue
        repository = key.split("@", 1)[0].rsplit("/", 1)[1].split(":", 1)[0]
        if repository.lower().endswith(target.lower()):
            images.append(key)
    return images


#: A ``contexts`` value that names another target of the file.
_TARGET_CONTEXT = "target:"


def _context_targets(raws: Iterable[_Raw]) -> set[str]:
    """The targets that the targets' ``contexts`` name (``input = "target:base"``)."""
    named: set[str] = set()
    for raw in raws:
        contexts = raw.fields.get("contexts")
        if not isinstance(contexts, dict):
            continue
        for value in contexts.values():
            if isinstance(value, str) and value.startswith(_TARGET_CONTEXT):
                named.add(value.removeprefix(_TARGET_CONTEXT))
    return named


def _overridden(
    fields: dict[str, object],
    name: str,
    overrides: Sequence[tuple[str, tuple[str, ...]]],
    env: Mapping[str, str],
    unknown: Mapping[str, tuple[str, ...]],
) -> dict[str, object]:
    """A target's fields after the ``--set`` values whose pattern matches its name, as bake's
    ``AddOverrides`` applies them (see :class:`BakeRun`); the keys tagsense does not read
    (``output``, ``cache-from``…) change nothing here."""
    from fnmatch import fnmatchcase

    fields = dict(fields)
    lists: dict[str, list[str]] = {}
    for text, needs in overrides:
        key, equals, value = text.partition("=")
        appends = key.endswith("+")
        pattern, _, attribute = key.removesuffix("+").partition(".")
        if not attribute or not (pattern == name or fnmatchcase(name, pattern)):
            continue
        given: object = _Holed(value, needs) if HOLE in value else value
        field, _, item = attribute.partition(".")
        if field == "args" and item and not equals:
            # (``--set t.args.NAME``: bake takes its value from the environment, if set)
            if item in unknown:
                given = _Holed(HOLE, unknown[item])
            elif item in env:
                given = env[item]
            else:
                continue
        elif not equals:
            continue
        if field in ("args", "contexts") and item:
            current = fields.get(field)
            mapping = dict(current) if isinstance(current, dict) else {}
            mapping[item] = given
            fields[field] = mapping
        elif field in ("tags", "platform") and not item:
            target_field = "tags" if field == "tags" else "platforms"
            values = [value] if field == "tags" else value.split(",")
            made = [_Holed(v, needs) if HOLE in v else v for v in values]
            if appends:
                lists.setdefault(target_field, _string_list(fields.get(target_field)) or [])
            lists[target_field] = [*lists.get(target_field, []), *made]
        elif field in ("context", "dockerfile", "target") and not item:
            fields[field] = given
    fields.update(lists)
    return fields


def _where_run(directory: str, contexts: Sequence[object]) -> str:
    """Where a bake file of ``directory`` read alone runs: there, unless its targets'
    contexts are directories only from the project's root. Bake takes a relative context
    from where it runs, not from its file: temporalio/temporal's ``docker/docker-bake.hcl``
    says ``context = "docker"``, and its CI runs ``docker buildx bake -f
    docker/docker-bake.hcl`` from the checkout."""
    from ..context import project_root

    local = [
        context
        for context in contexts
        if isinstance(context, str) and context not in ("", ".", "-") and not is_remote(context)
    ]
    if not local or any(os.path.isdir(join(directory, context)) for context in local):
        return directory
    root = project_root(os.path.join(directory, "_"))
    if root is None:
        return directory
    here = os.path.realpath(directory or os.curdir)
    if here == root or not here.startswith(root + os.sep):
        return directory
    top = os.path.normpath(os.path.join(directory, os.path.relpath(root, here)))
    top = "" if top == os.curdir else top
    if all(os.path.isdir(join(top, context)) for context in local):
        return top
    return directory


def _build_config(
    name: str,
    site: BuildSite,
    fields: dict[str, object],
    tags: list[str],
    base: str,
    *,
    holes: bool = False,
) -> BuildConfig | None:
    context_value = fields.get("context")
    dockerfile_value = fields.get("dockerfile")
    inline = fields.get("dockerfile-inline")
    target = fields.get("target")
    if any(
        value is UNKNOWN or _holed(value)
        for value in (context_value, dockerfile_value, inline, target)
    ):
        return None
    context_text = _as_text(context_value, None) if context_value is not None else "."
    if not isinstance(context_text, str):
        return None
    dockerfile_text = (
        dockerfile_value if isinstance(dockerfile_value, str) and dockerfile_value else "Dockerfile"
    )
    context: str | None = None
    dockerfile: str | None = None
    if context_text.startswith("cwd://"):
        context = join(base, context_text.removeprefix("cwd://"))
    elif not is_remote(context_text) and context_text != "-":
        context = join(base, context_text)
    if inline is None and context is not None:
        if dockerfile_text.startswith("cwd://"):
            dockerfile = join(base, dockerfile_text.removeprefix("cwd://"))
        else:
            dockerfile = join(context, dockerfile_text)
    args: dict[str, str] = {}
    unresolved: dict[str, tuple[str, ...]] = {}
    blank: list[str] = []
    raw_args = fields.get("args")
    if isinstance(raw_args, dict):
        for key, value in raw_args.items():
            text = _as_text(value, None) if value is not None and _is_known(value) else None
            if isinstance(text, str):
                args[key] = text
                if isinstance(value, _Blank):
                    blank.append(key)
            elif holes and value is not None:
                # (a run's value: the ARG is not its default, but what the run gives)
                unresolved[key] = getattr(value, "needs", ()) or (key,)
    contexts: dict[str, str] = {}
    raw_contexts = fields.get("contexts")
    if isinstance(raw_contexts, dict):
        contexts = {
            key: value
            for key, value in raw_contexts.items()
            if isinstance(value, str) and not _holed(value)
        }
    platforms = [p for p in _string_list(fields.get("platforms")) or [] if not _holed(p)]
    return BuildConfig(
        site=site,
        name=name,
        context=context,
        dockerfile=dockerfile,
        dockerfile_inline=str(inline) if isinstance(inline, str) else None,
        inline_places=places(inline) if isinstance(inline, str) else (),
        args=args,
        target=target if isinstance(target, str) and target else None,
        contexts=contexts,
        tags=tags,
        platforms=platforms,
        unresolved=unresolved,
        blank=blank,
    )


# --- functions -----------------------------------------------------------------------------


def _text_arg(value: object) -> str:
    text = _as_text(value, None)
    if not isinstance(text, str):
        raise _EvalError("a string is required")
    return text


def _list_arg(value: object) -> list[object]:
    if not isinstance(value, list):
        raise _EvalError("a list is required")
    return value


def _join(separator: object, *lists: object) -> object:
    parts = [_text_arg(item) for value in lists for item in _list_arg(value)]
    return _text_arg(separator).join(parts)


def _replace(text: object, old: object, new: object) -> object:
    pattern = _text_arg(old)
    if len(pattern) > 1 and pattern.startswith("/") and pattern.endswith("/"):
        return UNKNOWN  # a regular expression (RE2)
    subject, replacement = _text_arg(text), _text_arg(new)
    if pattern and len(subject) + subject.count(pattern) * len(replacement) > _MAX_TEXT:
        return UNKNOWN
    return subject.replace(pattern, replacement) if pattern else subject


def _format(template: object, *args: object) -> object:
    text = _text_arg(template)
    pieces: list[str] = []
    index = 0
    position = 0
    while position < len(text):
        char = text[position]
        if char != "%":
            pieces.append(char)
            position += 1
            continue
        code = text[position + 1 : position + 2]
        position += 2
        if code == "%":
            pieces.append("%")
        elif code in ("s", "v", "d") and index < len(args):
            value = args[index]
            index += 1
            if code == "d" and (isinstance(value, bool) or not isinstance(value, int)):
                return UNKNOWN
            pieces.append(_text_arg(value))
        else:
            return UNKNOWN
    return "".join(pieces)


def _substr(text: object, offset: object, length: object) -> object:
    subject = _text_arg(text)
    start, size = int(offset), int(length)  # type: ignore[call-overload]
    if start < 0:
        start += len(subject)
    if size == -1:
        return subject[start:]
    return subject[start : start + size]


def _element(values: object, index: object) -> object:
    items = _list_arg(values)
    if not items:
        raise _EvalError("cannot use element function with an empty list")
    return items[int(index) % len(items)]  # type: ignore[call-overload]


def _lookup(mapping: object, key: object, *default: object) -> object:
    if not isinstance(mapping, dict):
        raise _EvalError("a map is required")
    name = _text_arg(key)
    if name in mapping:
        return mapping[name]
    if default:
        return default[0]
    raise _EvalError(f"the given key {name!r} does not exist")


def _merge_maps(*maps: object) -> object:
    result: dict[str, object] = {}
    for value in maps:
        if value is None:
            continue
        if not isinstance(value, dict):
            raise _EvalError("maps are required")
        result.update(value)
    return result


def _flatten(value: object) -> object:
    result: list[object] = []
    for item in _list_arg(value):
        if isinstance(item, list):
            result.extend(_flatten(item))  # type: ignore[arg-type]
        else:
            result.append(item)
    return result


def _distinct(value: object) -> object:
    result: list[object] = []
    for item in _list_arg(value):
        if not any(_equal(item, seen) is True for seen in result):
            result.append(item)
    return result


def _range(*args: object) -> object:
    numbers = [int(arg) for arg in args]  # type: ignore[call-overload]
    if not 1 <= len(numbers) <= 3:
        raise _EvalError("range takes one to three numbers")
    result = list(range(*numbers)[: _MAX_ITEMS + 1])
    return result if len(result) <= _MAX_ITEMS else UNKNOWN


def _trim(text: object, cutset: object) -> object:
    return _text_arg(text).strip(_text_arg(cutset))


def _chomp(text: object) -> object:
    subject = _text_arg(text)
    while subject.endswith(("\r\n", "\n")):
        subject = subject[:-2] if subject.endswith("\r\n") else subject[:-1]
    return subject


def _coalesce(*values: object) -> object:
    for value in values:
        if value is not None:
            return value
    raise _EvalError("no non-null arguments")


def _contains(values: object, value: object) -> object:
    return any(_equal(item, value) is True for item in _list_arg(values))


def _index(values: object, value: object) -> object:
    for position, item in enumerate(_list_arg(values)):
        if _equal(item, value) is True:
            return position
    raise _EvalError("item not found")


def _zipmap(keys: object, values: object) -> object:
    names = [_text_arg(key) for key in _list_arg(keys)]
    items = _list_arg(values)
    if len(names) != len(items):
        raise _EvalError("the lists must be of the same length")
    return dict(zip(names, items, strict=True))


def _length(value: object) -> object:
    if isinstance(value, (list, dict, str)):
        return len(value)
    raise _EvalError("a collection or a string is required")


def _jsondecode(text: object) -> object:
    """cty's ``jsondecode``: JSON text as the value it writes (a list, an object, a string, a
    number, a bool, null). tuwunel's bake file keeps its matrices' lists in variables of JSON
    text (``default = "[\\"nightly\\"]"``) that a script overrides, and decodes them."""
    import json

    try:
        return json.loads(_text_arg(text))
    except ValueError:
        raise _EvalError("the text is not valid JSON") from None


def _bool_arg(value: object) -> bool:
    if not isinstance(value, bool):
        raise _EvalError("a bool is required")
    return value


_FUNCTIONS: dict[str, Callable[..., object]] = {
    "upper": lambda text: _text_arg(text).upper(),
    "lower": lambda text: _text_arg(text).lower(),
    "trimspace": lambda text: _text_arg(text).strip(" \t\n\r\v\f\x85\xa0"),
    "trimprefix": lambda text, prefix: _text_arg(text).removeprefix(_text_arg(prefix)),
    "trimsuffix": lambda text, suffix: _text_arg(text).removesuffix(_text_arg(suffix)),
    "trim": _trim,
    "chomp": _chomp,
    "join": _join,
    "split": lambda separator, text: (
        _text_arg(text).split(_text_arg(separator))
        if _text_arg(separator)
        else list(_text_arg(text))
    ),
    "replace": _replace,
    "format": _format,
    "substr": _substr,
    "strlen": lambda text: len(_text_arg(text)),
    "equal": lambda a, b: _equal(a, b),
    "notequal": lambda a, b: (lambda same: same if same is UNKNOWN else not same)(_equal(a, b)),
    "and": lambda *values: all(_bool_arg(value) for value in values),
    "or": lambda *values: any(_bool_arg(value) for value in values),
    "not": lambda value: not _bool_arg(value),
    "coalesce": _coalesce,
    "concat": lambda *lists: [item for value in lists for item in _list_arg(value)],
    "contains": _contains,
    "index": _index,
    "indexof": _index,
    "length": _length,
    "element": _element,
    "lookup": _lookup,
    "merge": _merge_maps,
    "keys": lambda mapping: sorted(mapping) if isinstance(mapping, dict) else _list_arg(None),
    "values": lambda mapping: (
        [mapping[key] for key in sorted(mapping)] if isinstance(mapping, dict) else _list_arg(None)
    ),
    "flatten": _flatten,
    "distinct": _distinct,
    "compact": lambda values: [
        item for item in _list_arg(values) if item is not None and item != ""
    ],
    "range": _range,
    "zipmap": _zipmap,
    "reverselist": lambda values: list(reversed(_list_arg(values))),
    "jsondecode": _jsondecode,
}

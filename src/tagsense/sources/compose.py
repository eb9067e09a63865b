"""Every image reference a Compose project names, found by the Compose Specification's rules.

:func:`scan_compose` reads a compose file as Docker Compose (``compose-go``)
loads it, from the YAML node tree (:mod:`._yaml`): positions come from the
parser, a value is always the scalar's text (``1.10`` stays ``1.10``).

* **Where images are.** ``services.*.image`` (with a ``build`` section it names
  the *built* result: context ``built``; so does a service without one that names, written
  the same way with a variable left unset, the image a service of the file builds;
  ``pull_policy`` is copied to the context when set); ``build.tags`` (built);
  ``build.additional_contexts`` values ``docker-image://REF`` (mapping or ``NAME=VALUE`` list);
  ``build.cache_from`` entries (``REF``, several ``REF,REF``, or
  ``type=registry,ref=REF``; other cache types are no images), as buildx
  parses them; ``volumes`` of ``type: image`` (their ``source``); each
  ``pre_start`` hook's ``image`` (an init container's, pulled with the
  service's ``pull_policy``; ``post_start`` and ``pre_stop`` run in the
  service's own container).
* **Interpolation** (``12-interpolation.md``, compose-go ``template``): ``$V``,
  ``${V}``, ``${V:-d}``, ``${V-d}``, ``${V:?e}``, ``${V?e}``, ``${V:+a}``,
  ``${V+a}``, ``$$`` (a ``$``), nested in defaults; names are
  ``[_A-Za-z][_A-Za-z0-9]*``; a ``$`` before anything else stays a ``$``; an
  unclosed or malformed ``${`` is an error. compose-go's quirks are kept: a
  default, alternative or error text is interpolated even when it is not used
  (so its errors count), and the end of a braced expression is found by
  counting braces. Values are interpolated per file before merging, and only
  values (never keys). An unset variable is an empty string and is listed in
  the context's ``unresolved`` (the reference is then ``None``).
* **Variables** come from ``env`` (the caller's environment) and the ``.env``
  file next to the compose file (``env`` wins). ``.env`` is read as compose-go's
  ``dotenv`` reads it: ``KEY=VALUE`` or ``KEY: VALUE``, an optional ``export``,
  ``#`` comments (inline after a space for unquoted values), single quotes
  literal, double quotes with escapes (``\\n``, ``\\t``, ``\\"``, ``\\\\``, ``\\$``…)
  and interpolation, a bare ``KEY`` taken from the environment. A value built
  from an unset variable keeps that variable as ``unresolved`` where it is used.
  ``COMPOSE_PROJECT_NAME`` defaults to the top-level ``name`` or the directory.
* **Documents** (``---``) are merged in order (``13-merge.md``): mappings
  merge, sequences append, scalars are replaced (a null keeps the earlier
  value); ``build`` as a string is ``{context: ...}``; ``build.tags``,
  ``build.additional_contexts`` (by name) and ``volumes`` (by target) keep one
  entry per key, the later one in the earlier one's place. ``!reset`` removes
  what earlier documents (or an ``extends`` base) set; ``!override`` replaces
  it instead of merging. Anchors, aliases and merge keys (``<<``) are resolved
  by :func:`._yaml.items`; ``x-`` fields are ignored.
* **extends** (``05-services.md``): a service (``extends: name`` or
  ``{service, file}``) is its base merged with itself, recursively, in the same
  document or in another file (relative to the file it is written in, read
  with the same variables; its own ``include`` is not followed). Circular
  references and missing services or files are errors.
* **include** (``14-include.md``): each entry (a path, or ``path`` (one or a
  list, merged), ``project_directory``, ``env_file``) is loaded as its own
  project: relative paths from the including project's directory, its
  variables from its ``env_file`` (default: the ``.env`` in its project
  directory), the including project's values winning; its services join the
  model (a different service of the same name is an error). Include cycles
  are errors; remote includes (``oci://``, git) are not followed.

Each :class:`~tagsense.sources.Occurrence` (kind ``compose``) has the path of
the file where the scalar is written, the 1-based line and column where the
scalar's text starts (inside its quotes, after an anchor or a tag), ``raw`` (the
scalar's value), ``text`` (after interpolation and, for
contexts and caches, the reference extracted from it), ``reference`` (``None``
when the text does not parse, a variable had no value, or interpolation
failed), and ``context``: ``service``, ``field`` (``image``, ``build.tags``,
``build.additional_contexts``, ``build.cache_from``, ``volumes``,
``pre_start``), ``built``, ``pull_policy``, ``name`` (of an additional
context), ``unresolved``.

Invalid YAML, duplicate keys (from :func:`._yaml.load_yaml`), wrong types,
interpolation errors and unreadable files are ``errors``; the function never
raises.
"""

from __future__ import annotations

import os
import re

from .._lazy import lazy_pattern
from ..occurrence import BuildSite, Occurrence, Scan, SourceError, Suppression, parse_or_error
from ._expand import GO_SPACES, go_quote
from ._mirror_prefix import mirror_prefix
from ._yaml import (
    MAX_BYTES,
    YamlFile,
    items,
    load_yaml,
    position,
    scalar,
    sequence,
    value_position,
)
from .project import BuildConfig, BuildFile, BuiltImage, repository_written

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from pathlib import PurePath
    from typing import TypeVar

    import yaml

    from .builds._maven_resources import Filtered

    Tree = TypeVar("Tree")


__all__ = ["MAX_BYTES", "dotenv_values", "is_compose_file", "read_compose", "scan_compose"]

_NULL = "tag:yaml.org,2002:null"
_RESET = "!reset"
_OVERRIDE = "!override"
_DOCKER_IMAGE = "docker-image://"
_REMOTE = lazy_pattern(r"[A-Za-z][A-Za-z0-9+.-]*://|git@")

# Guards compose-go does not need (Go grows its stack; memory is the limit).
_MAX_NESTING = 100  # ${A:-${B:-...}} levels
_MAX_TEMPLATE = 1 << 16  # characters in a value that has a '$'
_MAX_TEXT = 1 << 20  # characters an interpolation may produce
_MAX_CHAIN = 200  # extends / include levels
_MAX_FILES = 1000  # files read for one scan
_MAX_DOCUMENTS = 10_000  # documents merged for one scan (includes can repeat a file)


def is_compose_file(path: PurePath) -> bool:
    """Whether ``path`` is named as compose files are (``compose.y*ml``, ``docker-compose.*``:
    ``compose`` as a word of the name: :func:`.discover.is_compose_name`)."""
    from .discover import is_compose_name

    return is_compose_name(path)


def scan_compose(
    data: str | bytes,
    *,
    path: str | None = None,
    env: Mapping[str, str] | None = None,
    max_bytes: int = MAX_BYTES,
) -> Scan:
    """Find every image reference in a compose file (``data``, read from ``path``).

    ``path`` locates the ``.env`` file and the files ``include`` and
    ``extends`` name (without it, only absolute paths are followed and no
    ``.env`` is read); ``env`` is the environment (it wins over ``.env``);
    files over ``max_bytes`` are refused. Never raises.

    >>> scan = scan_compose("services:\\n  web:\\n    image: nginx:${TAG:-1.27}\\n")
    >>> [(o.line, o.column, o.raw, o.text, o.context["field"]) for o in scan]
    [(3, 12, 'nginx:${TAG:-1.27}', 'nginx:1.27', 'image')]
    """
    return read_compose(data, path=path, env=env, max_bytes=max_bytes).scan


def read_compose(
    data: str | bytes,
    *,
    path: str | None = None,
    env: Mapping[str, str] | None = None,
    max_bytes: int = MAX_BYTES,
    unknown: Iterable[str] = (),
    env_files: Iterable[str] | None = None,
    project_directory: str | None = None,
    override: bool = True,
) -> BuildFile:
    """A compose file as a project's build tool: :func:`scan_compose`'s scan, and what it builds.

    The builds are each service's ``build`` as compose hands it to BuildKit
    (context and Dockerfile paths joined onto the directory of the file that
    says them; ``args`` interpolated, a name alone taken from the
    environment; ``target``; ``additional_contexts`` by name); the built images
    are each building service's ``image`` and ``build.tags``; ``reads`` are the
    other files read through this one (``include``, ``extends.file``). Never
    raises.

    As a ``docker compose`` command reads it: ``unknown`` are variables the command is
    given a value only a run knows (unresolved, whatever ``.env`` says); ``env_files``
    (``--env-file``) are read instead of the ``.env`` of ``project_directory``
    (``--project-directory``, default the file's own directory).

    ``override``: as ``docker compose`` reads it without ``-f``, with the override file of
    its directory merged over it (``docker-compose.override.yml``, when it is the compose
    file compose finds there: :func:`.project.default_override`); that file is then one of
    the ``reads``.
    """
    if ("{{" in data and ".Env." in data) if isinstance(data, str) else b".Env." in data:
        data, unknown = _rendered_from_environment(data, unknown, env or {})
    filtered = _maven_filtered(data, path)
    written = data
    if filtered is not None:
        data = filtered.text
    scanner = _Scanner(path, env or {}, max_bytes)
    if filtered is not None:
        from ._context_cache import stat_of

        scanner.inputs[filtered.pom] = stat_of(filtered.pom)  # (its properties: read anew)
    scanner.override = override
    for name in unknown:
        scanner.env[name] = ("", (name,))
    scanner.dotenv = None if env_files is None else list(env_files)
    scanner.project_directory = project_directory
    try:
        scanner.run(data)
    except Exception as exc:  # pragma: no cover - a bug; the contract is never to raise
        scanner.errors.append(
            SourceError(path, None, f"internal error in the compose scanner: {exc!r}")
        )
    occurrences = scanner.result()
    if filtered is not None:
        occurrences = _written_as_maven_does(occurrences, path, written, filtered)
    scan = Scan(occurrences, dict.fromkeys(scanner.errors), scanner.suppressions)
    reads = [read for read in scanner.sources if read is not None and read != path]
    return BuildFile(
        scanner.builds,
        scanner.built,
        scan,
        reads=reads,
        path=path,
        inputs=scanner.inputs,
        written=scanner.written,
    )


def _maven_filtered(data: str | bytes, path: str | None) -> Filtered | None:
    """A compose file of a resource directory that Maven filters, as the copy the program
    starts has it, and the pom (see ``.builds._maven_resources``); ``None`` for any other."""
    if path is None or not (b"${" in data if isinstance(data, bytes) else "${" in data):
        return None
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    if _MAVEN_PROPERTY.search(text) is None:
        return None  # (a compose file's own names have no dots: most files stop here)
    from .builds._maven_resources import maven_filtered

    return maven_filtered(path, text)


def _written_as_maven_does(
    occurrences: list[Occurrence], path: str | None, data: str | bytes, filtered: Filtered
) -> list[Occurrence]:
    """The occurrences of a Maven-filtered file with their ``raw`` as the file writes it (the
    ``text`` is the copy's): ``apache/flink:${test.flink.version}-${test.java.version}``."""
    from .builds._maven_resources import as_written

    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    lines = text.split("\n")
    kept = []
    for occurrence in occurrences:
        line = lines[occurrence.line - 1] if 0 < occurrence.line <= len(lines) else ""
        raw = None
        if occurrence.path == path:
            raw = as_written(
                occurrence.raw, line, occurrence.column, filtered.properties, filtered.delimiters
            )
        if raw is not None:
            occurrence = occurrence.replace(raw=raw, end_line=None, end_column=None)
        kept.append(occurrence)
    return kept


#: A reference compose cannot interpolate, as Maven's properties are named: ``${a.b}``.
_MAVEN_PROPERTY = lazy_pattern(r"\$\{[A-Za-z0-9_-]+\.[A-Za-z0-9_.-]+\}")


def _rendered_from_environment(
    data: str | bytes, unknown: Iterable[str], env: Mapping[str, str]
) -> tuple[str | bytes, Iterable[str]]:
    """A compose file that is a Go template over the environment (dockerize's, gomplate's
    ``{{ .Env.NAME }}``) as it renders, its ``.Env`` the values of ``env`` (those of the
    command that renders it), the others left to the run (see ``._env_templates``); any
    other file as it is."""
    from ._env_templates import environment_template

    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    if "{{" not in text:
        return data, unknown
    rendered = environment_template(text)
    if rendered is None:
        return data, unknown
    return rendered[0], (*unknown, *(name for name in rendered[1] if name not in env))


# --- interpolation (compose-go template) ------------------------------------------------

#: A value and the unset variables it was built from.
_Value = tuple[str, tuple[str, ...]]
_Env = dict[str, _Value]

# compose-go's pattern: Go's RE2 and Python's re agree on it (leftmost-first,
# '.' stops at a newline). The named mappings of compose-go (${name[key]}) are
# not enabled in Compose: such a text stays as written.
_TEMPLATE = lazy_pattern(
    r"\$(?:(?P<escaped>\$)|(?P<named>[_a-z][_a-z0-9]*)"
    r"|\{(?:(?P<braced>[_a-z][_a-z0-9]*(?::?[-+?].*)?)\}"
    r"|(?P<mapping>[_a-z][_a-z0-9]*\[.*\](?::?[-+?}].*)?)\}"
    r"|(?P<invalid>)))",
    re.IGNORECASE | re.ASCII,
)
_OPERATORS = (":?", "?", ":-", "-", ":+", "+")


class _TemplateError(Exception):
    """Why a value cannot be interpolated; ``missing`` names required variables with no value."""

    def __init__(self, kind: str, detail: str, missing: tuple[str, ...] = ()) -> None:
        super().__init__(detail)
        self.kind = kind  # "invalid", "required" or "limit"
        self.detail = detail
        self.missing = missing

    def message(self, where: str) -> str:
        if self.kind == "invalid":
            return (
                f"invalid interpolation format for {where}: {self.detail} "
                "(you may need to escape any $ with another $)"
            )
        return f"error while interpolating {where}: {self.detail}"


def _interpolate(template: str, lookup: Callable[[str], _Value | None]) -> _Value:
    """``template`` with its variables substituted, and the unset ones it used.

    Raises :class:`_TemplateError` (the message of an invalid template shows
    the whole value, as compose-go's does).
    """
    if "$" not in template:
        return template, ()
    if len(template) > _MAX_TEMPLATE:
        raise _TemplateError(
            "limit", f"value too long to interpolate ({len(template):,} characters)"
        )
    run = _Interpolation(lookup)
    try:
        text = run.substitute(template, 0)
    except _Invalid:
        raise _TemplateError("invalid", go_quote(template)) from None
    return text, tuple(dict.fromkeys(run.unresolved))


def _as_written(template: str, lookup: Callable[[str], _Value | None]) -> str | None:
    """``template`` with the variables it has values for put in and each unset one kept as
    ``${NAME}`` (``${USER}/ubuntu-latest-open5gs-base`` of ``${USER}/${DIST-ubuntu}-${TAG-
    latest}-open5gs-base``): the same text in the same file names the same image, whatever a
    run gives. ``None`` when a value put in is itself made of an unset variable (a ``.env``
    line's), whose place is then not known, or when the template does not interpolate."""
    run = _Interpolation(lookup)
    run.keep = True
    try:
        text = run.substitute(template, 0)
    except (_Invalid, _TemplateError):
        return None
    return text if run.kept == len(run.unresolved) else None


class _Invalid(Exception):
    pass


class _Interpolation:
    """compose-go's ``SubstituteWithOptions`` with its default replacement function."""

    __slots__ = ("keep", "kept", "lookup", "unresolved")

    def __init__(self, lookup: Callable[[str], _Value | None]) -> None:
        self.lookup = lookup
        self.unresolved: list[str] = []
        self.keep = False  # (an unset variable kept as `${NAME}`, not put in empty)
        self.kept = 0

    def unset(self, name: str) -> str:
        """What an unset variable is put in as (see :func:`_as_written`)."""
        self.unresolved.append(name)
        if not self.keep:
            return ""
        self.kept += 1
        return "${" + name + "}"

    def substitute(self, template: str, depth: int) -> str:
        if depth > _MAX_NESTING:
            raise _TemplateError("limit", "variables nested too deeply")
        out: list[str] = []
        size = 0
        pos = 0
        while True:
            match = _TEMPLATE.search(template, pos)
            if match is None:
                out.append(template[pos:])
                break
            out.append(template[pos : match.start()])
            value, used = self.replace(match.group(0), depth)
            out.append(value)
            size += len(value) + match.start() - pos
            if size > _MAX_TEXT:
                raise _TemplateError("limit", "interpolated text too long")
            # The rest of a greedy match is substituted on its own (compose-go
            # recurses on it): it ends with the line's last '}', so carrying on
            # from there is the same.
            pos = match.start() + used
        return "".join(out)

    def replace(self, substring: str, depth: int) -> tuple[str, int]:
        """The value of one match, and how much of it that value stands for."""
        template = substring
        close = _closing_brace(substring)
        if close > -1:
            substring = substring[: close + 1]
        match = _TEMPLATE.match(substring)
        if match is None:  # pragma: no cover - the match started at a '$' that matched
            raise _Invalid
        used = len(substring)
        if match.group("escaped"):
            return "$", used
        name = match.group("named")
        if name:
            return self.plain(name), used
        braced = match.group("braced")
        if braced:
            operator = _operator(template)
            if operator is None:
                return self.plain(braced), used
            return self.modified(braced, operator, depth), used
        if match.group("mapping"):
            return substring, used
        raise _Invalid

    def plain(self, name: str) -> str:
        found = self.lookup(name)
        if found is None or found == ("", (name,)):  # (or one a run gives: `unknown`)
            return self.unset(name)
        self.unresolved.extend(found[1])
        return found[0]

    def nested(self, template: str, depth: int) -> _Value:
        saved = self.unresolved
        self.unresolved = []
        try:
            text = self.substitute(template, depth + 1)
            return text, tuple(self.unresolved)
        finally:
            self.unresolved = saved

    def modified(self, braced: str, operator: str, depth: int) -> str:
        name, _, argument = braced.partition(operator)
        # compose-go substitutes the argument first, whether it is used or not.
        word, word_unresolved = self.nested(argument, depth)
        found = self.lookup(name)
        strict = operator.startswith(":")
        if strict and found == ("", (name,)):
            # (a value only a run knows, `POSTGRES_VERSION: ${{ secrets.PG }}`: whether it is
            # empty, and so whether the default is taken, a run decides too)
            return self.unset(name)
        empty = found is None or (strict and not found[0])
        if operator in (":-", "-"):
            if empty:
                self.unresolved.extend(word_unresolved)
                return word
        elif operator in (":+", "+"):
            if not empty:
                self.unresolved.extend(word_unresolved)
                return word
            if found is None:
                return ""
        elif found is None:
            # `${TAG:?set TAG in .env}` with no value in the scan: the file says its user
            # gives it (from a .env that is not committed, the environment), so the value is
            # unresolved, as a plain `${TAG}` is; compose's error is for a run without it.
            return self.unset(name)
        elif empty:
            detail = f"required variable {name} is missing a value"
            raise _TemplateError("required", f"{detail}: {word}" if word else detail, (name,))
        assert found is not None
        self.unresolved.extend(found[1])
        return found[0]


def _closing_brace(text: str) -> int:
    """compose-go's ``getFirstBraceClosingIndex``: every '{' opens (and skips a character)."""
    depth = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "}":
            depth -= 1
            if depth == 0:
                return i
        elif ch == "{":
            depth += 1
            i += 1
        i += 1
    return -1


def _operator(template: str) -> str | None:
    """The modifier that comes first in ``template`` (compose-go sorts them by position)."""
    best: str | None = None
    best_at = -1
    for operator in _OPERATORS:
        at = template.find(operator)
        if at >= 0 and (best is None or at < best_at):
            best, best_at = operator, at
    return best


# --- .env files (compose-go dotenv) -----------------------------------------------------

_SPACE = frozenset(GO_SPACES)  # Go's unicode.IsSpace
_LINE_SPACE = frozenset("\t\v\f\r \x85\xa0")  # dotenv's isSpace: not a line break
_EXPORT = lazy_pattern(r"export[\t\n\f\r ]+")
_ESCAPE = lazy_pattern(r"\\(?:[abcfnrtv$\"\\]|0[0-9]{0,3})")
_SIMPLE_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_SIMPLE_ESCAPES.update({"\\": "\\", '"': '"'})


class _DotenvError(Exception):
    def __init__(self, line: int, message: str, partial: _Env) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.partial = partial


def dotenv_values(text: str) -> tuple[dict[str, str], frozenset[str]]:
    """The variables an env file sets, as compose-go's dotenv reads it alone (no environment),
    up to its first error; and the names of those whose value uses a variable it leaves unset
    (a run's)."""
    try:
        found = _parse_dotenv(text, lambda name: None)
    except _DotenvError as error:
        found = error.partial
    values = {name: value for name, (value, _) in found.items()}
    return values, frozenset(name for name, (_, unset) in found.items() if unset)


def _parse_dotenv(text: str, lookup: Callable[[str], _Value | None]) -> _Env:
    """The variables of an env file; ``lookup`` gives the values that win inside it.

    Raises :class:`_DotenvError` (with what was read before the error).
    """
    text = text.removeprefix("\ufeff")
    out: _Env = {}
    n = len(text)
    i = 0

    def fail(at: int, message: str) -> _DotenvError:
        return _DotenvError(text.count("\n", 0, at) + 1, message, out)

    def expand(value: str, at: int) -> _Value:
        def find(name: str) -> _Value | None:
            found = lookup(name)
            return found if found is not None else out.get(name)

        try:
            return _interpolate(value, find)
        except _TemplateError as error:
            detail = error.detail
            if error.kind == "invalid":
                detail = f"invalid interpolation format: {detail}"
            raise fail(at, detail) from None

    while True:
        # getStatementStart: white space and comment lines
        while True:
            while i < n and text[i] in _SPACE:
                i += 1
            if i >= n:
                return out
            if text[i] != "#":
                break
            end = text.find("\n", i)
            if end < 0:
                return out
            i = end
        start = i
        # locateKeyName
        if _EXPORT.match(text, i):
            i += len("export")
            while i < n and text[i] in _LINE_SPACE:
                i += 1
        key = ""
        inherited = False
        offset = i  # with no terminator, Go's key is "" and the value starts here
        j = i
        while j < n:
            ch = text[j]
            if ch in _LINE_SPACE:
                j += 1
                continue
            if ch in "=:\n":
                key = text[i:j]
                inherited = ch == "\n"
                offset = j + 1
                break
            if ch in "_.-[]" or ch.isalpha() or ch.isnumeric():
                j += 1
                continue
            first = text[i:].split("\n", 1)[0]
            raise fail(j, f"unexpected character {go_quote(ch)} in variable name {go_quote(first)}")
        key = key.rstrip(GO_SPACES)
        i = offset
        while i < n and text[i] in _LINE_SPACE:
            i += 1
        if " " in key:
            raise fail(start, "key cannot contain a space")
        if inherited:
            found = lookup(key)
            if found is not None:
                out[key] = found
            continue
        if i < n and text[i] in "\"'":
            quote = text[i]
            chars: list[str] = []
            escaped = False
            j = i + 1
            while j < n:
                ch = text[j]
                if escaped:
                    escaped = False
                    if ch != quote:
                        chars.append("\\")
                    chars.append(ch)
                elif ch == "\\":
                    escaped = True
                elif ch == quote:
                    break
                else:
                    chars.append(ch)
                j += 1
            else:
                end = text.find("\n", i)
                raise fail(i, f"unterminated quoted value {text[i : end if end >= 0 else n]}")
            value = "".join(chars)
            if quote == '"':
                out[key] = expand(_expand_escapes(value), i)
            else:
                out[key] = (value, ())
            i = j + 1
        else:
            end = text.find("\n", i)
            line = text[i:] if end < 0 else text[i:end]
            value = line.split(" #", 1)[0].rstrip(GO_SPACES)
            out[key] = expand(value, i)
            i = n if end < 0 else end + 1


def _expand_escapes(value: str) -> str:
    """dotenv's ``expandEscapes``: Go's escapes in double quotes; ``\\$`` is a literal ``$``."""

    def one(match: re.Match[str]) -> str:
        text = match.group(0)
        if text == "\\$":
            return "$$"
        if text.startswith("\\0"):
            text = "\\" + text[2:]  # an octal escape: \0123 is \123
        ch = text[1:2]
        if ch in _SIMPLE_ESCAPES and len(text) == 2:
            return _SIMPLE_ESCAPES[ch]
        digits = text[1:]
        if len(digits) == 3 and all(c in "01234567" for c in digits) and int(digits, 8) < 256:
            return chr(int(digits, 8))
        return text  # strconv.UnquoteChar fails: kept as it is

    return _ESCAPE.sub(one, value)


# --- the model --------------------------------------------------------------------------


class _Source:
    """A file the scan read, numbered in the order it was first read."""

    __slots__ = ("order", "path")

    def __init__(self, path: str | None, order: int) -> None:
        self.path = path
        self.order = order


def _machine_path(written: str) -> bool:
    """Whether a path as written names a place on the user's machine rather than in the
    project: from their home (``~``, ``$HOME``, ``${HOME}``) or absolute."""
    return written.startswith(("~", "$HOME", "${HOME}", "/"))


class _Leaf:
    """A scalar as written, and its value after interpolation; ``written``: for one with
    unset variables, its value with those kept as ``${NAME}`` (see :func:`_as_written`)."""

    __slots__ = ("column", "failed", "line", "raw", "source", "text", "unresolved", "written")

    def __init__(
        self,
        source: _Source,
        line: int,
        column: int,
        raw: str,
        text: str,
        unresolved: tuple[str, ...],
        failed: bool,
        written: str | None = None,
    ) -> None:
        self.source = source
        self.line = line
        self.column = column
        self.raw = raw
        self.text = text
        self.unresolved = unresolved
        self.failed = failed
        self.written = written

    def same(self, other: object) -> bool:
        return isinstance(other, _Leaf) and other.text == self.text


class _Null:
    """A null ``image:``: an error (compose-go's schema), unless a merge keeps an earlier one."""

    __slots__ = ("line", "source")

    def __init__(self, source: _Source, line: int) -> None:
        self.source = source
        self.line = line


class _Pair:
    """An additional build context: its name and value (from a mapping or ``NAME=VALUE``)."""

    __slots__ = ("leaf", "name", "value")

    def __init__(self, name: str, leaf: _Leaf | None, value: str | None) -> None:
        self.name = name
        self.leaf = leaf
        self.value = value

    def same(self, other: object) -> bool:
        return isinstance(other, _Pair) and (other.name, other.value) == (self.name, self.value)


class _Extends:
    __slots__ = ("file", "service")

    def __init__(self, service: _Leaf, file: _Leaf | None) -> None:
        self.service = service
        self.file = file

    def same(self, other: object) -> bool:
        return (
            isinstance(other, _Extends)
            and self.service.same(other.service)
            and _same(self.file, other.file)
        )


class _Ctx:
    """How the values of one file are read: its variables, directory and path."""

    __slots__ = ("env", "key", "source", "workdir")

    def __init__(self, env: _Env, workdir: str | None, source: _Source, key: str | None) -> None:
        self.env = env
        self.workdir = workdir  # None: unknown (relative paths cannot be followed)
        self.source = source
        self.key = key  # the real path, to recognise a file read twice

    def lookup(self, name: str) -> _Value | None:
        return self.env.get(name)


class _Doc:
    """One document: its services (the fields that matter) and its !reset/!override paths."""

    __slots__ = ("include", "paths", "services")

    def __init__(self) -> None:
        self.services: dict[str, dict[str, object]] = {}
        self.paths: set[tuple[str, ...]] = set()
        self.include: yaml.Node | None = None


def _same(a: object, b: object) -> bool:
    """Structural equality of two model values (compares the interpolated texts)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, _Leaf | _Pair | _Extends):
        return a.same(b)
    return a is None and b is None


def _without(tree: Tree, path: tuple[str, ...]) -> Tree:
    """``tree`` without the entry at ``path`` (copied along the way, never changed).

    The copy has the tree's own type (a dict stays the same dict type, a list a list), which
    mypy cannot see through ``isinstance``: hence the ignores.
    """
    head, rest = path[0], path[1:]
    if isinstance(tree, dict):
        if head not in tree:
            return tree
        if not rest:
            return {k: v for k, v in tree.items() if k != head}  # type: ignore[return-value]
        return {**tree, head: _without(tree[head], rest)}  # type: ignore[return-value]
    if isinstance(tree, list) and not rest:
        # additional contexts are kept as a list of named pairs
        return [  # type: ignore[return-value]
            item for item in tree if not (isinstance(item, _Pair) and item.name == head)
        ]
    return tree


def _unique(items: list[object], key: Callable[[object], object]) -> list[object]:
    """compose-go's ``EnforceUnicity``: a later item replaces an earlier one with its key."""
    out: list[object] = []
    seen: dict[object, int] = {}
    for item in items:
        k = key(item)
        if k in seen:
            out[seen[k]] = item
        else:
            seen[k] = len(out)
            out.append(item)
    return out


def _tag_key(item: object) -> object:
    if isinstance(item, _Leaf):
        return item.text.partition("=")[0]
    return id(item)


def _context_key(item: object) -> object:
    return item.name if isinstance(item, _Pair) else id(item)


def _volume_key(item: object) -> object:
    if isinstance(item, _Leaf):
        return _volume_target(item.text)
    if isinstance(item, dict):
        target = item.get("target")
        if isinstance(target, _Leaf):
            return target.text
    return id(item)


def _volume_target(spec: str) -> str:
    """The target of a short volume syntax (compose-go ``format.ParseVolume``)."""
    if len(spec) <= 2:
        return spec
    fields: list[str] = []
    buffer: list[str] = []
    for ch in spec:
        if ch == ":" and not (len(buffer) == 1 and buffer[0].isalpha()):
            fields.append("".join(buffer))
            buffer = []
        else:
            buffer.append(ch)
    fields.append("".join(buffer))
    return fields[0] if len(fields) == 1 else fields[1]


def _csv_fields(text: str) -> list[str]:
    """The fields of one CSV record (double quotes group and "" escapes a quote)."""
    fields: list[str] = []
    current: list[str] = []
    quoted = False
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if quoted:
            if ch == '"':
                if i + 1 < n and text[i + 1] == '"':
                    current.append('"')
                    i += 1
                else:
                    quoted = False
            else:
                current.append(ch)
        elif ch == '"':
            quoted = True
        elif ch == ",":
            fields.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    fields.append("".join(current))
    return fields


def _cache_refs(text: str) -> list[str] | str:
    """The registry references of a ``cache_from`` entry (buildx ``ParseCacheEntry``).

    A string is the error buildx reports.
    """
    if not text:
        return []
    fields = _csv_fields(text)
    if "=" not in text:
        return [field for field in fields if field]
    kind = ""
    ref: str | None = None
    for field in fields:
        name, sep, value = field.partition("=")
        if not sep:
            return f"invalid value {field}"
        name = name.lower()
        if name == "type":
            kind = value
        elif name == "ref":
            ref = value
    if not kind:
        return f"type required form> {go_quote(text)}"
    return [ref] if kind == "registry" and ref else []


def _normalize_project_name(name: str) -> str:
    return "".join(re.findall(r"[a-z0-9_-]", name.lower())).lstrip("_-")


# --- the scan ---------------------------------------------------------------------------


class _Scanner:
    __slots__ = (
        "budget",
        "builds",
        "built",
        "dotenv",
        "env",
        "errors",
        "extended",
        "files",
        "inputs",
        "max_bytes",
        "models",
        "occurrences",
        "override",
        "path",
        "project_directory",
        "sources",
        "suppressions",
        "written",
    )

    def __init__(self, path: str | None, env: Mapping[str, str], max_bytes: int) -> None:
        self.path = path
        #: The files read instead of the project's ``.env`` (``--env-file``), and where that is.
        self.dotenv: list[str] | None = None
        self.project_directory: str | None = None
        #: Whether the directory's override file is merged over the file (no ``-f``).
        self.override = False
        self.env: _Env = {name: (value, ()) for name, value in env.items()}
        self.max_bytes = max_bytes
        self.budget = _MAX_DOCUMENTS
        self.errors: list[SourceError] = []
        self.suppressions: list[Suppression] = []
        self.builds: list[BuildConfig] = []
        self.built: list[BuiltImage] = []
        #: The repositories services build whose names have unset variables, as written
        #: (``BuildFile.written``): a build argument written the same names one of them.
        self.written: list[BuiltImage] = []
        self.models: dict[str, _Leaf] = {}
        #: Every file the result depends on: (mtime, size) when read, None when absent.
        self.inputs: dict[str, tuple[int, int] | None] = {}
        self.occurrences: list[tuple[tuple[object, ...], Occurrence]] = []
        self.sources: dict[str | None, _Source] = {}
        self.files: dict[str, YamlFile | str] = {}  # real path -> file, or why it is unreadable
        self.extended: dict[tuple[object, ...], tuple[dict[str, dict[str, object]], _Ctx]] = {}

    # --- results and errors ---

    def result(self) -> list[Occurrence]:
        """The occurrences in file order, each once (an anchor can bring a value twice)."""
        self.occurrences.sort(key=lambda pair: pair[0])
        unique: dict[tuple[object, ...], Occurrence] = {}
        for order, occurrence in self.occurrences:
            # Occurrence hashes without its context: many services sharing one
            # anchored value would all collide there.
            unique.setdefault((*order, tuple(occurrence.context.items())), occurrence)
        return list(unique.values())

    def error(self, source: _Source, line: int | None, message: str) -> None:
        self.errors.append(SourceError(source.path, line, message))

    def node_error(self, ctx: _Ctx, node: yaml.Node, message: str) -> None:
        self.error(ctx.source, position(node)[0], message)

    def source(self, path: str | None) -> _Source:
        found = self.sources.get(path)
        if found is None:
            found = self.sources[path] = _Source(path, len(self.sources))
        return found

    # --- the project ---

    def run(self, data: str | bytes) -> None:
        path = self.path
        workdir = os.path.dirname(path) if path is not None else None
        env = self.env
        if self.dotenv is not None:  # (`docker compose --env-file`)
            for name, value in self.env_files(
                [f for f in self.dotenv if self.exists(f)], env
            ).items():
                env.setdefault(name, value)
        elif workdir is not None or self.project_directory is not None:
            dotenv = os.path.join(self.project_directory or workdir or "", ".env")
            if self.exists(dotenv):
                for name, value in self.env_files([dotenv], env).items():
                    env.setdefault(name, value)
        main = self.source(path)
        loaded = load_yaml(data, path=path, max_bytes=self.max_bytes)
        self.errors.extend(loaded.errors)
        self.suppressions.extend(loaded.suppressions)
        key = os.path.realpath(path) if path is not None else None
        ctx = _Ctx(env, workdir, main, key)
        self.project_name(loaded, ctx)
        services: dict[str, dict[str, object]] = {}
        for node in loaded.documents:
            services = self.document(node, ctx, services, [key] if key else [], follow=True)
        if self.override and path is not None:
            services = self.merge_override(path, ctx, services, [key] if key else [])
        self.emit(services)

    def merge_override(
        self, path: str, ctx: _Ctx, services: dict[str, dict[str, object]], chain: list[str]
    ) -> dict[str, dict[str, object]]:
        """The override file compose merges over ``path`` without ``-f``, merged (the
        project's directory and variables are the first file's)."""
        from .project import default_override

        override = default_override(path, self.exists)
        if override is None:
            return services
        loaded = self.read_yaml(override)
        if isinstance(loaded, str):
            self.error(self.source(override), None, f"cannot read: {loaded}")
            return services
        sub = _Ctx(ctx.env, ctx.workdir, self.source(override), os.path.realpath(override))
        for node in loaded.documents:
            services = self.document(node, sub, services, chain, follow=True)
        return services

    def project_name(self, loaded: YamlFile, ctx: _Ctx) -> None:
        """``COMPOSE_PROJECT_NAME``: the environment's, the top-level ``name``, or the directory."""
        current = ctx.env.get("COMPOSE_PROJECT_NAME")
        if current is not None and current[0]:
            return
        name = ""
        for node in loaded.documents:
            entry = self.mapping(node).get("name")
            text = scalar(entry[0]) if entry is not None else None
            if text:
                name = text
        if name:
            try:
                name = _interpolate(name, ctx.lookup)[0]
            except _TemplateError:
                name = ""
            name = _normalize_project_name(name)
        if not name and ctx.workdir is not None:
            name = _normalize_project_name(os.path.basename(os.path.abspath(ctx.workdir or ".")))
        if name:
            ctx.env["COMPOSE_PROJECT_NAME"] = (name, ())

    def document(
        self,
        node: yaml.Node,
        ctx: _Ctx,
        services: dict[str, dict[str, object]],
        chain: list[str],
        *,
        follow: bool,
    ) -> dict[str, dict[str, object]]:
        """Merge one document into ``services`` (``follow``: its include and extends too)."""
        self.budget -= 1
        if self.budget < 0:
            if self.budget == -1:
                self.error(ctx.source, None, f"more than {_MAX_DOCUMENTS:,} documents to read")
            return services
        doc = self.convert(node, ctx, includes=follow)
        if doc is None:
            return services
        if doc.include is not None:
            self.include(doc, ctx, chain)
        for path in sorted(doc.paths):
            if path == ("services",):
                services = {}
            elif path[0] == "services":
                services = _without(services, path[1:])
        if follow:
            for name in list(doc.services):
                self.extend(name, doc.services, ctx, doc.paths, [])
        return self.merge_services(services, doc.services)

    def merge_services(
        self, base: dict[str, dict[str, object]], over: dict[str, dict[str, object]]
    ) -> dict[str, dict[str, object]]:
        result = dict(base)
        for name, service in over.items():
            if name not in result or name.startswith("x-"):
                result[name] = service
            else:
                merged = self.merge(result[name], service, ("services", "*"), f"services.{name}")
                result[name] = merged if isinstance(merged, dict) else service
        return result

    # --- merging (compose-go override.mergeYaml, for the fields kept) ---

    def merge(self, base: object, over: object, pattern: tuple[str, ...], where: str) -> object:
        if pattern == ("services", "*", "build"):
            # mergeBuild: a string build is {context: ...} (already so in this model)
            if not isinstance(over, dict):
                return base
            if not isinstance(base, dict):
                return over
            return self.merge_mapping(base, over, pattern, where)
        if pattern == ("services", "*", "build", "additional_contexts"):
            return _as_list(base) + _as_list(over)  # mergeToSequence
        if over is None or (isinstance(over, _Null) and base is not None):
            return base
        if isinstance(base, dict):
            if not isinstance(over, dict):
                self.cannot_override(over, where)
                return base
            return self.merge_mapping(base, over, pattern, where)
        if isinstance(base, list):
            if not isinstance(over, list):
                self.cannot_override(over, where)
                return base
            return base + over
        return over

    def merge_mapping(
        self,
        base: dict[str, object],
        over: dict[str, object],
        pattern: tuple[str, ...],
        where: str,
    ) -> dict[str, object]:
        result = dict(base)
        for key, value in over.items():
            if key not in result or key.startswith("x-"):
                result[key] = value
            else:
                result[key] = self.merge(result[key], value, (*pattern, key), f"{where}.{key}")
        return result

    def cannot_override(self, over: object, where: str) -> None:
        if isinstance(over, _Leaf):
            self.error(over.source, over.line, f"cannot override {where}")

    # --- reading a document ---

    def mapping(self, node: yaml.Node | None) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """(value, key node) by key, merge keys resolved (:func:`._yaml.items`)."""
        return {key: (value, key_node) for key, value, key_node in items(node)}

    def convert(self, root: yaml.Node, ctx: _Ctx, *, includes: bool) -> _Doc | None:
        import yaml

        if not isinstance(root, yaml.MappingNode):
            self.node_error(ctx, root, "top-level object must be a mapping")
            return None
        doc = _Doc()
        fields = self.mapping(root)
        entry = fields.get("services")
        if entry is not None:
            node = entry[0]
            if self.dropped(node, ("services",), doc) or _is_null(node):
                pass
            elif not isinstance(node, yaml.MappingNode):
                self.node_error(ctx, node, "services must be a mapping")
            else:
                for name, (value, _) in self.mapping(node).items():
                    if self.dropped(value, ("services", name), doc):
                        continue
                    service = self.service(value, name, ctx, doc)
                    if service is not None:
                        doc.services[name] = service
        entry = fields.get("include")
        if includes and entry is not None:
            node = entry[0]
            if not self.dropped(node, ("include",), doc) and not _is_null(node):
                doc.include = node
        entry = fields.get("models")
        if entry is not None and not _is_null(entry[0]):
            self.models_of(entry[0], ctx)
        return doc

    def models_of(self, node: yaml.Node, ctx: _Ctx) -> None:
        """``models.NAME.model``: the OCI artifact Docker Model Runner pulls (a later one wins)."""
        import yaml

        if not isinstance(node, yaml.MappingNode):
            self.node_error(ctx, node, "models must be a mapping")
            return
        for name, (value, _) in self.mapping(node).items():
            if value.tag == _RESET:
                self.models.pop(name, None)
                continue
            model = (
                self.mapping(value).get("model") if isinstance(value, yaml.MappingNode) else None
            )
            if model is not None:
                leaf = self.leaf(model[0], ctx, f"models.{name}.model")
                if leaf is not None and leaf.raw:
                    self.models[name] = leaf

    def dropped(self, node: yaml.Node, path: tuple[str, ...], doc: _Doc) -> bool:
        """Record a ``!reset`` (the node is dropped) or ``!override`` at ``path``."""
        if node.tag == _RESET:
            doc.paths.add(path)
            return True
        if node.tag == _OVERRIDE:
            doc.paths.add(path)
        return False

    def service(self, node: yaml.Node, name: str, ctx: _Ctx, doc: _Doc) -> dict[str, object] | None:
        import yaml

        if _is_null(node):
            return {}
        if not isinstance(node, yaml.MappingNode):
            self.node_error(ctx, node, f"services.{name} must be a mapping")
            return None
        service: dict[str, object] = {}
        for key, (value, _) in self.mapping(node).items():
            if key not in ("image", "pull_policy", "build", "volumes", "extends", "pre_start"):
                continue
            path = ("services", name, key)
            if self.dropped(value, path, doc):
                continue
            where = f"services.{name}.{key}"
            if key == "image" and _is_null(value):
                # compose-go's schema refuses it, unless a merge keeps an earlier image.
                service[key] = _Null(ctx.source, position(value)[0])
            elif key in ("image", "pull_policy"):
                service[key] = self.leaf(value, ctx, where)
            elif key == "build":
                service[key] = self.build(value, ctx, path, where, doc)
            elif key == "volumes":
                service[key] = self.volumes(value, ctx, where)
            elif key == "pre_start":
                service[key] = self.hooks(value, ctx, where)
            else:
                service[key] = self.extends_entry(value, ctx, where)
        return service

    def leaf(self, node: yaml.Node, ctx: _Ctx, where: str) -> _Leaf | None:
        """A scalar, interpolated (``None`` for a null; an error for anything else)."""
        import yaml

        if not isinstance(node, yaml.ScalarNode):
            self.node_error(ctx, node, f"{where} must be a string")
            return None
        if node.tag == _NULL:
            return None
        raw = scalar(node) or ""
        # Where the text starts: after an anchor, a tag or an opening quote (edits need it).
        line, column = value_position(node)
        try:
            text, unresolved = _interpolate(raw, ctx.lookup)
        except _TemplateError as error:
            self.error(ctx.source, line, error.message(where))
            return _Leaf(ctx.source, line, column, raw, raw, error.missing, True)
        written = _as_written(raw, ctx.lookup) if unresolved else None
        return _Leaf(ctx.source, line, column, raw, text, unresolved, False, written)

    def leaves(self, node: yaml.Node, ctx: _Ctx, where: str) -> list[object] | None:
        import yaml

        if _is_null(node):
            return None
        if not isinstance(node, yaml.SequenceNode):
            self.node_error(ctx, node, f"{where} must be a list")
            return None
        out: list[object] = []
        for item in sequence(node):
            if item.tag == _RESET:
                continue
            found = self.leaf(item, ctx, f"{where}.[]")
            if found is not None:
                out.append(found)
        return out

    def build(
        self, node: yaml.Node, ctx: _Ctx, path: tuple[str, ...], where: str, doc: _Doc
    ) -> dict[str, object] | None:
        import yaml

        if _is_null(node):
            return None
        if isinstance(node, yaml.ScalarNode):
            return {"context": self.leaf(node, ctx, where), _WORKDIR: ctx.workdir}
        if not isinstance(node, yaml.MappingNode):
            self.node_error(ctx, node, f"{where} must be a string or a mapping")
            return None
        build: dict[str, object] = {_WORKDIR: ctx.workdir}
        for key, (value, _) in self.mapping(node).items():
            if key not in _BUILD_FIELDS:
                continue
            if self.dropped(value, (*path, key), doc):
                continue
            if key == "additional_contexts":
                build[key] = self.contexts(value, ctx, (*path, key), f"{where}.{key}", doc)
            elif key == "args":
                build[key] = self.args(value, ctx, f"{where}.{key}")
            elif key in ("tags", "cache_from", "platforms"):
                build[key] = self.leaves(value, ctx, f"{where}.{key}")
            else:
                build[key] = self.leaf(value, ctx, f"{where}.{key}")
        return build

    def args(self, node: yaml.Node, ctx: _Ctx, where: str) -> dict[str, object] | None:
        """Build arguments, a mapping or ``NAME=VALUE`` items; a name alone (or a null value)
        takes its value from the environment, and is left out when that has none."""
        import yaml

        if _is_null(node):
            return None
        found: dict[str, object] = {}
        if isinstance(node, yaml.MappingNode):
            for name, (value, _) in self.mapping(node).items():
                leaf = None if _is_null(value) else self.leaf(value, ctx, f"{where}.{name}")
                found[name] = leaf if leaf is not None else self.from_env(name, ctx)
        elif isinstance(node, yaml.SequenceNode):
            for item in sequence(node):
                leaf = self.leaf(item, ctx, f"{where}.[]")
                if leaf is None:
                    continue
                key, sep, text = leaf.text.partition("=")
                if sep:
                    written = None if leaf.written is None else leaf.written.partition("=")[2]
                    found[key] = _Leaf(
                        leaf.source, leaf.line, leaf.column, leaf.raw, text,
                        leaf.unresolved, leaf.failed, written,
                    )  # fmt: skip
                else:
                    found[key] = self.from_env(key, ctx)
        else:
            self.node_error(ctx, node, f"{where} must be a list or a mapping")
            return None
        return found

    def from_env(self, name: str, ctx: _Ctx) -> _Leaf | None:
        value = ctx.env.get(name)
        if value is None:
            return None
        return _Leaf(ctx.source, 0, 0, value[0], value[0], value[1], False)

    def contexts(
        self, node: yaml.Node, ctx: _Ctx, path: tuple[str, ...], where: str, doc: _Doc
    ) -> list[object] | None:
        import yaml

        if _is_null(node):
            return None
        pairs: list[object] = []
        if isinstance(node, yaml.MappingNode):
            for name, (value, _) in self.mapping(node).items():
                if self.dropped(value, (*path, name), doc):
                    continue
                found = self.leaf(value, ctx, f"{where}.{name}")
                pairs.append(_Pair(name, found, found.text if found else None))
        elif isinstance(node, yaml.SequenceNode):
            for item in sequence(node):
                if item.tag == _RESET:
                    continue
                found = self.leaf(item, ctx, f"{where}.[]")
                if found is not None:
                    key, sep, text = found.text.partition("=")
                    pairs.append(_Pair(key, found, text if sep else None))
        else:
            self.node_error(ctx, node, f"{where} must be a list or a mapping")
            return None
        return pairs

    def hooks(self, node: yaml.Node, ctx: _Ctx, where: str) -> list[object] | None:
        """``pre_start``: init containers run before the service's, each ``image`` its own
        (compose-spec ``pre_start_hook``; without one, the service's image runs it)."""
        import yaml

        if _is_null(node):
            return None
        if not isinstance(node, yaml.SequenceNode):
            self.node_error(ctx, node, f"{where} must be a list")
            return None
        images: list[object] = []
        for index, item in enumerate(sequence(node)):
            if item.tag == _RESET or _is_null(item):
                continue
            if not isinstance(item, yaml.MappingNode):
                self.node_error(ctx, item, f"{where}[{index}] must be a mapping")
                continue
            entry = self.mapping(item).get("image")
            if entry is not None:
                found = self.leaf(entry[0], ctx, f"{where}[{index}].image")
                if found is not None:
                    images.append(found)
        return images

    def volumes(self, node: yaml.Node, ctx: _Ctx, where: str) -> list[object] | None:
        import yaml

        if _is_null(node):
            return None
        if not isinstance(node, yaml.SequenceNode):
            self.node_error(ctx, node, f"{where} must be a list")
            return None
        out: list[object] = []
        for item in sequence(node):
            if item.tag == _RESET or _is_null(item):
                continue
            if isinstance(item, yaml.ScalarNode):
                found = self.leaf(item, ctx, f"{where}.[]")
                if found is not None:
                    out.append(found)
            elif isinstance(item, yaml.MappingNode):
                volume: dict[str, object] = {}
                for key, (value, _) in self.mapping(item).items():
                    if key in ("type", "source", "target"):
                        volume[key] = self.leaf(value, ctx, f"{where}.[].{key}")
                out.append(volume)
            else:
                self.node_error(ctx, item, f"{where}.[] must be a string or a mapping")
        return out

    def extends_entry(self, node: yaml.Node, ctx: _Ctx, where: str) -> _Extends | None:
        import yaml

        if isinstance(node, yaml.ScalarNode) and node.tag != _NULL:
            service = self.leaf(node, ctx, where)
            return _Extends(service, None) if service is not None else None
        if isinstance(node, yaml.MappingNode):
            fields = self.mapping(node)
            entry = fields.get("service")
            service = self.leaf(entry[0], ctx, f"{where}.service") if entry else None
            if service is None:
                self.node_error(ctx, node, f"{where}.service is required")
                return None
            entry = fields.get("file")
            file = self.leaf(entry[0], ctx, f"{where}.file") if entry else None
            return _Extends(service, file)
        self.node_error(ctx, node, f"{where} must be a string or a mapping")
        return None

    # --- extends ---

    def extend(
        self,
        name: str,
        services: dict[str, dict[str, object]],
        ctx: _Ctx,
        paths: set[tuple[str, ...]],
        chain: list[tuple[str, str]],
    ) -> dict[str, object] | None:
        """The service ``name`` of ``services`` with its ``extends`` applied (stored back)."""
        service = services.get(name)
        if service is None:
            return None
        extends = service.get("extends")
        if not isinstance(extends, _Extends):
            return service
        own = {k: v for k, v in service.items() if k != "extends"}
        services[name] = own  # a cycle or an error leaves the service as written
        reference = extends.service
        if reference.failed:
            return own
        ref = reference.text
        here = ctx.source.path or "<text>"
        where_file = here
        base_services, base_ctx, base_paths = services, ctx, paths
        if extends.file is not None:
            if extends.file.failed:
                return own
            loaded = self.extended_file(name, extends.file, ctx)
            if loaded is None:
                return own
            base_services, base_ctx = loaded
            base_paths = set()
            where_file = base_ctx.source.path or "<text>"
            if ref not in base_services:
                self.error(
                    reference.source,
                    reference.line,
                    f"cannot extend service {name!r} in {here}: "
                    f"service {ref!r} not found in {extends.file.text}",
                )
                return own
        elif ref not in services:
            self.error(
                reference.source,
                reference.line,
                f"cannot extend service {name!r} in {here}: service {ref!r} not found",
            )
            return own
        link = (here, name)
        target = (where_file, ref)
        if target == link or target in chain:
            steps = [*chain, link, target]
            described = " extends ".join(f"{service} in {file}" for file, service in steps)
            self.error(reference.source, reference.line, f"circular reference: {described}")
            return own
        if len(chain) > _MAX_CHAIN:
            self.error(reference.source, reference.line, "extends chain too long")
            return own
        base = self.extend(ref, base_services, base_ctx, base_paths, [*chain, link])
        if base is None:
            return own
        for path in sorted(paths):
            if len(path) > 2 and path[:2] == ("services", name):
                base = _without(base, path[2:])
        merged = self.merge(base, own, ("services", "*"), f"services.{name}")
        result = merged if isinstance(merged, dict) else own
        services[name] = result
        return result

    def extended_file(
        self, name: str, file: _Leaf, ctx: _Ctx
    ) -> tuple[dict[str, dict[str, object]], _Ctx] | None:
        """The services of the file an ``extends`` names (merged, its extends not applied)."""
        text = file.text
        if _REMOTE.match(text):
            return None  # a remote file is not followed
        target = self.resolve(ctx, text)
        if target is None:
            self.error(
                file.source,
                file.line,
                f"cannot follow {text!r}: the compose file's path is unknown",
            )
            return None
        cache_key = (os.path.realpath(target), id(ctx.env))
        cached = self.extended.get(cache_key)
        if cached is not None:
            return cached
        loaded = self.read_yaml(target)
        if isinstance(loaded, str):
            if _machine_path(file.raw) and not os.path.exists(target):
                # (docksal's stacks extend ${HOME}/.docksal/stacks/services.yml, which its `fin`
                # installs: the user's machine has it, not the project)
                note = (
                    f"services extend {file.raw!r}, a file of the user's machine, not the "
                    "project's: what they take from it is not read here"
                )
                if not any(e.note and e.message == note for e in self.errors):
                    self.errors.append(SourceError(file.source.path, file.line, note, note=True))
                return None
            self.error(
                file.source, file.line, f"cannot extend service {name!r}: {text!r}: {loaded}"
            )
            return None
        base_ctx = _Ctx(ctx.env, os.path.dirname(target), self.source(target), cache_key[0])
        services: dict[str, dict[str, object]] = {}
        for node in loaded.documents:
            services = self.document(node, base_ctx, services, [], follow=False)
        result = (services, base_ctx)
        self.extended[cache_key] = result
        return result

    # --- include ---

    def include(self, doc: _Doc, ctx: _Ctx, chain: list[str]) -> None:
        import yaml

        node = doc.include
        assert node is not None
        if not isinstance(node, yaml.SequenceNode):
            self.node_error(ctx, node, "include must be a list")
            return
        # Compose v5 (compose-go v3's collectAllLayers) merges the included files first, in
        # order, and the including document over them: a service the includer names again
        # refines the included one (wger-project/docker's docker-compose.yml adds shm_size to
        # the db of services/postgres.yaml); Compose v2 refused it ("conflicts with imported
        # resource") unless the two were equal.
        included: dict[str, dict[str, object]] = {}
        for item in sequence(node):
            included = self.merge_services(included, self.include_entry(item, ctx, chain))
        for path in sorted(doc.paths):
            if path[0] == "services" and len(path) > 1:
                included = _without(included, path[1:])
        doc.services = self.merge_services(included, doc.services)

    def include_entry(
        self, item: yaml.Node, ctx: _Ctx, chain: list[str]
    ) -> dict[str, dict[str, object]]:
        """The services one ``include:`` entry brings (none when it cannot be followed)."""
        import yaml

        where = "include.[]"
        paths: list[_Leaf] = []
        project_dir: _Leaf | None = None
        env_files: list[_Leaf] | None = None
        if isinstance(item, yaml.ScalarNode) and item.tag != _NULL:
            found = self.leaf(item, ctx, where)
            paths = [found] if found is not None else []
        elif isinstance(item, yaml.MappingNode):
            fields = self.mapping(item)
            entry = fields.get("path")
            if entry is not None:
                paths = self.path_list(entry[0], ctx, f"{where}.path")
            entry = fields.get("project_directory")
            if entry is not None:
                project_dir = self.leaf(entry[0], ctx, f"{where}.project_directory")
            entry = fields.get("env_file")
            if entry is not None:
                env_files = self.path_list(entry[0], ctx, f"{where}.env_file")
        else:
            self.node_error(ctx, item, f"{where} must be a string or a mapping")
            return {}
        if not paths:
            self.node_error(ctx, item, f"{where}.path is required")
            return {}
        if any(found.failed for found in paths) or (project_dir and project_dir.failed):
            return {}
        if any(_REMOTE.match(found.text) for found in paths):
            return {}  # remote includes (oci://, git) are not followed
        files: list[str] = []
        for found in paths:
            target = self.resolve(ctx, found.text)
            if target is None:
                self.error(
                    found.source,
                    found.line,
                    f"cannot include {found.text!r}: the compose file's path is unknown",
                )
                return {}
            files.append(target)
        first = files[0]
        directory = os.path.dirname(first)
        if project_dir is not None and project_dir.text:
            resolved = self.resolve(ctx, project_dir.text)
            if resolved is None:
                self.error(
                    project_dir.source,
                    project_dir.line,
                    f"cannot follow {project_dir.text!r}: the compose file's path is unknown",
                )
                return {}
            directory = resolved
        key = os.path.realpath(first)
        if key in chain:
            cycle = " include ".join([*chain, key])
            self.error(paths[0].source, paths[0].line, f"include cycle detected: {cycle}")
            return {}
        if len(chain) > _MAX_CHAIN:
            self.error(paths[0].source, paths[0].line, "includes nested too deeply")
            return {}
        # the included project's variables: its env files, the including project's values winning
        wanted: list[str] = []
        if env_files is None:
            default = os.path.join(directory, ".env")
            if self.exists(default):
                wanted.append(default)
        else:
            for found in env_files:
                if found.failed:
                    continue
                target = self.resolve(ctx, found.text)
                if target is None or not self.exists(target):
                    self.error(found.source, found.line, f"env file {found.text!r} not found")
                    continue
                wanted.append(target)
        env = dict(ctx.env)
        for name, value in self.env_files(wanted, ctx.env).items():
            env.setdefault(name, value)
        services: dict[str, dict[str, object]] = {}
        for found, target in zip(paths, files, strict=True):
            loaded = self.read_yaml(target)
            if isinstance(loaded, str):
                self.error(found.source, found.line, f"cannot include {found.text!r}: {loaded}")
                return {}
            sub = _Ctx(env, directory, self.source(target), os.path.realpath(target))
            for node in loaded.documents:
                services = self.document(node, sub, services, [*chain, key], follow=True)
        return services

    def path_list(self, node: yaml.Node, ctx: _Ctx, where: str) -> list[_Leaf]:
        import yaml

        if isinstance(node, yaml.SequenceNode):
            entries = sequence(node)
        elif isinstance(node, yaml.ScalarNode):
            entries = [node]
        else:
            self.node_error(ctx, node, f"{where} must be a string or a list")
            return []
        out: list[_Leaf] = []
        for item in entries:
            found = self.leaf(item, ctx, where)
            if found is not None:
                out.append(found)
        return out

    # --- files ---

    def resolve(self, ctx: _Ctx, text: str) -> str | None:
        """A path written in ``ctx``'s file, from its directory (``None``: unknown)."""
        if os.path.isabs(text):
            return os.path.normpath(text)
        if ctx.workdir is None:
            return None
        return os.path.normpath(os.path.join(ctx.workdir, text))

    def exists(self, path: str) -> bool:
        """Whether a file is there (what the scan's result depends on, recorded)."""
        found = os.path.isfile(path)
        if not found:
            self.inputs.setdefault(path, None)
        return found

    def read_bytes(self, path: str) -> bytes | str:
        if len(self.files) >= _MAX_FILES:
            return f"more than {_MAX_FILES} files read"
        try:
            with open(path, "rb") as handle:
                stat = os.fstat(handle.fileno())
                self.inputs[path] = (stat.st_mtime_ns, stat.st_size)
                return handle.read(self.max_bytes + 1)
        except IsADirectoryError:
            return "a directory"
        except (OSError, ValueError) as error:
            reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
            return str(reason)

    def read_yaml(self, path: str) -> YamlFile | str:
        key = os.path.realpath(path)
        found = self.files.get(key)
        if found is not None:
            return found
        data = self.read_bytes(path)
        result: YamlFile | str
        if isinstance(data, str):
            result = data
        else:
            result = load_yaml(data, path=path, max_bytes=self.max_bytes)
            self.errors.extend(result.errors)
            self.suppressions.extend(result.suppressions)
        self.files[key] = result
        return result

    def env_files(self, files: list[str], parent: _Env) -> _Env:
        """compose-go ``dotenv.GetEnvFromFile``: each file sees ``parent``, then earlier files."""
        found: _Env = {}
        for path in files:
            data = self.read_bytes(path)
            if isinstance(data, str):
                self.errors.append(SourceError(path, None, f"cannot read: {data}"))
                continue
            if len(data) > self.max_bytes:
                self.errors.append(SourceError(path, None, f"more than {self.max_bytes:,} bytes"))
                continue
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as error:
                line = data.count(b"\n", 0, error.start) + 1
                self.errors.append(SourceError(path, line, "not UTF-8 text"))
                continue

            def lookup(name: str, earlier: _Env = found) -> _Value | None:
                value = parent.get(name)  # the environment first, then earlier files
                return value if value is not None else earlier.get(name)

            try:
                values = _parse_dotenv(text, lookup)
            except _DotenvError as error:
                self.errors.append(SourceError(path, error.line, error.message))
                values = error.partial
            found.update(values)
        return found

    # --- occurrences ---

    def emit(self, services: dict[str, dict[str, object]]) -> None:
        for name, model in self.models.items():
            self.occur(model, "", "models", model.text, {"model": name})
        for name, service in services.items():
            null = service.get("image")
            if isinstance(null, _Null):
                self.error(null.source, null.line, f"services.{name}.image must be a string")
        # (a service that runs the image another one builds, its name written the same way
        # with a variable the shell sets: open5gs' `run` and `test` services run the
        # `${USER}/${DIST-ubuntu}-${TAG-latest}-open5gs-build` its `build` service builds)
        built_here: dict[str, BuildSite] = {}
        for service in services.values():
            build, image = service.get("build"), service.get("image")
            if isinstance(build, dict) and isinstance(image, _Leaf) and image.unresolved:
                built_here.setdefault(image.raw, _build_site(build, image))
        for name, service in services.items():
            build = service.get("build")
            extra: dict[str, object] = {}
            policy = service.get("pull_policy")
            if isinstance(policy, _Leaf) and not policy.failed:
                extra["pull_policy"] = policy.text
            image = service.get("image")
            if isinstance(image, _Leaf) and image.raw and not _default_name(image, build):
                site = _build_site(build, image) if isinstance(build, dict) else None
                if site is None and image.unresolved:
                    site = built_here.get(image.raw)
                self.occur(image, name, "image", image.text, extra, built=site)
            if isinstance(build, dict):
                self.emit_build(name, build)
                self.builds.append(self.build_config(name, build, image))
            self.emit_hooks(name, service, extra)
            volumes = service.get("volumes")
            if isinstance(volumes, list):
                for volume in _unique(volumes, _volume_key):
                    if not isinstance(volume, dict):
                        continue
                    kind, source = volume.get("type"), volume.get("source")
                    if (
                        isinstance(kind, _Leaf)
                        and kind.text == "image"
                        and isinstance(source, _Leaf)
                    ):
                        self.occur(source, name, "volumes", source.text)

    def build_config(self, name: str, build: dict[str, object], image: object) -> BuildConfig:
        """What the service builds, as compose hands it to BuildKit."""
        context_leaf = build.get("context")
        at = context_leaf if isinstance(context_leaf, _Leaf) else None
        inline_leaf = build.get("dockerfile_inline")
        if isinstance(inline_leaf, _Leaf):
            # (an inline Dockerfile's lines are counted from its key's line)
            site = BuildSite("compose", inline_leaf.source.path, inline_leaf.line)
        elif at is not None:
            site = _build_site(build, at)
        else:
            line = image.line if isinstance(image, _Leaf) else None
            site = BuildSite("compose", self.path, line)
        workdir = build.get(_WORKDIR)
        base = workdir if isinstance(workdir, str) else None
        written = at.text if at is not None else "."
        context: str | None = None
        if not _REMOTE.match(written) and written != "-":
            context = written if base is None else os.path.normpath(os.path.join(base, written))
        inline = _text(build.get("dockerfile_inline"))
        dockerfile: str | None = None
        named_file = build.get("dockerfile")
        unset = named_file.unresolved if isinstance(named_file, _Leaf) else ()
        if inline is None and context is not None:
            given = _text(named_file)
            dockerfile = os.path.join(context, given or "Dockerfile")
            if given is None and not os.path.exists(dockerfile):
                from ._balena import balena_dockerfile

                # (no Dockerfile: balena's builders build the context's Dockerfile.template)
                dockerfile = balena_dockerfile(context) or dockerfile
        args_field = build.get("args")
        args: dict[str, str] = {}
        unresolved: dict[str, tuple[str, ...]] = {}
        as_written: dict[str, str] = {}  # (an unresolved argument's value, see _as_written)
        for key, value in args_field.items() if isinstance(args_field, dict) else ():
            if not isinstance(value, _Leaf):
                continue
            if value.unresolved:  # (a FROM that uses it is unresolved, not the ARG's default)
                unresolved[key] = value.unresolved
                if value.written is not None:
                    as_written[key] = value.written
            else:
                args[key] = value.text
        target = build.get("target")
        if isinstance(target, _Leaf) and target.unresolved:
            # (`target: ${RUNTIME}-runtime` with no RUNTIME here: the stage a run picks is
            # not known; the last stage is read, not a BuildKit error for "-runtime")
            target = None
        contexts = build.get("additional_contexts")
        named = {
            pair.name: pair.value
            for pair in _unique(contexts if isinstance(contexts, list) else [], _context_key)
            if isinstance(pair, _Pair) and pair.value is not None
        }
        tags = [image.text] if isinstance(image, _Leaf) and image.text else []
        tags += [tag.text for tag in _as_list(build.get("tags")) if isinstance(tag, _Leaf)]
        for tag in tags:
            self.built.append(BuiltImage(tag, site))
        if not (isinstance(image, _Leaf) and image.raw):
            # (no `image:`: compose names what it builds `<project>-<service>`, docker-
            # compose v1 `<project>_<service>`; the project is `name:`, COMPOSE_PROJECT_NAME
            # or the directory (docs.docker.com/compose/how-tos/project-name/; compose's
            # api.GetImageNameOrDefault). mitodl/mit-learn's Dockerfile-nb starts `FROM
            # mit-learn-web`, the image its docker-compose.yml's `web` build makes)
            project = self.env.get("COMPOSE_PROJECT_NAME")
            if project is not None and project[0] and not project[1]:
                prefix = _normalize_project_name(project[0])
                for separator in "-_":
                    self.built.append(BuiltImage(f"{prefix}{separator}{name.lower()}", site))
        if isinstance(image, _Leaf) and image.written is not None:
            # (open5gs' `base` service builds `${USER}/${DIST-ubuntu}-${TAG-latest}-open5gs-
            # base`, and its `build` service passes `username: ${USER}` to a Dockerfile that
            # starts `FROM ${username}/${dist}-${tag}-open5gs-base`: the same image)
            self.written.append(BuiltImage(repository_written(image.written), site))
        return BuildConfig(
            site=site,
            name=name,
            context=context,
            dockerfile=dockerfile,
            dockerfile_inline=inline,
            args=args,
            target=_text(target),
            contexts=named,
            tags=tags,
            platforms=[p.text for p in _as_list(build.get("platforms")) if isinstance(p, _Leaf)],
            unresolved=unresolved,
            written=as_written,
            unset=unset,
        )

    def emit_build(self, name: str, build: dict[str, object]) -> None:
        tags = build.get("tags")
        if isinstance(tags, list):
            for tag in _unique(tags, _tag_key):
                if isinstance(tag, _Leaf):
                    self.occur(tag, name, "build.tags", tag.text, built=_build_site(build, tag))
        contexts = build.get("additional_contexts")
        if isinstance(contexts, list):
            for pair in _unique(contexts, _context_key):
                if (
                    isinstance(pair, _Pair)
                    and pair.leaf is not None
                    and pair.value is not None
                    and pair.value.startswith(_DOCKER_IMAGE)
                ):
                    ref = pair.value[len(_DOCKER_IMAGE) :]
                    field = "build.additional_contexts"
                    self.occur(pair.leaf, name, field, ref, {"name": pair.name})
        caches = build.get("cache_from")
        if isinstance(caches, list):
            for cache in caches:
                if not isinstance(cache, _Leaf):
                    continue
                refs = [cache.text] if cache.failed else _cache_refs(cache.text)
                if isinstance(refs, str):
                    self.error(
                        cache.source, cache.line, f"services.{name}.build.cache_from: {refs}"
                    )
                    continue
                for ref in refs:
                    self.occur(cache, name, "build.cache_from", ref)

    def emit_hooks(self, name: str, service: dict[str, object], extra: dict[str, object]) -> None:
        """``pre_start`` images: compose pulls them as the service's image is pulled (its
        ``pull_policy``, ``build`` being ``missing``); one that is the service's image is it."""
        hooks = service.get("pre_start")
        if not isinstance(hooks, list):
            return
        policy = extra.get("pull_policy")
        hook_extra = {"pull_policy": "missing" if policy == "build" else policy} if policy else {}
        image, build = service.get("image"), service.get("build")
        for hook in hooks:
            if not isinstance(hook, _Leaf) or not hook.raw:
                continue
            site = None
            if isinstance(image, _Leaf) and isinstance(build, dict) and hook.text == image.text:
                site = _build_site(build, image)  # the image the service builds
            self.occur(hook, name, "pre_start", hook.text, hook_extra, built=site)

    def occur(
        self,
        leaf: _Leaf,
        service: str,
        field: str,
        text: str,
        extra: Mapping[str, object] | None = None,
        *,
        built: BuildSite | None = None,
    ) -> None:
        context: dict[str, object] = {"service": service, "field": field} if service else {}
        if not service:
            context["field"] = field
        context.update(extra or {})
        reference, error = parse_or_error(text)
        unresolved = leaf.unresolved
        if unresolved and reference is not None and not leaf.failed:
            prefix = mirror_prefix(leaf.raw, unresolved)
            if prefix is not None:  # (blank, the Docker Hub image the file names)
                context["mirror_prefix"] = prefix
                unresolved = ()
        if leaf.failed or unresolved:
            reference = None
        occurrence = Occurrence(
            path=leaf.source.path,
            line=leaf.line,
            column=leaf.column,
            kind="compose",
            raw=leaf.raw,
            text=text,
            reference=reference,
            error=error,
            unresolved=unresolved,
            built=built,
            context=context,
        )
        order = (leaf.source.order, leaf.line, leaf.column, service, field, text)
        self.occurrences.append((order, occurrence))


def _default_name(image: _Leaf, build: object) -> bool:
    """Whether a service that builds names its image with a value that is empty (``image:
    ${IMAGE_NAME}`` and ``IMAGE_NAME=`` in ``.env``): compose then names the build
    ``PROJECT-SERVICE``, as if it named none (compose's ``GetImageNameOrDefault``)."""
    return isinstance(build, dict) and not image.text and not image.unresolved and not image.failed


def _text(value: object) -> str | None:
    """The interpolated text of a leaf (``None`` for anything else)."""
    return value.text if isinstance(value, _Leaf) else None


def _build_site(build: dict[str, object], leaf: _Leaf) -> BuildSite:
    """Where a service's build is: its context's line (else the line of ``leaf``)."""
    context = build.get("context")
    at = context if isinstance(context, _Leaf) and context.line else leaf
    return BuildSite("compose", at.source.path, at.line)


#: Where a build's relative paths start (the directory of the file that says ``build``).
_WORKDIR = "(workdir)"
#: The fields of ``build`` that the model keeps.
_BUILD_FIELDS = frozenset(
    {
        "context",
        "dockerfile",
        "dockerfile_inline",
        "args",
        "target",
        "platforms",
        "tags",
        "cache_from",
        "additional_contexts",
    }
)


def _is_null(node: yaml.Node) -> bool:
    import yaml

    return isinstance(node, yaml.ScalarNode) and node.tag == _NULL


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else []

"""What the readers of Go sources need: the text without its comments, a package's string
constants, the functions' extents and the values of the names a call is given.

Nothing is compiled and nothing runs: a Go source is a sequence of comments, string literals
and the rest, laid out as ``gofmt`` lays it out (a top-level ``func`` starts a line, its body
ends at the next line that is ``}``). A value is a string literal, or a constant or variable
the package declares with one (joined with ``+``), or a local name the function assigns once
so; anything else (a parameter, ``fmt.Sprintf``, another package's name) is not known, and
nothing is guessed. A package's function without parameters that reads the environment and
returns, once, names it settles (an environment variable's default) gives those values to a
call of it, ``v := cfg()`` or ``a, b, v := getEnvConfig()`` (:func:`_returned_values`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..._lazy import lazy_pattern, once

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Iterable, Iterator, Mapping

__all__ = [
    "GoFile",
    "Value",
    "arguments",
    "closing",
    "enclosing",
    "functions",
    "go_file",
    "import_spec",
    "package_values",
    "resolve",
    "resolve_all",
]

#: A Go string literal: interpreted (on one line) or raw (backquotes, any lines).
LITERAL = r'"(?:\\.|[^"\\\n])*"|`[^`]*`'
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
#: An expression whose value may be known: literals and names joined with ``+``.
#: (a name, a field of one, or a field of a field's struct, a few levels: ``tcp.Spec.Version``)
_OPERAND = rf"(?:{LITERAL}|{_NAME}(?:\.{_NAME}){{0,4}})"
_EXPRESSION = rf"{_OPERAND}(?:[ \t]*\+[ \t]*{_OPERAND})*"


@dataclass(frozen=True, slots=True)
class Value:
    """A string a source gives: its text, the offset of the opening quote of its first
    literal in ``path`` (where it is written), and whether it is that literal alone."""

    text: str
    path: str | None
    quote: int
    plain: bool


@dataclass(frozen=True, slots=True)
class GoFile:
    """A Go source: its text, the text with comments blanked, its package's name, its
    top-level functions (:func:`functions`)."""

    path: str | None
    text: str
    code: str
    package: str | None
    functions: tuple[tuple[int, int, str], ...]


def go_file(text: str, path: str | None = None) -> GoFile:
    """``text`` read as a Go source."""
    code = _without_comments(text)
    found = _PACKAGE.search(code)
    return GoFile(path, text, code, found[1] if found else None, tuple(functions(code)))


def _without_comments(text: str) -> str:
    """``text`` with its comments blanked (line breaks kept): the offsets do not move."""

    from ._source_code import blank_comments

    return blank_comments(text, _tokens())


def functions(code: str) -> list[tuple[int, int, str]]:
    """The top-level functions: (start, end, name) of each ``func`` at a line's start, to
    the line that closes it (gofmt's layout), and never past the next top-level declaration
    (a one-line function's body closes on its own line); a method's name is its own."""
    raw = _raw_strings(code) if "`" in code else []
    found = []
    for match in _FUNC.finditer(code):
        if _inside(raw, match.start()):
            continue
        end = _outside(raw, _closing_line(), code, match.end())
        following = _outside(raw, _declaration(), code, match.end())
        stop = end.end() if end else len(code)
        if following is not None and following.start() < stop:
            stop = code.rfind("\n", 0, following.start()) + 1
        found.append((match.start(), stop, match["name"]))
    return found


def enclosing(file: GoFile, at: int) -> tuple[int, int, str] | None:
    """The function around ``at``, or the top-level ``var`` declaration whose value holds it
    (Ginkgo's ``var _ = Describe("…", func() { … })``, whose closures are the tests: a scope
    of its own, to its line that closes it), or ``None``."""
    scope = next((span for span in file.functions if span[0] <= at < span[1]), None)
    if scope is not None:
        return scope
    code = file.code
    start = code.rfind("\nvar ", 0, at) + 1
    if start == 0 and not code.startswith("var "):
        return None
    if any(start <= span[0] < at for span in file.functions):
        return None
    end = _VAR_CLOSING.search(code, start)
    if end is None or end.end() < at:
        return None
    return start, end.end(), "var"


def _raw_strings(code: str) -> list[tuple[int, int]]:
    """The spans of the raw string literals (`` `…` ``) of ``code``: a line of one that
    reads ``}`` (an nginx configuration a test writes) closes no function."""
    return [match.span() for match in _LITERAL.finditer(code) if match.group().startswith("`")]


def _inside(spans: list[tuple[int, int]], at: int) -> bool:
    return any(start < at < end for start, end in spans)


def _outside(
    spans: list[tuple[int, int]], pattern: re.Pattern[str], code: str, at: int
) -> re.Match[str] | None:
    """The first match of ``pattern`` from ``at`` that is in no span of ``spans``."""
    found = pattern.search(code, at)
    while found is not None and _inside(spans, found.start()):
        found = pattern.search(code, found.end())
    return found


def package_values(
    files: list[GoFile], imported: Mapping[str, Value] | None = None
) -> dict[str, Value]:
    """The string constants and variables the package declares at its top level, each once
    (a variable assigned anywhere else in the package is not known), with ``imported``: the
    values of other packages' names (``version.Minimum``) they may be made of."""
    if not imported:
        return dict(_own_values(tuple(files)))  # (an imported package: read by each importer)
    return _package_values(files, imported)


@lru_cache(maxsize=256)
def _own_values(files: tuple[GoFile, ...]) -> dict[str, Value]:
    return _package_values(list(files), None)


def _package_values(files: list[GoFile], imported: Mapping[str, Value] | None) -> dict[str, Value]:
    declared: dict[str, list[tuple[GoFile, re.Match[str]]]] = {}
    for file in files:
        for match in _DECLARED.finditer(_outside_functions(file)):
            declared.setdefault(match["name"], []).append((file, match))
    known: dict[str, Value] = dict(imported or {})
    helpers = _environment_helpers(files)
    for name, index in helpers.items():  # (a key no name can be: what a call of it gives)
        known[f"{name}()"] = Value(str(index), None, -1, False)
    if helpers:  # (`x = env("X", "default")` in a Ginkgo closure, the package's variable)
        for file in files:
            for match in _HELPER_ASSIGNED.finditer(_outside_functions(file)):
                if match["helper"] in helpers:
                    declared.setdefault(match["name"], []).append((file, match))
    once = {name: places[0] for name, places in declared.items() if len(places) == 1}
    assigned = _assigned(files) if once else frozenset()
    for _ in range(4):  # (a constant made of constants: a few levels)
        for name, (file, match) in once.items():
            if name in known or name in assigned:  # (a group's var: not told apart from a const)
                continue
            value = _evaluate(file, match["value"], match.start("value"), known)
            if value is not None:
                known[name] = value
    known.update(_returned_values(files, known))
    return known


def _returned_values(files: list[GoFile], known: Mapping[str, Value]) -> dict[str, Value]:
    """What the package's functions without parameters that read the environment return,
    when a plain ``go test`` leaves it unset: hatchet-dev/hatchet's test harness's
    ``getEnvConfig()`` returns ``pgVersion``, ``os.Getenv("TESTING_MATRIX_PG_VERSION")`` or
    ``"16-alpine"`` when it is empty (see :func:`_locals`). Keys no name can be: ``f()[]`` the
    number of results of its one ``return``, ``f()[K]`` the ``K``-th's value, when known."""
    found: dict[str, Value] = {}
    for file in files:
        if "os." not in file.code:
            continue
        for scope in file.functions:
            start, end, name = scope
            code = file.code[start:end]
            if len(code) > 3000 or ("os.Getenv(" not in code and "os.LookupEnv(" not in code):
                continue  # (a short function that reads the environment)
            header = _NO_PARAMETERS.match(code)
            returns = list(_RETURN.finditer(code))
            if header is None or header["name"] != name or len(returns) != 1:
                continue
            results = arguments(f"({returns[0]['results']})", 0)
            found[f"{name}()[]"] = Value(str(len(results)), None, -1, False)
            offset = start + returns[0].start("results") - 1
            for index, (text, at) in enumerate(results):
                value = resolve(file, text, offset + at, scope, known)
                if value is not None:
                    found[f"{name}()[{index}]"] = value
    return found


def _environment_helpers(files: list[GoFile]) -> dict[str, int]:
    """The package's functions that return an environment variable's value or, when it is
    empty or unset, their default parameter, each with that parameter's index (flannel's e2e
    ``func env(key, def string) string { if v := os.Getenv(key); v != "" { return v }; return
    def }``): a call's value for a plain ``go test`` is its default argument."""
    import re

    found: dict[str, int] = {}
    for file in files:
        if "os." not in file.code:
            continue
        for start, end, name in file.functions:
            code = file.code[start:end]
            if len(code) > 400 or ("os.Getenv(" not in code and "os.LookupEnv(" not in code):
                continue  # (a few lines that read the environment)
            text = " ".join(code.split())
            match = _HELPER_SIGNATURE.match(text)
            if match is None:
                continue
            key, default = match["first"], match["second"]
            body = text[match.end() :]
            for env, fallback in ((key, default), (default, key)):
                getenv = rf"os\.(?:Getenv|LookupEnv)\({env}\)"
                shapes = (
                    rf"if (?P<v>{_NAME}) := {getenv}; (?P=v) != \"\" \{{ return (?P=v) \}} "
                    rf"return {fallback} \}}",
                    rf"if (?P<v>{_NAME}), (?P<ok>{_NAME}) := {getenv}; (?P=ok)"
                    rf"(?: && (?P=v) != \"\")? \{{ return (?P=v) \}} return {fallback} \}}",
                    rf"(?P<v>{_NAME}) := {getenv} if (?P=v) == \"\" \{{ return {fallback} \}} "
                    rf"return (?P=v) \}}",
                )
                if any(re.fullmatch(shape, body) for shape in shapes):
                    found[name] = 0 if fallback == key else 1
    return found


def _helper_call(
    file: GoFile, expression: str, start: int, known: Mapping[str, Value],
    hidden: frozenset[str],
) -> Value | None:  # fmt: skip
    """The value of ``HELPER(KEY, DEFAULT)``, a call of one of the package's
    :func:`_environment_helpers`: its default argument's."""
    call = _CALL.match(expression)
    if call is None or call["name"] in hidden:
        return None
    index = known.get(f"{call['name']}()")
    results = known.get(f"{call['name']}()[]")
    if index is None and (results is None or results.text != "1"):
        return None
    open_paren = start + call.end() - 1
    end = closing(file.code, open_paren)
    if file.code[end : end + 1] != ")" or file.code[end + 1 : start + len(expression)].strip():
        return None  # (the call is not the whole expression)
    given = arguments(file.code, open_paren)
    if index is None:  # (a function without parameters that returns one value: `cfg()`)
        return None if given else known.get(f"{call['name']}()[0]")
    if len(given) != 2:
        return None
    text, offset = given[int(index.text)]
    return _evaluate(file, text, offset, known, hidden)


def resolve(
    file: GoFile, expression: str, start: int, scope: tuple[int, int, str] | None,
    known: Mapping[str, Value], bound: Mapping[str, Value] | None = None,
) -> Value | None:  # fmt: skip
    """The value of ``expression`` (at ``start`` in ``file``) in the function ``scope``: its
    literals, the function's own names assigned once so, and the package's (unless the
    function hides them); ``bound`` gives the function's parameters values."""
    if scope is None:
        return _evaluate(file, expression, start, known)
    if bound:
        known = {**known, **bound}
    local = _locals(file, scope, known)
    hidden = _hidden(file, scope) - local.keys() - (bound or {}).keys()
    bases = {name.partition(".")[0] for name in local if "." in name}
    if bases:  # (a local struct's fields: the local's, not a package's of that name)
        hidden -= bases
        known = {k: v for k, v in known.items() if k.partition(".")[0] not in bases}
    return _evaluate(file, expression, start, {**known, **local}, hidden=hidden)


def resolve_all(
    file: GoFile, expression: str, start: int, scope: tuple[int, int, str] | None,
    known: Mapping[str, Value],
) -> list[Value]:  # fmt: skip
    """The values of ``expression``: :func:`resolve`'s, or, in a table-driven test (``for _,
    tc := range cases`` over a slice or map literal that the function declares once), each
    case's ``tc.FIELD`` that is known (a case without it is left out: its zero value is no
    name), or each element's ``tc`` of a table of strings (``[]string{…}``)."""
    found = resolve(file, expression, start, scope, known)
    if found is not None or scope is None:
        return [found] if found is not None else []
    field = _FIELD.fullmatch(expression.strip())
    name = field["var"] if field is not None else expression.strip()
    brace = _table_brace(file, scope, name) if _NAMES.fullmatch(name) else None
    if brace is None:
        return []
    values = []
    for element, at in arguments(file.code, brace):
        case = _CASE.match(element)
        if field is None:  # (an element, after a map's key)
            text = element[case.end() - 1 :] if case is not None else element
            key = _MAP_KEY.match(text)
            offset = at + len(element) - len(text) + (key.end() if key else 0)
            value = resolve(file, text[key.end() :] if key else text, offset, scope, known)
        elif case is not None:
            brace_at = at + case.end() - 1
            fields = {key: (text, where) for key, text, where in keyed(file.code, brace_at)}
            place = fields.get(field["field"])
            value = resolve(file, *place, scope, known) if place is not None else None
        else:
            value = None
        if value is not None:
            values.append(value)
    return values


def _table_brace(file: GoFile, scope: tuple[int, int, str], name: str) -> int | None:
    """The ``{`` of the literal that ``for _, NAME := range TABLE`` ranges over in the
    function (TABLE declared once in it), or ``None``."""
    body = file.code[scope[0] : scope[1]]
    ranges = [match["table"] for match in _range(name).finditer(body)]
    if len(set(ranges)) != 1:
        return None
    tables = list(_table(ranges[0]).finditer(body))
    offset = scope[0]
    if not tables and ranges[0] not in _hidden(file, scope):
        # (a table the file declares at its top level, assigned nowhere: sing-box's
        # `var allImages = []string{…}` of the package's constants)
        tables = list(_table(ranges[0]).finditer(_outside_functions(file)))
        if len(tables) != 1 or _top_level_assigned(file, ranges[0]):
            return None
        offset = 0
    if len(tables) != 1:
        return None
    brace = offset + tables[0].end() - 1
    if tables[0]["struct"]:
        brace = closing(file.code, brace) + 1  # (past the struct type's fields)
        while brace < len(file.code) and file.code[brace] in " \t":
            brace += 1
        if not file.code.startswith("{", brace):
            return None
    return brace


def _top_level_assigned(file: GoFile, name: str) -> bool:
    """Whether a function of the file assigns ``name`` (``name =``, ``name = append(…)``)."""
    for start, end, _ in file.functions:
        for match in _assignment().finditer(file.code, start, end):
            if name in (part.strip() for part in match["names"].split(",")):
                return True
    return False


def arguments(code: str, open_paren: int) -> list[tuple[str, int]]:
    """The arguments of the call whose ``(`` is at ``open_paren``: each one's text and
    offset (split at the commas outside brackets and literals)."""
    found: list[tuple[str, int]] = []
    depth, start, index = 0, open_paren + 1, open_paren + 1
    while index < len(code):
        char = code[index]
        if char in "\"`'":
            index = _after_literal(code, index)
            continue
        if char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                found.append((code[start:index], start))
                break
            depth -= 1
        elif char == "," and depth == 0:
            found.append((code[start:index], start))
            start = index + 1
        index += 1
    return [(text, at) for text, at in found if text.strip()]


def closing(code: str, open_brace: int) -> int:
    """The offset of the ``}`` that closes the ``{`` at ``open_brace`` (the text's end
    when none does)."""
    depth, index = 0, open_brace
    while index < len(code):
        char = code[index]
        if char in "\"`'":
            index = _after_literal(code, index)
            continue
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return len(code)


def keyed(code: str, open_brace: int) -> Iterator[tuple[str, str, int]]:
    """The ``Key: value`` elements of the composite literal whose ``{`` is at
    ``open_brace``: each key, its value's text and offset."""
    for element, at in arguments(code, open_brace):
        found = _KEY.match(element)
        if found is not None:
            yield found["key"], element[found.end() :], at + found.end()


def _after_literal(code: str, index: int) -> int:
    """The offset after the literal (string or rune) that starts at ``index``."""
    quote = code[index]
    index += 1
    while index < len(code) and code[index] != quote:
        if code[index] == "\\" and quote != "`":
            index += 1
        elif code[index] == "\n" and quote != "`":
            break
        index += 1
    return index + 1


def _evaluate(
    file: GoFile, expression: str, start: int, known: Mapping[str, Value],
    hidden: frozenset[str] = frozenset(),
) -> Value | None:  # fmt: skip
    """The value of ``literal + NAME + …`` when each part's is known, or of
    ``fmt.Sprintf(LAYOUT, …)`` with ``%s``/``%v`` verbs only, each argument known."""
    if _LITERAL_OR_SUM.fullmatch(expression.strip()) is None:
        sprintf = _SPRINTF.match(expression)
        if sprintf is None:
            return _helper_call(file, expression, start, known, hidden)
        return _sprintf(file, start, start + sprintf.end() - 1, expression, known, hidden)
    parts: list[Value] = []
    offset = start + (len(expression) - len(expression.lstrip()))
    for match in _operand().finditer(expression.strip()):
        token, at = match[0], offset + match.start()
        if token.startswith(('"', "`")):
            body = token[1:-1]
            if token.startswith('"') and "\\" in body:
                return None  # (an escape: not read)
            parts.append(Value(body, file.path, at, True))
        elif token in known and token.partition(".")[0] not in hidden:
            parts.append(known[token])
        else:
            return None
    if not parts:
        return None
    first = parts[0]
    text = "".join(part.text for part in parts)
    return Value(text, first.path, first.quote, first.plain and len(parts) == 1)


def _sprintf(
    file: GoFile, start: int, open_paren: int, expression: str, known: Mapping[str, Value],
    hidden: frozenset[str],
) -> Value | None:  # fmt: skip
    """The value of ``fmt.Sprintf(LAYOUT, ARG, …)`` whose ``(`` is at ``open_paren`` in the
    file's code (the call the whole ``expression``, at ``start``): ``LAYOUT``'s ``%s`` and
    ``%v`` verbs each given its argument's value (permify's ``fmt.Sprintf("postgres:%s-alpine",
    version)``); another verb, or an argument not known, is not read."""
    end = closing(file.code, open_paren)
    if file.code[end : end + 1] != ")" or file.code[end + 1 : start + len(expression)].strip():
        return None  # (the call is not the whole expression)
    parts = arguments(file.code, open_paren)
    if not parts:
        return None
    layout = _evaluate(file, parts[0][0], parts[0][1], known, hidden)
    if layout is None or "%" not in layout.text:
        return None
    values = [_evaluate(file, text, offset, known, hidden) for text, offset in parts[1:]]
    pieces = _VERBS.split(layout.text)
    if any(value is None for value in values) or len(pieces) != len(values) + 1:
        return None  # (a verb other than %s/%v, or an argument the source does not settle)
    if "%" in "".join(pieces).replace("%%", ""):
        return None
    text = pieces[0]
    for value, piece in zip(values, pieces[1:], strict=True):
        assert value is not None
        text += value.text + piece
    return Value(text.replace("%%", "%"), layout.path, layout.quote, False)


def _locals(
    file: GoFile, scope: tuple[int, int, str], known: Mapping[str, Value]
) -> dict[str, Value]:
    """The names the function assigns once with a known value (``x := "…"``, ``var x =
    "…"``); one assigned again is not known, unless it is given an environment variable's
    value (a default the variable overrides: what a plain ``go test`` starts)."""
    body = file.code[scope[0] : scope[1]]
    defined: dict[str, list[re.Match[str]]] = {}
    for match in _LOCAL.finditer(body):
        defined.setdefault(match["name"] or match["vname"], []).append(match)
    from_environment = {match["name"] for match in _GETENV.finditer(body)}
    found: dict[str, Value] = {}
    for name, matches in defined.items():
        if len(matches) != 1:
            continue
        match = matches[0]
        if name in from_environment and _GETENV.match(match[0].lstrip()) is not None:
            default = _environment_default(body, name)
            if default is not None:  # (`if v == "" { v = "14" }`: a plain `go test`'s)
                value = _evaluate(file, default[0], scope[0] + default[1], known)
                if value is not None:
                    found[name] = value
            continue
        if _assigned_again(body, name, from_environment):
            continue
        value = _evaluate(file, match["value"], scope[0] + match.start("value"), known)
        if value is not None:
            found[name] = value
        elif _COMPOSITE.fullmatch(match["value"]) is not None:
            found.update(_fields(file, scope, name, scope[0] + match.end("value") - 1, known))
    if "=" in body and "var" in body:
        found.update(_declared_then_assigned(file, scope, body, defined.keys(), known))
    if "()" in body:  # (`a, b := f()` on a line of its own)
        found.update(_results(body, defined.keys(), from_environment, known))
    return found


def _results(
    body: str, defined: Iterable[str], from_environment: set[str], known: Mapping[str, Value]
) -> dict[str, Value]:
    """The names a function defines once as the results of a call of a package function whose
    results are known (``a, b, pgVersion := getEnvConfig()``: :func:`_returned_values`)."""
    found: dict[str, Value] = {}
    skip = set(defined)
    for match in _RESULTS.finditer(body):
        results = known.get(f"{match['call']}()[]")
        names = [name.strip() for name in match["names"].split(",")]
        if results is None or results.text != str(len(names)):
            continue
        for index, name in enumerate(names):
            value = known.get(f"{match['call']}()[{index}]")
            if value is None or name == "_" or name in skip:
                continue
            definitions = [one[1] or one[2] for one in _ANY_DEFINITION.finditer(body)]
            if definitions.count(name) != 1 or _assigned_again(body, name, from_environment):
                continue
            found[name] = value
    return found


def _declared_then_assigned(
    file: GoFile, scope: tuple[int, int, str], body: str, defined: Iterable[str],
    known: Mapping[str, Value],
) -> dict[str, Value]:  # fmt: skip
    """The fields of a name the function declares without a value (``var tcp *T``) and assigns
    once a composite literal on lines of its own (``tcp = &T{`` … ``}``): Ginkgo's closures
    share such a name, set in a ``BeforeEach`` (clastix/kamaji's e2e tests: ``var tcp
    *TenantControlPlane``, then ``tcp = &…{Spec: …{Kubernetes: …{Version: "v1.35.0"}}}``)."""
    import re

    found: dict[str, Value] = {}
    skip = set(defined)
    for match in _ASSIGNED_COMPOSITE.finditer(body):
        name = match["name"]
        if name in skip:
            continue
        skip.add(name)
        assignments = re.findall(rf"(?m)^[ \t]*{name}[ \t]*(?:\+=|=(?!=))", body)
        declared = re.search(rf"(?m)^[ \t]*var[ \t]+{name}[ \t]+[*\w.\[\]]+[ \t]*$", body)
        if len(assignments) != 1 or declared is None or declared.start() > match.start():
            continue
        found.update(_fields(file, scope, name, scope[0] + match.end() - 1, known))
    return found


def _fields(
    file: GoFile, scope: tuple[int, int, str], name: str, brace: int, known: Mapping[str, Value],
    depth: int = 0,
) -> dict[str, Value]:  # fmt: skip
    """``NAME.FIELD`` of each keyed field of the composite literal ``NAME := &T{FIELD: …}``
    (its ``{`` at ``brace``) with a known value, that the function assigns nowhere else
    (inngest's ``config := &valkeyConfig{image: "valkey/valkey:8.0.3"}`` then
    ``ContainerRequest{Image: config.image}``: options the caller may pass change it; a call
    without them starts the default)."""
    import re

    body = file.code[scope[0] : scope[1]]
    found: dict[str, Value] = {}
    for key, text, at in keyed(file.code, brace):
        field = f"{name}.{key}"
        if re.search(rf"(?m)^[ \t]*{re.escape(field)}[ \t]*(?:\+=|=(?!=))", body):
            continue
        value = _evaluate(file, text, at, known)
        if value is not None:
            found[field] = value
        elif depth < _FIELD_DEPTH and (inner := _COMPOSITE.match(text)) is not None:
            # (a struct's field that is a struct: `tcp.Spec.Kubernetes.Version`)
            found.update(_fields(file, scope, field, at + inner.end() - 1, known, depth + 1))
    return found


#: How deep :func:`_fields` reads the structs of a composite literal's fields.
_FIELD_DEPTH = 4


def _environment_default(body: str, name: str) -> tuple[str, int] | None:
    """The value (text, offset in ``body``) a function gives ``name``, an environment
    variable's value, when it is empty, and nowhere else: ``v := os.Getenv("X")`` then ``if
    v == "" { v = "14" }`` (permify's storage tests start PostgreSQL 14 unless
    ``POSTGRES_VERSION`` says otherwise)."""
    import re

    assignments = list(re.finditer(rf"(?m)^[ \t]*{name}[ \t]*(?:\+=|=(?!=))", body))
    guarded = list(re.finditer(
        rf"\bif[ \t]+{name}[ \t]*==[ \t]*(?:\"\"|``)[ \t]*\{{[ \t]*\n[ \t]*{name}[ \t]*=[ \t]*"
        rf"(?P<value>[^\n]*?)[ \t]*\n[ \t]*\}}",
        body,
    ))  # fmt: skip
    if len(guarded) != 1 or len(assignments) != 1:
        return None
    return guarded[0]["value"], guarded[0].start("value")


def _hidden(file: GoFile, scope: tuple[int, int, str]) -> frozenset[str]:
    """The names the function declares that hide the package's: its parameters and
    receiver, and the locals it assigns more than once or with an unknown value."""
    body = file.code[scope[0] : scope[1]]
    brace = body.find("{")
    signature = body[: brace if brace >= 0 else len(body)]
    names = set(_NAMES.findall(signature))
    names.update(match["name"] or match["vname"] for match in _LOCAL.finditer(body))
    names.update(match[1] or match[2] for match in _ANY_DEFINITION.finditer(body))
    return frozenset(names)


def _assigned_again(body: str, name: str, from_environment: set[str]) -> bool:
    """Whether ``name`` is assigned in ``body`` besides its definition, with anything but an
    environment variable's value or a value the function's ``if VALUE != ""`` guards (an
    option its caller may leave empty: zalando/skipper's redistest starts ``image :=
    "redis:7-alpine"`` unless ``opts.image`` is set, and ``NewTestRedis`` sets none)."""
    import re

    pattern = rf"(?m)^[ \t]*{name}[ \t]*(?P<op>\+=|=(?!=))[ \t]*(?P<rhs>[^\n]*)"
    for match in re.finditer(pattern, body):
        rhs = match["rhs"].strip()
        if rhs in from_environment:
            continue
        if match["op"] == "+=" or not _guarded_option(body, rhs):
            return True
    return False


def _guarded_option(body: str, value: str) -> bool:
    """Whether ``body`` assigns ``value`` only when it is set: ``if VALUE != "" {`` (a name or
    a field, ``opts.image``)."""
    import re

    if not re.fullmatch(rf"{_NAME}(?:\.{_NAME})*", value):
        return False
    return re.search(rf"\bif[ \t]+{re.escape(value)}[ \t]*!=[ \t]*\"\"[ \t]*\{{", body) is not None


def _assigned(files: list[GoFile]) -> frozenset[str]:
    """The names the package's functions assign (``x =``, ``a, x =``): variables that change."""
    found: set[str] = set()
    for file in files:
        for start, end, _ in file.functions:
            for match in _assignment().finditer(file.code, start, end):
                found.update(name.strip() for name in match["names"].split(","))
    return frozenset(found)


@lru_cache(maxsize=1024)
def _outside_functions(file: GoFile) -> str:
    """The file's code with its functions blanked (the offsets kept; once a file: each file
    of a package reads the package's values)."""
    code = file.code
    parts, last = [], 0
    blank = _NOT_A_LINE_BREAK.sub
    for start, end, _ in file.functions:
        parts.append(code[last:start])
        parts.append(blank(lambda match: " " * len(match[0]), code[start:end]))
        last = end
    parts.append(code[last:])
    return "".join(parts)


_NOT_A_LINE_BREAK = lazy_pattern(r"[^\n]+")


@once
def _tokens() -> re.Pattern[str]:
    """Comments, and the literals a comment's marks may appear in."""
    import re

    return re.compile(r"//[^\n]*|/\*[\s\S]*?(?:\*/|\Z)|" + LITERAL + r"|'(?:\\.|[^'\\\n])*'")


@once
def import_spec() -> re.Pattern[str]:
    """An import spec: ``import ALIAS "PATH"`` or a line of an import group."""
    import re

    return re.compile(
        r'(?m)^(?:import[ \t]+|[ \t]+)(?:(?P<alias>[A-Za-z_]\w*|\.)[ \t]+)?"(?P<path>[^"\n]+)"'
    )


_PACKAGE = lazy_pattern(rf"(?m)^package[ \t]+({_NAME})")


_FUNC = lazy_pattern(rf"(?m)^func[ \t]*(?:\([^)]*\)[ \t]*)?(?P<name>{_NAME})")


@once
def _declaration() -> re.Pattern[str]:
    """A top-level declaration's start, at a line's start (gofmt's layout)."""
    import re

    return re.compile(r"(?m)^(?:func|type|var|const|import)\b")


#: A string, rune or raw string literal.
_LITERAL = lazy_pattern(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|`[^`]*`')


#: The line that closes a top-level declaration's value: ``})`` or ``}`` or ``)``.
_VAR_CLOSING = lazy_pattern(r"(?m)^[})][)}]?[ \t]*$")


@once
def _closing_line() -> re.Pattern[str]:
    import re

    return re.compile(r"(?m)^\}[ \t]*$")


#: A top-level ``const``/``var`` of one name with a value, alone or in a group.
_DECLARED = lazy_pattern(
    rf"(?m)^(?:(?:const|(?P<var>var))[ \t]+|[ \t]+)(?P<name>{_NAME})"
    rf"(?:[ \t]+{_NAME})?[ \t]*=[ \t]*(?P<value>{_EXPRESSION})[ \t]*$"
)


#: A function's definition of one name with a value (``x := …``, ``var x = …``).
_LOCAL = lazy_pattern(
    rf"(?m)^[ \t]*(?:var[ \t]+(?P<vname>{_NAME})(?:[ \t]+{_NAME})?[ \t]*="
    rf"|(?P<name>{_NAME})[ \t]*:=)[ \t]*(?P<value>[^\n]*?)[ \t]*$"
)


#: Any name a function defines (``a, b :=``, ``var a``, ``for _, a := range``).
_ANY_DEFINITION = lazy_pattern(
    rf"\b({_NAME})\b(?=[ \t]*(?:,[ \t]*{_NAME}[ \t]*)*:=)|\bvar[ \t]+({_NAME})"
)


#: A name given an environment variable's value (``v := os.Getenv("…")``, ``v, ok :=
#: os.LookupEnv("…")``).
_GETENV = lazy_pattern(
    rf"\b(?P<name>{_NAME})(?:[ \t]*,[ \t]*{_NAME})?[ \t]*:?=[ \t]*os\.(?:Getenv|LookupEnv)\("
)


_NAMES = lazy_pattern(_NAME)


@once
def _operand() -> re.Pattern[str]:
    import re

    return re.compile(_OPERAND)


_LITERAL_OR_SUM = lazy_pattern(_EXPRESSION)


#: ``fmt.Sprintf(`` at an expression's start.
_SPRINTF = lazy_pattern(r"\s*fmt\s*\.\s*Sprintf\s*\(")


#: A local's value that opens a composite literal on its line: ``&config{``, ``pkg.T{``.
_COMPOSITE = lazy_pattern(rf"&?{_NAME}(?:\.{_NAME})?[ \t]*\{{")


#: A name assigned a composite literal that opens on its line: ``tcp = &pkg.T{``.
_ASSIGNED_COMPOSITE = lazy_pattern(
    rf"(?m)^[ \t]*(?P<name>{_NAME})[ \t]*=[ \t]*&?{_NAME}(?:\.{_NAME})?[ \t]*\{{[ \t]*$"
)


#: A function's header without a receiver or parameters: ``func NAME() …``.
_NO_PARAMETERS = lazy_pattern(rf"func[ \t]+(?P<name>{_NAME})[ \t]*\(\)")


#: A ``return`` of results on one line.
_RETURN = lazy_pattern(r"(?m)^[ \t]*return[ \t]+(?P<results>[^\n]*?)[ \t]*$")


#: Names defined as a call's results on a line of their own: ``a, b := f()``.
_RESULTS = lazy_pattern(
    rf"(?m)^[ \t]*(?P<names>{_NAME}(?:[ \t]*,[ \t]*{_NAME})+)[ \t]*:=[ \t]*"
    rf"(?P<call>{_NAME})\(\)[ \t]*$"
)


#: A call of a package's function at an expression's start: ``env(``.
_CALL = lazy_pattern(rf"\s*(?P<name>{_NAME})\s*\(")


#: A function of two string parameters that returns a string (its text on one line).
_HELPER_SIGNATURE = lazy_pattern(
    rf"func {_NAME} ?\((?P<first>{_NAME}),? (?:string, )?(?P<second>{_NAME}) string\) string \{{ "
)


#: ``NAME = HELPER(…)`` on a line of its own, outside the package's functions.
_HELPER_ASSIGNED = lazy_pattern(
    rf"(?m)^[ \t]+(?P<name>{_NAME})[ \t]*=[ \t]*(?P<value>(?P<helper>{_NAME})\([^\n]*\))[ \t]*$"
)


#: A layout's verbs that print a string as it is.
_VERBS = lazy_pattern(r"%[sv]")


@once
def _assignment() -> re.Pattern[str]:
    """An assignment's left side, at a line's start (``x =``, ``s.f, x =``, ``x +=``; not
    ``:=``, ``==``)."""
    import re

    name = r"[A-Za-z_][\w.]*"
    return re.compile(rf"(?m)^[ \t]*(?P<names>{name}(?:[ \t]*,[ \t]*{name})*)[ \t]*\+?=(?!=)")


_FIELD = lazy_pattern(rf"(?P<var>{_NAME})\.(?P<field>{_NAME})")


def _range(name: str) -> re.Pattern[str]:
    """``for _, NAME := range TABLE {`` (or ``for NAME := range``, over a map's keys: no)."""
    import re

    return re.compile(
        rf"\bfor[ \t]+{_NAME}[ \t]*,[ \t]*{name}[ \t]*:=[ \t]*range[ \t]+"
        rf"(?P<table>{_NAME})[ \t]*\{{"
    )


def _table(name: str) -> re.Pattern[str]:
    """``TABLE := []struct{`` (the type's brace), ``[]Case{``, ``map[string]struct{``."""
    import re

    return re.compile(
        rf"(?m)^[ \t]*(?:var[ \t]+)?{name}[ \t]*(?::=|=)[ \t]*(?:\[\]|map\[[^\]\n]+\])"
        rf"[ \t]*(?:(?P<struct>struct[ \t]*)|\*?{_NAME}(?:\.{_NAME})?[ \t]*)\{{"
    )


#: A map element's key (``"key": ``), before its value.
_MAP_KEY = lazy_pattern(rf"\s*(?:{LITERAL}|{_NAME})\s*:(?!=)\s*")


#: A table's element: ``{…}``, or a map's ``"key": {…}``.
_CASE = lazy_pattern(rf"\s*(?:(?:{LITERAL}|{_NAME})\s*:\s*)?\{{")


_KEY = lazy_pattern(rf"\s*(?P<key>{_NAME})\s*:\s*")

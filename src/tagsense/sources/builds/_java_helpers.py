"""The images a Java source's Testcontainers calls get through the project's own helper method:
a method whose ``String`` parameter becomes a container's image (see ``.testcontainers``).

OpenLineage's Flink tests start every container through ``genericContainer(network,
KAFKA_IMAGE, "kafka-host")``, a method of the same class whose body says ``new
GenericContainer<>(DockerImageName.parse(image))``, and its Kafka test environment calls
``KafkaUtil.createKafkaContainer("confluentinc/cp-kafka:7.8.1", LOG)``, a method of another
class of the project that hands its parameter on to an overload making ``new
KafkaContainer(DockerImageName.parse(dockerImageVersion))``. So a method (static or not) of a
Java source, or of a class it names as ``Class.method(…)`` (found as ``._java_classes`` finds a
class), is a helper when its body gives one of its ``String`` parameters, alone or joined with
literals and constants (``"postgres:" + version``, ``String.format("flink:%s", version)``), to
``DockerImageName.parse(…)`` or to a container class's constructor (``new
…Container(…)``), or hands it on so to another helper of its class (one step more); each call
of it whose argument for that parameter the source settles starts the image it makes.

An argument (and a constant's value) is settled when it is a literal, a constant of the source
(a ``final`` field declared once: with a literal, literals and constants joined with ``+``,
``String.format`` of such parts, or what a method without parameters of the class returns), a
local the calling method assigns once, or another class's constant or method (``._java_classes``).
``System.getProperty("KEY")`` and ``System.getenv("KEY")`` without a default are a part the run
gives: the image is reported with ``${KEY}`` in its place, unresolved (OpenLineage's
``String.format("flink:%s-java11", System.getProperty("flink.version"))``), when the source
writes a part of it (an image the run gives whole says nothing). The same values are
read for a container's argument that names such a field or a local the method assigns once
(``new GenericContainer<>(FLINK_IMAGE)``; kroxylicious's ``String image = "…";`` then
``DockerImageName.parse("mirror.gcr.io/" + image)``), unless the name is tagged where it is used
(``.withTag(…)``: the reader's).

An image is reported where its first literal is written in the source (the call's literal, or
the constant's, once), else where the source names it. Nothing else is guessed: a helper called
through an instance of another class, a constructor, an argument made at run time give nothing.
"""

from __future__ import annotations

from functools import lru_cache

from ..._lazy import lazy_pattern
from ._source_code import LITERAL, closing_brace, literal_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from ._java_classes import Classes
    from ._source_code import Written

    #: A value an expression may have: its text (a helper's ``N``-th parameter as
    #: ``\\x00N\\x00``, a part the run gives as ``${KEY}``), the offset of the quote of its first
    #: literal in the source (``-1``: none), the keys of the parts the run gives, and the text
    #: that names it when another file gives it (else ``None``).
    Value = tuple[str, int, tuple[str, ...], str | None]
    #: A method: its name, its parameters' names and whether each is a ``String``, where its
    #: name is, and its body's bounds.
    Method = tuple[str, tuple[tuple[str, bool], ...], int, int, int]
    #: A helper: its image's text (parameters as ``\\x00N\\x00``) and the call that takes it.
    Helper = tuple[str, str]
    #: A scope: the parameters of the method an expression is in (name → index), its body's
    #: bounds.
    Scope = tuple[dict[str, int], int, int]

__all__ = ["helper_images", "writes_a_part"]

#: How many values one expression may have, how deep names are followed, how long a body is.
_MAX_VALUES = 16
_MAX_DEPTH = 4
_MAX_BODY = 12000
#: How many steps of helpers handing their parameter on are followed.
_LEVELS = 2
#: The call of ``DockerImageName.parse``.
_PARSE = "DockerImageName.parse"


def helper_images(
    code: str, constants: Mapping[str, Written], classes: Classes | None
) -> list[tuple[Value, str, str]]:
    """The images the source ``code`` (without comments) starts through helpers, and through
    containers given a field whose value is an expression: each value, the call that takes
    it, and the helper (``""``: none)."""
    if "(" not in code:
        return []
    source = _Source(code, constants, classes)
    found: list[tuple[Value, str, str]] = []
    openings = []  # (each container's argument that names what is no constant)
    for opening in _OPENING.finditer(code):
        arg = _first_argument(code, opening.end())
        if arg is not None and any(
            token["id"] is not None and token["id"] not in constants
            for token in _NAME.finditer(code, *arg)
        ):
            openings.append((opening, arg))
    own = source.helpers() if openings else {}
    own_names = {name for name, _ in own}
    headers = {method[2] for method in source.methods()} if own else set()
    others: dict[str, dict[tuple[str, int], list[Helper]]] = {}
    declared = source.declared()
    for call in (_CALL if own else _QUALIFIED).finditer(code):
        name, qualifier = call["name"], call["qual"]
        if call.start("name") in headers:
            continue
        if qualifier is None or qualifier == "this" or qualifier in declared:
            helpers, label = own, name
            if name not in own_names:
                continue
        else:
            if classes is None or not _may_settle(code, call.end()):
                continue
            if qualifier not in others:
                other = classes.class_code(qualifier)
                others[qualifier] = {} if other is None else _helpers_of(other)
            helpers, label = others[qualifier], f"{qualifier}.{name}"
            if not any(key[0] == name for key in helpers):
                continue
        args = _arguments(code, call.end())
        if args is None:
            continue
        scope = source.scope(call.start())
        for template, made in helpers.get((name, len(args)), ()):
            for value in _fill(template, args, scope, source):
                found.append((value, made, label))
    for opening, arg in openings:
        scope = source.scope(opening.start())
        if not _unread(source, arg, scope) or _TAGGED.match(code, arg[1] + 1):
            continue  # (the name the reader reads, or one it tags: `.testcontainers`)
        if opening["cls"] is None:
            from .testcontainers import _tagged_later

            if _tagged_later(code, opening.start()) is not None:
                continue
        taker = _PARSE if opening["cls"] is None else opening["cls"]
        for value in source.evaluate(*arg, scope, 0):
            found.append((_at(value, code, arg), taker, ""))
    return [each for each in found if "\x00" not in each[0][0]]


def _unread(source: _Source, arg: tuple[int, int], scope: Scope) -> bool:
    """Whether a container's argument names what the reader of literals and constants does not
    read (``.testcontainers``): a local of the method assigned once, a field made of an
    expression."""
    for token in _NAME.finditer(source.code, *arg):
        name = token["id"]
        if name is None or name in source.constants or name in scope[0]:
            continue
        local = source.local(name, scope)
        if local is not None:
            if isinstance(local, tuple):
                return True
            continue
        if source.field(name) is not None:
            return True
    return False


def _may_settle(code: str, start: int) -> bool:
    """Whether the arguments of the call whose ``(`` is just before ``start`` may be settled,
    up to their first ``)``: a literal, or a name with a capital (a constant, a class's
    member): a cheap look before another class's file is looked for."""
    end = code.find(")", start, start + 400)
    text = code[start:end] if end >= 0 else code[start : start + 400]
    return '"' in text or _CAPITAL.search(text) is not None


def writes_a_part(text: str, keys: tuple[str, ...]) -> bool:
    """Whether an image's text has a part the source writes, the parts ``keys`` a run gives
    (``${KEY}``) aside: one a run gives whole (``System.getProperty("other.image")``) says
    nothing of the image."""
    for key in keys:
        text = text.replace(f"${{{key}}}", "")
    return bool(text)


class _Source:
    """A Java source's methods, fields and helpers, and the values of its expressions."""

    def __init__(
        self, code: str, constants: Mapping[str, Written], classes: Classes | None
    ) -> None:
        self.code = code
        self.constants = constants
        self.classes = classes
        self._methods: list[Method] | None = None
        self._declared: set[str] | None = None
        self._fields: dict[str, list[int]] | None = None

    def declared(self) -> set[str]:
        """The classes (interfaces, enums, records) the source declares."""
        if self._declared is None:
            self._declared = set(_DECLARED.findall(self.code))
        return self._declared

    def methods(self) -> list[Method]:
        """The source's methods (:func:`_methods`)."""
        if self._methods is None:
            self._methods = _methods(self.code)
        return self._methods

    def scope(self, at: int) -> Scope:
        """The scope of the innermost method whose body holds ``at`` (none: the class's)."""
        best: Method | None = None
        for method in self.methods():
            if method[3] <= at < method[4] and (best is None or method[3] >= best[3]):
                best = method
        if best is None:
            return {}, 0, 0
        parameters = {name: index for index, (name, _) in enumerate(best[1])}
        return parameters, best[3], best[4]

    def helpers(self) -> dict[tuple[str, int], list[Helper]]:
        """The source's helpers: (name, number of parameters) → their images."""
        found: dict[tuple[str, int], list[Helper]] = {}
        candidates = [method for method in self.methods() if any(s for _, s in method[1])]
        if not candidates:
            return found
        for method in candidates:
            scope = self._scope_of(method)
            for opening in _OPENING.finditer(self.code, method[3], method[4]):
                arg = _first_argument(self.code, opening.end())
                if arg is None:
                    continue
                call = _PARSE if opening["cls"] is None else opening["cls"]
                for text, *_ in self.evaluate(*arg, scope, 0):
                    if "\x00" in text:
                        _add(found, (method[0], len(method[1])), (text, call))
        for _ in range(_LEVELS - 1):  # (a helper that hands its parameter on to one)
            more: dict[tuple[str, int], list[Helper]] = {}
            for method in candidates:
                key = (method[0], len(method[1]))
                scope = self._scope_of(method)
                for call in _CALL.finditer(self.code, method[3], method[4]):
                    if call["qual"] not in (None, "this"):
                        continue
                    args = _arguments(self.code, call.end())
                    if args is None or (call["name"], len(args)) == key:
                        continue
                    for template, made in found.get((call["name"], len(args)), ()):
                        for text, *_ in _fill(template, args, scope, self):
                            if "\x00" in text and (text, made) not in found.get(key, ()):
                                _add(more, key, (text, made))
            if not more:
                break
            for key, helpers in more.items():
                for helper in helpers:
                    _add(found, key, helper)
        return found

    def _scope_of(self, method: Method) -> Scope:
        """The scope of ``method``'s body, its ``String`` parameters only."""
        parameters = {name: index for index, (name, string) in enumerate(method[1]) if string}
        return parameters, method[3], method[4]

    def field(self, name: str) -> tuple[int, int] | None:
        """The bounds of the expression a ``final`` field ``name`` is declared once with."""
        if self._fields is None:
            self._fields = {}
            for found in _FINAL.finditer(self.code):
                self._fields.setdefault(found["name"], []).append(found.end())
        starts = self._fields.get(name, ())
        if len(starts) != 1:
            return None
        end = _statement_end(self.code, starts[0])
        return None if end < 0 else (starts[0], end)

    def evaluate(self, start: int, end: int, scope: Scope, depth: int) -> list[Value]:
        """The values the expression ``code[start:end]`` may have (none: not settled)."""
        code = self.code
        start, end = _trimmed(code, start, end)
        if start >= end or depth > _MAX_DEPTH:
            return []
        parts = _split(code, start, end, "+")
        if len(parts) > 1:
            values: list[Value] = [("", -1, (), None)]
            for part in parts:
                each = self.evaluate(*part, scope, depth + 1)
                if not each:
                    return []
                values = [_joined(a, b) for a in values for b in each][:_MAX_VALUES]
            return self._placed(values, start, end)
        text = code[start:end]
        if text[0] in "\"'":
            literal = literal_text(text, start) if _LITERAL.fullmatch(text) else None
            return [] if literal is None else [(literal[0], literal[1], (), None)]
        call = _INVOKED.match(text)
        if call is not None:
            args = _arguments(code, start + call.end())
            if args is None or args[-1][1] + 1 != end:
                return []
            return self._called(call["qual"], call["name"], args, scope, depth, start, end)
        if text.isidentifier():
            return self._named(text, scope, depth)
        member = _MEMBER.fullmatch(text)
        if member is not None:
            qualifier, name = member["qual"], member["name"]
            if qualifier in self.declared():
                return self._named(name, scope, depth)
            if self.classes is None:
                return []
            texts = self.classes.member(qualifier, name, False)
            return [(each, start, (), text) for each in dict.fromkeys(texts)]
        return []

    def _placed(self, values: list[Value], start: int, end: int) -> list[Value]:
        """Joined values: one with a part of another file is placed at the whole expression."""
        text = self.code[start:end]
        return [
            (value, start, unknown, text) if used is not None else (value, at, unknown, None)
            for value, at, unknown, used in values
        ]

    def _named(self, name: str, scope: Scope, depth: int) -> list[Value]:
        """The values of a name: a parameter, a constant, a local, a field."""
        parameters = scope[0]
        if name in parameters:
            return [(f"\x00{parameters[name]}\x00", -1, (), None)]
        if name in self.constants:
            text, at = self.constants[name]
            return [(text, at, (), None)]
        local = self.local(name, scope)
        if local is not None:
            return self.evaluate(*local, scope, depth + 1) if isinstance(local, tuple) else []
        bounds = self.field(name)
        if bounds is None:
            return []
        return self.evaluate(*bounds, ({}, 0, 0), depth + 1)

    def local(self, name: str, scope: Scope) -> tuple[int, int] | bool | None:
        """The bounds of the expression the local ``name`` of ``scope``'s body is assigned
        once; ``False`` for a local assigned otherwise (or more than once); ``None`` for no
        local."""
        import re

        _, body_start, body_end = scope
        if body_end <= body_start:
            return None
        body = self.code[body_start:body_end]
        assigned = list(
            re.finditer(rf"\b(?:final\s+)?(?:String|var)\s+{re.escape(name)}\s*=(?!=)", body)
        )
        if not assigned:
            return None
        if (
            len(assigned) != 1
            or len(re.findall(rf"(?<![\w.]){re.escape(name)}\s*=(?!=)", body)) != 1
        ):
            return False
        start = body_start + assigned[0].end()
        end = _statement_end(self.code, start)
        return False if end < 0 else (start, end)

    def _called(
        self,
        qualifier: str | None,
        name: str,
        args: list[tuple[int, int]],
        scope: Scope,
        depth: int,
        start: int,
        end: int,
    ) -> list[Value]:
        """The values of a call: ``String.format``, a system property or environment
        variable, a method without parameters of the class or another's."""
        code = self.code
        if qualifier == "String" and name == "format":
            return self._formatted(args, scope, depth)
        if qualifier == "System" and name in ("getProperty", "getenv"):
            key = literal_text(code[args[0][0] : args[0][1]].strip(), args[0][0])
            if len(args) == 2 and name == "getProperty":
                return self.evaluate(*args[1], scope, depth + 1)
            if len(args) != 1 or key is None or not key[0]:
                return []
            return [(f"${{{key[0]}}}", -1, (key[0],), None)]
        if len(args) != 1 or code[args[0][0] : args[0][1]].strip():
            return []  # (a method with arguments: not followed)
        if qualifier is None or qualifier == "this" or qualifier in self.declared():
            found: list[Value] = []
            for body in _no_parameter_methods(code, name):
                for returned in _RETURN.finditer(code, *body):
                    found.extend(self.evaluate(*returned.span(1), ({}, *body), depth + 1))
            if found:
                return found[:_MAX_VALUES]
            from ._java_classes import method_values

            return [(text, at, (), None) for text, at in method_values(code, self.constants, name)]
        if self.classes is None or not qualifier[0].isupper():
            return []
        texts = self.classes.member(qualifier, name, True)
        return [(each, start, (), code[start:end]) for each in dict.fromkeys(texts)]

    def _formatted(self, args: list[tuple[int, int]], scope: Scope, depth: int) -> list[Value]:
        """``String.format(FORMAT, …)`` with ``%s`` (and ``%d``) filled in."""
        import re

        formats = self.evaluate(*args[0], scope, depth + 1)
        found: list[Value] = []
        for form, at, unknown, used in formats:
            pieces = re.split(r"(%[sd%])", form)
            if any(re.search(r"%", piece) for piece in pieces[::2]):
                continue  # (another conversion: not read)
            values: list[Value] = [("", at, unknown, used)]
            index = 1
            for position, piece in enumerate(pieces):
                if position % 2 == 0 or piece == "%%":
                    filled = piece if position % 2 == 0 else "%"
                    values = [(v + filled, a, u, d) for v, a, u, d in values]
                    continue
                if index >= len(args):
                    values = []
                    break
                each = self.evaluate(*args[index], scope, depth + 1)
                index += 1
                values = [
                    (v + w, a, (*u, *x), d if d is not None else e)
                    for v, a, u, d in values
                    for w, _, x, e in each
                ][:_MAX_VALUES]
            found.extend(values)
        return found[:_MAX_VALUES]


def _joined(left: Value, right: Value) -> Value:
    """Two values joined with ``+``: placed at the first literal."""
    at = left[1] if left[1] >= 0 else right[1]
    used = left[3] if left[3] is not None else right[3]
    return left[0] + right[0], at, (*left[2], *right[2]), used


def _fill(template: str, args: list[tuple[int, int]], scope: Scope, source: _Source) -> list[Value]:
    """The values of a helper's image ``template`` at a call whose arguments are ``args``: each
    parameter's mark replaced at once (a value that is itself a mark is not filled again)."""
    indices = sorted({int(index) for index in _MARK.findall(template)})
    if not indices or indices[-1] >= len(args):
        return []
    combinations: list[dict[int, Value]] = [{}]
    for index in indices:
        each = source.evaluate(*args[index], scope, 0)
        if not each:
            return []
        combinations = [{**done, index: value} for done in combinations for value in each]
        combinations = combinations[:_MAX_VALUES]
    found: list[Value] = []
    for chosen in combinations:
        ordered = [chosen[int(mark)] for mark in _MARK.findall(template)]
        pieces = _MARK.split(template)  # (text, index, text, index, …, text)
        text = "".join(
            piece if position % 2 == 0 else chosen[int(piece)][0]
            for position, piece in enumerate(pieces)
        )
        at = next((value[1] for value in ordered if value[1] >= 0), -1)
        used = next((value[3] for value in ordered if value[3] is not None), None)
        unknown = tuple(key for value in ordered for key in value[2])
        found.append(_at((text, at, unknown, used), source.code, args[indices[0]]))
    return found


def _add(found: dict[tuple[str, int], list[Helper]], key: tuple[str, int], helper: Helper) -> None:
    each = found.setdefault(key, [])
    if helper not in each:
        each.append(helper)


@lru_cache(maxsize=128)
def _helpers_of(code: str) -> dict[tuple[str, int], list[Helper]]:
    """The helpers of another class's file (its own constants; no third class is read)."""
    if "Container" not in code and "DockerImageName" not in code:
        return {}
    from .testcontainers import _constants

    return _Source(code, _constants(code), None).helpers()


def _at(value: Value, code: str, arg: tuple[int, int]) -> Value:
    """``value``, placed at the argument ``arg`` when no literal of the source places it."""
    if value[1] >= 0 or value[3] is not None:
        return value
    start, end = _trimmed(code, *arg)
    return value[0], start, value[2], code[start:end]


def _methods(code: str) -> list[Method]:
    """The methods the source declares: name, parameters, where the name is, body bounds."""
    found: list[Method] = []
    for header in _HEADER.finditer(code):
        start = header.end()
        end = closing_brace(code, start, _MAX_BODY)
        if end < 0:
            continue
        parameters: list[tuple[str, bool]] = []
        text = header["params"]
        if text.strip():
            for part in _split(text, 0, len(text), ",", angles=True):
                words = _PARAMETER.fullmatch(text[part[0] : part[1]])
                if words is None:
                    parameters = []
                    break
                parameters.append((words["name"], words["type"] == "String"))
            if not parameters:
                continue
        found.append((header["name"], tuple(parameters), header.start("name"), start, end))
    return found


def _no_parameter_methods(code: str, name: str) -> list[tuple[int, int]]:
    """The bodies of the methods ``name`` without parameters that return a ``String``."""
    import re

    found = []
    for header in re.finditer(
        rf"\bString\s+{re.escape(name)}\s*\(\s*\)\s*(?:throws\s[^{{;]*)?\{{", code
    ):
        end = closing_brace(code, header.end(), _MAX_BODY)
        if end > 0:
            found.append((header.end(), end))
    return found


def _statement_end(code: str, start: int) -> int:
    """The offset of the ``;`` that ends the statement going on at ``start`` (``-1``)."""
    depth = 0
    for token in _TOKENS.finditer(code, start, min(len(code), start + 2000)):
        char = token[0]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth < 0:
                return -1
        elif char == ";" and depth == 0:
            return token.start()
    return -1


def _arguments(code: str, start: int) -> list[tuple[int, int]] | None:
    """The bounds of the arguments of the call whose ``(`` is just before ``start`` (one
    empty argument for ``()``), or ``None`` when it does not close."""
    depth = 0
    found: list[tuple[int, int]] = []
    begin = start
    for token in _TOKENS.finditer(code, start, min(len(code), start + 4000)):
        char = token[0]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                found.append((begin, token.start()))
                return found
            depth -= 1
        elif char == "," and depth == 0:
            found.append((begin, token.start()))
            begin = token.end()
    return None


def _first_argument(code: str, start: int) -> tuple[int, int] | None:
    """The bounds of the first argument of the call whose ``(`` is just before ``start``."""
    args = _arguments(code, start)
    return None if args is None else args[0]


def _split(
    code: str, start: int, end: int, mark: str, *, angles: bool = False
) -> list[tuple[int, int]]:
    """``code[start:end]`` split at the top-level ``mark`` (literals skipped)."""
    depth = 0
    found: list[tuple[int, int]] = []
    begin = start
    opening, closing = ("([{<", ")]}>") if angles else ("([{", ")]}")
    for token in _TOKENS.finditer(code, start, end):
        char = token[0]
        if char in opening:
            depth += 1
        elif char in closing:
            depth -= 1
        elif char == mark and depth == 0:
            found.append((begin, token.start()))
            begin = token.end()
    found.append((begin, end))
    return found


def _trimmed(code: str, start: int, end: int) -> tuple[int, int]:
    """The bounds without surrounding spaces and enclosing parentheses."""
    while True:
        while start < end and code[start].isspace():
            start += 1
        while end > start and code[end - 1].isspace():
            end -= 1
        if start < end and code[start] == "(" and code[end - 1] == ")":
            args = _arguments(code, start + 1)
            if args is not None and args[-1][1] == end - 1 and len(args) == 1:
                start, end = start + 1, end - 1
                continue
        return start, end


#: A literal, or one of the marks that split or nest an expression.
_TOKENS = lazy_pattern(rf"{LITERAL}|[()\[\]{{}},;+<>]")
#: A string literal, whole.
_LITERAL = lazy_pattern(LITERAL)
#: A helper's parameter's mark in its image's text.
_MARK = lazy_pattern("\x00([0-9]+)\x00")
#: A literal, or a name alone (not a member, not called).
_NAME = lazy_pattern(rf"(?P<lit>{LITERAL})|(?<![\w.$])(?P<id>[A-Za-z_][A-Za-z0-9_]*)(?![\w($])")
#: ``.withTag(`` right after a call.
_TAGGED = lazy_pattern(r"\s*\.\s*withTag\s*\(")
#: A name with a capital.
_CAPITAL = lazy_pattern(r"\b[A-Z]")
#: A class (interface, enum, record) the source declares.
_DECLARED = lazy_pattern(r"\b(?:class|interface|enum|record)\s+([A-Za-z_][A-Za-z0-9_]*)")
#: A method's call: ``name(``, ``this.name(``, ``Class.name(``.
_CALL = lazy_pattern(
    r"(?<![\w.$])(?:(?P<qual>this|[A-Z][A-Za-z0-9_]*)\s*\.\s*)?(?P<name>[a-z_][A-Za-z0-9_]*)\s*\("
)
#: A ``final`` string's declaration, up to its ``=``.
_FINAL = lazy_pattern(
    r"\bfinal\s+(?:static\s+)?(?:String|var)\s+(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)"
)
#: A call of another class's method: ``Class.name(``.
_QUALIFIED = lazy_pattern(
    r"(?<![\w.$])(?P<qual>[A-Z][A-Za-z0-9_]*)\s*\.\s*(?P<name>[a-z_][A-Za-z0-9_]*)\s*\("
)
#: A call at an expression's start: ``name(``, ``Class.name(``.
_INVOKED = lazy_pattern(
    r"(?:(?P<qual>this|[A-Z][A-Za-z0-9_]*)\s*\.\s*)?(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\("
)
#: ``Class.NAME``.
_MEMBER = lazy_pattern(r"(?P<qual>[A-Z][A-Za-z0-9_]*)\s*\.\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)")
#: A method's declaration, up to its body's ``{``: its return type, name and parameters.
_HEADER = lazy_pattern(
    r"(?<![\w.$])(?:[A-Z][\w.]*|void)(?:\s*<[^(){};=]*>)?(?:\s*\[\s*\])*\s+"
    r"(?P<name>[a-z_][A-Za-z0-9_]*)\s*\((?P<params>[^()]*)\)\s*(?:throws\s[^{;]*)?\{"
)
#: A parameter: its type (annotations, ``final`` skipped) and name.
_PARAMETER = lazy_pattern(
    r"\s*(?:@\w+\s+)*(?:final\s+)?(?:@\w+\s+)*(?P<type>[A-Za-z_][\w.]*(?:\s*<.*>)?(?:\s*\[\s*\])*"
    r"(?:\.\.\.)?)\s+(?P<name>[A-Za-z_]\w*)\s*",
    0,
)
#: Where a container's image is given: ``DockerImageName.parse(``, ``new …Container(``.
_OPENING = lazy_pattern(
    r"\bDockerImageName\s*\.\s*parse\s*\("
    r"|\bnew\s+(?P<cls>[A-Z][A-Za-z0-9_]*Container)\s*"
    r"(?:<[^<>(){};]*(?:<[^<>(){};]*>)?[^<>(){};]*>)?\s*\("
)
#: A ``return`` statement's expression.
_RETURN = lazy_pattern(r"\breturn\s+([^;]*);")

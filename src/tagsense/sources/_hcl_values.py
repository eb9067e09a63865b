"""The values of HCL expressions as Terraform and Nomad work them out before a run.

Terraform (and a Nomad job file, HCL2 since Nomad 1.0) gives an expression its value from
what the files say: a ``variable`` block's ``default`` (or the value a ``terraform.tfvars``
sets), a ``locals`` value, literals, templates, and the functions that only rearrange text.
What only a run knows — a variable without a default, a data source, another resource's
attribute, ``each.value``, Nomad's runtime interpolation (``${NOMAD_META_tag}``,
``${attr.kernel.name}``) — is :class:`Unknown`, with the names that fill it in.

:class:`Values` evaluates a node of :mod:`.builds._hcl`'s tree; it never raises on what a
file says (an error is :class:`Unknown` too).
"""

from __future__ import annotations

from .builds import _hcl as hcl

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = ["Unknown", "Values", "dotted_name"]

#: The roots of names whose value the files give.
_GIVEN_ROOTS = frozenset({"var", "local"})
_MAX_DEPTH = 32


class Unknown:
    """A value only a run knows: the names that fill it in, in order."""

    __slots__ = ("names",)

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names

    def __repr__(self) -> str:
        return f"Unknown({self.names!r})"


class _Missing(Exception):
    """An attribute or index that the value has not (``try()`` goes on to its next argument)."""


def _unknown(*values: object) -> Unknown:
    names: dict[str, None] = {}
    for value in values:
        if isinstance(value, Unknown):
            names.update(dict.fromkeys(value.names))
    return Unknown(tuple(names))


def dotted_name(node: hcl.Node) -> str | None:
    """``data.aws_ssm_parameter.fluentbit.value`` for a traversal of plain names, else ``None``."""
    parts: list[str] = []
    while isinstance(node, hcl.GetAttr):
        parts.append(node.name)
        node = node.target
    if not isinstance(node, hcl.Variable):
        return None
    parts.append(node.name)
    return ".".join(reversed(parts))


class Values:
    """Evaluates expressions with the variables' values and the ``locals`` given."""

    def __init__(
        self,
        variables: Mapping[str, object],
        locals_: Mapping[str, hcl.Node] | None = None,
        given: Mapping[str, object] | None = None,
    ) -> None:
        self.variables = variables
        self.locals = locals_ or {}
        #: Other whole names the files give a value (a Coder template parameter's default,
        #: ``data.coder_parameter.image.value``).
        self.given = given or {}
        self.local_values: dict[str, object] = {}
        self.resolving: set[str] = set()
        self.depth = 0

    def evaluate(self, node: hcl.Node) -> object:
        """The value of ``node``: text, a number, a boolean, ``None``, a list, a dict, or
        :class:`Unknown`."""
        try:
            return self._value(node)
        except (_Missing, RecursionError, ValueError, TypeError):
            return Unknown(())

    def _value(self, node: hcl.Node) -> object:
        self.depth += 1
        try:
            if self.depth > _MAX_DEPTH:
                return Unknown(())
            return self._evaluate(node)
        finally:
            self.depth -= 1

    def _evaluate(self, node: hcl.Node) -> object:
        if isinstance(node, hcl.Literal):
            return node.value
        if isinstance(node, hcl.Template):
            return self._template(node)
        if isinstance(node, (hcl.Variable, hcl.GetAttr)):
            name = dotted_name(node)
            if name is not None:
                return self._named(name)
        if isinstance(node, hcl.GetAttr):
            return _get(self._value(node.target), node.name)
        if isinstance(node, hcl.Index):
            return _get(self._value(node.target), self._value(node.key))
        if isinstance(node, hcl.TupleExpr):
            return [self._value(item) for item in node.items]
        if isinstance(node, hcl.ObjectExpr):
            return {
                self._key(key, computed=index in node.computed): self._value(value)
                for index, (key, value) in enumerate(node.items)
            }
        if isinstance(node, hcl.Conditional):
            condition = self._value(node.condition)
            if isinstance(condition, bool):
                return self._value(node.true if condition else node.false)
            return _unknown(condition)
        if isinstance(node, hcl.Binary):
            return _binary(node.op, self._value(node.left), self._value(node.right))
        if isinstance(node, hcl.Unary):
            operand = self._value(node.operand)
            if node.op == "!" and isinstance(operand, bool):
                return not operand
            if (
                node.op == "-"
                and isinstance(operand, (int, float))
                and not isinstance(operand, bool)
            ):
                return -operand
            return _unknown(operand)
        if isinstance(node, hcl.Call):
            return self._call(node)
        return Unknown(())  # (a for expression, a splat: what the files rarely name images by)

    def _key(self, node: hcl.Node, *, computed: bool = False) -> object:
        if isinstance(node, hcl.Variable) and not computed:
            return node.name  # (``{ image = … }``: a bare key is its name)
        key = self._value(node)
        return key if isinstance(key, str) else repr(key)

    def _template(self, node: hcl.Template) -> object:
        only = node.parts[0] if len(node.parts) == 1 else None
        if isinstance(only, hcl.Node) and not isinstance(only, hcl.Directive):
            return self._value(only)  # ("${var.image}" is the value itself)
        pieces: list[str] = []
        unknown: list[object] = []
        for part in node.parts:
            if isinstance(part, str):
                pieces.append(part)
                continue
            if isinstance(part, hcl.Directive):
                unknown.append(Unknown((part.text,)))
                continue
            value = self._value(part)
            text = _as_text(value)
            if text is None:
                unknown.append(value if isinstance(value, Unknown) else Unknown(()))
            else:
                pieces.append(text)
        return _unknown(*unknown) if unknown else "".join(pieces)

    def _named(self, name: str) -> object:
        if name in self.given:
            return self.given[name]
        root, _, rest = name.partition(".")
        if root not in _GIVEN_ROOTS or not rest:
            return Unknown((name,))
        key, _, further = rest.partition(".")
        if root == "var":
            value = self.variables.get(key, Unknown((f"var.{key}",)))
        else:
            value = self._local(key)
        for attribute in further.split(".") if further else ():
            value = _get(value, attribute)
        return value

    def _local(self, key: str) -> object:
        if key in self.local_values:
            return self.local_values[key]
        node = self.locals.get(key)
        if node is None or key in self.resolving:
            return Unknown((f"local.{key}",))
        self.resolving.add(key)
        try:
            value = self._value(node)
        finally:
            self.resolving.discard(key)
        self.local_values[key] = value
        return value

    def _call(self, node: hcl.Call) -> object:
        if node.name == "try":
            for argument in node.args:
                try:
                    return self._value(argument)
                except _Missing:
                    continue
            return Unknown((f"{node.name}()",))
        function = _FUNCTIONS.get(node.name)
        if function is None or node.expand:
            return Unknown((f"{node.name}()",))
        arguments = [self._value(argument) for argument in node.args]
        if node.name != "coalesce" and any(_has_unknown(a) for a in arguments):
            return _unknown(*arguments)
        return function(*arguments)


def _has_unknown(value: object) -> bool:
    if isinstance(value, Unknown):
        return True
    if isinstance(value, list):
        return any(_has_unknown(item) for item in value)
    if isinstance(value, dict):
        return any(_has_unknown(item) for item in value.values())
    return False


def _get(value: object, key: object) -> object:
    if isinstance(value, Unknown):
        return value
    if isinstance(value, dict) and isinstance(key, str):
        if key not in value:
            raise _Missing(key)
        return value[key]
    if isinstance(value, list) and isinstance(key, int) and not isinstance(key, bool):
        if not -len(value) <= key < len(value):
            raise _Missing(key)
        return value[key]
    if isinstance(key, Unknown):
        return key
    raise _Missing(key)


def _as_text(value: object) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return None


def _binary(op: str, left: object, right: object) -> object:
    if isinstance(left, Unknown) or isinstance(right, Unknown):
        return _unknown(left, right)
    if op == "==":
        return left == right
    if op == "!=":
        return left != right
    if op in ("&&", "||") and isinstance(left, bool) and isinstance(right, bool):
        return (left and right) if op == "&&" else (left or right)
    numbers = (int, float)
    if isinstance(left, numbers) and isinstance(right, numbers):
        if op == "+":
            return left + right
        if op == "-":
            return left - right
    return Unknown(())


def _text(value: object) -> str:
    text = _as_text(value)
    if text is None:
        raise TypeError("not text")
    return text


def _format(template: object, *arguments: object) -> object:
    # Terraform's format: %s, %d, %v and %% (what image names are made with).
    text = _text(template)
    out: list[str] = []
    remaining = list(arguments)
    index = 0
    while index < len(text):
        char = text[index]
        if char == "%" and index + 1 < len(text):
            verb = text[index + 1]
            index += 2
            if verb == "%":
                out.append("%")
            elif verb in "sdv" and remaining:
                out.append(_text(remaining.pop(0)))
            else:
                raise ValueError("format verb")
            continue
        out.append(char)
        index += 1
    return "".join(out)


def _join(separator: object, *lists: object) -> object:
    items = [item for values in lists if isinstance(values, list) for item in values]
    return _text(separator).join(_text(item) for item in items)


def _coalesce(*values: object) -> object:
    for value in values:
        if isinstance(value, Unknown):
            return value
        if value is not None and value != "":
            return value
    raise _Missing("coalesce")


def _lookup(mapping: object, key: object, *default: object) -> object:
    if isinstance(mapping, dict) and isinstance(key, str):
        if key in mapping:
            return mapping[key]
        if default:
            return default[0]
    raise _Missing(key)


def _merge(*maps: object) -> object:
    merged: dict[object, object] = {}
    for mapping in maps:
        if mapping is None:
            continue
        if not isinstance(mapping, dict):
            raise TypeError("merge of no map")
        merged.update(mapping)
    return merged


def _element(values: object, index: object) -> object:
    if isinstance(values, list) and values and isinstance(index, int):
        return values[index % len(values)]
    raise _Missing(index)


#: The functions whose value the files alone give (the rest are :class:`Unknown`).
_FUNCTIONS: Mapping[str, Callable[..., object]] = {
    "format": _format,
    "join": _join,
    "lower": lambda text: _text(text).lower(),
    "upper": lambda text: _text(text).upper(),
    "trimspace": lambda text: _text(text).strip(),
    "replace": lambda text, old, new: (
        _text(text).replace(_text(old), _text(new))
        if not _text(old).startswith("/")
        else Unknown(("replace()",))
    ),
    "tostring": lambda value: value if value is None else _text(value),
    "nonsensitive": lambda value: value,
    "sensitive": lambda value: value,
    "coalesce": _coalesce,
    "lookup": _lookup,
    "merge": _merge,
    "element": _element,
    "concat": lambda *lists: [
        item for values in lists if isinstance(values, list) for item in values
    ],
}

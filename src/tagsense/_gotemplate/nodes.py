"""The nodes of a parsed Go template: immutable, slotted (named tuples).

Two levels, as Go's ``text/template/parse`` has them:

* **The structure** of a file (:mod:`.lexer`): text, actions, ``if``/``with``/
  ``range`` with their bodies, ``template`` calls, ``break``/``continue``.
  An action keeps its pipeline's *source*; the pipeline is parsed from it
  (:mod:`.grammar`) the first time it is evaluated.
* **Pipelines** (:mod:`.grammar`): declarations, commands and their operands.
"""

from __future__ import annotations

from typing import NamedTuple, TypeAlias

__all__ = [
    "Action",
    "Body",
    "Break",
    "Chain",
    "Command",
    "Continue",
    "Field",
    "Ident",
    "If",
    "Literal",
    "Node",
    "Operand",
    "Pipe",
    "Range",
    "TemplateCall",
    "Text",
    "Variable",
    "With",
]


# --- the structure ----------------------------------------------------------------------


class Text(NamedTuple):
    """Text copied to the output, trim markers applied; ``line``: where it starts."""

    text: str
    line: int


class Action(NamedTuple):
    """``{{ pipeline }}``: printed unless it declares or assigns variables."""

    source: str
    line: int


class If(NamedTuple):
    """``{{ if pipeline }} body {{ else }} else_body {{ end }}`` (``else if`` nests an If)."""

    source: str
    line: int
    body: Body
    else_body: Body


class With(NamedTuple):
    """``{{ with pipeline }} body {{ else }} else_body {{ end }}``."""

    source: str
    line: int
    body: Body
    else_body: Body


class Range(NamedTuple):
    """``{{ range [$i, $e :=] pipeline }} body {{ else }} else_body {{ end }}``."""

    source: str
    line: int
    body: Body
    else_body: Body


class TemplateCall(NamedTuple):
    """``{{ template "name" [pipeline] }}`` (``source`` is ``""`` without a pipeline)."""

    name: str
    source: str
    line: int


class Break(NamedTuple):
    line: int


class Continue(NamedTuple):
    line: int


Node: TypeAlias = Text | Action | If | With | Range | TemplateCall | Break | Continue
Body: TypeAlias = tuple[Node, ...]


# --- pipelines --------------------------------------------------------------------------


class Field(NamedTuple):
    """``.a.b`` (a chain of fields of the dot); ``.`` alone has no names."""

    names: tuple[str, ...]


class Variable(NamedTuple):
    """``$name.a.b`` (``$`` alone is the data the template was executed with)."""

    name: str
    names: tuple[str, ...]


class Ident(NamedTuple):
    """A function's name."""

    name: str


class Literal(NamedTuple):
    """A string, number, boolean or ``nil`` written in the template."""

    value: str | int | float | bool | None


class Chain(NamedTuple):
    """Fields of something else: ``(pipeline).a.b``, ``fn.a``."""

    node: Operand
    names: tuple[str, ...]


class Command(NamedTuple):
    """A function or method and its arguments, or a single operand."""

    args: tuple[Operand, ...]


class Pipe(NamedTuple):
    """``[$x[, $y] :=|=] command | command ...`` (a parenthesised one is an operand)."""

    decl: tuple[str, ...]
    assign: bool  # "=" (assign existing variables) rather than ":=" (declare)
    commands: tuple[Command, ...]


Operand: TypeAlias = Field | Variable | Ident | Literal | Chain | Pipe

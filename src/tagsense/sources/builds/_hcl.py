"""HCL's native syntax, parsed into a small tree with positions (what bake files are written in).

The grammar is HashiCorp's ``hclsyntax`` specification (``hcl/hclsyntax/spec.md``):

* a **body** is attributes (``name = expression``, ended by a new line) and
  blocks (``type "label" label2 { body }``, a one-line block too);
* **expressions**: literals (numbers, ``true``, ``false``, ``null``),
  templates (``"text ${expression} %{if …}…%{endif}"``, with ``\\n``,
  ``\\t``, ``\\"``, ``\\\\``, ``\\uXXXX``, ``\\UXXXXXXXX`` escapes and
  ``$${``/``%%{`` for literal ones), heredocs (``<<EOT``, ``<<-EOT``),
  tuples ``[…]``, objects ``{ key = value, … }`` (``:`` too), variables,
  function calls (``f(a, b...)``), ``for`` expressions, indexes ``[…]``,
  attributes ``.name``, splats ``[*]``/``.*``, and the operators (by
  precedence) ``? :``, ``||``, ``&&``, ``== !=``, ``< > <= >=``, ``+ -``,
  ``* / %``, unary ``! -``;
* comments ``#``, ``//`` (to the end of the line) and ``/* */``; new lines
  count inside a body and an object, not inside ``( )`` or ``[ ]``.

:func:`parse` gives a :class:`Body` or raises :class:`HclError` (with the
line and column of the problem); the nodes carry 1-based ``line`` and
``column``. Template directives are parsed and kept as :class:`Directive`
parts (their value is not worked out here). Nesting deeper than 50 is an
error, not a ``RecursionError``.
"""

from __future__ import annotations

__all__ = [
    "Attribute",
    "Binary",
    "Block",
    "Body",
    "Call",
    "Comment",
    "Conditional",
    "Directive",
    "ForExpr",
    "GetAttr",
    "HclError",
    "Index",
    "Literal",
    "Node",
    "ObjectExpr",
    "Splat",
    "Template",
    "TupleExpr",
    "Unary",
    "Variable",
    "parse",
    "parse_template",
]

MAX_NESTING = 50


class HclError(ValueError):
    """Text that is not HCL: the message, and where (1-based line and column)."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(f"{message} (line {line}, column {column})")
        self.message = message
        self.line = line
        self.column = column


class Node:
    """An expression: where it starts, and its source text span."""

    __slots__ = ("column", "end", "line", "start")

    def __init__(self, line: int, column: int, start: int) -> None:
        self.line = line
        self.column = column
        self.start = start
        self.end = start


class Literal(Node):
    __slots__ = ("value",)

    def __init__(self, value: object, line: int, column: int, start: int) -> None:
        super().__init__(line, column, start)
        self.value = value


class Template(Node):
    """A quoted string or heredoc: literal text and expressions (and directives)."""

    __slots__ = ("parts", "places", "quoted")

    def __init__(self, parts: list[str | Node], line: int, column: int, start: int) -> None:
        super().__init__(line, column, start)
        self.parts = parts
        #: Where the text inside the quotes starts and ends (offsets), for a quoted string.
        self.quoted: tuple[int, int] | None = None
        #: For each literal part, the line and column of each of its characters, for each
        #: interpolation those of its ``${`` (``None``: a directive); an inline Dockerfile's
        #: references are reported there. ``None`` for a string of HCL's JSON form, decoded
        #: before it is read: its characters have no place of their own.
        self.places: list[tuple[tuple[int, int], ...] | None] | None = None


class Directive(Node):
    """A template directive (``%{if}``, ``%{for}``): its text, not worked out."""

    __slots__ = ("text",)

    def __init__(self, text: str, line: int, column: int, start: int) -> None:
        super().__init__(line, column, start)
        self.text = text


class Variable(Node):
    __slots__ = ("name",)

    def __init__(self, name: str, line: int, column: int, start: int) -> None:
        super().__init__(line, column, start)
        self.name = name


class GetAttr(Node):
    __slots__ = ("name", "target")

    def __init__(self, target: Node, name: str) -> None:
        super().__init__(target.line, target.column, target.start)
        self.target = target
        self.name = name


class Index(Node):
    __slots__ = ("key", "target")

    def __init__(self, target: Node, key: Node) -> None:
        super().__init__(target.line, target.column, target.start)
        self.target = target
        self.key = key


class Splat(Node):
    __slots__ = ("target",)

    def __init__(self, target: Node) -> None:
        super().__init__(target.line, target.column, target.start)
        self.target = target


class Call(Node):
    __slots__ = ("args", "expand", "name")

    def __init__(
        self, name: str, args: list[Node], expand: bool, line: int, column: int, start: int
    ) -> None:
        super().__init__(line, column, start)
        self.name = name
        self.args = args
        self.expand = expand


class TupleExpr(Node):
    __slots__ = ("items",)

    def __init__(self, items: list[Node], line: int, column: int, start: int) -> None:
        super().__init__(line, column, start)
        self.items = items


class ObjectExpr(Node):
    """``{ KEY = VALUE … }``; ``computed``: the indexes of the items whose key is written in
    parentheses, ``(NAME) = …``, an expression to evaluate, where a bare ``NAME`` is the key."""

    __slots__ = ("computed", "items")

    def __init__(
        self,
        items: list[tuple[Node, Node]],
        line: int,
        column: int,
        start: int,
        computed: frozenset[int] = frozenset(),
    ) -> None:
        super().__init__(line, column, start)
        self.items = items
        self.computed = computed


class Unary(Node):
    __slots__ = ("op", "operand")

    def __init__(self, op: str, operand: Node, line: int, column: int, start: int) -> None:
        super().__init__(line, column, start)
        self.op = op
        self.operand = operand


class Binary(Node):
    __slots__ = ("left", "op", "right")

    def __init__(self, op: str, left: Node, right: Node) -> None:
        super().__init__(left.line, left.column, left.start)
        self.op = op
        self.left = left
        self.right = right


class Conditional(Node):
    __slots__ = ("condition", "false", "true")

    def __init__(self, condition: Node, true: Node, false: Node) -> None:
        super().__init__(condition.line, condition.column, condition.start)
        self.condition = condition
        self.true = true
        self.false = false


class ForExpr(Node):
    """``[for k, v in coll: value if cond]`` or ``{for k, v in coll: key => value...}``."""

    __slots__ = ("collection", "condition", "group", "key", "key_name", "value", "value_name")

    def __init__(
        self,
        key_name: str | None,
        value_name: str,
        collection: Node,
        key: Node | None,
        value: Node,
        condition: Node | None,
        group: bool,
        line: int,
        column: int,
        start: int,
    ) -> None:
        super().__init__(line, column, start)
        self.key_name = key_name
        self.value_name = value_name
        self.collection = collection
        self.key = key
        self.value = value
        self.condition = condition
        self.group = group


class Attribute:
    __slots__ = ("column", "expr", "line", "name")

    def __init__(self, name: str, expr: Node, line: int, column: int) -> None:
        self.name = name
        self.expr = expr
        self.line = line
        self.column = column


class Block:
    __slots__ = ("body", "column", "labels", "line", "type")

    def __init__(self, type_: str, labels: list[str], body: Body, line: int, column: int) -> None:
        self.type = type_
        self.labels = labels
        self.body = body
        self.line = line
        self.column = column


class Body:
    __slots__ = ("attributes", "blocks")

    def __init__(self) -> None:
        self.attributes: list[Attribute] = []
        self.blocks: list[Block] = []


class Comment:
    """A comment as written (``#``, ``//`` or ``/*``), where it starts."""

    __slots__ = ("column", "line", "text")

    def __init__(self, text: str, line: int, column: int) -> None:
        self.text = text
        self.line = line
        self.column = column


_IDENT_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_IDENT = _IDENT_START | frozenset("0123456789-")
_DIGITS = frozenset("0123456789")
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_BINARY = (
    ("||",),
    ("&&",),
    ("==", "!="),
    ("<=", ">=", "<", ">"),
    ("+", "-"),
    ("*", "/", "%"),
)


def parse(text: str) -> tuple[Body, list[Comment]]:
    """The body of an HCL file, and its comments (raises :class:`HclError`)."""
    parser = _Parser(text)
    body = parser.body(end=None)
    return body, parser.comments


def parse_template(text: str, line: int = 1, column: int = 1) -> Template:
    """A string of HCL's JSON syntax read as a template (``"${TAG}"``); raises :class:`HclError`."""
    parser = _Parser(text)
    parser.line_base = line - 1
    parser.column_base = column - 1
    parts = parser.template_parts(end_quote=False, heredoc=True, raw=True)
    return Template(parts, line, column, 0)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.comments: list[Comment] = []
        self.seen_comments: set[int] = set()
        self.depth = 0
        self.line_base = 0
        self.column_base = 0
        #: Columns cut from every line (a ``<<-`` heredoc's indentation).
        self.indent = 0
        #: The places of the literal parts of the last template read (see ``Template.places``).
        self.part_places: list[tuple[tuple[int, int], ...] | None] = []
        # Offsets where lines start, for positions.
        self.line_starts = [0]
        for index, char in enumerate(text):
            if char == "\n":
                self.line_starts.append(index + 1)

    # --- positions ---------------------------------------------------------------------

    def where(self, offset: int | None = None) -> tuple[int, int]:
        import bisect

        offset = self.pos if offset is None else offset
        index = bisect.bisect_right(self.line_starts, offset) - 1
        column = offset - self.line_starts[index] + 1 + self.indent
        if index == 0:
            column += self.column_base
        return index + 1 + self.line_base, column

    def fail(self, message: str, offset: int | None = None) -> HclError:
        line, column = self.where(offset)
        return HclError(message, line, column)

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.fail(f"nested more than {MAX_NESTING} deep")

    # --- white space and comments -----------------------------------------------------

    def skip(self, newlines: bool) -> None:
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char in " \t\r" or (char == "\n" and newlines):
                self.pos += 1
            elif char == "#" or text.startswith("//", self.pos):
                end = text.find("\n", self.pos)
                end = len(text) if end < 0 else end
                self.comment(self.pos, end)
                self.pos = end
            elif text.startswith("/*", self.pos):
                end = text.find("*/", self.pos + 2)
                if end < 0:
                    raise self.fail("unterminated comment")
                self.comment(self.pos, end + 2)
                self.pos = end + 2
            else:
                break

    def comment(self, start: int, end: int) -> None:
        if start in self.seen_comments:
            return
        self.seen_comments.add(start)
        line, column = self.where(start)
        self.comments.append(Comment(self.text[start:end], line, column))

    def peek(self, token: str) -> bool:
        return self.text.startswith(token, self.pos)

    def expect(self, token: str, newlines: bool) -> None:
        self.skip(newlines)
        if not self.peek(token):
            found = self.text[self.pos : self.pos + 1] or "end of file"
            raise self.fail(f"expected {token!r}, found {found!r}")
        self.pos += len(token)

    def identifier(self) -> str | None:
        text = self.text
        if self.pos < len(text) and text[self.pos] in _IDENT_START:
            start = self.pos
            self.pos += 1
            while self.pos < len(text) and (text[self.pos] in _IDENT or text[self.pos].isalnum()):
                self.pos += 1
            return text[start : self.pos]
        return None

    # --- body -------------------------------------------------------------------------

    def body(self, end: str | None) -> Body:
        body = Body()
        while True:
            self.skip(newlines=True)
            if self.pos >= len(self.text):
                if end is not None:
                    raise self.fail(f"expected {end!r} before the end of the file")
                return body
            if end is not None and self.peek(end):
                self.pos += 1
                return body
            start = self.pos
            line, column = self.where()
            name = self.identifier()
            if name is None:
                raise self.fail(f"expected an attribute or a block, found {self.text[self.pos]!r}")
            self.skip(newlines=False)
            if self.peek("=") and not self.peek("=="):
                self.pos += 1
                expr = self.expression(newlines=False)
                body.attributes.append(Attribute(name, expr, line, column))
                self.end_of_item(end)
                continue
            labels: list[str] = []
            while True:
                self.skip(newlines=False)
                if self.peek('"'):
                    label = self.template(newlines=False)
                    if any(not isinstance(part, str) for part in label.parts):
                        raise self.fail("a block label cannot be a template", label.start)
                    labels.append("".join(part for part in label.parts if isinstance(part, str)))
                    continue
                label_name = self.identifier()
                if label_name is not None:
                    labels.append(label_name)
                    continue
                break
            if not self.peek("{"):
                raise self.fail(f"expected '=' or '{{' after {name!r}", start)
            self.pos += 1
            self.enter()
            inner = self.body(end="}")
            self.depth -= 1
            body.blocks.append(Block(name, labels, inner, line, column))
            self.end_of_item(end)

    def end_of_item(self, end: str | None) -> None:
        self.skip(newlines=False)
        if self.pos >= len(self.text) or self.peek("\n"):
            return
        if end is not None and self.peek(end):
            return
        raise self.fail(f"expected a new line, found {self.text[self.pos]!r}")

    # --- expressions ------------------------------------------------------------------

    def expression(self, newlines: bool) -> Node:
        self.enter()
        try:
            condition = self.binary(0, newlines)
            self.skip(newlines)
            if self.peek("?"):
                self.pos += 1
                true = self.expression(newlines)
                self.expect(":", newlines)
                false = self.expression(newlines)
                return Conditional(condition, true, false)
            return condition
        finally:
            self.depth -= 1

    def binary(self, level: int, newlines: bool) -> Node:
        if level == len(_BINARY):
            return self.unary(newlines)
        left = self.binary(level + 1, newlines)
        while True:
            self.skip(newlines)
            op = next((op for op in _BINARY[level] if self.peek(op)), None)
            if op is None or self.peek("<<"):
                return left
            self.pos += len(op)
            right = self.binary(level + 1, newlines)
            left = Binary(op, left, right)

    def unary(self, newlines: bool) -> Node:
        self.skip(newlines)
        start = self.pos
        line, column = self.where()
        if self.peek("!") and not self.peek("!="):
            self.pos += 1
            self.enter()
            operand = self.unary(newlines)
            self.depth -= 1
            return Unary("!", operand, line, column, start)
        if self.peek("-"):
            self.pos += 1
            self.enter()
            operand = self.unary(newlines)
            self.depth -= 1
            return Unary("-", operand, line, column, start)
        return self.postfix(self.term(newlines), newlines)

    def postfix(self, node: Node, newlines: bool) -> Node:
        while True:
            save = self.pos
            self.skip(newlines)
            if self.peek(".*"):
                self.pos += 2
                node = Splat(node)
            elif self.peek("[*]"):
                self.pos += 3
                node = Splat(node)
            elif self.peek(".") and not self.peek(".."):
                self.pos += 1
                if self.pos < len(self.text) and self.text[self.pos] in _DIGITS:
                    number_start = self.pos
                    while self.pos < len(self.text) and self.text[self.pos] in _DIGITS:
                        self.pos += 1
                    number_line, number_column = self.where(number_start)
                    number: Node = Literal(
                        int(self.text[number_start : self.pos]),
                        number_line,
                        number_column,
                        number_start,
                    )
                    node = Index(node, number)
                else:
                    name = self.identifier()
                    if name is None:
                        raise self.fail("expected an attribute name after '.'")
                    node = GetAttr(node, name)
            elif self.peek("["):
                self.pos += 1
                key = self.expression(newlines=True)
                self.expect("]", newlines=True)
                node = Index(node, key)
            else:
                self.pos = save
                node.end = self.pos
                return node

    def term(self, newlines: bool) -> Node:
        self.skip(newlines)
        text = self.text
        start = self.pos
        line, column = self.where()
        if self.pos >= len(text):
            raise self.fail("expected an expression, found the end of the file")
        char = text[self.pos]
        if char == '"':
            return self.template(newlines)
        if text.startswith("<<", self.pos):
            return self.heredoc()
        if char in _DIGITS:
            return self.number()
        if char == "(":
            self.pos += 1
            inner = self.expression(newlines=True)
            self.expect(")", newlines=True)
            return inner
        if char == "[":
            return self.tuple_or_for(line, column, start)
        if char == "{":
            return self.object_or_for(line, column, start)
        name = self.identifier()
        if name is None:
            raise self.fail(f"expected an expression, found {char!r}")
        if name in ("true", "false"):
            return Literal(name == "true", line, column, start)
        if name == "null":
            return Literal(None, line, column, start)
        namespaced = False
        while self.text.startswith("::", self.pos):
            # (a namespaced function: Terraform's `provider::kubernetes::manifest_decode(…)`)
            self.pos += 2
            part = self.identifier()
            if part is None:
                raise self.fail("expected a function name after '::'")
            name, namespaced = f"{name}::{part}", True
        save = self.pos
        self.skip(newlines=False)
        if self.peek("("):
            self.pos += 1
            return self.call(name, line, column, start)
        if namespaced:
            raise self.fail(f"expected '(' after the function name {name}")
        self.pos = save
        return Variable(name, line, column, start)

    def number(self) -> Literal:
        text = self.text
        start = self.pos
        line, column = self.where()
        while self.pos < len(text) and text[self.pos] in _DIGITS:
            self.pos += 1
        is_float = False
        if self.peek(".") and self.pos + 1 < len(text) and text[self.pos + 1] in _DIGITS:
            is_float = True
            self.pos += 1
            while self.pos < len(text) and text[self.pos] in _DIGITS:
                self.pos += 1
        if self.pos < len(text) and text[self.pos] in "eE":
            save = self.pos
            self.pos += 1
            if self.pos < len(text) and text[self.pos] in "+-":
                self.pos += 1
            if self.pos < len(text) and text[self.pos] in _DIGITS:
                is_float = True
                while self.pos < len(text) and text[self.pos] in _DIGITS:
                    self.pos += 1
            else:
                self.pos = save
        literal = text[start : self.pos]
        value: object = float(literal) if is_float else int(literal)
        if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
            value = int(value)
        return Literal(value, line, column, start)

    def call(self, name: str, line: int, column: int, start: int) -> Call:
        args: list[Node] = []
        expand = False
        while True:
            self.skip(newlines=True)
            if self.peek(")"):
                self.pos += 1
                break
            args.append(self.expression(newlines=True))
            self.skip(newlines=True)
            if self.peek("..."):
                self.pos += 3
                expand = True
                self.skip(newlines=True)
            if self.peek(","):
                self.pos += 1
                continue
            self.expect(")", newlines=True)
            break
        node = Call(name, args, expand, line, column, start)
        node.end = self.pos
        return node

    def for_header(self) -> tuple[str | None, str, Node]:
        self.skip(newlines=True)
        first = self.identifier()
        if first is None:
            raise self.fail("expected a variable name after 'for'")
        self.skip(newlines=True)
        key_name: str | None = None
        value_name = first
        if self.peek(","):
            self.pos += 1
            self.skip(newlines=True)
            second = self.identifier()
            if second is None:
                raise self.fail("expected a variable name")
            key_name, value_name = first, second
            self.skip(newlines=True)
        if self.identifier() != "in":
            raise self.fail("expected 'in'")
        collection = self.expression(newlines=True)
        self.expect(":", newlines=True)
        return key_name, value_name, collection

    def for_condition(self) -> Node | None:
        self.skip(newlines=True)
        save = self.pos
        if self.identifier() == "if":
            return self.expression(newlines=True)
        self.pos = save
        return None

    def is_for(self) -> bool:
        save = self.pos
        self.skip(newlines=True)
        word = self.identifier()
        result = word == "for" and self.pos < len(self.text) and self.text[self.pos] in " \t\n"
        self.pos = save
        return result

    def tuple_or_for(self, line: int, column: int, start: int) -> Node:
        self.pos += 1
        self.enter()
        try:
            if self.is_for():
                self.skip(newlines=True)
                self.identifier()
                key_name, value_name, collection = self.for_header()
                value = self.expression(newlines=True)
                condition = self.for_condition()
                self.expect("]", newlines=True)
                return ForExpr(
                    key_name,
                    value_name,
                    collection,
                    None,
                    value,
                    condition,
                    False,
                    line,
                    column,
                    start,
                )
            items: list[Node] = []
            while True:
                self.skip(newlines=True)
                if self.peek("]"):
                    self.pos += 1
                    break
                items.append(self.expression(newlines=True))
                self.skip(newlines=True)
                if self.peek(","):
                    self.pos += 1
                    continue
                self.expect("]", newlines=True)
                break
            node = TupleExpr(items, line, column, start)
            node.end = self.pos
            return node
        finally:
            self.depth -= 1

    def object_or_for(self, line: int, column: int, start: int) -> Node:
        self.pos += 1
        self.enter()
        try:
            if self.is_for():
                self.skip(newlines=True)
                self.identifier()
                key_name, value_name, collection = self.for_header()
                key = self.expression(newlines=True)
                self.expect("=>", newlines=True)
                value = self.expression(newlines=True)
                self.skip(newlines=True)
                group = False
                if self.peek("..."):
                    self.pos += 3
                    group = True
                condition = self.for_condition()
                self.expect("}", newlines=True)
                return ForExpr(
                    key_name,
                    value_name,
                    collection,
                    key,
                    value,
                    condition,
                    group,
                    line,
                    column,
                    start,
                )
            items: list[tuple[Node, Node]] = []
            computed: set[int] = set()
            while True:
                self.skip(newlines=True)
                if self.peek("}"):
                    self.pos += 1
                    break
                if self.peek("("):
                    computed.add(len(items))
                key = self.expression(newlines=False)
                self.skip(newlines=False)
                if (self.peek("=") and not self.peek("==")) or self.peek(":"):
                    self.pos += 1
                else:
                    raise self.fail("expected '=' or ':' after an object key")
                value = self.expression(newlines=False)
                items.append((key, value))
                self.skip(newlines=False)
                if self.peek(","):
                    self.pos += 1
                    continue
                if self.peek("\n"):
                    continue
                self.expect("}", newlines=True)
                break
            node = ObjectExpr(items, line, column, start, frozenset(computed))
            node.end = self.pos
            return node
        finally:
            self.depth -= 1

    # --- templates --------------------------------------------------------------------

    def template(self, newlines: bool) -> Template:
        del newlines
        start = self.pos
        line, column = self.where()
        self.pos += 1  # the opening quote
        inner = self.pos
        parts = self.template_parts(end_quote=True, heredoc=False)
        node = Template(parts, line, column, start)
        node.places = self.part_places
        node.quoted = (inner, self.pos - 1)
        node.end = self.pos
        return node

    def heredoc(self) -> Template:
        start = self.pos
        line, column = self.where()
        self.pos += 2
        strip = False
        if self.peek("-"):
            strip = True
            self.pos += 1
        marker = self.identifier()
        if marker is None:
            raise self.fail("expected a heredoc marker after '<<'")
        end_of_line = self.text.find("\n", self.pos)
        if end_of_line < 0 or self.text[self.pos : end_of_line].strip():
            raise self.fail("a heredoc marker must end its line")
        body_start = end_of_line + 1
        # The heredoc ends at a line holding only the marker (spaces around it allowed).
        offset = body_start
        body_end = -1
        while offset <= len(self.text):
            next_line = self.text.find("\n", offset)
            next_line = len(self.text) if next_line < 0 else next_line
            if self.text[offset:next_line].strip() == marker:
                body_end = offset
                self.pos = next_line
                break
            if next_line >= len(self.text):
                break
            offset = next_line + 1
        if body_end < 0:
            raise self.fail(f"heredoc {marker!r} is not closed", start)
        content = self.text[body_start:body_end]
        if strip:
            lines = content.split("\n")
            indents = [len(text) - len(text.lstrip(" \t")) for text in lines if text.strip()]
            cut = min(indents) if indents else 0
            content = "\n".join(text[cut:] for text in lines)
        body_line, _ = self.where(body_start)
        inner = _Parser(content)
        inner.line_base = body_line - 1
        inner.indent = cut if strip else 0
        inner.depth = self.depth
        parts = inner.template_parts(end_quote=False, heredoc=True)
        node = Template(parts, line, column, start)
        node.places = inner.part_places
        node.end = self.pos
        return node

    def template_parts(
        self, *, end_quote: bool, heredoc: bool, raw: bool = False
    ) -> list[str | Node]:
        """The parts of a template up to its closing quote (or the end of the text)."""
        del raw
        text = self.text
        parts: list[str | Node] = []
        literal: list[str] = []
        # (where each character of ``literal`` is written; a part's places, in step with parts)
        at: list[tuple[int, int]] = []
        places: list[tuple[tuple[int, int], ...] | None] = []
        self.part_places = places

        def flush() -> None:
            parts.append("".join(literal))
            places.append(tuple(at))
            literal.clear()
            at.clear()

        while True:
            if self.pos >= len(text):
                if end_quote:
                    raise self.fail("unterminated string")
                break
            char = text[self.pos]
            if end_quote and char == '"':
                self.pos += 1
                break
            if end_quote and char == "\n":
                raise self.fail("a quoted string cannot span lines")
            if char == "\\" and not heredoc:
                at.append(self.where())
                literal.append(self.escape())
                continue
            if text.startswith("$${", self.pos) or text.startswith("%%{", self.pos):
                line, column = self.where()
                at += [(line, column), (line, column + 2)]
                literal.append(char + "{")
                self.pos += 3
                continue
            if text.startswith("${", self.pos):
                if literal:
                    flush()
                opening = self.where()
                self.pos += 2
                if self.peek("~"):
                    self.pos += 1
                expr = self.expression(newlines=True)
                self.skip(newlines=True)
                if self.peek("~"):
                    self.pos += 1
                self.expect("}", newlines=True)
                parts.append(expr)
                places.append((opening,))
                continue
            if text.startswith("%{", self.pos):
                if literal:
                    flush()
                line, column = self.where()
                start = self.pos
                end = text.find("}", self.pos)
                if end < 0:
                    raise self.fail("unterminated template directive")
                parts.append(Directive(text[start : end + 1], line, column, start))
                places.append(None)
                self.pos = end + 1
                continue
            at.append(self.where())
            literal.append(char)
            self.pos += 1
        if literal:
            flush()
        self.part_places = places  # (a template inside an interpolation read its own)
        return parts

    def escape(self) -> str:
        text = self.text
        if self.pos + 1 >= len(text):
            raise self.fail("unterminated escape")
        code = text[self.pos + 1]
        if code in _ESCAPES:
            self.pos += 2
            return _ESCAPES[code]
        if code in "uU":
            size = 4 if code == "u" else 8
            digits = text[self.pos + 2 : self.pos + 2 + size]
            if len(digits) != size or any(d not in "0123456789abcdefABCDEF" for d in digits):
                raise self.fail("invalid unicode escape")
            self.pos += 2 + size
            value = int(digits, 16)
            if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
                raise self.fail("invalid unicode escape")
            return chr(value)
        raise self.fail(f"invalid escape sequence '\\{code}'")

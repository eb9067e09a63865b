"""Jenkins pipelines (``Jenkinsfile``): the images their agents, steps and pod templates pull.

A Jenkinsfile is Groovy. Nothing of it is run here: a small reader of its tokens (strings,
comments, brackets, names) finds what Jenkins' plugins pull, as their documentation says:

* **Declarative Docker agents** (Docker Pipeline plugin): ``agent { docker 'IMAGE' }`` and
  ``agent { docker { image 'IMAGE' … } }``, at the pipeline's top or a stage's; with
  ``registryUrl 'https://HOST/'`` an image whose name has no registry is pulled from ``HOST``.
* **Scripted Docker Pipeline steps**: ``docker.image('IMAGE')`` (``.inside``, ``.pull``,
  ``.run``, ``.withRun``), and the step ``withDockerContainer(image: 'IMAGE') { }``; inside
  ``docker.withRegistry('https://HOST', …) { }``, from ``HOST``. ``docker.build('NAME', …)``
  builds ``NAME``: a built name, not a pull.
* **Kubernetes plugin**: ``containerTemplate(… image: 'IMAGE' …)``, and the ``containers``
  and ``initContainers`` of a pod written as YAML in ``yaml '''…'''`` (``agent { kubernetes
  { … } }``, ``podTemplate(yaml: …)``).
* **Shell steps**: ``sh 'COMMAND'`` (``sh(script: …)``, ``sh script: …``, triple-quoted
  blocks) are scripts, read as any CI system's (:mod:`._shell`, ``docker run``, ``docker
  build -t``…), each in the stage's ``dir('…')``.

Values: ``environment { NAME = 'value' }`` (the pipeline's, and each enclosing stage's),
``withEnv(['NAME=value']) { }``, ``def NAME = 'value'`` (a name given one value in the file;
in a shared library's step, ``def NAME = parameters.get('key', 'value')`` and ``def NAME =
config.key ?: 'value'``, the value its caller gets by default; ``def NAME = CONDITION ?
'A' : 'B'``: each, in an image), ``env.NAME = 'value'`` and
``parameters { string(name: 'NAME', defaultValue: 'value') }`` (``params.NAME``: its
default; a ``choice``'s first) are put in where Groovy puts them: ``"${NAME}"`` and
``"$NAME"`` in double-quoted strings. Single-quoted strings are not interpolated (a shell
step's ``$NAME`` is then its environment's). What only a build knows (``env.BUILD_NUMBER``,
``credentials(…)``, a method's result) is unresolved, by name.

Comments ``// tagsense: ignore[TS001]`` suppress findings as ``#`` comments do elsewhere.
Bad input is never an exception: what cannot be read is not reported.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..._lazy import lazy_pattern
from ...occurrence import RUN_TIME, Occurrence, Scan, Suppression
from ..builds._arrays import _closing_brace
from ._scanner import KIND, Resolved, TextBuilder

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    import yaml

    from ._shell import Session

__all__ = ["JenkinsFile", "read_jenkinsfile"]

SYSTEM = "jenkins"

#: Registries that are Docker Hub: an image pulled through them keeps its name.
_DOCKER_HUB_HOSTS = frozenset(
    {"docker.io", "index.docker.io", "registry.hub.docker.com", "registry-1.docker.io",
     "hub.docker.com"}
)  # fmt: skip
#: The keys of a pod's containers whose items have an ``image``.
_CONTAINER_LISTS = frozenset({"containers", "initContainers", "ephemeralContainers"})
#: The fields of a ``dockerfile`` agent that change what it builds.
_DOCKERFILE_FIELDS = frozenset({"filename", "dir", "additionalBuildArgs"})
#: What Docker Pipeline's ``Image`` pulls for (``inside`` and ``pull`` pull, ``run`` and
#: ``withRun`` run, which pulls what is not there); ``push``, ``tag`` and ``id`` do not.
_PULLING_METHODS = frozenset({"inside", "pull", "run", "withRun"})
#: The most combinations one matrix (or matrices in matrices) makes, here.
MAX_COMBINATIONS = 256
#: The most tokens read of one file (a generated file beyond that is not read further).
_MAX_TOKENS = 500_000
_NAME_START = lazy_pattern(r"[A-Za-z_]")
_NAME = lazy_pattern(r"[A-Za-z_][A-Za-z0-9_]*")
_DOTTED = lazy_pattern(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "'": "'", '"': '"', "$": "$", "b": "\b"}


# --- tokens -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    """A name, a string (``quote`` set; ``text`` its content as written) or a punctuation
    mark; ``line`` and ``column`` (1-based) are where it (a string's content) starts."""

    text: str
    line: int
    column: int
    quote: str | None = None
    #: A string that ``+`` joins to what follows (``"app:" + VERSION``): that part's name.
    joined: str | None = None

    @property
    def is_name(self) -> bool:
        return self.quote is None and _NAME.fullmatch(self.text) is not None

    @property
    def is_string(self) -> bool:
        return self.quote is not None


class _Lines:
    """Line and column of an index of a text."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def at(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, index)
        return line, index - self.starts[line - 1] + 1


def _tokens(text: str, lines: _Lines, comments: list[tuple[int, str]]) -> Iterator[_Token]:
    """The tokens of Groovy text; comments go to ``comments`` (index, text)."""
    index, size, count = 0, len(text), 0
    while index < size and count < _MAX_TOKENS:
        char = text[index]
        count += 1
        if char in " \t\r\n;":
            index += 1
        elif text.startswith("//", index):
            end = text.find("\n", index)
            end = size if end < 0 else end
            comments.append((index, text[index:end]))
            index = end
        elif text.startswith("/*", index):
            end = text.find("*/", index + 2)
            end = size if end < 0 else end + 2
            comments.append((index, text[index:end]))
            index = end
        elif char in "'\"":
            quote = text[index : index + 3] if text.startswith(char * 3, index) else char
            start = index + len(quote)
            end = _string_end(text, start, quote)
            line, column = lines.at(start)
            yield _Token(text[start:end], line, column, quote)
            index = end + len(quote)
        elif _NAME_START.match(char):
            match = _NAME.match(text, index)
            assert match is not None
            line, column = lines.at(index)
            yield _Token(match[0], line, column)
            index = match.end()
        else:
            two = text[index : index + 2]
            mark = two if two in ("==", "!=", "<=", ">=", "=~", "->", "?.", "*.") else char
            line, column = lines.at(index)
            yield _Token(mark, line, column)
            index += len(mark)


def _joined(tokens: list[_Token]) -> list[_Token]:
    """The tokens, each string followed by ``+`` marked with what it is joined to."""
    import dataclasses

    for index, token in enumerate(tokens[:-2]):
        if token.quote is not None and tokens[index + 1].text == "+":
            following = tokens[index + 2]
            name = following.text if following.is_name else "…"
            tokens[index] = dataclasses.replace(token, joined=name)
    return tokens


def _string_end(text: str, start: int, quote: str) -> int:
    """Where the string that starts at ``start`` ends: its closing quote; for a one-quote
    string, which Groovy keeps to one line, the line's end when it has none (one stray quote
    does not swallow the rest of the file); else the text's end."""
    index = start
    end_of_line = text.find("\n", start) if len(quote) == 1 else -1
    while True:
        found = text.find(quote, index)
        if end_of_line >= 0 and (found < 0 or found > end_of_line):
            return end_of_line
        if found < 0:
            return len(text)
        backslashes = 0
        while found - backslashes - 1 >= start and text[found - backslashes - 1] == "\\":
            backslashes += 1
        if backslashes % 2 == 0:
            return found
        index = found + 1


# --- values -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Part:
    """A piece of a string's value: known text, or what a build fills in (``names``)."""

    text: str
    names: tuple[str, ...] = ()

    @property
    def known(self) -> bool:
        return not self.names


_Value = tuple[_Part, ...]


def _known(text: str) -> _Value:
    return (_Part(text),)


@dataclass(slots=True)
class _Values:
    """What the file gives names: Groovy variables (``None``: more than one value), the
    environment (by scope, see :class:`_Block`) and parameters' defaults."""

    groovy: dict[str, _Value | None] = field(default_factory=dict)
    params: dict[str, _Value] = field(default_factory=dict)

    def lookup(self, expression: str, env: dict[str, _Value]) -> _Value | None:
        """The value of ``NAME``, ``env.NAME`` or ``params.NAME`` (``None``: unknown)."""
        head, _, rest = expression.partition(".")
        if head == "env" and rest:
            return env.get(rest)
        if head == "params" and rest:
            return self.params.get(rest)
        if rest:
            return None
        if expression in self.groovy:
            return self.groovy[expression]
        return env.get(expression)


def _value(token: _Token, values: _Values, env: dict[str, _Value]) -> _Value:
    """A string token's value: a double-quoted one with its interpolations put in."""
    value = _interpolated(token, values, env)
    if token.joined is not None:  # (the rest is what a build's expression gives)
        value = (*value, _Part(f"${{{token.joined}}}", (token.joined,)))
    return value


def _interpolated(token: _Token, values: _Values, env: dict[str, _Value]) -> _Value:
    """A string token's own value, with Groovy's interpolations put in."""
    raw = token.text
    if token.quote in ("'", "'''"):
        return _known(_unescape(raw))
    parts: list[_Part] = []
    literal: list[str] = []
    index = 0
    while index < len(raw):
        char = raw[index]
        if char == "\\" and index + 1 < len(raw):
            following = raw[index + 1]
            literal.append(_ESCAPES.get(following, "\\" + following))
            index += 2
            continue
        if char == "$" and raw.startswith("${", index):
            end = _closing_brace(raw, index + 1)
            if end < 0:
                literal.append(raw[index:])
                break
            expression = raw[index + 2 : end].strip()
            written = raw[index : end + 1]
            index = end + 1
        elif char == "$" and (match := _DOTTED.match(raw, index + 1)) is not None:
            expression = written_name = match[0]
            written = "$" + written_name
            index = match.end()
        else:
            literal.append(char)
            index += 1
            continue
        if literal:
            parts.append(_Part("".join(literal)))
            literal = []
        found = values.lookup(expression, env) if _DOTTED.fullmatch(expression) else None
        parts.extend(found if found is not None else (_Part(written, (expression,)),))
    if literal:
        parts.append(_Part("".join(literal)))
    return tuple(parts)


def _unescape(raw: str) -> str:
    """A single-quoted string's value (only ``\\\\`` and ``\\'`` are escapes there that
    matter for an image or a command)."""
    if "\\" not in raw:
        return raw
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m[1], "\\" + m[1]), raw, flags=re.DOTALL)


def _resolved(value: _Value) -> Resolved:
    builder = TextBuilder("variables")
    for part in value:
        if part.known:
            builder.literal(part.text)
        else:
            builder.unknown(part.text, part.names)
    return builder.result()


def _shell_text(value: _Value) -> str:
    """A value as a shell's variable holds it: what a build fills in is unknown there."""
    from ..builds._shell_values import UNKNOWN

    return "".join(part.text if part.known else UNKNOWN for part in value)


def _script_text(value: _Value) -> str:
    """A script's text: what a build fills in is a variable no one sets (unknown)."""
    return "".join(part.text if part.known else "${JENKINS_UNKNOWN}" for part in value)


# --- blocks -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Block:
    """A ``{ … }`` of the pipeline, by the name of what opens it (``agent``, ``stage``…)."""

    name: str | None
    parent: _Block | None
    arguments: tuple[_Token, ...] = ()
    env: list[tuple[str, _Token | None]] = field(default_factory=list)
    image: _Token | None = None
    registry: _Token | None = None
    children: list[_Block] = field(default_factory=list)
    #: The name that opens it (where it is written), and the fields of a ``dockerfile`` agent.
    opening: _Token | None = None
    fields: dict[str, _Token] = field(default_factory=dict)
    #: An ``axis { name '…'; values '…', … }`` of a matrix (``notValues`` in an exclude).
    axis: _Token | None = None
    axis_values: list[_Token] = field(default_factory=list)
    axis_excludes: bool = False

    def chain(self) -> list[_Block]:
        """This block and those around it, the outermost first."""
        found: list[_Block] = []
        block: _Block | None = self
        while block is not None:
            found.append(block)
            block = block.parent
        return found[::-1]

    def first_string(self) -> _Token | None:
        return next((token for token in self.arguments if token.is_string), None)

    def child(self, name: str) -> list[_Block]:
        return [block for block in self.children if block.name == name]


@dataclass(frozen=True, slots=True)
class _Image:
    token: _Token
    block: _Block
    field: str
    registry: _Token | None = None
    #: Pulled as written, whatever registry ``docker.withRegistry`` names.
    plain: bool = False


@dataclass(frozen=True, slots=True)
class _EnvSet:
    """``env.NAME = 'value'`` (``value`` ``None``: what a build computes), where it is
    written, and the stage whose ``when`` decides whether it runs (``None``: not guarded)."""

    name: str
    value: _Token | None
    at: tuple[int, int]
    guard: _Block | None


@dataclass(frozen=True, slots=True)
class _Script:
    token: _Token
    block: _Block


@dataclass(slots=True)
class JenkinsFile:
    """What a Jenkinsfile says: occurrences of pulled images, the shells its ``sh`` steps
    run (:class:`~._shell.Session`), the names ``docker.build`` builds (line, name)."""

    scan: Scan
    sessions: list[Session]
    built: list[tuple[int, str]]


class _Reader:
    def __init__(self, text: str) -> None:
        self.lines = _Lines(text)
        self.comments: list[tuple[int, str]] = []
        self.tokens = _joined(list(_tokens(text, self.lines, self.comments)))
        self.root = _Block(None, None)
        self.values = _Values()
        self.images: list[_Image] = []
        self.pods: list[_Script] = []
        self.scripts: list[_Script] = []
        self.builds: list[_Script] = []
        #: ``agent { dockerfile … }``: the builds Docker Pipeline runs for it (the word's token).
        self.dockerfiles: list[tuple[_Token, _Block]] = []
        self.assigned: dict[str, list[_Token | None]] = {}
        #: ``NAME = CONDITION ? 'A' : 'B'``: the values a name may take (each an image's).
        self.choices: dict[str, list[_Token]] = {}
        #: Every ``env.NAME = …``, in the file's order (see :meth:`_stage_scenarios`).
        self.env_sets: list[_EnvSet] = []

    # (the walk: one pass over the tokens, a stack of blocks)

    def walk(self) -> None:
        tokens = self.tokens
        stack = [self.root]
        for index, token in enumerate(tokens):
            if token.quote is None and token.text == "{":
                name, arguments = self._head(index)
                block = _Block(
                    name, stack[-1], arguments, opening=tokens[index - 1] if index else None
                )
                stack[-1].children.append(block)
                stack.append(block)
            elif token.quote is None and token.text == "}":
                if len(stack) > 1:
                    closed = stack.pop()
                    if closed.name == "docker" and closed.image is not None:
                        self.images.append(_Image(closed.image, closed, "agent", closed.registry))
                    opened = tokens[index - 1] if closed.opening is None else closed.opening
                    if (
                        closed.name == "dockerfile"
                        and closed.parent
                        and closed.parent.name == "agent"
                    ):
                        self.dockerfiles.append((opened, closed))
            elif token.is_name:
                self._name(index, token, stack[-1])
        for name, values in self.assigned.items():
            tokens_given = {None if t is None else (t.quote, t.text) for t in values}
            self.values.groovy[name] = None
            if len(tokens_given) == 1 and values[0] is not None:
                self.values.groovy[name] = _value(values[0], self.values, {})
            elif name in self.choices and len(values) == 1:
                del self.values.groovy[name]  # (its values: see choice_envs_of)
            if name in self.values.groovy:
                self.choices.pop(name, None)  # (a name given other values too: unknown)

    def _head(self, index: int) -> tuple[str | None, tuple[_Token, ...]]:
        """The name of what opens the block at ``index``, and its arguments."""
        tokens = self.tokens
        before = index - 1
        if before < 0:
            return None, ()
        token = tokens[before]
        if token.quote is None and token.text == ")":
            opening = self._matching(before, -1)
            if opening is None or opening == 0:
                return None, ()
            name = tokens[opening - 1]
            return (name.text if name.is_name else None), tuple(tokens[opening + 1 : before])
        if token.is_name:
            return token.text, ()
        return None, ()

    def _matching(self, index: int, step: int) -> int | None:
        """The index of the bracket that matches the one at ``index``: a ``(`` forward
        (``step`` 1), a ``)`` backward (-1); ``None`` when none does within 10,000 tokens."""
        same, other = ("(", ")") if step > 0 else (")", "(")
        depth = 0
        end = min(len(self.tokens), index + 10_000) if step > 0 else max(-1, index - 10_000)
        for at in range(index, end, step):
            token = self.tokens[at]
            if token.quote is None and token.text == same:
                depth += 1
            elif token.quote is None and token.text == other:
                depth -= 1
                if depth == 0:
                    return at
        return None

    def _chosen(self, index: int) -> list[_Token] | None:
        """The two strings of ``NAME = CONDITION ? 'A' : 'B'`` on one line (fabric8's
        ``def jnlpImage = (flow.isOpenShift()) ? 'IMAGE' : 'IMAGE'``); else ``None``."""
        line = self.tokens[index].line
        at = index + 2
        while (token := self._next(at, 0)) is not None and token.line == line:
            if token.quote is None and token.text == "?":
                first, colon, second = self._next(at, 1), self._next(at, 2), self._next(at, 3)
                following = self._next(at, 4)
                if (
                    first is not None and first.is_string and first.line == line
                    and colon is not None and colon.text == ":"
                    and second is not None and second.is_string and second.line == line
                    and (following is None or following.line != line
                         or following.text not in ("+", ".", "?", "?.", "["))
                ):  # fmt: skip
                    return [first, second]
                return None
            at += 1
        return None

    def _default_given(self, start: int) -> _Token | None:
        """The default of a value a shared library's step is given, from ``start``:
        ``parameters.get('key', 'DEFAULT')``, ``config.key ?: 'DEFAULT'`` (what the step uses
        when its caller gives nothing), as the token of the string; else ``None``."""
        at = start
        while (token := self._next(at, 0)) is not None and (
            token.is_name or token.text in (".", "?.")
        ):
            at += 1
        if at == start:
            return None
        default: _Token | None = None
        if self._is(at, 0, "(") and self._is(at, -1, "get") and self._is(at, -2, "."):
            key, comma, given = self._next(at, 1), self._next(at, 2), self._next(at, 3)
            if (
                key is not None
                and key.is_string
                and comma is not None
                and comma.text == ","
                and self._is(at, 4, ")")
            ):
                default = given
                at += 4
        elif self._is(at, 0, "?") and self._is(at, 1, ":"):
            default = self._next(at, 2)
            at += 2
        if default is None or not default.is_string:
            return None
        following = self._next(at, 1)
        if following is not None and following.text in ("+", ".", "?", "?."):
            return None  # (the default is part of an expression: not the value)
        return default

    def _next(self, index: int, offset: int = 1) -> _Token | None:
        at = index + offset
        return self.tokens[at] if 0 <= at < len(self.tokens) else None

    def _is(self, index: int, offset: int, text: str) -> bool:
        token = self._next(index, offset)
        return token is not None and token.quote is None and token.text == text

    def _method_on(self, variable: str) -> _Token | None:
        """The first pulling method called on a variable (``image.inside``), else the first
        method; ``None`` when none is."""
        first: _Token | None = None
        tokens = self.tokens
        for index, token in enumerate(tokens[:-2]):
            if token.quote is None and token.text == variable and self._is(index, 1, "."):
                method = tokens[index + 2]
                if method.text in _PULLING_METHODS:
                    return method
                first = first or method
        return first

    def _strings_after(self, index: int) -> list[_Token]:
        """The strings of ``NAME 'a', 'b', …`` (a list of strings separated by commas)."""
        found: list[_Token] = []
        at = index + 1
        while (token := self._next(at, 0)) is not None and token.is_string:
            found.append(token)
            if not self._is(at, 1, ","):
                break
            at += 2
        return found

    def _call_arguments(self, index: int) -> list[_Token]:
        """The tokens of a call's arguments: within its parentheses, else on its line (and
        the lines a ``,`` or ``:`` continues)."""
        tokens = self.tokens
        if self._is(index, 1, "("):
            closing = self._matching(index + 1, 1)
            return tokens[index + 2 : closing]  # (unclosed: to the end)
        found: list[_Token] = []
        at = index + 1
        line = tokens[index].line
        while at < len(tokens):
            token = tokens[at]
            continued = found and found[-1].quote is None and found[-1].text in (",", ":")
            if token.quote is None and token.text in ("{", "}"):
                break
            if token.line != line and not continued:
                break
            found.append(token)
            line = token.line
            at += 1
        return found

    def _name(self, index: int, token: _Token, block: _Block) -> None:
        name = token.text
        following = self._next(index)
        if block.name == "environment" and self._is(index, 1, "=") and block.parent is not None:
            value = self._next(index, 2)
            block.parent.env.append(
                (name, value if value is not None and value.is_string else None)
            )
            return
        in_agent = block.parent is not None and block.parent.name == "agent"
        if block.name == "docker" and in_agent and name in ("image", "registryUrl"):
            if following is not None and following.is_string:
                if name == "image":
                    block.image = following
                else:
                    block.registry = following
            return
        if block.name == "dockerfile" and in_agent and name in _DOCKERFILE_FIELDS:
            if following is not None and following.is_string:
                block.fields[name] = following
            return
        if name == "dockerfile" and block.name == "agent" and self._is(index, 1, "true"):
            self.dockerfiles.append((token, _Block(None, block)))  # (the checkout's Dockerfile)
            return
        if name == "docker" and block.name == "agent" and following and following.is_string:
            self.images.append(_Image(following, block, "agent"))
            return
        if name == "docker" and self._is(index, 1, ".") and self._is(index, 3, "("):
            method = self._next(index, 2)
            argument = self._next(index, 4)
            if method is not None and argument is not None and method.text in ("image", "build"):
                if method.text == "image":
                    # (``run``/``withRun`` run the name as written; ``inside``/``pull``
                    # qualify it with ``withRegistry``'s host: Docker.groovy's imageName())
                    closing = self._matching(index + 3, 1)
                    called = None
                    if closing is not None and self._is(closing, 1, "."):
                        called = self._next(closing, 2)
                    if called is None and self._is(index, -1, "="):
                        held = self._next(index, -2)  # (``def image = docker.image(…)``)
                        called = self._method_on(held.text) if held and held.is_name else None
                    if called is None or called.text not in _PULLING_METHODS:
                        return  # (a handle to push or tag a built image: nothing pulled)
                    plain = called.text in ("run", "withRun")
                    self.images.append(_Image(argument, block, "docker.image", plain=plain))
                elif argument.is_string:
                    self.builds.append(_Script(argument, block))
            return
        if name == "withDockerContainer" and following is not None:
            # (Docker Pipeline's step under ``docker.image(…).inside``: the image it pulls and
            # runs the block in; ``withDockerContainer('IMAGE')`` gives it alone)
            arguments = self._call_arguments(index)
            image = _named_argument(arguments, "image")
            first = arguments[0] if arguments else None
            if image is None and first is not None and first.is_string:
                image = first if len(arguments) == 1 or arguments[1].text == "," else None
            if image is not None:
                self.images.append(_Image(image, block, "withDockerContainer"))
            return
        if name == "containerTemplate" and self._is(index, 1, "("):
            image = _named_argument(self._call_arguments(index), "image")
            if image is not None:
                self.images.append(_Image(image, block, "containerTemplate"))
            return
        if name == "yaml" and following is not None:
            pod = following if following.is_string else None
            if pod is None and self._is(index, 1, ":"):
                candidate = self._next(index, 2)
                pod = candidate if candidate is not None and candidate.is_string else None
            if pod is not None and "containers" in pod.text.lower():
                self.pods.append(_Script(pod, block))
            return
        if (
            name == "sh"
            and following is not None
            and (following.is_string or following.text == "(" or self._is(index, 2, ":"))
        ):
            # (``sh 'make'``, ``sh(…)``, ``sh script: …``; also ``script.sh …`` in a class of
            # a shared library, and ``steps.sh``)
            arguments = self._call_arguments(index)
            script = _named_argument(arguments, "script")
            if script is None and arguments and arguments[0].is_string:
                script = arguments[0]
            if script is not None:
                self.scripts.append(_Script(script, block))
            return
        if block.name == "axis" and name in ("name", "values", "notValues"):
            strings = self._strings_after(index)
            if name == "name":
                block.axis = strings[0] if strings else None
            else:
                block.axis_values = strings
                block.axis_excludes = name == "notValues"
            return
        if name in ("string", "choice") and block.name == "parameters":
            arguments = self._call_arguments(index)
            parameter = _named_argument(arguments, "name")
            default = _named_argument(arguments, "defaultValue" if name == "string" else "choices")
            if name == "choice" and default is None:
                default = _first_in_list(arguments, "choices")
            if parameter is not None and default is not None:
                given = _value(default, self.values, {})
                if name == "choice" and default.is_string:
                    given = _known(_resolved(given).text.split("\n", 1)[0].strip())
                self.values.params[_resolved(_value(parameter, self.values, {})).text] = given
            return
        if self._is(index, 1, "=") and not self._is(index, -1, "."):
            value = self._next(index, 2)
            string = (
                value
                if value is not None and value.is_string and not self._is(index, 3, ".")
                else None
            )
            if self._is(index, -1, "(") or self._is(index, -1, ","):
                return  # (a named argument with `=`? Groovy has none: not an assignment)
            if string is None:
                string = self._default_given(index + 2)
            chosen = self._chosen(index) if string is None else None
            if chosen is not None:
                self.choices.setdefault(name, []).extend(chosen)
            self.assigned.setdefault(name, []).append(string)
            return
        if name == "env" and self._is(index, 1, ".") and self._is(index, 3, "="):
            variable = self._next(index, 2)
            value = self._next(index, 4)
            if variable is not None and variable.is_name:
                string = value if value is not None and value.is_string else None
                self.root.env.append((variable.text, string))
                guard = next(iter(_guarding(block)[::-1]), None)  # (the innermost)
                at = (token.line, token.column)
                self.env_sets.append(_EnvSet(variable.text, string, at, guard))

    # (what is read, once the walk is done)

    def env_of(self, block: _Block) -> dict[str, _Value]:
        """The environment inside ``block`` (of a matrix's first combination)."""
        return self.envs_of(block)[0]

    def choice_envs_of(
        self, block: _Block, at: tuple[int, int] | None = None
    ) -> list[dict[str, _Value]]:
        """The environments inside ``block`` (:meth:`envs_of`), each with every value a name
        may take by a condition (``NAME = CONDITION ? 'A' : 'B'``): an image's each value."""
        envs = self.envs_of(block, at)
        for name, tokens in self.choices.items():
            values = [_value(token, self.values, {}) for token in tokens]
            envs = [{**env, name: value} for env in envs for value in values][:MAX_COMBINATIONS]
        return envs

    def envs_of(self, block: _Block, at: tuple[int, int] | None = None) -> list[dict[str, _Value]]:
        """The environments inside ``block``: one a combination of the matrices around it;
        for what is written at ``at`` (line, column), one for each stage a ``when`` lets run
        before it that sets ``env.NAME`` (:meth:`_stage_scenarios`)."""
        envs: list[dict[str, _Value]] = [{}]
        for scope in block.chain():
            if scope.name == "matrix":
                combinations = self.combinations(scope)
                envs = [{**env, **c} for env in envs for c in combinations][:MAX_COMBINATIONS]
            envs = [self._scope_env(scope, env) for env in envs]
            if scope is self.root and at is not None:
                scenarios = self._stage_scenarios(at, block)
                if len(scenarios) > 1:
                    envs = [self._set(env, sets) for env in envs for sets in scenarios]
                    envs = list({tuple(env.items()): env for env in envs}.values())
                    envs = envs[:MAX_COMBINATIONS]
        return envs

    def _stage_scenarios(
        self, at: tuple[int, int], block: _Block
    ) -> list[dict[str, _Token | None]]:
        """The values ``env.NAME = …`` gives what is written at ``at``, one set for each way a
        run may go. Jenkins runs one branch's pipeline, and a stage whose ``when`` it decides
        (``branch``, ``environment``, ``expression``…) sets its values only in the runs it
        lets through (linuxserver's ``Set ENV live build`` on master, ``Set ENV dev build``
        elsewhere): each guarded stage written before ``at`` gives its values (with the
        unguarded ones before it), and, when a name also has an unguarded value, the run
        that skips them all keeps that value. Names set by no guarded stage before ``at``
        keep the one value they have. The guarded stages around ``block`` (where ``at`` is)
        run in every run that reaches it: theirs are no alternatives there."""
        running = _guarding(block)
        sets = [
            found if all(found.guard is not stage for stage in running) else
            _EnvSet(found.name, found.value, found.at, None)
            for found in self.env_sets
            if found.at < at
        ]  # fmt: skip
        guards: list[_Block] = []
        for found in sets:
            if found.guard is not None and all(found.guard is not g for g in guards):
                guards.append(found.guard)
        if not guards:
            return [{}]
        names = {found.name for found in sets if found.guard is not None}

        def given(chosen: _Block | None) -> dict[str, _Token | None]:
            values: dict[str, _Token | None] = {}
            for found in sets:
                if found.name in names and (found.guard is None or found.guard is chosen):
                    values[found.name] = found.value
            return values

        scenarios = [given(guard) for guard in guards]
        if skipped := given(None):
            scenarios.append(skipped)
        return scenarios

    def may_see(self, token: _Token, block: _Block) -> bool:
        """Whether a shell step's text may see the names guarded stages set before it (see
        :meth:`_stage_scenarios`): it writes one, or runs a script, ``make`` or compose, which
        read the environment."""
        from ..builds._runs import runs_in

        scenarios = self._stage_scenarios(_at(token), block)
        if len(scenarios) < 2:
            return False
        text = token.text
        names = {name for scenario in scenarios for name in scenario}
        return any(name in text for name in names) or "compose" in text or runs_in(text)

    def _set(self, outer: dict[str, _Value], sets: dict[str, _Token | None]) -> dict[str, _Value]:
        """``outer`` with the values ``env.NAME = …`` gives (``None``: a build's)."""
        env = dict(outer)
        for name, token in sets.items():
            env[name] = (
                _value(token, self.values, env)
                if token is not None
                else (_Part(f"${{{name}}}", (f"env.{name}",)),)
            )
        return env

    def combinations(self, matrix: _Block) -> list[dict[str, _Value]]:
        """A declarative ``matrix``'s combinations of its ``axes`` (each axis an environment
        variable), less those an ``excludes`` entry matches (``values``, ``notValues``)."""
        rows: list[dict[str, str]] = [{}]
        for axes in matrix.child("axes"):
            for axis in axes.child("axis"):
                if axis.axis is None or not axis.axis_values:
                    continue
                name = self._text(axis.axis)
                options = [self._text(token) for token in axis.axis_values]
                rows = [{**row, name: option} for row in rows for option in options]
                rows = rows[:MAX_COMBINATIONS]
        for excludes in matrix.child("excludes"):
            for exclude in excludes.child("exclude"):
                rules = [
                    (
                        self._text(axis.axis),
                        {self._text(token) for token in axis.axis_values},
                        axis.axis_excludes,
                    )
                    for axis in exclude.child("axis")
                    if axis.axis is not None
                ]
                if rules:
                    rows = [row for row in rows if not _excluded(row, rules)]
        return [{name: _known(value) for name, value in row.items()} for row in rows] or [{}]

    def _text(self, token: _Token) -> str:
        return _resolved(_value(token, self.values, {})).text

    def _scope_env(self, scope: _Block, outer: dict[str, _Value]) -> dict[str, _Value]:
        """The environment inside ``scope``, given the one around it."""
        env = dict(outer)
        for name, token in scope.env:
            env[name] = (
                _value(token, self.values, env)
                if token is not None
                else (_Part(f"${{{name}}}", (f"env.{name}",)),)
            )
        if scope.name == "withEnv":
            for token in scope.arguments:
                if token.is_string:
                    assignment = _value(token, self.values, env)
                    first = assignment[0].text if assignment and assignment[0].known else ""
                    if "=" in first:
                        variable, _, rest = first.partition("=")
                        env[variable.strip()] = (_Part(rest), *assignment[1:])
        return env

    def stage_of(self, block: _Block) -> str | None:
        for scope in reversed(block.chain()):
            if scope.name == "stage":
                first = scope.first_string()
                return _resolved(_value(first, self.values, {})).text if first else None
        return None

    def workdir_of(self, block: _Block) -> str | None:
        parts: list[str] = []
        for scope in block.chain():
            if scope.name == "dir":
                first = scope.first_string()
                if first is None:
                    return None
                value = _value(first, self.values, self.env_of(scope))
                if not all(part.known for part in value):
                    return None
                parts.append("".join(part.text for part in value))
        import posixpath

        return posixpath.normpath(posixpath.join("", *parts)) if parts else ""

    def context(self, block: _Block, field: str) -> dict[str, object]:
        """An occurrence's context: the system, the field, the stage."""
        context: dict[str, object] = {"system": SYSTEM, "field": field}
        if (stage := self.stage_of(block)) is not None:
            context["stage"] = stage
        return context

    def registry_of(self, image: _Image, env: dict[str, _Value]) -> _Value | None:
        token = image.registry
        if token is None and not image.plain:
            for scope in reversed(image.block.chain()):
                if scope.name == "withRegistry":
                    token = scope.first_string()
                    break
        if token is None:
            return None
        return _value(token, self.values, env)


def _guarding(block: _Block) -> list[_Block]:
    """The stages around ``block`` (itself too) whose ``when`` decides whether they run, the
    outermost first."""
    return [scope for scope in block.chain() if scope.name == "stage" and scope.child("when")]


def _excluded(row: dict[str, str], rules: list[tuple[str, set[str], bool]]) -> bool:
    """Whether an ``exclude`` matches a combination: every axis it names does (``values``:
    one of them; ``notValues``: none of them)."""
    return all(
        name in row and ((row[name] in values) != negated) for name, values, negated in rules
    )


def _named_argument(arguments: list[_Token], name: str) -> _Token | None:
    """The string given as ``name: '…'`` among a call's arguments (at the top level)."""
    depth = 0
    for index, token in enumerate(arguments):
        if token.quote is None and token.text in ("(", "["):
            depth += 1
        elif token.quote is None and token.text in (")", "]"):
            depth -= 1
        elif depth == 0 and token.quote is None and token.text == name:
            after = arguments[index + 1 : index + 3]
            if len(after) == 2 and after[0].text == ":" and after[1].is_string:
                return after[1]
    return None


def _first_in_list(arguments: list[_Token], name: str) -> _Token | None:
    """The first string of ``name: ['a', 'b']``."""
    for index, token in enumerate(arguments):
        if token.quote is None and token.text == name:
            after = arguments[index + 1 : index + 4]
            if len(after) == 3 and after[0].text == ":" and after[1].text == "[":
                return after[2] if after[2].is_string else None
    return None


def _with_registry(value: _Value, registry: _Value | None) -> _Value:
    """An image name pulled through a registry: ``HOST/NAME`` when the name has no host."""
    if registry is None or not all(part.known for part in registry):
        return value
    url = "".join(part.text for part in registry).strip()
    host = re.sub(r"^[a-z]+://", "", url).split("/", 1)[0]
    if not host or host in _DOCKER_HUB_HOSTS:
        return value
    first = value[0].text if value and value[0].known else ""
    component = first.split("/", 1)[0]
    if "/" in first and ("." in component or ":" in component or component == "localhost"):
        return value
    return (_Part(f"{host}/"), *value)


def read_jenkinsfile(text: str, path: str | None = None) -> JenkinsFile:
    """What a Jenkinsfile pulls, runs in shells and builds (see the module); never raises."""
    from ..builds._shell_values import name_pattern
    from ._shell import Script, Session

    reader = _Reader(text)
    reader.walk()
    occurrences: list[Occurrence] = []
    seen: set[tuple[int, int, str]] = set()

    def emit(
        token: _Token, line: int, column: int, value: _Value, context: dict[str, object]
    ) -> None:
        resolved = _resolved(value)
        if not resolved.text.strip() or (line, column, resolved.text) in seen:
            return
        seen.add((line, column, resolved.text))
        run_time = None
        if resolved.unresolved:
            if resolved.known:
                context["known_prefix"] = resolved.text[: resolved.known]
            run_time = RUN_TIME["variables"]
        occurrences.append(
            Occurrence.of_text(
                path=path, line=line, column=column, kind=KIND, raw=token.text,
                text=resolved.text, unresolved=resolved.unresolved, run_time=run_time,
                context=context,
            )
        )  # fmt: skip

    for image in reader.images:
        token = image.token
        for env in reader.choice_envs_of(image.block, _at(token)):  # (a matrix: each one)
            if token.is_string:
                value = _value(token, reader.values, env)
            elif token.is_name and (known := reader.values.lookup(token.text, env)) is not None:
                value = known
            else:
                continue  # (a method's result, an expression: a build's)
            value = _with_registry(value, reader.registry_of(image, env))
            emit(token, token.line, token.column, value, reader.context(image.block, image.field))
    for pod in reader.pods:
        for env in reader.choice_envs_of(pod.block, _at(pod.token)):
            content = _value(pod.token, reader.values, env)
            for line, column, written in _pod_images(_script_text(content)):
                at_line = pod.token.line + line - 1
                at_column = column + (pod.token.column - 1 if line == 1 else 0)
                quote = '"' if pod.token.quote in ('"', '"""') else "'"
                token = _Token(written, at_line, at_column, quote)
                value = _value(token, reader.values, env)
                emit(token, at_line, at_column, value, reader.context(pod.block, "pod"))
    sessions: list[Session] = []
    for script in reader.scripts:
        # (the runs guarded stages tell apart: read apart where the script may see them)
        at = _at(script.token) if reader.may_see(script.token, script.block) else None
        for env in reader.envs_of(script.block, at):
            variables = {name: _shell_text(value) for name, value in env.items()}
            text = _script_text(_value(script.token, reader.values, env))
            sessions.append(
                Session(
                    variables,
                    [Script(path, script.token.line, text)],
                    reader.stage_of(script.block),
                    workdir=reader.workdir_of(script.block),
                )
            )
    built: list[tuple[int, str]] = []
    for build in reader.builds:
        for env in reader.envs_of(build.block, _at(build.token)):
            # (as a shell's ``docker build -t`` names it: a tag a run gives builds the name)
            name = name_pattern(_shell_text(_value(build.token, reader.values, env)))
            if name is not None:
                built.append((build.token.line, name))
    for word, agent in reader.dockerfiles:
        for env in reader.envs_of(agent, (word.line, word.column)):
            command = _dockerfile_build({
                name: _script_text(_value(value, reader.values, env))
                for name, value in agent.fields.items()
            })  # fmt: skip
            sessions.append(
                Session(
                    {name: _shell_text(value) for name, value in env.items()},
                    [Script(path, word.line, command)],
                    reader.stage_of(agent),
                    workdir=reader.workdir_of(agent),
                )
            )
    suppressions = _suppressions(reader, path)
    return JenkinsFile(Scan(occurrences, (), suppressions), sessions, built)


def _at(token: _Token) -> tuple[int, int]:
    return token.line, token.column


def _dockerfile_build(fields: dict[str, str]) -> str:
    """The command Docker Pipeline runs for ``agent { dockerfile { … } }``
    (DockerPipelineFromDockerfileScript: ``docker build -t HASH ARGS -f "DIR/FILE" "DIR"``;
    the hash names nothing anyone pulls, and is left out)."""
    directory = fields.get("dir")
    filename = fields.get("filename", "Dockerfile")
    dockerfile = f"{directory}/{filename}" if directory else filename
    extra = fields.get("additionalBuildArgs", "").replace("\n", " ")
    return f'docker build {extra} -f "{dockerfile}" "{directory or "."}"'


def _pod_images(text: str) -> list[tuple[int, int, str]]:
    """The images of a pod's containers in YAML text: (line, column, text) in it."""
    from .._yaml import load_yaml, value_position

    found: list[tuple[int, int, str]] = []
    loaded = load_yaml(text)

    def walk(node: yaml.Node, depth: int) -> None:
        value = getattr(node, "value", None)
        if depth > 40 or not isinstance(value, list):
            return
        for item in value:
            if not isinstance(item, tuple):
                walk(item, depth + 1)
                continue
            key, child = item
            if getattr(key, "value", None) in _CONTAINER_LISTS:
                for container in child.value if isinstance(child.value, list) else ():
                    image = _field(container, "image")
                    if image is not None and isinstance(image.value, str) and image.value:
                        line, column = value_position(image)
                        found.append((line, column, image.value))
            walk(child, depth + 1)

    for document in loaded.documents:
        walk(document, 0)
    return found


def _field(node: yaml.Node, name: str) -> yaml.Node | None:
    """The value of ``name`` in a mapping node (``None``: no such key, or no mapping)."""
    pairs = getattr(node, "value", None)
    if not isinstance(pairs, list):
        return None
    for pair in pairs:
        if isinstance(pair, tuple) and getattr(pair[0], "value", None) == name:
            return pair[1]  # type: ignore[no-any-return]
    return None


def _suppressions(reader: _Reader, path: str | None) -> list[Suppression]:
    """``// tagsense: ignore[…]`` (also in ``/* … */``): directives as ``#`` comments give
    them elsewhere, at the comment, written as they are."""
    from ..builds._source_code import slash_comment_suppressions

    found: list[Suppression] = []
    for index, comment in reader.comments:
        if "tagsense" in comment.lower():
            line, column = reader.lines.at(index)
            found.extend(slash_comment_suppressions(comment, line, column, path))
    return found

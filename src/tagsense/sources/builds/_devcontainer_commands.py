"""The lifecycle commands of a ``devcontainer.json``: the images their ``docker run`` pulls.

The devcontainer CLI (and VS Code, Codespaces) runs ``initializeCommand`` on the host before
the container is made, then ``onCreateCommand``, ``updateContentCommand``,
``postCreateCommand``, ``postStartCommand`` and ``postAttachCommand`` in it. Each is a string
(a shell's command line), an array (a command and its arguments, no shell), or an object
whose values are either, run in parallel. A command that runs or pulls an image (logto-io/
logto's ``"postStartCommand": "docker run -d … postgres:14-alpine"``) pulls it as surely as a
compose file does: each is read as a script is (:mod:`.shell`), after the CLI's variables are
put in (:func:`~.devcontainer.substitute`: what only the machine knows stays unknown, and an
image that needs it is not reported). The images are occurrences of kind ``shell`` at the
image's line and column, with ``context`` ``tool`` (``devcontainer``), ``command`` (the
field), ``name`` (an object's key), ``engine`` and ``verb``.
"""

from __future__ import annotations

from .._jsonc import ARRAY, OBJECT, STRING, members

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

    from ...occurrence import Occurrence
    from .._jsonc import Value

__all__ = ["LIFECYCLE_COMMANDS", "command_pulls"]

#: The fields that hold commands, in the order the CLI runs them.
LIFECYCLE_COMMANDS = (
    "initializeCommand",
    "onCreateCommand",
    "updateContentCommand",
    "postCreateCommand",
    "postStartCommand",
    "postAttachCommand",
)

#: What an unknown variable is given to the shell as: a name no environment sets.
_UNKNOWN = "${devcontainer_unknown}"


def command_pulls(
    config: Value,
    path: str | None,
    lines: list[str],
    substitute: Callable[[str, Mapping[str, str]], tuple[str, tuple[str, ...]] | str],
    env: Mapping[str, str],
) -> list[Occurrence]:
    """The images the lifecycle commands of ``config`` (the text's ``lines``) pull."""
    found: list[Occurrence] = []
    for field in LIFECYCLE_COMMANDS:
        for node, name in _commands(config, field):
            found.extend(_pulls(node, field, name, path, lines, substitute, env))
    found.sort(key=lambda occurrence: (occurrence.line, occurrence.column))
    return found


def _commands(config: Value, field: str) -> Iterator[tuple[Value, str | None]]:
    """The commands of one field: itself, or each value of an object (with its key)."""
    for key, _, value in members(config):
        if key != field:
            continue
        if value.kind == OBJECT:
            for name, _, command in members(value):
                yield command, name
        else:
            yield value, None


def _pulls(
    node: Value,
    field: str,
    name: str | None,
    path: str | None,
    lines: list[str],
    substitute: Callable[[str, Mapping[str, str]], tuple[str, tuple[str, ...]] | str],
    env: Mapping[str, str],
) -> list[Occurrence]:
    import shlex

    from ...occurrence import Occurrence
    from .shell import ShellReader, may_pull, word_position

    if node.kind == STRING:
        text, last = node.text or "", node.line
    elif node.kind == ARRAY and all(item.kind == STRING for item in node.items):
        text = shlex.join(item.text or "" for item in node.items)  # (no shell: as written)
        last = node.items[-1].line if node.items else node.line
    else:
        return []  # (the CLI refuses any other value)
    if not may_pull(text.encode()):
        return []
    if "${" in text:
        text = _put_in(text, substitute, env)
    reader = ShellReader(pulls=True)
    reader.read(text)
    found = []
    seen: set[str] = set()
    for pull in reader.pulls or ():
        if pull.image in seen:
            continue
        seen.add(pull.image)
        line, column = word_position(lines, node.line, last, pull.image, pull.lead)
        context: dict[str, object] = {"tool": "devcontainer", "command": field}
        if name is not None:
            context["name"] = name
        context.update(engine=pull.engine, verb=pull.verb)
        found.append(
            Occurrence.of_text(
                path=path,
                line=line,
                column=column,
                kind="shell",
                raw=pull.image,
                text=pull.image,
                context=context,
            )
        )
    return found


def _put_in(
    text: str,
    substitute: Callable[[str, Mapping[str, str]], tuple[str, tuple[str, ...]] | str],
    env: Mapping[str, str],
) -> str:
    """``text`` with each of the CLI's variables put in, or, where it is not known here,
    a shell variable that no environment sets."""
    import re

    def one(match: re.Match[str]) -> str:
        found = substitute(match[0], env)
        if isinstance(found, str) or found[1]:
            return _UNKNOWN
        return found[0]

    return re.sub(r"\$\{[^\n\r\u2028\u2029]*?\}", one, text)

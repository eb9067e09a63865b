"""Variable syntaxes of the CI systems, each as its runner reads it.

- :func:`go_expand`: Go's ``os.Expand`` (``$NAME``, ``${NAME}``, ``$$``), with
  which the GitLab Runner expands an image's name.
- :func:`gitlab_expand`: how GitLab expands variables inside variables
  before a job starts (``$NAME``, ``${NAME}``, ``%NAME%``; ``$$`` and ``%%``
  left alone; a name it has no value for kept as written).
- :func:`azure_macros`: Azure Pipelines' ``$(name)`` macros (names ignore case;
  a name with no value stays as written).
- :func:`shell_names`: the names ``$NAME``/``${NAME…}`` text refers to, for
  systems whose variables only a run has.

A lookup returns a :class:`~._scanner.Resolved` value, or ``None`` for a name
the file gives no value: that part is kept as written and named in
``unresolved``.

>>> go_expand("node:${NODE}-alpine", lambda name: Resolved("22") if name == "NODE" else None).text
'node:22-alpine'
>>> go_expand("$CI_REGISTRY_IMAGE/app:1", lambda name: None).unresolved
('CI_REGISTRY_IMAGE',)
"""

from __future__ import annotations

from ..._lazy import once
from ._scanner import MAX_TEXT, Resolved, TextBuilder, TooLong

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = ["azure_macros", "gitlab_expand", "gitlab_references", "go_expand", "shell_names"]

_SPECIAL = frozenset("*#$@!?-0123456789")


def _alnum(char: str) -> bool:
    return char == "_" or ("0" <= char <= "9") or ("a" <= char <= "z") or ("A" <= char <= "Z")


def _shell_name(text: str) -> tuple[str, int]:
    """Go's ``getShellName``: the name after a ``$`` and how many characters it takes."""
    if text[0] == "{":
        if len(text) > 2 and text[1] in _SPECIAL and text[2] == "}":
            return text[1:2], 3
        for index in range(1, len(text)):
            if text[index] == "}":
                if index == 1:
                    return "", 2  # bad syntax: "${}" is eaten
                return text[1:index], index + 1
        return "", 1  # bad syntax: "${" is eaten
    if text[0] in _SPECIAL:
        return text[0:1], 1
    index = 0
    while index < len(text) and _alnum(text[index]):
        index += 1
    return text[:index], index


def go_expand(
    text: str, lookup: Callable[[str], Resolved | None], *, run_time: str = "variables"
) -> Resolved:
    """``os.Expand(text, lookup)``; a name ``lookup`` has no value for is kept as written.

    ``$$`` and the shell's special names are passed to ``lookup`` like any name
    (the GitLab Runner gives ``$`` for ``$$`` and nothing for the others).
    """
    builder = TextBuilder(run_time)
    start = 0
    index = 0
    length = len(text)
    while index < length:
        if text[index] == "$" and index + 1 < length:
            builder.literal(text[start:index])
            name, width = _shell_name(text[index + 1 :])
            if name == "" and width > 0:
                pass  # invalid syntax: Go drops it
            elif name == "":
                builder.literal("$")
            else:
                value = lookup(name)
                if value is None:
                    builder.unknown(text[index : index + 1 + width], (name,))
                else:
                    builder.add(value)
            index += width
            start = index + 1
        index += 1
    builder.literal(text[start:])
    return builder.result()


@once
def _gitlab_pattern() -> object:
    import re

    # ``ExpandVariables`` / ``Collection::Item::VARIABLES_REGEXP``:
    # /\$\$|%%|\$(?<key>[a-zA-Z_][a-zA-Z0-9_]*)|\${\g<key>?}|%\g<key>%/
    name = r"[a-zA-Z_][a-zA-Z0-9_]*"
    return re.compile(rf"\$\$|%%|\$({name})|\$\{{({name})?\}}|%({name})%")


def gitlab_references(value: str) -> list[str]:
    """The names a variable's value refers to, as GitLab finds them."""
    if "$" not in value and "%" not in value:
        return []
    import re

    pattern = _gitlab_pattern()
    assert isinstance(pattern, re.Pattern)
    return [name for match in pattern.finditer(value) if (name := _key(match))]


def _key(match: object) -> str | None:
    import re

    assert isinstance(match, re.Match)
    key: str | None = match.group(1) or match.group(2) or match.group(3)
    return key


def gitlab_expand(value: str, values: Mapping[str, str]) -> str:
    """One value with GitLab's expansion: names in ``values`` put in, others kept."""
    if "$" not in value and "%" not in value:
        return value
    import re

    pattern = _gitlab_pattern()
    assert isinstance(pattern, re.Pattern)
    size = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal size
        key = _key(match)
        found = values.get(key) if key is not None else None
        out = match.group(0) if found is None else found
        size += len(out)
        if size > MAX_TEXT:
            raise TooLong
        return out

    return pattern.sub(replace, value)


def azure_macros(
    text: str, lookup: Callable[[str], Resolved | None], *, run_time: str = "variables"
) -> Resolved:
    """The agent's macro expansion (``VarUtil.ExpandValues``): ``$(name)``, not recursive.

    A candidate is everything between ``$(`` and the next ``)``; a name with
    no value stays as written and the search goes on after its ``$``.
    """
    builder = TextBuilder(run_time)
    index = 0
    while True:
        start = text.find("$(", index)
        end = text.find(")", start + 2) if start >= 0 else -1
        if start < 0 or end < 0:
            builder.literal(text[index:])
            return builder.result()
        builder.literal(text[index:start])
        inner = text.find("$(", start + 1)
        if 0 <= inner < end:
            # Not a macro ("$(a$(b)"): the search goes on from the next "$(".
            builder.literal(text[start:inner])
            index = inner
            continue
        name = text[start + 2 : end]
        value = lookup(name) if name else None
        if value is None:
            if name:
                builder.unknown(text[start : end + 1], (name,))
            else:
                builder.literal(text[start : end + 1])
            index = end + 1
            continue
        builder.add(value)
        index = end + 1


def shell_names(text: str) -> list[str]:
    """The names ``$NAME`` and ``${NAME…}`` in ``text`` refers to (``$$`` is an escape)."""
    names: list[str] = []
    index = 0
    while True:
        index = text.find("$", index)
        if index < 0 or index + 1 >= len(text):
            return names
        following = text[index + 1]
        if following == "$":
            index += 2
            continue
        if following == "{":
            end = index + 2
            while end < len(text) and _alnum(text[end]):
                end += 1
            if end > index + 2:
                names.append(text[index + 2 : end])
            index = end
            continue
        end = index + 1
        while end < len(text) and _alnum(text[end]):
            end += 1
        if end > index + 1:
            names.append(text[index + 1 : end])
        index = max(end, index + 1)

"""A value of one of the project's JSON files, as ``jq`` prints it in a command substituted.

CI steps read versions and lists from the project's own files with jq:
triggerdotdev/trigger.dev's image workflow writes

.. code-block:: bash

    echo "images=$(jq -c '.images' base-images/images.json)" >> "$GITHUB_OUTPUT"

and its ``publish`` job's matrix is ``${{ fromJSON(needs.setup.outputs.images) }}``, each
entry's ``base`` the ``FROM`` of the Dockerfile it builds. What jq prints there is settled by
the file, when the filter is a plain path: ``.``, ``.name``, ``.a.b``, ``.[0]``, ``.a[1]``,
``."name"``, ``.["name"]``. It prints the value as JSON (``-c``: on one line; without it, an
array or an object takes several lines, which a caller here does not take), a string raw with
``-r``; ``-e`` changes only the exit status. Anything else (another filter, ``--arg``, ``-n``,
``-s``, several files, a value that is ``null`` or a number jq may print another way) is a
run's: ``None``.

>>> query = jq_command("jq -r .version package.json")
>>> query.file, jq_printed(query, '{"version": "1.4.2"}')
('package.json', '1.4.2')
>>> jq_printed(jq_command("jq -c '.images[0]' i.json"), '{"images": [{"a": "x"}]}')
'{"a":"x"}'
>>> jq_printed(jq_command("jq .name p.json"), '{"name": "app"}')
'"app"'
>>> jq_command("jq -n --arg v 1 '{v: $v}'") is None, jq_command("jq '.[] | .x' f") is None
(True, True)
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["JqQuery", "jq_command", "jq_printed"]

#: ``jq [-r] [-c] [-e] FILTER FILE`` (options alone or together, ``2>/dev/null`` after).
_COMMAND = re.compile(
    r"""\s*jq\s+(?P<options>(?:-[rce]+\s+)*)(?P<filter>'[^']*'|"[^"]*"|\.\S*)\s+"""
    r"""(?:(?P<late>-[rce]+)\s+)?(?P<file>[^\s;&|<>()`-][^\s;&|<>()`]*)\s*(?:2>\s*/dev/null\s*)?"""
)
#: One step of a path: ``.name``, ``."name"``, ``.["name"]``, ``[0]``, ``.[0]``.
_STEP = re.compile(
    r"""\.?\[(?P<index>\d+)\]|\.?\["(?P<bracketed>[^"\\]*)"\]|\."(?P<quoted>[^"\\]*)"|"""
    r"""\.(?P<name>[A-Za-z_][A-Za-z0-9_]*)"""
)


class JqQuery(NamedTuple):
    """What a ``jq`` command asks of which file: the path's keys and indices, and whether
    it prints a string raw (``-r``) and on one line (``-c``)."""

    path: tuple[str | int, ...]
    file: str
    raw: bool
    compact: bool


def jq_command(command: str) -> JqQuery | None:
    """The query of a ``jq`` command substituted (its text), ``None`` for anything else
    (see the module)."""
    found = _COMMAND.fullmatch(command)
    if found is None:
        return None
    options = "".join(found.group("options").split()) + (found.group("late") or "")
    text = found.group("filter")
    if text[0] in "'\"":
        text = text[1:-1].strip()
    path = _path(text)
    if path is None:
        return None
    return JqQuery(path, found.group("file"), "r" in options, "c" in options)


def _path(text: str) -> tuple[str | int, ...] | None:
    """The steps of a plain path filter (``None``: another filter)."""
    if text == ".":
        return ()
    steps: list[str | int] = []
    index = 0
    while index < len(text):
        step = _STEP.match(text, index)
        if step is None or step.end() == index:
            return None
        if step.group("index") is not None:
            steps.append(int(step.group("index")))
        else:
            key = step.group("name") or step.group("quoted") or step.group("bracketed")
            steps.append(key or "")
        index = step.end()
    return tuple(steps) if text.startswith(".") else None


def jq_printed(query: JqQuery, text: str) -> str | None:
    """What ``query`` prints of a JSON document's ``text`` (without the newline after it),
    ``None`` when that is not known here (see the module)."""
    import json

    try:
        value: object = json.loads(text)
    except ValueError:
        return None
    for step in query.path:
        if isinstance(step, int) and isinstance(value, list) and step < len(value):
            value = value[step]
            continue
        if not isinstance(step, str) or not isinstance(value, dict) or step not in value:
            return None  # (null: jq prints it, but a value nobody meant to pull)
        value = value[step]
    if value is None or isinstance(value, float | bool):
        return None
    if isinstance(value, str) and query.raw:
        return value if "\n" not in value else None
    if isinstance(value, dict | list) and not query.compact:
        return None  # (several lines)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

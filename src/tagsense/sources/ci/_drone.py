"""Drone and Woodpecker: ``steps``, ``services``, ``clone`` and the legacy ``pipeline`` images.

Both substitute ``${NAME}`` (and ``$NAME``; ``$$`` is a ``$``) in the
configuration before reading it; the file itself defines values only in a
top-level ``matrix:`` (Woodpecker, and Drone 0.8), whose every combination
(each axis a list, or the ``include`` list) is one workflow. Anything else
(``${DRONE_TAG}``, ``${CI_COMMIT_SHA}``, ``environment:`` which is not
substituted) only a run has: unresolved by name.
"""

from __future__ import annotations

from .._yaml import scalar, sequence
from ._scanner import (
    Resolved,
    TextBuilder,
    fields,
    is_custom,
    is_mapping,
    is_null,
    is_sequence,
    named,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    import yaml

    from ._scanner import Resolutions, Scanner

__all__ = ["MAX_COMBINATIONS", "drone", "substitute"]

#: Drone pipeline types that run no containers.
_NO_CONTAINERS = frozenset({"exec", "ssh", "digitalocean", "macstadium"})

#: The most workflows one matrix makes, here.
MAX_COMBINATIONS = 256


def _alnum(char: str) -> bool:
    return char == "_" or (char.isascii() and char.isalnum())


def substitute(text: str, values: dict[str, str]) -> Resolved:
    """``envsubst`` as Drone and Woodpecker use it, for the names in ``values``.

    ``${NAME}``, ``$NAME``, and ``${NAME:-word}`` / ``${NAME-word}`` /
    ``${NAME=word}`` / ``${NAME:=word}`` when ``NAME`` has a value; ``$$`` is
    ``$``. Any other form, and a name with no value, is kept as written and
    named in ``unresolved``.

    >>> substitute("golang:${GO_VERSION}", {"GO_VERSION": "1.22"}).text
    'golang:1.22'
    >>> substitute("app:${DRONE_TAG##v}", {}).unresolved
    ('DRONE_TAG',)
    """
    builder = TextBuilder("variables")
    index = 0
    start = 0
    while True:
        index = text.find("$", index)
        if index < 0 or index + 1 >= len(text):
            builder.literal(text[start:])
            return builder.result()
        following = text[index + 1]
        if following == "$":
            builder.literal(text[start:index] + "$")
            index += 2
            start = index
            continue
        if following == "{":
            close = text.find("}", index + 2)
            end = index + 2
            while end < len(text) and _alnum(text[end]):
                end += 1
            name = text[index + 2 : end]
            if close < 0 or not name:
                index += 1
                continue
            operator = text[end:close]
            value = values.get(name)
            builder.literal(text[start:index])
            if value is not None and (operator == "" or (
                operator[:2] in (":-", ":=") and value != "") or operator[:1] in ("-", "=")
            ):  # fmt: skip
                builder.literal(value)
                builder.used[name] = value
            else:
                builder.unknown(text[index : close + 1], (name,))
            index = close + 1
            start = index
            continue
        end = index + 1
        while end < len(text) and _alnum(text[end]):
            end += 1
        if end == index + 1:
            index += 1
            continue
        name = text[index + 1 : end]
        builder.literal(text[start:index])
        if name in values:
            builder.literal(values[name])
            builder.used[name] = values[name]
        else:
            builder.unknown(text[index:end], (name,))
        index = start = end


def _matrix(scanner: Scanner, node: yaml.Node | None) -> list[dict[str, str]]:
    """Every combination of a ``matrix:`` (``[{}]`` without one)."""
    matrix = fields(node)
    if not matrix:
        return [{}]
    include = matrix.get("include")
    if include is not None:
        rows = [
            {
                name: text
                for name, value in fields(entry).items()
                if (text := scalar(value)) is not None
            }
            for entry in sequence(include)
        ]
        return rows[:MAX_COMBINATIONS] or [{}]
    rows = [{}]
    for name, values in matrix.items():
        options = [text for item in sequence(values) if (text := scalar(item)) is not None]
        if not options:
            continue
        if len(rows) * len(options) > MAX_COMBINATIONS:
            scanner.error(node, f"matrix: more than {MAX_COMBINATIONS} combinations; not read")
            return [{}]
        rows = [{**row, name: option} for row in rows for option in options]
    return rows


def _resolver(combinations: list[dict[str, str]]) -> Callable[[str], Resolutions]:
    def resolve(text: str) -> Resolutions:
        results: Resolutions = []
        for combination in combinations:
            resolved = substitute(text, combination)
            extra: dict[str, object] = {}
            if resolved.used:
                extra["matrix"] = dict(resolved.used)
            results.append((resolved, extra))
        return results

    return resolve


def drone(scanner: Scanner, documents: list[yaml.Node]) -> None:
    for document in documents:
        root = scanner.root(document)
        if root is None:
            continue
        kind = scalar(root.get("kind"))
        if kind is not None and kind != "pipeline":
            continue  # a secret, a signature, a template
        if scalar(root.get("type")) in _NO_CONTAINERS:
            continue
        base: dict[str, object] = {}
        pipeline = scalar(root.get("name"))
        if pipeline is not None and kind is not None:
            base["pipeline"] = pipeline
        resolve = _resolver(_matrix(scanner, root.get("matrix")))
        for field in ("steps", "pipeline", "services", "clone"):
            node = root.get(field)
            if node is None or is_null(node) or is_custom(node):
                continue
            if not (is_sequence(node) or is_mapping(node)):
                scanner.wrong(node, field, "a list or a mapping")
                continue
            for index, (name, item) in enumerate(named(node)):
                where = f"{field}.{name}" if name is not None else f"{field}[{index}]"
                if not is_mapping(item):
                    if field != "clone" and not is_null(item) and not is_custom(item):
                        scanner.wrong(item, where, "a mapping with 'image'")
                    continue  # Drone 1.x: ``clone: {depth: 50}``
                context: dict[str, object] = {**base, "field": field}
                if name is not None:
                    context["step" if field != "services" else "service"] = name
                scanner.image(fields(item).get("image"), f"{where}.image", context, resolve=resolve)

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

    from ..project import BuiltImage
    from ._scanner import Resolutions, Scanner

__all__ = ["BUILD_PLUGINS", "MAX_COMBINATIONS", "drone", "plugin_builds", "substitute"]

#: Drone pipeline types that run no containers.
_NO_CONTAINERS = frozenset({"exec", "ssh", "digitalocean", "macstadium"})

#: The plugins that build an image and push it to each of their ``repo`` (its path, without the
#: registry): Drone's (``plugins/docker``, the Kaniko and registry ones, thegeeklab's buildx) and
#: Woodpecker's (``woodpeckerci/plugin-docker-buildx``, now ``woodpecker-plugins/docker-buildx``
#: on Codeberg, and its Kaniko plugin).
BUILD_PLUGINS = frozenset(
    {"plugins/docker", "plugins/kaniko", "plugins/kaniko-ecr", "plugins/kaniko-gcr",
     "plugins/kaniko-acr", "plugins/ecr", "plugins/gcr", "plugins/acr", "plugins/buildx",
     "thegeeklab/drone-docker-buildx", "woodpeckerci/plugin-docker-buildx",
     "woodpecker-plugins/docker-buildx", "woodpeckerci/plugin-kaniko",
     "woodpecker-plugins/kaniko"}
)  # fmt: skip

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


def plugin_builds(scanner: Scanner, documents: list[yaml.Node], tool: str) -> list[BuiltImage]:
    """The names the steps of a build plugin (:data:`BUILD_PLUGINS`) build and push: each
    of its ``repo`` (a list, or names separated by commas), in ``settings`` (Drone 1, and
    Woodpecker) or beside ``image`` (Drone 0.8), at the line of each; what only a run fills in
    is a pattern (see :func:`~..builds._shell_values.name_pattern`)."""
    from ...occurrence import BuildSite
    from .._yaml import value_position
    from ..project import BuiltImage

    found: list[BuiltImage] = []
    for document in documents:
        root = fields(document) if is_mapping(document) else {}
        combinations = _matrix(scanner, root.get("matrix"))
        for field in ("steps", "pipeline"):
            node = root.get(field)
            if node is None or not (is_sequence(node) or is_mapping(node)):
                continue
            for _, step in named(node):
                step_fields = fields(step) if is_mapping(step) else {}
                image = scalar(step_fields.get("image"))
                if image is None or not _is_build_plugin(image):
                    continue
                settings = fields(step_fields.get("settings")) or step_fields
                repo = settings.get("repo") or settings.get("repository")
                items = sequence(repo) if is_sequence(repo) else [repo] if repo else []
                for item in items:
                    text = scalar(item)
                    if text is None:
                        continue
                    site = BuildSite(tool, scanner.path, value_position(item)[0])
                    found.extend(BuiltImage(name, site) for name in _names(text, combinations))
    return list(dict.fromkeys(found))


def _names(text: str, combinations: list[dict[str, str]]) -> list[str]:
    """The names a ``repo`` value gives, with each matrix combination (``*`` where a run
    fills a part in; names separated by commas, as the buildx plugin takes them)."""
    from ..builds._shell_values import UNKNOWN, name_pattern

    names: list[str] = []
    for combination in combinations:
        resolved = substitute(text, combination)
        value = resolved.text
        for name in resolved.unresolved:  # (what a run fills in: unknown)
            value = value.replace(f"${{{name}}}", UNKNOWN).replace(f"${name}", UNKNOWN)
        for part in value.split(","):
            pattern = name_pattern(part.strip()) if part.strip() else None
            if pattern is not None:
                names.append(pattern)
    return names


def _is_build_plugin(image: str) -> bool:
    """Whether a step's image is a build plugin's, whatever its registry and tag.

    >>> _is_build_plugin("docker.io/woodpeckerci/plugin-docker-buildx:6.1.1")
    True
    >>> _is_build_plugin("codeberg.org/woodpecker-plugins/docker-buildx")
    True
    >>> _is_build_plugin("golang"), _is_build_plugin("plugins/slack")
    (False, False)
    """
    name = image.partition("@")[0]
    slash = name.rfind("/")
    if name.rfind(":") > slash:
        name = name[: name.rfind(":")]
    parts = name.split("/")
    return "/".join(parts[-2:]) in BUILD_PLUGINS

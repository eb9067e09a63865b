"""Salt states: the images a state file's docker states pull.

A state file (``*.sls``) is YAML after Jinja. A state ``ID:`` whose function is

- ``docker_container.running`` (``docker_container.run``; the older ``dockerng.running``)
  runs its ``image``, pulled when missing;
- ``docker_image.present`` (``dockerng.image_present``) pulls its ``name`` (the state's ID
  unless given) tagged ``tag`` (``latest`` when neither says one), unless it builds
  (``build``), loads (``load``) or makes (``sls``) the image instead: then the image is the
  state file's own, and a container of it pulls nothing;
- ``cmd.run`` (``cmd.wait``) pulls what its command's engine pulls (``docker pull IMAGE``),
  read as an Ansible ``command`` task's is.

Jinja is put in as Salt would where the file says the value: ``{{ salt['pillar.get']('key',
'default') }}`` (also ``pillar.get``, ``salt.pillar.get``) is its default, ``{{ NAME }}`` a
``{% set NAME = … %}`` of a string or of such a default; other ``{% … %}`` statements are
dropped (a loop's body is read once) and a value with any other ``{{ … }}`` is the run's (the
pillar's, a grain's), left out. Each image is an occurrence of kind ``salt`` with context
``state`` (its ID), ``function`` and ``field``.
"""

from __future__ import annotations

import re

from .._lazy import lazy_pattern
from ..occurrence import BuildSite, Occurrence, Scan
from ._yaml import items, load_yaml, scalar, sequence, value_position

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

__all__ = ["KIND", "is_salt_state_name", "scan_salt_state"]

KIND = "salt"

_RUNS = frozenset({"docker_container.running", "docker_container.run", "dockerng.running"})
_PULLS = frozenset({"docker_image.present", "dockerng.image_present"})
_COMMANDS = frozenset({"cmd.run", "cmd.wait"})
_STRING = r"""(?:'(?P<{0}s>[^'\\]*)'|"(?P<{0}d>[^"\\]*)")"""
#: ``salt['pillar.get']('key', 'default')``, ``pillar.get(…)``, ``salt.pillar.get(…)``.
_PILLAR_DEFAULT = re.compile(
    r"""(?:salt\[\s*['"]pillar\.get['"]\s*\]|salt\.pillar\.get|pillar\.get)\(\s*"""
    + _STRING.format("key")
    + r"\s*,\s*"
    + _STRING.format("default")
    + r"\s*\)"
)
_LITERAL = re.compile(_STRING.format("value"))
_SET = lazy_pattern(r"\{%-?\s*set\s+(?P<name>\w+)\s*=\s*(?P<expr>.*?)\s*-?%\}")
_EXPRESSION = lazy_pattern(r"\{\{-?\s*(?P<expr>.*?)\s*-?\}\}")
_STATEMENT = lazy_pattern(r"\{%.*?%\}")
_COMMENT = lazy_pattern(r"\{#.*?#\}", re.S)
_NAME = lazy_pattern(r"\w+")
#: What a state file that pulls says: a docker function, or a command's pull.
_GATE = lazy_pattern(r"\b(?:docker_container|docker_image|dockerng)\b|\bpull\b")
#: What a Jinja expression without a known value becomes: the value is left out.
_UNKNOWN = "__tagsense_salt__"


def is_salt_state_name(path: str) -> bool:
    """``init.sls``: a Salt state (or pillar) file."""
    return path.endswith(".sls")


def scan_salt_state(text: str, path: str | None = None) -> Scan:
    """The images a state file's docker states (and ``cmd.run`` pulls) pull. Never raises."""
    if _GATE.search(text) is None:
        return Scan()  # (most state files run no container: a quick look)
    rendered = _render(text)
    loaded = load_yaml(rendered, path=path)
    built: dict[str, BuildSite] = {}
    found: list[Occurrence] = []
    for document in loaded.documents:
        for state_id, state, _ in items(document):
            for function, arguments in _functions(state):
                _state(function, state_id, arguments, path, found, built)
    occurrences = [
        o.replace(built=built[_latest(o.text)]) if _latest(o.text) in built else o for o in found
    ]
    errors = loaded.errors if "{" not in text else [e for e in loaded.errors if e.line is None]
    return Scan(occurrences, errors, loaded.suppressions)


def _render(text: str) -> str:
    """The text with the Jinja Salt's run would fill in from the file itself put in, line for
    line."""
    if "{" not in text:
        return text
    text = _COMMENT.sub(lambda m: "\n" * m[0].count("\n"), text)  # (a commented-out state)
    names: dict[str, str] = {}
    lines = []
    for line in text.split("\n"):
        for match in _SET.finditer(line):
            value = _value_of(match["expr"], names)
            if value is not None:
                names[match["name"]] = value
            else:
                names.pop(match["name"], None)
        line = _STATEMENT.sub("", line)

        def put(match: re.Match[str]) -> str:
            value = _value_of(match["expr"], names)
            return _UNKNOWN if value is None else value

        lines.append(_EXPRESSION.sub(put, line))
    return "\n".join(lines)


def _value_of(expression: str, names: dict[str, str]) -> str | None:
    expression = expression.strip()
    for pattern, group in ((_PILLAR_DEFAULT, "default"), (_LITERAL, "value")):
        match = pattern.fullmatch(expression)
        if match is not None:
            single = match[group + "s"]
            return single if single is not None else match[group + "d"]
    if _NAME.fullmatch(expression):
        return names.get(expression)
    return None


def _functions(state: yaml.Node) -> list[tuple[str, yaml.Node | None]]:
    """A state's functions with their arguments: ``docker_container.running: [...]``, and
    ``docker_container: [running, ...]`` (the function among the arguments)."""
    found: list[tuple[str, yaml.Node | None]] = []
    for key, arguments, _ in items(state):
        if "." in key:
            found.append((key, arguments))
            continue
        named = next(
            (text for node in sequence(arguments) if (text := scalar(node)) is not None), None
        )
        if named is not None:
            found.append((f"{key}.{named}", arguments))
    return found


def _arguments(arguments: yaml.Node | None) -> dict[str, yaml.Node]:
    given: dict[str, yaml.Node] = {}
    for entry in sequence(arguments):
        for key, value, _ in items(entry):
            given.setdefault(key, value)
    return given


def _state(
    function: str, state_id: str, arguments: yaml.Node | None, path: str | None,
    found: list[Occurrence], built: dict[str, BuildSite],
) -> None:  # fmt: skip
    given = _arguments(arguments)
    context: dict[str, object] = {
        "state": state_id.replace(_UNKNOWN, "{{ … }}"), "function": function,
    }  # fmt: skip
    if function in _RUNS:
        run = given.get("image")
        if run is not None:
            _add(run, None, path, {**context, "field": "image"}, found)
    elif function in _PULLS:
        node = given.get("name")
        name = scalar(node) if node is not None else state_id
        tag = scalar(given["tag"]) if "tag" in given else None
        if not name or _UNKNOWN in name or (tag is not None and _UNKNOWN in tag):
            return
        image = _tagged(name, tag)
        if any(key in given for key in ("build", "load", "sls")):
            line = value_position(node)[0] if node is not None else 1
            built.setdefault(_latest(image), BuildSite(KIND, path, line))
            return
        if node is not None:
            _add(node, image, path, {**context, "field": "name"}, found)
    elif function in _COMMANDS:
        written = given.get("name")
        command = scalar(written) if written is not None else None
        if written is not None and command and "pull" in command:
            from ._ansible_commands import pulled_images

            line, column = value_position(written)
            for pulled in pulled_images(command):
                at = command.find(pulled) if "\n" not in command else -1
                if _UNKNOWN not in pulled:
                    found.append(
                        Occurrence.of_text(
                            path=path, line=line, column=column + max(at, 0), kind=KIND,
                            raw=pulled, text=pulled, context={**context, "field": "name"},
                        )
                    )  # fmt: skip


def _add(
    node: yaml.Node, text: str | None, path: str | None, context: dict[str, object],
    found: list[Occurrence],
) -> None:  # fmt: skip
    written = scalar(node)
    if not written or _UNKNOWN in written:
        return
    line, column = value_position(node)
    found.append(
        Occurrence.of_text(
            path=path, line=line, column=column, kind=KIND, raw=written,
            text=text if text is not None else written, context=context,
        )
    )  # fmt: skip


def _tagged(name: str, tag: str | None) -> str:
    last = name.rsplit("/", 1)[-1]
    return name if not tag or ":" in last or "@" in last else f"{name}:{tag}"


def _latest(image: str) -> str:
    """The image as Docker names it locally (``latest`` when it has no tag)."""
    last = image.rsplit("/", 1)[-1]
    return image if ":" in last or "@" in last else f"{image}:latest"

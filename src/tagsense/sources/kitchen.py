"""Test Kitchen files: the images ``kitchen test`` starts its instances from.

A Kitchen file is ``kitchen.yml`` (``.kitchen.yml``, and the variants a run names with
``KITCHEN_YAML``/``KITCHEN_LOCAL_YAML``: ``kitchen.dokken.yml``, ``.kitchen.docker.yml``).
Kitchen renders it with ERB before reading the YAML: here ``<%= ENV['X'] || 'd' %>`` (and
``ENV.fetch('X', 'd')``) is its default, any other ``<%= … %>`` is the run's (unresolved,
by what it says), and ``<% … %>`` statements are dropped (both arms of an ``if`` are read).

With a container driver — kitchen-dokken (``dokken``), kitchen-docker (``docker``) or
kitchen-podman (``podman``), named in ``driver:`` (or the older ``driver_plugin:``) at the
top or for the platform — each platform's ``image`` (in its ``driver:`` or
``driver_config:``, else the top ``driver:``'s) is pulled and started (kind ``kitchen``,
context ``platform``, ``field``). kitchen-dokken also pulls the Chef Infra image it copies
the client from: ``chef_image`` (``chef/chef``) tagged ``chef_version`` (``latest``), read
when the file writes either (``field`` ``driver.chef_image``). A platform with no ``image``
starts one named after the platform (``ubuntu-24.04`` is ``ubuntu:24.04``), which the file
does not write and which is not read. Other drivers (``vagrant``, ``ec2``, ``exec``) start
no container.
"""

from __future__ import annotations

import os

from .._lazy import lazy_pattern
from ..occurrence import Occurrence, Scan
from ._molecule_ci import kitchen_environments
from ._yaml import get, is_mapping, load_yaml, scalar, sequence, value_position

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Mapping

    import yaml

    from ._yaml import YamlFile

__all__ = ["KIND", "is_kitchen_file", "render_erb", "scan_kitchen"]

KIND = "kitchen"

_CONTAINER_DRIVERS = frozenset({"dokken", "docker", "podman"})
_NAME = lazy_pattern(r"\.?kitchen(?:\.[\w-]+)*\.ya?ml")
_TAG = lazy_pattern(r"<%(?P<kind>[=#]?)(?P<body>.*?)-?%>")
#: ``ENV['X'] || 'default'`` and ``ENV.fetch('X', 'default')``.
_ENV_DEFAULT = lazy_pattern(
    r"""ENV\[\s*(?P<q1>['"])(?P<n1>\w+)(?P=q1)\s*\]\s*(?:\|\||or)\s*(?P<q2>['"])(?P<d1>[^'"]*)(?P=q2)"""
    r"""|ENV\.fetch\(\s*(?P<q3>['"])(?P<n2>\w+)(?P=q3)\s*,\s*(?P<q4>['"])(?P<d2>[^'"]*)(?P=q4)\s*\)"""
)
_ENV_NAME = lazy_pattern(
    r"""ENV(?:\[\s*['"](?P<n1>\w+)['"]\s*\]|\.fetch\(\s*['"](?P<n2>\w+)['"])"""
)
_ENV_NAME_ANYWHERE = lazy_pattern(r"""ENV(?:\[\s*['"](\w+)['"]|\.fetch\(\s*['"](\w+)['"])""")
#: At most this many environments a file.
_MAX_ENVIRONMENTS = 64
#: What an ERB expression without a default becomes, numbered: an unresolved name later.
_MARK = lazy_pattern(r"__tagsense_erb_(\d+)__")


def is_kitchen_file(path: str) -> bool:
    """``kitchen.yml``, ``.kitchen.yml``, ``kitchen.dokken.yml``…: a Test Kitchen file."""
    return _NAME.fullmatch(os.path.basename(path)) is not None


def render_erb(text: str, env: Mapping[str, str] | None = None) -> tuple[str, tuple[str, ...]]:
    """The text as ERB renders it, as far as it can be known here, line for line, and what
    each expression left unknown says (``__tagsense_erb_N__`` in the text is the Nth). ``env``
    is what the run's environment gives (a CI step's), before the text's defaults."""
    unknown: list[str] = []
    given = env or {}

    def put(match: re.Match[str]) -> str:
        if match["kind"] == "#":
            return ""
        if match["kind"] != "=":
            return ""  # (a statement: both arms of an `if` are read)
        body = match["body"].strip()
        default = _ENV_DEFAULT.fullmatch(body)
        if default is not None:
            name = default["n1"] or default["n2"]
            if name in given:
                return given[name]
            return default["d1"] if default["d1"] is not None else default["d2"]
        named = _ENV_NAME.fullmatch(body)
        if named is not None and (named["n1"] or named["n2"]) in given:
            return given[named["n1"] or named["n2"]]
        unknown.append((named["n1"] or named["n2"]) if named is not None else body)
        return f"__tagsense_erb_{len(unknown) - 1}__"

    if "<%" not in text:
        return text, ()
    return "\n".join(_TAG.sub(put, line) for line in text.split("\n")), tuple(unknown)


def scan_kitchen(text: str, path: str | None = None) -> Scan:
    """The images a Kitchen file's platforms start from, with its ERB's defaults, and with
    each environment a CI workflow's step that runs Kitchen on it gives. Never raises."""
    occurrences, loaded = _scan(text, path, {})
    environments = kitchen_environments(path) if path is not None and "ENV" in text else []
    if environments:
        read = {m[1] or m[2] for m in _ENV_NAME_ANYWHERE.finditer(text)}
        seen = {(o.line, o.column, o.text) for o in occurrences}
        given: dict[tuple[tuple[str, str], ...], None] = {}
        for env in environments:
            used = tuple(sorted((k, v) for k, v in env.items() if k in read))
            if used:
                given.setdefault(used, None)
        for used in list(given)[:_MAX_ENVIRONMENTS]:
            for found in _scan(text, path, dict(used))[0]:
                if (found.line, found.column, found.text) not in seen:
                    seen.add((found.line, found.column, found.text))
                    occurrences.append(found.replace(context={**found.context, "env": dict(used)}))
    errors = loaded.errors if "<%" not in text else [e for e in loaded.errors if e.line is None]
    return Scan(occurrences, errors, loaded.suppressions)


def _scan(text: str, path: str | None, env: dict[str, str]) -> tuple[list[Occurrence], YamlFile]:
    rendered, unknown = render_erb(text, env)
    loaded = load_yaml(rendered, path=path)
    occurrences: list[Occurrence] = []
    seen: set[tuple[int, int, str]] = set()
    for document in loaded.documents:
        top = _driver(document)
        for platform in sequence(get(document, "platforms")):
            own = _driver(platform)
            driver = {**top, **own}
            name = scalar(driver.get("name"))
            if name not in _CONTAINER_DRIVERS:
                continue
            context: dict[str, object] = {"driver": name}
            platform_name = scalar(get(platform, "name"))
            if platform_name:
                context["platform"] = platform_name
            image = driver.get("image")
            if image is not None and scalar(image):
                found = _occurrence(image, None, path, unknown, {**context, "field": "image"})
                occurrences.append(found)
            if name == "dokken" and ("chef_image" in driver or "chef_version" in driver):
                chef = _chef_image(driver, path, unknown, {**context, "field": "chef_image"})
                key = (chef.line, chef.column, chef.text)
                if key not in seen:  # (one a file, unless a platform names its own)
                    seen.add(key)
                    occurrences.append(chef)
    return occurrences, loaded


def _driver(node: yaml.Node | None) -> dict[str, yaml.Node]:
    """A node's driver settings: ``driver_plugin``/``driver_config`` (Kitchen's older
    keys), then ``driver`` (a mapping, or just the driver's name)."""
    settings: dict[str, yaml.Node] = {}
    plugin = get(node, "driver_plugin")
    if plugin is not None:
        settings["name"] = plugin
    for key in ("driver_config", "driver"):
        value = get(node, key)
        if is_mapping(value):
            assert value is not None
            settings.update((scalar(k) or "", v) for k, v in value.value)
        elif value is not None and scalar(value):
            settings["name"] = value
    return settings


def _chef_image(
    driver: dict[str, yaml.Node], path: str | None, unknown: tuple[str, ...],
    context: dict[str, object],
) -> Occurrence:  # fmt: skip
    """kitchen-dokken's ``chef_image:chef_version``, where the file writes it."""
    image, version = driver.get("chef_image"), driver.get("chef_version")
    name = (scalar(image) if image is not None else None) or "chef/chef"
    tag = (scalar(version) if version is not None else None) or "latest"
    last = name.rsplit("/", 1)[-1]
    text = name if ":" in last or "@" in last else f"{name}:{tag}"
    at = version if version is not None and ":" not in last else image
    assert at is not None
    return _occurrence(at, text, path, unknown, context)


def _occurrence(
    node: yaml.Node, text: str | None, path: str | None, unknown: tuple[str, ...],
    context: dict[str, object],
) -> Occurrence:  # fmt: skip
    written = text if text is not None else scalar(node) or ""
    missing = tuple(
        dict.fromkeys(unknown[int(n)] for n in _MARK.findall(written) if int(n) < len(unknown))
    )
    raw = _MARK.sub(lambda m: f"<%= {unknown[int(m[1])]} %>", written)
    line, column = value_position(node)
    return Occurrence.of_text(
        path=path, line=line, column=column, kind=KIND, raw=raw,
        text=raw if missing else written, unresolved=missing, context=context,
    )  # fmt: skip

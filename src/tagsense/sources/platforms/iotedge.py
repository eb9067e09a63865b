"""Azure IoT Edge deployment manifests: the images a device's IoT Edge runtime pulls.

A deployment manifest (``deployment.template.json``, ``deployment.debug.template.json``,
``deployment.json``; what ``az iot edge set-modules --content FILE`` applies, or the
``content`` of ``az iot edge deployment create``) tells the device's edge agent which
modules to run: ``modulesContent.$edgeAgent["properties.desired"]`` lists the runtime's own
``systemModules`` (``edgeAgent``, ``edgeHub``) and the solution's ``modules``, each with the
image the agent pulls in ``settings.image`` (kind ``iotedge``).

A template is what the IoT Edge dev tools (``iotedgedev genconfig``, the VS Code extension)
turn into the manifest a device gets: ``${MODULES.NAME}`` (``${MODULES.NAME.PLATFORM}``,
``${MODULEDIR<./modules/NAME>}``) is the image the tools build from the module's
``module.json`` and Dockerfile, the project's own (built, not pulled); ``${NAME}`` and
``$NAME`` are variables they fill in from the environment and the solution's ``.env`` (read
here; a name with no value there is unresolved, TS011).
Azure-Samples/iot-edge-influxdb-grafana's template runs
``mcr.microsoft.com/azureiotedge-agent:1.0`` and ``…-hub:1.0`` and four modules it builds.
"""

from __future__ import annotations

import os
import re

from ..._lazy import lazy_pattern
from ...occurrence import BuildSite, Occurrence, Scan
from .._jsonc import Value, get, members, parse_jsonc
from ._common import json_says

__all__ = ["KIND", "QUICK", "may_be_deployment_manifest", "scan_deployment_manifest"]

KIND = "iotedge"
#: The tool that builds a template's ``${MODULES.NAME}`` images.
TOOL = "iotedgedev"

#: What a deployment manifest says, looked for before the file is parsed.
QUICK = (b'"modulesContent"', b'"$edgeAgent"')
#: A module's image that the dev tools build: ``${MODULES.NAME…}``, ``${MODULEDIR<path>…}``.
_BUILT = lazy_pattern(r"\$\{MODULES\.([^.}]+)[^}]*\}|\$\{MODULEDIR<([^>]*)>[^}]*\}")
#: A variable the dev tools fill in (``os.path.expandvars``: ``$NAME``, ``${NAME}``).
_VARIABLE = lazy_pattern(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")
#: The most of a ``.env`` file read.
_MAX_ENV_BYTES = 64 * 1024


def may_be_deployment_manifest(path: str) -> bool:
    """A ``*.json`` file whose text says ``"modulesContent"`` and ``"$edgeAgent"``; never
    raises."""
    return json_says(path, *QUICK)


def scan_deployment_manifest(text: str, path: str | None = None) -> Scan:
    """The images a deployment manifest's modules run (see the module). Never raises."""
    parsed = parse_jsonc(text, path=path)
    if parsed.error is not None or parsed.value is None:
        return Scan((), ())  # (no JSON as it is: a template that a script fills in)
    root = parsed.value
    content = get(root, "modulesContent") or get(get(root, "content"), "modulesContent")
    desired = get(get(content, "$edgeAgent"), "properties.desired")
    if desired is None:
        return Scan((), ())
    env = _dotenv(os.path.dirname(path)) if path is not None else {}
    occurrences: list[Occurrence] = []
    for group in ("systemModules", "modules"):
        for name, _, module in members(get(desired, group)):
            image = get(get(module, "settings"), "image")
            if image is None or not image.text:
                continue
            context: dict[str, object] = {
                "module": name,
                "field": f"{group}.{name}.settings.image",
            }
            occurrences.append(_occurrence(image, context, path, env))
    return Scan(occurrences, ())


def _occurrence(
    image: Value, context: dict[str, object], path: str | None, env: dict[str, str]
) -> Occurrence:
    written = image.text or ""
    built = _BUILT.search(written)
    if built is not None:
        # (the image the dev tools build for the module: the project's, never pulled)
        module = built.group(1) or os.path.basename(os.path.normpath(built.group(2) or ""))
        return Occurrence.of_text(
            path=path, line=image.line, column=image.column, kind=KIND, raw=written,
            text=written, unresolved=(f"MODULES.{module}",), context=context,
            built=BuildSite(TOOL, _module_file(path, module), None),
        )  # fmt: skip
    missing: list[str] = []

    def value(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        found = env.get(name)
        if found is None:
            missing.append(name)
            return ""
        return found

    text = _VARIABLE.sub(value, written)
    return Occurrence.of_text(
        path=path, line=image.line, column=image.column, kind=KIND, raw=written,
        text=text, unresolved=tuple(dict.fromkeys(missing)), context=context,
    )  # fmt: skip


def _module_file(path: str | None, module: str) -> str | None:
    """The module's ``module.json`` in the solution's ``modules/`` directory, where it is."""
    if path is None:
        return None
    candidate = os.path.join(os.path.dirname(path), "modules", module, "module.json")
    return candidate if os.path.isfile(candidate) else path


def _dotenv(directory: str) -> dict[str, str]:
    """The solution's ``.env`` (python-dotenv's ``KEY=VALUE`` lines, quotes taken off): the
    values the dev tools fill in. A value that refers to others is left out (unresolved)."""
    try:
        with open(os.path.join(directory or ".", ".env"), encoding="utf-8") as handle:
            text = handle.read(_MAX_ENV_BYTES)
    except (OSError, UnicodeDecodeError):
        return {}
    values: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip().removeprefix("export ").strip()
        key, equals, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if not equals or line.startswith("#") or not re.fullmatch(r"[A-Za-z_]\w*", key):
            continue
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        elif " #" in value:
            value = value.partition(" #")[0].rstrip()
        if "$" not in value:
            values[key] = value
    return values

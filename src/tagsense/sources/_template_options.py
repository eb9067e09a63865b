"""Dev Container Templates: a template's files as ``devcontainer templates apply`` writes them.

A Dev Container Template (``src/NAME/devcontainer-template.json`` in a collection such as
devcontainers/templates) declares ``options``, and every file of the template says
``${templateOption:NAME}`` where an option's value goes: the CLI replaces each one, in every
file, with the value the user gives, else the option's ``default`` (the Dev Container
Templates specification, "Options"). The collection's own tests apply each template so.
So a file under a template's directory is read with each option's default in place:
``FROM mcr.microsoft.com/devcontainers/python:3-${templateOption:imageVariant}`` builds
``…python:3-3.14-trixie``. A name that no option of the template declares stays as written.
"""

from __future__ import annotations

import json
import os

from .._lazy import lazy_pattern

__all__ = ["MARKER", "with_template_options"]

#: What a file of a template says where an option goes (a quick look before the work).
MARKER = "${templateOption:"
#: The file that makes a directory a Dev Container Template.
_TEMPLATE_FILE = "devcontainer-template.json"
#: How far above a file its template's directory may be (``src/NAME/.devcontainer/x``).
_DEPTH = 4
_OPTION = lazy_pattern(r"\$\{templateOption:([A-Za-z0-9_.-]+)\}")
#: Each template file's option defaults, by its path (read once a process).
_DEFAULTS: dict[str, dict[str, str]] = {}


def with_template_options(path: str, text: str) -> str:
    """``text`` with its ``${templateOption:NAME}`` filled in with the defaults of the template
    the file at ``path`` belongs to; ``text`` itself when it belongs to none."""
    template = _template_file(path)
    if template is None:
        return text
    defaults = _defaults(template)
    return _OPTION.sub(lambda match: defaults.get(match[1], match[0]), text)


def _template_file(path: str) -> str | None:
    directory = os.path.dirname(os.path.abspath(path))
    for _ in range(_DEPTH):
        candidate = os.path.join(directory, _TEMPLATE_FILE)
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    return None


def _defaults(template: str) -> dict[str, str]:
    found = _DEFAULTS.get(template)
    if found is not None:
        return found
    found = {}
    try:
        with open(template, encoding="utf-8") as handle:
            options = json.load(handle).get("options")
    except (OSError, ValueError, AttributeError):
        options = None
    if isinstance(options, dict):
        for name, option in options.items():
            default = option.get("default") if isinstance(option, dict) else None
            if isinstance(default, bool):
                found[name] = "true" if default else "false"
            elif isinstance(default, str | int | float):
                found[name] = str(default)
    _DEFAULTS[template] = found
    return found

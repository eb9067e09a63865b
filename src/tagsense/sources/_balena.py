"""balena's Dockerfile templates: a service's ``Dockerfile.template`` with ``%%BALENA_ARCH%%``.

balena's builders (``balena push``, ``balena build``/``deploy``, the cloud builder) make a
service's Dockerfile from its ``Dockerfile.template`` (where there is no
``Dockerfile.<device type>`` or ``Dockerfile.<arch>``) by writing the device type's values in
place of ``%%NAME%%``: ``BALENA_ARCH`` (``aarch64``, ``armv7hf``, ``amd64``…),
``BALENA_MACHINE_NAME`` (``raspberrypi4-64``…), ``BALENA_APP_NAME``, ``BALENA_SERVICE_NAME``,
``BALENA_RELEASE_HASH``, and the older ``RESIN_`` names of the same. So such a file is a
Dockerfile whose placeholders are variables the fleet's device type fills in, not a template
nobody reads: ``FROM balenalib/%%BALENA_MACHINE_NAME%%-debian:stretch-20190612`` depends on
the device (unresolved, by the variable's name) and ``FROM mikebrady/shairport-sync:4.1.1``
(balena-sound's ``plugins/airplay``) is pulled as written.

A ``Dockerfile.template`` is balena's when its placeholders are all balena's (at least one),
or when it has none and a ``balena.yml`` (balena's project file) is in its directory or one
above; one with Jinja or Go template syntax, or another tool's ``%%VERSION%%``, stays a
template (see ``.templates``).
"""

from __future__ import annotations

import os

from .._lazy import lazy_pattern
from ..occurrence import Occurrence, Scan

__all__ = ["BALENA_TEMPLATE_NAME", "BalenaTemplate", "balena_dockerfile", "balena_template"]

#: The one name balena's builders render (``resin-multibuild``'s Dockerfile resolution).
BALENA_TEMPLATE_NAME = "Dockerfile.template"

#: ``%%NAME%%``, balena's placeholder (``@balena/dockerfile-template``).
_PLACEHOLDER = lazy_pattern(r"%%([A-Za-z0-9_]+)%%")
#: The names balena fills in: its build variables, under both of its prefixes.
_BALENA_NAME = lazy_pattern(r"(?:BALENA|RESIN)_[A-Z][A-Z0-9_]*")
#: balena's project files, whose presence says a directory tree is a balena project.
_PROJECT_FILES = ("balena.yml", "balena.yaml", os.path.join(".balena", "balena.yml"))
#: How many directories above a template may hold the project file.
_PROJECT_DEPTH = 4


class BalenaTemplate:
    """A balena ``Dockerfile.template``: ``text`` is it with each ``%%NAME%%`` written as the
    variable ``${NAME}`` (which no ``ARG`` declares: unresolved by its name)."""

    __slots__ = ("_lines", "_names", "text")

    def __init__(self, original: str) -> None:
        self._lines = original.splitlines()
        self._names = frozenset(_PLACEHOLDER.findall(original))
        self.text = _PLACEHOLDER.sub(r"${\1}", original)

    def restored(self, scan: Scan) -> Scan:
        """``scan`` (of :attr:`text`) with each occurrence as written in the template: its
        ``raw`` with the placeholders, at their columns; one that depends on the device's
        variables alone (``FROM balenalib/${ARCH}-node`` after ``ARG ARCH=%%BALENA_ARCH%%``)
        says so in its context (``template``: ``balena``), for TS011's message."""
        occurrences = []
        for occurrence in scan.occurrences:
            written = self._as_written(occurrence)
            if written.unresolved and set(written.unresolved) <= self._names:
                written = written.replace(context={**written.context, "template": "balena"})
            occurrences.append(written)
        return Scan(tuple(occurrences), scan.errors, scan.suppressions)

    def _as_written(self, occurrence: Occurrence) -> Occurrence:
        if "\n" in occurrence.raw or not 0 < occurrence.line <= len(self._lines):
            return occurrence
        line = self._lines[occurrence.line - 1]
        # Where each placeholder ends in the line as rewritten: one character shorter
        # (``${NAME}`` for ``%%NAME%%``), so what follows it moves right by one in the template.
        ends = [match.end() - index - 1 for index, match in enumerate(_PLACEHOLDER.finditer(line))]
        if not ends:
            return occurrence
        start = occurrence.column - 1
        stop = start + len(occurrence.raw)
        if _PLACEHOLDER.sub(r"${\1}", line)[start:stop] != occurrence.raw:
            return occurrence  # (not where the rewritten line has it: left as found)
        first = start + sum(1 for end in ends if end <= start)
        last = stop + sum(1 for end in ends if end <= stop)
        return occurrence.replace(raw=line[first:last], column=first + 1)


def balena_template(text: str, path: str | None) -> BalenaTemplate | None:
    """The template, when ``text`` (read from ``path``) is a balena ``Dockerfile.template``;
    else ``None``."""
    if path is None or os.path.basename(path) != BALENA_TEMPLATE_NAME:
        return None
    if "{{" in text or "{%" in text:
        return None  # (Jinja's or Go's template, which balena does not render)
    names = set(_PLACEHOLDER.findall(text))
    if not all(_BALENA_NAME.fullmatch(name) for name in names):
        return None  # (another tool's %%VERSION%%, which balena leaves as it is)
    if not names and not _in_balena_project(os.path.dirname(path)):
        return None
    return BalenaTemplate(text)


def balena_dockerfile(context: str) -> str | None:
    """The ``Dockerfile.template`` that balena's builders build for a compose service whose
    build context has no ``Dockerfile`` (``build: ./core/audio``); else ``None``."""
    template = os.path.join(context, BALENA_TEMPLATE_NAME)
    return template if os.path.isfile(template) else None


def _in_balena_project(directory: str) -> bool:
    """Whether a balena project file is in ``directory`` or a few directories above."""
    current = os.path.abspath(directory or ".")
    for _ in range(_PROJECT_DEPTH + 1):
        if any(os.path.isfile(os.path.join(current, name)) for name in _PROJECT_FILES):
            return True
        if os.path.isdir(os.path.join(current, ".git")):
            return False  # (the repository's root: no further)
        parent = os.path.dirname(current)
        if parent == current:
            return False
        current = parent
    return False

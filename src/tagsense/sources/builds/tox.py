"""tox-docker: the containers a ``tox.ini`` starts for its test environments.

`tox-docker <https://github.com/tox-dev/tox-docker>`_ (a tox plugin) starts containers before
an environment's commands run and stops them after: the environment's ``docker`` setting
lists container names, each configured by a ``[docker:NAME]`` section,

.. code-block:: ini

    [testenv:integration]
    docker =
        db
    [docker:db]
    image = postgres:16-alpine

with either ``image`` (pulled, ``docker.images.pull(name, tag=tag)``: no tag is ``latest``,
when no local image of that name is there) or ``dockerfile`` (built from its directory, with
``dockerfile_target``; ``{toxinidir}`` is the directory of the ``tox.ini``). Only the
sections an environment lists start: another ``[docker:NAME]`` is configuration nothing uses.
An ``image`` is an :class:`~tagsense.sources.Occurrence` of kind ``"tox"`` at its value, with
``context`` ``container`` (the section's name) and ``environments`` (those that list it); a
``dockerfile`` is a build of that Dockerfile (tool ``tox``), which makes no name.

The file is read as tox reads it (an INI file: ``key = value`` or ``key: value``, a value
continued on indented lines, ``#`` and ``;`` comment lines, a `` #`` comment after a value); a
list is one item a line, else items between commas, and a line ``FACTORS: item`` is an item
for the environments those factors name (any of them may run it). A substitution tagsense does
not know (``{[section]key}``, ``{posargs}``, an ``{env:NAME}`` without a default) leaves the
image unread; ``{env:NAME:DEFAULT}`` is its default.
"""

from __future__ import annotations

import os
import re

from ..._lazy import lazy_pattern
from ...occurrence import BuildSite, Occurrence, Scan
from ..discover import TOX_FILE_NAME
from ..project import BuildConfig, BuildFile
from ._common import MAX_BYTES, directory_of, join, read_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["KIND", "TOX_FILE_NAME", "read_tox", "scan_tox"]

#: The ``kind`` of the occurrences of the images tox-docker pulls.
KIND = "tox"
#: The prefix of a container's section, and the sections of tox's environments.
_CONTAINER = "docker:"
_ENVIRONMENTS = ("testenv", "testenv:")
#: A factor condition before a list item (``py312,py313: db``, ``!ci: db``).
_FACTORS = lazy_pattern(r"^!?[\w.-]+(?:[,-]!?[\w.-]+)*:\s+")
#: An ``{env:NAME:DEFAULT}`` substitution (the default may itself hold ``:``).
_ENV_DEFAULT = lazy_pattern(r"\{env:[A-Za-z_][A-Za-z0-9_]*:([^{}]*)\}")


class _Value:
    """A setting's value as written: each line's text and where it starts (line, column)."""

    __slots__ = ("parts",)

    def __init__(self) -> None:
        self.parts: list[tuple[str, int, int]] = []

    def add(self, text: str, line: int, column: int) -> None:
        # (tox drops a comment after a value: `image = x  # why`)
        text = re.sub(r"\s+#.*$", "", text).rstrip()
        if text:
            self.parts.append((text, line, column))

    def first(self) -> tuple[str, int, int] | None:
        return self.parts[0] if self.parts else None

    def items(self) -> list[str]:
        """The value as a list: one item a line, else the items between commas."""
        if len(self.parts) > 1:
            texts = [text for text, _, _ in self.parts]
        else:
            texts = [item for text, _, _ in self.parts for item in text.split(",")]
        return [_FACTORS.sub("", item.strip()) for item in texts if item.strip()]


def read_tox(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images and builds of the ``tox.ini`` at ``path`` (see the module; never raises)."""
    text = read_text(path, max_bytes)
    if not isinstance(text, str):
        return BuildFile(scan=Scan(errors=(text,)), path=path)
    if _CONTAINER not in text:
        return BuildFile(path=path)  # (most tox files: no tox-docker)
    return scan_tox(text, path=path)


def scan_tox(text: str, *, path: str | None = None) -> BuildFile:
    """:func:`read_tox` of a file's text.

    >>> found = scan_tox("[testenv]\\ndocker = db\\n[docker:db]\\nimage = postgres:16\\n")
    >>> [(o.text, o.line, o.column, o.context["container"]) for o in found.scan]
    [('postgres:16', 4, 9, 'db')]
    """
    from .shell import comment_suppressions

    lines = text.splitlines()
    sections = _sections(lines)
    listed: dict[str, list[str]] = {}
    for section, settings in sections.items():
        if section == _ENVIRONMENTS[0] or section.startswith(_ENVIRONMENTS[1]):
            environment = section.partition(":")[2] or "*"
            for name in settings["docker"].items() if "docker" in settings else ():
                listed.setdefault(name, []).append(environment)
    occurrences: list[Occurrence] = []
    builds: list[BuildConfig] = []
    for name, environments in listed.items():
        container = sections.get(_CONTAINER + name)
        if container is None:
            continue  # (tox-docker refuses the environment: "Missing [docker:NAME]")
        context: dict[str, object] = {"container": name, "environments": tuple(environments)}
        image = container["image"].first() if "image" in container else None
        if image is not None:
            found = _image(image, path, context)
            if found is not None:
                occurrences.append(found)
            continue  # (tox-docker refuses a container with both: the image is what it names)
        build = _build(container, name, path)
        if build is not None:
            builds.append(build)
    occurrences.sort(key=lambda occurrence: (occurrence.line, occurrence.column))
    scan = Scan(occurrences, (), tuple(comment_suppressions(lines, path)))
    return BuildFile(builds=tuple(builds), scan=scan, path=path)


def _image(
    written: tuple[str, int, int], path: str | None, context: dict[str, object]
) -> Occurrence | None:
    """The occurrence of an ``image`` value, ``None`` where a substitution only tox knows
    makes it."""
    raw, line, column = written
    value = _ENV_DEFAULT.sub(lambda match: match[1], raw)
    if "{" in value or "}" in value or not value or " " in value:
        return None
    return Occurrence.of_text(
        path=path, line=line, column=column, kind=KIND, raw=raw, text=value, context=context
    )


def _build(settings: dict[str, _Value], name: str, path: str | None) -> BuildConfig | None:
    """The build of a container's ``dockerfile`` (from the Dockerfile's directory)."""
    written = settings["dockerfile"].first() if "dockerfile" in settings else None
    if written is None:
        return None
    base = directory_of(path or "")
    file = _ENV_DEFAULT.sub(lambda match: match[1], written[0])
    file = file.replace("{toxinidir}", base or os.curdir)
    if "{" in file or "}" in file:
        return None
    dockerfile = file if os.path.isabs(file) else join(base, file)
    target = settings["dockerfile_target"].first() if "dockerfile_target" in settings else None
    return BuildConfig(
        site=BuildSite(KIND, path, written[1]),
        name=name,
        context=os.path.dirname(dockerfile) or os.curdir,
        dockerfile=dockerfile,
        target=target[0] if target is not None else None,
    )


def _sections(lines: list[str]) -> dict[str, dict[str, _Value]]:
    """The sections of an INI file, each setting's value with where it is written (the first
    section of a name wins for a key it sets, as configparser's strict reading refuses
    repeats)."""
    sections: dict[str, dict[str, _Value]] = {}
    current: dict[str, _Value] | None = None
    value: _Value | None = None
    for number, line in _numbered(lines):
        stripped = line.strip()
        if not stripped or stripped[0] in "#;":
            continue
        if line[0] in " \t":
            if value is not None:
                value.add(stripped, number, len(line) - len(line.lstrip()) + 1)
            continue
        value = None
        if stripped.startswith("[") and stripped.endswith("]"):
            current = sections.setdefault(stripped[1:-1].strip(), {})
            continue
        delimiter = min((at for at in (line.find("="), line.find(":")) if at > 0), default=-1)
        if current is None or delimiter < 0:
            continue
        key = line[:delimiter].strip()
        if key in current:
            continue
        value = current[key] = _Value()
        rest = line[delimiter + 1 :]
        value.add(rest.strip(), number, delimiter + 2 + len(rest) - len(rest.lstrip()))
    return sections


def _numbered(lines: list[str]) -> Iterator[tuple[int, str]]:
    for index, line in enumerate(lines):
        yield index + 1, line.rstrip("\r")

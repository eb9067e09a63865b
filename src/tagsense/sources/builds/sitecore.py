"""Sitecore's image builder: the ``build.json`` beside each Dockerfile of Sitecore/docker-images.

Sitecore/docker-images (and the image repositories made from it) builds its Windows and Linux
images with the SitecoreImageBuilder PowerShell module: each image's directory holds a
``Dockerfile`` and a ``build.json`` (or ``*-build.json``: ``xp-build.json``, one a topology)
whose ``tags`` (a list, or one object) name each build's
``tag`` and its ``build-options``, the words of ``docker image build`` it runs in that
directory (``Invoke-Build``)::

    {"tags": [{"tag": "community/sitecore-xp0-custom-mssql:10.0.0-linux",
               "build-options": [
                   "--build-arg BASE_IMAGE=mcr.microsoft.com/mssql/server:2019-CU5-ubuntu-16.04"
               ]}]}

Each tag is a :class:`~tagsense.sources.project.BuildConfig` of that Dockerfile (tool
``sitecore``, at the tag's line) with its ``--build-arg`` values, and a built name: the
Dockerfiles' ``ARG BASE_IMAGE`` have no default, and 565 of them were reported unresolved
(TS011) where the file beside them gives the value. ``--file PATH`` is a path from a directory
above (the builder runs from ``build/``). The builder fills ``${windowsservercore_version}``,
``${nanoserver_version}`` and ``${sitecore_registry}`` in with the Windows release it builds
for and its registry: they are read as the repository's ``Build.ps1`` runs it by default
(``-OSVersion ltsc2019``, Nano Server ``1809`` beside it, ``-SitecoreRegistry
scr.sitecore.com``); any other variable is a run's (unresolved by its name).
A ``build.json`` of another shape builds nothing; never raises.
"""

from __future__ import annotations

import json
import os
import re
import shlex

from ..._lazy import lazy_pattern
from ...occurrence import BuildSite, Scan
from ..project import BuildConfig, BuildFile, BuiltImage
from ._common import MAX_BYTES, read_text
from ._shell_values import UNKNOWN, name_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "FILE_NAME",
    "TOOL",
    "is_sitecore_build_file",
    "read_sitecore_build",
    "scan_sitecore_build",
]

#: The ``tool`` of the sites of its builds.
TOOL = "sitecore"
#: The name of the file beside each Dockerfile.
FILE_NAME = "build.json"
#: A variable the builder fills in (``${nanoserver_version}``).
_VARIABLE = lazy_pattern(r"\$\{(\w+)\}")
#: The values ``Build.ps1`` gives the builder's variables by default.
_DEFAULTS = {
    "windowsservercore_version": "ltsc2019",
    "nanoserver_version": "1809",
    "sitecore_registry": "scr.sitecore.com",
}


def is_sitecore_build_file(directory: str, name: str) -> bool:
    """Whether ``name`` in ``directory`` is one of the builder's files (``build.json``,
    ``xp-build.json``…): its first bytes name ``build-options``, and a Dockerfile is beside
    it or named by ``--file`` (a quick look: the reading checks its shape)."""
    if not name.endswith(FILE_NAME):
        return False
    try:
        with open(os.path.join(directory, name), "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    if b'"build-options"' not in head:
        return False
    return b'"--file ' in head or os.path.isfile(os.path.join(directory, "Dockerfile"))


def read_sitecore_build(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The builds the ``build.json`` at ``path`` configures (never raises)."""
    text = read_text(path, max_bytes)
    if not isinstance(text, str):
        return BuildFile(path=path)
    return scan_sitecore_build(text, path=path)


def scan_sitecore_build(text: str, *, path: str) -> BuildFile:
    """:func:`read_sitecore_build` of a file's text.

    >>> found = scan_sitecore_build(
    ...     '{"tags": [{"tag": "acme/sql:1.0", '
    ...     '"build-options": ["--build-arg BASE=mcr.microsoft.com/mssql/server:2019-CU5"]}]}',
    ...     path="img/build.json")
    >>> [(c.dockerfile, dict(c.args), c.tags) for c in found.builds]
    [('img/Dockerfile', {'BASE': 'mcr.microsoft.com/mssql/server:2019-CU5'}, ('acme/sql:1.0',))]
    >>> [image.name for image in found.built]
    ['acme/sql']
    """
    try:
        document = json.loads(text)
    except ValueError:
        return BuildFile(path=path)
    entries = document.get("tags") if isinstance(document, dict) else None
    if isinstance(entries, dict):
        entries = [entries]
    if not isinstance(entries, list):
        return BuildFile(path=path)
    directory = os.path.dirname(path)
    builds: list[BuildConfig] = []
    built: list[BuiltImage] = []
    lines = _tag_lines(text)
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("tag"), str):
            continue
        options = entry.get("build-options", [])
        if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
            continue
        tag = _filled(entry["tag"])
        site = BuildSite(TOOL, path, lines[index] if index < len(lines) else 1)
        args, unresolved, dockerfile, target = _options(options, directory)
        builds.append(
            BuildConfig(
                site=site,
                name=tag,
                context=directory,
                dockerfile=dockerfile,
                args=args,
                target=target,
                tags=(tag,),
                unresolved=unresolved,
            )
        )
        name = name_pattern(_VARIABLE.sub(UNKNOWN, tag))
        if name is not None:
            built.append(BuiltImage(name, site))
    return BuildFile(builds=builds, built=dict.fromkeys(built), scan=Scan((), ()), path=path)


def _options(
    options: list[str], directory: str
) -> tuple[dict[str, str], dict[str, tuple[str, ...]], str, str | None]:
    """The build arguments, those a run fills in (by the names it fills), the Dockerfile and
    the stage built (``--target``)."""
    args: dict[str, str] = {}
    unresolved: dict[str, tuple[str, ...]] = {}
    dockerfile = os.path.join(directory, "Dockerfile")
    target = None
    for words in _split(options):
        if len(words) == 2 and words[0] == "--build-arg" and "=" in words[1]:
            name, _, value = words[1].partition("=")
            value = _filled(value)
            names = tuple(_VARIABLE.findall(value))
            if names:
                unresolved[name] = names
                args.pop(name, None)
            else:
                args[name] = value
                unresolved.pop(name, None)
        elif len(words) == 2 and words[0] in ("--file", "-f"):
            dockerfile = _above(directory, words[1]) or dockerfile
        elif len(words) == 2 and words[0] == "--target":
            target = words[1]
    return args, unresolved, dockerfile, target


def _filled(text: str) -> str:
    """``text`` with the builder's variables as ``Build.ps1`` fills them by default."""
    return _VARIABLE.sub(lambda match: _DEFAULTS.get(match[1], match[0]), text)


def _split(options: list[str]) -> Iterator[list[str]]:
    for option in options:
        try:
            words = shlex.split(option)
        except ValueError:
            continue
        if words and words[0].startswith("--") and "=" in words[0]:
            words = words[0].split("=", 1) + words[1:]  # (`--build-arg=NAME=VALUE`)
        yield words


def _above(directory: str, relative: str) -> str | None:
    """``relative`` from the nearest directory at or above ``directory`` that holds it (the
    builder runs from the top of its tree, which the file does not say)."""
    place = directory
    for _ in range(8):
        candidate = os.path.join(place, relative)
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(place)
        if parent == place:
            break
        place = parent
    return None


def _tag_lines(text: str) -> list[int]:
    """The line of each ``"tag":`` key, in order (the entries' own lines)."""
    return [text.count("\n", 0, match.start()) + 1 for match in re.finditer(r'"tag"\s*:', text)]

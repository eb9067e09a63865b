"""nektos/act's ``.actrc``: the images act runs a repository's workflows' jobs in.

``act`` runs a repository's GitHub Actions workflows locally, each job in a container of the
image its ``runs-on`` label is mapped to: ``-P``/``--platform LABEL=IMAGE`` ("custom image to
use per platform, e.g. -P ubuntu-18.04=nektos/act-environments-ubuntu:18.04", act's
reference), which act pulls. Before its command line, act reads the same options from
``.actrc`` files: the user's (``~/.actrc``, ``$XDG_CONFIG_HOME/.actrc``) and the one in the
directory it runs in (act's ``readArgsFile``): each line, trimmed and with its environment
variables put in, that starts with ``-`` is an option, split at its first white space from
its value (``-P ubuntu-latest=catthehacker/ubuntu:act-latest``); other lines are not read.
A project's ``.actrc`` is there for act alone, so each of its platforms' images is a pull
(kind ``act``, context ``platform``: the label). ``LABEL=-self-hosted`` runs the jobs on the
host (no image); a ``$NAME`` is the environment's, unresolved here (TS011).
"""

from __future__ import annotations

import os

from ..._lazy import lazy_pattern
from ...occurrence import Occurrence, Scan, Suppression, suppressions_in_comment

__all__ = ["KIND", "NAME", "is_actrc_name", "scan_actrc"]

KIND = "act"
#: The file's name.
NAME = ".actrc"

#: act's option that maps a runner label to an image.
_PLATFORM = ("-P", "--platform")
#: A variable ``os.ExpandEnv`` puts in (``$NAME``, ``${NAME}``).
_VARIABLE = lazy_pattern(r"\$\{([^}]*)\}|\$([A-Za-z_]\w*)")


def is_actrc_name(path: str) -> bool:
    """``.actrc``: act's file of options.

    >>> is_actrc_name("tools/.actrc"), is_actrc_name("actrc")
    (True, False)
    """
    return os.path.basename(path.replace("\\", "/")) == NAME


def scan_actrc(text: str, path: str | None = None) -> Scan:
    """The image of each platform a ``.actrc`` maps a label to. Never raises."""
    from ..builds._engine_commands import act_platform_image

    found: list[Occurrence] = []
    suppressions: list[Suppression] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("#") and "tagsense" in stripped:
            column = len(line) - len(line.lstrip()) + 1
            suppressions += suppressions_in_comment(stripped, path=path, line=number, column=column)
        if not stripped.startswith("-"):
            continue
        option, _, value = _split(stripped)
        if "=" in option and option.partition("=")[0] in _PLATFORM:
            option, _, value = option.partition("=")  # (`--platform=LABEL=IMAGE`)
        if option not in _PLATFORM:
            continue
        image = act_platform_image(value)
        if image is None:
            continue
        column = line.index(value) + len(value) - len(image) + 1
        names = tuple(dict.fromkeys(match[1] or match[2] for match in _VARIABLE.finditer(image)))
        occurrence = Occurrence.of_text(
            path=path, line=number, column=column, kind=KIND, raw=image, text=image,
            unresolved=names, context={"platform": value.partition("=")[0]},
        )  # fmt: skip
        found.append(occurrence)
    return Scan(tuple(found), (), suppressions)


def _split(line: str) -> tuple[str, str, str]:
    """A line at its first white space, as act splits it: the option, the white space and the
    rest (its value, kept whole: ``--container-options --volume a:b``)."""
    for index, character in enumerate(line):
        if character.isspace():
            return line[:index], character, line[index + 1 :]
    return line, "", ""

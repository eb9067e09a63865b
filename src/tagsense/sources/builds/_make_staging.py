"""A build context that a rule's recipe copies first: the directory its files come from.

A Makefile may copy an image's directory to a staging place, then build there:
jupyter-server/enterprise_gateway's ``etc/Makefile`` runs, for each image,

.. code-block:: make

    @mkdir -p ../build/docker/$1
    @cp -r docker/$1/* $$(FILES_$1) ../build/docker/$1
    (cd ../build/docker/$1; docker build --build-arg HUB_ORG=${HUB_ORG} … .)

The staging directory is not in the checkout; the Dockerfile built there is the one of the
directory copied (``docker/kernel-py/Dockerfile``), with the rule's build arguments. A recipe
line that is a recursive copy (``cp -r``, ``-R``, ``-a``) of an existing directory (``DIR``,
``DIR/*``, ``DIR/.``) to a destination that does not exist is read as such a staging, for the
later lines of the same rule (each line runs in a shell of its own, but the files stay).
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._shell_values import ShellBuild

__all__ = ["restaged", "staged_copies"]

#: What a source's last part may be besides the directory: its files (``*``) or itself (``.``).
_CONTENTS = ("/*", "/.")


def staged_copies(line: str, directory: str) -> dict[str, str]:
    """The staging directories a recipe line copies directories to: ``{destination:
    source}``, both normalised, relative to ``directory`` (the Makefile's) as written."""
    import shlex

    found: dict[str, str] = {}
    for command in line.replace("&&", ";").split(";"):
        try:
            words = shlex.split(command.strip().strip("()"))
        except ValueError:
            continue
        if len(words) < 3 or words[0] != "cp":
            continue
        flags = [word for word in words[1:] if word.startswith("-")]
        paths = [word for word in words[1:] if not word.startswith("-")]
        if not any(set(flag[1:]) & set("rRa") for flag in flags) or len(paths) < 2:
            continue
        destination = os.path.normpath(paths[-1])
        if os.path.exists(os.path.join(directory, destination)):
            continue  # (a directory of the checkout: its own files are built)
        for source in paths[:-1]:
            for ending in _CONTENTS:
                source = source.removesuffix(ending)
            if "*" not in source and os.path.isdir(os.path.join(directory, source)):
                found[destination] = os.path.normpath(source)
                break
    return found


def restaged(build: ShellBuild, staged: dict[str, str]) -> ShellBuild:
    """``build`` run in (or from) a staging directory, run in the directory copied there."""
    workdir = build.workdir
    if not staged or workdir is None or os.path.isabs(workdir):
        return build
    place = os.path.normpath(workdir or ".")
    for destination, source in staged.items():
        if place == destination or place.startswith(destination + "/"):
            return build.replaced(workdir=source + place[len(destination) :])
        if build.context is not None and not os.path.isabs(build.context):
            context = os.path.normpath(os.path.join(place, build.context))
            if context == destination or context.startswith(destination + "/"):
                inside = source + context[len(destination) :]
                return build.replaced(context=os.path.relpath(inside, place))
    return build

"""Another project's copy kept inside this one, wherever it lies, by what a copy brings along.

Two shapes, each seen in a survey, where the copy's Dockerfiles and compose files are
its own project's, which this project never builds or runs:

- a repository's root, with its own ``.github/workflows/`` (which GitHub never runs
  below the top) and a licence other than the project's: ethereum/go-ethereum's
  ``crypto/secp256k1/libsecp256k1/`` (bitcoin-core's, MIT under go-ethereum's GPL),
  opencart's ``tools/daux.io/``. Under the same licence it may be the project's own
  part that becomes a repository of its own (kubefirst/gitops-template's ``metaphor/``,
  the demo application its users build): read. So is a project template's root, named
  as the template engine names what it renders (``{{cookiecutter.project_slug}}``,
  copier's ``{{ project_name }}``): its licence is the rendered project's, whatever it
  says. cookiecutter/cookiecutter-django's ``{{cookiecutter.project_slug}}/`` (the GPL's
  ``COPYING`` beside a ``LICENSE`` template), which its ``tests/test_docker.sh`` renders
  and builds with ``docker compose``, is the project's own (survey 31b: its Dockerfiles
  were missed).
- a package manager's tree named as ``vendor/`` is with the tool's name after it
  (``vendor_jsonnet/``, where bitnami-labs/sealed-secrets' ``jb install`` puts
  kube-libsonnet and its tests' Dockerfile), holding only packages' directories: a
  service named so (``vendor-portal/``) holds its own files.
"""

from __future__ import annotations

import os

from .._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["repository_copies"]

Parts = tuple[str, ...]

#: How a repository's licence file is named (``LICENSE``, ``LICENCE.md``, ``COPYING``).
_LICENCES = ("LICENSE", "LICENCE", "COPYING")
#: The names of a package manager's tree for one tool (``vendor_jsonnet``, ``vendor-bin``).
_VENDOR_TREE = ("vendor_", "vendor-")
#: What a licence's opening says that differs between copies of the same licence: years.
_YEARS = lazy_pattern(r"[\d\s,-]+")


def repository_copies(root: str, relative: Iterable[Parts]) -> set[Parts]:
    """The directories below ``root`` (``relative``: its files' parts) that hold another
    project's copy (see the module)."""
    workflows: set[Parts] = set()
    licences: dict[Parts, str] = {}
    trees: set[Parts] = set()
    not_trees: set[Parts] = set()
    last: Parts | None = None
    for parts in relative:
        if parts[-1].upper().startswith(_LICENCES):
            licences.setdefault(parts[:-1], parts[-1])
        directory = parts[:-1]
        if directory == last:
            continue  # (seen: a sorted walk lists most of a directory's files together)
        last = directory
        if ".github" in directory[1:-1]:
            at = directory.index(".github", 1)
            if directory[at + 1] == "workflows":
                workflows.add(directory[:at])
        for index, name in enumerate(directory):
            if name.startswith(_VENDOR_TREE):
                (not_trees if index == len(directory) - 1 else trees).add(directory[: index + 1])
    copies = trees - not_trees
    if workflows:
        own = _opening(root, (), licences.get(()))
        for directory in workflows:
            if any("{{" in name and "}}" in name for name in directory):
                continue  # (a project template's: see the module)
            licence = licences.get(directory)
            if licence is not None and _opening(root, directory, licence) != own:
                copies.add(directory)
    return copies


def _opening(root: str, directory: Parts, name: str | None) -> str | None:
    """The first two lines of text of a licence file, without years, spaces or case, which
    say whose licence it is (``MIT License / Copyright (c) kubefirst``); ``None`` for
    none."""
    if name is None:
        return None
    try:
        with open(os.path.join(root, *directory, name), encoding="utf-8", errors="replace") as file:
            head = file.read(1024)
    except OSError:
        return None
    lines = [line for line in head.splitlines() if line.strip()][:2]
    return _YEARS.sub("", " ".join(lines)).casefold()

"""Which files to scan: Dockerfiles by name, image archives on request.

:func:`discover` turns the paths a user names into ``(path, kind)`` pairs.
What a file is comes from :data:`RULES`, a registry of
``(kind, predicate)`` rules tried in order on each file's path; a source
kind that reads other files (YAML, in a later release) plugs in by adding a
rule. A rule marked ``opt_in`` finds files in a directory walk only when its
kind is asked for (``archives=True`` asks for ``"archive"``).

- A file named on the command line is always scanned: by its rule, or else
  by its content (a tar or compressed file is an archive; anything else is
  read as a Dockerfile, as ``docker build -f`` reads any file).
- A directory is walked in sorted order, without following links to
  directories and skipping version-control directories (``.git``, ``.hg``,
  ``.svn``…). Inside a git work tree, the files are the ones git lists
  (``git ls-files --cached --others --exclude-standard``): tracked files,
  and untracked ones that ``.gitignore`` does not exclude. A directory git
  lists nothing in (ignored as a whole) is walked plainly: it was named.
- An OCI image layout directory (one with an ``oci-layout`` file) is an
  archive and never walked into: named, it is always read; found in a
  walk, only with ``archives=True``.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Sequence
    from typing import NamedTuple

__all__ = [
    "ARCHIVE",
    "DOCKERFILE",
    "RULES",
    "VCS_DIRECTORIES",
    "Rule",
    "discover",
    "is_archive_name",
    "is_dockerfile_name",
    "kind_of_file",
    "sniff",
]

DOCKERFILE = "dockerfile"
ARCHIVE = "archive"

#: Directories never walked into.
VCS_DIRECTORIES = frozenset({".git", ".hg", ".svn", ".bzr", "_darcs", ".jj", "CVS"})

#: The file that marks an OCI image layout directory.
OCI_LAYOUT_FILE = "oci-layout"


if TYPE_CHECKING:

    class Rule(NamedTuple):
        """A kind of source file: what it is called and how it is recognised."""

        kind: str
        #: Called with the file's path (as discovered: its name is ``path.name``).
        matches: Callable[[PurePath], bool]
        #: Found in a directory walk only when this kind is asked for.
        opt_in: bool = False

else:  # (typing.NamedTuple costs an import of typing)
    from collections import namedtuple

    Rule = namedtuple("Rule", "kind matches opt_in", defaults=(False,))


def is_dockerfile_name(path: PurePath) -> bool:
    """``Dockerfile``, ``*.Dockerfile``, ``Dockerfile.*`` and the same for ``Containerfile``.

    Case-sensitive, as file systems and docker are. BuildKit's ignore files
    beside them (``Dockerfile.dockerignore``, ``app.Dockerfile.dockerignore``)
    are not Dockerfiles.
    """
    name = path.name
    if name.endswith((".dockerignore", ".containerignore")):
        return False
    for base in ("Dockerfile", "Containerfile"):
        if name == base or name.startswith(base + ".") or name.endswith("." + base):
            return True
    return False


def is_archive_name(path: PurePath) -> bool:
    """``*.tar``, ``*.tar.gz`` and ``*.tgz``: what ``docker save`` output is called."""
    return path.name.endswith((".tar", ".tar.gz", ".tgz"))


COMPOSE = "compose"
CI = "ci"
KUSTOMIZE = "kustomize"
HELM = "helm"
KUBERNETES = "kubernetes"


def is_compose_name(path: PurePath) -> bool:
    """``compose*.y*ml`` and ``docker-compose*.y*ml``, as ``docker compose`` looks for them."""
    name = path.name
    return name.startswith(("compose", "docker-compose")) and name.endswith((".yml", ".yaml"))


def is_ci_path(path: PurePath) -> bool:
    """A CI configuration at its standard path (``.github/workflows/*.yml``, ``.gitlab-ci.yml``)."""
    from .ci import ci_system

    return ci_system(path) is not None


def is_kustomization_file(path: PurePath) -> bool:
    """``kustomization.yaml``, ``kustomization.yml`` or ``Kustomization``."""
    from .kustomize import is_kustomization_name

    return is_kustomization_name(path.name)


def is_helm_chart_file(path: PurePath) -> bool:
    """A Helm chart's ``Chart.yaml`` (its chart directory is what is scanned)."""
    return path.name == "Chart.yaml"


def is_yaml_name(path: PurePath) -> bool:
    """Any other ``*.yaml`` or ``*.yml``: a Kubernetes manifest if it says so (apiVersion, kind)."""
    return path.name.endswith((".yaml", ".yml"))


#: The registry: tried in order, the first rule that matches decides the kind.
RULES: list[Rule] = [
    Rule(DOCKERFILE, is_dockerfile_name),
    Rule(CI, is_ci_path),
    Rule(COMPOSE, is_compose_name),
    Rule(KUSTOMIZE, is_kustomization_file),
    Rule(HELM, is_helm_chart_file),
    Rule(KUBERNETES, is_yaml_name),
    Rule(ARCHIVE, is_archive_name, opt_in=True),
]


def kind_of_file(path: PurePath, *, kinds: Collection[str] | None = None) -> str | None:
    """The kind of source a file is by its path, or ``None``.

    ``kinds`` lists the opt-in kinds asked for (``None``: all of them).
    """
    for rule in RULES:
        if rule.opt_in and kinds is not None and rule.kind not in kinds:
            continue
        if rule.matches(path):
            return rule.kind
    return None


def sniff(path: Path) -> str:
    """The kind of a named file its name does not tell: an archive by magic bytes, else text."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(512 + 8)
    except OSError:
        return DOCKERFILE  # reading it again will report the error
    if head.startswith((b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"\x28\xb5\x2f\xfd")):
        return ARCHIVE
    if head[257:262] == b"ustar":  # POSIX and GNU tar headers
        return ARCHIVE
    return DOCKERFILE


def discover(
    paths: Sequence[str | os.PathLike[str]], *, archives: bool = False
) -> list[tuple[Path, str]]:
    """The files to scan under ``paths``, each with its kind, in a stable order.

    Each named path contributes in turn: a file itself (whatever its name), a
    directory its source files sorted by path. A path named twice (or found
    twice) is listed once. A path that does not exist is skipped (the caller
    checks the paths it was given).
    """
    kinds = frozenset({ARCHIVE}) if archives else frozenset()
    found: list[tuple[Path, str]] = []
    seen: set[str] = set()

    def add(path: Path, kind: str) -> None:
        key = os.path.normcase(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            found.append((path, kind))

    for named in paths:
        path = Path(named)
        if path.is_dir():
            if (path / OCI_LAYOUT_FILE).is_file():  # named: read whatever ``archives`` says
                add(path, ARCHIVE)
                continue
            for file, kind in _walk_directory(path, kinds):
                add(file, kind)
        elif path.is_file():
            if path.name.endswith((".dockerignore", ".containerignore")):
                continue  # BuildKit's ignore files beside a Dockerfile: no source
            add(path, kind_of_file(path) or sniff(path))
        elif path.exists():  # a pipe or a device: read as text, never sniffed
            add(path, kind_of_file(path) or DOCKERFILE)
    return found


def _walk_directory(root: Path, kinds: Collection[str]) -> list[tuple[Path, str]]:
    listed = _git_files(root)
    relative = sorted(listed or _plain_walk(root))
    # OCI layouts hold image data, never sources: not walked into; archives when asked.
    layouts = {parts[:-1] for parts in relative if parts[-1] == OCI_LAYOUT_FILE and len(parts) > 1}
    results: list[tuple[Path, str]] = []
    seen_layouts: set[tuple[str, ...]] = set()
    for parts in relative:
        inside = _inside(parts, layouts)
        if inside is not None:
            if inside not in seen_layouts:
                seen_layouts.add(inside)
                if ARCHIVE in kinds:
                    results.append((root.joinpath(*inside), ARCHIVE))
            continue
        kind = kind_of_file(PurePath(*parts), kinds=kinds)
        if kind is not None:
            file = root.joinpath(*parts)
            if file.is_file():
                results.append((file, kind))
    return results


def _inside(parts: tuple[str, ...], layouts: set[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The OCI layout directory ``parts`` lies in, if any."""
    if not layouts:
        return None
    for end in range(1, len(parts)):
        if parts[:end] in layouts:
            return parts[:end]
    return None


def _plain_walk(root: Path) -> Iterable[tuple[str, ...]]:
    top = os.fspath(root)
    for directory, subdirectories, files in os.walk(top):
        subdirectories[:] = [name for name in subdirectories if name not in VCS_DIRECTORIES]
        relative = directory[len(top) :].lstrip(os.sep)
        base = tuple(relative.split(os.sep)) if relative else ()
        for name in files:
            yield (*base, name)


def _git_files(root: Path) -> list[tuple[str, ...]]:
    """The files git lists under ``root`` (relative parts), or ``[]`` when git cannot say."""
    import shutil
    import subprocess

    git = shutil.which("git")
    if git is None:
        return []
    command = [git, "ls-files", "--cached", "--others", "--exclude-standard", "-z", "--", "."]
    environment = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}
    try:
        result = subprocess.run(
            command,
            cwd=root,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            check=False,
        )
    except OSError:
        return []
    if result.returncode != 0:  # not in a work tree (or git refuses it)
        return []
    names = {os.fsdecode(name) for name in result.stdout.split(b"\0") if name}
    listed = (PurePath(name).parts for name in names)
    return [parts for parts in listed if VCS_DIRECTORIES.isdisjoint(parts[:-1])]

"""``docker load`` (``docker image load``, ``podman load``, ``nerdctl load``): images a script
puts in the engine's store from an archive, which the commands after it run without a pull.

Docker's reference (*docker image load*): "Load an image or repository from a tar archive
(even if compressed with gzip, bzip2, xz or zstd) from a file or STDIN. It restores both
images and tags." The archive is ``-i FILE`` / ``--input FILE``, else the standard input
(``< FILE``, ``cat FILE |``); Podman's ``podman load`` reads the same (``-i``, ``--input``,
standard input).

A ``run`` or ``create`` later in the same reading (the script, its Bats test, the ``docker
exec`` scripts of one sequence; not a ``pull``, which asks the registry whatever the store
has, nor another script's run) of an image a load gave is the load's: the image is not
pulled, and only its validity is judged (its occurrence is built, at the load).

- An archive that is a file of the project gives the tags its metadata names
  (:func:`tagsense.sources.archive.scan_archive`, as ``docker load`` restores them).
- An archive made elsewhere (an image's own directory of tarballs, a CI cache) leaves only its
  file's name, and many projects name a ``docker save`` by the image (sysbox's tests
  ``docker load -i /root/img/redis_5.0.5_alpine.tar`` in the system container, then run
  ``redis:5.0.5-alpine``). A name match, then, and a conservative one: the file's stem, split
  at ``_ : / -``, equals the image's last path part and tag split the same way
  (``mysql_server_8.0.tar`` is ``mysql/mysql-server:8.0``, ``prometheus.tar`` is
  ``prom/prometheus`` at ``latest``).
"""

from __future__ import annotations

import os

from ..._lazy import lazy_pattern
from ...errors import InvalidReference
from ._engine_commands import skip_options
from ._shell_values import UNKNOWN

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from ._shell_values import ShellPull

__all__ = ["Loaded", "archive_images", "load_input", "loaded_pulls", "stem_words"]

#: The options of ``load`` that take a value (Docker's ``--platform``, Podman's
#: ``--signature-policy``).
_VALUES = frozenset({"--platform", "--signature-policy"})
#: The programs that write a file's bytes (decompressed) to a pipe: ``cat FILE | docker load``.
_READERS = {"cat": (), "zcat": (), "gunzip": ("-c",), "gzip": ("-dc",), "xzcat": ()}
#: An archive's suffixes, last first.
_SUFFIXES = (".gz", ".tgz", ".bz2", ".xz", ".zst", ".tar", ".oci", ".docker")
_SEPARATORS = lazy_pattern(r"[_:/\-]+")


class Loaded:
    """One ``docker load`` of an archive: the ``line`` it is placed at, the words of its
    file's stem (see :func:`stem_words`), and the images its metadata names, when the
    archive is the project's (normalized name and tag; ``None``: not read)."""

    __slots__ = ("images", "line", "words")

    def __init__(
        self,
        line: int,
        words: tuple[str, ...],
        images: frozenset[tuple[str, str]] | None = None,
    ) -> None:
        self.line = line
        self.words = words
        self.images = images


def load_input(arguments: list[str], stdin: str | None, piped: list[str] | None) -> str | None:
    """The archive an engine's ``load`` command reads (its arguments expanded), as written;
    ``None`` when the command is no load or reads what is not known here.

    >>> load_input(["load", "-i", "a.tar"], None, None), load_input(["image", "load"], "b", None)
    ('a.tar', 'b')
    >>> load_input(["load", "--input=c.tgz"], None, None), load_input(["load"], None, ["cat", "d"])
    ('c.tgz', 'd')
    >>> load_input(["run", "a"], None, None) is None
    True
    """
    index = skip_options(arguments, 0)
    if arguments[index : index + 1] == ["image"]:
        index += 1
    if arguments[index : index + 1] != ["load"]:
        return None
    rest = arguments[index + 1 :]
    position = 0
    while position < len(rest):
        word = rest[position]
        if word in ("-i", "--input"):
            return rest[position + 1] if position + 1 < len(rest) else None
        if word.startswith("--input="):
            return word.partition("=")[2]
        position += 2 if word in _VALUES else 1
    if stdin is not None:
        return stdin
    if piped and piped[0] in _READERS:
        files = [word for word in piped[1:] if not word.startswith("-")]
        if len(files) == 1 and set(_READERS[piped[0]]) <= set(piped[1:]):
            return files[0]
    return None


def stem_words(path: str) -> tuple[str, ...]:
    """The words of an archive file's stem, its suffixes off, split at ``_ : / -``.

    >>> stem_words("/root/img/redis_5.0.5_alpine.tar"), stem_words("x/Prometheus.tar.gz")
    (('redis', '5.0.5', 'alpine'), ('prometheus',))
    """
    stem = os.path.basename(path).lower()
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if stem.endswith(suffix) and len(stem) > len(suffix):
                stem, changed = stem[: -len(suffix)], True
    return tuple(word for word in _SEPARATORS.split(stem) if word)


def _image_words(image: str) -> tuple[set[tuple[str, ...]], str] | None:
    """The words an archive's stem may have for an image (its last path part and tag split
    at ``_ : / -``; at ``latest``, with the tag or without), and its tag (``latest`` when
    none is written); ``None`` for a digest or a part a run gives.

    >>> sorted(_image_words("prom/prometheus")[0]), _image_words("mysql/mysql-server:8.0")
    ([('prometheus',), ('prometheus', 'latest')], ({('mysql', 'server', '8.0')}, '8.0'))
    """
    if UNKNOWN in image or "@" in image or "$" in image:
        return None
    name, colon, tag = image.rpartition(":")
    if not colon or "/" in tag:
        name, tag = image, ""
    last = tuple(word for word in _SEPARATORS.split(name.rpartition("/")[2].lower()) if word)
    tag = tag or "latest"
    words = {(*last, *(word for word in _SEPARATORS.split(tag.lower()) if word))}
    if tag == "latest":
        words.add(last)
    return words, tag


def loaded_pulls(loads: Iterable[Loaded], pulls: Iterable[ShellPull]) -> list[ShellPull]:
    """``pulls``, each ``run`` or ``create`` of an image a load before gave (see the module's
    text) marked with the line of that load (the latest one)."""
    loaded = list(loads)
    found: list[ShellPull] = []
    for pull in pulls:
        line = _load_of(loaded, pull.image) if pull.verb in ("run", "create") else None
        found.append(pull if line is None else pull.loaded_at(line))
    return found


def _load_of(loads: list[Loaded], image: str) -> int | None:
    words = _image_words(image)
    if words is None:
        return None
    normalized: tuple[str, str] | None = None
    for load in reversed(loads):
        if load.images is None:
            if load.words in words[0]:
                return load.line
            continue
        if normalized is None:
            normalized = _normalized(image)
        if normalized in load.images:
            return load.line
    return None


def _normalized(image: str) -> tuple[str, str]:
    """An image's full name and tag (``latest`` when none is written)."""
    from ...reference import parse_reference

    try:
        reference = parse_reference(image)
    except InvalidReference:
        return ("", "")
    return reference.name, reference.tag or "latest"


def archive_images(path: str) -> frozenset[tuple[str, str]]:
    """The images (full name, tag) an archive of the project restores, as its metadata names
    them (see ``..archive``)."""
    from ..archive import scan_archive

    return frozenset(
        (found.reference.name, found.reference.tag or "latest")
        for found in scan_archive(path).occurrences
        if found.reference is not None and found.reference.tag is not None
    )

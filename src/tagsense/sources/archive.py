"""Image archives: the references a ``docker load`` (or ``ctr import``) would tag.

:func:`scan_archive` reads the metadata of

- ``docker save`` tarballs: ``manifest.json`` (a list of images, each with
  ``RepoTags``) and the legacy ``repositories`` file
  (``{"redis": {"7": "<image id>"}}``);
- OCI image layouts (``index.json``, whose manifest descriptors name the
  image in the annotations ``io.containerd.image.name`` — a full reference —
  and ``org.opencontainers.image.ref.name`` — only a tag in the image-spec,
  but a full reference as skopeo, buildah and podman write it);

as a tar file, gzip-, bzip2- or xz-compressed (recognised by magic bytes,
not by name), or as an OCI layout directory.

Safety: nothing is extracted; only the top-level metadata members are read,
by name, from the tar stream, and only when they are regular files (a
symbolic or hard link is reported, never followed); members with absolute
names or ``..`` are ignored; a metadata member over
:data:`MAX_METADATA_BYTES` and an archive of more than :data:`MAX_MEMBERS`
members are refused. Every problem is a :class:`SourceError`, never an
exception.

Which file wins: a reference named by several metadata files (``docker
save`` writes the same tags to ``manifest.json``, ``index.json`` and
``repositories``) is reported once, from the first of ``manifest.json``,
``index.json``, ``repositories``; ``repositories`` is read only when there
is no ``manifest.json``, as ``docker load`` does.

Each :class:`Occurrence` has ``kind="archive"``, ``path`` the archive,
``line`` and ``column`` 1 (an archive has no lines), ``raw`` the string as
stored, and ``context`` ``{"member": "manifest.json", "index": i}`` (``i``
the entry of ``manifest.json`` or ``index.json``'s ``manifests``, or the
position of the repository and tag pair in ``repositories``); an
``index.json`` occurrence also names its ``"annotation"``.
"""

from __future__ import annotations

import os

from ..errors import InvalidReference
from ..occurrence import Occurrence, Scan, SourceError, parse_or_error

TYPE_CHECKING = False
if TYPE_CHECKING:
    import tarfile
    from collections.abc import Iterator

    from ..reference import Reference

__all__ = ["MAX_MEMBERS", "MAX_METADATA_BYTES", "scan_archive"]

#: The largest metadata member (``manifest.json``, ``index.json``,
#: ``repositories``) read, in bytes.
MAX_METADATA_BYTES = 16 * 1024 * 1024
#: The most members of a tar file looked at.
MAX_MEMBERS = 100_000

KIND = "archive"
MANIFEST = "manifest.json"
INDEX = "index.json"
REPOSITORIES = "repositories"
_METADATA = (MANIFEST, INDEX, REPOSITORIES)

#: The annotation containerd (and ``docker save`` since 25.0) writes: a full reference.
IMAGE_NAME_ANNOTATION = "io.containerd.image.name"
#: The OCI annotation: a tag in the image-spec, a full reference for some tools.
REF_NAME_ANNOTATION = "org.opencontainers.image.ref.name"

_MAGIC = (
    (b"\x1f\x8b", "gz"),
    (b"BZh", "bz2"),
    (b"\xfd7zXZ\x00", "xz"),
)
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


class _Refused(Exception):
    """A problem with the archive as a whole: becomes one SourceError."""


def scan_archive(
    path: str | os.PathLike[str],
    *,
    max_metadata_bytes: int = MAX_METADATA_BYTES,
    max_members: int = MAX_MEMBERS,
) -> Scan:
    """Find the image references an image archive (or OCI layout directory) names.

    Never raises for bad input: an unreadable, corrupt or unknown file is one
    :class:`~tagsense.SourceError` in ``Scan.errors``; an invalid reference
    is an occurrence with ``reference=None`` plus an error naming the member.
    """
    where = os.fspath(path)
    if "\0" in where:
        return Scan((), (SourceError(where, None, "cannot read: a NUL character in the path"),))
    errors: list[SourceError] = []
    try:
        if os.path.isdir(where):
            members = _read_directory(where, max_metadata_bytes, errors)
        else:
            members = _read_tar(where, max_metadata_bytes, max_members, errors)
    except _Refused as refused:
        return Scan((), (*errors, SourceError(where, None, str(refused))))
    except OSError as error:
        return Scan((), (SourceError(where, None, f"cannot read: {_reason(error)}"),))
    if not members and not errors:
        what = "directory" if os.path.isdir(where) else "tar file"
        message = (
            f"not an image archive: the {what} has no manifest.json, index.json or repositories"
        )
        return Scan((), (SourceError(where, None, message),))
    found = _Found(where, errors)
    # (A member that is there but was refused is None: it still counts as there.)
    if (data := members.get(MANIFEST)) is not None:
        _manifest(found, data)
    if (data := members.get(INDEX)) is not None:
        _index(found, data)
    if (data := members.get(REPOSITORIES)) is not None and MANIFEST not in members:
        _repositories(found, data)
    return Scan(tuple(found.occurrences), tuple(errors))


# --- reading ---------------------------------------------------------------


def _reason(error: OSError) -> str:
    return error.strerror or str(error) or type(error).__name__


def _member_name(name: str) -> str | None:
    """The top-level metadata file a member name means, or None."""
    while name.startswith("./"):
        name = name[2:]
    if name in _METADATA:
        return name
    return None


def _compression(where: str) -> str:
    with open(where, "rb") as handle:
        head = handle.read(8)
    if head.startswith(_ZSTD_MAGIC):
        raise _Refused("zstd-compressed archives are not supported: decompress it first")
    for magic, mode in _MAGIC:
        if head.startswith(magic):
            return mode
    return ""


def _read_tar(
    where: str, limit: int, max_members: int, errors: list[SourceError]
) -> dict[str, bytes | None]:
    import tarfile
    import zlib

    compression = _compression(where)
    failures: tuple[type[BaseException], ...] = (tarfile.TarError, EOFError, zlib.error)
    if compression == "xz":
        import lzma

        failures += (lzma.LZMAError,)
    found: dict[str, bytes | None] = {}
    count = 0
    try:
        # A stream ("r|") reads the file once, front to back: a compressed
        # archive is never decompressed twice. An uncompressed one is read
        # with seeks over the members' data.
        with _open_tar(where, compression) as archive:
            for member in _members(archive):
                if count == max_members:
                    message = f"more than {max_members:,} members: stopped reading the archive"
                    errors.append(SourceError(where, None, message))
                    break
                count += 1
                name = _member_name(member.name)
                if name is not None:
                    found[name] = _member_data(archive, member, name, limit, where, errors)
            else:
                if _truncated(archive):
                    raise _Refused("corrupt archive: truncated (it ends inside a member)")
    except OSError as error:
        if error.errno is not None:  # a real I/O error, not bad data
            raise
        raise _Refused(f"corrupt archive: {_reason(error)}") from None
    except failures as error:
        if count == 0 and isinstance(error, tarfile.ReadError):
            if not compression:
                raise _Refused("not an image archive: not a tar file") from None
            if str(error) in {"invalid header", "truncated header", "bad checksum"}:
                raise _Refused(
                    f"not an image archive: {compression}-compressed data, but not a tar file"
                ) from None
        raise _Refused(f"corrupt archive: {error or type(error).__name__}") from None
    return found


def _truncated(archive: tarfile.TarFile) -> bool:
    """Whether the tar data ended in a member or its header, not at the end-of-archive block.

    (``tarfile`` stops quietly at a short read after the first member.) After
    the last ``next()``, ``offset`` is where the header it tried starts and
    the file's position is where reading stopped: a whole block was read
    there only if the archive goes on to its end marker.
    """
    import tarfile

    try:
        return bool(archive.fileobj.tell() < archive.offset + tarfile.BLOCKSIZE)
    except (AttributeError, OSError):  # pragma: no cover - tarfile's internals changed
        return False


def _open_tar(where: str, compression: str) -> tarfile.TarFile:
    import tarfile

    if compression == "gz":
        return tarfile.open(where, mode="r|gz")
    if compression == "bz2":
        return tarfile.open(where, mode="r|bz2")
    if compression == "xz":
        return tarfile.open(where, mode="r|xz")
    return tarfile.open(where, mode="r:")


def _members(archive: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    while True:
        member = archive.next()
        if member is None:
            return
        yield member


def _member_data(
    archive: tarfile.TarFile,
    member: tarfile.TarInfo,
    name: str,
    limit: int,
    where: str,
    errors: list[SourceError],
) -> bytes | None:
    if not member.isreg():
        what = "a link (not followed)" if member.issym() or member.islnk() else "not a file"
        errors.append(SourceError(where, None, f"{name}: {what}"))
        return None
    if member.size > limit:
        errors.append(SourceError(where, None, _too_large(name, member.size, limit)))
        return None
    handle = archive.extractfile(member)
    if handle is None:  # pragma: no cover - isreg() members always have data
        return None
    with handle:
        return handle.read(limit + 1)


def _too_large(name: str, size: int, limit: int) -> str:
    return f"{name}: too large ({size:,} bytes; the limit is {limit:,})"


def _read_directory(where: str, limit: int, errors: list[SourceError]) -> dict[str, bytes | None]:
    import stat

    found: dict[str, bytes | None] = {}
    for name in _METADATA:
        file = os.path.join(where, name)
        try:
            info = os.lstat(file)
        except FileNotFoundError:
            continue
        found[name] = None  # there, unless refused below
        if stat.S_ISLNK(info.st_mode):
            errors.append(SourceError(where, None, f"{name}: a link (not followed)"))
        elif not stat.S_ISREG(info.st_mode):
            errors.append(SourceError(where, None, f"{name}: not a file"))
        elif info.st_size > limit:
            errors.append(SourceError(where, None, _too_large(name, info.st_size, limit)))
        else:
            descriptor = os.open(file, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            with os.fdopen(descriptor, "rb") as handle:
                data = handle.read(limit + 1)
            if len(data) > limit:  # it grew
                errors.append(SourceError(where, None, _too_large(name, len(data), limit)))
            else:
                found[name] = data
    return found


# --- interpreting ------------------------------------------------------------


class _Found:
    """The occurrences found so far, each reference once."""

    __slots__ = ("errors", "occurrences", "path", "seen")

    def __init__(self, path: str, errors: list[SourceError]) -> None:
        self.path = path
        self.errors = errors
        self.occurrences: list[Occurrence] = []
        self.seen: set[str] = set()

    def error(self, message: str) -> None:
        self.errors.append(SourceError(self.path, None, message))

    def add(
        self,
        raw: str,
        text: str,
        where: str,
        context: dict[str, object],
        *,
        problem: str | None = None,
        reason: str | None = None,
    ) -> Reference | None:
        """Report ``text`` (invalid when ``problem`` says why; ``reason``, in a few words,
        is why it is no reference); return its reference."""
        reference, error = parse_or_error(text)
        if problem is not None:
            # Not a reference, whatever the text would parse as (a tag alone).
            reference = None
            error = InvalidReference("invalid-format", text, 0, reason or problem)
        elif error is not None:
            problem = f"invalid reference {text!r}: {error.reason}"
        key = text if reference is None else reference.normalized
        if key in self.seen:
            return reference
        self.seen.add(key)
        self.occurrences.append(
            Occurrence(
                path=self.path,
                line=1,
                column=1,
                kind=KIND,
                raw=raw,
                text=text,
                reference=reference,
                error=error,
                context=context,
            )
        )
        if problem is not None:
            self.error(f"{where}: {problem}")
        return reference


#: Why an annotation that is only a tag is no reference, in a few words.
_TAG_ONLY = "a tag without an image name"


def _load_json(found: _Found, name: str, data: bytes) -> object:
    import json

    try:
        return json.loads(data)
    except (ValueError, RecursionError) as error:
        # (UnicodeDecodeError and JSONDecodeError are both ValueErrors.)
        found.error(f"{name}: not valid JSON: {error}")
        return None


def _manifest(found: _Found, data: bytes) -> None:
    document = _load_json(found, MANIFEST, data)
    if document is None:
        return
    if not isinstance(document, list):
        found.error(f"{MANIFEST}: expected a list of images, found {_json_type(document)}")
        return
    for index, entry in enumerate(document):
        where = f"{MANIFEST}[{index}]"
        if not isinstance(entry, dict):
            found.error(f"{where}: expected an object, found {_json_type(entry)}")
            continue
        tags = entry.get("RepoTags")
        if tags is None:  # an image saved by ID: no name
            continue
        if not isinstance(tags, list):
            found.error(f"{where}: RepoTags: expected a list, found {_json_type(tags)}")
            continue
        for tag in tags:
            if not isinstance(tag, str):
                found.error(f"{where}: RepoTags: expected strings, found {_json_type(tag)}")
                continue
            found.add(tag, tag, where, {"member": MANIFEST, "index": index})


def _repositories(found: _Found, data: bytes) -> None:
    document = _load_json(found, REPOSITORIES, data)
    if document is None:
        return
    if not isinstance(document, dict):
        found.error(f"{REPOSITORIES}: expected an object, found {_json_type(document)}")
        return
    index = 0
    for repository, tags in document.items():
        where = f"{REPOSITORIES}[{repository!r}]"
        if not isinstance(tags, dict):
            found.error(f"{where}: expected an object of tags, found {_json_type(tags)}")
            continue
        for tag in tags:
            text = f"{repository}:{tag}"
            found.add(text, text, where, {"member": REPOSITORIES, "index": index})
            index += 1


def _index(found: _Found, data: bytes) -> None:
    document = _load_json(found, INDEX, data)
    if document is None:
        return
    manifests = document.get("manifests") if isinstance(document, dict) else None
    if not isinstance(manifests, list):
        found.error(f"{INDEX}: expected an object with a list of manifests")
        return
    for index, descriptor in enumerate(manifests):
        where = f"{INDEX}: manifests[{index}]"
        if not isinstance(descriptor, dict):
            found.error(f"{where}: expected an object, found {_json_type(descriptor)}")
            continue
        annotations = descriptor.get("annotations")
        if annotations is None:
            continue
        if not isinstance(annotations, dict):
            found.error(f"{where}: annotations: expected an object")
            continue
        _descriptor(found, where, index, annotations)


def _descriptor(found: _Found, where: str, index: int, annotations: dict[str, object]) -> None:
    image = annotations.get(IMAGE_NAME_ANNOTATION)
    ref_name = annotations.get(REF_NAME_ANNOTATION)
    named: Reference | None = None
    if isinstance(image, str):
        context = {"member": INDEX, "index": index, "annotation": IMAGE_NAME_ANNOTATION}
        named = found.add(image, image, where, context)
    elif image is not None:
        found.error(f"{where}: {IMAGE_NAME_ANNOTATION}: expected a string")
    if ref_name is None:
        return
    if not isinstance(ref_name, str):
        found.error(f"{where}: {REF_NAME_ANNOTATION}: expected a string")
        return
    context = {"member": INDEX, "index": index, "annotation": REF_NAME_ANNOTATION}
    # As containerd decides: a full reference when it contains any of "/:@",
    # otherwise a tag (the image-spec's meaning) of the image named beside it.
    if any(c in ref_name for c in "/:@"):
        found.add(ref_name, ref_name, where, context)
        return
    from .._grammar import tag_re

    if tag_re().fullmatch(ref_name) is None:
        problem = f"{REF_NAME_ANNOTATION} {ref_name!r} is neither a tag nor a reference"
        found.add(ref_name, ref_name, where, context, problem=problem)
    elif named is not None:
        # The tag of the image named beside it (usually the same tag again).
        found.add(ref_name, f"{named.name}:{ref_name}", where, context)
    elif image is None:
        problem = (
            f"no image name: {REF_NAME_ANNOTATION} is only a tag ({ref_name!r}) and "
            f"there is no {IMAGE_NAME_ANNOTATION} to give the repository"
        )
        found.add(ref_name, ref_name, where, context, problem=problem, reason=_TAG_ONLY)
    # (An invalid io.containerd.image.name was reported already.)


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"

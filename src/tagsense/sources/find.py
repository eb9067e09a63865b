"""One entry point for every source: :func:`find_references`.

It takes a path (a file, or a directory to discover files in) or the text of
a source, picks the scanner for its kind and returns one :class:`Scan`.
"""

from __future__ import annotations

import os

from ..errors import TagsenseError
from .model import Occurrence, Scan, SourceError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

__all__ = ["KINDS", "MAX_TEXT_BYTES", "find_references", "merge", "scan_path"]

#: The largest text file read, in bytes (larger ones are one error each).
MAX_TEXT_BYTES = 10 * 1024 * 1024

#: The kinds of source :func:`find_references` knows.
KINDS = ("dockerfile", "archive", "compose", "kubernetes", "helm", "kustomize", "ci")

# Longer strings are never taken for a path.
_PATH_MAX = 4096


def find_references(
    path_or_text: str | os.PathLike[str],
    *,
    kind: str | None = None,
    build_args: Mapping[str, str] | None = None,
    env: Mapping[str, str] | None = None,
    target: str | None = None,
    archives: bool = False,
    max_bytes: int = MAX_TEXT_BYTES,
) -> Scan:
    """Find the image references in a file, a directory, or the text of a source.

    ``path_or_text`` is a path when it is a :class:`os.PathLike` or a string
    naming an existing file or directory; a string of one word (no white
    space) that names nothing is reported as a missing file; any other string
    is the text of a source of ``kind`` (default ``"dockerfile"``).

    - A file is scanned as ``kind`` when given, else as its name says
      (``Dockerfile``, ``*.tar``…), else as its content says (a tar or
      compressed file is an archive; text is a Dockerfile). Text files are
      read as UTF-8 (a leading BOM is dropped); a binary, non-UTF-8 or too
      large (over ``max_bytes``, default :data:`MAX_TEXT_BYTES`) file is one
      error.
    - A directory is an OCI image layout when it has an ``oci-layout`` file
      (or ``kind="archive"``); otherwise the files
      :func:`~tagsense.sources.discover.discover` finds in it are scanned
      (archives among them only with ``archives=True``; only files of
      ``kind`` when it is given), and their scans merged in order.

    ``build_args`` and ``target`` are those of ``docker build`` (for
    Dockerfiles); ``env`` is the environment for variable expansion in
    compose files (not used by Dockerfiles, which see only ``build_args``).

    Bad input is never an exception: it is in ``Scan.errors``. An unknown
    ``kind`` raises :class:`~tagsense.TagsenseError`.
    """
    _check_kind(kind)
    options = _Options(build_args, env, target, archives, max_bytes)
    if isinstance(path_or_text, os.PathLike):
        return _scan_path(os.fspath(path_or_text), kind, options)
    if not isinstance(path_or_text, str):
        raise TypeError(f"expected a path or a string, not {type(path_or_text).__name__}")
    text = path_or_text
    if _names_a_path(text):
        return _scan_path(text, kind, options)
    if kind == "archive" or (text and not any(c.isspace() for c in text)):
        # Not a source's text: a path to something that is not there.
        return Scan((), (_read_error(text, FileNotFoundError(2, "No such file or directory")),))
    scanner = _TEXT_SCANNERS.get(kind or "dockerfile")
    if scanner is None:
        raise TagsenseError(f"a source of kind {kind!r} is read from files: give its path")
    return scanner(text, None, options)


def scan_path(
    path: str | os.PathLike[str],
    *,
    kind: str | None = None,
    build_args: Mapping[str, str] | None = None,
    target: str | None = None,
    archives: bool = False,
) -> Scan:
    """:func:`find_references` for a path that is one, whatever its text (never read as text)."""
    _check_kind(kind)
    return _scan_path(os.fspath(path), kind, _Options(build_args, None, target, archives))


def _check_kind(kind: str | None) -> None:
    if kind is not None and kind not in KINDS:
        known = ", ".join(KINDS)
        raise TagsenseError(f"unknown kind of source {kind!r} (known: {known})")


class _Options:
    __slots__ = ("archives", "build_args", "env", "max_bytes", "target")

    def __init__(
        self,
        build_args: Mapping[str, str] | None,
        env: Mapping[str, str] | None,
        target: str | None,
        archives: bool,
        max_bytes: int = MAX_TEXT_BYTES,
    ) -> None:
        self.build_args = build_args
        self.env = env
        self.target = target
        self.archives = archives
        self.max_bytes = max_bytes


def _names_a_path(text: str) -> bool:
    if not text or len(text) > _PATH_MAX or "\n" in text or "\0" in text:
        return False
    try:
        return os.path.exists(text)
    except (OSError, ValueError):
        return False


def merge(scans: Iterable[Scan]) -> Scan:
    """One scan of several, in order."""
    occurrences: list[Occurrence] = []
    errors: list[SourceError] = []
    for scan in scans:
        occurrences.extend(scan.occurrences)
        errors.extend(scan.errors)
    return Scan(tuple(occurrences), tuple(errors))


def _scan_path(path: str, kind: str | None, options: _Options) -> Scan:
    from .discover import ARCHIVE, OCI_LAYOUT_FILE, discover, kind_of_file, sniff

    if os.path.isdir(path):
        if kind == ARCHIVE or (
            kind is None and os.path.isfile(os.path.join(path, OCI_LAYOUT_FILE))
        ):
            return _scan_file(path, ARCHIVE, options)
        found = discover([path], archives=options.archives or kind == ARCHIVE)
        return merge(
            _scan_file(str(file), found_kind, options)
            for file, found_kind in found
            if kind is None or found_kind == kind
        )
    if kind is None:
        kind = kind_of_file(path) or (sniff(path) if os.path.isfile(path) else "dockerfile")
    return _scan_file(path, kind, options)


def _scan_file(path: str, kind: str, options: _Options) -> Scan:
    if kind == "archive":
        from .archive import scan_archive

        return scan_archive(path)
    if kind == "helm":
        from .helm import scan_helm_chart

        # A chart is its directory: Chart.yaml (appVersion) and values.yaml.
        chart = path if os.path.isdir(path) else os.path.dirname(path) or "."
        return scan_helm_chart(chart, max_bytes=options.max_bytes)
    if kind == "kustomize":
        from .kustomize import scan_kustomization

        return scan_kustomization(path, max_bytes=options.max_bytes)
    data = _read_bytes(path, options.max_bytes)
    if isinstance(data, SourceError):
        return Scan((), (data,))
    text = _decode(path, data, yaml=kind in _YAML_KINDS)
    if isinstance(text, SourceError):
        # Any *.yaml may be a manifest: one that is not text, nor says apiVersion and
        # kind, is none (a zip fixture, a Latin-1 playbook), as invalid YAML is none.
        if kind == "kubernetes" and not (b"apiVersion" in data and b"kind" in data):
            return Scan((), ())
        return Scan((), (text,))
    return _TEXT_SCANNERS[kind](text, path, options)


#: The kinds read as YAML, which may be UTF-16 (with its byte order mark), as YAML allows.
_YAML_KINDS = frozenset({"compose", "kubernetes", "ci"})


def _read_bytes(path: str, limit: int) -> bytes | SourceError:
    """A file's bytes, or the one error that says why they cannot be read."""
    if "\0" in path:
        return SourceError(path, None, "cannot read: a NUL character in the path")
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        return _read_error(path, error)
    if len(data) > limit:
        return SourceError(path, None, f"too large: more than {limit:,} bytes")
    return data


def _decode(path: str, data: bytes, *, yaml: bool = False) -> str | SourceError:
    """The text, or the one error that says why it is not text.

    UTF-8 (a byte order mark dropped), as Docker reads Dockerfiles; for YAML also
    UTF-16 with its byte order mark, as YAML allows.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        if not yaml:
            return SourceError(path, None, "UTF-16 text: Docker reads Dockerfiles as UTF-8")
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return SourceError(path, None, "not UTF-16 text after its byte order mark")
    if b"\0" in data:
        return SourceError(path, None, "a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        return SourceError(path, line, f"not UTF-8 text (byte 0x{byte:02x})")


def _read_error(path: str, error: OSError) -> SourceError:
    if isinstance(error, IsADirectoryError):
        return SourceError(path, None, "cannot read: a directory")
    reason = error.strerror or str(error) or type(error).__name__
    return SourceError(path, None, f"cannot read: {reason}")


# --- the scanners of text ------------------------------------------------------


def _dockerfile(text: str, path: str | None, options: _Options) -> Scan:
    # Imported on use: the Dockerfile parser is only loaded when a Dockerfile is read.
    from .dockerfile import scan_dockerfile

    return scan_dockerfile(text, path=path, build_args=options.build_args, target=options.target)


def _compose(text: str, path: str | None, options: _Options) -> Scan:
    from .compose import scan_compose

    env = options.env if options.env is not None else dict(os.environ)
    return scan_compose(text, path=path, env=env)


def _kubernetes(text: str, path: str | None, options: _Options) -> Scan:
    # Any YAML file may be a manifest: one that does not say so (no apiVersion
    # and kind) is no source at all, and its problems are none of ours.
    if "apiVersion" not in text or "kind" not in text or _in_chart_templates(path):
        return Scan((), ())
    from .kubernetes import is_kubernetes, scan_kubernetes

    if not is_kubernetes(text):
        return Scan((), ())
    return scan_kubernetes(text, path=path)


def _in_chart_templates(path: str | None) -> bool:
    """A Helm chart's templates are Go templates, not YAML: the chart is read from its values."""
    if path is None:
        return False
    directory = os.path.dirname(os.path.abspath(path))
    while os.path.basename(directory) != "templates":
        parent = os.path.dirname(directory)
        if parent == directory:
            return False
        directory = parent
    return os.path.isfile(os.path.join(os.path.dirname(directory), "Chart.yaml"))


def _ci(text: str, path: str | None, options: _Options) -> Scan:
    from .ci import referenced_dockerfiles, scan_ci

    scan = scan_ci(text, path=path)
    # An action that builds its own image: its Dockerfile is what runs.
    extra = []
    for dockerfile in referenced_dockerfiles(text, path=path):
        if os.path.isfile(dockerfile):
            extra.append(_scan_file(os.fspath(dockerfile), "dockerfile", options))
    return merge([scan, *extra]) if extra else scan


#: The scanner of each kind of text source.
_TEXT_SCANNERS: dict[str, Callable[[str, str | None, _Options], Scan]] = {
    "dockerfile": _dockerfile,
    "compose": _compose,
    "kubernetes": _kubernetes,
    "ci": _ci,
}

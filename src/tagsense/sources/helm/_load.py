"""Loading a chart as Helm's loader does: a directory or a ``.tgz``, and its subcharts.

A directory is walked with its ``.helmignore`` rules (and Helm's default,
``templates/.?*``): an ignored file is not part of the chart, so an ignored
template renders nothing. Files are sorted as Helm sorts them: ``Chart.yaml``
(metadata), ``values.yaml`` (every document, merged), ``templates/*``, and
``charts/*`` — each subdirectory or ``.tgz`` a subchart (names starting with
``_`` or ``.`` are skipped); everything else is a file ``.Files`` can read.

Values keep where each scalar was written (:class:`~tagsense._gotemplate.Origin`):
the image found in the render can then be pointed back at its values line.
"""

from __future__ import annotations

import gzip
import io
import os
import posixpath
import tarfile

from ..._gotemplate import Origin, TFloat, TStr
from ..._gotemplate.goyaml import UnsupportedValue, compose_all, from_node, resolve_plain
from ...errors import TagsenseError
from ...occurrence import SourceError
from .._yaml import load_yaml, value_position
from ..kubernetes import dotted, merge_bomb, merge_bomb_message, node_kind
from ._ignore import Rules, parse_ignore

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    import yaml

__all__ = [
    "Chart",
    "ChartError",
    "chart_metadata",
    "load_chart",
    "load_values_text",
    "merge_maps",
]

#: Helm's limits for an archive: 100 MiB in all, 5 MiB a file.
MAX_ARCHIVE = 100 * 1024 * 1024
MAX_FILE = 5 * 1024 * 1024
_MAX_DEPTH = 20


class ChartError(TagsenseError):
    """A chart Helm cannot load: the file (``path``), the line when known, and why."""

    def __init__(self, path: str | None, line: int | None, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message

    def source_error(self) -> SourceError:
        return SourceError(self.path, self.line, self.message)


class Chart:
    """A loaded chart: metadata, default values, templates, files and subcharts."""

    __slots__ = (
        "_is_dir",
        "app_version_origin",
        "dependencies",
        "display",
        "fetched_from",
        "files",
        "metadata",
        "name",
        "path",
        "templates",
        "values",
        "warnings",
    )

    def __init__(self, path: str, display: str) -> None:
        #: Where the chart is (a directory, or ``archive.tgz`` for a packaged one).
        self.path = path
        #: How paths inside it are shown (``charts/redis-1.2.3.tgz:redis``).
        self.display = display
        self.name = ""
        #: Chart.yaml's fields as Helm's metadata (``name``, ``appVersion``, ``dependencies``…).
        self.metadata: dict[str, object] = {}
        self.values: dict[str, object] = {}
        #: (name in the chart, text, file path to report) of each template.
        self.templates: list[tuple[str, str, str]] = []
        #: The other files: their bytes, or the path to read them from when asked.
        self.files: dict[str, bytes | str] = {}
        self.dependencies: list[Chart] = []
        #: Where a dependency missing from ``charts/`` was taken from (see ``_fetch``).
        self.fetched_from: str | None = None
        #: Where ``appVersion`` is written in Chart.yaml.
        self.app_version_origin: Origin | None = None
        #: Problems that do not stop the chart from loading.
        self.warnings: list[SourceError] = []
        self._is_dir: bool | None = None

    def is_dir(self) -> bool:
        """Whether the chart is a directory (not an archive), looked at once."""
        if self._is_dir is None:
            self._is_dir = os.path.isdir(self.path)
        return self._is_dir

    def file_path(self, name: str) -> str:
        """The path to report for a file of the chart (inside an archive: ``a.tgz:name``)."""
        if self.is_dir():
            return _joined(self.path, *name.split("/"))
        return f"{self.display}:{name}"

    def relative(self, path: str) -> str:
        """A path of this chart's (or a subchart's) file as shown from the chart's root."""
        root = self.path if self.is_dir() else self.display
        if root == os.curdir:  # (its files are shown without "./": see _joined)
            root = ""
        if path.startswith(root):
            rest = path[len(root) :].lstrip("/:" + os.sep)
            return rest.replace(os.sep, "/") if rest else path
        return path

    def __repr__(self) -> str:
        return f"<Chart {self.name!r} at {self.path!r}>"


def _joined(directory: str, *names: str) -> str:
    """A chart's file as the scan shows its other files: ``values.yaml`` in a chart that is
    the working directory, not ``./values.yaml`` (``tagsense refs`` joins with ``check``)."""
    return os.path.join(*names) if directory == os.curdir else os.path.join(directory, *names)


# --- reading files ---------------------------------------------------------------------------


def _walk(root: str, rules: Rules, max_bytes: int) -> list[tuple[str, bytes | str]]:
    """(slash name, bytes) of each file of a chart directory, ignore rules applied.

    Files no template needs to render (READMEs, tests, ``files/``) are not read:
    their path stands for them, and ``.Files`` reads them when a template asks.
    """
    found: list[tuple[str, bytes | str]] = []
    stack = [""]
    while stack:
        relative = stack.pop()
        directory = os.path.join(root, *relative.split("/")) if relative else root
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name, reverse=True)
        except OSError as error:
            raise ChartError(directory, None, f"cannot read: {error.strerror or error}") from None
        for entry in entries:
            name = f"{relative}/{entry.name}" if relative else entry.name
            try:
                is_dir = entry.is_dir()  # (follows links, as Helm's sympath.Walk does)
            except OSError:
                continue
            if rules.ignore(name, is_dir):
                continue
            if is_dir:
                if name.count("/") < 32:
                    stack.append(name)
                continue
            if not _wanted(name):
                found.append((name, entry.path))
                continue
            try:
                if not entry.is_file():
                    raise ChartError(entry.path, None, "cannot load an irregular file")
                data = _read(entry.path, max_bytes)
            except OSError as error:
                raise ChartError(
                    entry.path, None, f"cannot read: {error.strerror or error}"
                ) from None
            found.append((name, data.removeprefix(b"\xef\xbb\xbf")))
    return found


def _read(path: str, limit: int) -> bytes:
    """A file's bytes; one of more than ``limit`` bytes is a :class:`ChartError`.

    (Read as its size says, without a file object: ``open().read(limit + 1)``
    first makes a buffer of ``limit`` bytes, and a chart has hundreds of files.)
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise ChartError(
                path, None, f"file is {size:,} bytes; files over {limit:,} are skipped"
            )
        data = b""
        while len(data) <= limit:  # (to its end, which is further if it grew since)
            part = os.read(fd, size + 1 - len(data) if len(data) <= size else 1 << 16)
            if not part:
                break
            data += part
    finally:
        os.close(fd)
    return data


def _wanted(name: str) -> bool:
    """Whether a chart (or a subchart directory below it) needs the file to render."""
    while name.startswith("charts/"):
        rest = name[len("charts/") :]
        if "/" not in rest:
            return True  # a packaged subchart
        name = rest.split("/", 1)[1]
    return name in ("Chart.yaml", "values.yaml", "requirements.yaml") or name.startswith(
        "templates/"
    )


def _member_name(display: str, member: str, size: int) -> str:
    """A packaged chart's file name without its top directory; a :class:`ChartError` for
    one Helm refuses."""
    parts = member.replace("\\", "/").split("/")
    name = posixpath.normpath("/".join(parts[1:])) if len(parts) > 1 else "."
    if name == "." or name.startswith(("..", "/")):
        raise ChartError(display, None, f"chart illegally contains {member!r}")
    if parts[0] == "Chart.yaml":
        raise ChartError(display, None, "chart yaml not in base directory")
    if size > MAX_FILE:
        raise ChartError(display, None, f"file {member!r} is larger than 5 MiB")
    return name


_ZERO_BLOCK = bytes(512)


def _plain_members(raw: bytes) -> list[tuple[str, int, bytes]] | None:
    """(name, size, bytes) of the regular files of a tar archive, read as ``tarfile`` reads
    them, when the archive is plain: ustar or GNU headers of regular files and directories,
    ASCII names, octal sizes, good checksums, ending at a zero block or at its end (what
    ``helm package`` writes). Anything else is None: ``tarfile`` reads it then.

    (``tarfile`` reads each header with a dozen Python calls: most of a packaged
    subchart's cost, Bitnami's ``common`` vendored in every chart of theirs.)
    """
    members: list[tuple[str, int, bytes]] = []
    position, end = 0, len(raw)
    if not end:
        return None
    while position < end:
        header = raw[position : position + 512]
        if len(header) < 512:
            return None
        if header == _ZERO_BLOCK:
            break
        kind = header[156:157]
        if kind not in (b"0", b"\0", b"5") or header[124] in (0x80, 0xFF):
            return None
        try:
            size = int(header[124:136].split(b"\0", 1)[0].strip() or b"0", 8)
            checksum = int(header[148:156].split(b"\0", 1)[0].strip() or b"0", 8)
        except ValueError:
            return None
        if checksum != 256 + sum(header[:148]) + sum(header[156:]):
            return None
        name = header[:100].split(b"\0", 1)[0]
        prefix = header[345:500].split(b"\0", 1)[0]
        if not (name.isascii() and prefix.isascii()):
            return None
        data_start = position + 512
        if kind == b"5" or (kind == b"\0" and name.endswith(b"/")):
            # a directory (an old one is a file whose name ends in "/"): no data follows
            # it, whatever its size says, as tarfile reads it
            position = data_start
            continue
        position = data_start + (size + 511) // 512 * 512
        if position > end:
            return None  # (its data, or their last block, cut: tarfile says so)
        if prefix:
            name = prefix + b"/" + name
        members.append((name.decode("ascii"), size, raw[data_start : data_start + size]))
    return members


def _archive_files(data: bytes, display: str) -> list[tuple[str, bytes]]:
    """The files of a packaged chart (``.tgz``), their top directory removed, as Helm reads them."""
    try:
        raw = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else None
    except (OSError, EOFError, ValueError) as error:
        raise ChartError(display, None, f"not a chart archive: {error}") from None
    if raw is None:
        raise ChartError(display, None, "not a chart archive (not gzip)")
    if len(raw) > MAX_ARCHIVE + 1024 * 1024:
        raise ChartError(display, None, "decompressed chart is larger than 100 MiB")
    files: list[tuple[str, bytes]] = []
    members = _plain_members(raw)
    if members is not None:
        for member_name, size, content in members:
            name = _member_name(display, member_name, size)
            files.append((name, content.removeprefix(b"\xef\xbb\xbf")))
    else:
        try:
            with tarfile.open(fileobj=io.BytesIO(raw), mode="r:") as tar:
                for member in tar:
                    if not member.isfile():
                        continue
                    name = _member_name(display, member.name, member.size)
                    extracted = tar.extractfile(member)
                    if extracted is None:
                        continue
                    files.append((name, extracted.read().removeprefix(b"\xef\xbb\xbf")))
        except tarfile.TarError as error:
            raise ChartError(display, None, f"not a chart archive: {error}") from None
    if not files:
        raise ChartError(display, None, "no files in chart archive")
    return files


# --- values ---------------------------------------------------------------------------------------


def merge_maps(a: dict[str, object], b: dict[str, object]) -> dict[str, object]:
    """Helm's ``MergeMaps``: ``b`` over ``a``, maps merged key by key (copies, not in place)."""
    out = dict(a)
    for key, value in b.items():
        current = out.get(key)
        if isinstance(value, dict) and isinstance(current, dict):
            out[key] = merge_maps(current, value)
        else:
            out[key] = value
    return out


def load_values_text(
    data: bytes | str, path: str, *, kind: str = "values", max_bytes: int = 10 * 1024 * 1024
) -> tuple[dict[str, object], list[SourceError]]:
    """Every document of a values file, merged as Helm's ``LoadValues`` merges them.

    Strings and numbers carry their :class:`~tagsense._gotemplate.Origin`. A
    file that is not valid YAML, or not a mapping, is one error (and no values);
    a duplicate key is not one (the last wins, as in Helm).
    """
    size = len(data)
    if size > max_bytes:
        return {}, [
            SourceError(path, None, f"file is {size:,} bytes; files over {max_bytes:,} are skipped")
        ]
    if isinstance(data, bytes):
        if b"\x00" in data[:8192]:
            return {}, [SourceError(path, None, "binary file (not YAML)")]
        try:
            text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        except UnicodeDecodeError as error:
            return {}, [SourceError(path, None, f"not UTF-8 text (byte {error.start})")]
    else:
        text = data.removeprefix("\ufeff")
    import yaml

    try:
        documents = compose_all(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        return {}, [
            SourceError(path, line, f"invalid YAML: {error.problem or error.context or error}")
        ]
    except (yaml.YAMLError, RecursionError) as error:
        return {}, [SourceError(path, None, f"invalid YAML: {error}")]
    values: dict[str, object] = {}
    for document in documents:
        if node_kind(document) == "scalar" and document.tag.endswith(":null"):
            continue
        if node_kind(document) != "mapping":
            line = document.start_mark.line + 1
            return {}, [SourceError(path, line, "values must be a mapping")]
        if "<<" in text:
            bomb = merge_bomb(document)
            if bomb is not None:
                return {}, [SourceError(path, bomb.start_mark.line + 1, merge_bomb_message())]
        try:
            current = from_node(document, text, _tracer(path, kind))
        except UnsupportedValue as error:
            return {}, [SourceError(path, None, f"cannot read values: {error}")]
        assert isinstance(current, dict)
        values = merge_maps(values, current) if values else current
    return values, []


class NodeOrigin(Origin):
    """An :class:`Origin` read from a YAML node, its position worked out when first asked.

    (A chart's values have thousands of scalars; a few become images.)
    """

    __slots__ = ("_keys", "_node")

    def __init__(self, path: str | None, node: object, keys: tuple[str, ...], kind: str) -> None:
        self.path = path
        self.kind = kind
        self._node = node
        self._keys = keys
        self._line = 0

    def _locate(self) -> None:
        self._line, self._column = value_position(self._node)  # type: ignore[arg-type]

    @property
    def line(self) -> int:
        if not self._line:
            self._locate()
        return self._line

    @property
    def column(self) -> int:
        if not self._line:
            self._locate()
        return self._column

    @property
    def key(self) -> str:
        return dotted(self._keys)

    @property
    def text(self) -> str:
        value: str = self._node.value  # type: ignore[attr-defined]
        return value


def _tracer(path: str, kind: str):  # type: ignore[no-untyped-def]
    def trace(node: yaml.Node, keys: tuple[str, ...], value: object) -> object:
        origin = NodeOrigin(path, node, keys, kind)
        if isinstance(value, str):
            return TStr(value, ((0, len(value), None, origin),) if value else ())
        if isinstance(value, float):
            return TFloat(value, origin)
        return value

    return trace


# --- Chart.yaml ---------------------------------------------------------------------------

_STRING_FIELDS = (
    "name",
    "home",
    "version",
    "description",
    "icon",
    "apiVersion",
    "condition",
    "tags",
    "appVersion",
    "kubeVersion",
    "type",
)


def _string_field(node: yaml.Node | None) -> str:
    """A Chart.yaml string field as ``sigs.k8s.io/yaml`` fills a Go string from any scalar."""
    if node is None or node_kind(node) != "scalar":
        return ""
    text: str = node.value
    if getattr(node, "style", None):
        return text
    value = _typed(text)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float32_g(value)
    return text


def _typed(text: str) -> object:
    """A plain scalar as go-yaml v2 types it (ints stay ints here)."""
    import re

    try:
        value = resolve_plain(text)
    except UnsupportedValue:
        return text
    if isinstance(value, float) and re.fullmatch(
        r"[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)",
        text.replace("_", ""),
    ):
        return int(value)
    return value


def _float32_g(value: float) -> str:
    """``strconv.FormatFloat(f, 'g', -1, 32)``: the shortest text of the float32."""
    import struct

    single = struct.unpack("f", struct.pack("f", value))[0]
    for digits in range(1, 10):
        text = f"{single:.{digits}g}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == single:
            break
    from ..._gotemplate.values import format_float

    return format_float(float(text))


#: Chart.yaml's fields (Helm's ``chart.Metadata``), by their name folded to lower case.
_FIELDS = {
    field.lower(): field
    for field in (
        *_STRING_FIELDS, "sources", "keywords", "maintainers", "annotations", "deprecated",
        "dependencies",
    )
}  # fmt: skip


def _metadata_fields(
    pairs: Iterable[tuple[str, yaml.Node, yaml.Node]],
) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """Chart.yaml's mapping by field name as Helm decodes it: ``sigs.k8s.io/yaml`` hands it
    to ``encoding/json``, which also takes a key of another case (``AppVersion:``, as
    openreplay's charts write it) and decodes the keys in sorted order (the last one of a
    field wins)."""
    fields: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key, node, key_node in sorted(pairs, key=lambda pair: pair[0]):
        fields[_FIELDS.get(key.lower(), key)] = (node, key_node)
    return fields


def _check_version(version: str, fields: dict[str, tuple[yaml.Node, yaml.Node]], path: str) -> None:
    """Helm's ``Metadata.Validate``: a chart whose ``version`` is no SemVer (as
    ``semver.NewVersion`` reads it) is refused at load. theonedev/onedev's
    ``server-product/helm/Chart.yaml`` says ``version: ${buildVersion}``, which its
    ``prepare.sh`` fills with sed before packaging: rendered as written, its image was
    ``1dev/server:${buildVersion}``, a false TS012 (survey s40b). (An empty one is left alone.)"""
    if not version:
        return
    from ..._gotemplate.semver import SemverError, parse_version

    try:
        parse_version(version)
    except SemverError:
        line = fields["version"][0].start_mark.line + 1 if "version" in fields else None
        message = f'chart.metadata.version "{version}" is invalid: Helm refuses the chart'
        raise ChartError(path, line, message) from None


def chart_metadata(data: bytes, path: str, chart: Chart) -> dict[str, object]:
    file = load_yaml(data, path=path)
    for error in file.errors:
        if not error.message.startswith("duplicate key"):
            raise ChartError(path, error.line, f"cannot load Chart.yaml: {error.message}")
    if not file.documents:
        raise ChartError(path, None, "Chart.yaml is empty")
    document = file.documents[0]
    if node_kind(document) != "mapping":
        raise ChartError(path, document.start_mark.line + 1, "Chart.yaml must be a mapping")
    from .._yaml import items

    fields = _metadata_fields(items(document))
    text = data.decode("utf-8", "replace")
    metadata: dict[str, object] = {}
    for field in _STRING_FIELDS:
        metadata[field] = _string_field(fields[field][0]) if field in fields else ""
    _check_version(str(metadata.get("version", "")), fields, path)
    version_node = fields["appVersion"][0] if "appVersion" in fields else None
    if version_node is not None and node_kind(version_node) == "scalar":
        line, column = value_position(version_node)
        chart.app_version_origin = Origin(
            path, line, column, "appVersion", version_node.value, "chart"
        )
    for field in ("keywords", "sources"):
        listed = fields.get(field, (None, None))[0]
        metadata[field] = (
            [_string_field(n) for n in listed.value]
            if listed is not None and node_kind(listed) == "sequence"
            else []
        )
    annotations = fields.get("annotations", (None, None))[0]
    metadata["annotations"] = (
        {k: _string_field(v) for k, v, _ in items(annotations)}
        if annotations is not None and node_kind(annotations) == "mapping"
        else {}
    )
    maintainers = fields.get("maintainers", (None, None))[0]
    metadata["maintainers"] = []
    if maintainers is not None and node_kind(maintainers) == "sequence":
        for item in maintainers.value:
            if node_kind(item) == "mapping":
                entry = {k: _string_field(v) for k, v, _ in items(item)}
                metadata["maintainers"].append(  # type: ignore[attr-defined]
                    {
                        "Name": entry.get("name", ""),
                        "Email": entry.get("email", ""),
                        "URL": entry.get("url", ""),
                    }
                )
    deprecated = fields.get("deprecated", (None, None))[0]
    metadata["deprecated"] = (
        deprecated is not None and _typed(getattr(deprecated, "value", "")) is True
    )
    metadata["dependencies"] = _dependencies(
        fields.get("dependencies", (None, None))[0], text, path
    )
    return metadata


def _dependencies(node: yaml.Node | None, text: str, path: str) -> list[dict[str, object]]:
    from .._yaml import items

    if node is None or node_kind(node) != "sequence":
        return []
    found: list[dict[str, object]] = []
    for item in node.value:
        if node_kind(item) != "mapping":
            raise ChartError(
                path, item.start_mark.line + 1, "dependencies must not contain empty or null nodes"
            )
        fields = {key: value for key, value, _ in items(item)}
        tags = fields.get("tags")
        imports = fields.get("import-values")
        found.append(
            {
                "name": _string_field(fields.get("name")).strip(),
                "version": _string_field(fields.get("version")).strip(),
                "repository": _string_field(fields.get("repository")).strip(),
                "condition": _string_field(fields.get("condition")).strip(),
                "tags": [_string_field(t) for t in tags.value]
                if tags is not None and node_kind(tags) == "sequence"
                else [],
                "alias": _string_field(fields.get("alias")).strip(),
                "import-values": from_node(imports, text)
                if imports is not None and node_kind(imports) == "sequence"
                else [],
                "enabled": True,
                "where": (path, item.start_mark.line + 1),  # (to report it missing)
            }
        )
    return found


# --- the loader ---------------------------------------------------------------------------


def load_chart(path: str, *, max_bytes: int = 10 * 1024 * 1024) -> Chart:
    """Load the chart at ``path`` (a directory or a ``.tgz``); raises :class:`ChartError`."""
    if os.path.isdir(path):
        rules = Rules.defaults()
        ignore_file = os.path.join(path, ".helmignore")
        if os.path.isfile(ignore_file):
            try:
                with open(ignore_file, "rb") as handle:
                    rules = parse_ignore(handle.read().decode("utf-8", "replace"))
            except OSError as error:
                raise ChartError(ignore_file, None, f"cannot read: {error.strerror}") from None
            except ValueError as error:
                raise ChartError(ignore_file, None, str(error)) from None
        files = _walk(path, rules, max_bytes)
        return _from_files(files, path, path, max_bytes, 0)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_ARCHIVE + 1)
    except OSError as error:
        raise ChartError(path, None, f"cannot read: {error.strerror or error}") from None
    return _from_files(_archive_files(data, path), path, path, max_bytes, 0)


def _from_files(
    files: Sequence[tuple[str, bytes | str]], path: str, display: str, max_bytes: int, depth: int
) -> Chart:
    chart = Chart(path, display)
    by_name = dict(files)
    metadata = by_name.get("Chart.yaml")
    if not isinstance(metadata, bytes):
        raise ChartError(chart.file_path("Chart.yaml"), None, "Chart.yaml file is missing")
    chart.metadata = chart_metadata(metadata, chart.file_path("Chart.yaml"), chart)
    chart.name = str(chart.metadata["name"])
    if not chart.name:
        raise ChartError(
            chart.file_path("Chart.yaml"), None, "validation: chart.metadata.name is required"
        )
    if not chart.metadata["apiVersion"]:
        chart.metadata["apiVersion"] = "v1"
    subcharts: dict[str, list[tuple[str, bytes | str]]] = {}
    for name, data in sorted(files):
        if name == "Chart.yaml":
            continue
        if isinstance(data, str):  # (not read: not needed to render)
            if name.startswith("charts/"):
                rest = name[len("charts/") :]
                first, _, inner = rest.partition("/")
                subcharts.setdefault(first, []).append((inner if inner else first, data))
            else:
                chart.files[name] = data
            continue
        if name == "values.yaml":
            values_path = chart.file_path(name)
            chart.values, errors = load_values_text(data, values_path, max_bytes=max_bytes)
            if errors:
                raise ChartError(
                    errors[0].path, errors[0].line, f"cannot load values.yaml: {errors[0].message}"
                )
        elif name == "requirements.yaml":
            requirements = load_yaml(data, path=chart.file_path(name))
            from .._yaml import get

            if requirements.documents:
                dependencies = get(requirements.documents[0], "dependencies")
                chart.metadata["dependencies"] = _dependencies(
                    dependencies, data.decode("utf-8", "replace"), chart.file_path(name)
                )
            if chart.metadata["apiVersion"] == "v1":
                chart.files[name] = data
        elif name.startswith("templates/"):
            chart.templates.append((name, data.decode("utf-8", "replace"), chart.file_path(name)))
        elif name.startswith("charts/"):
            if name.endswith(".prov"):
                chart.files[name] = data
                continue
            rest = name[len("charts/") :]
            first, _, inner = rest.partition("/")
            subcharts.setdefault(first, []).append((inner if inner else first, data))
        elif name not in ("values.schema.json", "Chart.lock", "requirements.lock"):
            chart.files[name] = data
    if depth >= _MAX_DEPTH and subcharts:
        raise ChartError(chart.file_path("charts"), None, "subcharts nested too deeply")
    for sub, sub_files in sorted(subcharts.items()):
        if sub.startswith(("_", ".")):
            continue
        sub_display = chart.file_path(f"charts/{sub}")
        try:
            if sub.endswith(".tgz"):
                packaged = dict(sub_files).get(sub)
                if not isinstance(packaged, bytes):
                    continue
                loaded = _from_files(
                    _archive_files(packaged, sub_display),
                    sub_display,
                    sub_display,
                    max_bytes,
                    depth + 1,
                )
            else:
                inner_files = [(n, d) for n, d in sub_files if n != sub]
                if not inner_files:
                    continue
                loaded = _from_files(
                    inner_files,
                    _joined(path, "charts", sub) if os.path.isdir(path) else sub_display,
                    sub_display,
                    max_bytes,
                    depth + 1,
                )
        except ChartError as error:
            chart.warnings.append(
                SourceError(
                    error.path,
                    error.line,
                    f"error unpacking subchart {sub} in {chart.name}: {error.message}",
                )
            )
            continue
        chart.dependencies.append(loaded)
    return chart

"""Kustomize's image field specs: the defaults, and those a ``configurations:`` file adds.

kustomize's ``images:`` transformer changes the image fields its *field specs* name
(``api/filters/imagetag``). A kustomization's ``configurations:`` files add field specs
of their own: mariadb-operator's ``hack/manifests/catalog/kustomizeconfig.yaml`` says
``images: [{path: spec/image, kind: CatalogSource}]`` so that its ``images:`` entry
``name: catalog`` rewrites the catalog's image (kustomize's example
``examples/transformerconfigs/images``). As kustomize's ``fieldspec`` filter walks one:

* ``group``, ``version`` and ``kind`` select the objects (an empty one selects all; the
  group and version are the object's ``apiVersion`` split at its ``/``);
  ``CustomResourceDefinition`` objects are never changed;
* ``path`` is split at ``/`` (``\\/`` is a slash in a name; a leading ``/`` is dropped),
  each part a key of a mapping; a list met on the way is walked item by item with the same
  remaining path, so ``containers[]`` and ``containers`` are the same field (``[]`` is only a
  hint), and a path cannot end at a list's item;
* ``create`` makes a missing field (an empty one: no image).

Field specs are merged as kustomize's ``FsSlice.MergeOne`` merges them: a spec whose path is
written the same as one already there, which that one's group, version and kind select, is
not added again (``create`` differing is kustomize's "conflicting fieldspecs" error); any
other is added, so two specs may reach one field, which is then transformed twice.
"""

from __future__ import annotations

from ..occurrence import SourceError
from ._yaml import get, load_yaml, scalar
from .kubernetes import is_null, node_kind, not_a_string, read_file

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    import yaml

__all__ = [
    "DEFAULT_IMAGE_SPECS",
    "FieldSpec",
    "api_version_at",
    "merge_specs",
    "object_api_versions",
    "read_specs",
]

_set = object.__setattr__
_FIELD_SPEC_KEYS = ("group", "version", "kind", "path", "create")
_BOOL = "tag:yaml.org,2002:bool"


class FieldSpec:
    """One field spec of the images transformer (``types.FieldSpec``); set once."""

    # (a slotted class, not a dataclass: importing ``dataclasses`` costs a one-file check of
    # a manifest in a kustomize project more than all of kustomize's own reading)
    __slots__ = ("create", "group", "kind", "line", "path", "source", "version")

    group: str
    version: str
    kind: str
    path: str
    create: bool
    #: Where it is written (the configurations file and line; empty for a default).
    source: str
    line: int | None

    def __init__(
        self,
        group: str,
        version: str,
        kind: str,
        path: str,
        create: bool = False,
        *,
        source: str = "",
        line: int | None = None,
    ) -> None:
        _set(self, "group", group)
        _set(self, "version", version)
        _set(self, "kind", kind)
        _set(self, "path", path)
        _set(self, "create", create)
        _set(self, "source", source)
        _set(self, "line", line)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"FieldSpec is immutable: cannot set {name!r}")

    def __repr__(self) -> str:
        return (
            f"FieldSpec({self.group!r}, {self.version!r}, {self.kind!r}, {self.path!r}, "
            f"create={self.create})"
        )

    def parts(self) -> tuple[str, ...]:
        """The path's field names (``utils.PathSplitter``, ``[]`` hints dropped)."""
        pieces = self.path.split("/")
        if len(pieces) > 1 and pieces[0] == "":
            pieces = pieces[1:]
        joined: list[str] = [pieces[0]]
        for piece in pieces[1:]:
            if joined[-1].endswith("\\"):
                joined[-1] = joined[-1][:-1] + "/" + piece
            else:
                joined.append(piece)
        return tuple(part.removesuffix("[]") for part in joined)

    def selects(self, api_version: str, kind: str) -> bool:
        """Whether the spec applies to an object of this ``apiVersion`` and ``kind``."""
        if kind == "CustomResourceDefinition":  # (imagetag's deny list: kustomize#890)
            return False
        group, slash, version = api_version.partition("/")
        if not slash:
            group, version = "", api_version
        return all(
            not wanted or wanted == actual
            for wanted, actual in ((self.group, group), (self.version, version), (self.kind, kind))
        )

    def reaches(self, path: tuple[str, ...]) -> bool:
        """Whether the spec's walk reaches the field at ``path`` in its object (``"[2]"``
        the third item of a list: walked through, never named)."""
        if not path or path[-1].startswith("["):
            return False
        return tuple(part for part in path if not part.startswith("[")) == self.parts()

    def same_as(self, other: FieldSpec) -> bool:
        """``effectivelyEquals``: the same path, and ``other`` selects this one's types."""
        return self.path == other.path and all(
            not theirs or theirs == mine
            for mine, theirs in (
                (self.group, other.group),
                (self.version, other.version),
                (self.kind, other.kind),
            )
        )


#: The images transformer's own field specs (``builtinpluginconsts``; the image volumes
#: since kubernetes-sigs/kustomize#5921 and #6239).
DEFAULT_IMAGE_SPECS = tuple(
    FieldSpec("", "", "", path, create=True)
    for path in (
        "spec/containers[]/image",
        "spec/initContainers[]/image",
        "spec/volumes[]/image/reference",
        "spec/template/spec/containers[]/image",
        "spec/template/spec/initContainers[]/image",
        "spec/template/spec/volumes[]/image/reference",
        "spec/jobTemplate/spec/template/spec/volumes[]/image/reference",
    )
)


def merge_specs(specs: list[FieldSpec], incoming: Iterable[FieldSpec]) -> list[SourceError]:
    """Add ``incoming`` to ``specs`` as kustomize merges field specs; the conflicts (each
    refused) are returned as errors at the incoming spec."""
    errors = []
    for spec in incoming:
        there = next((known for known in specs if known.same_as(spec)), None)
        if there is None:
            specs.append(spec)
        elif there.create != spec.create:
            errors.append(
                SourceError(
                    spec.source or None,
                    spec.line,
                    f"conflicting fieldspecs: images path {spec.path!r} is configured both with "
                    "and without create (kustomize refuses the build)",
                )
            )
    return errors


def read_specs(path: str, max_bytes: int) -> tuple[tuple[FieldSpec, ...], list[SourceError]]:
    """The ``images`` field specs of a ``configurations:`` file, and what is wrong with it.

    Its other transformer configurations (``namePrefix``, ``commonLabels``…) are not read. A
    file that is not a mapping, or whose ``images`` is not a list, gives no field spec; a
    field spec that kustomize would refuse (an unknown field, a value of the wrong type, no
    ``path``) is left out."""
    data = read_file(path, max_bytes)
    if isinstance(data, SourceError):
        return (), [data]
    parsed = load_yaml(data, path=path, max_bytes=max_bytes)
    if parsed.errors:
        return (), list(parsed.errors)
    if not parsed.documents or is_null(parsed.documents[0]):
        return (), []
    document = parsed.documents[0]
    if node_kind(document) != "mapping":
        return (), [_error(path, document, "a transformer configuration must be a mapping")]
    listed = get(document, "images")
    if listed is None or is_null(listed):
        return (), []
    if node_kind(listed) != "sequence":
        return (), [_error(path, listed, "images must be a list of field specs")]
    specs: list[FieldSpec] = []
    errors: list[SourceError] = []
    for index, entry in enumerate(listed.value):
        spec = _field_spec(path, index, entry, errors)
        if spec is not None:
            specs.append(spec)
    return tuple(specs), errors


def _field_spec(
    path: str, index: int, entry: yaml.Node, errors: list[SourceError]
) -> FieldSpec | None:
    where = f"images[{index}]"
    if node_kind(entry) != "mapping":
        errors.append(_error(path, entry, f"{where} must be a mapping"))
        return None
    values: dict[str, str] = {}
    create = False
    for key_node, value in entry.value:
        key = scalar(key_node) or ""
        if key not in _FIELD_SPEC_KEYS:
            errors.append(_error(path, key_node, f"{where}: unknown field {key!r}"))
            return None
        if is_null(value):
            continue
        if key == "create":
            if node_kind(value) != "scalar" or value.tag != _BOOL:
                errors.append(_error(path, value, f"{where}.create must be true or false"))
                return None
            create = (scalar(value) or "").lower() in ("true", "yes", "on", "y")
            continue
        wrong = not_a_string(value) or (None if node_kind(value) == "scalar" else "not a scalar")
        if wrong is not None:
            errors.append(_error(path, value, f"{where}.{key} must be a string, not {wrong}"))
            return None
        values[key] = scalar(value) or ""
    spec = FieldSpec(
        values.get("group", ""),
        values.get("version", ""),
        values.get("kind", ""),
        values.get("path", ""),
        create,
        source=path,
        line=entry.start_mark.line + 1,
    )
    if not spec.path or "" in spec.parts():
        errors.append(_error(path, entry, f"{where}: cannot set or create an empty field name"))
        return None
    return spec


def _error(path: str, node: yaml.Node, message: str) -> SourceError:
    return SourceError(path, node.start_mark.line + 1, message)


def object_api_versions(documents: Iterable[yaml.Node]) -> list[tuple[int, int, str]]:
    """Where each object of a manifest starts and ends (text offsets), with its
    ``apiVersion``: the items of a ``…List`` after the list itself, so that the last
    range holding a position is the object's."""
    ranges: list[tuple[int, int, str]] = []
    for document in documents:
        if node_kind(document) != "mapping":
            continue
        api_version = scalar(get(document, "apiVersion")) or ""
        ranges.append((document.start_mark.index, document.end_mark.index, api_version))
        entries = get(document, "items")
        if not (scalar(get(document, "kind")) or "").endswith("List") or entries is None:
            continue
        for item in entries.value if node_kind(entries) == "sequence" else ():
            if node_kind(item) == "mapping":
                own = scalar(get(item, "apiVersion")) or api_version
                ranges.append((item.start_mark.index, item.end_mark.index, own))
    return ranges


def api_version_at(ranges: list[tuple[int, int, str]], node: yaml.Node) -> str:
    """The ``apiVersion`` of the object (of :func:`object_api_versions`) holding ``node``."""
    at = node.start_mark.index
    found = ""
    for start, end, api_version in ranges:
        if start <= at < end:
            found = api_version
    return found

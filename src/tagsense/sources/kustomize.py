"""Kustomize: the images of the resources a kustomization builds, after its ``images:``.

:func:`scan_kustomization` follows what ``kustomize build`` does with the
files of a kustomization (``kustomization.yaml``, ``kustomization.yml`` or
``Kustomization``; exactly one per directory) — without running it:

* **Resources.** Each entry of ``resources`` (and of the deprecated ``bases``)
  is a path relative to the kustomization's directory: a file of Kubernetes
  objects, scanned by :func:`~tagsense.sources.kubernetes.scan_kubernetes`'s
  rules, or a directory with a kustomization of its own, built first (its own
  ``images`` applied) and its results taken in. As kustomize's default load
  restrictor demands, a *file* must be in or below the kustomization's
  directory (symbolic links resolved; a directory may be anywhere), unless the
  project runs kustomize without it: a Makefile, ``*.mk`` file or ``Tiltfile``
  in the kustomization's directory or above it (up to the repository's root),
  or a script of the root's ``hack/``, ``scripts/`` or CI workflows, that says
  ``--load-restrictor LoadRestrictionsNone`` (kubernetes-sigs/cluster-api); a
  directory that is being built already is a cycle; a file or directory
  taken in twice with the same renames on its way (the ``namespace``,
  ``namePrefix`` and ``nameSuffix`` of the kustomizations it comes through) is
  an error (kustomize refuses an object added twice; under another namespace it
  is another object, as when two apps take in one component; a component
  itself may be used again, by a base and its overlay: bank-of-anthos). An
  entry that names nothing local and looks remote (``https://…``,
  ``git@…``, ``github.com/…``, ``…?ref=…``) is skipped without a word: it is
  not fetched, and what it holds is not known here.
* **Components.** Each of ``components`` is a directory whose kustomization
  adds its resources to the ones gathered so far and then applies its
  ``images`` to all of them, before the including kustomization's own.
* **The images transformer.** Each entry of ``images`` (``name``, ``newName``,
  ``newTag``, ``digest``, ``tagSuffix``; strings — kustomize refuses a number)
  is applied in order, as kustomize's ``ImageTagTransformer`` is
  (``api/filters/imagetag``, ``api/internal/image``): a value matches when it
  is ``name`` (a regular expression, as in kustomize, where ``.`` matches any
  character) followed by an optional ``:tag`` and ``@digest``; ``docker.io/nginx``
  does not match ``nginx``. The value is split into name, tag and digest (a
  ``:`` in a registry host is not a tag); ``newName`` replaces the name;
  ``newTag`` with ``digest`` sets both, ``newTag`` alone drops the digest,
  ``digest`` alone drops the tag, ``tagSuffix`` alone appends to the tag and
  drops the digest. The fields it changes are the ``image`` of every item of a
  list named ``containers`` or ``initContainers``, at any depth (the legacy
  filter: not ``ephemeralContainers``, Tekton ``steps`` or an Argo
  ``container``), and the default field specs: ``spec/containers``,
  ``spec/initContainers``, ``spec/template/spec/containers``,
  ``spec/template/spec/initContainers`` (``[]/image``) and the image volumes
  ``spec/volumes``, ``spec/template/spec/volumes`` and
  ``spec/jobTemplate/spec/template/spec/volumes`` (``[]/image/reference``,
  as kustomize has them since kubernetes-sigs/kustomize#5921 and #6239; the
  kustomize 5.5 of ``kubectl`` 1.32 leaves image volumes alone). A field that both the
  legacy filter and a field spec reach is transformed twice, as kustomize
  does: harmless but for ``tagSuffix``, which kustomize appends twice there
  (``nginx:1`` → ``nginx:1-x-x``).
* **Configurations.** Each of ``configurations`` is a file (relative to the
  kustomization, under the same load restrictor as a resource file; one missing is
  an error) whose ``images`` field specs (``path``, ``kind``, ``group``,
  ``version``, ``create``; see :mod:`tagsense.sources._kustomize_fields`) the images transformer
  also changes: mariadb-operator's catalog kustomization adds ``spec/image`` of
  ``CatalogSource``, so its ``images:`` entry ``catalog`` rewrites the catalog's
  image. As kustomize merges transformer configs into its accumulator, the field
  specs of a kustomization are its own, those of every kustomization it builds
  (a base's apply to its overlay's ``images``; an overlay's do not reach its
  base's own ``images``), and, for a component, those of its includer. The
  file's other transformer configurations (``namePrefix``, ``commonLabels``…) are
  not read. A field spec reaches only the images the Kubernetes reader finds (a
  custom resource's ``spec.image``), not those of a release's values.

Each :class:`~tagsense.sources.Occurrence` has ``kind="kubernetes"``,
``path`` the resource file and the line and column of its image scalar,
``raw`` that scalar as written, ``text`` the image after every transformer
on the way up to the scanned kustomization, and the manifest's ``context``
plus ``kustomization`` (the file scanned) and, when the image was changed,
``transformed_from`` (the value as written) and ``transformed_by`` (the
kustomization files whose ``images`` changed it, in order). The object's
``name`` and ``namespace`` are those of the resource file (``namePrefix`` and
``namespace`` are not applied).

* **Patches** (before ``images``, as kustomize orders its transformers): a
  patch of ``patchesStrategicMerge``, ``patchesJson6902`` or ``patches`` (with
  its ``target``'s kind and name), in a file or written inline in the
  kustomization, that gives an image replaces the resource's image at that
  field: a strategic-merge patch by object kind and name and container name, a
  JSON 6902 ``replace``/``add`` by its path. The occurrence is then at the
  patch's line (for an inline patch, its line in the kustomization), its
  context says ``patched_over`` (the resource's image it replaced, never
  pulled). A JSON 6902 ``add`` of a container (``path:
  /spec/template/spec/containers/-``, a ``value`` with an ``image``) adds its
  image to each targeted object that has that list (a sidecar). A strategic-merge
  patch without a ``target`` of an object (its own kind and name) that no resource
  read here gives, in a kustomization with a remote resource (``https://…``),
  patches that remote object, since kustomize refuses such a patch whose object it
  does not find ("failed to find unique target for patch"): its images are the
  object's, at the patch's line. A patch with a ``target`` that selects nothing
  here is no error to kustomize (it patches nothing), so it is not read.

Not modelled: ``replacements``, generators, ``helmCharts`` and plugins. Where
kustomize stops at the first error, this reports it (with the kustomization file and the line of
the entry) and goes on with the rest. The function never raises.
"""

from __future__ import annotations

import os
import re

from .._lazy import lazy_pattern
from ..occurrence import Occurrence, Scan, SourceError, Suppression
from ._kustomize_fields import (
    DEFAULT_IMAGE_SPECS,
    FieldSpec,
    api_version_at,
    merge_specs,
    object_api_versions,
    read_specs,
)
from ._release_values import KIND as RELEASE_VALUES_KIND
from ._yaml import MAX_BYTES, get, load_yaml, place_inline, scalar, sequence
from .discover import KUSTOMIZATION_FILES
from .kubernetes import (
    CONTAINER_FIELDS,
    Found,
    find_images,
    is_null,
    make_occurrence,
    merge_bomb,
    merge_bomb_message,
    node_kind,
    not_a_string,
    read_file,
    text_position,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    import yaml

__all__ = ["forget", "scan_kustomization"]

_LEGACY_FIELDS = ("containers", "initContainers")
#: Kustomizations built inside kustomizations deeper than this are refused.
_MAX_DEPTH = 64
_IMAGE_FIELDS = ("name", "newName", "newTag", "digest", "tagSuffix")
_REMOTE = lazy_pattern(
    r"^(?:[a-z][a-z0-9+.-]*://|git@|github\.com/|gitlab\.com/|bitbucket\.org/)|\?ref="
)


def scan_kustomization(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Scan:
    """The images of what a kustomization (its file, or its directory) builds."""
    build = _Build(max_bytes)
    target = os.fspath(path)
    if os.path.isdir(target):
        found = build.locate(target, None, None)
        if found is None:
            return Scan((), build.errors)
        target = found
    images = build.kustomization(target, (), None, [])
    occurrences = tuple(_occurrence(image, target) for image in images)
    return Scan(occurrences, build.errors, build.suppressions)


def _own_target(target: dict[str, str], found: Found) -> bool:
    """Whether a patch's ``target`` (its kind and name) is none, or names the patch's own
    object."""
    return all(found.context.get(field) == value for field, value in target.items())


def _adds_container(spec: tuple[str, ...], container: object) -> bool:
    """Whether a strategic-merge patch's image is a named container's of a container list
    (``…/containers/[]/image``), which the merge adds when the object has no such container."""
    return (
        isinstance(container, str)
        and len(spec) >= 3
        and spec[-2:] == ("[]", "image")
        and spec[-3] in CONTAINER_FIELDS
    )


class _Image:
    """An image of a resource file on its way through the transformers."""

    __slots__ = (
        "api_version",
        "by",
        "found",
        "path",
        "replaces",
        "spec_path",
        "text",
        "through",
    )

    def __init__(
        self, path: str, found: Found, replaces: _Image | None = None, api_version: str = ""
    ) -> None:
        self.path = path
        self.found = found
        self.text = found.text
        self.by: list[str] = []
        self.spec_path = tuple("[]" if part.startswith("[") else part for part in found.path)
        #: The resource's image a patch replaced with this one (never pulled).
        self.replaces = replaces
        #: The kustomizations it came through below the one built (its bases, components).
        self.through: tuple[str, ...] = () if replaces is None else replaces.through
        #: The ``apiVersion`` of its object (field specs may select by group and version).
        self.api_version: str = api_version if replaces is None else replaces.api_version

    def where(self) -> tuple[str, int, int]:
        return (self.path, *text_position(self.found.node))

    def passes(self, specs: list[FieldSpec]) -> int:
        """How many times kustomize's image filters reach this field: the legacy filter's,
        and each of the field ``specs`` that reaches it."""
        spec = self.spec_path
        legacy = len(spec) >= 3 and spec[-2:] == ("[]", "image") and spec[-3] in _LEGACY_FIELDS
        if self.found.kind is not None:
            return int(legacy)  # (a release's values: one image may be several scalars)
        kind = str(self.found.context.get("kind", ""))
        return int(legacy) + sum(
            1
            for field in specs
            if field.selects(self.api_version, kind) and field.reaches(self.found.path)
        )


class _Transformer:
    """One entry of ``images``."""

    __slots__ = ("digest", "new_name", "new_tag", "pattern", "tag_suffix")

    def __init__(self, fields: dict[str, str], pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.new_name = fields.get("newName", "")
        self.new_tag = fields.get("newTag", "")
        self.digest = fields.get("digest", "")
        self.tag_suffix = fields.get("tagSuffix", "")

    def apply(self, value: str) -> str:
        """The value after this entry (``imageTagUpdater.SetImageValue``)."""
        if self.pattern.match(value) is None:
            return value
        name, tag, digest = _split(value)
        if self.new_name:
            name = self.new_name
        if self.new_tag and self.digest:
            tag, digest = self.new_tag, self.digest
        elif self.new_tag:
            tag, digest = self.new_tag, ""
        elif self.digest:
            tag, digest = "", self.digest
        elif self.tag_suffix:
            tag, digest = tag + self.tag_suffix, ""
        if tag:
            name += ":" + tag
        if digest:
            name += "@" + digest
        return name


def _split(image: str) -> tuple[str, str, str]:
    """Name, tag and digest, as kustomize's ``image.Split`` cuts them."""
    slash = image.find("/")
    offset = slash if slash > 0 else 0
    search = image[offset:]
    at = search.find("@")
    colon = search.find(":")
    if colon < 0 and at < 0:
        return image, "", ""
    if at >= 0 and (at < colon or colon < 0):
        return image[: offset + at], "", image[offset + at + 1 :]
    if at >= 0:
        return (
            image[: offset + colon],
            image[offset + colon + 1 : offset + at],
            image[offset + at + 1 :],
        )
    return image[: offset + colon], image[offset + colon + 1 :], ""


def _drop_release_values(images: list[_Image], target: dict[str, str]) -> None:
    """Forget the images a patch of a release's spec may change in its values: they are
    merged as Helm merges values, which is not modelled here (precision first)."""
    images[:] = [
        image
        for image in images
        if image.found.kind != RELEASE_VALUES_KIND
        or any(
            target.get(key, image.found.context.get(key)) != image.found.context.get(key)
            for key in ("kind", "name")
        )
    ]


def _occurrence(image: _Image, root: str) -> Occurrence:
    extra: dict[str, object] = {"kustomization": root}
    if image.by and image.text != image.found.value:
        extra["transformed_from"] = image.found.value
        extra["transformed_by"] = tuple(image.by)
    if image.replaces is not None:
        path, line, column = image.replaces.where()
        extra["patched_over"] = {"path": path, "line": line, "column": column}
    if image.through:
        extra["through"] = image.through
    return make_occurrence(image.path, image.found, image.text, extra=extra)


#: The fields that rename every object a kustomization builds.
_RENAMES = ("namespace", "namePrefix", "nameSuffix")


class _Build:
    """One build: the errors, and what has been taken in (to find cycles and repeats)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.errors: list[SourceError] = []
        self.suppressions: list[Suppression] = []
        #: What has been taken in, each with the renames on its way (see taken_as).
        self.taken: set[tuple[str, tuple[tuple[str, ...], ...]]] = set()
        #: The renames (namespace, namePrefix, nameSuffix) of each kustomization read.
        self.renames: dict[str, tuple[str, ...]] = {}
        self.unrestricted_at: dict[str, bool] = {}

    def error(self, path: str, node: yaml.Node | None, message: str, *, note: bool = False) -> None:
        line = node.start_mark.line + 1 if node is not None else None
        self.errors.append(SourceError(path, line, message, note=note))

    def unrestricted(self, directory: str) -> bool:
        """Whether the project around ``directory`` runs kustomize without its load
        restrictor (``kustomize build --load-restrictor LoadRestrictionsNone``), which lets a
        kustomization take in files outside its directory. Asked only when one does."""
        known = self.unrestricted_at.get(directory)
        if known is None:
            known = self.unrestricted_at[directory] = runs_unrestricted(directory)
        return known

    def locate(self, directory: str, source: str | None, node: yaml.Node | None) -> str | None:
        """The kustomization file of a directory (errors name ``source``, the includer)."""
        try:
            names = set(os.listdir(directory))
        except OSError as error:
            reason = error.strerror or type(error).__name__
            self.error(source or directory, node, f"cannot read {directory!r}: {reason}")
            return None
        present = [name for name in KUSTOMIZATION_FILES if name in names]
        if len(present) > 1:
            self.error(
                source or directory, node, f"found multiple kustomization files under {directory!r}"
            )
            return None
        if not present:
            self.error(
                source or directory,
                node,
                "unable to find one of 'kustomization.yaml', 'kustomization.yml' or "
                f"'Kustomization' in directory {directory!r}",
            )
            return None
        return os.path.normpath(os.path.join(directory, present[0]))

    def kustomization(
        self,
        file: str,
        building: tuple[str, ...],
        into: list[_Image] | None,
        specs: list[FieldSpec],
    ) -> list[_Image]:
        """The images a kustomization builds (a component's go ``into`` its includer's).

        ``specs`` are the image field specs gathered so far (a component's includer's):
        those of what it builds, then its own, are added to them, as kustomize merges
        every kustomization's transformer config into its accumulator
        (``api/internal/target/kusttarget.go``)."""
        images: list[_Image] = [] if into is None else into
        data = read_file(file, self.max_bytes)
        if isinstance(data, SourceError):
            self.errors.append(data)
            return images
        parsed = load_yaml(data, path=file, max_bytes=self.max_bytes)
        self.errors.extend(parsed.errors)
        self.suppressions.extend(parsed.suppressions)
        if not parsed.documents or is_null(parsed.documents[0]):
            return images
        document = parsed.documents[0]
        if node_kind(document) != "mapping":
            self.error(file, document, "a kustomization must be a mapping")
            return images
        bomb = merge_bomb(document)
        if bomb is not None:
            self.error(file, bomb, merge_bomb_message())
            return images
        directory = os.path.dirname(file) or "."
        if len(building) >= _MAX_DEPTH:
            self.error(file, None, f"kustomizations nested more than {_MAX_DEPTH} deep")
            return images
        building = (*building, os.path.realpath(directory))
        renames = tuple(scalar(get(document, key)) or "" for key in _RENAMES)
        if any(renames):
            self.renames[building[-1]] = renames
        transformers = self.transformers(file, get(document, "images"))
        for field in ("resources", "bases"):
            for entry, node in self.paths(file, document, field):
                images.extend(self.resource(file, directory, entry, node, building, specs))
        self.errors.extend(merge_specs(specs, self.configurations(file, directory, document)))
        for entry, node in self.paths(file, document, "components"):
            component = self.directory(file, directory, entry, node, building, component=True)
            if component is not None:
                count = len(images)
                self.kustomization(component, building, images, specs)
                for image in images[count:]:
                    image.through = (component, *image.through)
        remote = any(
            _REMOTE.search(scalar(entry) or "") for entry in sequence(get(document, "resources"))
        )
        for patch, target, inline in self.patches(file, directory, document):
            self.patch(patch, target, images, inline, data, remote=remote)
        for transformer in transformers:
            for image in images:
                before = image.text
                for _ in range(image.passes(specs)):
                    image.text = transformer.apply(image.text)
                if image.text != before and file not in image.by:
                    image.by.append(file)
        return images

    def patches(
        self, file: str, directory: str, document: yaml.Node
    ) -> Iterator[tuple[str, dict[str, str], yaml.Node | None]]:
        """The patches of a kustomization, in the order kustomize applies them
        (``patchesStrategicMerge``, ``patchesJson6902``, ``patches``): each with its
        ``target`` (kind, name) and, for a patch written in the kustomization, the
        node of its text (``None`` for a patch file, whose path comes first)."""
        listed = get(document, "patchesStrategicMerge")
        for item in listed.value if listed is not None and node_kind(listed) == "sequence" else ():
            text = scalar(item)
            if not text or node_kind(item) != "scalar":
                continue
            # kustomize's own test: a file name is one line that is no YAML object.
            if "\n" in text or text.lstrip().startswith(("{", "apiVersion")):
                yield file, {}, item
            else:
                yield os.path.normpath(os.path.join(directory, text)), {}, None
        for field in ("patchesJson6902", "patches"):
            listed = get(document, field)
            entries = listed.value if listed is not None and node_kind(listed) == "sequence" else ()
            for item in entries:
                if node_kind(item) != "mapping":
                    continue
                target = get(item, "target")
                selector = {
                    key: value
                    for key in ("kind", "name")
                    if (value := scalar(get(target, key)) if target is not None else None)
                }
                path = scalar(get(item, "path"))
                inline = get(item, "patch")
                if path:
                    yield os.path.normpath(os.path.join(directory, path)), selector, None
                elif inline is not None and node_kind(inline) == "scalar" and scalar(inline):
                    yield file, selector, inline

    def patch(
        self,
        path: str,
        target: dict[str, str],
        images: list[_Image],
        inline: yaml.Node | None = None,
        around: str | bytes = "",
        *,
        remote: bool = False,
    ) -> None:
        """Apply a patch's images to the resources' (strategic merge or JSON 6902): the
        patch file ``path``, or the ``inline`` text of the kustomization ``path`` (whose
        text is ``around``). ``remote``: the kustomization has a remote resource, which a
        strategic-merge patch of an object found nowhere here patches (see the module)."""
        if inline is None:
            if not os.path.isfile(path):
                return  # (kustomize's own error; the patch's images are not known here)
            data = read_file(path, self.max_bytes)
            if isinstance(data, SourceError):
                return
            parsed = load_yaml(data, path=path, max_bytes=self.max_bytes)
        else:
            parsed = load_yaml(scalar(inline) or "", path=path, max_bytes=self.max_bytes)
            if parsed.errors and not parsed.documents:
                return  # (kustomize's own error, as for a patch file; a key written twice
                # is no error to kustomize's YAML nodes, as in a patch file)
            place_inline(parsed.documents, inline, around)
        for document in parsed.documents:
            if node_kind(document) == "sequence":
                self.json_patch(path, document, target, images)
                if any(
                    (scalar(get(operation, "path")) or "").startswith("/spec")
                    for operation in document.value
                ):
                    _drop_release_values(images, target)
            elif get(document, "spec") is not None:
                metadata = get(document, "metadata")
                _drop_release_values(
                    images,
                    {
                        "kind": target.get("kind", scalar(get(document, "kind")) or ""),
                        "name": target.get("name", scalar(get(metadata, "name")) or ""),
                    },
                )
        for found in find_images(parsed):  # a strategic-merge patch: objects, merged by name
            kind = target.get("kind", found.context.get("kind"))
            name = target.get("name", found.context.get("name"))
            container = found.context.get("container")
            spec = tuple("[]" if part.startswith("[") else part for part in found.path)
            local: _Image | None = None  # (an image of the patch's object, if one is here)
            replaced = False
            for index, image in enumerate(images):
                context = image.found.context
                if (context.get("kind"), context.get("name")) != (kind, name):
                    continue
                local = local or image
                if (
                    image.spec_path == spec
                    and context.get("container") == container
                    and context.get("env") == found.context.get("env")  # (RELATED_IMAGE_*)
                ):
                    images[index] = _Image(path, found, image.replaces or image)
                    replaced = True
            if local is not None and not replaced and _adds_container(spec, container):
                # a container the object does not have: the merge (by ``name``, the list's
                # merge key) appends it, and ``images:`` then applies to it (a sidecar:
                # kubeflow/manifests' profiles overlay adds ``kfam``, its tag from ``images:``)
                images.append(_Image(path, found, api_version=local.api_version))
            if remote and local is None and kind and name and _own_target(target, found):
                # kustomize refuses a patch without a target whose object no resource gives
                # ("failed to find unique target"), so a remote resource gives it; and a target
                # that names the patch's own object, which no resource here gives, selects the
                # remote one (flagger's test/skipper: a remote skipper-ingress Deployment, its
                # image set by a targeted inline patch). (A target of another object that
                # selects nothing is no error: nothing is patched.)
                images.append(_Image(path, found))

    def json_patch(
        self, path: str, document: yaml.Node, target: dict[str, str], images: list[_Image]
    ) -> None:
        """``- {op: replace, path: /spec/template/spec/containers/0/image, value: …}``."""
        for operation in document.value:
            op, where = scalar(get(operation, "op")), scalar(get(operation, "path"))
            value = get(operation, "value")
            if op not in ("replace", "add") or not where or value is None:
                continue
            parts = tuple(
                f"[{part}]" if part.isdigit() else part
                for part in where.strip("/").replace("~1", "/").replace("~0", "~").split("/")
            )
            if node_kind(value) == "mapping":
                self.json_patch_container(path, value, parts, target, images)
                continue
            if node_kind(value) == "sequence" and parts and parts[-1] in CONTAINER_FIELDS:
                # (the whole list at once: ``path: …/initContainers, value: [{name, image}]``;
                # JSON patch's ``add`` makes the member, so only its parent must be there)
                for item in value.value:
                    if node_kind(item) == "mapping":
                        self.json_patch_container(path, item, (*parts, "-"), target, images, 3)
                continue
            text = scalar(value)
            if node_kind(value) != "scalar" or not text:
                continue
            for index, image in enumerate(images):
                context = image.found.context
                if target.get("kind", context.get("kind")) != context.get("kind"):
                    continue
                if target.get("name", context.get("name")) != context.get("name"):
                    continue
                if image.found.path == parts:
                    found = Found(value, text, parts, context)
                    images[index] = _Image(path, found, image.replaces or image)

    def json_patch_container(
        self,
        path: str,
        value: yaml.Node,
        parts: tuple[str, ...],
        target: dict[str, str],
        images: list[_Image],
        there: int = 2,
    ) -> None:
        """``- {op: add, path: /spec/template/spec/containers/-, value: {name: …, image: …}}``:
        a container added to each targeted object that has that list (a sidecar); with
        ``there=3``, each that has the list's parent (the patch adds the whole list)."""
        if len(parts) < 2 or parts[-2] not in CONTAINER_FIELDS:
            return
        node = get(value, "image")
        text = scalar(node)
        if node is None or node_kind(node) != "scalar" or not text:
            return
        where = (*parts[:-1], "[]", "image")
        needed = len(where) - there  # (how much of the path the object must have)
        done: set[tuple[object, object]] = set()
        for image in list(images):
            context = image.found.context
            key = (context.get("kind"), context.get("name"))
            if key in done or target.get("kind", key[0]) != key[0]:
                continue
            if target.get("name", key[1]) != key[1] or image.spec_path[:needed] != where[:needed]:
                continue  # (the object has no such list: kustomize's patch would fail on it)
            done.add(key)
            added: dict[str, object] = {
                k: v for k, v in context.items() if k not in ("container", "field")
            }
            added["field"] = parts[-2]
            name = scalar(get(value, "name"))
            if name is not None:
                added["container"] = name
            found = Found(node, text, (*parts[:-1], "[+]", "image"), added)
            images.append(_Image(path, found, api_version=image.api_version))

    def paths(self, file: str, document: yaml.Node, field: str) -> list[tuple[str, yaml.Node]]:
        node = get(document, field)
        if node is None or is_null(node):
            return []
        if node_kind(node) != "sequence":
            self.error(file, node, f"{field} must be a list of paths")
            return []
        entries = []
        for item in node.value:
            text = scalar(item)
            if text is None or node_kind(item) != "scalar" or is_null(item):
                self.error(file, item, f"{field}: each entry must be a path (a string)")
                continue
            entries.append((text, item))
        return entries

    def transformers(self, file: str, node: yaml.Node | None) -> list[_Transformer]:
        if node is None or is_null(node):
            return []
        if node_kind(node) != "sequence":
            self.error(file, node, "images must be a list")
            return []
        transformers = []
        for index, entry in enumerate(node.value):
            if node_kind(entry) != "mapping":
                self.error(file, entry, f"images[{index}] must be a mapping")
                continue
            fields: dict[str, str] = {}
            valid = True
            for field in _IMAGE_FIELDS:
                value = get(entry, field)
                if value is None or is_null(value):
                    continue
                wrong = not_a_string(value) or (
                    None if node_kind(value) == "scalar" else "not a scalar"
                )
                if wrong is not None:
                    self.error(
                        file,
                        value,
                        f"images[{index}].{field} must be a string, not {wrong} (quote it); "
                        "kustomize refuses the kustomization",
                    )
                    valid = False
                    continue
                fields[field] = scalar(value) or ""
            name = fields.get("name", "")
            try:
                pattern = re.compile(
                    "^"
                    + name
                    + r"(:[a-zA-Z0-9_.{}-]*)?(@[a-zA-Z][a-zA-Z0-9]*:[a-zA-Z0-9_.{}-]*)?\Z"
                )
            except re.error:
                self.error(
                    file,
                    get(entry, "name"),
                    f"images[{index}].name {name!r} is not a valid pattern",
                )
                continue
            if valid:
                transformers.append(_Transformer(fields, pattern))
        return transformers

    def taken_as(
        self, real: str, building: tuple[str, ...]
    ) -> tuple[str, tuple[tuple[str, ...], ...]]:
        """How a file or directory is taken in: with the renames of the kustomizations on its
        way. The same objects under another namespace or name prefix are other objects (two
        apps that each take in one namespace component): kustomize refuses only the same
        object twice."""
        return real, tuple(self.renames[d] for d in building if self.renames.get(d))

    def directory(
        self,
        file: str,
        directory: str,
        entry: str,
        node: yaml.Node,
        building: tuple[str, ...],
        *,
        component: bool = False,
    ) -> str | None:
        """The kustomization file of a directory entry, if it can be taken in.

        A ``component`` may be taken in again (by a base and by its overlay: bank-of-anthos'
        accounts component): it transforms what each kustomization gathered, and only the
        objects it adds, checked one by one, may not be added twice."""
        target = os.path.normpath(os.path.join(directory, entry))
        if not os.path.isdir(target):
            if not _REMOTE.search(entry):
                self.error(file, node, f"{entry!r} is not a directory")
            return None
        real = os.path.realpath(target)
        if real in building:
            self.error(file, node, f"cycle detected: {entry!r} is being built already")
            return None
        if not component:
            taken = self.taken_as(real, building)
            if taken in self.taken:
                self.error(
                    file,
                    node,
                    f"{entry!r} is taken in twice (kustomize refuses an object added twice)",
                )
                return None
            self.taken.add(taken)
        return self.locate(target, file, node)

    def resource(
        self,
        file: str,
        directory: str,
        entry: str,
        node: yaml.Node,
        building: tuple[str, ...],
        specs: list[FieldSpec],
    ) -> list[_Image]:
        """The images of a resource entry; a base's field specs are added to ``specs``."""
        target = os.path.normpath(os.path.join(directory, entry))
        if os.path.isdir(target):
            inner = self.directory(file, directory, entry, node, building)
            if inner is None:
                return []
            built: list[FieldSpec] = []
            images = self.kustomization(inner, building, None, built)
            self.errors.extend(merge_specs(specs, built))
            for image in images:
                image.through = (inner, *image.through)
            return images
        if not os.path.lexists(target):
            if not _REMOTE.search(entry):
                # A note: the file may be one a step makes before kustomize runs (ingress-nginx's
                # hack/generate-deploy-scripts.sh writes `helm template … > manifest.yaml` into
                # the directory, then builds it); what it holds is not read either way.
                self.error(
                    file,
                    node,
                    f"resource {entry!r} not found (made by a step before kustomize runs, or a "
                    "mistake); what it holds is not read",
                    note=True,
                )
            return []
        if not self.restricted_allows(file, directory, target, node):
            return []
        taken = self.taken_as(os.path.realpath(target), building)
        if taken in self.taken:
            self.error(
                file, node, f"{entry!r} is taken in twice (kustomize refuses an object added twice)"
            )
            return []
        self.taken.add(taken)
        data = read_file(target, self.max_bytes)
        if isinstance(data, SourceError):
            self.errors.append(data)
            return []
        manifest = load_yaml(data, path=target, max_bytes=self.max_bytes)
        found = find_images(manifest, release_values=True)
        self.errors.extend(manifest.errors)
        self.suppressions.extend(manifest.suppressions)
        objects = object_api_versions(manifest.documents)
        return [
            _Image(target, item, api_version=api_version_at(objects, item.node)) for item in found
        ]

    def restricted_allows(self, file: str, directory: str, target: str, node: yaml.Node) -> bool:
        """Whether kustomize's load restrictor lets the kustomization read the file."""
        real = os.path.realpath(target)
        root = os.path.realpath(directory)
        if os.path.commonpath([real, root]) != root and not self.unrestricted(root):
            self.error(file, node, f"security; file {real!r} is not in or below {root!r}")
            return False
        return True

    def configurations(self, file: str, directory: str, document: yaml.Node) -> list[FieldSpec]:
        """The kustomization's own image field specs: the defaults, and those of its
        ``configurations`` files (``builtinconfig.MakeTransformerConfig``)."""
        added: list[FieldSpec] = []
        for entry, node in self.paths(file, document, "configurations"):
            target = os.path.normpath(os.path.join(directory, entry))
            if not os.path.isfile(target):
                if not _REMOTE.search(entry):
                    missing = "not found" if not os.path.lexists(target) else "not a file"
                    self.error(file, node, f"configurations: {entry!r} {missing}")
                continue
            if not self.restricted_allows(file, directory, target, node):
                continue
            specs, errors = read_specs(target, self.max_bytes)
            self.errors.extend(errors)
            self.errors.extend(merge_specs(added, specs))
        own = list(DEFAULT_IMAGE_SPECS)
        self.errors.extend(merge_specs(own, added))
        return own


#: How a project's scripts say it runs kustomize without the load restrictor.
_UNRESTRICTED = lazy_pattern(rb"LoadRestrictionsNone|load[-_]restrictor[= ]+none\b", re.I)
#: The files besides Makefiles that run kustomize for a project, by name, in a directory on
#: the way up...
_RUNNERS = ("Tiltfile", "Taskfile.yml", "justfile")
#: ...and the script directories of its root.
_SCRIPT_DIRECTORIES = ("hack", "scripts", os.path.join(".github", "workflows"))
_MAX_RUNNER_BYTES = 1024 * 1024


def runs_unrestricted(directory: str) -> bool:
    """Whether the Makefiles, ``*.mk`` files or scripts around ``directory`` (in it and its
    parents up to the repository's root, and the root's ``hack/``, ``scripts/`` and CI
    workflows) run kustomize with ``--load-restrictor LoadRestrictionsNone``."""
    from .._roots import repository_root
    from .discover import MAKEFILE_NAMES

    top = repository_root(directory)
    if top is None:
        return False
    candidates: list[str] = []
    current = directory
    while True:
        candidates.extend(os.path.join(current, name) for name in (*MAKEFILE_NAMES, *_RUNNERS))
        candidates.extend(_listed(current, (".mk",)))
        if current == top or os.path.dirname(current) == current:
            break
        current = os.path.dirname(current)
    for name in _SCRIPT_DIRECTORIES:
        candidates.extend(_listed(os.path.join(top, name), (".sh", ".mk", ".yml", ".yaml")))
    for candidate in candidates:
        try:
            with open(candidate, "rb") as handle:
                if _UNRESTRICTED.search(handle.read(_MAX_RUNNER_BYTES)):
                    return True
        except OSError:
            continue
    relative = os.path.relpath(directory, top)
    return any(
        path == os.curdir or relative == path or relative.startswith(path + os.sep)
        for path in _flux_paths(top)
    )


#: What names a Flux Kustomization (its API group), looked for before a file is parsed.
_FLUX_GROUP = b"kustomize.toolkit.fluxcd.io"
#: The Flux paths of each repository walked (by its top): asked once a scan.
_FLUX_PATHS: dict[str, tuple[str, ...]] = {}


def forget() -> None:
    """Start afresh: the next scan reads the repositories' Flux files as they are then."""
    _FLUX_PATHS.clear()


def _flux_paths(top: str) -> tuple[str, ...]:
    """The ``spec.path`` of each Flux ``Kustomization`` in the repository, relative to its
    top and normalised (``./k8s/staging/`` is ``k8s/staging``).

    Flux's kustomize-controller builds the directory at that path, and the kustomizations
    below it, without kustomize's load restrictor: a file anywhere in the repository may be
    read (fluxcd/pkg's ``kustomize.SecureBuild``, "load files from outside the kustomization
    dir path (but not outside root)"). spack/spack-infrastructure's staging overlays take in
    their production files by ``../../production/…``, which Flux builds from ``./k8s/staging/``.

    The files looked at are those a scan's walk considers (``.gitignore`` applies): an
    ignored directory's Kustomization is no configuration of the repository's.
    """
    known = _FLUX_PATHS.get(top)
    if known is not None:
        return known
    from ._listing import yaml_files_mentioning

    found: list[str] = []
    for parts in yaml_files_mentioning(top, _FLUX_GROUP):  # (hidden, others' directories aside)
        try:
            with open(os.path.join(top, *parts), "rb") as handle:
                data = handle.read(MAX_BYTES)
        except OSError:
            continue
        if _FLUX_GROUP in data:
            found.extend(_flux_paths_of(data.decode("utf-8", "replace")))
    _FLUX_PATHS[top] = known = tuple(dict.fromkeys(found))
    return known


def _flux_paths_of(text: str) -> list[str]:
    """The normalised ``spec.path`` of the Flux ``Kustomization`` objects of a YAML text."""
    paths = []
    for document in load_yaml(text).documents:
        api = scalar(get(document, "apiVersion")) or ""
        if scalar(get(document, "kind")) != "Kustomization" or not api.startswith(
            _FLUX_GROUP.decode()
        ):
            continue
        path = scalar(get(get(document, "spec"), "path")) or os.curdir
        normal = os.path.normpath(path.lstrip("/"))
        if not normal.startswith(os.pardir):
            paths.append(normal)
    return paths


def _listed(directory: str, suffixes: tuple[str, ...]) -> list[str]:
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return []
    return [os.path.join(directory, name) for name in names if name.endswith(suffixes)]

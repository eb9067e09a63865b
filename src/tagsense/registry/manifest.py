"""Manifests: the four media types ``docker pull`` accepts, platforms, and digests.

A :class:`Manifest` keeps the bytes the registry sent (a digest is always
computed over them, never over re-serialised JSON) and what tagsense reads
from them: the child manifests of an index or manifest list, each with its
:class:`Platform`, or the config of an image manifest.
"""

from __future__ import annotations

import hashlib
import json
import re

from .._lazy import lazy_pattern
from .errors import InvalidResponse, RegistryUsageError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

__all__ = [
    "ACCEPT",
    "DOCKER_MANIFEST",
    "DOCKER_MANIFEST_LIST",
    "INDEX_TYPES",
    "MANIFEST_TYPES",
    "OCI_INDEX",
    "OCI_MANIFEST",
    "Descriptor",
    "Manifest",
    "Platform",
    "compute_digest",
    "parse_manifest",
]

OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"

#: The media types asked for, in this order: what ``docker pull`` accepts. Without
#: all four a registry may answer with one platform's manifest, or a converted one.
MANIFEST_TYPES = (OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST)
INDEX_TYPES = frozenset({OCI_INDEX, DOCKER_MANIFEST_LIST})
#: The ``Accept`` header of every manifest request: one comma-separated line.
ACCEPT = ", ".join(MANIFEST_TYPES)

_DIGEST = lazy_pattern(r"(sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128})")
_ALGORITHMS = {"sha256": hashlib.sha256, "sha384": hashlib.sha384, "sha512": hashlib.sha512}
# containerd's defaults when a platform names no variant.
_DEFAULT_VARIANTS = {"arm64": "v8", "arm": "v7"}


def compute_digest(data: bytes, algorithm: str = "sha256") -> str:
    """The digest of ``data`` exactly as received: ``sha256:<hex>``."""
    return f"{algorithm}:{_ALGORITHMS[algorithm](data).hexdigest()}"


def is_digest(text: str) -> bool:
    """Whether ``text`` is a digest of a supported algorithm, in canonical form."""
    return _DIGEST.fullmatch(text) is not None


def check_digest(data: bytes, digest: str) -> bool:
    """Whether ``data`` has ``digest`` (of a supported algorithm)."""
    algorithm = digest.partition(":")[0]
    if algorithm not in _ALGORITHMS:
        return False
    return compute_digest(data, algorithm) == digest


class Platform:
    """An OS and architecture (and variant): ``linux/amd64``, ``linux/arm64/v8``.

    >>> Platform.parse("linux/arm64").matches(Platform("linux", "arm64", "v8"))
    True
    >>> str(Platform.parse("Linux/AMD64"))
    'linux/amd64'
    """

    __slots__ = ("architecture", "os", "variant")

    os: str
    architecture: str
    variant: str | None

    def __init__(self, os: str, architecture: str, variant: str | None = None) -> None:
        object.__setattr__(self, "os", os)
        object.__setattr__(self, "architecture", architecture)
        object.__setattr__(self, "variant", variant or None)

    @classmethod
    def parse(cls, text: str | Platform) -> Platform:
        """``os/arch[/variant]``, as ``docker pull --platform`` takes it."""
        if isinstance(text, Platform):
            return text
        parts = str(text).strip().lower().split("/")
        if len(parts) not in (2, 3) or not all(
            re.fullmatch(r"[a-z0-9_.-]+", part) for part in parts
        ):
            raise RegistryUsageError(
                f"invalid platform {text!r}: expected os/architecture[/variant], e.g. linux/amd64"
            )
        return cls(parts[0], parts[1], parts[2] if len(parts) == 3 else None)

    def matches(self, other: Platform) -> bool:
        """Whether ``other`` (an image's platform) is this one (a platform asked for).

        The variant counts when both name one; a missing variant is the default
        one (``arm64`` is ``arm64/v8``, ``arm`` is ``arm/v7``).
        """
        if (self.os, self.architecture) != (other.os, other.architecture):
            return False
        default = _DEFAULT_VARIANTS.get(self.architecture)
        mine = self.variant or default
        theirs = other.variant or default
        return mine is None or theirs is None or mine == theirs

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Platform is immutable: cannot set {name!r}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Platform):
            return NotImplemented
        return str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))

    def __str__(self) -> str:
        base = f"{self.os}/{self.architecture}"
        return f"{base}/{self.variant}" if self.variant else base

    def __repr__(self) -> str:
        return f"<Platform({str(self)!r})>"


class Descriptor:
    """A manifest's reference to another: media type, digest, size, platform (in an index)."""

    __slots__ = ("digest", "media_type", "platform", "size")

    media_type: str
    digest: str
    size: int
    platform: Platform | None

    def __init__(
        self, media_type: str, digest: str, size: int, platform: Platform | None = None
    ) -> None:
        object.__setattr__(self, "media_type", media_type)
        object.__setattr__(self, "digest", digest)
        object.__setattr__(self, "size", size)
        object.__setattr__(self, "platform", platform)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Descriptor is immutable: cannot set {name!r}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Descriptor):
            return NotImplemented
        return (self.media_type, self.digest, self.size, self.platform) == (
            other.media_type,
            other.digest,
            other.size,
            other.platform,
        )

    def __hash__(self) -> int:
        return hash((self.media_type, self.digest, self.size, self.platform))

    def __repr__(self) -> str:
        where = f" {self.platform}" if self.platform is not None else ""
        return f"<Descriptor {self.digest}{where}>"


class Manifest:
    """A manifest as the registry stored it: its digest, media type and bytes.

    ``manifests`` are the children of an index or manifest list (empty for an
    image manifest); ``config`` is an image manifest's config (``None`` for
    an index). :meth:`json` gives the parsed document.
    """

    __slots__ = ("config", "data", "digest", "manifests", "media_type")

    digest: str
    media_type: str
    data: bytes
    manifests: tuple[Descriptor, ...]
    config: Descriptor | None

    def __init__(
        self,
        digest: str,
        media_type: str,
        data: bytes,
        manifests: tuple[Descriptor, ...] = (),
        config: Descriptor | None = None,
    ) -> None:
        object.__setattr__(self, "digest", digest)
        object.__setattr__(self, "media_type", media_type)
        object.__setattr__(self, "data", data)
        object.__setattr__(self, "manifests", manifests)
        object.__setattr__(self, "config", config)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Manifest is immutable: cannot set {name!r}")

    @property
    def is_index(self) -> bool:
        """Whether this is a multi-platform index or manifest list."""
        return self.media_type in INDEX_TYPES

    @property
    def platforms(self) -> tuple[Platform, ...]:
        """The platforms of an index's images (attestations, ``unknown/unknown``, left out)."""
        return tuple(
            child.platform
            for child in self.manifests
            if child.platform is not None and child.platform.os != "unknown"
        )

    def json(self) -> Any:
        """The manifest document, parsed."""
        return json.loads(self.data)

    def for_platform(self, platform: Platform | str) -> Descriptor | None:
        """The child manifest of an index for ``platform``, or ``None``.

        An exact variant wins over a default one; attestation manifests
        (``unknown/unknown``) never match.
        """
        wanted = Platform.parse(platform)
        matching = [
            child
            for child in self.manifests
            if child.platform is not None
            and child.platform.os != "unknown"
            and wanted.matches(child.platform)
        ]
        for child in matching:
            if child.platform is not None and child.platform.variant == wanted.variant:
                return child
        return matching[0] if matching else None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Manifest):
            return NotImplemented
        return (self.digest, self.data) == (other.digest, other.data)

    def __hash__(self) -> int:
        return hash(self.digest)

    def __repr__(self) -> str:
        return f"<Manifest {self.digest} {self.media_type}>"


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def parse_manifest(
    data: bytes, content_type: str | None, digest: str, *, name: str | None = None
) -> Manifest:
    """Read a manifest's bytes; :class:`InvalidResponse` if they are not a manifest.

    ``digest`` is the one the bytes were checked against. The media type is
    the document's ``mediaType`` or else the ``Content-Type``; when both are
    known manifest types they must agree (OCI distribution-spec, "Pulling
    manifests").
    """
    where = name or digest
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise InvalidResponse(f"the manifest of {where} is not JSON", name=name) from None
    if not isinstance(document, dict):
        raise InvalidResponse(f"the manifest of {where} is not a JSON object", name=name)
    declared = document.get("mediaType")
    header = _media_type(content_type)
    if declared is not None and not isinstance(declared, str):
        raise InvalidResponse(f"the manifest of {where} has an invalid mediaType", name=name)
    if declared in MANIFEST_TYPES and header in MANIFEST_TYPES and declared != header:
        raise InvalidResponse(
            f"the manifest of {where} says it is {declared} but was sent as {header}", name=name
        )
    media_type = declared or header
    if media_type not in MANIFEST_TYPES:
        # An OCI document may leave out mediaType: what it holds says what it is.
        if "manifests" in document:
            media_type = OCI_INDEX
        elif "config" in document and "layers" in document:
            media_type = OCI_MANIFEST
        else:
            shown = media_type or "no media type"
            raise InvalidResponse(
                f"the manifest of {where} is not an image manifest or index ({shown})", name=name
            )
    if document.get("schemaVersion") != 2:
        raise InvalidResponse(f"the manifest of {where} is not schema version 2", name=name)
    try:
        if media_type in INDEX_TYPES:
            children = document.get("manifests") or []
            if not isinstance(children, list):
                raise TypeError
            manifests = tuple(_descriptor(child, platform=True) for child in children)
            return Manifest(digest, media_type, data, manifests=manifests)
        config = _descriptor(document["config"], platform=False)
    except (KeyError, TypeError, ValueError):
        raise InvalidResponse(f"the manifest of {where} is malformed", name=name) from None
    return Manifest(digest, media_type, data, config=config)


def _descriptor(item: Mapping[str, Any], *, platform: bool) -> Descriptor:
    if not isinstance(item, dict):
        raise TypeError
    digest = item["digest"]
    if not isinstance(digest, str) or not is_digest(digest):
        raise ValueError
    size = item.get("size", 0)
    if not isinstance(size, int):
        raise TypeError
    found = None
    if platform and isinstance(item.get("platform"), dict):
        spec = item["platform"]
        os, arch = spec.get("os"), spec.get("architecture")
        if isinstance(os, str) and isinstance(arch, str):
            variant = spec.get("variant")
            found = Platform(os, arch, variant if isinstance(variant, str) else None)
    return Descriptor(str(item.get("mediaType", "")), digest, size, found)


def config_platform(data: bytes) -> Platform | None:
    """The platform an image config names (``os``, ``architecture``, ``variant``), or None."""
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(document, dict):
        return None
    os, arch = document.get("os"), document.get("architecture")
    if not isinstance(os, str) or not isinstance(arch, str):
        return None
    variant = document.get("variant")
    return Platform(os, arch, variant if isinstance(variant, str) else None)

"""Image references: parse exactly as Docker does, normalise, give the familiar form.

:func:`parse_reference` follows Docker's ``distribution/reference`` v0.6.0:
``normalize=True`` is ``ParseNormalizedNamed`` (``redis`` is
``docker.io/library/redis``), ``normalize=False`` is ``Parse`` (no Docker Hub
defaults). Docker Hub's defaults live here, apart from the grammar in
:mod:`tagsense._grammar`.
"""

# Nothing heavy at import time (not even ``re`` or ``typing``): the grammar is
# compiled on the first parse.
from ._lazy import once

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Callable, Iterator
    from typing import Any

    from .tag import Tag

__all__ = ["Reference", "parse_reference"]

DEFAULT_REGISTRY = "docker.io"
LEGACY_DEFAULT_REGISTRY = "index.docker.io"
OFFICIAL_NAMESPACE = "library"
DEFAULT_TAG = "latest"
#: Docker's limit on the remote name (the path, not counting the domain).
PATH_MAX_LENGTH = 255
_OFFICIAL_PREFIX = OFFICIAL_NAMESPACE + "/"


class Reference:
    """A parsed image reference: immutable, hashable, canonical when printed.

    Build one with :func:`parse_reference` (or ``Reference(text)``). ``str()``
    is the canonical form, which parses back to an equal value (with the same
    ``normalize`` setting; :meth:`with_digest` can attach a digest that only
    Docker's constructor accepts, see there); equality and hashing use that
    form.

    >>> ref = Reference("redis:7.0-rc-bullseye")
    >>> ref.registry, ref.repository, ref.tag
    ('docker.io', 'library/redis', '7.0-rc-bullseye')
    >>> ref.familiar
    'redis:7.0-rc-bullseye'
    >>> str(ref)
    'docker.io/library/redis:7.0-rc-bullseye'
    """

    __slots__ = ("_digest", "_registry", "_repository", "_tag")

    _registry: str
    _repository: str
    _tag: str | None
    _digest: str | None

    def __init__(self, text: str, *, normalize: bool = True) -> None:
        parsed = parse_reference(text, normalize=normalize)
        self._registry = parsed._registry
        self._repository = parsed._repository
        self._tag = parsed._tag
        self._digest = parsed._digest

    @classmethod
    def _make(
        cls, registry: str, repository: str, tag: str | None, digest: str | None
    ) -> "Reference":
        # The one constructor that skips parsing; only called with checked parts.
        ref = object.__new__(cls)
        ref._registry = registry
        ref._repository = repository
        ref._tag = tag
        ref._digest = digest
        return ref

    # --- the parts -----------------------------------------------------------

    @property
    def registry(self) -> str:
        """The registry host (with port), e.g. ``docker.io``, ``localhost:5000``.

        Empty when the name has no host: with ``normalize=False`` for any name
        without one (``redis``), and, as in Docker, for a first component that
        looks like a host but is none (``a_b.io/x``).
        """
        return self._registry

    @property
    def repository(self) -> str:
        """The path inside the registry, e.g. ``library/redis``."""
        return self._repository

    @property
    def namespace(self) -> str:
        """The path before the last component: ``library``, ``acme/team``, or ``""``."""
        return self._repository.rpartition("/")[0]

    @property
    def app(self) -> str:
        """The last path component, e.g. ``redis``."""
        return self._repository.rpartition("/")[2]

    @property
    def name(self) -> str:
        """Registry and repository, e.g. ``docker.io/library/redis`` (Docker's ``Name()``)."""
        if self._registry:
            return self._registry + "/" + self._repository
        return self._repository

    @property
    def tag(self) -> str | None:
        """The tag as written, or ``None``."""
        return self._tag

    @property
    def digest(self) -> str | None:
        """The digest (``sha256:...``), or ``None``."""
        return self._digest

    @property
    def familiar_name(self) -> str:
        """The name as ``docker`` prints it: ``redis``, ``bitnami/redis``, ``ghcr.io/a/b``."""
        if self._registry != DEFAULT_REGISTRY:
            return self.name
        path = self._repository
        if path.startswith(_OFFICIAL_PREFIX) and "/" not in path[len(_OFFICIAL_PREFIX) :]:
            return path[len(_OFFICIAL_PREFIX) :]
        return path

    @property
    def familiar(self) -> str:
        """The whole reference as ``docker`` prints it (Docker's ``FamiliarString``)."""
        return self.familiar_name + self._suffix()

    @property
    def normalized(self) -> str:
        """The canonical string with an implied ``:latest`` made explicit.

        ``redis`` gives ``docker.io/library/redis:latest``: what Docker pulls
        when neither a tag nor a digest is given. (When both are given, Docker
        pulls by the digest alone; the tag stays here as written.)
        """
        if self._tag is None and self._digest is None:
            return self.name + ":" + DEFAULT_TAG
        return self.name + self._suffix()

    @property
    def tag_info(self) -> "Tag | None":
        """The anatomy of the tag (:func:`tagsense.parse_tag` with this image), or ``None``.

        >>> parse_reference("redis:7.0-rc-bullseye").tag_info.os.codename
        'bullseye'
        """
        if self._tag is None:
            return None
        from .tag import parse_tag

        return parse_tag(self._tag, image=self)

    def _suffix(self) -> str:
        suffix = "" if self._tag is None else ":" + self._tag
        if self._digest is not None:
            suffix += "@" + self._digest
        return suffix

    # --- derived values ------------------------------------------------------

    def with_tag(self, tag: str | None) -> "Reference":
        """Return a copy with ``tag`` (``None`` removes it); the digest is kept.

        Raises :class:`~tagsense.InvalidReference` (kind ``invalid-tag``) for
        a tag Docker's ``WithTag`` refuses.
        """
        if tag is not None:
            from ._grammar import tag_re

            if tag_re().fullmatch(tag) is None:
                from ._parse import invalid_tag

                raise invalid_tag(tag)
        return Reference._make(self._registry, self._repository, tag, self._digest)

    def with_digest(self, digest: str | None) -> "Reference":
        """Return a copy with ``digest`` (``None`` removes it); the tag is kept.

        Like Docker's ``WithDigest``, this checks the digest's form
        (``algorithm:hex``, at least 32 hex digits), not the length of a known
        algorithm: :func:`parse_reference` checks both.
        """
        if digest is not None:
            from ._grammar import digest_re

            if digest_re().fullmatch(digest) is None:
                from ._parse import invalid_digest

                raise invalid_digest(digest)
        return Reference._make(self._registry, self._repository, self._tag, digest)

    def matches(self, pattern: str) -> bool:
        """Whether a Go ``path.Match`` glob matches this reference.

        As Docker's ``FamiliarMatch``: the pattern is tried on the familiar
        string, then on the familiar name; then also on the full name and
        string, so ``docker.io/library/*`` works too. ``*`` and ``?`` never
        match ``/``. Raises :class:`~tagsense.InvalidPattern` for a malformed
        pattern.

        >>> Reference("ghcr.io/acme/api:1.4").matches("ghcr.io/acme/*")
        True
        """
        from ._glob import compile_glob

        regex = compile_glob(pattern)
        return any(regex.fullmatch(form) is not None for form in self._match_forms())

    def _match_forms(self) -> "Iterator[str]":
        yield self.familiar
        yield self.familiar_name
        yield self.name
        yield str(self)

    # --- value protocol ------------------------------------------------------

    def __str__(self) -> str:
        return self.name + self._suffix()

    def __repr__(self) -> str:
        return f"<Reference({str(self)!r})>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Reference):
            return NotImplemented
        return str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))

    def __reduce__(self) -> "tuple[Any, ...]":
        return (Reference._make, (self._registry, self._repository, self._tag, self._digest))


# --- parsing -----------------------------------------------------------------

_new = object.__new__


# Each fast path is compiled on its first use, apart: a check of one Dockerfile
# of official images never needs the patterns of multi-component names.


@once
def _parse_slow() -> "Callable[..., Reference]":
    # The exact ports of Docker's functions: every error, and the rare shapes.
    from ._parse import parse_slow

    return parse_slow


@once
def _fast_single() -> "Callable[[str], re.Match[str] | None]":
    from ._grammar import fast_single_re

    return fast_single_re().fullmatch


@once
def _fast_multi() -> "Callable[[str], re.Match[str] | None]":
    from ._grammar import fast_multi_re

    return fast_multi_re().fullmatch


@once
def _fast_path() -> "Callable[[str], re.Match[str] | None]":
    from ._grammar import fast_path_re

    return fast_path_re().fullmatch


def parse_reference(text: str, *, normalize: bool = True) -> Reference:
    """Parse an image reference exactly as Docker does.

    With ``normalize=True`` (Docker's ``ParseNormalizedNamed``) a familiar
    name gets Docker Hub's defaults: ``redis`` is ``docker.io/library/redis``,
    ``index.docker.io`` is ``docker.io``. With ``normalize=False`` (Docker's
    ``Parse``) nothing is added: ``redis`` has no registry.

    Raises :class:`~tagsense.InvalidReference` with a stable ``kind`` and the
    offending ``position``.

    >>> parse_reference("ghcr.io/acme/api:1.4.2").namespace
    'acme'
    >>> parse_reference("redis", normalize=False).registry
    ''
    """
    # Fast paths: the common shapes in one regex pass, every check folded in,
    # the value built in place (this function is the hot loop of every scan).
    if "/" in text:
        m = _fast_multi()(text)
        if m is None and (m := _fast_path()(text)) is not None:
            # No valid host in front ("team__infra/app"), so Parse sees a bare
            # path. ParseNormalizedNamed puts docker.io in front, unless the
            # first component looks like a host ("a_b.io/x"): then it is kept
            # as the path of a reference with no registry, as Docker does.
            path, tag, digest = m.groups()
            registry = ""
            if normalize and not _looks_like_domain(path.partition("/")[0]):
                registry = DEFAULT_REGISTRY
            if len(path) <= PATH_MAX_LENGTH:
                ref = _new(Reference)
                ref._registry = registry
                ref._repository = path
                ref._tag = tag
                ref._digest = digest
                return ref
        elif m is not None:
            domain, path, tag, digest = m.groups()
            if normalize:
                # splitDockerDomain: is the first component a registry?
                if _looks_like_domain(domain):
                    if domain in (DEFAULT_REGISTRY, LEGACY_DEFAULT_REGISTRY):
                        domain = DEFAULT_REGISTRY
                        if "/" not in path:
                            path = _OFFICIAL_PREFIX + path
                elif domain[0] != "[":
                    # A Docker Hub namespace: the same characters as a path component.
                    path = domain + "/" + path
                    domain = DEFAULT_REGISTRY
                else:  # "[0]/x": bracketed, so neither a registry nor a namespace
                    path = ""
            if 0 < len(path) <= PATH_MAX_LENGTH:
                ref = _new(Reference)
                ref._registry = domain
                ref._repository = path
                ref._tag = tag
                ref._digest = digest
                return ref
    else:
        m = _fast_single()(text)
        # (A bare 64-hex name is an image ID: the slow path refuses it.)
        if m is not None and (len(text) != 64 or not normalize):
            path, tag, digest = m.groups()
            if normalize:
                path = _OFFICIAL_PREFIX + path
            if len(path) <= PATH_MAX_LENGTH:
                ref = _new(Reference)
                ref._registry = DEFAULT_REGISTRY if normalize else ""
                ref._repository = path
                ref._tag = tag
                ref._digest = digest
                return ref
    return _parse_slow()(text, normalize=normalize)


def split_domain(name: str) -> tuple[str, str]:
    """A name's registry as written, and the rest (``gcr.io/p/app`` → ``gcr.io``, ``p/app``;
    ``acme/app`` and ``app`` name none: ``""``), by splitDockerDomain's test, not normalised."""
    first, slash, rest = name.partition("/")
    if slash and _looks_like_domain(first):
        return first, rest
    return "", name


def _looks_like_domain(first: str) -> bool:
    # splitDockerDomain's test for a first component that names a registry.
    return first == "localhost" or "." in first or ":" in first or _go_lower(first) != first


def _go_lower(text: str) -> str:
    # Go's strings.ToLower maps U+0130 to a plain "i"; Python gives "i" plus a
    # combining dot. (Everything else that lower-cases to ASCII agrees.)
    return text.replace("\u0130", "i").lower()

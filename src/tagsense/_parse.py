"""The exact ports of Docker's parse functions, with error positions.

:func:`tagsense.parse_reference` answers the common shapes in one regex pass;
everything else (and every error) comes here, where nothing is shortcut.
Imported on first need: it costs import time that most runs never use.
"""

from __future__ import annotations

from . import _grammar as g
from ._diagnose import diagnose
from .errors import InvalidReference
from .reference import (
    _OFFICIAL_PREFIX,
    DEFAULT_REGISTRY,
    LEGACY_DEFAULT_REGISTRY,
    PATH_MAX_LENGTH,
    Reference,
    _go_lower,
    _looks_like_domain,
)

__all__ = ["invalid_digest", "invalid_tag", "parse_slow"]

_make = Reference._make


def parse_slow(text: str, *, normalize: bool) -> Reference:
    """The exact port of Docker's functions, with error positions; no shortcuts."""
    if not isinstance(text, str):
        raise TypeError(f"parse_reference() takes a str, not {type(text).__name__}")
    if text == "" or not normalize:
        # (Docker's ParseNormalizedNamed calls "" an invalid format; "empty" says more.)
        registry, path, tag, digest = _parse_docker(text, text, prefix="", skip=0)
        return _make(registry, path, tag, digest)
    if g.identifier_re().fullmatch(text):
        raise InvalidReference(
            "identifier-as-name",
            text,
            0,
            "a 64-character hex string is an image ID, not a repository name "
            "(use a digest: name@sha256:...)",
        )
    prefix, skip = _split_docker_domain(text)
    normalized = prefix + text[skip:]
    # Docker checks the remote name (after the domain, up to the first ':').
    remote_start = normalized.find("/") + 1
    remote = normalized[remote_start:].partition(":")[0]
    if _go_lower(remote) != remote:
        offset = remote_start + next(i for i, c in enumerate(remote) if _go_lower(c) != c)
        raise InvalidReference(
            "uppercase",
            text,
            _map_position(offset, prefix, skip),
            f"repository name must be lowercase ({remote!r} has an upper-case letter)",
        )
    registry, path, tag, digest = _parse_docker(normalized, text, prefix=prefix, skip=skip)
    return _make(registry, path, tag, digest)


def _map_position(position: int, prefix: str, skip: int) -> int:
    """Map an index into ``prefix + text[skip:]`` back to an index into ``text``."""
    # Characters of the added prefix map to where the prefix was inserted.
    return position - len(prefix) + skip if position >= len(prefix) else skip


def _split_docker_domain(text: str) -> tuple[str, int]:
    """Docker's ``splitDockerDomain`` as (text to put in front, characters of ``text`` to skip).

    Normalised input is ``prefix + text[skip:]``, which keeps error positions
    mappable to the caller's text.
    """
    first, slash, rest = text.partition("/")
    if not slash:
        return DEFAULT_REGISTRY + "/" + _OFFICIAL_PREFIX, 0
    if first == LEGACY_DEFAULT_REGISTRY:
        prefix, skip = DEFAULT_REGISTRY + "/", len(first) + 1
    elif _looks_like_domain(first):
        if first != DEFAULT_REGISTRY:
            return "", 0
        prefix, skip = "", 0
    else:
        return DEFAULT_REGISTRY + "/", 0
    if "/" not in rest:
        prefix = DEFAULT_REGISTRY + "/" + _OFFICIAL_PREFIX
        skip = len(first) + 1
    return prefix, skip


def _parse_docker(
    s: str, text: str, *, prefix: str, skip: int
) -> tuple[str, str, str | None, str | None]:
    """Docker's ``Parse`` on ``s`` (``prefix + text[skip:]``); errors point into ``text``."""

    def at(position: int) -> int:
        return _map_position(position, prefix, skip)

    if s == "":
        raise InvalidReference("empty", text, 0, "empty reference (a repository name is required)")
    m = g.split_reference_re().fullmatch(s)
    if m is None:
        lower_s = _go_lower(s)
        lowered = g.split_reference_re().fullmatch(lower_s) if lower_s != s else None
        if lowered is not None:
            start, end = lowered.span("path")
            offset = next(
                (i for i in range(start, end) if _go_lower(s[i]) != s[i]),
                next(i for i, c in enumerate(s) if _go_lower(c) != c),
            )
            raise InvalidReference(
                "uppercase", text, at(offset), "repository name must be lowercase"
            )

        def locate() -> tuple[int, str]:
            position, reason = diagnose(s)
            return at(position), reason

        raise InvalidReference._deferred("invalid-format", text, locate)
    domain, path, tag, digest = m.groups()
    if len(path) > PATH_MAX_LENGTH:
        raise InvalidReference(
            "name-too-long",
            text,
            at(m.start("path") + PATH_MAX_LENGTH),
            f"repository name is {len(path)} characters; Docker allows {PATH_MAX_LENGTH}",
        )
    if digest is not None:
        _check_digest(digest, text, at(m.start("digest")))
    return domain or "", path, tag, digest


def _check_digest(digest: str, text: str, position: int) -> None:
    """go-digest's ``Digest.Validate`` for a digest the grammar accepted."""
    algorithm, _, encoded = digest.partition(":")
    expected = g.DIGEST_HEX_LENGTHS.get(algorithm)
    if expected is None:
        if g.go_digest_re().fullmatch(digest) is None:
            raise InvalidReference(
                "invalid-digest",
                text,
                position,
                f"digest algorithm {algorithm!r} must be lower-case",
            )
        raise InvalidReference(
            "unsupported-digest",
            text,
            position,
            f"unsupported digest algorithm {algorithm!r} (Docker knows sha256, sha384, sha512)",
        )
    hex_start = position + len(algorithm) + 1
    if len(encoded) != expected:
        raise InvalidReference(
            "digest-length",
            text,
            hex_start + min(len(encoded), expected),
            f"a {algorithm} digest has {expected} hex digits, not {len(encoded)}",
        )
    bad = next((i for i, c in enumerate(encoded) if c not in _LOWER_HEX), None)
    if bad is not None:
        raise InvalidReference(
            "invalid-digest",
            text,
            hex_start + bad,
            f"digest hex digits must be lower-case, not {encoded[bad]!r}",
        )


_LOWER_HEX = frozenset("0123456789abcdef")


def invalid_tag(tag: str) -> InvalidReference:
    if tag == "":
        return InvalidReference("invalid-tag", tag, 0, "empty tag")
    position, reason = diagnose("x:" + tag)
    return InvalidReference("invalid-tag", tag, max(0, position - 2), reason)


def invalid_digest(digest: str) -> InvalidReference:
    position, reason = diagnose("x@" + digest)
    return InvalidReference("invalid-digest", digest, max(0, position - 2), reason)

"""The image reference grammar, as named regular-expression fragments.

This is the grammar of Docker's ``distribution/reference`` (v0.6.0), which
docker, containerd and BuildKit use::

    reference          := name [ ":" tag ] [ "@" digest ]
    name               := [domain '/'] remote-name
    domain             := host [':' port-number]
    host               := domain-name | '[' IPv6address ']'
    domain-name        := domain-component ['.' domain-component]*
    domain-component   := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
    port-number        := /[0-9]+/
    remote-name        := path-component ['/' path-component]*
    path-component     := alpha-numeric [separator alpha-numeric]*
    alpha-numeric      := /[a-z0-9]+/
    separator          := /[_.]|__|[-]+/
    tag                := /[\\w][\\w.-]{0,127}/
    digest             := digest-algorithm ":" digest-hex
    digest-algorithm   := algorithm-component [ /[+.-_]/ algorithm-component ]*
    algorithm-component:= /[A-Za-z][A-Za-z0-9]*/
    digest-hex         := /[0-9a-fA-F]{32,}/
    identifier         := /[a-f0-9]{64}/

Beyond the grammar, parsing checks that the remote name is at most 255
characters and that a digest of a known algorithm (``sha256``, ``sha384``,
``sha512``) has exactly the right number of lower-case hex digits.

Every pattern is compiled with :data:`re.ASCII`: Go's ``\\w`` is ASCII-only.
The fragments are composed the way ``regexp.go`` composes them, so the
captures agree with Go's leftmost-first matching.
"""

from __future__ import annotations

import re

from ._lazy import once

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

# --- helpers (the four of regexp.go) -----------------------------------------


def _optional(*parts: str) -> str:
    return "(?:" + "".join(parts) + ")?"


def _any_times(*parts: str) -> str:
    return "(?:" + "".join(parts) + ")*"


def _capture(name: str, *parts: str) -> str:
    return f"(?P<{name}>" + "".join(parts) + ")"


def _joined(*parts: str) -> str:
    return "".join(parts)


#: The source of each compiled pattern; compiled on first use (the functions at the end).
_SOURCES: dict[str, str] = {}


# --- fragments ---------------------------------------------------------------

ALPHANUMERIC: Final = r"[a-z0-9]+"
SEPARATOR: Final = r"(?:[._]|__|[-]+)"
LOCALHOST: Final = "localhost"
DOMAIN_NAME_COMPONENT: Final = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
OPTIONAL_PORT: Final = r"(?::[0-9]+)?"
TAG: Final = r"[\w][\w.-]{0,127}"
DIGEST: Final = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}"
IDENTIFIER: Final = r"[a-f0-9]{64}"
IPV6_ADDRESS: Final = r"\[(?:[a-fA-F0-9:]+)\]"
DOMAIN_NAME: Final = DOMAIN_NAME_COMPONENT + _any_times(r"\.", DOMAIN_NAME_COMPONENT)
HOST: Final = "(?:" + DOMAIN_NAME + "|" + IPV6_ADDRESS + ")"
DOMAIN_AND_PORT: Final = HOST + OPTIONAL_PORT
PATH_COMPONENT: Final = ALPHANUMERIC + _any_times(SEPARATOR, ALPHANUMERIC)
REMOTE_NAME: Final = PATH_COMPONENT + _any_times("/", PATH_COMPONENT)
NAME: Final = _optional(DOMAIN_AND_PORT, "/") + REMOTE_NAME

#: The digests that parse without further checks: the algorithms Docker
#: links (go-digest's sha256, sha384 and sha512) with their exact length.
KNOWN_DIGEST: Final = r"(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}|sha384:[a-f0-9]{96})"

#: Hex length of each algorithm Docker can verify.
DIGEST_HEX_LENGTHS: Final = {"sha256": 64, "sha384": 96, "sha512": 128}

#: go-digest's ``DigestRegexpAnchored``: the form an unknown algorithm must
#: have to be "unsupported" rather than "invalid".
GO_DIGEST: Final = r"[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+"

# --- compiled patterns (use with fullmatch) ----------------------------------
# These transcribe regexp.go exactly; the conformance tests run Docker's
# regexp vectors against them, and the patterns below are tested to agree.

#: ``DomainRegexp``, anchored.
_SOURCES["DOMAIN_RE"] = _joined(DOMAIN_AND_PORT)
#: ``anchoredNameRegexp``: optional domain, then the remote name.
_SOURCES["NAME_RE"] = _joined(
    _optional(_capture("domain", DOMAIN_AND_PORT), "/"), _capture("path", REMOTE_NAME)
)
#: ``ReferenceRegexp``: the full grammar, name/tag/digest captured.
_SOURCES["REFERENCE_RE"] = _joined(
    _capture("name", NAME),
    _optional(":", _capture("tag", TAG)),
    _optional("@", _capture("digest", DIGEST)),
)
_SOURCES["IDENTIFIER_RE"] = _joined(IDENTIFIER)

# --- the same grammar, without backtracking ----------------------------------
# Possessive quantifiers (Python 3.11+) never give back what they matched. In
# this grammar nothing that follows a part can start inside it (a path
# component is followed by '/', ':', '@' or the end, none of which it can
# contain; likewise for host labels, ports, tags and digests), so giving back
# could never lead to a match: the captures are Docker's, and a failure is
# found in one pass instead of many. tests/property checks the equivalence.

_P_PATH_COMPONENT: Final = r"[a-z0-9]++(?:(?:[._]|__|-++)[a-z0-9]++)*+"
_P_DOMAIN_COMPONENT: Final = r"[a-zA-Z0-9]++(?:-++[a-zA-Z0-9]++)*+"
_P_DOMAIN_NAME: Final = _P_DOMAIN_COMPONENT + r"(?:\." + _P_DOMAIN_COMPONENT + ")*+"
_P_DOMAIN_AND_PORT: Final = "(?:" + _P_DOMAIN_NAME + r"|\[[a-fA-F0-9:]++\])" + r"(?::[0-9]++)?"
_P_REMOTE_NAME: Final = _P_PATH_COMPONENT + "(?:/" + _P_PATH_COMPONENT + ")*+"
_P_TAG: Final = r"[\w][\w.-]{0,127}+"
_P_DIGEST: Final = r"[A-Za-z][A-Za-z0-9]*+(?:[-_+.][A-Za-z][A-Za-z0-9]*+)*+[:][0-9a-fA-F]{32,}+"

#: The full grammar with the name split into domain and path in one pass.
#: Go runs ``anchoredNameRegexp`` over the captured name; with leftmost-first
#: matching this single pattern yields the same captures.
_SOURCES["SPLIT_REFERENCE_RE"] = _joined(
    _optional(_capture("domain", _P_DOMAIN_AND_PORT), "/"),
    _capture("path", _P_REMOTE_NAME),
    _optional(":", _capture("tag", _P_TAG)),
    _optional("@", _capture("digest", _P_DIGEST)),
)
_SOURCES["TAG_RE"] = _joined(_P_TAG)
_SOURCES["DIGEST_RE"] = _joined(_P_DIGEST)
_SOURCES["GO_DIGEST_RE"] = _joined(GO_DIGEST)

# --- fast paths --------------------------------------------------------------
# The common shapes, matched in one pass with every check folded in: a
# lower-case digest algorithm (an upper-case one trips Docker's upper-case
# check) of a known length. Anything they refuse takes the exact slow path.

_FAST_TAIL: Final = _optional(":", _capture("tag", _P_TAG)) + _optional(
    "@", _capture("digest", KNOWN_DIGEST)
)
#: A name of one path component ("redis:7"): Docker Hub's official images.
_SOURCES["FAST_SINGLE_RE"] = _joined(_capture("path", _P_PATH_COMPONENT), _FAST_TAIL)
#: A name of several path components, none a domain ("team__infra/app:1").
_SOURCES["FAST_PATH_RE"] = _joined(_capture("path", _P_REMOTE_NAME), _FAST_TAIL)
#: A name with a first component that may be a domain ("ghcr.io/a/b:1").
_SOURCES["FAST_MULTI_RE"] = _joined(
    _capture("domain", _P_DOMAIN_AND_PORT), "/", _capture("path", _P_REMOTE_NAME), _FAST_TAIL
)


#: Characters that can appear anywhere in a valid reference.
REFERENCE_ALPHABET: Final = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/:@[]+"
)


# --- compiling on first use ----------------------------------------------------
# A pattern costs about a millisecond to compile; a command that checks one
# Dockerfile should not pay for the ones it never uses (tagsense._lazy).


def _compile(name: str) -> re.Pattern[str]:
    # Always used with fullmatch(), which anchors at both ends (and, unlike
    # ``$``, does not accept a trailing newline). Go's ``\\w`` is ASCII-only.
    from ._regex_cache import compile_pattern

    return compile_pattern(_SOURCES[name], re.ASCII)


@once
def domain_re() -> re.Pattern[str]:
    """``DOMAIN_RE``, compiled on first use."""
    return _compile("DOMAIN_RE")


@once
def name_re() -> re.Pattern[str]:
    """``NAME_RE``, compiled on first use."""
    return _compile("NAME_RE")


@once
def reference_re() -> re.Pattern[str]:
    """``REFERENCE_RE``, compiled on first use."""
    return _compile("REFERENCE_RE")


@once
def identifier_re() -> re.Pattern[str]:
    """``IDENTIFIER_RE``, compiled on first use."""
    return _compile("IDENTIFIER_RE")


@once
def split_reference_re() -> re.Pattern[str]:
    """``SPLIT_REFERENCE_RE``, compiled on first use."""
    return _compile("SPLIT_REFERENCE_RE")


@once
def tag_re() -> re.Pattern[str]:
    """``TAG_RE``, compiled on first use."""
    return _compile("TAG_RE")


@once
def digest_re() -> re.Pattern[str]:
    """``DIGEST_RE``, compiled on first use."""
    return _compile("DIGEST_RE")


@once
def go_digest_re() -> re.Pattern[str]:
    """``GO_DIGEST_RE``, compiled on first use."""
    return _compile("GO_DIGEST_RE")


@once
def fast_single_re() -> re.Pattern[str]:
    """``FAST_SINGLE_RE``, compiled on first use."""
    return _compile("FAST_SINGLE_RE")


@once
def fast_path_re() -> re.Pattern[str]:
    """``FAST_PATH_RE``, compiled on first use."""
    return _compile("FAST_PATH_RE")


@once
def fast_multi_re() -> re.Pattern[str]:
    """``FAST_MULTI_RE``, compiled on first use."""
    return _compile("FAST_MULTI_RE")

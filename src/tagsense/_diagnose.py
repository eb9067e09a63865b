"""Where and why a reference is malformed.

Runs only after the grammar has refused a string, so it favours clear
messages over speed. It walks the reference left to right, part by part
(domain, path components, tag, digest), and reports the first character that
no valid reference could have there.
"""

from __future__ import annotations

import string

__all__ = ["diagnose"]

_LOWER_ALNUM = frozenset(string.ascii_lowercase + string.digits)
_ALNUM = frozenset(string.ascii_letters + string.digits)
_WORD = _ALNUM | {"_"}
_TAG_CHARS = _WORD | {".", "-"}
_HEX = frozenset(string.hexdigits)
_DOMAIN_CHARS = _ALNUM | {"-", "."}
_VALID_SEPARATORS = frozenset({".", "_", "__"})
_ALPHABET = frozenset(string.ascii_letters + string.digits + "._-/:@[]+")
_MAX_TAG = 128


class _Found(Exception):
    def __init__(self, position: int, reason: str) -> None:
        self.position = position
        self.reason = reason


def _describe(c: str) -> str:
    if c == " ":
        return "a space"
    if c.isprintable():
        return repr(c)
    return f"character U+{ord(c):04X}"


def diagnose(s: str) -> tuple[int, str]:
    """Return (position, reason) of the first error in the malformed reference ``s``."""
    try:
        _check(s)
    except _Found as found:
        return found.position, found.reason
    return len(s), "invalid reference format"


def _check(s: str) -> None:
    if s == "":
        raise _Found(0, "empty reference (a repository name is required)")
    for i, c in enumerate(s):
        if c not in _ALPHABET:
            raise _Found(i, f"{_describe(c)} is not allowed in a reference")
    at = s.find("@")
    name_end = len(s) if at < 0 else at
    last_slash = s.rfind("/", 0, name_end)
    colon = s.find(":", last_slash + 1, name_end)
    if colon >= 0:
        _check_name(s, 0, colon)
        _check_tag(s, colon + 1, name_end)
    else:
        _check_name(s, 0, name_end)
    if at >= 0:
        _check_digest(s, at + 1, len(s))


def _check_name(s: str, start: int, end: int) -> None:
    if start == end:
        raise _Found(start, "a repository name is required before ':' or '@'")
    first_end = s.find("/", start, end)
    if first_end >= 0:
        first = s[start:first_end]
        if not _path_component_error(s, start, first_end):
            pass  # a valid path component (and so the name has no domain)
        elif _is_domain_attempt(first):
            _check_domain(s, start, first_end)
            start = first_end + 1
    for component_start, component_end in _components(s, start, end):
        error = _path_component_error(s, component_start, component_end)
        if error:
            raise _Found(*error)


def _components(s: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    while True:
        slash = s.find("/", start, end)
        if slash < 0:
            spans.append((start, end))
            return spans
        spans.append((start, slash))
        start = slash + 1


def _is_domain_attempt(first: str) -> bool:
    # Only a domain may hold a port, brackets or upper case; a dotted first
    # component is read as a domain when it is no valid path component.
    return any(c in ":[]." or c.isupper() for c in first)


def _path_component_error(s: str, start: int, end: int) -> tuple[int, str] | None:
    if start == end:
        if end == len(s) or s[end] != "/":
            return start, "the name ends with '/'"
        if start == 0:
            return start, "the name starts with '/'"
        return start, "empty path component ('//')"
    i = start
    while i < end:
        c = s[i]
        if c in _LOWER_ALNUM:
            i += 1
            continue
        if c.isupper():
            return i, "repository name must be lowercase"
        if c not in "._-":
            return i, f"{_describe(c)} is not allowed in a repository name"
        run_end = i
        while run_end < end and s[run_end] in "._-":
            run_end += 1
        run = s[i:run_end]
        if i == start:
            return i, f"a path component must start with a letter or digit, not {run[0]!r}"
        if run_end == end:
            return i, f"a path component must end with a letter or digit, not {run[-1]!r}"
        if run not in _VALID_SEPARATORS and set(run) != {"-"}:
            return i, f"separator {run!r} is not allowed (use one '.', one or two '_', or '-')"
        i = run_end
    return None


def _check_domain(s: str, start: int, end: int) -> None:
    if s[start] == "[":
        close = s.find("]", start, end)
        if close < 0:
            raise _Found(end, "IPv6 address is not closed with ']'")
        if close == start + 1:
            raise _Found(close, "empty IPv6 address")
        for i in range(start + 1, close):
            if s[i] not in _HEX and s[i] != ":":
                raise _Found(i, f"{_describe(s[i])} is not allowed in an IPv6 address")
        host_end = close + 1
    else:
        colon = s.find(":", start, end)
        host_end = end if colon < 0 else colon
        _check_domain_name(s, start, host_end)
    if host_end < end:
        if s[host_end] != ":":
            raise _Found(host_end, f"expected ':port' or '/' after the host, not {s[host_end]!r}")
        if host_end + 1 == end:
            raise _Found(host_end + 1, "empty port after ':'")
        for i in range(host_end + 1, end):
            if not s[i].isdigit():
                raise _Found(i, f"the port must be a number, not {s[host_end + 1 : end]!r}")


def _check_domain_name(s: str, start: int, end: int) -> None:
    label_start = start
    for i in range(start, end + 1):
        if i < end and s[i] != ".":
            if s[i] not in _DOMAIN_CHARS:
                raise _Found(i, f"{_describe(s[i])} is not allowed in a registry host")
            continue
        if i == label_start:
            raise _Found(i, "empty label in the registry host")
        if s[label_start] == "-":
            raise _Found(label_start, "a host label cannot start with '-'")
        if s[i - 1] == "-":
            raise _Found(i - 1, "a host label cannot end with '-'")
        label_start = i + 1


def _check_tag(s: str, start: int, end: int) -> None:
    if start == end:
        raise _Found(start, "empty tag after ':'")
    if s[start] not in _WORD:
        raise _Found(start, f"a tag must start with a letter, digit or '_', not {s[start]!r}")
    for i in range(start + 1, end):
        if s[i] not in _TAG_CHARS:
            raise _Found(i, f"{_describe(s[i])} is not allowed in a tag")
    if end - start > _MAX_TAG:
        raise _Found(start + _MAX_TAG, f"tag is {end - start} characters; Docker allows 128")


def _check_digest(s: str, start: int, end: int) -> None:
    colon = s.find(":", start, end)
    if colon < 0:
        raise _Found(end, "a digest is 'algorithm:hex', e.g. 'sha256:' and 64 hex digits")
    if colon == start:
        raise _Found(start, "digest algorithm is missing before ':'")
    expect_letter = True
    for i in range(start, colon):
        c = s[i]
        if expect_letter:
            if not c.isascii() or not c.isalpha():
                raise _Found(i, f"digest algorithm parts start with a letter, not {c!r}")
            expect_letter = False
        elif c in "-_+.":
            expect_letter = True
        elif c not in _ALNUM:
            raise _Found(i, f"{_describe(c)} is not allowed in a digest algorithm")
    if expect_letter:
        raise _Found(colon, "digest algorithm cannot end with a separator")
    for i in range(colon + 1, end):
        if s[i] not in _HEX:
            raise _Found(i, f"{_describe(s[i])} is not a hex digit")
    if end - colon - 1 < 32:
        raise _Found(end, f"digest has {end - colon - 1} hex digits; at least 32 are needed")

"""Semantic versions and constraints as Masterminds/semver v3 reads them.

Helm checks a chart's dependencies against their ``version`` constraints with
it, and Sprig's ``semverCompare`` and ``semver`` are it: ``^1.2``, ``~1.2.3``,
``>= 1.2, < 2``, ``1.2 - 1.4``, ``1.x``, ``*``, ``a || b``; a version with a
prerelease matches only a constraint that names a prerelease (``<1.14-0``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .._lazy import lazy_pattern
from ..errors import TagsenseError

__all__ = ["Constraint", "SemverError", "Version", "check", "parse_constraint", "parse_version"]


class SemverError(TagsenseError):
    """Text that is not a version (or not a constraint)."""


_VERSION = lazy_pattern(
    r"v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?"
    r"(?:-([0-9A-Za-z\-]+(?:\.[0-9A-Za-z\-]+)*))?"
    r"(?:\+([0-9A-Za-z\-]+(?:\.[0-9A-Za-z\-]+)*))?"
)


class Version:
    """A version: major, minor, patch, prerelease and metadata (``semver`` in Sprig)."""

    __slots__ = ("major", "metadata", "minor", "original", "patch", "prerelease")

    def __init__(
        self, major: int, minor: int, patch: int, prerelease: str, metadata: str, original: str
    ) -> None:
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
        self.metadata = metadata
        self.original = original

    def compare(self, other: Version) -> int:
        for mine, theirs in (
            (self.major, other.major),
            (self.minor, other.minor),
            (self.patch, other.patch),
        ):
            if mine != theirs:
                return 1 if mine > theirs else -1
        if self.prerelease == other.prerelease:
            return 0
        if not self.prerelease:
            return 1
        if not other.prerelease:
            return -1
        return _compare_prerelease(self.prerelease, other.prerelease)

    def __str__(self) -> str:
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.prerelease:
            text += "-" + self.prerelease
        if self.metadata:
            text += "+" + self.metadata
        return text

    def __repr__(self) -> str:
        return f"<Version {self}>"


def _compare_prerelease(mine: str, theirs: str) -> int:
    a, b = mine.split("."), theirs.split(".")
    for index in range(max(len(a), len(b))):
        x = a[index] if index < len(a) else ""
        y = b[index] if index < len(b) else ""
        if x == y:
            continue
        if not x:
            return -1
        if not y:
            return 1
        xn, yn = x.isdigit(), y.isdigit()
        if not xn and not yn:
            return 1 if x > y else -1
        if not yn:
            return -1
        if not xn:
            return 1
        return 1 if int(x) > int(y) else -1
    return 0


@lru_cache(maxsize=1024)
def parse_version(text: str) -> Version:
    """``semver.NewVersion``: lenient (``v1``, ``1.2``); raises :class:`SemverError`."""
    match = _VERSION.fullmatch(text)
    if match is None:
        raise SemverError(f"Invalid Semantic Version: {text}")
    major, minor, patch, prerelease, metadata = match.groups()
    return Version(
        int(major),
        int(minor[1:]) if minor else 0,
        int(patch[1:]) if patch else 0,
        prerelease or "",
        metadata or "",
        text,
    )


_CV = (
    r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?"
    r"(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
    r"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
)
_OPS = ("!=", ">=", "=>", "<=", "=<", "~>", "=", ">", "<", "~", "^", "")
_OPS_RE = "|".join(re.escape(op) for op in _OPS)
_CONSTRAINT = lazy_pattern(rf"^\s*({_OPS_RE})\s*({_CV})\s*$")
_RANGE = lazy_pattern(rf"\s*({_CV})\s+-\s+({_CV})\s*")
_FIND = lazy_pattern(rf"({_OPS_RE})\s*({_CV})")
_VALID = lazy_pattern(rf"^(\s*({_OPS_RE})\s*({_CV})\s*)((?:\s+|,\s*)({_OPS_RE})\s*({_CV})\s*)*$")


class _Single:
    __slots__ = ("con", "dirty", "minor_dirty", "op", "patch_dirty")

    def __init__(self, op: str, con: Version, dirty: bool, minor_dirty: bool, patch_dirty: bool):
        self.op = op
        self.con = con
        self.dirty = dirty
        self.minor_dirty = minor_dirty
        self.patch_dirty = patch_dirty

    def check(self, v: Version) -> bool:
        c = self.con
        if v.prerelease and not c.prerelease:
            return False
        op = self.op
        if op in ("", "="):
            if self.dirty:
                return self._tilde(v)
            return v.compare(c) == 0
        if op == "!=":
            if self.dirty:
                if c.major != v.major:
                    return True
                if c.minor != v.minor and not self.minor_dirty:
                    return True
                if self.minor_dirty:
                    return False
                return c.patch != v.patch and not self.patch_dirty
            return v.compare(c) != 0
        if op == ">":
            if not self.dirty:
                return v.compare(c) == 1
            if v.major != c.major:
                return v.major > c.major
            if self.minor_dirty:
                return False
            if self.patch_dirty:
                return v.minor > c.minor
            return v.compare(c) == 1
        if op == "<":
            return v.compare(c) < 0
        if op in (">=", "=>"):
            return v.compare(c) >= 0
        if op in ("<=", "=<"):
            if not self.dirty:
                return v.compare(c) <= 0
            if v.major > c.major:
                return False
            return not (v.major == c.major and v.minor > c.minor and not self.minor_dirty)
        if op in ("~", "~>"):
            return self._tilde(v)
        # "^"
        if v.compare(c) < 0:
            return False
        if c.major > 0 or self.minor_dirty:
            return v.major == c.major
        if c.major == 0 and v.major > 0:
            return False
        if c.minor > 0 or self.patch_dirty:
            return v.minor == c.minor
        if c.minor == 0 and v.minor > 0:
            return False
        return c.patch == v.patch

    def _tilde(self, v: Version) -> bool:
        c = self.con
        if v.compare(c) < 0:
            return False
        zero = c.major == 0 and c.minor == 0 and c.patch == 0
        if zero and not self.minor_dirty and not self.patch_dirty:
            return True
        if v.major != c.major:
            return False
        return not (v.minor != c.minor and not self.minor_dirty)


def _is_x(text: str) -> bool:
    return text in ("x", "X", "*")


def _single(text: str) -> _Single:
    match = _CONSTRAINT.match(text)
    if match is None:
        raise SemverError(f"improper constraint: {text}")
    op = match[1]
    major, minor, patch, pre = match[3], match[4] or "", match[5] or "", match[6] or ""
    dirty = minor_dirty = patch_dirty = False
    if _is_x(major) or not major:
        version, dirty = f"0.0.0{pre}", True
    elif _is_x(minor[1:]) or not minor:
        version, dirty, minor_dirty = f"{major}.0.0{pre}", True, True
    elif _is_x(patch[1:]) or not patch:
        version, dirty, patch_dirty = f"{major}{minor}.0{pre}", True, True
    else:
        version = f"{major}{minor}{patch}{pre}"
    try:
        con = parse_version(version)
    except SemverError:
        raise SemverError(f"improper constraint: {text}") from None
    return _Single(op, con, dirty, minor_dirty, patch_dirty)


class Constraint:
    """``semver.NewConstraint``: groups joined by ``||``, each a list of comparisons."""

    __slots__ = ("groups", "text")

    def __init__(self, text: str, groups: list[list[_Single]]) -> None:
        self.text = text
        self.groups = groups

    def check(self, version: Version) -> bool:
        return any(all(single.check(version) for single in group) for group in self.groups)


@lru_cache(maxsize=1024)
def parse_constraint(text: str) -> Constraint:
    """Raises :class:`SemverError` for text Masterminds/semver rejects."""
    rewritten = text
    for match in _RANGE.finditer(text):
        rewritten = rewritten.replace(match[0], f">= {match[1]}, <= {match[11]} ", 1)
    groups: list[list[_Single]] = []
    for part in rewritten.split("||"):
        if not _VALID.match(part):
            raise SemverError(f"improper constraint: {part}")
        found = [m[0] for m in _FIND.finditer(part)] or [part]
        groups.append([_single(item) for item in found])
    return Constraint(text, groups)


def check(constraint: str, version: str) -> bool:
    """Helm's ``IsCompatibleRange``: false when either does not parse."""
    try:
        return parse_constraint(constraint).check(parse_version(version))
    except SemverError:
        return False

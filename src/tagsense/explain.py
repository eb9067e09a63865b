"""What ``tagsense explain`` prints: a tag's anatomy for people (text) and machines (JSON)."""

from __future__ import annotations

from .errors import InvalidReference

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime

    from .os_releases import OSRelease
    from .reference import Reference
    from .tag import Tag

__all__ = ["explain_json", "explain_text", "os_json", "tag_json", "undated_reason"]

_SUPPORT_WORDS = {
    "supported": "supported",
    "extended": "past regular support; extended support only",
    "eol": "end of life",
    "unknown": "support dates unknown",
}


def os_json(release: OSRelease | None, as_of: datetime.date) -> dict[str, object] | None:
    """The JSON form of an OS release, with its support status on ``as_of``."""
    if release is None:
        return None

    def iso(day: datetime.date | None) -> str | None:
        return None if day is None else day.isoformat()

    return {
        "family": release.family,
        "version": release.version,
        "codename": release.codename,
        "name": release.name,
        "released": iso(release.released),
        "eol": iso(release.eol),
        "eol_extended": iso(release.eol_extended),
        "lts": release.lts,
        "support": release.support(as_of),
    }


def tag_json(tag: Tag, as_of: datetime.date) -> dict[str, object]:
    """The JSON form of a tag's anatomy (the ``tagsense explain --json`` contract)."""
    return {
        "text": tag.text,
        "version": tag.version,
        "release": list(tag.release),
        "precision": tag.precision,
        "prerelease": tag.prerelease,
        "os": os_json(tag.os, as_of),
        "flavours": list(tag.flavours),
        "variants": list(tag.variants),
        "alias": tag.alias,
        "date": tag.date,
        "revision": tag.revision,
        "sha": tag.sha,
        "arch": tag.arch,
        "is_floating": tag.is_floating,
        "tokens": [
            {
                "text": token.text,
                "kind": token.kind,
                "start": token.start,
                "end": token.end,
                "meaning": token.meaning,
            }
            for token in tag.tokens
        ],
    }


def explain_json(
    text: str, result: Reference | InvalidReference, as_of: datetime.date
) -> dict[str, object]:
    """One entry of ``tagsense explain --json``."""
    if isinstance(result, InvalidReference):
        return {
            "input": text,
            "valid": False,
            "error": {"kind": result.kind, "position": result.position, "message": result.reason},
        }
    tag = result.tag_info
    return {
        "input": text,
        "valid": True,
        "reference": str(result),
        "familiar": result.familiar,
        "implied_tag": result.tag is None and result.digest is None,
        "digest": result.digest,
        "tag": None if tag is None else tag_json(tag, as_of),
    }


def _dates(release: OSRelease) -> str:
    parts = []
    if release.released is not None:
        parts.append(f"released {release.released.isoformat()}")
    if release.eol is not None:
        parts.append(f"regular support until {release.eol.isoformat()}")
    if release.eol_extended is not None:
        parts.append(f"extended support until {release.eol_extended.isoformat()}")
    return ", ".join(parts) if parts else "no dates known"


def explain_text(ref: Reference, as_of: datetime.date, *, color: bool = False) -> str:
    """A readable account of a reference's tag: each part, then what the tag says."""
    bold, dim, reset = ("\033[1m", "\033[2m", "\033[0m") if color else ("", "", "")
    lines = [f"{bold}{ref.familiar}{reset}  {dim}{ref}{reset}"]
    if ref.tag is None:
        implied = "Docker pulls 'latest'" if ref.digest is None else "pinned by its digest"
        lines.append(f"  no tag: {implied}")
        return "\n".join(lines) + "\n"
    tag = ref.tag_info
    assert tag is not None
    # (a tag of separators alone, ``_``, has no tokens: nothing in it to place)
    width = max((len(token.text) for token in tag.tokens), default=0)
    for token in tag.tokens:
        lines.append(f"  {token.text.ljust(width)}  {token.kind:<10}  {token.meaning}")
    summary = []
    if tag.version is not None:
        summary.append(f"version {tag.version} ({tag.precision})")
    if tag.prerelease is not None:
        summary.append(f"prerelease {tag.prerelease}")
    for label, value in (
        ("alias", tag.alias),
        ("date", tag.date),
        ("revision", tag.revision),
        ("sha", tag.sha),
        ("arch", tag.arch),
    ):
        if value is not None:
            summary.append(f"{label} {value}")
    if tag.flavours:
        summary.append("flavours " + ", ".join(tag.flavours))
    if tag.variants:
        summary.append("variants " + ", ".join(tag.variants))
    if ref.digest is not None:
        pinned = "the tag floats, but the digest pins the image" if tag.is_floating else ""
        summary.append(pinned or "pinned by digest")
    else:
        summary.append("floating: moves as new builds are pushed" if tag.is_floating else "fixed")
    lines.append("  " + "; ".join(summary))
    if tag.os is not None:
        support = tag.os.support(as_of)
        status = _SUPPORT_WORDS[support]
        if support == "unknown":
            status += ": " + undated_reason(tag.os)
        lines.append(f"  OS {tag.os.name}: {_dates(tag.os)}")
        lines.append(f"  as of {as_of.isoformat()}: {status}")
    return "\n".join(lines) + "\n"


def undated_reason(release: OSRelease) -> str:
    """Why a release's end of support is unknown (its ``eol`` is None), for people.

    >>> from tagsense import os_releases
    >>> print(undated_reason(os_releases.unknown("alpine")))
    the tag names the family, not which release
    >>> print(undated_reason(os_releases.lookup("debian", "14")))
    Debian 14 (forky) is in the release data, without an announced end of support
    """
    from . import os_releases

    if release.version is None:
        return "the tag names the family, not which release"
    if release.family not in os_releases.families():
        return f"tagsense has no release data for {release.family}"
    if os_releases.lookup(release.family, release.version) is None:
        # One newer than the data, read from the tag's shape (os_releases.unlisted).
        return f"{release.name} is {release.source or 'not in tagsense release data'}"
    if release.version[:1].isdigit():
        return f"{release.name} is in the release data, without an announced end of support"
    return f"{release.name} is a rolling or development branch, with no end of support"

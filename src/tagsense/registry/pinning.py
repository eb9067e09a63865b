"""Pinning: every pulled reference with a tag gets the digest its tag points at today.

:func:`plan_pins` works out what ``tagsense pin`` writes, and writes nothing:
the :class:`PinPlan` it returns shows the change (:meth:`PinPlan.diff`) or
makes it (:meth:`PinPlan.write`).

- **What is pinned**: an occurrence that is pulled (not an image the project
  builds, not an image archive), valid, written in its file as the tool reads
  it, with a tag and no digest: ``python:3.12-slim`` becomes
  ``python:3.12-slim@sha256:…``, the digest ``docker pull`` would pin (a
  multi-platform image's index; one platform's manifest with ``platform``).
  The tag stays: it says what the digest follows, and ``update`` refreshes it.
- **What is not**, with the reason in :attr:`PinResult.reason`: a reference
  built from variables or filled in when a CI job runs, a reference without a
  tag (``redis@sha256:…`` would no longer say which tag it follows: write
  the tag first, ``tagsense check --fix`` names it), a Helm image whose tag
  comes from the chart's ``appVersion`` or whose block has no ``digest`` key,
  and the other cases of :func:`tagsense._sites.locate`.
- **update**: a pinned reference whose digest is no longer its tag's (a
  stale pin) gets the new one; a pin to one platform's manifest stays a pin
  to that platform's manifest (:meth:`Client.pin_digest
  <tagsense.registry.Client.pin_digest>`).
- **Failures**: a registry error, or a file that cannot be read or edited,
  is an ``error`` result, and nothing is written to a file where anything
  failed: its other pins are ``blocked``.

>>> from tagsense.registry import Client
>>> plan_pins([], Client(cache=False)).changed
False
"""

from __future__ import annotations

from .._edit import EditError
from .._sites import Files, NotRewritable, edit_file, locate
from .errors import RegistryError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from .._edit import EditedFile
    from .._sites import Change, Site
    from ..occurrence import Occurrence, Scan
    from ..reference import Reference
    from .client import Client
    from .manifest import Platform

__all__ = ["ACTIONS", "PinPlan", "PinResult", "plan_pins"]

#: What a :class:`PinResult` says was (or would be) done.
ACTIONS = ("pin", "update", "fix", "keep", "skip", "error", "blocked")


class PinResult:
    """What pinning does with one occurrence.

    ``action`` is one of :data:`ACTIONS`: ``pin`` (a digest added), ``update``
    (a stale digest replaced), ``fix`` (``tagsense check --fix``: a precise
    tag and/or a digest written; ``reason`` names the codes fixed), ``keep``
    (pinned already, and up to date when asked), ``skip`` (not rewritten:
    ``reason`` says why), ``error`` (``reason`` says what failed), ``blocked``
    (not written because something else failed in the same file). ``old``
    and ``new`` are the reference as written before and after; ``digest`` the
    digest written; ``path`` the file the edit goes to (a kustomization's
    ``images:`` entry may be in another file than the occurrence); ``note``
    what was left undone; ``error`` the
    :class:`~tagsense.registry.RegistryError` (or the
    :class:`~tagsense._edit.EditError`) of an ``error``.
    """

    __slots__ = (
        "action",
        "digest",
        "error",
        "new",
        "note",
        "occurrence",
        "old",
        "path",
        "reason",
    )

    def __init__(
        self,
        occurrence: Occurrence,
        action: str,
        *,
        old: str | None = None,
        new: str | None = None,
        digest: str | None = None,
        reason: str | None = None,
        path: str | None = None,
        note: str | None = None,
        error: Exception | None = None,
    ) -> None:
        self.occurrence = occurrence
        self.error = error
        self.action = action
        self.old = old
        self.new = new
        self.digest = digest
        self.reason = reason
        self.path = path if path is not None else occurrence.path
        self.note = note

    def __repr__(self) -> str:
        where = f"{self.occurrence.path}:{self.occurrence.line}"
        detail = self.new if self.action in ("pin", "update", "fix") else self.reason
        return f"<PinResult {where} {self.action} {detail!r}>"


class PinPlan:
    """What pinning would change: the results, one an occurrence, and the edited files.

    ``files`` are the files that change, each an
    :class:`~tagsense._edit.EditedFile` (``path``, ``diff()``, ``write()``);
    ``blocked`` the files left as they are because something failed in them,
    with why. Nothing is written until :meth:`write`.
    """

    __slots__ = ("blocked", "files", "results")

    def __init__(
        self,
        results: list[PinResult],
        files: list[EditedFile],
        blocked: Mapping[str, str],
    ) -> None:
        self.results = tuple(results)
        self.files = tuple(files)
        self.blocked = dict(blocked)

    @property
    def changed(self) -> bool:
        """Whether any file would change."""
        return any(file.changed for file in self.files)

    @property
    def failed(self) -> bool:
        """Whether anything failed (a registry error, a file that cannot be edited)."""
        return any(result.action in ("error", "blocked") for result in self.results)

    def diff(self) -> str:
        """The change as a unified diff of every file (empty when nothing changes)."""
        return "".join(file.diff() for file in self.files)

    def write(self) -> list[str]:
        """Write every changed file atomically; the paths written.

        Raises :class:`~tagsense._edit.EditError` (a file that changed since it
        was read, a file that cannot be written) at the first file that fails;
        the files before it are written, it and the ones after are not.
        """
        return [file.path for file in self.files if file.write()]

    def __repr__(self) -> str:
        counts: dict[str, int] = {}
        for result in self.results:
            counts[result.action] = counts.get(result.action, 0) + 1
        shown = ", ".join(f"{count} {action}" for action, count in counts.items())
        return f"<PinPlan {len(self.files)} files: {shown or 'nothing'}>"


def plan_pins(
    occurrences: Scan | Iterable[Occurrence],
    client: Client,
    *,
    update: bool = False,
    platform: Platform | str | None = None,
) -> PinPlan:
    """What pinning the occurrences (a :class:`~tagsense.Scan`, or any occurrences) changes.

    Each distinct reference is resolved once, through ``client``
    (:meth:`~tagsense.registry.Client.resolve_many`, so its cache, its
    ``offline`` mode and its progress callback apply). ``update`` also
    refreshes digests that no longer match their tag; ``platform``
    (``linux/arm64``) pins one platform's manifest instead of the index.
    Files are read (each once) but not written. Raises only for a bad
    ``platform``.
    """
    files = Files()
    results: list[PinResult] = []
    wanted: list[tuple[Occurrence, Reference, Site]] = []
    seen: set[tuple[object, ...]] = set()
    for occurrence in occurrences:
        key = (occurrence.path, occurrence.line, occurrence.column, occurrence.text)
        if key in seen:
            continue
        seen.add(key)
        result = _triage(occurrence, files, update)
        if isinstance(result, PinResult):
            results.append(result)
        elif result is not None:
            wanted.append(result)
    digests = client.resolve_many(
        [ref.with_digest(None) for _, ref, _ in wanted], platform=platform
    )
    changes: dict[str, list[tuple[PinResult, Change, bool]]] = {}
    for occurrence, ref, site in wanted:
        found = digests[ref.with_digest(None)]
        if isinstance(found, RegistryError):
            results.append(_failed(occurrence, site, found))
            changes.setdefault(site.path, [])
            continue
        digest = found
        action = "pin"
        if ref.digest is not None:
            action = "update"
            if digest != ref.digest and platform is None:
                try:
                    digest = client.pin_digest(ref)  # a platform pin stays one
                except RegistryError as error:
                    results.append(_failed(occurrence, site, error))
                    changes.setdefault(site.path, [])
                    continue
            if digest == ref.digest:
                results.append(PinResult(occurrence, "keep", old=site.written))
                continue
        try:
            change = site.change(digest=digest)
        except NotRewritable as error:
            results.append(PinResult(occurrence, "skip", old=site.written, reason=error.reason))
            continue
        if not change.edits:
            reason = change.note or "nothing to change"
            results.append(PinResult(occurrence, "skip", old=site.written, reason=reason))
            continue
        result = PinResult(
            occurrence,
            action,
            old=site.written,
            new=_new_text(site, digest),
            digest=digest,
            path=site.path,
            note=change.note,
        )
        results.append(result)
        changes.setdefault(site.path, []).append((result, change, site.yaml))
    edited, blocked = _edit_files(files, changes, results)
    order = {id(result): index for index, result in enumerate(results)}
    results.sort(key=lambda r: (_location(r.occurrence), order[id(r)]))
    return PinPlan(results, edited, blocked)


def _triage(
    occurrence: Occurrence, files: Files, update: bool
) -> PinResult | tuple[Occurrence, Reference, Site] | None:
    """A result now (keep, skip, error), what to resolve, or ``None`` (not ours to judge)."""
    if occurrence.built is not None or occurrence.path is None or occurrence.kind == "archive":
        return None  # made here, or not in a text file
    ref = occurrence.reference
    if ref is None and not occurrence.is_unresolved:
        return None  # invalid: tagsense check says so
    if ref is not None and ref.digest is not None and (not update or ref.tag is None):
        return PinResult(occurrence, "keep", old=occurrence.raw)
    try:
        site = locate(occurrence, files.read)
    except NotRewritable as error:
        return PinResult(occurrence, "skip", old=occurrence.raw, reason=error.reason)
    except EditError as error:
        return PinResult(occurrence, "error", old=occurrence.raw, reason=str(error), error=error)
    assert ref is not None  # (locate refuses what has no reference)
    if ref.tag is None:
        return PinResult(
            occurrence,
            "skip",
            old=site.written,
            reason="no tag: write the tag it should follow first (tagsense check --fix names one)",
        )
    return occurrence, ref, site


def _failed(occurrence: Occurrence, site: Site, error: RegistryError) -> PinResult:
    return PinResult(
        occurrence, "error", old=site.written, reason=str(error), path=site.path, error=error
    )


def _new_text(site: Site, digest: str) -> str:
    from .._sites import rewrite

    return rewrite(site.written, digest=digest)


def _edit_files(
    files: Files,
    changes: dict[str, list[tuple[PinResult, Change, bool]]],
    results: list[PinResult],
) -> tuple[list[EditedFile], dict[str, str]]:
    """The edited files; a file where anything failed is blocked, with why."""
    failed: dict[str, str] = {}
    for result in results:
        if result.action == "error" and result.path is not None:
            where = f"{result.occurrence.path}:{result.occurrence.line}"
            failed.setdefault(result.path, f"{where} could not be pinned")
    edited: list[EditedFile] = []
    for path, planned in changes.items():
        if not planned:
            continue
        why = failed.get(path)
        if why is None:
            try:
                file = edit_file(
                    files.read(path),
                    [change for _, change, _ in planned],
                    yaml=any(yaml for _, _, yaml in planned),
                )
            except EditError as error:
                why = error.reason
                for result, _, _ in planned:
                    result.action, result.reason = "error", f"not written: {why}"
                    result.error = error
                failed[path] = why
                continue
            edited.append(file)
            continue
        for result, _, _ in planned:
            result.action, result.reason = "blocked", f"not written: {why}"
    return edited, failed


def _location(occurrence: Occurrence) -> tuple[str, int, int]:
    return (occurrence.path or "", occurrence.line, occurrence.column)

"""Registry answers for the policy, and the fixes they make possible: ``tagsense check --fix``.

- :func:`answer` asks the registries about references, each distinct tag once,
  and returns :class:`~tagsense.answers.RegistryAnswer` values for
  :func:`tagsense.check` (``answers=``): whether the tag exists, its digest
  today, and, where asked, the most precise tag of the same shape that is the
  same image (:func:`~tagsense.registry.precise_tag`).
- :func:`plan_fixes` turns findings and answers into edits: a floating or
  missing tag (TS001 to TS004) becomes the precise tag the answer names, and
  a reference that TS007 wants pinned gets its digest. Nothing is written
  until :meth:`~tagsense.registry.PinPlan.write`; nothing is written to a file
  where anything failed.

>>> from tagsense.registry import Client
>>> answer([], Client(cache=False))
{}
"""

from __future__ import annotations

from .._edit import EditError
from .._sites import Files, NotRewritable, locate
from ..answers import RegistryAnswer, answer_key
from .errors import NotFound, RegistryError
from .pinning import PinPlan, PinResult, _edit_files

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from .._sites import Change
    from ..occurrence import Occurrence
    from ..policy import Finding
    from ..reference import Reference
    from .client import Client

__all__ = ["ADVISED", "FixPlan", "answer", "plan_fixes"]

#: The rules whose findings a precise tag fixes (TS007's fix is a digest).
ADVISED = frozenset({"TS001", "TS002", "TS003", "TS004"})


def answer(
    references: Iterable[Reference],
    client: Client,
    *,
    precise: Iterable[Reference] = (),
) -> dict[Reference, RegistryAnswer]:
    """What the registries say about each reference's tag, keyed by
    :func:`~tagsense.answers.answer_key` (its tag, ``latest`` when none, and no digest).

    Each distinct tag is resolved once; for those in ``precise`` the
    repository's tags are listed too, and the most precise tag of the same
    shape with the same digest looked for. A missing tag or repository is
    :attr:`~tagsense.answers.RegistryAnswer.missing`, not an error; every other
    failure is the answer's ``error`` (``kind: message``), never raised.
    """
    keys = list(dict.fromkeys(answer_key(ref) for ref in references))
    wanted = {answer_key(ref) for ref in precise}
    if not keys:
        return {}
    digests = client.resolve_many(keys)
    missing = [key for key in keys if isinstance(digests[key], NotFound)]
    advised = [key for key in keys if key in wanted and isinstance(digests[key], str)]
    lists = client.tags_many([*missing, *advised])
    answers: dict[Reference, RegistryAnswer] = {}
    for key in keys:
        found = digests[key]
        if isinstance(found, NotFound):
            listed = lists.get(key.name)
            if isinstance(listed, NotFound):
                answers[key] = RegistryAnswer(key, missing="repository")
            elif isinstance(listed, list):
                answers[key] = RegistryAnswer(key, missing="tag")
            else:  # the tag list failed otherwise: the tag's error is the answer
                answers[key] = RegistryAnswer(key, error=_error(found))
        elif isinstance(found, RegistryError):
            answers[key] = RegistryAnswer(key, error=_error(found))
        else:
            answers[key] = RegistryAnswer(key, digest=found)
    todo = [key for key in advised if isinstance(lists.get(key.name), list)]
    for key in advised:
        listed = lists.get(key.name)
        if isinstance(listed, RegistryError):
            answers[key] = RegistryAnswer(key, digest=answers[key].digest, error=_error(listed))
    for key, precise_text, finer, error in _precise_all(todo, lists, answers, client):
        answers[key] = RegistryAnswer(
            key, digest=answers[key].digest, precise=precise_text, finer=finer, error=error
        )
    return answers


def _error(error: RegistryError) -> str:
    return f"{error.kind}: {error}"


def _precise_all(
    keys: list[Reference],
    lists: dict[str, list[str] | RegistryError],
    answers: dict[Reference, RegistryAnswer],
    client: Client,
) -> list[tuple[Reference, str | None, bool | None, str | None]]:
    """The precise tag of each key (a few digest lookups each, the keys side by side), and
    whether any tag refines its version (:func:`~.suggestions.has_finer`)."""
    from concurrent.futures import ThreadPoolExecutor

    from .suggestions import has_finer, parse_tags, precise_tag

    def one(key: Reference) -> tuple[Reference, str | None, bool | None, str | None]:
        listed = lists[key.name]
        assert isinstance(listed, list)
        tags = parse_tags(listed, key)  # (once, for both questions)
        finer = has_finer(key, tags)

        def digest_of(tag: str) -> str | None:
            try:
                return client.resolve(key.with_tag(tag))
            except NotFound:
                return None  # listed, but gone meanwhile

        try:
            found = precise_tag(key, tags, digest_of, digest=answers[key].digest)
        except RegistryError as error:
            return key, None, finer, _error(error)
        return key, None if found is None or found.text == key.tag else found.text, finer, None

    if len(keys) <= 1:
        return [one(key) for key in keys]
    with ThreadPoolExecutor(max_workers=min(8, len(keys))) as pool:
        return list(pool.map(one, keys))


class FixPlan(PinPlan):
    """What ``tagsense check --fix`` would change: a :class:`~tagsense.registry.PinPlan` whose
    results' ``action`` is ``fix`` (or ``skip``, ``error``, ``blocked``), with the
    codes fixed in ``reason``."""

    __slots__ = ()


def plan_fixes(
    findings: Iterable[Finding],
    answers: dict[Reference, RegistryAnswer],
) -> FixPlan:
    """The edits that fix ``findings`` with what ``answers`` say.

    A finding of TS001 to TS004 whose answer names a precise tag gets that
    tag; a finding of TS007 (no digest) gets the tag's digest (with the
    precise tag, when both apply: it is the same image). Each occurrence is
    fixed once, whatever number of findings it has. An occurrence whose answer
    is an error is an ``error`` result, and its file is not written.
    """
    by_occurrence: dict[tuple[object, ...], tuple[Occurrence, set[str]]] = {}
    for finding in findings:
        occurrence = finding.occurrence
        if occurrence is None or occurrence.reference is None:
            continue
        key = (occurrence.path, occurrence.line, occurrence.column, occurrence.text)
        by_occurrence.setdefault(key, (occurrence, set()))[1].add(finding.code)
    files = Files()
    results: list[PinResult] = []
    changes: dict[str, list[tuple[PinResult, Change, bool]]] = {}
    for occurrence, codes in by_occurrence.values():
        ref = occurrence.reference
        assert ref is not None
        known = answers.get(answer_key(ref))
        if known is None:
            continue
        tag = known.precise if codes & ADVISED else None
        digest = known.digest if "TS007" in codes and ref.digest is None else None
        if tag is None and digest is None:
            if known.error is not None and codes & (ADVISED | {"TS007"}):
                results.append(
                    PinResult(occurrence, "error", old=occurrence.raw, reason=known.error)
                )
            continue
        fixed = sorted(codes & (ADVISED | {"TS007"}) if tag else codes & {"TS007"})
        try:
            site = locate(occurrence, files.read)
            change = site.change(tag=tag, digest=digest)
        except NotRewritable as error:
            results.append(PinResult(occurrence, "skip", old=occurrence.raw, reason=error.reason))
            continue
        except EditError as error:
            results.append(
                PinResult(occurrence, "error", old=occurrence.raw, reason=str(error), error=error)
            )
            continue
        if not change.edits:
            reason = change.note or "nothing to change"
            results.append(PinResult(occurrence, "skip", old=site.written, reason=reason))
            continue
        from .._sites import rewrite

        result = PinResult(
            occurrence,
            "fix",
            old=site.written,
            new=rewrite(site.written, tag=tag, digest=digest),
            digest=digest,
            reason=", ".join(fixed),
            path=site.path,
            note=change.note,
        )
        results.append(result)
        changes.setdefault(site.path, []).append((result, change, site.yaml))
    for result in results:  # (an answer's error blocks its file)
        if result.action == "error" and result.path is not None:
            changes.setdefault(result.path, [])
    edited, blocked = _edit_files(files, changes, results)
    results.sort(key=lambda r: (r.occurrence.path or "", r.occurrence.line, r.occurrence.column))
    return FixPlan(results, edited, blocked)

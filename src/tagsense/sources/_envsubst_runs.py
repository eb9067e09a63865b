"""A manifest read through the ``envsubst`` commands that render it.

A project script often renders its manifests itself: altinity/clickhouse-operator's
``deploy/minio/install-minio-tenant.sh`` exports ``MINIO_CLIENT_VERSION`` (with a default)
and runs ``kubectl apply -f <(envsubst < "$CUR_DIR/minio-tenant-create-bucket-template.yaml")``,
whose ``image: quay.io/minio/mc:${MINIO_CLIENT_VERSION}`` is then pulled with that version.
Read alone, the manifest's ``${MINIO_CLIENT_VERSION}`` is filled in "before the manifest is
applied" (TS011); read through the command, it is the value the script gives.

envsubst replaces ``$NAME`` and ``${NAME}`` by the variables of its environment (those
exported, and its own ``NAME=value`` words: :attr:`~.project.ComposeRun.renders`); here only
those with a value known here are put in, so a variable only a run gives stays unresolved,
by its name. Each occurrence it resolves says which command (``context`` ``command``, as a
compose command's); an image no command resolves is left as the file says it alone.
"""

from __future__ import annotations

from .._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Callable, Iterable, Mapping

    from ..occurrence import Occurrence, Scan
    from .project import ComposeRun

__all__ = ["through_built_renders", "through_renders"]

#: What envsubst replaces: ``${NAME}`` and ``$NAME`` (GNU gettext's; no ``${NAME:-default}``).
_VARIABLE = lazy_pattern(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")


def rendered(text: str, env: Mapping[str, str]) -> str:
    """``text`` with the variables of ``env`` put in as envsubst puts them in; the others
    left as written. (A value of several lines is left out: the lines of the text stay.)"""

    def fill(match: re.Match[str]) -> str:
        value = env.get(match[1] or match[2])
        return match[0] if value is None or "\n" in value else value

    return _VARIABLE.sub(fill, text)


def through_renders(
    scan: Scan, text: str, runs: Iterable[ComposeRun], read: Callable[[str], Scan]
) -> Scan:
    """The scan of a manifest (``text``, read by ``read``) with each occurrence it leaves
    unresolved replaced by those the ``runs`` that give one of its variables resolve."""
    from ..occurrence import Scan

    missing = {name for o in scan.occurrences for name in o.unresolved}
    giving = [run for run in runs if any(name in run.env for name in missing)]
    if not giving:
        return scan
    resolved: dict[tuple[int, int], list[Occurrence]] = {}
    seen: set[str] = set()
    for run in giving:
        filled = rendered(text, run.env)
        if filled in seen:
            continue  # (many renders give the same values: the first one's reading is said)
        seen.add(filled)
        site = run.site
        where = {"tool": site.tool, "path": site.path, "line": site.line, "text": run.command}
        for occurrence in read(filled).occurrences:
            if occurrence.is_unresolved:
                continue
            found = occurrence.replace(context={**occurrence.context, "command": where})
            same = resolved.setdefault((occurrence.line, occurrence.column), [])
            if all(other.text != found.text for other in same):
                same.append(found)
    occurrences = []
    for occurrence in scan.occurrences:
        instead = resolved.get((occurrence.line, occurrence.column))
        if occurrence.unresolved and instead:
            occurrences.extend(instead)
        else:
            occurrences.append(occurrence)
    return Scan(occurrences, scan.errors, scan.suppressions)


def through_built_renders(scan: Scan, runs: Iterable[ComposeRun]) -> Scan:
    """The scan of a kustomization with each occurrence it leaves unresolved replaced by those
    the ``runs`` that render its build (``kustomize build DIR | envsubst``) and give one of
    its variables resolve: its value as the build writes it, with the variables put in.
    devfile/devworkspace-operator's ``generate_deployment.sh`` pipes the build of
    ``deploy/templates/cert-manager`` into ``envsubst "$SUBST_VARS"``, with the Makefile's
    ``export DWO_IMG ?= quay.io/devfile/devworkspace-controller:next``; its base's patch says
    ``image: ${DWO_IMG}``."""
    from ..occurrence import Occurrence, Scan
    from .kubernetes import substitute_variables

    runs = list(runs)
    occurrences: list[Occurrence] = []
    changed = False
    for occurrence in scan.occurrences:
        if not occurrence.unresolved or occurrence.run_time is not None:
            occurrences.append(occurrence)
            continue
        # (what the build writes: the value as the file says it, unless an ``images:``
        # entry of the kustomization changed it)
        written = occurrence.text if "transformed_from" in occurrence.context else occurrence.raw
        instead: list[Occurrence] = []
        for run in runs:
            if not any(name in run.env for name in occurrence.unresolved):
                continue
            text, unresolved = substitute_variables(rendered(written, run.env))
            if unresolved or any(other.text == text for other in instead):
                continue
            site = run.site
            where = {"tool": site.tool, "path": site.path, "line": site.line, "text": run.command}
            instead.append(
                Occurrence.of_text(
                    path=occurrence.path,
                    line=occurrence.line,
                    column=occurrence.column,
                    end_line=occurrence.end_line,
                    end_column=occurrence.end_column,
                    kind=occurrence.kind,
                    raw=occurrence.raw,
                    text=text,
                    built=occurrence.built,
                    suppressions=occurrence.suppressions,
                    context={**occurrence.context, "command": where},
                )
            )
        changed = changed or bool(instead)
        occurrences.extend(instead or (occurrence,))
    if not changed:
        return scan
    return Scan(occurrences, scan.errors, scan.suppressions)

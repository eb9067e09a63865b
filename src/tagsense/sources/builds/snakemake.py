"""Snakemake: the Docker images a workflow's jobs run in, as Snakemake pulls them.

A Snakefile's ``container:`` directive, global or a rule's (and ``containerized:``, the image
a workflow was containerized into), names the image jobs run in when Snakemake runs with
Apptainer (``--software-deployment-method apptainer``, formerly ``--use-singularity``): a URI
Apptainer pulls, ``docker://IMAGE`` from a Docker registry (the Snakemake documentation,
*Running jobs in containers*). Each ``docker://`` image written as a string is an
:class:`~tagsense.sources.Occurrence` of kind ``"snakemake"``, ``context`` ``field``
(``container``, ``containerized``) and the ``rule`` it is in; other schemes (``oras://``,
``library://``, a local ``.sif``) are no Docker image, and a value that is code (a
variable, a ``config[...]`` look-up, an f-string) is the run's, and is not read. A
wildcard in the string (``"docker://{image}"``) is each job's: the image is unresolved,
filled in from the rule's wildcards when the job runs.

Found by name: ``Snakefile`` (``snakefile``, ``workflow/Snakefile``), ``*.smk`` and
``*.snakefile``.
"""

from __future__ import annotations

from ..._lazy import lazy_pattern
from ..._offsets import line_column
from ...occurrence import Occurrence, Scan
from ..project import BuildFile
from ._common import MAX_BYTES, read_built

__all__ = ["KIND", "read_snakefile", "scan_snakefile"]

#: The ``kind`` of the occurrences of the images Snakemake runs jobs in.
KIND = "snakemake"

#: ``container: "docker://IMAGE"`` (or ``containerized:``), the string alone on its line (or
#: on the next, indented).
_DIRECTIVE = lazy_pattern(
    r"""(?m)^[ \t]*(container|containerized)[ \t]*:[ \t]*(?:\n[ \t]+)?"""
    r"""(?P<quote>["'])docker://(?P<image>[^"'\s]+)(?P=quote)[ \t]*(?:#[^\n]*)?$"""
)
#: A wildcard, ``{name}`` (with a constraint, ``{name,[a-z]+}``): Snakemake formats a rule's
#: ``container`` with the job's wildcards, as it does its ``shell`` (its own
#: tests/test_dynamic_container: ``container: "docker://{image}"``, one job an image).
_WILDCARD = lazy_pattern(r"(?<!\{)\{(\w+)(?:,[^{}]*)?\}(?!\})")
#: What fills a wildcard in (see ``Occurrence.run_time``).
_WILDCARDS = "the rule's wildcards"
#: ``rule NAME:`` (and ``checkpoint NAME:``), which the directives after it belong to.
_RULE = lazy_pattern(r"(?m)^(?:rule|checkpoint)[ \t]+(\w+)[ \t]*:")


def read_snakefile(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The Docker images the Snakefile at ``path`` runs jobs in (never raises)."""
    return read_built(path, max_bytes, scan_snakefile)


def scan_snakefile(text: str, *, path: str | None = None) -> BuildFile:
    """:func:`read_snakefile` of a file's text.

    >>> found = scan_snakefile('container: "docker://continuumio/miniconda3:24.7.1-0"\\n')
    >>> [(o.text, o.line, o.column) for o in found.scan]
    [('continuumio/miniconda3:24.7.1-0', 1, 22)]
    """
    if "docker://" not in text:
        return BuildFile(path=path)
    from .shell import comment_suppressions

    rules = [(match.start(), match[1]) for match in _RULE.finditer(text)]
    occurrences: list[Occurrence] = []
    for match in _DIRECTIVE.finditer(text):
        start = match.start("image")
        line, column = line_column(text, start)
        indented = match[0][:1] in " \t"
        rule = next((name for at, name in reversed(rules) if at < match.start()), None)
        context: dict[str, object] = {"field": match[1]}
        if indented and rule is not None:
            context["rule"] = rule  # (a top-level directive is the workflow's)
        image = match["image"]
        wildcards = tuple(dict.fromkeys(found[1] for found in _WILDCARD.finditer(image)))
        run_time = _WILDCARDS if wildcards else None  # (each job its own image)
        filled = _WILDCARD.sub("", image) if wildcards else image
        occurrences.append(
            Occurrence.of_text(
                path=path, line=line, column=column, kind=KIND, raw=image, text=filled,
                context=context, unresolved=wildcards, run_time=run_time,
            )
        )  # fmt: skip
    suppressions = tuple(comment_suppressions(text.splitlines(), path))
    return BuildFile(scan=Scan(occurrences, (), suppressions), path=path)

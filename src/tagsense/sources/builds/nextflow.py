"""Nextflow: the images a pipeline's processes run in, as Nextflow runs them with Docker.

A process's ``container`` directive (in a ``*.nf`` script: ``container 'biocontainers/fastqc:
0.12.1--hdfd78af_0'``) and the ``container`` setting of a configuration's process scopes
(``process.container = '…'``, ``withName: 'FASTQC' { container = '…' }`` in
``nextflow.config`` or a file it includes) name the image each task runs in
(`the container directive <https://www.nextflow.io/docs/latest/reference/process.html#container>`_).
Each is an :class:`~tagsense.sources.Occurrence` of kind ``"nextflow"``, with ``context``
``field`` (``container``) and the ``process`` (or configuration selector) it is in.

nf-core's modules pick the image by container engine (``"${ workflow.containerEngine ==
'singularity' && !task.ext.singularity_pull_docker_container ? 'https://…' : 'biocontainers/…'
}"``, in a script or in a configuration's closure): the condition is evaluated as Docker runs
it (``workflow.containerEngine`` is ``docker``), and the branch taken is the image pulled; a
condition on anything else may take either branch, and each is an image the pipeline may pull.
A Singularity image file's address (``https://…``, ``oras://…``) is not Docker's.

Docker pulls a name with no registry of its own from ``docker.registry`` of the pipeline's
``nextflow.config`` (the nearest above the file), as Nextflow's ``ContainerHandler.
normalizeDockerImageName`` prefixes it: nf-core sets ``quay.io``, so ``biocontainers/fastqc:…``
is ``quay.io/biocontainers/fastqc:…``. A value that interpolates a variable (``"${params.
image}"``) or is not a string is a run's, and is not read.
"""

from __future__ import annotations

import os
import re

from ..._lazy import lazy_pattern
from ..._offsets import line_column
from ...occurrence import Occurrence, Scan
from ..project import BuildFile
from ._common import MAX_BYTES, read_built, read_text
from ._source_code import LITERAL, source_suppressions, without_comments

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["CONFIG_FILE_NAME", "KIND", "read_nextflow", "says_container", "scan_nextflow"]

#: The ``kind`` of the occurrences of the images Nextflow runs processes in.
KIND = "nextflow"
#: The configuration Nextflow reads beside the pipeline's main script.
CONFIG_FILE_NAME = "nextflow.config"

#: A ``container`` directive or setting, before its value (a string, a GString, a closure).
_DIRECTIVE = lazy_pattern(
    r"(?<![\w.$])(?:process[ \t]*\.[ \t]*)?container\b[ \t]*(?:=[ \t]*)?(?=[\"'{])"
)
#: ``process NAME {`` of a script, ``withName: 'X' {`` or ``withLabel: X {`` of a configuration.
_SCOPE = lazy_pattern(
    r"""(?m)^[ \t]*(?:process[ \t]+(\w+)"""
    r"""|(withName|withLabel)[ \t]*:[ \t]*(?:(['"])(.*?)\3|(\S+)))[ \t]*\{"""
)
#: The container engine's test of an nf-core condition.
_ENGINE = lazy_pattern(
    r"workflow\.containerEngine[ \t]*(?:==[ \t]*(" + LITERAL + r")|in[ \t]*\[([^\]]*)\])"
)
#: The engine a Docker run has (``workflow.containerEngine``).
_DOCKER = "docker"


def read_nextflow(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images the Nextflow script or configuration at ``path`` runs processes in (never
    raises)."""

    def read(text: str, *, path: str) -> BuildFile:
        return scan_nextflow(text, path=path, registry=docker_registry(os.path.dirname(path)))

    return read_built(path, max_bytes, read)


def scan_nextflow(text: str, *, path: str | None = None, registry: str | None = None) -> BuildFile:
    """:func:`read_nextflow` of a file's text, with ``docker.registry`` given.

    >>> found = scan_nextflow("process A {\\n    container 'biocontainers/fastqc:0.12.1--0'\\n}")
    >>> [(o.text, o.line, o.column, o.context["process"]) for o in found.scan]
    [('biocontainers/fastqc:0.12.1--0', 2, 16, 'A')]
    """
    if "container" not in text:
        return BuildFile(path=path)
    code = without_comments(text)
    scopes = list(_scopes(code))
    occurrences: list[Occurrence] = []
    for match in _DIRECTIVE.finditer(code):
        at = match.start()
        scope = next((name for begin, end, name in reversed(scopes) if begin < at < end), "")
        for value, start in _images(code, match.end()):
            line, column = line_column(code, start)
            context: dict[str, object] = {"field": "container"}
            if scope:
                context["process"] = scope
            occurrences.append(
                Occurrence.of_text(
                    path=path, line=line, column=column, kind=KIND, raw=value,
                    text=_with_registry(value, registry), context=context,
                )
            )  # fmt: skip
    scan = Scan(occurrences, (), source_suppressions(text, path))
    if "{%" in text or "{{" in text:
        # A Jinja template of a script, not one: nf-core/tools' module-template/main.nf
        # (``'{{ docker_container if docker_container else 'biocontainers/…' }}'``), which
        # ``nf-core modules create`` renders into a new module (survey 38c: 2 false TS012).
        from ..templates import as_template

        scan = as_template(scan, text, path, dockerfile=False)
    return BuildFile(scan=scan, path=path)


def _scopes(code: str) -> Iterator[tuple[int, int, str]]:
    """The named process scopes of a script or configuration: where each begins and ends, and
    its name (a process's, or a ``withName``/``withLabel`` selector)."""
    for match in _SCOPE.finditer(code):
        body = _balanced(code, match.end() - 1)
        end = match.end() + len(body) if body is not None else len(code)
        yield match.start(), end, match[1] or match[4] or match[5] or ""


def _images(code: str, start: int) -> Iterator[tuple[str, int]]:
    """The images a value at ``start`` names, each with the offset of its text: a literal's, or
    the branches a Docker run may take of a GString's ``${…}`` or a closure's ternary."""
    opening = code[start]
    if opening == "{":
        body = _balanced(code, start)
        if body is not None:
            yield from _expression(code, start + 1, start + 1 + len(body))
        return
    literal = re.compile(LITERAL).match(code, start)
    if literal is not None and "$" not in literal[0]:
        if "://" not in literal[0]:
            yield literal[0][1:-1], start + 1
        return
    if code.startswith('"${', start):
        body = _balanced(code, start + 2)
        if body is not None and code.startswith('"', start + 4 + len(body)):
            yield from _expression(code, start + 3, start + 3 + len(body))


def _expression(code: str, begin: int, end: int) -> Iterator[tuple[str, int]]:
    """The images of a Groovy expression between ``begin`` and ``end``: a literal alone, or
    the literals of the branches of a ternary ``CONDITION ? A : B`` that Docker may take."""
    literals = list(re.finditer(LITERAL, code[begin:end]))
    rest = re.sub(LITERAL, lambda m: " " * len(m[0]), code[begin:end])
    question = rest.find("?")
    if question < 0:
        if len(literals) == 1 and not rest.strip():
            yield from _written(literals[0], begin)
        return
    colon = rest.find(":", question)
    if colon < 0:
        return
    taken = _branch_taken(code[begin : begin + question])
    for literal in literals:
        branch = literal.start() > colon  # (else the true branch)
        if literal.start() > question and (taken is None or taken == (not branch)):
            yield from _written(literal, begin)


def _written(literal: re.Match[str], offset: int) -> Iterator[tuple[str, int]]:
    """A literal's text and offset, when it is a Docker image's name written out."""
    text = literal[0][1:-1]
    if text and "$" not in text and "\\" not in text and "://" not in text:
        yield text, offset + literal.start() + 1


def _branch_taken(condition: str) -> bool | None:
    """Whether a Docker run takes the true branch of ``condition``: ``False`` when the
    condition is a conjunction one of whose terms tests ``workflow.containerEngine`` for
    other engines (nf-core's), ``True`` when it is only that engine's test for ``docker``;
    ``None`` when the run decides."""
    match = _ENGINE.search(condition)
    if match is None or "||" in condition:
        return None
    named = match[1] or match[2] or ""
    engines = {word[1:-1] for word in re.findall(LITERAL, named)}
    docker = _DOCKER in engines
    if not docker:
        return False
    return True if condition.strip() == match[0] else None


def _balanced(code: str, start: int) -> str | None:
    """The text inside the braces that open at ``start``, strings skipped; ``None`` when they
    do not close."""
    depth = 0
    for match in _BRACES.finditer(code, start):
        brace = match[0]
        if brace == "{":
            depth += 1
        elif brace == "}":
            depth -= 1
            if depth == 0:
                return code[start + 1 : match.start()]
    return None


#: A brace, or a string literal (whose braces are text): what _balanced steps through.
_BRACES = lazy_pattern(r"[{}]|" + LITERAL)


def _with_registry(image: str, registry: str | None) -> str:
    """``image`` as Nextflow gives it to Docker: prefixed with ``docker.registry`` when its
    first path component names no registry (has no ``.`` or ``:``, or there is no ``/``)."""
    if not registry:
        return image
    first, slash, _ = image.partition("/")
    if slash and ("." in first or ":" in first):
        return image
    return registry.rstrip("/") + "/" + image


def docker_registry(directory: str) -> str | None:
    """``docker.registry`` of the nearest ``nextflow.config`` at or above ``directory`` that
    sets one (in its top level: ``docker.registry = '…'``, or a ``docker { registry = '…' }``
    scope: a module's own test configuration sets none, the pipeline's does), below the
    repository's root; ``None`` when none does."""
    directory = os.path.abspath(directory or ".")
    while True:
        registry = _configured_registry(os.path.join(directory, CONFIG_FILE_NAME))
        if registry is not None:
            return registry
        if os.path.exists(os.path.join(directory, ".git")):  # (a worktree's is a file)
            return None
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def _configured_registry(config: str) -> str | None:
    """``docker.registry`` of the configuration at ``config`` (``None`` when there is none),
    read once while the file is unchanged: every module of a pipeline asks the same one."""
    try:
        status = os.stat(config)
    except OSError:
        return None
    key = (config, status.st_size, status.st_mtime_ns)
    if key not in _REGISTRIES:
        text = read_text(config, MAX_BYTES)
        if len(_REGISTRIES) > 64:
            _REGISTRIES.clear()
        _REGISTRIES[key] = registry_of(text) if isinstance(text, str) else None
    return _REGISTRIES[key]


#: The registries of the configurations read, by path, size and modification time.
_REGISTRIES: dict[tuple[str, int, int], str | None] = {}

#: ``docker.registry = 'quay.io'`` and ``docker { … registry = 'quay.io' … }`` at the top level.
_REGISTRY = lazy_pattern(
    r"""(?m)^docker[ \t]*\.[ \t]*registry[ \t]*=[ \t]*(['"])([^'"\n]*)\1"""
    r"""|^docker[ \t]*\{[^}]*?^[ \t]*registry[ \t]*=[ \t]*(['"])([^'"\n]*)\3"""
)


def registry_of(text: str) -> str | None:
    """``docker.registry`` of a ``nextflow.config``'s text.

    >>> registry_of("docker.registry = 'quay.io'\\n")
    'quay.io'
    >>> registry_of("docker {\\n  registry = 'x.io'\\n}")
    'x.io'
    """
    match = _REGISTRY.search(without_comments(text))
    if match is None:
        return None
    return (match[2] if match[1] else match[4]) or None


def says_container(head: bytes) -> bool:
    """Whether a Nextflow script's or configuration's first bytes set a process's
    ``container`` (a quick look: most configurations and scripts do not)."""
    return _SAYS_CONTAINER.search(head) is not None


#: ``container 'x'``, ``container = {``, ``process.container = "x"`` (not ``params.container``).
_SAYS_CONTAINER = lazy_pattern(rb"(?:(?<![\w.$])|(?<=process\.))container\b[ \t]*=?[ \t]*[\"'{]")

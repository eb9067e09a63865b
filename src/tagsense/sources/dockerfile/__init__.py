"""Every image reference a Dockerfile makes BuildKit pull, found by BuildKit's rules.

:func:`scan_dockerfile` reads a Dockerfile as BuildKit's Dockerfile frontend
does (``frontend/dockerfile/parser``, ``instructions``, ``dockerfile2llb``,
``shell``), not with a regular expression over ``FROM``:

* **Lines.** Lines end at ``\\n``; trailing ``\\r`` go, and a byte-order mark at
  the start of the file. A line ending in the escape character (``\\``, or
  the backtick ``# escape`` chooses) continues on the next; comment lines and blank
  lines inside a continuation are skipped. BuildKit's quirk: a line ending in
  two or three escape characters (``\\\\``, ``\\\\\\``) does not continue.
  A physical line of 64 KiB or more stops BuildKit's scanner.
* **Parser directives** (``syntax``, ``escape``, ``check``) are comments of the
  form ``# key=value`` before anything else: the first line that is not one
  (an instruction, another comment, a blank line) ends them; later they are
  ordinary comments. Each may appear once. The ``syntax`` image is found as
  BuildKit's ``DetectSyntax`` finds it (after an optional ``#!`` line; also
  ``// syntax=`` and a JSON ``{"syntax": ...}`` file) and is pulled unless a
  ``BUILDKIT_SYNTAX`` build argument overrides it.
* **Heredocs.** ``RUN``, ``COPY`` and ``ADD`` (also after ``ONBUILD``; not in
  JSON form) may name heredocs (``<<EOF``, ``<<-EOF``, ``<<"EOF"``, several on a
  line); their bodies, up to a line equal to the name (leading tabs ignored
  for ``<<-``), are data, never instructions. A missing terminator is an error.
* **Instructions** are case-insensitive; their leading ``--flags`` are split off
  as BuildKit splits them (a flag's value follows ``=``; ``--flag value`` is
  a flag without a value; a flag word is read byte by byte, as Go does).
  An unknown instruction, an unknown or repeated flag, a wrong number of
  arguments: everything BuildKit's ``instructions.Parse`` rejects is an error.
* **FROM** ``[--platform=P] image [AS name]``: the arguments are split on white
  space first, then the image (and ``P``) expanded (:mod:`tagsense.sources._expand`) with only
  the automatic platform arguments (``BUILDPLATFORM``, ``BUILDOS``,
  ``BUILDARCH``, ``BUILDVARIANT``, ``TARGETPLATFORM``, ``TARGETOS``,
  ``TARGETARCH``, ``TARGETVARIANT``: ``linux/amd64``; ``TARGETSTAGE``) and the
  global ARGs declared before the first ``FROM`` (their defaults expanded
  in order; a ``build_args`` value replaces a declared argument's default, or an
  automatic argument's value; an undeclared build argument is invisible). A
  stage name is lower-cased when declared; a ``FROM`` whose expanded image is
  exactly the name of an *earlier* stage builds on that stage; ``scratch`` is
  no image.
* **COPY --from=X** (not expanded) names a stage, case-insensitively, or a
  stage by number (``--from=0``; BuildKit counts the images that earlier
  ``--from`` and ``--mount`` created after the stages); otherwise ``X`` is an
  image (kind ``copy-from``). ``ADD`` has no ``--from``.
* **RUN --mount=...,from=X** (the value is CSV, keys in any order and case,
  ``from`` may not use variables) names a stage or else an image (a number is
  an image name here; kind ``mount-from``); a mount without ``from`` mounts
  ``scratch``.
* **ONBUILD COPY --from / RUN --mount from** images (kind ``onbuild``) run when a
  later stage builds ``FROM`` this one.
* **Stages pulled for the target** (``target``, default the last stage): the
  target and, transitively, its base stage, its ``--from`` and ``--mount``
  sources, and what its base stage's ``ONBUILD`` triggers use.

Each :class:`~tagsense.sources.Occurrence` has the 1-based line and column
where its text starts in the file (a continued instruction's physical line);
``raw`` as written (a ``FROM`` argument whole, a flag value without its
quotes), ``text`` after expansion, ``reference`` when ``text`` parses and no
unset variable went into it. ``context`` holds ``stage`` (its name, or its
number when unnamed), ``stage_index``, ``pulled`` and, when given, the
expanded ``platform``; ``unset`` lists variables that had no value; ``onbuild``
occurrences add ``trigger`` (``copy-from`` or ``mount-from``); a ``syntax``
occurrence has only ``pulled``. ``pulled`` describes the stage graph: what
BuildKit pulls for the target once the file has no errors (BuildKit itself
stops at the first error).

Invalid references are occurrences with ``reference=None`` and no error (the
policy reports them); the ``errors`` are what BuildKit rejects before pulling
(syntax, expansion, stage resolution). The function never raises; where
BuildKit would run out of memory (an expansion past 1 MiB, a glob too large
for its value) the expansion is an error instead.

The reader follows BuildKit's split, a module for each of its packages, so that
each can be read beside the Go it ports: :mod:`._parser` (``parser``: lines,
directives, continuations, heredocs, each line into a node),
:mod:`._instructions` (``instructions``: checked instructions and their flags,
gathered into stages) and :mod:`._stages` (``dockerfile2llb``: ARGs, expansion,
the stage graph). This module drives them and reports the occurrences.
"""

from __future__ import annotations

from ..._lazy import lazy_pattern
from ...occurrence import (
    BuildSite,
    Occurrence,
    Scan,
    SourceError,
    Suppression,
    parse_or_error,
    suppressions_in_comment,
)
from . import _include
from ._instructions import InstructionReader, Stage
from ._parser import LogicalLine, Node, Parser, detect_syntax, physical_lines
from ._stages import SCRATCH, Image, Resolver

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from ._stages import StageGraph


__all__ = ["NamedContext", "scan_dockerfile"]


class NamedContext:
    """What a named build context (``--build-context NAME=…``, compose's
    ``additional_contexts``, bake's ``contexts``) gives a ``FROM NAME`` or
    ``--from=NAME``: an ``image`` (``docker-image://REF``; ``built`` when the
    project builds it: compose's ``service:``, bake's ``target:``), or files (a
    directory, a Git or HTTP URL: ``image`` is ``None``, no image at all)."""

    __slots__ = ("built", "image")

    def __init__(self, image: str | None, built: BuildSite | None = None) -> None:
        self.image = image
        self.built = built

    def __repr__(self) -> str:
        return f"NamedContext({self.image!r}, built={self.built!r})"


#: A global ARG's default written blank (``ARG distro=""``): read alone, one that leaves a base
#: image no image is the build's to give, as one without a default (see ``._stages``).
_BLANK = frozenset({"", '""', "''"})


def scan_dockerfile(
    text: str,
    *,
    path: str | None = None,
    build_args: Mapping[str, str] | None = None,
    target: str | None = None,
    contexts: Mapping[str, NamedContext] | None = None,
    unresolved_args: Mapping[str, tuple[str, ...]] | None = None,
    written_args: Mapping[str, str] | None = None,
    leading_args: Mapping[str, str] | None = None,
    blank_args: Iterable[str] = (),
    alone: bool = False,
) -> Scan:
    """Find every image reference ``text`` (a Dockerfile) makes BuildKit pull.

    ``build_args`` are ``--build-arg`` values; ``target`` is ``--target``
    (default: the last stage); ``contexts`` are the named build contexts, by
    name: a ``FROM`` or ``--from`` that names one (and no stage) takes what it
    gives. ``unresolved_args`` are build arguments passed with a value known
    only where the build runs (name → what it needs): a ``FROM`` that uses one is
    unresolved, by those names (but an automatic platform argument so passed names the
    platform, read as ``linux/amd64`` as ever: harbor's ``--build-arg
    TARGETARCH=$(TARGETARCH)``); ``written_args``: the values of some of them as the build's
    tool writes them (a workflow's ``${{ env.GHCR_IMAGE_REPOSITORY }}:${{ github.sha }}``): an
    unresolved ``FROM`` made of those says what it is as passed (``context["passed"]``), which
    may name an image the same file builds; ``leading_args``: the text the values of some of
    them start with, known here (``outlinewiki/outline-base@`` of a digest a run decides),
    which an unresolved ``FROM`` made of one has before the run's part; ``blank_args``: those
    of ``build_args`` that are blank only because the build's tool leaves them to its run's
    environment (a bake variable declared ``default = ""``): a ``FROM`` they leave no image is
    unresolved by their names, not invalid. ``alone``: no build
    of the project is known to feed it, so a global ``ARG`` declared without a default
    (``ARG BASE`` / ``FROM ${BASE}``) is one the build gives, unresolved by its name rather
    than blank (netbox-docker's ``build.sh`` passes ``--build-arg FROM=…`` through a bash array).
    Returns a :class:`~tagsense.sources.Scan`: the occurrences in file order, and the errors
    BuildKit would stop at. Never raises.

    >>> scan = scan_dockerfile("ARG V=3.20\\nFROM alpine:${V} AS base\\nFROM base\\n")
    >>> [(o.line, o.column, o.raw, o.text) for o in scan]
    [(2, 6, 'alpine:${V}', 'alpine:3.20')]
    """
    scanner = _Scanner(text, path, dict(build_args or {}), target, contexts or {})
    scanner.unknown = unresolved_args or {}
    scanner.written = written_args or {}
    scanner.leading = leading_args or {}
    scanner.blank = frozenset(blank_args)
    scanner.alone = alone
    try:
        scanner.run()
    except Exception as exc:  # pragma: no cover - a bug; the contract is never to raise
        scanner.error(None, f"internal error in the Dockerfile scanner: {exc!r}")
    frontend = scanner.frontend
    if frontend is not None and scanner.errors and not _reads_dockerfiles(frontend):
        return _other_frontends(scanner, frontend)
    if not scanner.occurrences and _no_instruction(scanner.errors):
        return Scan((), scanner.errors[:1])
    return Scan(scanner.result(), scanner.errors, scanner.suppressions or ())


def _no_instruction(errors: list[SourceError]) -> bool:
    """Whether a file's errors say none of its lines is a Dockerfile instruction (two or more
    unknown ones, then no stage): another format under a Dockerfile's name (Lapuxa23/NEW_WEB's
    ``Dockerfile`` is a compose file, 29 errors before). BuildKit stops at the first; so is
    the report, one error, not one a line."""
    unknown = [e for e in errors if e.message.startswith("unknown instruction: ")]
    return len(unknown) >= 2 and len(unknown) + 1 == len(errors) and errors[-1].line is None


def _reads_dockerfiles(frontend: str) -> bool:
    """Whether a ``# syntax=`` frontend is a Dockerfile frontend, by its repository's last
    part (``docker/dockerfile``, ``docker/dockerfile-upstream``, a mirror's ``…/dockerfile``)."""
    name = frontend.split("@", 1)[0]
    last = name.rsplit("/", 1)[-1].split(":", 1)[0]
    return "dockerfile" in last.lower()


def _other_frontends(scanner: _Scanner, frontend: str) -> Scan:
    """The scan of a file written for another BuildKit frontend, which its ``# syntax=``
    names and BuildKit hands the file to (Dalec's ``ghcr.io/azure/dalec/frontend``, whose spec
    is YAML: kaito-project/kaito's ``docker/skopeo/Dockerfile``, 51 "unknown instruction"
    errors before): that image is pulled, the rest is that frontend's to read, not a
    Dockerfile's. Only when the Dockerfile reading fails: a Dockerfile that a frontend under
    another name reads is read as one."""
    syntax = [o for o in scanner.result() if o.kind == "syntax"]
    note = (
        f"written for the BuildKit frontend {frontend}, not a Dockerfile: only that "
        "frontend's image is read"
    )
    return Scan(syntax, (SourceError(scanner.path, None, note, note=True),))


class _Scanner:
    __slots__ = (
        "alone",
        "blank",
        "build_args",
        "contexts",
        "defaults",
        "errors",
        "frontend",
        "included",
        "leading",
        "occurrences",
        "path",
        "suppressions",
        "target",
        "text",
        "unknown",
        "written",
    )

    def __init__(
        self,
        text: str,
        path: str | None,
        build_args: dict[str, str],
        target: str | None,
        contexts: Mapping[str, NamedContext],
    ) -> None:
        self.text = text
        self.path = path
        self.build_args = build_args
        self.target = target
        self.contexts = contexts
        self.unknown: Mapping[str, tuple[str, ...]] = {}
        self.written: Mapping[str, str] = {}
        self.leading: Mapping[str, str] = {}
        self.blank: frozenset[str] = frozenset()
        self.alone = False
        #: The defaults of the meta ``ARG``s (those before the first ``FROM``).
        self.defaults: dict[str, str] = {}
        #: The frontend image a ``# syntax=`` directive names, if any.
        self.frontend: str | None = None
        #: The stages dockerfile-x's ``INCLUDE`` instructions add (see :meth:`_include`).
        self.included: set[int] = set()
        self.errors: list[SourceError] = []
        self.occurrences: list[Occurrence] = []
        # Only comment lines suppress (a "#" inside an instruction is its text).
        self.suppressions: list[Suppression] | None = [] if "tagsense" in text.lower() else None

    def error(self, line: int | None, message: str) -> None:
        self.errors.append(SourceError(self.path, line, message))

    def result(self) -> list[Occurrence]:
        self.occurrences.sort(key=lambda o: (o.line, o.column))
        return self.occurrences

    def run(self) -> None:
        text = self.text
        if not text:
            self.error(None, "the Dockerfile cannot be empty")
            return
        if text.startswith("\ufeff"):
            text = text[1:]
        lines = physical_lines(text, self.error)
        syntax = detect_syntax(text, lines)
        if syntax is not None:
            image, line, column = syntax
            self.frontend = image
            pulled = "BUILDKIT_SYNTAX" not in self.build_args
            self.add("syntax", line, column, image, image, {"pulled": pulled})
        parser = Parser(self.error, None if self.suppressions is None else self.comment)
        reader = InstructionReader(self.error)
        extended = self.frontend is not None and _include.is_dockerfile_x(self.frontend)
        for node, line, logical in parser.parse(lines):
            if extended and _include.extension(node.lower):
                self._include(node, logical, line, reader, frozenset(), 0)
                continue
            reader.read(node, line, logical)
        if parser.instructions == 0:
            self.error(len(lines), "file with no instructions")
            return
        unknown = self.unknown
        self.defaults = {key: default for key, default, _ in reader.meta if default}
        blank = self.blank  # (left blank by the build's tool for its run to give)
        if self.alone:  # (an argument with no default: what the build, not known here, gives)
            given = {key: (key,) for key, default, _ in reader.meta if default is None}
            unknown = {**given, **unknown}
            blank = frozenset(
                key for key, default, _ in reader.meta if default in _BLANK and key not in unknown
            )
        graph = Resolver(
            reader.stages,
            reader.meta,
            escape=parser.escape,
            build_args=self.build_args,
            target=self.target,
            error=self.error,
            unknown=unknown,
            written=self.written,
            leading=self.leading,
            blank_given=blank,
            defaults_given=self.alone,
        ).resolve()
        if graph is not None:
            self.emit(graph)

    def _include(
        self,
        node: Node,
        logical: LogicalLine,
        line: int,
        reader: InstructionReader,
        including: frozenset[str],
        depth: int,
    ) -> None:
        """dockerfile-x's ``INCLUDE path`` at ``line`` (see ``._include``): the file's
        instructions read in its place, each at ``line`` (their images are the included
        file's to report, read on its own: none of its stages is reported here, see
        :meth:`emit`). What is not read (another extension, a file not found) gives one
        note."""
        found = None
        words = logical.text.split()
        if node.lower == "include" and len(words) == 2:
            found = _include.included_path(words[1], self.path)
        text = _include.read_included(found) if found is not None else None
        if found is None or text is None or found in including or depth >= _include.MAX_DEPTH:
            if not any(error.note for error in self.errors):
                note = (
                    f"{node.cmd} of the BuildKit frontend {self.frontend} not read: the "
                    "stages it would add are not known here"
                )
                self.errors.append(SourceError(self.path, line, note, note=True))
            return

        def ignored(_line: int | None, _message: str) -> None:
            return None  # (the included file's own errors: its own scan reports them)

        inner = Parser(ignored, None)
        lines = physical_lines(text.removeprefix("\ufeff"), ignored)
        for child, _, child_line in inner.parse(lines):
            if _include.extension(child.lower):
                self._include(child, child_line, line, reader, including | {found}, depth + 1)
                continue
            reader.read(child, line, child_line)
            if child.lower == "from" and reader.stages:
                self.included.add(reader.stages[-1].index)

    def _given_at_run(self, unset: tuple[str, ...]) -> bool:
        """Whether every name a base image leaves unresolved is a build argument the build
        that feeds the Dockerfile passes with a value only a run knows (not read alone)."""
        passed = {name for names in self.unknown.values() for name in names}
        return not self.alone and bool(passed) and set(unset) <= passed

    def _registry_given(self, unset: tuple[str, ...], text: str | None) -> tuple[str, str] | None:
        """The build argument (and its default) that a build passes with a run's value when
        it is the base image's registry alone (``${BASE_IMAGE_REGISTRY}/library/python:3.13-
        slim@sha256:…``, onyx's CI passing its pull-through cache's address): the image is
        the one its default names (``docker.io``), wherever the run pulls it from. ``None``:
        any other part is left to the run, or the default is no registry's address."""
        if not text or not text.startswith("/"):
            return None
        given = [key for key, names in self.unknown.items() if set(unset) <= set(names)]
        if len(given) != 1:
            return None
        default = self.defaults.get(given[0])
        if default is None or _REGISTRY_ADDRESS.fullmatch(default) is None:
            return None
        return given[0], default

    def _stage_choices(self, graph: StageGraph) -> frozenset[int]:
        """The stages whose base is one build argument alone, declared without a default and
        given by the build (a value only its run knows, or none known here), in a file with
        two or more earlier stages that nothing builds on or copies from, named as variants of
        one thing (a first or last word in common): the argument names one of them, and
        BuildKit builds on the stage of that name. fluent-bit's packaging Dockerfiles: `FROM
        debian:bookworm-slim AS debian-bookworm-base` … `FROM $BASE_BUILDER AS builder`,
        built with `--build-arg BASE_BUILDER=${FLB_DISTRO%%/*}-${FLB_DISTRO##*/}-base`; those
        stages would otherwise be dead code. The argument is no image, so no reference."""
        used: set[int] = set()  # (the stages something builds on or copies from)
        for stage in graph.stages:
            parent = graph.bases[stage.index]
            if parent is not None:
                used.add(parent.index)
            for dep, _ in stage.deps:
                if isinstance(dep, Stage):
                    used.add(dep.index)
        choosing = set()
        for stage in graph.stages:
            base = stage.base
            unset = graph.expanded[stage.index][1]
            name = None if base is None else _whole_argument(base.text)
            if name is None or name in self.defaults or not unset:
                continue  # (a default names the image a build without the argument pulls)
            if not self.alone and not set(unset) <= set(self.unknown.get(name, ())):
                continue
            unused = [other.name for other in graph.stages[: stage.index]
                      if other.name and other.index not in used]  # fmt: skip
            if _variants(unused):
                choosing.add(stage.index)
        return frozenset(choosing)

    def comment(self, text: str, line: int, column: int) -> None:
        assert self.suppressions is not None
        self.suppressions.extend(
            suppressions_in_comment(text, path=self.path, line=line, column=column)
        )

    def emit(self, graph: StageGraph) -> None:
        """Report each image the stages name, with whether the target pulls it."""
        stages, bases, reached = graph.stages, graph.bases, graph.reached
        derived: set[int] = set()  # stages a reachable stage builds FROM
        for stage in stages:
            parent = bases[stage.index]
            if parent is not None and id(stage) in reached:
                derived.add(parent.index)
        choosing = self._stage_choices(graph)
        for stage in stages:
            if stage.index in choosing:
                continue  # (it builds on one of the file's own stages: no image)
            if stage.index in self.included:
                continue  # (an included file's: its own scan reports its images)
            context: dict[str, object] = {
                "stage": stage.name or stage.index,
                "stage_index": stage.index,
            }
            pulled = id(stage) in reached
            base = stage.base
            text, unset = graph.expanded[stage.index]
            if base is not None and bases[stage.index] is None and text != SCRATCH:
                extra: dict[str, object] = {"pulled": pulled}
                if stage.platform is not None:
                    extra["platform"] = stage.platform.text
                if unset and stage.index in graph.passed:
                    extra["passed"] = graph.passed[stage.index]
                if unset and self.alone and all(name in self.defaults for name in unset):
                    # (written defaults that make no valid reference: see given_invalid)
                    # (its text is still the default's: Pants reads an address there)
                    extra["invalid_default"] = text
                if unset and self._given_at_run(unset):
                    # (the build passes them, with a value only a run knows: etcd's
                    # `--build-arg GO_IMAGE_TAG=$(shell go work edit -json | jq .Go)`)
                    extra["run_value"] = True
                    registry = self._registry_given(unset, text)
                    if registry is not None:
                        # (only the registry: the image its default names, through a mirror)
                        name, default = registry
                        text, unset = default + (text or ""), ()
                        extra["registry_given"] = name
                        del extra["run_value"]
                line, column = stage.base_where
                named = self.named(text) if text and not unset else None
                if named is not None:
                    self.add_named(named, "from", line, column, base.text, {**context, **extra})
                else:
                    self.add(
                        "from",
                        line,
                        column,
                        base.text,
                        base.text if text is None else text,
                        {**context, **extra},
                        unresolved=unset,
                        expanded=text is not None,
                    )
            for dep, ref in stage.deps:
                if isinstance(dep, Image) and dep.ref is ref and ref.value != SCRATCH:
                    kind = "copy-from" if ref.kind == "copy" else "mount-from"
                    where = {**context, "pulled": id(dep) in reached}
                    named = self.named(ref.value)
                    if named is not None:
                        self.add_named(named, kind, ref.line, ref.column, ref.raw, where)
                        continue
                    hint = _stage_meant(ref.value, stages)
                    if hint is not None:
                        where["stage_hint"] = hint
                    self.add(kind, ref.line, ref.column, ref.raw, ref.value, where)
            for dep in graph.onbuild[stage.index]:
                if isinstance(dep, Image) and dep.ref is not None and dep.ref.value:
                    ref = dep.ref
                    if ref.value == SCRATCH:
                        continue
                    trigger = "copy-from" if ref.kind == "copy" else "mount-from"
                    self.add(
                        "onbuild",
                        ref.line,
                        ref.column,
                        ref.raw,
                        ref.value,
                        {**context, "pulled": stage.index in derived, "trigger": trigger},
                    )

    def named(self, name: str) -> tuple[str, NamedContext] | None:
        """The named build context that replaces an image name, with its key (BuildKit's
        ``contextByName``: the familiar name, ``:latest`` dropped), if the build has one."""
        contexts = self.contexts
        if not contexts:
            return None
        reference, _ = parse_or_error(name)
        key = name if reference is None else reference.familiar.removesuffix(":latest")
        found = contexts.get(key)
        if found is None and reference is not None:
            # (buildx names a context so too: dependabot-core's bake file gives
            # `"ghcr.io/dependabot/dependabot-updater-gomod:latest" = "target:gomod"`)
            for written, context in contexts.items():
                named, _ = parse_or_error(written)
                if named is not None and named.familiar.removesuffix(":latest") == key:
                    return key, context
        return None if found is None else (key, found)

    def add_named(
        self,
        named: tuple[str, NamedContext],
        kind: str,
        line: int,
        column: int,
        raw: str,
        context: dict[str, object],
    ) -> None:
        """An image a named context gives (files, a directory: no image at all)."""
        key, found = named
        if found.image is None:
            return
        self.add(kind, line, column, raw, found.image, {**context, "named_context": key},
                 built=found.built)  # fmt: skip

    def add(
        self,
        kind: str,
        line: int,
        column: int,
        raw: str,
        text: str,
        context: dict[str, object],
        *,
        unresolved: tuple[str, ...] = (),
        expanded: bool = True,
        built: BuildSite | None = None,
    ) -> None:
        """Report ``text``; a reference only when it was expanded with every value set."""
        reference, error = None, None  # (why it is none: worked out when asked)
        if expanded and not unresolved:
            reference, error = parse_or_error(text)
        self.occurrences.append(
            Occurrence(
                path=self.path,
                line=line,
                column=column,
                kind=kind,
                raw=raw,
                text=text,
                reference=reference,
                error=error,
                unresolved=unresolved,
                built=built,
                context=context,
            )
        )


#: A registry's address, with a path under it (``docker.io``, ``localhost:5000``,
#: ``123.dkr.ecr.us-east-2.amazonaws.com/docker-hub``): a host with a dot or a port, or
#: ``localhost``.
_REGISTRY_ADDRESS = lazy_pattern(
    r"(?:localhost|[a-z0-9-]+(?:\.[a-z0-9-]+)+|[a-z0-9-]+:\d+)(?::\d+)?(?:/[a-z0-9._-]+)*"
)


#: A base image that is one build argument alone (``$BASE``, ``${BASE}``).
_WHOLE_ARGUMENT = lazy_pattern(r"\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))")


def _variants(names: Sequence[str]) -> bool:
    """Whether stage names are two or more variants of one thing: each of two words or more
    (``-``, ``_``, ``.``), all with the same first word or the same last (``debian-buster-base``,
    ``debian-trixie-base``); not a project's other targets (``dev``, ``test``)."""
    if len(names) < 2:
        return False
    words = [_STAGE_WORDS.split(name) for name in names]
    if any(len(parts) < 2 for parts in words):
        return False
    return len({parts[0] for parts in words}) == 1 or len({parts[-1] for parts in words}) == 1


#: What separates the words of a stage's name.
_STAGE_WORDS = lazy_pattern(r"[-_.]")


def _whole_argument(text: str) -> str | None:
    """The build argument a base image is, alone, or ``None``."""
    found = _WHOLE_ARGUMENT.fullmatch(text)
    return None if found is None else found.group(1) or found.group(2)


def _stage_meant(name: str, stages: Sequence[Stage]) -> str | None:
    """The stage a ``--from`` that names no stage was likely meant to name (a typo:
    ``builder`` for ``buidler``), or ``None``. Only a bare name, which could be a stage's."""
    if not name or any(char in name for char in "/:@.$"):
        return None
    names = [stage.name for stage in stages if stage.name]  # (lower case, as BuildKit's)
    if not names:
        return None
    from difflib import get_close_matches

    close = get_close_matches(name.lower(), names, n=1, cutoff=0.75)
    return close[0] if close else None

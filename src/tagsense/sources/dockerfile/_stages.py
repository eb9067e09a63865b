"""What the stages mean, as BuildKit's ``dockerfile2llb`` works it out.

The global ARGs and the automatic platform arguments that ``FROM`` sees, each
base image and platform expanded (:mod:`tagsense.sources._expand`, BuildKit's
``shell/lex.go``), which stage or image each ``FROM``, ``--from`` and
``--mount`` names, the checks on that graph (cycles, order, the target), and
which stages and images are built for the target.
"""

from __future__ import annotations

from ..._lazy import lazy_pattern
from ...occurrence import parse_or_error
from .._expand import ExpansionError, expand, go_quote
from ._instructions import Stage, Value
from ._parser import go_lower

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

    from ._instructions import Ref

__all__ = ["SCRATCH", "Image", "Resolver", "StageGraph"]

_PLATFORM = {
    "BUILDPLATFORM": "linux/amd64",
    "BUILDOS": "linux",
    "BUILDARCH": "amd64",
    "BUILDVARIANT": "",
    "TARGETPLATFORM": "linux/amd64",
    "TARGETOS": "linux",
    "TARGETARCH": "amd64",
    "TARGETVARIANT": "",
}
SCRATCH = "scratch"
_ATOI = lazy_pattern(r"[+-]?[0-9]+")
_INT64 = 1 << 63


def _atoi(text: str) -> int | None:
    """Go's strconv.Atoi: optional sign, ASCII digits, 64-bit range."""
    if not _ATOI.fullmatch(text):
        return None
    value = int(text)
    return value if -_INT64 <= value < _INT64 else None


class Image:
    """An image a ``--from`` or ``--mount`` pulls (BuildKit's unregistered state)."""

    __slots__ = ("ref",)

    def __init__(self, ref: Ref | None) -> None:
        self.ref = ref


class StageGraph:
    """The stage graph for the target.

    By stage index: ``bases``, the earlier stage a stage builds ``FROM`` (None:
    an image); ``expanded``, its base image expanded (None: not expanded) and
    the unset variables that went into it; ``onbuild``, the stages and images
    its ``ONBUILD`` triggers use. ``reached``: the ids of the stages and images
    built for the target. ``passed``: a base image made of build arguments a run gives, as
    the build's tool writes their values, ``${NAME}`` where it does not (see :class:`Resolver`).
    """

    __slots__ = ("bases", "expanded", "onbuild", "passed", "reached", "stages")

    def __init__(
        self,
        stages: Sequence[Stage],
        bases: list[Stage | None],
        expanded: list[tuple[str | None, tuple[str, ...]]],
        onbuild: dict[int, list[object]],
        reached: set[int],
        passed: dict[int, str] | None = None,
    ) -> None:
        self.stages = stages
        self.passed = passed or {}
        self.bases = bases
        self.expanded = expanded
        self.onbuild = onbuild
        self.reached = reached


class Resolver:
    """The stages' meaning for ``target`` (default: the last stage).

    ``meta`` are the global ARGs (key, default, line), ``escape`` the file's
    escape character; ``error`` takes each error BuildKit would stop at. ``unknown``:
    build arguments given a value known only where the build runs (name → what it needs);
    ``written``: the values of some of them as the build's tool writes them (a workflow's
    ``${{ env.GHCR_IMAGE_REPOSITORY }}:${{ github.sha }}``): a base image made of those
    and known values is also expanded with them, each other one a run gives as ``${NAME}``
    (``StageGraph.passed``); ``leading``: the
    text the values of some of them start with, known here, which a base image made of one
    has before the run's part (empty for the others).
    """

    __slots__ = (
        "blank_given", "blank_of", "build_args", "defaults_given", "error", "escape", "leading",
        "meta", "stages", "target", "unknown", "written",
    )  # fmt: skip

    def __init__(
        self,
        stages: Sequence[Stage],
        meta: Sequence[tuple[str, str | None, int]],
        *,
        escape: str,
        build_args: Mapping[str, str],
        target: str | None,
        error: Callable[[int | None, str], None],
        unknown: Mapping[str, tuple[str, ...]] | None = None,
        written: Mapping[str, str] | None = None,
        leading: Mapping[str, str] | None = None,
        blank_given: frozenset[str] = frozenset(),
        defaults_given: bool = False,
    ) -> None:
        self.stages = stages
        self.blank_given = blank_given
        #: Whether a global ARG whose default makes a base image no valid reference is the
        #: build's to give (no build of the project is known to feed the file).
        self.defaults_given = defaults_given
        #: The blank arguments of :attr:`blank_given` each global ARG's value is made of.
        self.blank_of: dict[str, tuple[str, ...]] = {}
        self.unknown = unknown or {}
        self.written = written or {}
        self.leading = leading or {}
        self.meta = meta
        self.escape = escape
        self.build_args = build_args
        self.target = target
        self.error = error

    def resolve(self) -> StageGraph | None:
        """The stage graph for the target; None when there are no stages."""
        stages = self.stages
        if not stages:
            self.error(None, "dockerfile contains no stages to build")
            return None
        target_name = self.target or stages[-1].name
        env = self.global_args(target_name)

        # FROM: expand, then build on an earlier stage of exactly that name.
        earlier: dict[str, Stage] = {}
        bases: list[Stage | None] = []
        expanded: list[tuple[str | None, tuple[str, ...]]] = []
        passed: dict[int, str] = {}
        as_written: tuple[dict[str, str], dict[str, tuple[str, ...]]] | None = None
        for stage in stages:
            base = stage.base
            text: str | None = None
            unset: tuple[str, ...] = ()
            if base is not None:
                try:
                    expansion = expand(base.text, env[0], escape=self.escape)
                except ExpansionError as exc:
                    self.error(stage.line, str(exc))
                else:
                    text = expansion.text
                    unset = self.not_passed(text, _unset(expansion.unset, expansion.used, env[1]))
                    blank = self.given_blank(text, expansion.used)
                    unset = tuple(dict.fromkeys((*unset, *blank)))
                    if not unset and self.defaults_given:
                        unset = self.given_invalid(text, expansion.used)
                    if not text and not blank and not self.unknown_in(unset):
                        self.error(stage.line, f"base name ({base.text}) should not be blank")
                    if unset and self.unknown_in(unset):
                        if as_written is None:
                            as_written = self.global_args(target_name, written=self.as_named())
                        as_passed = self.as_passed(base.text, as_written)
                        if as_passed is not None:
                            passed[stage.index] = as_passed
            if stage.platform is not None:
                self.platform(stage, env)
            bases.append(earlier.get(text) if text else None)
            expanded.append((text, unset))
            if stage.name:
                earlier[stage.name] = stage
        names = earlier  # by now: every stage, the last of a name winning

        # Sources: COPY --from and RUN --mount, in order, adding images.
        nodes: list[object] = list(stages)
        for stage in stages:
            for ref in stage.refs:
                dep = self.source(ref, names, nodes)
                if dep is not None:
                    stage.deps.append((dep, ref))
        onbuild: dict[int, list[object]] = {}
        for stage in stages:
            found: list[object] = []
            for ref in stage.onbuild:
                if ref.kind == "copy" and _atoi(ref.value) is not None:
                    continue  # a stage number, counted when the trigger runs
                value = ref.value or SCRATCH
                dep = names.get(go_lower(value))
                found.append(dep if dep is not None else Image(ref))
            onbuild[stage.index] = found

        self.check_cycles()
        target_stage = self.target_stage(names)
        reached = _reachable(target_stage, bases, onbuild)
        self.check_order(reached)
        return StageGraph(stages, bases, expanded, onbuild, reached, passed)

    def not_passed(self, text: str, unset: tuple[str, ...]) -> tuple[str, ...]:
        """``unset`` without the global ARGs declared without a default that the build leaves
        out, when the base image is a valid reference without them: BuildKit expands such an
        ARG to nothing (ossrs/srs's ``ARG ARCH`` / ``FROM ${ARCH}ubuntu:focal``, built with no
        ``--build-arg ARCH``, pulls ubuntu:focal). Read alone, the build is not known, and such
        an ARG is in :attr:`unknown`: the build's to give."""
        defaulted = {key for key, default, _ in self.meta if default is not None}
        left = tuple(
            name for name in unset
            if name in defaulted or name in self.unknown or name in self.build_args
            or name not in {key for key, _, _ in self.meta}
        )  # fmt: skip
        if left == unset or not text or parse_or_error(text)[0] is None:
            return unset
        return left

    def given_blank(self, text: str, used: Sequence[str]) -> tuple[str, ...]:
        """The blank global ARGs of :attr:`blank_given` that a base image is made of, directly
        or through another ARG's value, when the blank makes it no image
        (``docker.io/library/``): the build's to give, as for one declared without a default
        (element-hq/synapse's ``ARG distro=""``, passed with ``--build-arg distro=…``)."""
        blank = tuple(dict.fromkeys(name for used_name in used
                                    for name in self.blank_of.get(used_name, ())))  # fmt: skip
        if not blank or (text and parse_or_error(text)[0] is not None):
            return ()
        return blank

    def given_invalid(self, text: str, used: Sequence[str]) -> tuple[str, ...]:
        """The global ARGs a base image is made of with their written defaults, when those
        make it no valid reference (``ARG ALPINE_SHA="pass-a-valid-docker-sha"``, ``FROM
        alpine@sha256:${ALPINE_SHA}``): BuildKit refuses to build with them, so each build
        passes its own value, and the image is the build's to give, unresolved by their names
        (SigNoz's Dockerfile.multi-arch, built by a workflow of another repository)."""
        if not text or parse_or_error(text)[0] is not None:
            return ()
        defaulted = {key for key, default, _ in self.meta if default}
        return tuple(name for name in dict.fromkeys(used)
                     if name in defaulted and name not in self.build_args)  # fmt: skip

    def as_passed(
        self, base: str, as_written: tuple[dict[str, str], dict[str, tuple[str, ...]]]
    ) -> str | None:
        """A base image's text with the build arguments a run gives as the tool writes them
        (``as_written``: :meth:`global_args` with them; ``None``: a value it depends on is
        neither known nor written)."""
        env, unset_of = as_written
        try:
            expansion = expand(base, env, escape=self.escape)
        except ExpansionError:
            return None
        if _unset(expansion.unset, expansion.used, unset_of):
            return None
        return expansion.text

    def global_args(
        self, target_name: str, *, written: Mapping[str, str] | None = None
    ) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
        """The variables FROM sees, and the unset ones each ARG's value came from
        (``written``: those a run gives take their values as written, where there is one)."""
        env = dict(_PLATFORM)
        env["TARGETSTAGE"] = target_name or "default"  # (platform.go: an unnamed target)
        for key in env:
            if key in self.build_args:
                env[key] = self.build_args[key]
        unset_of: dict[str, tuple[str, ...]] = {}
        blank_of: dict[str, tuple[str, ...]] = {}
        for key, default, line in self.meta:
            blank_of.pop(key, None)
            if key in self.build_args:
                env[key] = self.build_args[key]
                unset_of.pop(key, None)
                if key in self.blank_given and not env[key]:
                    blank_of[key] = (key,)
            elif written is not None and key in self.unknown and key in written:
                env[key] = written[key]
                unset_of.pop(key, None)
            elif key in self.unknown and key not in _PLATFORM:
                # (its value is not known here: not blank, unknown; an automatic platform
                # argument a run passes names the platform, which is read as linux/amd64)
                env[key] = self.leading.get(key, "")
                unset_of[key] = self.unknown[key]
            elif default is not None:
                try:
                    expansion = expand(default, env, escape=self.escape)
                except ExpansionError as exc:
                    if written is None:  # (reported once: by the reading as BuildKit's)
                        self.error(line, str(exc))
                    else:
                        unset_of[key] = (key,)
                    continue
                env[key] = expansion.text
                unset_of[key] = _unset(expansion.unset, expansion.used, unset_of)
                via = [name for used in expansion.used for name in blank_of.get(used, ())]
                if key in self.blank_given and not expansion.text:
                    via.insert(0, key)
                if via:
                    blank_of[key] = tuple(dict.fromkeys(via))
        if written is None:
            self.blank_of = blank_of
        return env, unset_of

    def as_named(self) -> dict[str, str]:
        """The build arguments a run gives, as the tool writes them where it is known, else
        as ``${NAME}``: a base image made of those says where a run's values go
        (``quay.io/${OWNER}/base-notebook``), which may fit a name the project builds with a
        run's value in the same place (``quay.io/*/base-notebook``)."""
        return {**{name: "${" + name + "}" for name in self.unknown}, **self.written}

    def unknown_in(self, unset: tuple[str, ...]) -> bool:
        """Whether a value depends on a build argument whose value is not known here."""
        return any(name in unset for names in self.unknown.values() for name in names)

    def platform(
        self, stage: Stage, env: tuple[dict[str, str], dict[str, tuple[str, ...]]]
    ) -> None:
        assert stage.platform is not None
        raw = stage.platform.text
        try:
            expansion = expand(raw, env[0], escape=self.escape)
        except ExpansionError as exc:
            self.error(stage.line, f"failed to process arguments for platform : {exc}")
            return
        value = expansion.text
        if not value:
            if not self.unknown_in(_unset(expansion.unset, expansion.used, env[1])):
                self.error(stage.line, f"empty platform value from expression {raw}")
            # (else the build's to give, as a base image's: CrunchyData/pg_tileserv's Makefile
            # passes --build-arg PLATFORM=$(PLATFORM) to `FROM --platform=${PLATFORM} …`)
            return
        stage.platform = Value(value, stage.platform.offsets)

    def source(self, ref: Ref, names: dict[str, Stage], nodes: list[object]) -> object | None:
        """toCommand: the stage or image a --from / --mount names."""
        if ref.kind == "copy":
            try:
                plain = expand(ref.value, {}, escape=self.escape).text == ref.value
            except ExpansionError as exc:
                self.error(ref.cmd_line, str(exc))
                return None
            if not plain:
                self.error(
                    ref.cmd_line,
                    "variable expansion is not supported for --from, define a new stage with "
                    "FROM using ARG from global scope as a workaround",
                )
                return None
            index = _atoi(ref.value)
            if index is not None:
                if 0 <= index < len(nodes):
                    return nodes[index]
                self.error(ref.cmd_line, f"invalid stage index {index}")
                return None
            value = ref.value
        else:
            value = ref.value or SCRATCH
        stage = names.get(go_lower(value))
        if stage is not None:
            return stage
        image = Image(ref if ref.value else None)
        nodes.append(image)
        return image

    def target_stage(self, names: dict[str, Stage]) -> Stage | None:
        if not self.target:
            return self.stages[-1]
        stage = names.get(go_lower(self.target))
        if stage is None:
            self.error(None, f"target stage {go_quote(self.target)} could not be found")
        return stage

    def check_cycles(self) -> None:
        """validateCircularDependency, over --from and --mount (not FROM)."""
        visited: set[int] = set()
        for stage in self.stages:
            if stage.index in visited:
                continue
            path: set[int] = set()
            found = _cycle(stage, visited, path)
            if found is not None:
                name = stage.name or f"stage-{stage.index}"
                self.error(found, f"circular dependency detected on stage: {name}")
                return

    def check_order(self, reached: set[int]) -> None:
        """A reachable stage cannot use a stage defined after it."""
        for stage in self.stages:
            if id(stage) not in reached:
                continue
            for dep, ref in stage.deps:
                if not isinstance(dep, Stage) or dep.index <= stage.index:
                    continue
                if ref.kind == "copy":
                    current = stage.name or (f"stage-{stage.index}" if len(self.stages) > 1 else "")
                    self.error(
                        ref.cmd_line,
                        f"cannot copy from stage {go_quote(ref.value)}, it needs to be defined "
                        f"before current stage {go_quote(current)}",
                    )
                else:
                    self.error(
                        ref.cmd_line,
                        f"cannot mount from stage {go_quote(ref.value)} to {go_quote(ref.target)},"
                        " stage needs to be defined before current command",
                    )


def _reachable(
    target: Stage | None,
    bases: list[Stage | None],
    onbuild: dict[int, list[object]],
) -> set[int]:
    """ids of the stages and images built for the target."""
    reached: set[int] = set()
    todo: list[object] = [] if target is None else [target]
    while todo:
        node = todo.pop()
        if id(node) in reached:
            continue
        reached.add(id(node))
        if isinstance(node, Stage):
            base = bases[node.index]
            if base is not None:
                todo.append(base)
                todo.extend(onbuild[base.index])
            todo.extend(dep for dep, _ in node.deps)
    return reached


def _cycle(stage: Stage, visited: set[int], path: set[int]) -> int | None:
    # Iterative depth-first search; returns the line of the first step on a cycle.
    stack: list[tuple[Stage, int, int | None]] = [(stage, 0, None)]
    visited.add(stage.index)
    path.add(stage.index)
    while stack:
        current, k, first = stack[-1]
        if k >= len(current.deps):
            stack.pop()
            path.discard(current.index)
            continue
        stack[-1] = (current, k + 1, first)
        dep, ref = current.deps[k]
        if not isinstance(dep, Stage):
            continue
        line = first if first is not None else ref.cmd_line
        if dep.index in path:
            return line
        if dep.index in visited:
            continue
        visited.add(dep.index)
        path.add(dep.index)
        stack.append((dep, 0, line))
    return None


def _unset(
    unset: Iterable[str], used: Iterable[str], unset_of: Mapping[str, tuple[str, ...]]
) -> tuple[str, ...]:
    """The unset variables a value depends on, directly or through a global ARG."""
    names = set(unset)
    for name in used:
        names.update(unset_of.get(name, ()))
    return tuple(sorted(names))

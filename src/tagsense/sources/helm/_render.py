"""Rendering a chart as ``helm template`` does, and finding the images in what it writes.

The steps are Helm's (``action.Install`` with ``--dry-run=client``): load,
process dependencies, coalesce values, then render every template of the
chart and of its enabled subcharts with the data Helm gives it
(``.Values`` scoped to the chart, ``.Chart``, ``.Release``,
``.Capabilities``, ``.Files``, ``.Template``). Each rendered file is read as
YAML and its images found by the Kubernetes source's own walk
(:func:`tagsense.sources.kubernetes.find_images`).

An image is then traced back: the rendered text's spans say which values
scalars its characters came from, and the occurrence points at the one that
holds its tag (or its digest), in the values file a user edits; when the tag
is the chart's ``appVersion``, at the scalar that holds the repository. An
image written whole in a template points at the template line.
"""

from __future__ import annotations

import posixpath
import re

from ..._gotemplate import (
    FUNCTIONS,
    PLACEHOLDER,
    Engine,
    ExecError,
    Failed,
    Origin,
    Site,
    Template,
    TemplateSyntaxError,
    TStr,
    Unknown,
    parse_template,
)
from ..._gotemplate.goyaml import compose_all
from ..._gotemplate.grammar import unquote_go
from ..._gotemplate.nodes import If, Range, Text, With
from ..._gotemplate.relevance import (
    SKIPPED,
    could_print_images,
    mentions_image,
    objects,
    word_found,
)
from ..._gotemplate.semver import check as semver_check
from ..._gotemplate.values import EMPTY_REGISTRY, GoValues, is_true, without_no_value
from ..._image_keys import IMAGE_KEY_LINE
from ..._lazy import lazy_pattern
from ...occurrence import Occurrence, SourceError, parse_or_error
from .._yaml import YamlFile, value_position
from ..kubernetes import CORE_IMAGE_KINDS, IMAGE_KINDS, find_images
from ._absent import absent_images, library_images, mark_absent
from ._objects import KUBE_VERSION, Capabilities, Files, release
from ._values import coalesce_values, process_dependencies, table

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from ..._gotemplate.nodes import Body
    from ..kubernetes import Found
    from ._load import Chart

__all__ = ["KIND", "render_images", "render_text"]

KIND = "helm"


class _Renderable:
    __slots__ = ("base_path", "chart", "data", "path", "text")

    def __init__(
        self, text: str, data: dict[str, object], base_path: str, path: str, chart: Chart
    ) -> None:
        self.text = text
        self.data = data
        self.base_path = base_path
        self.path = path
        self.chart = chart

    def data_for(self, name: str) -> dict[str, object]:
        """What the template ``name`` renders with: the chart's data and its ``.Template``."""
        data = dict(self.data)
        data["Template"] = {"Name": name, "BasePath": self.base_path}
        return data


def _metadata_map(chart: Chart, is_root: bool) -> dict[str, object]:
    """``.Chart``: Helm v4's metadata as a map (Go field names)."""
    m = chart.metadata
    dependencies = [
        {
            "Name": d.get("name", ""),
            "Version": d.get("version", ""),
            "Repository": d.get("repository", ""),
            "Condition": d.get("condition", ""),
            "Tags": list(d.get("tags") or []),
            "Enabled": bool(d.get("enabled")),
            "ImportValues": list(d.get("import-values") or []),
            "Alias": d.get("alias", ""),
        }
        for d in m.get("dependencies") or []  # type: ignore[attr-defined]
    ]
    app_version: object = m.get("appVersion", "")
    origin = chart.app_version_origin
    if origin is not None and isinstance(app_version, str) and app_version:
        app_version = TStr(app_version, ((0, len(app_version), None, origin),))
    return {
        "Name": chart.name,
        "Home": m.get("home", ""),
        "Sources": list(m.get("sources") or []),  # type: ignore[call-overload]
        "Version": m.get("version", ""),
        "Description": m.get("description", ""),
        "Keywords": list(m.get("keywords") or []),  # type: ignore[call-overload]
        "Maintainers": list(m.get("maintainers") or []),  # type: ignore[call-overload]
        "Icon": m.get("icon", ""),
        "APIVersion": m.get("apiVersion", ""),
        "Condition": m.get("condition", ""),
        "Tags": m.get("tags", ""),
        "AppVersion": app_version,
        "Deprecated": bool(m.get("deprecated")),
        "Annotations": dict(m.get("annotations") or {}),  # type: ignore[call-overload]
        "KubeVersion": m.get("kubeVersion", ""),
        "Dependencies": dependencies,
        "Type": m.get("type", ""),
        "IsRoot": is_root,
    }


def _all_templates(
    chart: Chart,
    parent: dict[str, object],
    parent_path: str,
    is_root: bool,
    found: dict[str, _Renderable],
    top_values: dict[str, object],
    shared: dict[str, object],
    depth: int = 0,
) -> dict[str, object]:
    """Helm's ``recAllTpls``: each template with the data its chart's templates see."""
    subcharts: dict[str, object] = {}
    data: dict[str, object] = {
        "Chart": _metadata_map(chart, is_root),
        "Files": Files(chart.files),
        "Release": shared["Release"],
        "Capabilities": shared["Capabilities"],
        "Values": {},
        "Subcharts": subcharts,
    }
    if is_root:
        data["Values"] = GoValues(top_values)
    else:
        parent_values = parent.get("Values")
        scoped = table(parent_values, chart.name) if isinstance(parent_values, dict) else None
        data["Values"] = GoValues(scoped if scoped is not None else {})
    full_path = chart.name if is_root else f"{parent_path}/charts/{chart.name}"
    if depth < 50:
        for child in chart.dependencies:
            subcharts[child.name] = _all_templates(
                child, data, full_path, False, found, top_values, shared, depth + 1
            )
    library = str(chart.metadata.get("type", "")).lower() == "library"
    for name, text, path in chart.templates:
        if library and not posixpath.basename(name).startswith("_"):
            continue
        found[f"{full_path}/{name}"] = _Renderable(
            text, data, f"{full_path}/templates", path, chart
        )
    return data


def _sorted_names(names: list[str]) -> list[str]:
    """Helm's ``sortTemplates``: more slashes first, then reverse lexical order."""
    return sorted(names, key=lambda n: (n.count("/"), n), reverse=True)


class _Render:
    """One render of a chart: its engine, its templates, and what was found."""

    def __init__(self, chart: Chart, renderables: dict[str, _Renderable]) -> None:
        self.chart = chart
        self.root = chart.name
        self.renderables = renderables
        self.occurrences: list[Occurrence] = []
        #: The images the values give dependencies that are not at hand (see ``_absent``).
        self.absent: list[Occurrence] = []
        self.errors: list[SourceError] = []
        #: The chart's values, coalesced (what a missing library's templates would print).
        self.values: dict[str, object] = {}
        # Named templates are found by name in the files' text, and a file is parsed
        # when one of its templates is first needed (or when it is rendered).
        index: dict[str, list[str]] = {}
        bodies: dict[str, str] = {}
        for name in _sorted_names(list(renderables)):
            text = renderables[name].text
            if "define" in text or "block" in text:
                matches = list(_DEFINES.finditer(text))
                for at, match in enumerate(matches):
                    after = matches[at + 1] if at + 1 < len(matches) else None
                    defined = unquote_go(f'"{match[1]}"') if match[1] is not None else match[2]
                    index.setdefault(defined, []).append(name)
                    end = after.start() if after is not None else len(text)
                    bodies[defined] = bodies.get(defined, "") + text[match.end() : end]
        #: The named templates that may write an image key (themselves or through another).
        self.image_helpers = _image_helpers(bodies)
        self.parsed: dict[str, Template | None] = {}
        #: The dependencies taken from the repository (see ``_fetch``), said on each image.
        self.fetched = _fetched(chart)
        self.engine = Engine([], FUNCTIONS, parse=parse_template, index=index, load=self.load)

    def load(self, name: str) -> Template | None:
        """The parsed file (None when it does not parse, an error reported once, or when no
        file has that name)."""
        if name in self.parsed:
            return self.parsed[name]
        renderable = self.renderables.get(name)
        if renderable is None:
            return None
        template: Template | None = None
        try:
            template = parse_template(renderable.text, name)
        except TemplateSyntaxError as error:
            self.error(renderable, error.line, f"template syntax error: {error.message}")
        self.parsed[name] = template
        if template is not None:
            self.engine.templates[name] = template
        return template

    def run(self) -> None:
        for name in sorted(self.renderables):
            base = posixpath.basename(name)
            if base.startswith("_") or base.endswith("NOTES.txt"):
                continue
            text = self.renderables[name].text
            # (a file that neither writes "image", nor prints YAML, nor calls a
            # template cannot write an image; nor can one whose objects are all of
            # kinds without images: neither is even parsed)
            if not (
                mentions_image(text)
                or "include" in text
                or "template" in text
                or word_found(_PRINTS, text)
            ) or (
                not _may_hold_images(_raw_kinds(text), text)
                and not _loose(text)
                and not self.includes_image_helper(text)
            ):
                self.check_fail(name)
                continue
            self.file(name)

    def includes_image_helper(self, text: str) -> bool:
        """Whether a custom resource's text includes a named template that may write an
        image key where it is included: SlinkyProject/slurm-operator's slurm chart writes
        its Controller's ``spec.slurmctld`` with ``include "slurm.format-container"``,
        which sets the container's ``image`` (its text has no ``image:`` key of its own)."""
        if not self.image_helpers or _core_group_only(text):
            return False
        return any(
            (match[1] if match[1] is not None else match[2]) in self.image_helpers
            for match in _INCLUDES.finditer(text)
        )

    def check_fail(self, name: str) -> None:
        """Render a file that writes no image for its ``fail`` only: Helm refuses the values.

        Kong's chart checks its values in a file of no kind
        (``{{ fail "When postgresql.enabled is true, … must be set." }}``). The failure is a
        note, not an error: a chart may refuse its own defaults by design, asking for values
        every user must give (grafana/loki's ``validate.yaml``: "You must provide a
        schema_config"), and that must not fail the check of the repository that publishes it.
        Other errors of such a file are not reported: it deploys no image.
        """
        renderable = self.renderables[name]
        if not word_found(_FAIL, renderable.text) or self.load(name) is None:
            return
        self.engine.included.clear()
        try:
            self.engine.render(name, renderable.data_for(name))
        except Failed as error:
            message = f"Helm refuses these values: {error} (a values check; no image is read here)"
            self.failed(renderable, error, message, note=True)
        except (ExecError, TemplateSyntaxError, RecursionError):
            pass

    def error(
        self, renderable: _Renderable, line: int | None, message: str, *, note: bool = False
    ) -> None:
        self.errors.append(SourceError(renderable.path, line, message, note=note))

    def failed(
        self, renderable: _Renderable, error: ExecError, message: str, *, note: bool = False
    ) -> None:
        """An error where it happened: the file and line of the action (a helper's, maybe)."""
        template, line = error.where or (None, None)
        where = self.renderables.get(template, renderable) if template else renderable
        self.error(where, line or None, message, note=note)

    def file(self, name: str) -> None:
        engine, renderable = self.engine, self.renderables[name]
        template = self.load(name)
        if template is None:
            return
        data = renderable.data_for(name)
        if _switched_off(engine, name, template.body, data):
            return  # (before its analysis: most of a chart's files are off by default)
        kinds, loose = objects(template.body)
        source = renderable.text
        if not (loose or _may_hold_images(kinds, source) or self.includes_image_helper(source)):
            self.check_fail(name)
            return  # (it writes Services, ConfigMaps…: objects without images)
        if not could_print_images(engine, template.body) or not engine.plan(template.body).images:
            self.check_fail(name)
            return
        for selective in (True, False):
            engine.included.clear()
            try:
                output = engine.render(name, data, selective=selective)
            except Failed as error:
                self.failed(renderable, error, f"the chart fails to render: {error}")
                return
            except TemplateSyntaxError as error:
                where = self.renderables.get(error.name, renderable)
                self.error(where, error.line, f"template syntax error: {error.message}")
                return
            except ExecError as error:
                self.failed(renderable, error, f"cannot render: {error}")
                return
            except RecursionError:
                self.error(renderable, engine.line or None, "cannot render: nested too deeply")
                return
            cleaned = without_no_value(output)
            text = cleaned if isinstance(cleaned, TStr) else TStr(cleaned)
            manifests = _load_manifests(str(text), renderable.path)
            if manifests.errors:
                manifests = _without_unknown_lines(str(text), renderable.path, manifests)
            if manifests.errors:
                manifests = _trimmed_documents(str(text), renderable.path, manifests)
            if not manifests.errors:
                break
            if not selective:
                problem = manifests.errors[0]
                self.error(
                    renderable,
                    None,
                    f"the rendered YAML is invalid (line {problem.line} of the output): "
                    f"{problem.message.removeprefix('invalid YAML: ')}",
                )
                return
        _workload_api_versions(manifests)
        found_images = find_images(manifests)
        if not found_images:
            return
        starts = _line_starts(text)
        assumptions = list(engine.assumptions)
        for found in found_images:
            if found.value.lstrip().startswith((":", "@")):
                # (no name, only a tag: the values leave the name empty for the deployment to
                # give, `repository: ""  # Dummy value, overridden in ArgoCD config.` of
                # alphagov/govuk-helm-charts' generic-govuk-app: nothing is pulled as written)
                continue
            self.occurrences.append(self.occurrence(text, starts, found, name, assumptions))

    # --- tracing an image back ---------------------------------------------------------------

    def occurrence(
        self, text: TStr, starts: list[int], found: Found, name: str, assumptions: list[str]
    ) -> Occurrence:
        node, value = found.node, found.value
        line, column = value_position(node)
        start = starts[line - 1] + column - 1 if line - 1 < len(starts) else 0
        if text[start : start + len(value)] != value:
            start = starts[node.start_mark.line] + node.start_mark.column
        end = start + len(value)
        origins: list[tuple[int, int, Origin]] = []
        sites: list[tuple[int, int, Site]] = []
        for a, b, site, origin in text.spans:
            if b < start or a >= end:
                continue
            if origin is not None and b > start:
                origins.append((max(a, start) - start, min(b, end) - start, origin))
            if site is not None:
                sites.append((a, b, site))

        unresolved: list[str] = []
        shown = value
        if "\u2983" in value:

            def placeholder(match: re.Match[str]) -> str:
                unknown = self.engine.unknowns[int(match[1])]
                if unknown.reason not in unresolved:  # (two values of one dependency: one reason)
                    unresolved.append(unknown.reason)
                return "{{ " + (unknown.source or "?") + " }}"

            shown = PLACEHOLDER.sub(placeholder, value)
        if value.lstrip().startswith("/"):
            # (the registry the values leave empty for the deployment to give: kaapana's
            # `{{ .Values.global.registry_url }}/mitk-flow:…` with `registry_url: ""`, which its
            # deploy script sets; as written the name is invalid, and nothing is pulled)
            unresolved.append(EMPTY_REGISTRY)

        context: dict[str, object] = {"chart": self.root}
        if "/charts/" in name:
            context["subchart"] = name.split("/templates/")[0].rsplit("/charts/", 1)[-1]
        for key, item in found.context.items():
            # (a name written by a helper that was not run is not known: left out)
            if not (isinstance(item, str) and SKIPPED in item):
                context[key] = item
        parts = _parts(value)
        tag = _covering(origins, *parts["tag"]) if "tag" in parts else None
        repository = _covering(origins, parts["repository"][1] - 1, parts["repository"][1])
        digest = _covering(origins, *parts["digest"]) if "digest" in parts else None
        target: Origin | None = None
        if tag is not None and tag.kind == "values":
            target = tag
        elif tag is not None and tag.kind == "chart":
            context["tag_from"] = "appVersion"
            target = repository if repository is not None and repository.kind == "values" else tag
        if target is None and digest is not None and digest.kind == "values":
            target = digest
        if target is None and repository is not None and repository.kind == "values":
            target = repository
        from_set = sorted({o.key for _, _, o in origins if o.kind == "set"})
        if from_set:
            context["set"] = from_set
        written = self.site(sites, text, start, value)
        if written is not None:
            context["template"] = written[3]
        if assumptions:
            context["assumed"] = list(assumptions)
        if self.fetched:
            context["fetched"] = list(self.fetched)
        if target is not None:
            context["key"] = target.key
            context["value"] = target.text  # (what is written there: what an edit replaces)
            where = (target.path, target.line, target.column)
        elif written is not None:
            where = written[:3]
        else:
            where = (self.renderables[name].path, 1, 1)
        return Occurrence(
            path=where[0],
            line=where[1],
            column=where[2],
            kind=KIND,
            raw=shown,
            text=shown,
            reference=None if unresolved else parse_or_error(shown)[0],
            unresolved=unresolved,
            context=context,
        )

    def site(
        self, sites: list[tuple[int, int, Site]], text: str, start: int, value: str
    ) -> tuple[str, int, int, str] | None:
        """(path, line, column, ``template:line``) of the template line that writes an image."""
        position = max(start - 1, 0)
        covering = [(b - a, a, site) for a, b, site in sites if a <= position < b]
        if not covering:
            return None
        _, span_start, site = min(covering, key=lambda item: item[0])
        # (the template's text runs line for line; an action's output is all on its line)
        line = site.line + (text.count("\n", span_start, position) if site.flowing else 0)
        renderable = self.renderables.get(site.template)
        if renderable is None:  # (a tpl string: no file)
            return None
        source_lines = renderable.text.splitlines()
        column = 1
        if 0 < line <= len(source_lines):
            source_line = source_lines[line - 1]
            found = source_line.find(value)
            column = found + 1 if found >= 0 else len(source_line) - len(source_line.lstrip()) + 1
        shown = self.chart.relative(renderable.path)
        return renderable.path, line, column, f"{shown}:{line}"


def _fetched(chart: Chart) -> list[str]:
    """``NAME VERSION from PATH`` of each dependency taken from the repository, at any depth."""
    found: list[str] = []
    stack = [chart]
    while stack and len(found) < 100:
        current = stack.pop()
        for sub in current.dependencies:
            if sub.fetched_from is not None:
                found.append(f"{sub.name} {sub.metadata.get('version')} from {sub.fetched_from}")
            stack.append(sub)
    return sorted(found)


def _switched_off(engine: Engine, name: str, body: Body, data: dict[str, object]) -> bool:
    """Whether a file writes nothing but white space: it is all inside one ``if``,
    ``with`` or ``range`` without ``else`` (``{{- if .Values.ingress.enabled }}``,
    ``{{- range .Values.extraObjects }}``) whose condition is false, or whose list is
    empty. The condition is evaluated as Helm evaluates it; unknown, or failing, it is
    not taken as false (the file is rendered, and says why)."""
    switch: If | With | Range | None = None
    for node in body:
        if type(node) is Text and not node.text.strip(" \t\r\n"):
            continue
        if switch is not None or not isinstance(node, If | With | Range) or node.else_body:
            return False
        switch = node
    if switch is None:
        return False
    value = engine.evaluate(name, data, switch.source)
    if isinstance(value, Unknown):
        return False
    if isinstance(switch, Range):
        return value is None or (isinstance(value, list | tuple | dict) and not value)
    return not is_true(value)


def _covering(origins: list[tuple[int, int, Origin]], lo: int, hi: int) -> Origin | None:
    """The origin that covers most of [lo, hi) (the narrowest on a tie)."""
    best: tuple[int, int] | None = None
    chosen: Origin | None = None
    for a, b, origin in origins:
        overlap = min(b, hi) - max(a, lo)
        if overlap <= 0:
            continue
        score = (overlap, -(b - a))
        if best is None or score > best:
            best, chosen = score, origin
    return chosen


def render_images(
    chart: Chart,
    user_values: dict[str, object],
    *,
    release_name: str = "release-name",
    namespace: str = "default",
) -> tuple[list[Occurrence], list[SourceError]]:
    """The images the chart deploys with ``user_values``, and what went wrong."""
    kube_version = str(chart.metadata.get("kubeVersion") or "")
    if kube_version and not semver_check(kube_version, KUBE_VERSION):
        message = (
            f"chart requires kubeVersion: {kube_version} which is incompatible with "
            f"Kubernetes {KUBE_VERSION}"
        )
        return [], [SourceError(chart.file_path("Chart.yaml"), None, message)]
    try:
        render = _prepare(chart, user_values, release_name, namespace)
    except ValueError as error:
        return [], [SourceError(chart.file_path("values.yaml"), None, str(error))]
    render.run()
    # (the templates of a chart that calls a missing library's helpers and renders no image
    # print its values' image maps; one that renders its images needs no guess)
    # (an image that only a missing library's helper writes, `image: {{ include
    # "common.images.image" (dict "imageRoot" .Values.image) }}`, is not rendered: the
    # chart's image maps say it, as for a chart that renders none)
    # (nor one whose other images render, its helm-test pods' `busybox`: Marquez's chart
    # writes its two Deployments' images with Bitnami's helper, and they were TS011s)
    wanting = {
        str(o.context.get("subchart", chart.name))
        for o in render.occurrences
        if _missing_helper_only(o)
    }
    rendered = {
        str(o.context.get("subchart", chart.name))
        for o in render.occurrences
        if not _missing_helper_only(o)
    } - wanting
    guessed = library_images(chart, render.values, chart.name, rendered)
    if guessed:  # (the charts whose values files the guesses are in)
        guessed_dirs = {posixpath.dirname(o.path or "") for o in guessed}
        render.occurrences = [
            o
            for o in render.occurrences
            if not (
                _missing_helper_only(o)
                and (o.path or "").rpartition("/templates/")[0] in guessed_dirs
            )
        ]
    render.absent += guessed
    return _deduplicated([*render.occurrences, *render.absent]), render.errors


def _missing_helper_only(occurrence: Occurrence) -> bool:
    """Whether an image is unresolved only for want of a named template (a missing library's)."""
    return bool(occurrence.unresolved) and all(
        reason.startswith("no template ") for reason in occurrence.unresolved
    )


def _prepare(
    chart: Chart, user_values: dict[str, object], release_name: str, namespace: str
) -> _Render:
    """What Helm does before it renders: dependencies, values, each template's data."""
    process_dependencies(chart, user_values)
    top_values = coalesce_values(chart, user_values)
    mark_absent(chart, top_values)
    shared: dict[str, object] = {
        "Release": release(release_name, namespace),
        "Capabilities": Capabilities(),
    }
    renderables: dict[str, _Renderable] = {}
    _all_templates(chart, {}, "", True, renderables, top_values, shared)
    render = _Render(chart, renderables)
    render.absent = absent_images(chart, top_values, chart.name)
    render.values = top_values
    return render


def render_text(
    chart: Chart,
    user_values: dict[str, object],
    *,
    release_name: str = "release-name",
    namespace: str = "default",
) -> dict[str, str]:
    """Every template's whole text, as ``helm template`` writes it (for tests and debugging).

    A template that cannot be rendered is missing; an unknown value is its
    placeholder (``⦃n⦄``).
    """
    render = _prepare(chart, user_values, release_name, namespace)
    renderables = render.renderables
    texts: dict[str, str] = {}
    for name in sorted(renderables):
        if posixpath.basename(name).startswith("_") or render.load(name) is None:
            continue
        data = renderables[name].data_for(name)
        render.engine.included.clear()
        try:
            output = render.engine.render(name, data)
        except (ExecError, TemplateSyntaxError, RecursionError):
            continue
        texts[name] = str(without_no_value(output))
    return texts


# "kind: X" at the start of a line, and what may write other objects: a kind written by
# an action, or an include, template or YAML printed at the start of a line, not indented.
# (No pattern starts with "^" or \b: re would try it at every character, not only where
# its first characters are; where a match starts is checked on each one. A chart's
# templates are megabytes, and every file is looked at.)
_RAW_KIND = re.compile(r"kind:[ \t]*[\"']?([A-Za-z0-9_.-]+)")
_KIND_ACTION = re.compile(r"kind:[ \t]*[\"']?\{\{")
_PRINTING = (
    r"[ \t]*+\{\{-?[ \t]*(?:include|template|toYaml|toYamlPretty|tpl|\$?\.Files)\b"
    r"(?:(?!\}\})(?!\|\s*n?indent\s+[1-9]).)*\}\}"
)
_PRINTS_FIRST = lazy_pattern(_PRINTING)  # (at the start of the file)
_PRINTS_LINE = lazy_pattern("\n" + _PRINTING)  # (at the start of another line)
_DEFINES = lazy_pattern(r"""\{\{-?\s*(?:define|block)\s+(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`)""")
#: A named template called: ``include "name"``, ``template "name"`` (the name unquoted as
#: written: an escape in a name is rare enough to miss).
_INCLUDES = lazy_pattern(r"""\b(?:include|template)\s+(?:"([^"\\]*)"|`([^`]*)`)""")
#: An image key a template writes: on a line of YAML, or as a string a function sets
#: (``set $container "image" …``, ``dict "image" …``).
_IMAGE_KEY_STRING = re.compile(r'"(?:image|imageName)"')


def _image_helpers(bodies: dict[str, str]) -> frozenset[str]:
    """The named templates (by their bodies' text) that write an image key, themselves or
    through another they include."""
    found = {
        name
        for name, body in bodies.items()
        if IMAGE_KEY_LINE.search(body) is not None or _IMAGE_KEY_STRING.search(body) is not None
    }
    calls = {
        name: {m[1] if m[1] is not None else m[2] for m in _INCLUDES.finditer(body)}
        for name, body in bodies.items()
        if name not in found and ("include" in body or "template" in body)
    }
    grown = True
    while grown:  # (a helper that includes one that writes an image writes it too)
        grown = False
        for name, called in calls.items():
            if name not in found and not called.isdisjoint(found):
                found.add(name)
                grown = True
    return frozenset(found)


_FAIL = re.compile(r"fail\b")
_PRINTS = re.compile(r"(?:toYaml|toYamlPretty|mustToYaml|toJson|toPrettyJson|tpl)\b|\.Files\b")


def _line_starts_of(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of ``pattern`` that start a line (as ``^`` would, at a tenth of the cost)."""
    for match in pattern.finditer(text):
        start = match.start()
        if not start or text[start - 1] == "\n":
            yield match


def _raw_kinds(text: str) -> list[str]:
    """The kinds written at the start of a line (``kind: Deployment``)."""
    return [match[1] for match in _line_starts_of(_RAW_KIND, text)]


def _loose(text: str) -> bool:
    """Whether a file may write objects its text does not name: a kind written by an
    action, or an include, template or YAML printed alone at the start of a line."""
    return (
        next(_line_starts_of(_KIND_ACTION, text), None) is not None
        or _PRINTS_FIRST.match(text) is not None
        or _PRINTS_LINE.search(text) is not None
    )


#: The kinds whose images the Kubernetes source reads (and every ``*List``).
_KINDS = IMAGE_KINDS
# "apiVersion:" at the start of a line (see _line_starts_of), and a version of the core
# API group written out ("v1", "v2beta1"; quoted or not, a comment after it).
_API_VERSION = re.compile(r"apiVersion:([^\n]*)")
_CORE_VERSION = lazy_pattern(r"[ \t]*([\"']?)v[0-9]+(?:(?:alpha|beta)[0-9]+)?\1[ \t]*(?:#.*)?\r?")


def _core_group_only(text: str) -> bool:
    """Whether every ``apiVersion`` the text writes is a version of the core group, written
    out at the start of a line (``apiVersion: v1``; not one an action writes, nor one in
    a list's items): its objects are then the core group's, the text's kinds read there.

    (Every Service of a chart is ``v1``'s, which has no images; Knative's Service,
    ``serving.knative.dev/v1``, has. By its kind alone, each file of a chart's Services
    was parsed, analysed and rendered: a twelfth of the time of the fixture charts.)
    """
    count = text.count("apiVersion")
    if not count:
        return False
    found = 0
    for match in _line_starts_of(_API_VERSION, text):
        if _CORE_VERSION.fullmatch(match[1]) is None:
            return False
        found += 1
    return found == count


def _may_hold_images(kinds: Iterable[str], text: str) -> bool:
    """Whether objects of these kinds, written by ``text``, may hold images: the kinds the
    Kubernetes source reads (in the core group's, when they are its: :func:`_core_group_only`),
    any list, a custom resource with a pod template (an
    operator's CloneSet or RayCluster: ``containers`` in its text), or one with an image
    field of its own (``image:``, ``imageName:``, ``exporterImage:``; not a CRD's schema)."""
    if "containers" in text:
        return True
    if any(k in _KINDS or k.endswith("List") for k in kinds):
        if not _core_group_only(text):
            return True
        if any(k in CORE_IMAGE_KINDS or k.endswith("List") for k in kinds):
            return True
    return "CustomResourceDefinition" not in kinds and IMAGE_KEY_LINE.search(text) is not None


# (at the start of a line: see _line_starts_of)
_SEPARATOR = re.compile(r"---")
#: A separator with text after it on its line (not a comment): ``---apiVersion: v1``.
_GLUED = re.compile(r"---[ \t]*(?=[^\s#])")
_TOP_KIND = re.compile(r"kind:[ \t]*[\"']?([A-Za-z0-9_.-]+)[\"']?[ \t]*(?:#.*)?$", re.M)


def _without_unknown_lines(text: str, path: str, manifests: YamlFile) -> YamlFile:
    """The rendered documents read again, each line that is only an unknown value left out,
    when the text is invalid YAML as it is (``manifests``, returned when that does not help).

    An unknown value printed alone on a line is what a helper wrote there, unknown whole:
    sd-core's ``certs_pod_annotations`` (checksums of a CA ``genCA`` makes) under a pod's
    ``annotations:``, a line of ``key: value`` pairs to Helm, a bare scalar to YAML, which
    makes the whole Deployment invalid (omec-project/sdcore-helm-charts' 5g-control-plane:
    9 Deployments, survey 42c). Its lines are blanked, so positions stay those of the text;
    what they held is unknown anyway, and an image on such a line is no image to read.
    """
    if _UNKNOWN_LINE.search(text) is None:
        return manifests
    retried = _load_manifests(_UNKNOWN_LINE.sub("", text), path)
    return manifests if retried.errors else retried


def _trimmed_documents(text: str, path: str, manifests: YamlFile) -> YamlFile:
    """The rendered documents read again as Helm reads them, each one's first line without
    its indentation, when the text is invalid YAML as it is (``manifests``, returned when that
    does not help).

    Helm splits its output into documents and trims each (``SplitManifests`` in
    ``pkg/release/v1/util/manifest.go``: ``strings.TrimSpace``) before it parses them: a
    template whose first line is indented (`` apiVersion: apps/v1``, then ``kind:`` at the
    margin) is a Deployment to Helm, invalid YAML as written (FAForever/gitops-stack's
    ``apps/faf-api/templates/deployment.yaml``, survey s48a). Only that line changes: the
    positions of the lines below, where images are, stay those of the text.
    """
    trimmed = _INDENTED_START.sub(lambda match: match[1], text)
    if trimmed == text:
        return manifests
    retried = _load_manifests(trimmed, path)
    return manifests if retried.errors else retried


#: The indentation of a document's first line (at the start of the output or after a ``---``
#: line, past empty lines): group 1 is what comes before it.
_INDENTED_START = lazy_pattern(r"(?m)((?:\A|^---[ \t]*\n)(?:[ \t]*\n)*)[ \t]+(?=\S)")


#: A line that is only an unknown value (``⦃n⦄``, see :data:`PLACEHOLDER`), indented or not;
#: its newline is kept.
_UNKNOWN_LINE = lazy_pattern("(?m)^[ \t]*\u2983\\d+\u2984[ \t]*$")


def _load_manifests(text: str, path: str) -> YamlFile:
    """The rendered documents as nodes; those of a kind without images are not parsed.

    (A ``CustomResourceDefinition`` can be thousands of lines: its text is
    blanked, lines kept, so positions stay those of the rendered text.)
    """
    import yaml

    # Each segment is composed alone, after as many empty lines as come before it (so
    # positions stay those of the text): (its first line, its pieces).
    segments: list[tuple[int, list[str]]] = [(0, [])]
    lines = 0
    start = 0
    bounds = [m.start() for m in _line_starts_of(_SEPARATOR, text)] + [len(text)]
    for end in bounds:
        chunk = text[start:end]
        glued = _GLUED.match(chunk)
        if glued is not None and mentions_image(chunk):
            # Helm splits its output at every "---" that starts a line, whatever follows it
            # (releaseutil's `(?:^|\s*\n)---\s*`): `---\n{{- if … -}}\napiVersion: …` renders
            # `---apiVersion: …`, a new object to Helm, one YAML reads as a key of the last.
            segments.append((lines, []))
            chunk = chunk[glued.end() :]
        pieces = segments[-1][1]
        lines += chunk.count("\n")
        kinds = (
            [m[1] for m in _line_starts_of(_TOP_KIND, chunk)] if mentions_image(chunk) else ("",)
        )
        if kinds and not _may_hold_images(kinds[-1:], chunk):
            # (its lines kept, as empty lines: positions below stay those of the text)
            newline = chunk.find("\n")
            first = chunk[:newline] if newline >= 0 else chunk
            keep = first if first.startswith("---") and not first[3:].strip() else ""
            chunk = keep + "\n" * chunk.count("\n")
        pieces.append(chunk)
        start = end
    file = YamlFile(path)
    try:
        file.documents = [
            document
            for first, pieces in segments
            for document in compose_all("\n" * first + "".join(pieces))
        ]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        file.errors.append(SourceError(path, line, f"invalid YAML: {error.problem or error}"))
    except (yaml.YAMLError, RecursionError) as error:
        file.errors.append(SourceError(path, None, f"invalid YAML: {error}"))
    return file


#: The API version of a built-in workload kind on the Kubernetes tagsense renders for.
_WORKLOAD_API_VERSIONS = {
    **dict.fromkeys(("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"), "apps/v1"),
    **dict.fromkeys(("Job", "CronJob"), "batch/v1"),
}


def _workload_api_versions(file: YamlFile) -> None:
    """Give a built-in workload whose ``apiVersion`` is unknown the one its kind has.

    A missing library writes it: Bitnami's ``common`` (PrefectHQ/prefect-helm's
    prefect-server: ``apiVersion: {{ include "common.capabilities.deployment.apiVersion" .
    }}``, ``apps/v1`` on every Kubernetes Helm supports). The kind says what the object is;
    without an API group it would be read as nothing, and its images lost.
    """
    import yaml

    for document in file.documents:
        if not isinstance(document, yaml.MappingNode):
            continue
        fields = {
            key.value: value
            for key, value in document.value
            if isinstance(key, yaml.ScalarNode) and key.value in ("apiVersion", "kind")
        }
        api, kind = fields.get("apiVersion"), fields.get("kind")
        if (
            isinstance(api, yaml.ScalarNode)
            and isinstance(kind, yaml.ScalarNode)
            and kind.value in _WORKLOAD_API_VERSIONS
            and PLACEHOLDER.fullmatch(api.value.strip()) is not None
        ):
            api.value = _WORKLOAD_API_VERSIONS[kind.value]


def _line_starts(text: str) -> list[int]:
    starts = [0]
    index = text.find("\n")
    while index >= 0:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


def _parts(value: str) -> dict[str, tuple[int, int]]:
    """Where the repository, tag and digest are in an image's text."""
    at = value.find("@")
    body = value if at < 0 else value[:at]
    parts: dict[str, tuple[int, int]] = {}
    colon = body.rfind(":")
    if colon > body.rfind("/"):
        parts["repository"] = (0, colon)
        parts["tag"] = (colon + 1, len(body))
    else:
        parts["repository"] = (0, len(body))
    if at >= 0:
        parts["digest"] = (at + 1, len(value))
    return parts


def _deduplicated(occurrences: list[Occurrence]) -> list[Occurrence]:
    seen: set[tuple[object, ...]] = set()
    unique: list[Occurrence] = []
    for occurrence in occurrences:
        key = (occurrence.path, occurrence.line, occurrence.column, occurrence.text)
        if key in seen:
            continue
        seen.add(key)
        unique.append(occurrence)
    unique.sort(key=lambda o: (o.path or "", o.line, o.column))
    return unique

"""Argo CD: the Applications of a repository that deploy its own charts, with their values.

An Argo CD ``Application`` (``argoproj.io``) whose ``spec.source`` (or one of
``spec.sources[]``) has a ``path`` in this repository (its ``repoURL`` is the checkout's
``origin``, or cannot be told) deploys the chart at that path, when it holds a
``Chart.yaml``, as ``helm template`` renders it with the source's ``helm`` values:

* ``valueFiles``, relative to the chart's path, or to the repository's root when they begin
  with ``/`` (Argo CD's ``resolveFileOrDirectory``), or to the root of the source named by
  ``$REF/`` of a multi-source Application (a ``ref`` source of this repository);
  a file that is not there is left out with ``ignoreMissingValueFiles: true``, else the
  release fails in Argo CD and is not read; a file outside the repository, a URL, or one
  from another repository is not known here: the release is not read;
* ``valuesObject`` (else ``values``, YAML in a string), and ``parameters``, over them
  (Argo CD's precedence: parameters > valuesObject > values > valueFiles), each scalar leaf
  as a ``--set`` (lists are left out, as for a helmfile's inline values).

An ``ApplicationSet``'s ``spec.template`` is such an Application once for each set of
parameters its generators make (with the generator's ``values``, templates of them): a
``list`` generator's ``elements``; a ``git`` generator's
``directories`` of this repository (Go's ``path.Match`` of each ``path`` over the
repository's directories, less those an ``exclude: true`` entry matches; ``{{path}}``,
``{{path.basename}}``, ``{{path.basenameNormalized}}``, ``{{path[N]}}``, and with
``goTemplate: true`` ``{{.path.path}}``, ``{{.path.basename}}``, ``{{index .path.segments
N}}``); a ``matrix`` of two of them. Another generator's parameters are a run's (a
cluster's name): a field written with one is unknown, and a release that needs it is not
read. FAForever/gitops-stack's ``app-set-prod.yaml`` renders each ``apps/*`` chart with
``/{{path}}/values-prod.yaml``, where ``faf-icebreaker`` and ``faf-website`` set the
``image.tag`` that their ``values.yaml`` leaves out.

The files are those a scan's walk considers (as for Flux's paths, ``.kustomize``), found by
their text (``argoproj.io/``) before any is parsed, once a scan for each repository.
"""

from __future__ import annotations

import os
import re

from .._lazy import lazy_pattern
from ..occurrence import BuildSite
from ._yaml import MAX_BYTES, get, is_true, items, load_yaml, scalar, sequence, value_position
from .kubernetes import is_null, node_kind, string_value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    import yaml

    from .project import ChartRelease

__all__ = ["TOOL", "argocd_releases", "forget"]

#: The ``tool`` of the sites of the releases.
TOOL = "argocd"
#: What an Argo CD file says (its API group), looked for before a file is parsed.
_GROUP = b"argoproj.io/"
#: How many parameter sets of one ApplicationSet are read (a matrix multiplies them).
_MAX_PARAMETER_SETS = 512
#: How deep an inline values map is read.
_MAX_DEPTH = 64
#: A template action (fasttemplate's and Go's delimiters alike).
_ACTION = lazy_pattern(r"\{\{(.*?)\}\}", re.S)
#: A Go template action Argo CD's goTemplate mode fills in here: a field path, or one
#: element of a list field (``index .path.segments 1``).
_GO_FIELD = lazy_pattern(r"-?\s*(\.[\w.]+)\s*-?")
_GO_INDEX = lazy_pattern(r"-?\s*index\s+(\.[\w.]+)\s+(\d+)\s*-?")

#: The releases of each repository walked (by its top), by the chart's real directory.
_RELEASES: dict[str, dict[str, tuple[ChartRelease, ...]]] = {}


def forget() -> None:
    """Start afresh: the next scan reads the repositories' Argo CD files as they are then."""
    _RELEASES.clear()


def argocd_releases(chart: str) -> list[ChartRelease]:
    """The releases of the chart directory ``chart`` that the Argo CD Applications and
    ApplicationSets of its repository deploy (see the module), each distinct rendering once."""
    from .._roots import repository_root

    top = repository_root(chart)
    if top is None:
        return []
    known = _RELEASES.get(top)
    if known is None:
        known = _RELEASES[top] = _releases_in(top)
    real = os.path.realpath(chart)
    return [_named_from(release, chart, real) for release in known.get(real, ())]


def _named_from(release: ChartRelease, chart: str, real: str) -> ChartRelease:
    """A release with its files named from the chart as the scan names it (``chart``, whose
    real path is ``real``), as the scan names the chart's own files."""
    from .project import ChartRelease

    def named(path: str) -> str:
        return os.path.normpath(os.path.join(chart, os.path.relpath(path, real)))

    site = release.site
    return ChartRelease(
        site=BuildSite(site.tool, named(site.path) if site.path else None, site.line),
        name=release.name, chart=chart,
        values_files=[named(path) for path in release.values_files],
        set_values=release.set_values,
    )  # fmt: skip


def _releases_in(top: str) -> dict[str, tuple[ChartRelease, ...]]:
    from ._listing import listed_files, yaml_files_mentioning

    found: dict[str, dict[tuple[object, ...], ChartRelease]] = {}
    reader: _Reader | None = None
    for parts in yaml_files_mentioning(top, _GROUP):  # (hidden and others' directories aside)
        path = os.path.join(top, *parts)
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_BYTES)
        except OSError:
            continue
        if _GROUP not in data or b"Application" not in data:
            continue
        if reader is None:
            reader = _Reader(top, listed_files(top))
        for release in reader.file(path, data.decode("utf-8", "replace")):
            key = (release.values_files, release.set_values)  # (one rendering of each)
            found.setdefault(os.path.realpath(release.chart), {}).setdefault(key, release)
    return {chart: tuple(kept.values()) for chart, kept in found.items()}


class _Parameters:
    """One set of an ApplicationSet generator's parameters (``known``: whether a name not
    among them is left as written, as Argo CD leaves it, or is a run's)."""

    __slots__ = ("flat", "known", "nested")

    def __init__(self, flat: dict[str, str], nested: dict[str, object], known: bool) -> None:
        self.flat = flat
        self.nested = nested
        self.known = known

    def joined(self, other: _Parameters) -> _Parameters:
        return _Parameters(
            {**self.flat, **other.flat}, {**self.nested, **other.nested},
            self.known and other.known,
        )  # fmt: skip


#: (an Application's fields are no template: a ``{{`` in one is another tool's, a chart's
#: template of it, unknown here)
_UNKNOWN = _Parameters({}, {}, False)


class _Reader:
    def __init__(self, top: str, listed: list[tuple[str, ...]]) -> None:
        self.top = top
        self.listed = listed
        self._directories: list[str] | None = None
        from .ci._repository import origin_url

        origin = origin_url(top)
        self.origin = _repository_key(origin) if origin else None

    def directories(self) -> list[str]:
        """The repository's directories (as the git generator lists them: hidden ones
        aside), relative to its top."""
        if self._directories is None:
            found: dict[str, None] = {}
            for parts in self.listed:
                for end in range(1, len(parts)):
                    if parts[end - 1].startswith("."):
                        break
                    found["/".join(parts[:end])] = None
            self._directories = sorted(found)
        return self._directories

    def ours(self, url: str | None) -> bool:
        """Whether a ``repoURL`` is this repository (or cannot be told apart from it)."""
        if not url or self.origin is None:
            return True
        return _repository_key(url) == self.origin

    def file(self, path: str, text: str) -> Iterator[ChartRelease]:
        loaded = load_yaml(text, path=path, max_bytes=MAX_BYTES)
        for document in loaded.documents:
            api = scalar(get(document, "apiVersion")) or ""
            kind = scalar(get(document, "kind"))
            if not api.startswith("argoproj.io/"):
                continue
            spec = get(document, "spec")
            if kind == "Application":
                name = string_value(get(get(document, "metadata"), "name")) or ""
                yield from self.application(spec, name, path, _UNKNOWN, go=False)
            elif kind == "ApplicationSet":
                template = get(spec, "template")
                go = is_true(get(spec, "goTemplate"))
                sets = self.generated(get(spec, "generators"), go, 0)
                for parameters in sets[:_MAX_PARAMETER_SETS]:
                    named = string_value(get(get(template, "metadata"), "name")) or ""
                    yield from self.application(
                        get(template, "spec"), _render(named, parameters, go) or "", path,
                        parameters, go=go,
                    )  # fmt: skip

    def generated(self, generators: yaml.Node | None, go: bool, depth: int) -> list[_Parameters]:
        """The parameter sets of an ApplicationSet's generators (each generator's in turn)."""
        found: list[_Parameters] = []
        for generator in sequence(generators):
            found += self.generator(generator, go, depth)
        return found

    def generator(self, generator: yaml.Node, go: bool, depth: int) -> list[_Parameters]:
        listed = get(generator, "list")
        if listed is not None:
            elements = sequence(get(listed, "elements"))
            if not elements:
                return [_UNKNOWN]  # (elementsYaml: a template's)
            made = [_element(element) for element in elements]
            return [_with_values(each, get(listed, "values"), go) for each in made]
        git = get(generator, "git")
        if git is not None:
            directories = sequence(get(git, "directories"))
            prefix = string_value(get(git, "pathParamPrefix"))
            if not directories or prefix or not self.ours(string_value(get(git, "repoURL"))):
                return [_UNKNOWN]  # (files', or another repository's directories)
            made = self.git_directories(directories)
            return [_with_values(each, get(git, "values"), go) for each in made]
        matrix = get(generator, "matrix")
        if matrix is not None and depth < 2:
            children = sequence(get(matrix, "generators"))
            if len(children) == 2:
                first = self.generator(children[0], go, depth + 1)
                second = self.generator(children[1], go, depth + 1)
                joined = [a.joined(b) for a in first for b in second]
                return joined[:_MAX_PARAMETER_SETS]
        return [_UNKNOWN]  # (clusters, pull requests, SCM providers…: a run's parameters)

    def git_directories(self, entries: list[yaml.Node]) -> list[_Parameters]:
        from .._glob import compile_glob
        from ..errors import InvalidPattern

        included: list[re.Pattern[str]] = []
        excluded: list[re.Pattern[str]] = []
        for entry in entries:
            pattern = string_value(get(entry, "path"))
            if not pattern:
                continue
            try:
                compiled = compile_glob(pattern)
            except InvalidPattern:
                continue  # (Argo CD logs it and goes on)
            (excluded if is_true(get(entry, "exclude")) else included).append(compiled)
        found = []
        for directory in self.directories():
            if any(p.fullmatch(directory) for p in included) and not any(
                p.fullmatch(directory) for p in excluded
            ):
                found.append(_directory_parameters(directory))
        return found

    def application(
        self, spec: yaml.Node | None, name: str, path: str, parameters: _Parameters, *, go: bool
    ) -> Iterator[ChartRelease]:
        from .project import ChartRelease

        source = get(spec, "source")
        sources = [source] if node_kind(source) == "mapping" else sequence(get(spec, "sources"))
        references: dict[str, str | None] = {}  # ($ref: the root of its repository, if ours)
        for each in sources:
            ref = _render(string_value(get(each, "ref")) or "", parameters, go)
            if ref:
                url = _render(string_value(get(each, "repoURL")) or "", parameters, go)
                references[ref] = self.top if url is not None and self.ours(url) else None
        for each in sources:
            if node_kind(each) != "mapping" or get(each, "chart") is not None:
                continue  # (a chart repository's chart: .._release_values reads its values)
            path_node = get(each, "path")
            written = string_value(path_node)
            chart = _render(written, parameters, go) if written else None
            url = _render(string_value(get(each, "repoURL")) or "", parameters, go)
            if path_node is None or chart is None or url is None or not self.ours(url):
                continue
            directory = os.path.normpath(os.path.join(self.top, chart.strip("/") or "."))
            if not _within(directory, self.top) or not os.path.isfile(
                os.path.join(directory, "Chart.yaml")
            ):
                continue  # (a kustomization, plain manifests: read as they are)
            helm = get(each, "helm")
            values_files = self.values_files(helm, directory, references, parameters, go)
            if values_files is None:
                continue  # (values not known here: the chart is read as it is)
            site = BuildSite(TOOL, path, value_position(path_node)[0])
            yield ChartRelease(
                site=site, name=name, chart=directory, values_files=values_files,
                set_values=_inline_values(helm, parameters, go),
            )  # fmt: skip

    def values_files(
        self,
        helm: yaml.Node | None,
        chart: str,
        references: dict[str, str | None],
        parameters: _Parameters,
        go: bool,
    ) -> list[str] | None:
        """The ``--values`` files of a source, ``None`` when one is not known here."""
        ignore_missing = is_true(get(helm, "ignoreMissingValueFiles"))
        found: list[str] = []
        for item in sequence(get(helm, "valueFiles")):
            written = string_value(item)
            text = _render(written, parameters, go) if written else None
            if not text or "://" in text:
                return None  # (a run's, or a URL)
            if text.startswith("$"):
                ref, _, rest = text[1:].partition("/")
                base = references.get(ref)
                if base is None:
                    return None  # (another repository's file)
                file = os.path.join(base, rest)
            elif text.startswith("/"):
                file = os.path.join(self.top, text.lstrip("/"))
            else:
                file = os.path.join(chart, text)
            file = os.path.normpath(file)
            if not _within(file, self.top):
                return None  # (Argo CD refuses it: "resolved to outside repository root")
            if not os.path.isfile(file):
                if ignore_missing:
                    continue
                return None  # (Argo CD fails to render the release)
            found.append(file)
        return found


def _inline_values(helm: yaml.Node | None, parameters: _Parameters, go: bool) -> list[str]:
    """``--set`` expressions of a source's inline values and parameters, in Argo CD's order."""
    from .builds.helmfile import set_escaped, set_leaves

    sets: list[str] = []
    values = get(helm, "valuesObject")
    if node_kind(values) != "mapping":
        text = string_value(get(helm, "values"))
        values = None
        if text and "{{" not in text:
            documents = load_yaml(text, max_bytes=MAX_BYTES).documents
            values = documents[0] if documents else None
    if node_kind(values) == "mapping" and values is not None:
        for key, value in set_leaves(values):
            rendered = _render(value, parameters, go)
            if rendered is not None:
                sets.append(f"{key}={set_escaped(rendered)}")
    for item in sequence(get(helm, "parameters")):
        name = _render(string_value(get(item, "name")) or "", parameters, go)
        node = get(item, "value")
        if not name or node_kind(node) != "scalar" or is_null(node):
            continue
        given = _render(scalar(node) or "", parameters, go)
        if given is not None:
            sets.append(f"{name}={set_escaped(given)}")
    return sets


def _render(text: str, parameters: _Parameters, go: bool) -> str | None:
    """A template field with the parameters filled in; ``None`` when it needs one that only
    a run knows (a parameter of a generator not read here, an action not modelled)."""
    if "{{" not in text:
        return text
    unknown = False

    def fill(match: re.Match[str]) -> str:
        nonlocal unknown
        inner = match[1]
        if not go:
            name = inner.strip()
            if name in parameters.flat:
                return parameters.flat[name]
            if not parameters.known:
                unknown = True
            return match[0]  # (fasttemplate leaves a name it has no value for as written)
        value = _go_value(inner, parameters.nested)
        if value is None:
            unknown = True
            return ""
        return value

    rendered = _ACTION.sub(fill, text)
    return None if unknown else rendered


def _go_value(action: str, nested: dict[str, object]) -> str | None:
    """What a Go template action of the forms read here prints, else ``None``."""
    index: int | None = None
    field = _GO_FIELD.fullmatch(action)
    if field is None:
        indexed = _GO_INDEX.fullmatch(action)
        if indexed is None:
            return None
        field, index = indexed, int(indexed[2])
    value: object = nested
    for name in field[1].strip(".").split("."):
        if not isinstance(value, dict) or name not in value:
            return None  # (missing: "<no value>", or an error with missingkey=error)
        value = value[name]
    if index is not None:
        if not isinstance(value, list) or index >= len(value):
            return None
        value = value[index]
    return value if isinstance(value, str) else None


def _with_values(parameters: _Parameters, values: yaml.Node | None, go: bool) -> _Parameters:
    """A generator's parameters with its ``values``, each a template of them (Argo CD's
    ``appendTemplatedValues``: ``{{values.KEY}}``, ``{{.values.KEY}}``); one that needs what
    only a run knows is left out."""
    if node_kind(values) != "mapping":
        return parameters
    flat = dict(parameters.flat)
    added: dict[str, object] = {}
    for key, node, _ in items(values):
        written = string_value(node)
        rendered = _render(written, parameters, go) if written is not None else None
        if rendered is not None:
            flat[f"values.{key}"] = rendered
            added[key] = rendered
    return _Parameters(flat, {**parameters.nested, "values": added}, parameters.known)


def _element(node: yaml.Node) -> _Parameters:
    """A list generator's element as parameters: flattened (``values.x``) for fasttemplate,
    as it is for Go templates."""
    flat: dict[str, str] = {}
    nested = _plain(node, 0)
    if not isinstance(nested, dict):
        return _UNKNOWN

    def flatten(value: object, prefix: str) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                flatten(inner, f"{prefix}.{key}" if prefix else key)
        elif isinstance(value, str):
            flat[prefix] = value

    flatten(nested, "")
    return _Parameters(flat, nested, True)


def _plain(node: yaml.Node | None, depth: int) -> object:
    kind = node_kind(node)
    if kind == "mapping" and depth < _MAX_DEPTH:
        return {key: _plain(value, depth + 1) for key, value, _ in items(node)}
    if kind == "sequence" and depth < _MAX_DEPTH:
        return [_plain(value, depth + 1) for value in sequence(node)]
    if kind == "scalar" and not is_null(node):
        return scalar(node) or ""
    return None


def _directory_parameters(directory: str) -> _Parameters:
    """A git directory generator's parameters of one directory (Argo CD's
    ``generateParamsFromApps``)."""
    base = directory.rsplit("/", 1)[-1]
    normalized = _sanitized(base)
    segments = directory.split("/")
    flat = {"path": directory, "path.basename": base, "path.basenameNormalized": normalized}
    flat.update((f"path[{n}]", part) for n, part in enumerate(segments) if part)
    nested: dict[str, object] = {
        "path": {"path": directory, "basename": base, "basenameNormalized": normalized,
                 "segments": segments},
    }  # fmt: skip
    return _Parameters(flat, nested, True)


def _sanitized(name: str) -> str:
    """Argo CD's ``SanitizeName``: a name a Kubernetes object may have."""
    lowered = re.sub(r"[^a-z0-9.-]+", "-", name.lower())
    return lowered.strip("-.")


def _within(path: str, top: str) -> bool:
    return path == top or path.startswith(top.rstrip(os.sep) + os.sep)


#: A remote's URL: ``scheme://[user@]host[:port]/path`` or ``user@host:path``.
_URL = lazy_pattern(
    r"(?:[a-z][a-z0-9+.-]*://(?:[^@/]+@)?(?P<host>[^/:]+)(?::\d+)?/|(?:[^@/]+@)?(?P<scp>[^/:]+):)"
    r"(?P<path>.+)",
    re.I,
)


def _repository_key(url: str) -> str:
    """A repository URL as a key that two ways of writing it share (``host/path``)."""
    found = _URL.fullmatch(url.strip())
    if found is None:
        return url.strip().lower()
    host = (found["host"] or found["scp"] or "").lower()
    path = found["path"].strip("/").removesuffix(".git").lower()
    return f"{host}/{path}"

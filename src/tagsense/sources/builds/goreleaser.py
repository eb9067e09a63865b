"""GoReleaser: the images a ``.goreleaser.yaml`` builds and pushes.

`GoReleaser <https://goreleaser.com/customization/package/dockers_v2/>`_ reads
``.config/goreleaser.y[a]ml``, ``.goreleaser.y[a]ml`` or ``goreleaser.y[a]ml``
(:data:`~tagsense.sources.discover.GORELEASER_FILE_NAMES`) and, on a release,
builds the project's images:

* ``dockers[].image_templates``: each a full name (``docker.io/acme/app:v{{.Version}}``);
* ``dockers_v2[].images``: names, each pushed with every one of ``tags`` (a tag does not
  change the name);
* ``docker_manifests[].name_template`` and its ``image_templates``: a multi-platform
  image and the images it joins;
* ``kos[].repositories`` (and the older ``repository``): ko pushes to the repository
  itself with ``bare: true``, else below it (``REPO/app-<md5>``, ``base_import_paths``:
  ``REPO/app``; ``preserve_import_paths``: the whole import path, any depth, not kept).

Each is a :class:`~tagsense.sources.project.BuiltImage` at its line, tool
``goreleaser``: wherever the project names it (a ``Taskfile`` that runs the image
just built, a manifest), it is a build output, not a pull. wagoodman/dive's
``dockers`` build ``docker.io/wagoodman/dive:latest``, which its Taskfile then runs.

Every value is a Go template. An action whose value the file gives is filled in:
``{{ .ProjectName }}`` with ``project_name:``, ``{{ .Env.NAME }}`` with ``env:``
(``NAME=value``), or with the environment of a command that runs the file (see
``._goreleaser_cmd``: ``goreleaser release -f FILE``); any other (``{{ .Version }}``,
``{{ .Tag }}``, an unset ``.Env``) is a run's value. A name with such a part is kept as the
shell's readers keep one (:func:`~.shell.name_pattern`): a tag only a run knows builds the
name the rest gives, a path component only a run knows is a ``*``, and a name whose registry
or every path component only a run knows is no name. An entry with ``disable: true`` builds nothing.

``kos[].base_image`` is the image ko builds on, pulled: an
:class:`~tagsense.sources.Occurrence` of kind ``ko`` in the result's ``scan`` (juanfont/headscale
builds on ``gcr.io/distroless/base-debian13``, untagged). GoReleaser does not read ``.ko.yaml``.

The Dockerfiles of ``dockers`` and ``dockers_v2`` (``dockerfile``, by default
``Dockerfile``, relative to where GoReleaser runs: the project's root) are built in a
temporary context, each a :class:`~tagsense.sources.project.BuildConfig` with the build
arguments the entry passes: ``dockers``' ``build_flag_templates``
(``--build-arg=NAME=VALUE``, or ``--build-arg`` and ``NAME=VALUE`` as two items;
``--target=STAGE``, ``--platform=OS/ARCH``) and ``dockers_v2``' ``build_args`` (a mapping)
and ``platforms``, each a template as above; one with a run's part is passed unresolved,
with the text before it (kanisterio/kanister builds ``docker/kanister-kubectl``
with ``--build-arg=TOOLS_IMAGE=ghcr.io/kanisterio/kanister-tools:{{ .Tag }}``, the image its
entry before builds). No reader error but the YAML's own: what GoReleaser would refuse, it
reports.
"""

from __future__ import annotations

import os
import re

from ..._lazy import lazy_pattern
from ...occurrence import BuildSite, Occurrence, Scan
from .._yaml import is_true, items, sequence, value_position
from ..kubernetes import node_kind, string_value
from ..project import BuildConfig, BuildFile, BuiltImage
from ._common import MAX_BYTES
from ._shell_values import UNKNOWN, name_pattern
from ._yaml_tool import first_mapping, read_tool_file

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    import yaml

__all__ = ["TOOL", "read_goreleaser", "render", "scan_goreleaser"]

#: The ``tool`` of the sites of the images GoReleaser builds.
TOOL = "goreleaser"


def read_goreleaser(
    path: str,
    *,
    max_bytes: int = MAX_BYTES,
    environment: Mapping[str, str] | None = None,
    directory: str | None = None,
) -> BuildFile:
    """The images the GoReleaser configuration at ``path`` builds (never raises); run in
    ``environment`` (its ``.Env``; ``None``: not known) from ``directory`` (``None``: the
    file's own, see :func:`_run_directory`), as a command that names the file runs it
    (see ``._goreleaser_cmd``)."""
    if environment is None and directory is None:
        return read_tool_file(path, max_bytes, scan_goreleaser)

    def scan(text: str, *, path: str | None = None, max_bytes: int = MAX_BYTES) -> BuildFile:
        return scan_goreleaser(
            text, path=path, max_bytes=max_bytes, environment=environment, directory=directory
        )

    return read_tool_file(path, max_bytes, scan)


def scan_goreleaser(
    text: str,
    *,
    path: str | None = None,
    max_bytes: int = MAX_BYTES,
    environment: Mapping[str, str] | None = None,
    directory: str | None = None,
) -> BuildFile:
    """:func:`read_goreleaser` of a file's text."""
    document, errors, suppressions = first_mapping(text, path, max_bytes)
    fields = {key: value for key, value, _ in items(document)}
    known = _known_values(fields, environment or {})
    built: list[BuiltImage] = []
    for value, below in _named_images(fields):
        template = string_value(value)
        if not template:
            continue
        name = name_pattern(render(template, known) + below)
        if name is not None:
            built.append(BuiltImage(name, BuildSite(TOOL, path, value_position(value)[0])))
    # (a list that several entries share through an alias: each name at its line once)
    unique = dict.fromkeys(built)
    pulled = _base_images(fields, known, path)
    builds = _dockerfile_builds(fields, known, path, directory)
    return BuildFile(
        builds=builds, built=unique, scan=Scan(pulled, errors, suppressions), path=path
    )


def _dockerfile_builds(
    fields: Mapping[str, yaml.Node],
    known: Mapping[str, str],
    path: str | None,
    directory: str | None = None,
) -> list[BuildConfig]:
    """The builds of the Dockerfiles of ``dockers`` and ``dockers_v2`` (see the module), run
    from ``directory`` (``None``: the file's own)."""
    root = _run_directory(path) if directory is None else directory
    found: list[BuildConfig] = []
    for key in ("dockers", "dockers_v2"):
        for entry in _entries(fields.get(key)):
            dockerfile = string_value(entry.get("dockerfile")) or "Dockerfile"
            if "{{" in dockerfile:
                dockerfile = render(dockerfile, known)
            if UNKNOWN in dockerfile:
                continue  # (which Dockerfile only a run knows)
            if key == "dockers":
                given, target, platforms = _flag_arguments(entry.get("build_flag_templates"))
                names = sequence(entry.get("image_templates"))
            else:
                given = [
                    (name, text)
                    for name, value, _ in items(entry.get("build_args"))
                    if (text := string_value(value)) is not None
                ]
                target = None
                platforms = [
                    text for node in sequence(entry.get("platforms"))
                    if (text := string_value(node)) is not None
                ]  # fmt: skip
                names = sequence(entry.get("images"))
            args: dict[str, str] = {}
            unresolved: dict[str, tuple[str, ...]] = {}
            leading: dict[str, str] = {}
            for name, template in given:
                text = render(template, known)
                args.pop(name, None)
                unresolved.pop(name, None)
                leading.pop(name, None)
                if UNKNOWN in text:
                    unresolved[name] = _run_actions(template, known)
                    if before := text.partition(UNKNOWN)[0]:
                        leading[name] = before
                else:
                    args[name] = text
            first = next((string_value(node) for node in names), None)
            at = entry.get("dockerfile") or next(iter(names), None)
            line = value_position(at)[0] if at is not None else None
            found.append(
                BuildConfig(
                    site=BuildSite(TOOL, path, line),
                    name=first or dockerfile,
                    context=None,  # (a temporary directory GoReleaser fills)
                    dockerfile=_placed(root, dockerfile, normal=directory is not None),
                    args=args,
                    target=target if target is not None and UNKNOWN not in target else None,
                    unresolved=unresolved,
                    leading=leading,
                    platforms=[p for p in platforms if "{{" not in p],
                )
            )
    return found


def _placed(root: str, dockerfile: str, *, normal: bool) -> str:
    """A Dockerfile's path from where GoReleaser runs (``normal``: normalised, as a command's
    working directory and ``-f FILE`` are: ``./build/api/Dockerfile`` from ``.``)."""
    if not root:
        return os.path.normpath(dockerfile) if normal else dockerfile
    joined = os.path.join(root, dockerfile)
    return os.path.normpath(joined) if normal else joined


def _flag_arguments(
    node: yaml.Node | None,
) -> tuple[list[tuple[str, str]], str | None, list[str]]:
    """The ``--build-arg`` values (name, template), the ``--target`` and the ``--platform``
    values of a list of ``build_flag_templates``, in order.

    >>> _flag_arguments(None)
    ([], None, [])
    """
    flags = [text for node_ in sequence(node) if (text := string_value(node_)) is not None]
    given: list[tuple[str, str]] = []
    target: str | None = None
    platforms: list[str] = []
    index = 0
    while index < len(flags):
        flag = flags[index].strip()
        option, equals, value = flag.partition("=")
        if option in _VALUED and not equals and index + 1 < len(flags):
            index += 1
            value, equals = flags[index].strip(), "="
        if option == "--build-arg" and equals:
            name, has_value, text = value.partition("=")
            if has_value and name and "{{" not in name:
                given.append((name, text))
        elif option == "--target" and equals:
            target = value
        elif option == "--platform" and equals:
            platforms += [word.strip() for word in value.split(",") if word.strip()]
        index += 1
    return given, target, platforms


#: The flags of ``build_flag_templates`` read, whose value may be the item after them.
_VALUED = frozenset({"--build-arg", "--target", "--platform"})


def _run_actions(template: str, known: Mapping[str, str]) -> tuple[str, ...]:
    """The actions of a template whose values only a run gives (``.Tag``), each once.

    >>> _run_actions("acme/tools:{{ .Tag }}-{{ .Env.ARCH }}", {"ARCH": "amd64"})
    ('.Tag',)
    """
    found = [
        action.group(1)
        for action in _ACTION.finditer(template)
        if _value(action.group(1), known) == UNKNOWN
    ]
    return tuple(dict.fromkeys(found)) or (template,)


def _run_directory(path: str | None) -> str:
    """Where GoReleaser runs for the configuration at ``path``: its directory, the one above
    for ``.config/goreleaser.yaml``."""
    if path is None:
        return ""
    directory = os.path.dirname(path)
    if os.path.basename(directory) == ".config":
        directory = os.path.dirname(directory)
    return directory


def _base_images(
    fields: Mapping[str, yaml.Node], known: Mapping[str, str], path: str | None
) -> list[Occurrence]:
    """The base images of ``kos`` (``base_image``), which ko pulls to build on, each at its
    value (kind ``ko``). A value a run decides (a template's action the file does not fill
    in) is left out; an entry without one builds on GoReleaser's default
    (``cgr.dev/chainguard/static``), which nothing in the file names. GoReleaser does not read
    ``.ko.yaml``: its ``defaultBaseImage`` is ko's own, not these."""
    found: list[Occurrence] = []
    for entry in _entries(fields.get("kos")):
        node = entry.get("base_image")
        template = string_value(node) if node is not None else None
        if node is None or not template:
            continue
        text = render(template, known)
        if UNKNOWN in text:
            continue
        line, column = value_position(node)
        context = {"field": "kos.base_image", "tool": TOOL}
        if (identifier := string_value(entry.get("id"))) is not None:
            context["id"] = identifier
        found.append(
            Occurrence.of_text(
                path=path, line=line, column=column, kind="ko", raw=template, text=text,
                context=context,
            )
        )  # fmt: skip
    return found


def _named_images(fields: Mapping[str, yaml.Node]) -> Iterator[tuple[yaml.Node, str]]:
    """The values that name an image GoReleaser builds (see the module), each with what the
    tool puts after it (ko's name below a repository: ``/`` and a run's part)."""
    for entry in _entries(fields.get("dockers")):
        yield from ((node, "") for node in sequence(entry.get("image_templates")))
    for entry in _entries(fields.get("dockers_v2")):
        yield from ((node, "") for node in sequence(entry.get("images")))
    for entry in _entries(fields.get("docker_manifests")):
        name = entry.get("name_template")
        if name is not None:
            yield name, ""
        yield from ((node, "") for node in sequence(entry.get("image_templates")))
    for entry in _entries(fields.get("kos")):
        bare = is_true(entry.get("bare"))
        if not bare and is_true(entry.get("preserve_import_paths")):
            continue  # (the whole import path below the repository: any number of components)
        single = entry.get("repository")
        repositories = [*sequence(entry.get("repositories")), *([single] if single else [])]
        yield from ((node, "" if bare else "/" + UNKNOWN) for node in repositories)


def _entries(node: yaml.Node | None) -> Iterator[dict[str, yaml.Node]]:
    """The mappings of a list of entries, each as key → value, those disabled left out."""
    for entry in sequence(node):
        if node_kind(entry) != "mapping":
            continue
        fields = {key: value for key, value, _ in items(entry)}
        if not is_true(fields.get("disable")):
            yield fields


#: A Go template's action: ``{{ .Version }}``, ``{{- .Tag -}}`` (trimming the spaces around).
_ACTION = lazy_pattern(r"\{\{-?\s*(.*?)\s*-?\}\}", re.DOTALL)
#: The actions that choose between texts: from the first of them to the last, one run's part.
_CONTROL = lazy_pattern(r"(?:if|else|end|range|with|define|template|block|break|continue)\b|/\*")
#: An action whose value the file may give: the project's name, an ``env:`` variable, or
#: GoReleaser's ``envOrDefault "NAME" "default"`` (the variable, or the default when unset).
_FIELD = lazy_pattern(
    r"\.ProjectName|\.Env\.([A-Za-z_][A-Za-z0-9_]*)|index \.Env \"([^\"]*)\""
    r"|envOrDefault\s+\"([A-Za-z_][A-Za-z0-9_]*)\"\s+\"([^\"\\]*)\""
)
#: The tests of an ``if`` read here: whether a variable is set and not empty
#: (``index .Env "NAME"``, which is empty when it is unset, and ``isEnvSet "NAME"``).
_ENV_TEST = lazy_pattern(
    r"if\s+(?:index\s+\.Env\s+\"([A-Za-z_][A-Za-z0-9_]*)\"|isEnvSet\s+\"([A-Za-z_][A-Za-z0-9_]*)\")"
)


def render(template: str, known: Mapping[str, str]) -> str:
    """A template's text with the values the file gives (``known``: ``.ProjectName`` and
    ``.Env.NAME`` by those names) in place, and :data:`~.shell.UNKNOWN` for each other action.

    >>> run = UNKNOWN
    >>> render("acme/{{ .ProjectName }}:{{.Tag}}", {".ProjectName": "app"}) == "acme/app:" + run
    True
    >>> render("acme/app:{{ if .IsNightly }}nightly{{ else }}v1{{ end }}", {}) == "acme/app:" + run
    True
    """
    if "{{" not in template:
        return template
    actions = list(_ACTION.finditer(template))
    controls = [action for action in actions if _CONTROL.match(action.group(1))]
    if controls and (chosen := _branch(template, controls, known)) is not None:
        return render(chosen, known)
    if controls:  # (which branch is taken is a run's: all of it one unknown part)
        start, end = controls[0].start(), controls[-1].end()
        inner = template[:start] + UNKNOWN + template[end:]
        return render(inner, known) if "{{" in inner else inner
    pieces: list[str] = []
    last = 0
    for action in actions:
        pieces.append(template[last : action.start()])
        pieces.append(_value(action.group(1), known))
        last = action.end()
    pieces.append(template[last:])
    return "".join(pieces)


def _value(action: str, known: Mapping[str, str]) -> str:
    """What an action gives: a value the file sets, else a run's."""
    field = _FIELD.fullmatch(action)
    if field is None:
        return UNKNOWN
    if field.group(3) is not None:  # (envOrDefault: the default when the variable is unset)
        return known.get(field.group(3), field.group(4))
    name = field.group(1) or field.group(2)
    return known.get(".ProjectName" if name is None else name, UNKNOWN)


def _branch(template: str, controls: list[re.Match[str]], known: Mapping[str, str]) -> str | None:
    """The text of a template whose first control is an ``if`` on whether a variable is set
    (``{{ if index .Env "NAME" }}A{{ else }}B{{ end }}``, GoReleaser's documented way to give
    an ``env:`` variable a default; ``isEnvSet "NAME"``), with the branch taken in place; ``None``
    when the first control is another, or its branches hold controls of their own. A variable
    ``known`` does not give is unset (its branch ``B``, or nothing).

    >>> _branch('{{ if index .Env "R" }}{{ .Env.R }}/{{ else }}acme/{{ end }}app', [], {})
    'acme/app'
    """
    if not controls:
        controls = [
            action for action in _ACTION.finditer(template) if _CONTROL.match(action.group(1))
        ]
    test = _ENV_TEST.fullmatch(controls[0].group(1)) if controls else None
    if test is None or len(controls) < 2:
        return None
    words = [action.group(1).split()[0] for action in controls[1:3]]
    if words[0] == "else" and controls[1].group(1) == "else" and words[1:] == ["end"]:
        middle, end = controls[1], controls[2]
    elif words[0] == "end":
        middle, end = None, controls[1]
    else:
        return None  # (a nested control, an ``else if``: not read here)
    name = test.group(1) or test.group(2)
    start = controls[0]
    if known.get(name):
        taken = _inner(template, start, middle or end)
    else:
        taken = _inner(template, middle, end) if middle is not None else ""
    before = template[: start.start()]
    after = template[end.end() :]
    if start.group(0).startswith("{{-"):
        before = before.rstrip()
    if end.group(0).endswith("-}}"):
        after = after.lstrip()
    return before + taken + after


def _inner(template: str, first: re.Match[str], last: re.Match[str]) -> str:
    """The text between two actions, with the blanks their ``-`` trim (``-}}``, ``{{-``)."""
    text = template[first.end() : last.start()]
    text = text.lstrip() if first.group(0).endswith("-}}") else text
    return text.rstrip() if last.group(0).startswith("{{-") else text


def _known_values(
    fields: Mapping[str, yaml.Node], environment: Mapping[str, str]
) -> dict[str, str]:
    """The values the file gives its templates: ``project_name`` (as ``.ProjectName``), and
    the variables of ``env:`` (``NAME=value``, which GoReleaser sets over the
    ``environment``'s). A value that is a template is filled in with the ``environment``, as
    GoReleaser does before it sets them (``{{ if index .Env "NAME" }}…{{ else }}default{{ end
    }}``: the default when the variable is unset); one with a run's part is a run's."""
    process: dict[str, str] = {
        name: value for name, value in environment.items() if name.isidentifier()
    }
    project = string_value(fields.get("project_name"))
    if project and "{{" not in project:
        process[".ProjectName"] = project
    known = dict(process)
    for variable in sequence(fields.get("env")):
        text = string_value(variable)
        name, equals, value = (text or "").partition("=")
        if not (equals and name):
            continue
        # (GoReleaser fills each entry in with the process's environment: its env pipe)
        value = render(value, process) if "{{" in value else value
        if UNKNOWN in value:
            known.pop(name, None)
        else:
            known[name] = value
    return known

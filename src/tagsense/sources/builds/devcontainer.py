"""Dev Containers: the image a ``devcontainer.json`` runs, or the Dockerfile it builds.

A `Development Container <https://containers.dev/implementors/json_reference/>`_ is
described by ``.devcontainer/devcontainer.json``, ``.devcontainer/NAME/devcontainer.json``
or a ``.devcontainer.json`` at a folder's root, read by VS Code, Codespaces and the
``devcontainer`` CLI. The file is JSON with comments (:mod:`.._jsonc`). It says where
the container comes from in one of three ways, chosen as the CLI chooses them:

* **Compose**: ``dockerComposeFile`` (a path or a list, relative to the file) and
  ``service``. The compose files are the project's build files, whatever they are
  called (``BuildFile.named``); their images and builds are compose's to read.
* **Dockerfile**: ``build.dockerfile`` (or the older top-level ``dockerFile``),
  relative to the file; ``build.context`` (or ``context``; default ``.``), relative
  to the file; ``build.args`` and ``build.target``. A
  :class:`~tagsense.sources.project.BuildConfig` (tool ``devcontainer``), which feeds
  the Dockerfile as a compose build does. ``build.cacheFrom`` images are pulled as
  the build's cache: occurrences, field ``build.cacheFrom``.
* **Image**: ``image``, an occurrence of kind ``devcontainer`` (field ``image``).

Whatever the kind, the lifecycle commands (``initializeCommand``, ``postStartCommand``…) may
run or pull images: :mod:`._devcontainer_commands` reads them.

A configuration of one kind ignores the others' fields, as the CLI does (an ``image``
beside a Dockerfile build is not used). ``features`` are OCI artifacts that the CLI
installs into the container, not images it runs: not reported.

Values may use the CLI's variables: ``${localEnv:NAME}`` (``${env:NAME}``) is the
environment's value (``env``), else its default (``${localEnv:NAME:default}``);
``${containerEnv:NAME:default}`` is its default. Without a value, and for what only the
machine that runs the container knows (``${localWorkspaceFolder}``,
``${containerWorkspaceFolder}``, ``${devcontainerId}``, any other ``${…}``), the value
is unresolved: the occurrence names what it needs (``localEnv:NAME``); a build
argument is passed as unresolved, so a ``FROM`` that uses it is.

Suppression comments are ``//`` or ``/* */`` comments (``// tagsense: ignore[TS001]``).
Nothing here raises: a file that is not JSONC is one error, at its line.
"""

from __future__ import annotations

import os

from ..._lazy import lazy_pattern
from ...occurrence import BuildSite, Occurrence, Scan, SourceError, suppressions_in_comment
from .._jsonc import ARRAY, FALSE, NULL, NUMBER, OBJECT, STRING, TRUE, get, members, parse_jsonc
from ..project import BuildConfig, BuildFile
from ._common import MAX_BYTES, join, read_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Mapping

    from ...occurrence import Suppression
    from .._jsonc import Value

__all__ = ["KIND", "TOOL", "read_devcontainer", "scan_devcontainer", "substitute"]

#: The ``kind`` of the occurrences (and the tool of the builds).
KIND = TOOL = "devcontainer"

#: What a value needs to be known, and where it is left unresolved.
_Substituted = tuple[str, tuple[str, ...]]


def read_devcontainer(
    path: str, *, env: Mapping[str, str] | None = None, max_bytes: int = MAX_BYTES
) -> BuildFile:
    """What the ``devcontainer.json`` at ``path`` runs or builds (never raises)."""
    text = read_text(path, max_bytes)
    if isinstance(text, SourceError):
        return BuildFile(scan=Scan(errors=(text,)), path=path)
    return scan_devcontainer(text, path=path, env=env)


def scan_devcontainer(
    text: str, *, path: str | None = None, env: Mapping[str, str] | None = None
) -> BuildFile:
    """:func:`read_devcontainer` of a file's text; ``env`` is ``${localEnv:…}``'s environment."""
    if os.path.basename(path or "") == "scenarios.json":
        from .devcontainer_scenarios import scan_feature_scenarios

        return scan_feature_scenarios(text, path=path, env=env)
    config, suppressions, errors = parse_config(text, path)
    if errors:
        return BuildFile(scan=Scan((), errors, suppressions), path=path)
    reader = _Reader(path, env or {})
    if config is None or config.kind != OBJECT:
        line = None if config is None else config.line
        reader.error(line, "a devcontainer.json must be a JSON object")
    else:
        reader.read(config)
        from ._devcontainer_commands import command_pulls

        lines = text.split("\n")
        reader.occurrences.extend(command_pulls(config, path, lines, substitute, env or {}))
    scan = Scan(reader.occurrences, reader.errors, suppressions)
    return BuildFile(reader.builds, (), scan, path=path, named=reader.named)


def parse_config(
    text: str, path: str | None
) -> tuple[Value | None, list[Suppression], list[SourceError]]:
    """The JSONC value of a configuration's text, its suppression comments, and its error."""
    parsed = parse_jsonc(text, path=path)
    suppressions = []
    for comment in parsed.comments:
        if "tagsense" in comment.text.lower():
            # (``//`` and ``/*`` read as `` #``: what follows keeps its columns)
            written = " #" + comment.text[2:]
            suppressions.extend(
                suppressions_in_comment(
                    written, path=path, line=comment.line, column=comment.column
                )
            )
    errors = [] if parsed.error is None else [parsed.error]
    return parsed.value, suppressions, errors


class _Reader:
    """The fields of one configuration, as the devcontainer CLI reads them."""

    __slots__ = ("base", "builds", "env", "errors", "name", "named", "occurrences", "path")

    def __init__(self, path: str | None, env: Mapping[str, str]) -> None:
        self.path = path
        self.env = env
        self.base = os.path.dirname(path) if path else ""
        self.errors: list[SourceError] = []
        self.occurrences: list[Occurrence] = []
        self.builds: list[BuildConfig] = []
        self.named: list[tuple[str, str]] = []
        self.name: str | None = None

    def error(self, line: int | None, message: str) -> None:
        self.errors.append(SourceError(self.path, line, message))

    def read(self, config: Value) -> None:
        self.name = self.string(get(config, "name"), "name") or self.name
        build = get(config, "build")
        if build is not None and build.kind not in (OBJECT, NULL):
            self.error(build.line, "build must be an object")
            build = None
        if get(config, "dockerComposeFile") is not None:  # (the CLI's order of the kinds)
            self.compose(config)
        elif get(build, "dockerfile") is not None:
            self.dockerfile(build, "build.", build)
        elif get(config, "dockerFile") is not None:  # (the older fields, at the top level)
            self.dockerfile(build, "", config)
        else:
            self.image(get(config, "image"), "image")

    def compose(self, config: Value) -> None:
        for item in _listed(get(config, "dockerComposeFile")):
            written = self.string(item, "dockerComposeFile")
            if written is None:
                continue
            text, needs = self.substitute(written, item)
            if text and not needs:
                self.named.append((join(self.base, text), "compose"))

    def dockerfile(self, build: Value | None, prefix: str, fields: Value | None) -> None:
        """A Dockerfile build: its path and context in ``fields`` (``build``, or the
        configuration for the older ``dockerFile``), the rest in ``build``."""
        key = "dockerfile" if prefix else "dockerFile"
        node, context = get(fields, key), get(fields, "context")
        path = self.known(node, prefix + key)
        folder = self.known(context, prefix + "context") if context is not None else "."
        target_node = get(build, "target")
        target = self.known(target_node, "build.target") if target_node is not None else ""
        args, unresolved = self.args(get(build, "args"))
        for item in _listed(get(build, "cacheFrom")):
            self.image(item, "build.cacheFrom")
        if not path or folder is None or target is None:
            return  # (which Dockerfile, or which stage, is known only where it is built)
        assert node is not None
        self.builds.append(
            BuildConfig(
                site=BuildSite(TOOL, self.path, node.line),
                name=self.name or TOOL,
                context=join(self.base, folder or "."),
                dockerfile=join(self.base, path),
                args=args,
                target=target or None,
                unresolved=unresolved,
            )
        )

    def known(self, node: Value | None, field: str) -> str | None:
        """A string's text with the variables put in; ``None`` when it is none, or needs a
        value not known here."""
        written = self.string(node, field)
        if written is None:
            return None
        text, needs = self.substitute(written, node)
        return None if needs else text

    def args(self, node: Value | None) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
        """The build arguments, and those whose value is not known here."""
        args: dict[str, str] = {}
        unresolved: dict[str, tuple[str, ...]] = {}
        if node is None or node.kind == NULL:
            return args, unresolved
        if node.kind != OBJECT:
            self.error(node.line, "build.args must be an object")
            return args, unresolved
        for name, _, value in members(node):
            if value.kind in (NUMBER, TRUE, FALSE):  # (the CLI writes them out as text)
                args[name] = str(value.data)
                continue
            written = self.string(value, f"build.args.{name}")
            if written is None:
                continue
            text, needs = self.substitute(written, value)
            if needs:
                unresolved[name] = needs
            else:
                args[name] = text
        return args, unresolved

    def image(self, node: Value | None, field: str) -> None:
        written = self.string(node, field)
        if not written:
            return
        assert node is not None
        text, needs = self.substitute(written, node)
        context: dict[str, object] = {"field": field}
        if self.name is not None:
            context["name"] = self.name
        path, line, column = self.path, node.line, node.column
        occurrence = Occurrence.of_text(
            path=path,
            line=line,
            column=column,
            kind=KIND,
            raw=written,
            text=text,
            unresolved=needs,
            context=context,
        )
        self.occurrences.append(occurrence)

    def string(self, node: Value | None, field: str) -> str | None:
        """A string's text; ``None`` (and an error, unless it is ``null``) for anything else."""
        if node is None or node.kind == NULL:
            return None
        if node.kind != STRING:
            self.error(node.line, f"{field} must be a string")
            return None
        return node.text

    def substitute(self, text: str, node: Value | None) -> _Substituted:
        found = substitute(text, self.env)
        if isinstance(found, str):
            self.error(None if node is None else node.line, found)
            return "", (text,)
        return found


def _listed(node: Value | None) -> tuple[Value, ...]:
    """A value that is one item or a list of them, as items."""
    if node is None:
        return ()
    return node.items if node.kind == ARRAY else (node,)


#: The CLI's ``VARIABLE_REGEXP``, ``\$\{(.*?)\}`` (JavaScript's ``.`` stops at line ends).
_VARIABLE = lazy_pattern(r"\$\{([^\n\r\u2028\u2029]*?)\}")


def substitute(text: str, env: Mapping[str, str]) -> _Substituted | str:
    """``text`` with the devcontainer CLI's variables replaced, and what was not known (by the
    name written: ``localEnv:TAG``); or, for a variable the CLI refuses, why.

    >>> substitute("python:${localEnv:PY:3.12}", {})
    ('python:3.12', ())
    >>> substitute("python:${localEnv:PY}", {"PY": "3.13"})
    ('python:3.13', ())
    >>> substitute("${localWorkspaceFolderBasename}-dev", {})
    ('-dev', ('localWorkspaceFolderBasename',))
    """
    if "${" not in text:
        return text, ()
    needs: list[str] = []
    problem: list[str] = []

    def replace(match: re.Match[str]) -> str:
        variable, *args = match.group(1).split(":")
        if variable in ("localEnv", "env", "containerEnv"):
            if not args:
                problem.append(f"'{match.group()}' names no environment variable")
                return ""
            if variable != "containerEnv" and args[0] in env:
                return env[args[0]]
            if len(args) > 1:
                return args[1]  # (the CLI's default: the second argument, whatever follows)
            needs.append(f"{variable}:{args[0]}")
            return ""
        needs.append(match.group(1))  # (the workspace's folders, the container's id…)
        return ""

    replaced = _VARIABLE.sub(replace, text)
    if problem:
        return problem[0]
    return replaced, tuple(dict.fromkeys(needs))

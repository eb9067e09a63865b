"""The ``docker compose`` runs of the Gradle docker-compose plugin (avast's).

The plugin (``com.avast.gradle.docker-compose``, avast/gradle-docker-compose-plugin) gives a
project the tasks ``composeUp``, ``composeBuild``, ``composePull``…, which run ``docker
compose`` in the project directory (or its ``dockerComposeWorkingDirectory``) with ``-f`` for
each of its ``useComposeFiles`` (none: compose's own default file, which compose looks for in
the directories above too), and with the process's environment plus the block's
``environment`` ("environment variables to be used
when calling 'docker-compose', e.g. for substitution in compose file", its README;
``ComposeExecutor``: ``e.environment = System.getenv() + parameters.environment.get()``)::

    dockerCompose {
      environment.put "EVENTUATE_COMMON_VERSION", eventuateCommonImageVersion
      useComposeFiles = ['docker-compose.yml']
      infrastructure { startedServices = ['mysql', 'kafka'] }    // infrastructureComposeUp
    }

A block inside it (Groovy's ``NAME { … }``, Kotlin's ``createNested("NAME").apply { … }``,
the shorthand ``isRequiredByNAME 'file.yml'``) is a nested configuration with tasks of its
own (``NAMEComposeUp``): it starts from the settings of the main one declared before it
(``cloneAsNested``: the environment and the working directory among them), except its own
``useComposeFiles`` (empty) and ``startedServices``. Kotlin's forms are read too:
``environment.put("K", v)``, ``environment.putAll(mapOf("K" to v))``, ``environment["K"] = v``,
``useComposeFiles.set(listOf(…))``, ``useComposeFiles = listOf(…)``, ``useComposeFiles.add(…)``,
``configure<ComposeExtension> { … }``.

So each configuration is a :class:`~tagsense.sources.project.ComposeRun` (tool ``gradle``, at
the line of its block), whose environment compose substitutes in its files and hands the builds
of their services: microservices-patterns/ftgo-application's CI runs ``./gradlew
infrastructureComposeUp``, whose ``docker-compose.yml`` says ``image:
eventuateio/eventuate-zookeeper:$EVENTUATE_COMMON_VERSION`` and ``baseImageVersion:
${EVENTUATE_JAVA_BASE_IMAGE_VERSION}`` for the ``FROM`` of each service it builds; the values
are Gradle properties of its ``gradle.properties``. A value is read as the Gradle test
properties are (``._gradle_test_properties``: a literal, a Gradle property, a name the script
or a project above it sets); another (a method's result, a provider) is a run's
(:attr:`~tagsense.sources.project.ComposeRun.unknown`). A setting in another block (an ``if``)
is a run's choice and not read. A ``dockerCompose`` block of another plugin (Palantir's
``com.palantir.docker-compose``) is not read: the build script, or one of a project above it,
or the version catalog, must name the avast plugin. Nothing runs; the reader never raises.
"""

from __future__ import annotations

import os

from ..._lazy import lazy_pattern
from ._source_code import LITERAL, blank_literals, without_comments

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

    from ..project import ComposeRun
    from ._gradle_test_properties import _Build

__all__ = ["gradle_compose_runs", "says_gradle_compose"]

#: The tool of the runs (as the Gradle ``Exec`` tasks' engine commands say it).
TOOL = "gradle"
#: How many runs one variable's several values make at most.
_MAX_RUNS = 8
#: The compose files ``docker compose`` reads without ``-f`` (compose-go's
#: ``DefaultFileNames``), looked for in the working directory, then in those above it.
_DEFAULT_FILES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")
_MAX_UP = 16


def says_gradle_compose(head: bytes) -> bool:
    """A quick look at a build script's bytes: whether it may configure the plugin."""
    return b"dockerCompose" in head or b"ComposeExtension" in head


def gradle_compose_runs(text: str, path: str) -> list[ComposeRun]:
    """The compose runs of the build script ``text`` at ``path`` (see the module)."""
    if "dockerCompose" not in text and "ComposeExtension" not in text:
        return []
    from ._gradle_test_properties import _Build, _projects

    code = without_comments(text)
    skeleton = blank_literals(code)
    directory = os.path.dirname(os.path.abspath(path))
    projects = _projects(directory) or [directory]  # (the script's text at hand)
    if not _names_the_plugin(code, projects):
        return []
    reader = _Reader(text, code, skeleton, path, projects, _Build(tuple(projects)))
    try:
        return reader.runs()
    except RecursionError:  # pragma: no cover - only for absurdly deep nesting
        return []


def _names_the_plugin(code: str, projects: list[str]) -> bool:
    """Whether the script, a project's above it, or the root project's version catalog names
    the avast plugin (its ids, or its artifact)."""
    if _PLUGIN.search(code) is not None:
        return True
    from ._common import read_text
    from ._gradle_test_properties import _script

    for project in projects[1:]:
        script = _script(project)
        if script is not None and _PLUGIN.search(script[0]) is not None:
            return True
    catalog = read_text(os.path.join(projects[-1], "gradle", "libs.versions.toml"), 1 << 20)
    return isinstance(catalog, str) and _PLUGIN.search(catalog) is not None


class _Settings:
    """One configuration's settings as read so far."""

    __slots__ = ("env", "files", "files_known", "line", "name", "workdir", "workdir_known")

    def __init__(self, name: str, line: int, workdir: str | None) -> None:
        self.name = name
        self.line = line
        #: Each variable's values (empty: a run's).
        self.env: dict[str, list[str]] = {}
        self.files: list[str] = []
        self.workdir = workdir
        #: Whether its files, its working directory are the script's (not a run's).
        self.files_known = self.workdir_known = True

    def nested(self, name: str, line: int) -> _Settings:
        """A nested configuration declared now (``cloneAsNested``)."""
        found = _Settings(self.name + name, line, self.workdir)
        found.env = dict(self.env)
        found.workdir_known = self.workdir_known  # (its files: its own, by default none)
        return found


class _Reader:
    def __init__(
        self,
        text: str,
        code: str,
        skeleton: str,
        path: str,
        projects: list[str],
        build: _Build,
    ) -> None:
        self.text = text
        self.code = code
        self.skeleton = skeleton
        self.path = path
        self.projects = projects
        self.build = build
        self.directory = projects[0]
        self.found: list[_Settings] = []

    def runs(self) -> list[ComposeRun]:
        # (the blocks, and the `dockerCompose.x` statements outside them, in the script's order)
        steps: list[tuple[int, int, int]] = []  # (offset, body's start, body's end: -1 alone)
        for block in _BLOCK.finditer(self.skeleton):
            end = _closing(self.skeleton, block.end() - 1)
            steps.append((block.start(), block.end(), end))
        steps.extend((m.start(), m.end(), -1) for m in _OUTSIDE.finditer(self.skeleton))
        if not steps:
            return []
        steps.sort()
        main = _Settings("", self._line(steps[0][0]), None)
        self.found.append(main)
        for _, start, end in steps:
            if end < 0:
                match = _SETTING_BODY.match(self.skeleton, start)
                if match is not None:
                    self._setting(main, match)
            else:
                self._body(main, start, end)
        return self._compose_runs()

    # --- reading a block ---------------------------------------------------------------

    def _body(self, settings: _Settings, start: int, end: int) -> None:
        """The statements of a block's body from ``start`` to ``end``, and its nested
        configurations, in order."""
        position = start
        while position < end:
            opening = self.skeleton.find("{", position, end)
            stop = end if opening < 0 else opening
            self._statements(settings, position, stop)
            if opening < 0:
                break
            close = _closing(self.skeleton, opening)
            line_start = self.skeleton.rfind("\n", start, opening) + 1
            header = self.skeleton[max(line_start, start) : opening]
            name = self._nested_name(header, max(line_start, start))
            if name is not None:
                nested = settings.nested(name, self._line(opening))
                self.found.append(nested)
                self._body(nested, opening + 1, close)
            position = close + 1

    def _nested_name(self, header: str, offset: int) -> str | None:
        """The name of the nested configuration a block's header opens, if it opens one."""
        created = _CREATED.search(header)
        if created is not None:
            start = offset + created.start("name")
            return self.code[start + 1 : offset + created.end("name") - 1]
        plain = _PLAIN_HEADER.fullmatch(header.strip())
        if plain is not None and plain["name"] not in _NOT_NESTED:
            return plain["name"]
        return None

    def _statements(self, settings: _Settings, start: int, end: int) -> None:
        """The settings among the statements of ``start``..``end`` (no block in it)."""
        part = self.skeleton[start:end]
        if (
            "environment" not in part
            and "useComposeFiles" not in part
            and ("dockerComposeWorkingDirectory" not in part and "isRequiredBy" not in part)
        ):
            return
        for match in _SETTING.finditer(self.skeleton, start, end):
            self._setting(settings, match)

    def _setting(self, settings: _Settings, found: re.Match[str]) -> None:
        from ._gradle_test_properties import _items

        kind = found.lastgroup
        after = found.end()
        if kind == "put":
            inline = self.skeleton[after - 1 : after] != "("
            items = _items(self.code, self.skeleton, after, inline=inline)
            if len(items) >= 2:
                self._put(settings, items[0], items[1])
        elif kind == "index":
            close = self.skeleton.find("]", after)
            equals = self.skeleton.find("=", close) if close > 0 else -1
            if close < 0 or equals < 0 or self.skeleton[close + 1 : equals].strip():
                return
            end = _items(self.code, self.skeleton, equals + 1, inline=True)
            if end:
                self._put(settings, (after, close), end[0])
        elif kind == "map":
            for entry in self._collection(after):
                self._entry(settings, entry)
        elif kind == "files":
            files = [self._value(item) for item in self._collection(after)]
            if "add" not in self.skeleton[found.start() : after]:
                settings.files = []
            self._files(settings, files)
        elif kind == "workdir":
            items = _items(self.code, self.skeleton, after, inline=True)
            value = self._directory(self.code[items[0][0] : items[0][1]]) if items else None
            if value is None:
                settings.workdir_known = False
            else:
                settings.workdir = value
        elif kind == "required":
            name = found["required_name"]
            items = _items(self.code, self.skeleton, after, inline=True)
            nested = settings.nested(name[0].lower() + name[1:], self._line(found.start()))
            self.found.append(nested)
            self._files(nested, [self._value(item) for item in items])

    def _collection(self, after: int) -> list[tuple[int, int]]:
        """The items of the list or map that starts at ``after`` (``[…]``, ``listOf(…)``,
        ``mapOf(…)``, or the arguments of a call already opened)."""
        from ._gradle_test_properties import _items

        rest = self.skeleton[after:]
        opening = rest.lstrip()
        offset = after + len(rest) - len(opening)
        for prefix in _COLLECTIONS:
            if opening.startswith(prefix):
                return _items(self.code, self.skeleton, offset + len(prefix))
        if self.skeleton[after - 1 : after] == "(":
            return _items(self.code, self.skeleton, after)
        return _items(self.code, self.skeleton, offset, inline=True)

    def _entry(self, settings: _Settings, item: tuple[int, int]) -> None:
        from ._gradle_test_properties import _entry

        start, end = item
        split = _entry(self.code[start:end], self.skeleton[start:end])
        if split is not None:
            self._put(settings, (start, start + len(split[0])), (start + split[1], end))

    def _put(self, settings: _Settings, key: tuple[int, int], value: tuple[int, int]) -> None:
        from ._gradle_test_properties import _key_text

        name = _key_text(self.code[key[0] : key[1]])
        if name is None:
            return
        values = self._evaluate(self.code[value[0] : value[1]])
        settings.env[name] = [each for each in values if each]

    def _files(self, settings: _Settings, files: list[str | None]) -> None:
        if any(file is None for file in files):
            settings.files_known = False
        settings.files.extend(file for file in files if file is not None)

    def _value(self, item: tuple[int, int]) -> str | None:
        values = self._evaluate(self.code[item[0] : item[1]])
        return values[0] if len(values) == 1 and values[0] else None

    def _evaluate(self, expression: str) -> list[str]:
        return self.build._evaluate(expression, 0, 0)

    def _directory(self, expression: str) -> str | None:
        """A working directory's path: ``file('d')``, ``project.file("d")``,
        ``rootProject.file('d')``, ``layout.projectDirectory.dir("d")``, or a path's text."""
        text = expression.strip().rstrip(";").strip()
        called = _DIRECTORY_CALL.fullmatch(text)
        base = self.directory
        if called is not None:
            if called["root"]:
                base = self.projects[-1]
            text = called["arg"] or called["arg2"]
        values = self._evaluate(text)
        if len(values) != 1 or not values[0]:
            return None
        return os.path.normpath(os.path.join(base, values[0]))

    def _line(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1

    # --- the runs ----------------------------------------------------------------------

    def _compose_runs(self) -> list[ComposeRun]:
        import itertools

        from ...occurrence import BuildSite
        from ..project import ComposeRun

        runs: dict[tuple[object, ...], ComposeRun] = {}
        for settings in self.found:
            if not settings.files_known or not settings.workdir_known:
                continue  # (a run chooses its files or its directory)
            workdir = settings.workdir or self.directory
            if settings.files:
                files = tuple(os.path.normpath(os.path.join(workdir, f)) for f in settings.files)
                directory: str | None = workdir
            else:
                files, directory = (), _default_directory(workdir)
                if directory is None:
                    continue  # (no compose file for it to read)
            known = {name: values for name, values in settings.env.items() if values}
            unknown = tuple(name for name, values in settings.env.items() if not values)
            names = sorted(known)
            task = f"{settings.name}ComposeUp" if settings.name else "composeUp"
            site = BuildSite(TOOL, self.path, settings.line)
            choices = itertools.islice(itertools.product(*(known[n] for n in names)), _MAX_RUNS)
            for chosen in choices:
                env = dict(zip(names, chosen, strict=True))
                key = (files, directory, tuple(sorted(env.items())), unknown)
                if key not in runs:
                    runs[key] = ComposeRun(
                        site=site, command=f"gradle {task}", files=files, directory=directory,
                        env=env, unknown=unknown,
                    )  # fmt: skip
        return list(runs.values())


def _default_directory(workdir: str) -> str | None:
    """Where ``docker compose`` without ``-f``, run in ``workdir``, finds its file: that
    directory or the nearest above it with one of compose's default files (up to the
    repository's root)."""
    current = workdir
    for _ in range(_MAX_UP):
        if any(os.path.isfile(os.path.join(current, name)) for name in _DEFAULT_FILES):
            return current
        parent = os.path.dirname(current)
        if parent == current or os.path.exists(os.path.join(current, ".git")):
            return None
        current = parent
    return None


def _closing(skeleton: str, opening: int) -> int:
    """The offset of the bracket that closes the one at ``opening`` (the text's end when
    none does)."""
    depth = 0
    for index in range(opening, len(skeleton)):
        char = skeleton[index]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if not depth:
                return index
    return len(skeleton)


#: The plugin's ids and artifact, as a build script, or a version catalog, names them.
_PLUGIN = lazy_pattern(
    r"[\"'](?:com\.avast\.gradle\.)?docker-compose[\"']"
    r"|com\.avast\.gradle[:.](?:gradle-)?docker-compose|com\.avast\.gradle\.dockercompose"
)
#: The opening of the plugin's extension block.
_BLOCK = lazy_pattern(
    r"(?<![\w.])(?:project\s*\.\s*)?(?:"
    r"dockerCompose(?:\s*\.\s*(?:apply|run|configure))?"
    r"|(?:extensions\s*\.\s*)?configure\s*<\s*(?:[\w.]*\.)?ComposeExtension\s*>"
    r")\s*(?:\(\s*\)\s*)?\{"
)
#: A statement of the extension outside its block: ``dockerCompose.environment.put …``.
_OUTSIDE = lazy_pattern(r"(?<![\w.])dockerCompose\s*\.\s*(?=environment\b|useComposeFiles\b)")
#: The settings read (``lastgroup`` names which), with what may come before one in a block.
_SETTING_TEXT = (
    r"(?:"
    r"environment\s*\.\s*put\s*(?:\(|[ \t]+(?=[\"'\w]))(?P<put>)"
    r"|environment\s*\[\s*(?P<index>)"
    r"|environment\s*(?:\.\s*(?:putAll|set)\s*\(|=(?!=))\s*(?P<map>)"
    r"|useComposeFiles\s*(?:\.\s*(?:set|addAll|add)\s*\(|=(?!=)|[ \t]*\(|[ \t]+(?=[\"'\[]))\s*"
    r"(?P<files>)"
    r"|dockerComposeWorkingDirectory\s*(?:\.\s*set\s*\(|=(?!=))\s*(?P<workdir>)"
    r"|isRequiredBy(?P<required_name>[A-Z]\w*)\s*(?:\(|[ \t]+(?=[\"']))(?P<required>)"
    r")"
)
_SETTING = lazy_pattern(r"(?<![\w.])(?:(?:it|this)\s*\.\s*)?" + _SETTING_TEXT)
_SETTING_BODY = lazy_pattern(_SETTING_TEXT)
#: A list's or map's opening.
_COLLECTIONS = ("listOf(", "mutableListOf(", "arrayOf(", "mapOf(", "mutableMapOf(", "[")
#: Kotlin's nested configuration: ``createNested("NAME")`` / ``nested("NAME")`` opening a block.
_CREATED = lazy_pattern(
    rf"(?:createNested|nested)\s*\(\s*(?P<name>{LITERAL})\s*\)"
    r"\s*(?:\.\s*(?:apply|run|also|configure)\s*)?(?:\(\s*\)\s*)?$"
)
#: Groovy's nested configuration: ``NAME {``.
_PLAIN_HEADER = lazy_pattern(r"(?P<name>[A-Za-z_]\w*)\s*(?:\(\s*\))?")
#: Words that open a block of their own, no nested configuration.
_NOT_NESTED = frozenset({"else", "try", "finally", "do", "static", "synchronized", "run", "apply"})
#: What ``dockerComposeWorkingDirectory`` may be set to: a directory of a project.
_DIRECTORY_CALL = lazy_pattern(
    r"(?:(?:project|(?P<root>rootProject))\s*\.\s*)?"
    r"(?:file\s*\(\s*(?P<arg>[^()]*)\s*\)"
    r"|layout\s*\.\s*projectDirectory\s*\.\s*dir\s*\(\s*(?P<arg2>[^()]*)\s*\))"
)

"""Google Cloud Build: the image each build step runs in, with the file's substitutions put in.

Cloud Build runs every item of ``steps`` in a container of the image its ``name``
names ("Build configuration file schema": the cloud builder, ``gcr.io/cloud-builders/docker``,
or any image; pulled, ``latest`` when untagged). bank-of-anthos's
``src/*/cloudbuild.yaml`` and ``.github/cloudbuild/ci-pr.yaml`` run
``gcr.io/cloud-builders/gcloud``, ``gcr.io/k8s-skaffold/skaffold:v2.22.0``…: an occurrence
each, at the image's text, ``field`` ``steps`` and the step's ``id`` as ``job``.

**Substitutions**, as Cloud Build makes them before the build runs (in a step's ``name``,
``args``, ``env``, ``dir`` and ``entrypoint``, and in ``images``): ``$NAME`` and ``${NAME}``
for a ``NAME`` of upper-case letters, digits and ``_``; ``$$`` is a ``$``; any other ``$`` is
text. A user substitution (``_NAME``) takes its default from ``substitutions:``, itself
written with others (a triggered build's dynamic substitutions); built-in ones
(``$PROJECT_ID``, ``$SHORT_SHA``, ``$COMMIT_SHA``, ``$BUILD_ID``, ``$LOCATION``…), one
without a default, and bash's forms (``${_TAG:-dev}``, with dynamic substitutions) only a
run fills in: unresolved by name.

**Commands** (:func:`cloudbuild_sessions`, read by :mod:`..builds.shell` for the images they
build, run or pull): a step's ``script``, the ``-c`` text of an ``entrypoint`` that is a POSIX
shell (``entrypoint: bash``, ``args: ['-c', '…']``), and the ``args`` of ``docker``
(``entrypoint: docker``, or the ``gcr.io/cloud-builders/docker`` builder, whose entrypoint
it is): ``docker build -t NAME`` builds ``NAME``, ``docker run IMAGE`` runs ``IMAGE``; and
``make``'s (``entrypoint: make``), whose Makefile is read as a script's ``make`` is. Their
variables are those of ``options.env`` and the step's ``env``, and with
``automapSubstitutions`` the substitutions. Where a step runs is its ``dir`` in the workspace
(``/workspace``, the source a trigger or ``gcloud builds submit`` uploads), known when it
names a directory from the repository's top or the file's directory (see :func:`_workdir`).

**Pushed images** (:func:`pushed_images`): ``images`` and ``artifacts.images`` name what the
build pushes when its steps are done, names the project builds, not pulls.
"""

from __future__ import annotations

import os

from ..._lazy import lazy_pattern
from .._cloudbuild_shape import camel
from .._yaml import items, position, scalar, sequence
from ._scanner import Resolved, TextBuilder, fields, is_custom, is_mapping

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    import yaml

    from ..project import BuiltImage
    from ._scanner import Resolutions, Scanner
    from ._shell import Script, Session

__all__ = ["SYSTEM", "Substitutions", "cloudbuild", "cloudbuild_sessions", "pushed_images"]

#: The system's name, in :data:`~tagsense.sources.ci.SYSTEMS` and a built image's site.
SYSTEM = "cloudbuild"

#: How deep substitutions written with substitutions are followed.
MAX_DEPTH = 16
#: Where the builder's entrypoint is ``docker`` (``gcr.io/cloud-builders/docker``, any
#: registry or mirror of it).
_DOCKER_BUILDER = "cloud-builders/docker"


#: A substitution after its ``$``: ``{NAME}`` or ``NAME`` (Cloud Build's keys).
_KEY = lazy_pattern(r"\{([A-Z_][A-Z0-9_]*)\}|([A-Z_][A-Z0-9_]*)")


#: bash's forms of a dynamic substitution after its ``$`` (``{_TAG:-dev}``, ``{_SHA:0:7}``).
_BASH = lazy_pattern(r"\{([A-Za-z_][A-Za-z0-9_]*)[^{}]*\}")


def _parts(text: str) -> Iterator[tuple[str, str | None, bool]]:
    """``text`` cut into literal runs (``name`` ``None``) and substitutions: ``(written, name,
    plain)``, ``plain`` when it takes its value as it is (not through bash's forms)."""
    index = start = 0
    while (index := text.find("$", index)) >= 0:
        if text.startswith("$$", index):
            yield text[start:index] + "$", None, True
            index = start = index + 2
            continue
        match = _KEY.match(text, index + 1)
        plain = match is not None
        if match is None:
            match = _BASH.match(text, index + 1)
        if match is None:
            index += 1
            continue
        yield text[start:index], None, True
        yield text[index : match.end()], match.group(1) or match.group(2), plain
        index = start = match.end()
    yield text[start:], None, True


class Substitutions:
    """The user substitutions a file gives defaults to, put into text as Cloud Build does."""

    __slots__ = ("_memo", "_pending", "defaults")

    def __init__(self, defaults: dict[str, str]) -> None:
        self.defaults = defaults
        self._memo: dict[tuple[str, bool], Resolved] = {}
        self._pending: set[str] = set()

    @classmethod
    def of(cls, root: dict[str, yaml.Node], scanner: Scanner | None = None) -> Substitutions:
        """The ``substitutions:`` of a file's top (a value of the wrong type: an error, when
        a ``scanner`` is given to report it)."""
        node = root.get("substitutions")
        table = scanner.mapping(node, "substitutions") if scanner is not None else fields(node)
        defaults: dict[str, str] = {}
        for name, value in table.items():
            text = scalar(value)
            if text is not None:
                defaults[name] = text
            elif scanner is not None and not is_custom(value):
                scanner.wrong(value, f"substitutions.{name}", "a string")
        return cls(defaults)

    def resolve(self, text: str, *, shell: bool = False, depth: int = 0) -> Resolved:
        """``text`` with the defaults put in; a part only a run fills in kept as written and
        named (``shell``: that part is :data:`~..builds._shell_values.UNKNOWN` instead, for the
        shell reader). Raises :class:`~._scanner.TooLong` past the longest text."""
        from ..builds._shell_values import UNKNOWN

        builder = TextBuilder("variables")
        for written, name, plain in _parts(text):
            if name is None:
                builder.literal(written)
                continue
            value = self._value(name, shell, depth) if plain else None
            if value is None:
                builder.unknown(UNKNOWN if shell else written, (name,))
                continue
            builder.add(value)
            if not value.unresolved:
                builder.used[name] = value.text
        return builder.result()

    def _value(self, name: str, shell: bool, depth: int) -> Resolved | None:
        key = (name, shell)
        if key in self._memo:
            return self._memo[key]
        default = self.defaults.get(name)
        if default is None or name in self._pending or depth >= MAX_DEPTH:
            return None  # (a built-in, one without a default, or one written with itself)
        self._pending.add(name)
        try:
            value = self.resolve(default, shell=shell, depth=depth + 1)
        finally:
            self._pending.discard(name)
        self._memo[key] = value
        return value

    def resolutions(self, text: str) -> Resolutions:
        """What a step's ``name`` is when the build runs (the scanner's resolve function)."""
        resolved = self.resolve(text)
        extra: dict[str, object] = {}
        if resolved.used:
            extra["substitutions"] = dict(resolved.used)
        return [(resolved, extra)]

    def shell(self, text: str) -> str | None:
        """``text`` as a step's command gets it (unknown parts :data:`UNKNOWN`); ``None``
        when it would grow too long to read."""
        from ._scanner import Rejected

        try:
            return self.resolve(text, shell=True).text
        except Rejected:
            return None


def _api_fields(node: yaml.Node | None) -> dict[str, yaml.Node]:
    """A mapping's values by the API's name of each key (``wait_for`` is ``waitFor``)."""
    return {camel(key): value for key, value, _ in items(node)}


# --- the images the steps run in -------------------------------------------------------


def cloudbuild(scanner: Scanner, documents: list[yaml.Node]) -> None:
    for document in documents:
        found = scanner.root(document)
        if found is None:
            continue
        root = {camel(key): value for key, value in found.items()}
        substitutions = Substitutions.of(root, scanner)
        for index, step in enumerate(scanner.items_of(root.get("steps"), "steps")):
            where = f"steps[{index}]"
            if not is_mapping(step):
                if not is_custom(step):
                    scanner.wrong(step, where, "a mapping with 'name'")
                continue
            own = _api_fields(step)
            context: dict[str, object] = {"field": "steps"}
            step_id = scalar(own.get("id"))
            if step_id:
                context["job"] = step_id
            scanner.image(own.get("name"), f"{where}.name", context,
                          resolve=substitutions.resolutions)  # fmt: skip


# --- what the steps build and run -------------------------------------------------------


def cloudbuild_sessions(documents: list[yaml.Node], scanner: Scanner) -> list[Session]:
    """One shell a step whose command is shell text or ``docker``'s arguments (see the
    module), with the variables Cloud Build gives it; a run decides where it starts."""
    from ._shell import Session

    found: list[Session] = []
    for document in documents:
        if not is_mapping(document):
            continue
        root = _api_fields(document)
        substitutions = Substitutions.of(root)
        options = _api_fields(root.get("options"))
        shared = _environment(options.get("env"), substitutions)
        automap = _is_true(options.get("automapSubstitutions"))
        for step in sequence(root.get("steps")):
            if not is_mapping(step):
                continue
            own = _api_fields(step)
            command = _command(own, substitutions, scanner)
            if command is None:
                continue
            script, posix = command
            variables = {**shared, **_environment(own.get("env"), substitutions)}
            given = own.get("automapSubstitutions")
            if _is_true(given) or (given is None and automap):
                mapped = {name: substitutions.shell("${" + name + "}") for name in
                          substitutions.defaults}  # fmt: skip
                variables = {**{n: v for n, v in mapped.items() if v is not None}, **variables}
            step_id = scalar(own.get("id")) or None
            workdir = _workdir(scalar(own.get("dir")), substitutions, scanner.path)
            found.append(Session(variables, [script], step_id, posix=posix, workdir=workdir))
    return found


def _workdir(written: str | None, substitutions: Substitutions, path: str | None) -> str | None:
    """Where a step runs (``dir``, relative to the workspace), from the build file's
    directory; ``None`` when a run decides. The workspace is the source the build was given
    (``gcloud builds submit [SOURCE]``, a trigger's checkout), most often the repository's
    top: it is taken to be the one of the file's directory and the repository's top from
    which ``dir`` names a directory of the project (ingress-nginx's
    ``images/httpbun/cloudbuild.yaml`` runs ``make push`` with ``dir: images``); a step
    without ``dir`` runs at the top, known only for a file there."""
    if path is None:
        return None
    from ..context import project_root

    start = os.path.dirname(path)
    root = project_root(path)
    if root is None:
        return None
    top = os.path.relpath(root, os.path.realpath(start or os.curdir))
    if written is None:
        return "" if top == os.curdir else None
    directory = substitutions.shell(written)
    if not directory or os.path.isabs(directory) or directory.startswith(".."):
        return None
    found = {
        os.path.normpath(os.path.join(base, directory))
        for base in dict.fromkeys((os.curdir, top))
        if os.path.isdir(os.path.join(start, base, directory))
    }
    if len(found) != 1:
        return None
    (relative,) = found
    return "" if relative == os.curdir else relative


def _is_true(node: yaml.Node | None) -> bool:
    return (scalar(node) or "").lower() == "true"


def _environment(node: yaml.Node | None, substitutions: Substitutions) -> dict[str, str]:
    """The ``KEY=VALUE`` items of an ``env`` list, with the substitutions put in."""
    found: dict[str, str] = {}
    for item in sequence(node):
        text = scalar(item)
        if text is None or "=" not in text:
            continue
        name, _, value = text.partition("=")
        expanded = substitutions.shell(value)
        if name and expanded is not None:
            found[name] = expanded
    return found


def _command(
    step: dict[str, yaml.Node], substitutions: Substitutions, scanner: Scanner
) -> tuple[Script, bool] | None:
    """The text a step's shell runs, and whether a POSIX shell reads it; ``None`` when the
    step runs no shell text and no ``docker`` command."""
    from ._shell import Script, _is_posix_shell, _line

    script = step.get("script")
    text = scalar(script)
    if script is not None and text is not None and not is_custom(script):
        # (Cloud Build puts no substitution in a script: automapped, they are its variables)
        first = text.lstrip().split("\n", 1)[0]
        interpreter = first[2:].strip() if first.startswith("#!") else "sh"
        if interpreter.rpartition("/")[2].startswith("env "):
            interpreter = interpreter.split(None, 1)[1] if " " in interpreter else ""
        posix = _is_posix_shell(interpreter)
        return Script(scanner.path_of(script), _line(script), text), posix
    arguments = [item for item in sequence(step.get("args")) if scalar(item) is not None]
    written = scalar(step.get("entrypoint"))
    entrypoint = substitutions.shell(written) if written is not None else None
    if entrypoint is not None and _is_posix_shell(entrypoint):
        body = _shell_text(arguments)
        if body is None:
            return None
        expanded = substitutions.shell(scalar(body) or "")
        if expanded is None:
            return None
        return Script(scanner.path_of(body), _line(body), expanded), True
    if entrypoint is not None and entrypoint.rpartition("/")[2] in ("make", "gmake"):
        # (ingress-nginx's `entrypoint: make`, `args: [push]`: its Makefile, see ..builds._runs)
        return _program_script("make", arguments, substitutions, scanner)
    if entrypoint is not None and _is_script_path(entrypoint):
        # (kubernetes-csi's release-tools/cloudbuild.yaml: `entrypoint: ./.cloudbuild.sh`, with
        # the step's `env`: the script of the source, run as a shell runs it)
        node = step["entrypoint"]
        command = _program_script(entrypoint, arguments, substitutions, scanner)
        return command or (Script(scanner.path_of(node), _line(node), entrypoint), True)
    if written is None and not _runs_docker(step.get("name"), substitutions):
        return None
    if written is not None and (entrypoint or "").rpartition("/")[2] != "docker":
        return None
    return _program_script("docker", arguments, substitutions, scanner)


def _is_script_path(entrypoint: str) -> bool:
    """Whether an entrypoint is a script of the source, by a path relative to the step's
    directory (``./build.sh``, ``hack/release.sh``), not a program of the step's image.

    >>> [_is_script_path(e) for e in ("./.cloudbuild.sh", "hack/x.sh", "bash", "/bin/sh")]
    [True, True, False, False]
    """
    return entrypoint.startswith("./") or (
        "/" in entrypoint and not entrypoint.startswith(("/", "$")) and " " not in entrypoint
    )


def _shell_text(arguments: list[yaml.Node]) -> yaml.Node | None:
    """The argument a shell runs as its text: the one after options that include ``-c``
    (``-c``, ``-ec``, ``-e -c``)."""
    given_c = False
    for index, item in enumerate(arguments):
        word = scalar(item) or ""
        if word.startswith("-") and not word.startswith("--") and len(word) > 1:
            given_c = given_c or "c" in word[1:]
            continue
        return item if given_c and index > 0 else None
    return None


def _runs_docker(node: yaml.Node | None, substitutions: Substitutions) -> bool:
    """Whether a step's image is the ``docker`` builder (its entrypoint is ``docker``)."""
    written = scalar(node)
    name = substitutions.shell(written) if written is not None else None
    if not name:
        return False
    name = name.partition("@")[0]
    if name.rfind(":") > name.rfind("/"):
        name = name[: name.rfind(":")]
    return name == _DOCKER_BUILDER or name.endswith("/" + _DOCKER_BUILDER)


def _program_script(
    program: str, arguments: list[yaml.Node], substitutions: Substitutions, scanner: Scanner
) -> tuple[Script, bool] | None:
    """``program`` (``docker``, ``make``) and the step's arguments as one command, each
    argument quoted, on the line it is written on (continued lines between), so that what is
    read is where it is."""
    import shlex

    from ._shell import Script

    if not arguments:
        return None
    first = position(arguments[0])[0]
    text = program
    line = first
    for item in arguments:
        value = substitutions.shell(scalar(item) or "")
        if value is None:
            return None
        at = position(item)[0]
        while line < at:
            text += " \\\n"
            line += 1
        text += " " + shlex.quote(value)
        line += value.count("\n")
    return Script(scanner.path_of(arguments[0]), first, text), True


# --- what the build pushes --------------------------------------------------------------


def pushed_images(documents: list[yaml.Node], path: str | None) -> list[BuiltImage]:
    """The names ``images`` and ``artifacts.images`` push (patterns where a run fills a part
    in, see :func:`~..builds._shell_values.name_pattern`), at their lines."""
    from ...occurrence import BuildSite
    from ..builds._shell_values import name_pattern
    from ..project import BuiltImage

    found: list[BuiltImage] = []
    for document in documents:
        if not is_mapping(document):
            continue
        root = _api_fields(document)
        substitutions = Substitutions.of(root)
        artifacts = _api_fields(root.get("artifacts"))
        for node in (*sequence(root.get("images")), *sequence(artifacts.get("images"))):
            text = scalar(node)
            value = substitutions.shell(text) if text is not None else None
            name = name_pattern(value) if value else None
            if name is not None:
                found.append(BuiltImage(name, BuildSite(SYSTEM, path, position(node)[0])))
    return found

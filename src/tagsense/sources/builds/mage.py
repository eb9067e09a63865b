"""Mage: the images a magefile's targets run with a container engine.

`Mage <https://magefile.org/>`_ is Make for Go: a target is a Go function, and it runs
commands with ``github.com/magefile/mage/sh`` (``sh.Run("docker", "run", "--rm", IMAGE, …)``,
``sh.RunV``, ``sh.Output``, ``sh.RunWith(env, …)``, ``sh.Exec(env, out, err, …)``, and the
commands ``sh.RunCmd("docker", …)`` makes). A Go source that imports it is read for the
``docker``/``podman`` ``run``, ``create`` and ``pull`` commands its calls give, word by word,
each word a value the source says (see ``._go_source``; one it does not is a run's, and an
image a run decides is not read, nor a call given ``args...``): the image, kind ``shell``,
``tool`` ``mage``, as the shell reader reads a script's (``.shell``). What a target builds is
not read as the project's build, but a ``run`` of an image the file's own ``docker build -t``
tags runs that image: no pull.

Any Go source runs commands the same way with the standard library's ``os/exec``
(``exec.Command("docker", "run", "--rm", "-d", IMAGE)``, ``exec.CommandContext(ctx, "docker",
…)``): trufflesecurity/trufflehog's integration tests start their LDAP and PostgreSQL servers
so. :func:`exec_pulls` reads those calls word by word as well (``tool`` ``os/exec``), and the
calls of the file's own functions that hand their words to such a command
(``func run(cmd string, args ...string) { c := exec.Command(cmd, args...) … }``, then
``run("docker", "pull", IMAGE)``: restic's ``helpers/prepare-release``). So are the calls of
the exported functions of a package of the module the source imports that hand the words they
are given, whole, to such a command, themselves or through another such function of their
package (kopia's ``internal/testutil``: ``RunContainerAndKillOnCloseOrSkip(t, args...)`` →
``exec.CommandContext(ctx, "docker", args...)``; its tests call
``testutil.RunContainerAndKillOnCloseOrSkip(t, "run", …, "-d", "minio/minio", …)``):
:func:`runner_pulls`, with :func:`engine_runners` of the package.
"""

from __future__ import annotations

from types import MappingProxyType

from ..._lazy import lazy_pattern
from ._go_source import GoFile, Value, arguments, import_spec, resolve

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Iterator, Mapping, Sequence

    from ...occurrence import Scan
    from ._shell_values import ShellPull

__all__ = [
    "EXEC_MARKER",
    "MARKER",
    "engine_runners",
    "exec_pulls",
    "mage_pulls",
    "may_call_runners",
    "runner_pulls",
]

#: What a magefile says (its import of mage's package that runs commands).
MARKER = '"github.com/magefile/mage/sh"'
#: What a Go source that runs commands with the standard library says.
EXEC_MARKER = '"os/exec"'

#: The calls that run a command, with how many arguments come before the command's name.
_RUNS = {
    "Run": 0, "RunV": 0, "Output": 0, "RunWith": 1, "RunWithV": 1, "OutputWith": 1, "Exec": 3,
}  # fmt: skip
#: The calls that make a command to run later, with the words it always starts with.
_MAKERS = frozenset({"RunCmd", "OutCmd"})
#: ``os/exec``'s calls that make a command, with how many arguments come before its name.
_EXEC_RUNS = {"Command": 0, "CommandContext": 1}
_ENGINES = frozenset({"docker", "podman"})


def mage_pulls(file: GoFile, known: Mapping[str, Value]) -> Scan:
    """The images the magefile ``file`` runs or pulls (see the module)."""
    from .shell import pulls_scan

    alias = _alias(file.code, _SH, "sh")
    if alias is None:
        return pulls_scan(file.path, [], "mage", ())
    pulls = [(pull, _NO_CONTEXT) for pull in _pulls(file, alias, known, _RUNS)]
    return pulls_scan(file.path, file.text.split("\n"), "mage", pulls)


def exec_pulls(file: GoFile, known: Mapping[str, Value]) -> Scan:
    """The images the Go source ``file`` runs or pulls with ``os/exec``'s commands."""
    from .shell import pulls_scan

    alias = _alias(file.code, "os/exec", "exec")
    if alias is None:
        return pulls_scan(file.path, [], "os/exec", ())
    pulls = [(pull, _NO_CONTEXT) for pull in _pulls(file, alias, known, _EXEC_RUNS)]
    return pulls_scan(file.path, file.text.split("\n"), "os/exec", pulls)


def runner_pulls(
    file: GoFile, known: Mapping[str, Value], runners: Mapping[str, tuple[tuple[str, ...], int]]
) -> Scan:
    """The images the Go source ``file`` runs or pulls with its calls of other packages'
    functions that run a container engine (``runners``: by the name the source calls them,
    the command's first words and how many arguments come before the words; see the module)."""
    from ._engine_commands import pull_command
    from .shell import pulls_scan

    code = file.code
    pulls = []
    for match in _PACKAGE_CALL.finditer(code):
        runner = runners.get(f"{match['alias']}.{match['name']}")
        if runner is None:
            continue
        prefix, before = runner
        words = arguments(code, match.end() - 1)[before:]
        if not words or any(text.rstrip().endswith("...") for text, _ in words):
            continue  # (a call given a slice: its words are not known)
        scope = _scope(file, match.start())
        line = code.count("\n", 0, match.start()) + 1
        last = code.count("\n", 0, words[-1][1] + len(words[-1][0])) + 1
        for texts, written in _commands(file, list(prefix), words, scope, known):
            first, end = (written, written) if written else (line, last)
            pulls += [(pull, _NO_CONTEXT) for pull in pull_command(texts[0], texts[1:], first, end)]
    return pulls_scan(file.path, file.text.split("\n"), "os/exec", pulls)


def engine_runners(files: Sequence[GoFile]) -> dict[str, tuple[tuple[str, ...], int]]:
    """The functions of a package (its ``files``) that run a container engine with the words
    of their last parameter, ``NAME ...string``: those whose body hands it whole to an
    ``os/exec`` command of ``docker`` or ``podman`` (``exec.CommandContext(ctx, "docker",
    args...)``), or to another such function of the package with as many arguments before it
    as that one takes. By name: the command's first words, and how many parameters come before
    the words."""
    import re

    bodies = []  # (name, parameters before the words, the words' name, body, os/exec's name)
    for file in files:
        alias = _alias(file.code, "os/exec", "exec")
        for start, end, name in file.functions:
            header = _RUNNER_HEADER.match(file.code, start)
            if header is None or header["name"] != name:
                continue
            before = len([p for p in (header["before"] or "").split(",") if p.strip()])
            body = file.code[header.end() : end]
            bodies.append((name, before, header["rest"], body, alias))
    found: dict[str, tuple[tuple[str, ...], int]] = {}
    for name, before, rest, body, alias in bodies:
        if alias is None:
            continue
        call = rf"\b{re.escape(alias)}\.Command(?:Context\(\s*[^,()]+,|\()"
        engine = r'"(?P<engine>docker|podman)"'
        made = re.search(rf"{call}\s*{engine}\s*,\s*{re.escape(rest)}\.\.\.\s*\)", body)
        if made is not None:
            found[name] = ((made["engine"],), before)
    for _ in range(len(bodies)):  # (each round, the functions that call one found before)
        more = {
            name: (found[callee][0], before)
            for name, before, rest, body, _ in bodies
            if name not in found
            for callee in _callees(body, rest, found)
        }
        if not more:
            break
        found.update(more)
    return found


def _callees(
    body: str, rest: str, runners: Mapping[str, tuple[tuple[str, ...], int]]
) -> Iterator[str]:
    """The ``runners`` the ``body`` calls with its words last (``run(ctx, t, args...)``), as
    many arguments before them as the runner takes."""
    for match in _OWN_CALL.finditer(body):
        runner = runners.get(match["name"])
        if runner is None:
            continue
        args = arguments(body, match.end() - 1)
        if len(args) == runner[1] + 1 and args[-1][0].strip() == f"{rest}...":
            yield match["name"]


def may_call_runners(text: str) -> bool:
    """Whether a Go source calls another package's function with the words of a ``docker``
    command (``testutil.RunContainer(t, "run", …``): it may call a runner (see the module)."""
    return _RUNNER_CALL.search(text) is not None


#: ``pkg.Name(`` with ``"run"``, ``"pull"`` or ``"create"`` among its first arguments.
_RUNNER_CALL = lazy_pattern(
    r'(?<![\w.])[A-Za-z_]\w*\.[A-Z]\w*\(\s*(?:[^,()"]+,\s*){0,3}"(?:run|pull|create)"\s*,'
)


#: ``func NAME(BEFORE…, REST ...string)`` (a function, not a method; no function types).
_RUNNER_HEADER = lazy_pattern(
    r"func[ \t]+(?P<name>[A-Za-z_]\w*)[ \t]*\((?P<before>[^()]*?,)?[ \t\n]*"
    r"(?P<rest>[A-Za-z_]\w*)[ \t]+\.\.\.string[ \t]*\)"
)


#: ``pkg.Name(``: a call of another package's exported function.
_PACKAGE_CALL = lazy_pattern(r"(?<![\w.])(?P<alias>[A-Za-z_]\w*)\s*\.\s*(?P<name>[A-Z]\w*)\s*\(")


#: ``name(``: a call of a function of the package.
_OWN_CALL = lazy_pattern(r"(?<![\w.])(?P<name>[A-Za-z_]\w*)\s*\(")


#: What a pull adds to its context (nothing: the tool, engine and verb are there).
_NO_CONTEXT: Mapping[str, object] = MappingProxyType({})


def _pulls(
    file: GoFile, alias: str, known: Mapping[str, Value], runs: Mapping[str, int]
) -> Iterator[ShellPull]:
    """Each ``docker run``/``pull`` a call of ``sh`` (or of a command it made) runs, or one
    of ``os/exec``'s (``runs``: the calls, and the arguments before the command's name); a
    ``run`` or ``create`` of an image the file's own ``docker build -t`` tags is no pull: the
    engine runs the image built (aquasecurity/trivy-operator's ``Docs.Serve`` builds
    ``MKDOCS_IMAGE``, then runs it)."""
    from ._engine_commands import pull_command

    commands = list(_engine_commands(file, alias, known, runs))
    built = {tag for texts, _, _ in commands for tag in _build_tags(texts)}
    for texts, first, end in commands:
        for pull in pull_command(texts[0], texts[1:], first, end):
            if pull.verb == "pull" or pull.image not in built:
                yield pull


#: The options of ``docker build`` that name the image it tags.
_TAG_OPTIONS = ("-t", "--tag")


def _build_tags(texts: list[str]) -> Iterator[str]:
    """The images a ``docker build`` (``buildx build``, ``image build``; podman's) tags."""
    words = texts[1:]
    if words[:1] in (["buildx"], ["image"]):
        words = words[1:]
    if words[:1] != ["build"]:
        return
    for index, word in enumerate(words):
        if word in _TAG_OPTIONS and index + 1 < len(words):
            yield words[index + 1]
        elif word.startswith(("--tag=", "-t=")):
            yield word.partition("=")[2]


def _engine_commands(
    file: GoFile, alias: str, known: Mapping[str, Value], runs: Mapping[str, int]
) -> Iterator[tuple[list[str], int, int]]:
    """Each engine command a call runs (see :func:`_pulls`), its words, and the lines where
    its image is written (a table's element where the table writes it)."""
    code = file.code
    made = _made_commands(file, alias, known) if runs is _RUNS else _exec_wrappers(file, alias)
    named = {m.end() for m in _maker(alias).finditer(code)} if runs is _RUNS else set()
    for match in _call(alias).finditer(code):
        args = arguments(code, match.end() - 1)
        name = match["name"]
        if match["alias"] is not None and name in runs:
            words = args[runs[name] :]
            prefix: list[str] = []
        elif match["alias"] is None and name in made:
            words, prefix = args, made[name]
        elif runs is _RUNS and match["alias"] is not None and name in _MAKERS:
            if match.end() in named:
                continue  # (a command given a name: its calls are read, see _made_commands)
            # (a command made and handed on, `return sh.RunCmd("docker", "run", …, image)`:
            # what its caller runs, with more words after the image)
            words, prefix = args, []
        else:
            continue
        if not words or any(text.rstrip().endswith("...") for text, _ in words):
            continue  # (a call given a slice: its words are not known)
        scope = _scope(file, match.start())
        line = code.count("\n", 0, match.start()) + 1
        last = code.count("\n", 0, words[-1][1] + len(words[-1][0])) + 1
        for texts, written in _commands(file, prefix, words, scope, known):
            if texts and texts[0] in _ENGINES:
                # (a table's element is reported where the table writes it)
                first, end = (written, written) if written else (line, last)
                yield texts, first, end


def _commands(
    file: GoFile,
    prefix: list[str],
    words: list[tuple[str, int]],
    scope: tuple[int, int, str] | None,
    known: Mapping[str, Value],
) -> Iterator[tuple[list[str], int | None]]:
    """The words of a call's command, each a value the source says (else a run's), with the
    line of a table's element it is given (see below; else ``None``); a call
    in a loop over a table the function declares, whose one word is the loop's element, gives
    one command for each (aquasecurity/trivy-operator's magefile: ``for _, image := range
    images { sh.Run("docker", "pull", image) }`` over ``images := []string{…}``)."""
    from ._go_source import resolve_all
    from ._shell_values import UNKNOWN

    values = [resolve(file, text, start, scope, known) for text, start in words]
    texts = prefix + [value.text if value is not None else UNKNOWN for value in values]
    unknown = [index for index, value in enumerate(values) if value is None]
    if not unknown or not texts or texts[0] not in _ENGINES:
        yield texts, None
        return
    if len(unknown) == 1:
        text, start = words[unknown[0]]
        chosen, cases = unknown[0], resolve_all(file, text, start, scope, known)
    else:
        chosen, cases = unknown[0], []
    if not cases:
        # (a word that is a parameter of the function, which its calls give: the image of
        # lorawan-stack's `makeProtoc(image string)`; an option's value beside it stays a run's)
        given = [(index, _parameter_values(file, words[index][0].strip(), scope, known))
                 for index in unknown]  # fmt: skip
        given = [(index, found) for index, found in given if found]
        if len(given) == 1:
            chosen, cases = given[0]
    if not cases:
        yield texts, None
        return
    at = len(prefix) + chosen
    for case in cases:
        written = file.code.count("\n", 0, case.quote) + 1 if case.path == file.path else None
        yield [*texts[:at], case.text, *texts[at + 1 :]], written


def _parameter_values(
    file: GoFile,
    name: str,
    scope: tuple[int, int, str] | None,
    known: Mapping[str, Value],
    depth: int = 0,
) -> list[Value]:
    """The values a parameter ``name`` of the file's function ``scope`` is given by the file's
    calls of it, each an argument the source says there or a parameter of the caller given so
    in turn (TheThingsNetwork/lorawan-stack's ``tools/mage/proto.go``: ``withProtoc(goProtoImage,
    …)`` → ``makeProtoc(image)`` → ``sh.RunCmd("docker", "run", …, image, …)``). A method's
    parameter, or one the function sets again, is not followed."""
    import re

    if scope is None or depth >= _MAX_PARAMETER_DEPTH or _IDENTIFIER.fullmatch(name) is None:
        return []
    start, end, function = scope
    header = re.compile(rf"func[ \t]+{re.escape(function)}[ \t]*\(").match(file.code, start)
    if header is None:
        return []  # (a method: its calls are another type's)
    parameters = [text.split()[0] for text, _ in arguments(file.code, header.end() - 1)]
    body = file.code[header.end() : end]
    if name not in parameters or re.search(rf"(?<![\w.]){re.escape(name)}\s*:?=[^=]", body):
        return []
    index = parameters.index(name)
    found: dict[str, Value] = {}
    for call in _OWN_CALL.finditer(file.code):
        if call["name"] != function or file.code[: call.start()].rstrip().endswith("func"):
            continue
        given = arguments(file.code, call.end() - 1)
        if index >= len(given) or len(given) != len(parameters):
            continue
        text, at = given[index]
        where = _scope(file, call.start())
        value = resolve(file, text, at, where, known)
        values = [value] if value is not None else []
        if value is None and where is not None and where[2] != function:
            values = _parameter_values(file, text.strip(), where, known, depth + 1)
        for each in values:
            found.setdefault(each.text, each)
    return list(found.values())


#: How many callers deep a parameter's values are looked for (see :func:`_parameter_values`).
_MAX_PARAMETER_DEPTH = 3
#: A Go identifier.
_IDENTIFIER = lazy_pattern(r"[A-Za-z_]\w*")


def _made_commands(file: GoFile, alias: str, known: Mapping[str, Value]) -> dict[str, list[str]]:
    """The commands the file makes (``docker := sh.RunCmd("docker")``), by name, with the
    words each starts with; one whose words are not all known is left out."""
    from ._shell_values import UNKNOWN

    found: dict[str, list[str]] = {}
    for match in _maker(alias).finditer(file.code):
        args = arguments(file.code, match.end() - 1)
        scope = _scope(file, match.start())
        values = [resolve(file, text, start, scope, known) for text, start in args]
        words = [value.text if value is not None else UNKNOWN for value in values]
        if words and words[0] in _ENGINES and UNKNOWN not in words:
            found[match["name"]] = words
    return found


def _exec_wrappers(file: GoFile, alias: str) -> dict[str, list[str]]:
    """The file's functions that run the command their words make (``func run(cmd string,
    args ...string)`` whose body makes ``exec.Command(cmd, args...)``, or
    ``exec.CommandContext(ctx, cmd, args...)``), by name: a call's words are the command."""
    import re

    found: dict[str, list[str]] = {}
    for start, end, name in file.functions:
        header = _WRAPPER_HEADER.match(file.code, start)
        if header is None or header["name"] != name:
            continue
        command, rest = re.escape(header["command"]), re.escape(header["rest"])
        call = rf"\b{re.escape(alias)}\.Command(?:Context\(\s*\w+\s*,|\()"
        made = rf"{call}\s*{command}\s*,\s*{rest}\.\.\.\s*\)"
        if re.search(made, file.code[header.end() : end]):
            found[name] = []
    return found


#: ``func NAME(CMD string, ARGS ...string)`` (a function, not a method).
_WRAPPER_HEADER = lazy_pattern(
    r"func[ \t]+(?P<name>[A-Za-z_]\w*)[ \t]*\([ \t]*(?P<command>[A-Za-z_]\w*)[ \t]+string"
    r"[ \t]*,[ \t]*(?P<rest>[A-Za-z_]\w*)[ \t]+\.\.\.string[ \t]*\)"
)


def _scope(file: GoFile, at: int) -> tuple[int, int, str] | None:
    return next((span for span in file.functions if span[0] <= at < span[1]), None)


def _alias(code: str, path: str, default: str) -> str | None:
    """The name the file's import of ``path`` (mage's ``sh``, ``os/exec``) goes by."""
    found = next((m for m in import_spec().finditer(code) if m["path"] == path), None)
    if found is None:
        return None
    alias = found["alias"] or default
    return None if alias in ("_", ".") else alias


#: The import path of mage's package that runs commands.
_SH = "github.com/magefile/mage/sh"


def _call(alias: str) -> re.Pattern[str]:
    """``sh.Run(`` (and the other runs), or a made command's call ``NAME(``."""
    import re

    return re.compile(
        rf"(?<![\w.])(?:(?P<alias>{re.escape(alias)})\s*\.\s*)?(?P<name>[A-Za-z_]\w*)\s*\("
    )


def _maker(alias: str) -> re.Pattern[str]:
    """``NAME := sh.RunCmd(`` (``OutCmd``)."""
    import re

    makers = "|".join(sorted(_MAKERS))
    return re.compile(rf"\b(?P<name>[A-Za-z_]\w*)[ \t]*:?=[ \t]*{re.escape(alias)}\.(?:{makers})\(")

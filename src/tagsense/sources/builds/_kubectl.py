"""``kubectl`` commands in shell text: the images they have a cluster run.

A script, a Makefile recipe or a CI job often starts a workload without a manifest:
``kubectl run NAME --image=IMAGE``, ``kubectl create deployment NAME --image=IMAGE``
(``--image`` repeated, or comma-separated, for more containers), ``kubectl create job``
and ``create cronjob`` (``--image``), ``kubectl set image TYPE/NAME CONTAINER=IMAGE…``
(``TYPE NAME`` too, and ``*=IMAGE`` for every container), ``kubectl debug … --image=IMAGE``
(and its ``--set-image=CONTAINER=IMAGE,…``). The cluster pulls each image. OpenShift's
``oc`` takes the same commands. The grammar is kubectl's own (cobra and pflag): options
may come anywhere, ``--name=value`` and ``--name value`` alike for an option that takes a
value, ``--`` ends the options (after it, ``run``'s words are the container's command).

A command that only prints what it would do (``--dry-run=client``, ``set image
--local``) makes nothing run, unless its output is applied at once (``… --dry-run=client
-o yaml | kubectl apply -f -``, the idiom of an idempotent create). Commands that only
read (``get``, ``describe``, ``logs``) pull nothing.
"""

from __future__ import annotations

from ._engine_commands import is_known_image
from ._shell_values import UNKNOWN, ShellPull

__all__ = ["PROGRAMS", "applies_stdin", "kubectl_pulls"]

#: The programs read here: kubectl, and OpenShift's CLI, which takes the same commands.
PROGRAMS = frozenset({"kubectl", "oc"})

#: The options every command takes (kubectl's and oc's global ones) with a value.
_GLOBAL_VALUES = frozenset(
    {
        "--as", "--as-group", "--as-uid", "--cache-dir", "--certificate-authority",
        "--client-certificate", "--client-key", "--cluster", "--context", "--kubeconfig",
        "--kuberc", "-n", "--namespace", "--password", "--profile", "--profile-output",
        "--request-timeout", "-s", "--server", "--tls-server-name", "--token", "--user",
        "--username", "-v", "--v", "--vmodule", "--log-dir", "--log-file",
        "--log-file-max-size", "--log-flush-frequency", "--log-backtrace-at",
        "--stderrthreshold", "--loglevel", "--config",
    }
)  # fmt: skip
#: The global options that take no value.
_GLOBAL_FLAGS = frozenset(
    {
        "--insecure-skip-tls-verify", "--match-server-version", "--disable-compression",
        "--warnings-as-errors", "--alsologtostderr", "--logtostderr", "--one-output",
        "--skip-headers", "--skip-log-headers", "--add-dir-header", "-h", "--help",
    }
)  # fmt: skip
#: Options whose value is optional (pflag's ``NoOptDefVal``): ``--dry-run`` alone is one
#: word, and the word after it is not its value.
_OPTIONAL_VALUES = frozenset({"--dry-run", "--cascade", "--validate"})

#: The options of the commands read here that take a value (``run``, ``create …``,
#: ``debug``, ``set image``; some of older kubectl, which scripts still pass).
_VALUES = frozenset(
    {
        "--annotations", "--env", "-f", "--filename", "--field-manager", "--grace-period",
        "--image", "--image-pull-policy", "-k", "--kustomize", "-l", "--labels",
        "--selector", "-o", "--output", "--override-type", "--overrides",
        "--pod-running-timeout", "--port", "--restart", "--template", "--timeout",
        "--generator", "--replicas", "-r", "--serviceaccount", "--requests", "--limits",
        "--hostport", "--schedule", "--service-overrides", "--service-generator", "--from",
        "-c", "--container", "--copy-to", "--set-image", "--target", "--custom",
        "--node-name", "--to-namespace", "--as-user", "--image-stream", "--source",
        "--chunk-size", "--output-watch-events", "--resource-version",
    }
)  # fmt: skip
#: The options of those commands that take no value.
_FLAGS = frozenset(
    {
        "--allow-missing-template-keys", "--attach", "--command", "--expose", "--force",
        "--leave-stdin-open", "--privileged", "-q", "--quiet", "-R", "--recursive", "--rm",
        "--save-config", "--show-managed-fields", "-i", "--stdin", "-t", "--tty", "--wait",
        "--record", "--all", "--local", "--edit", "--windows-line-ending", "--arguments-only",
        "--replace", "--same-node", "--share-processes", "--keep-labels",
        "--keep-annotations", "--keep-liveness", "--keep-readiness", "--keep-startup",
        "--as-root", "--one-container",
        "-A", "--all-namespaces",
    }
)  # fmt: skip

#: The kinds ``create`` makes from an ``--image`` (their aliases too).
_CREATE_KINDS = {"deployment": "deployment", "deploy": "deployment", "job": "job",
                 "cronjob": "cronjob", "cj": "cronjob"}  # fmt: skip
#: The commands that apply what their standard input is (``kubectl apply -f -``).
_APPLY_VERBS = frozenset({"apply", "create", "replace"})


class _Parsed:
    """A command's words as kubectl reads them: ``path`` (``run``, ``create deployment``…),
    ``options`` (name and value, in order; ``None``: an option alone), ``positionals`` (before
    ``--``)."""

    __slots__ = ("options", "path", "positionals")

    def __init__(
        self, path: str, options: list[tuple[str, str | None]], positionals: list[str]
    ) -> None:
        self.path = path
        self.options = options
        self.positionals = positionals

    def values(self, name: str) -> list[str]:
        return [value for option, value in self.options if option == name and value is not None]

    def given(self, name: str) -> bool:
        return any(option == name for option, _ in self.options)

    def dry(self) -> bool:
        """Whether it only prints what it would do: a dry run, or ``set image --local``."""
        return _dry(self.options) or (self.path == "set image" and self.given("--local"))

    def printed(self) -> bool:
        """Whether it prints the objects as YAML or JSON (``-o yaml``)."""
        return any(
            value is not None and value.partition("=")[0] in ("yaml", "json")
            for option, value in self.options
            if option in ("-o", "--output")
        )


def kubectl_pulls(
    program: str, arguments: list[str], line: int, last: int, *, applied: bool = False
) -> list[ShellPull]:
    """The images a ``kubectl`` (or ``oc``) command has a cluster run (its arguments
    expanded). ``applied``: the command's output is applied (piped into ``kubectl apply -f
    -``): then only a dry run that prints its objects is read (any other counts on its own).
    None when the command runs no image, or its words cannot be read."""
    parsed = _parse(arguments)
    if parsed is None or parsed.dry() != applied or (applied and not parsed.printed()):
        return []
    found: list[tuple[str, str]] = []  # (image, the text written before it)
    if parsed.path in ("run", "create job", "create cronjob", "debug"):
        if parsed.path == "create job" and parsed.given("--from"):
            return []  # (a job made from a cron job's template: its image is that one's)
        images = parsed.values("--image")[-1:]  # (a single value: the last one given wins)
        found.extend((image, "--image") for image in images)
        if parsed.path == "debug":
            found.extend(_pairs(",".join(parsed.values("--set-image")).split(",")) or ())
    elif parsed.path == "create deployment":
        # (a list: repeated, or comma-separated, one container each)
        for value in parsed.values("--image"):
            found.extend((image, "--image") for image in value.split(","))
    elif parsed.path == "set image":
        sources = parsed.values("--source")
        if sources and sources[-1] != "docker":
            return []  # (oc: an image stream's tag, not a registry's image)
        found.extend(_set_image_pairs(parsed) or ())
    return [
        ShellPull(line, last, program, parsed.path, image, lead=lead)
        for image, lead in dict.fromkeys(found)
        if is_known_image(image)
    ]


def applies_stdin(arguments: list[str]) -> str | None:
    """The verb of a ``kubectl`` command that applies what its standard input is: ``apply
    -f -`` (``create``, ``replace``; ``--filename=-``, ``-f-``); else ``None``."""
    words = _path_and_rest(arguments)
    if words is None or words[0] not in _APPLY_VERBS:
        return None
    parsed = _options(words[1], strict=False)
    if parsed is None or parsed[1] or _dry(parsed[0]):
        return None  # (`create deployment …`; a dry run applies nothing)
    files = [value for option, value in parsed[0] if option in ("-f", "--filename")]
    return words[0] if "-" in files else None


def manifest_pulls(program: str, verb: str, text: str, line: int) -> list[ShellPull]:
    """The images of the Kubernetes objects a here-document gives ``kubectl apply -f -``
    (``text``, its first line ``line``), read as any manifest is: each at its own line."""
    from ..kubernetes import scan_kubernetes

    if "apiVersion" not in text or "kind" not in text:
        return []
    return [
        ShellPull(line + found.line - 1, line + found.line - 1, program, verb, found.text)
        for found in scan_kubernetes(text)
        if found.text is not None and is_known_image(found.text)
    ]


def _dry(options: list[tuple[str, str | None]]) -> bool:
    """``--dry-run`` among the options (alone, ``client`` or ``server``; not ``none``)."""
    return any(name == "--dry-run" and value not in ("none", "false") for name, value in options)


def _pairs(words: list[str]) -> list[tuple[str, str]] | None:
    """``CONTAINER=IMAGE`` words as (image, ``=``); ``None`` when one is no such pair."""
    found = []
    for word in words:
        if not word:
            continue
        container, equals, image = word.partition("=")
        if not equals or not container:
            return None
        found.append((image, "="))
    return found


def _set_image_pairs(parsed: _Parsed) -> list[tuple[str, str]] | None:
    """``set image``'s images: the resources come first (``deployment/web``, ``deployment
    web``; or ``-f FILE``), then the ``CONTAINER=IMAGE`` pairs; a resource after a pair is
    kubectl's error (then nothing runs). A word only a run knows may be either."""
    resources: list[str] = []
    pairs: list[str] = []
    for word in parsed.positionals:
        if UNKNOWN in word and "=" not in word:
            continue
        if "=" in word:
            pairs.append(word)
        elif pairs:
            return None
        else:
            resources.append(word)
    named = resources or parsed.given("-f") or parsed.given("--filename")
    if not named and not (parsed.given("-k") or parsed.given("--kustomize")):
        return None
    return _pairs(pairs)


def _path_and_rest(arguments: list[str]) -> tuple[str, list[str]] | None:
    """The command's first word (``run``, ``create``…), past the global options before it,
    and the words after it; ``None`` when an option there is not known."""
    index = 0
    while index < len(arguments):
        word = arguments[index]
        if not word.startswith("-") or word == "-":
            return word, arguments[index + 1 :]
        option = word.partition("=")[0]
        if "=" not in word and option in _GLOBAL_VALUES:
            index += 2
        elif option in _GLOBAL_VALUES or option in _GLOBAL_FLAGS:
            index += 1
        elif len(word) > 2 and not word.startswith("--") and word[:2] in _GLOBAL_VALUES:
            index += 1  # (``-nprod``)
        else:
            return None
    return None


def _parse(arguments: list[str]) -> _Parsed | None:
    """The command a ``kubectl`` command line runs, read as far as is needed here (``None``:
    one of the commands that runs no image, or one whose words cannot be told apart)."""
    found = _path_and_rest(arguments)
    if found is None:
        return None
    verb, rest = found
    strict = verb == "set"  # (the pairs are positionals: an option's value must not be one)
    parsed = _options(rest, strict=strict)
    if parsed is None:
        return None
    options, positionals = parsed
    path = verb
    if verb == "create":
        kind = _CREATE_KINDS.get(positionals[0]) if positionals else None
        if kind is None:
            return None
        path = f"create {kind}"
        positionals = positionals[1:]
    elif verb == "set":
        if positionals[:1] != ["image"]:
            return None
        path = "set image"
        positionals = positionals[1:]
    elif verb not in ("run", "debug"):
        return None
    return _Parsed(path, options, positionals)


def _options(
    words: list[str], *, strict: bool
) -> tuple[list[tuple[str, str | None]], list[str]] | None:
    """The options and the positionals of a command's words, up to ``--``. An option not
    known is taken to be alone, unless ``strict`` (then ``None``: its value might be taken
    for a positional)."""
    values = _VALUES | _GLOBAL_VALUES
    flags = _FLAGS | _GLOBAL_FLAGS | _OPTIONAL_VALUES
    options: list[tuple[str, str | None]] = []
    positionals: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        if word == "--":
            break
        if not word.startswith("-") or word == "-":
            positionals.append(word)
            continue
        if word.startswith("--"):
            option, equals, value = word.partition("=")
            if equals:
                options.append((option, value))
            elif option in values:
                options.append((option, words[index] if index < len(words) else None))
                index += 1
            elif option in flags or not strict:
                options.append((option, None))
            else:
                return None
            continue
        # A cluster of short options (``-it``, ``-nprod``, ``-n=prod``, ``-oyaml``).
        for position in range(1, len(word)):
            option = f"-{word[position]}"
            if option in values:
                value = word[position + 1 :].removeprefix("=")
                if not value:
                    value = words[index] if index < len(words) else ""
                    index += 1
                options.append((option, value))
                break
            if option not in flags and strict:
                return None
            options.append((option, None))
    return options, positionals

"""The values the shell reader works with: the marks it puts in a text for what only a run
knows (:data:`UNKNOWN`, the script's directory, the engine a variable names), the name
patterns it keeps (:func:`name_pattern`), and the builds and pulls it finds
(:class:`ShellBuild`, :class:`ShellPull`)."""

from __future__ import annotations

import functools

from ..._lazy import lazy_pattern, once
from ...occurrence import parse_or_error
from ...reference import split_domain

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Callable, Iterable
    from typing import Any

    from ._image_load import Loaded


__all__ = [
    "ABSOLUTE",
    "ALL_ARGUMENTS",
    "APKO",
    "BREAKS",
    "DOLLAR",
    "ENGINE",
    "ENGINES",
    "ENVSUBST",
    "FILE_DIRECTORY",
    "FILE_DIRECTORY_MARK",
    "FILE_READERS",
    "INFRA_E2E",
    "INTEGER_TESTS",
    "KUBECTL_PROGRAMS",
    "MATCHED",
    "MAX_BODY_LINES",
    "MAX_BYTES",
    "MAX_CALLS",
    "MAX_DEPTH",
    "MAX_POSITIONALS",
    "MAX_SPAN",
    "MAX_TESTS_CALLS",
    "MAX_TEST_CALLS",
    "MAX_VALUE",
    "NOTHING",
    "NO_COMMAND",
    "OPERATOR_CHARS",
    "REGISTRY_TOOLS",
    "REPOSITORY_TOP",
    "SCRIPT_DIRECTORY_PARAMETERS",
    "SCRIPT_ITSELF",
    "SHELLS",
    "SLASH",
    "SPECIAL",
    "SPLIT",
    "TOP_DIRECTORY",
    "UNKNOWN",
    "WORK",
    "Loads",
    "ShellBuild",
    "ShellPull",
    "arguments_counted",
    "is_privilege_switch",
    "may_name_script",
    "name_pattern",
    "plain_text",
    "resolve_absolute",
    "script_directory",
    "substitution",
    "unknown_for",
]


#: A part of a text whose value only a run knows (a wildcard in a name).
UNKNOWN = "\ue000"
#: A ``$`` the shell leaves alone (single-quoted or escaped), until the words are expanded.
DOLLAR = "\ue001"
#: Around an engine's name: an unknown value that names the engine (``$(CONTAINER_CLI)``).
ENGINE = "\ue002"
#: Between two :data:`UNKNOWN`: the directory of the script that was run (``$(dirname
#: "$0")``), and of the file being read (``${BASH_SOURCE%/*}``), where a ``source`` looks.
TOP_DIRECTORY = "\ue004"
FILE_DIRECTORY_MARK = "\ue005"
#: The directory of the file being read, as an expanded word (``${BASH_SOURCE%/*}``): what a
#: composite action's ``${{ github.action_path }}`` is, for the files of the action.
FILE_DIRECTORY = f"{UNKNOWN}{FILE_DIRECTORY_MARK}{UNKNOWN}"
#: Before the ``$`` of a word that is one variable, unquoted (``${BASE_ARG}``): the shell
#: splits its value into words (libgit2: ``BASE_ARG="--build-arg BASE=…"``).
SPLIT = "\ue00a"
#: How a line that runs no command a call may act by starts: a comment, a message.
NO_COMMAND = ("#", "echo ", "printf ")
#: How many of a function call's positional parameters stand for a run's after one a run
#: decides the number of words of (``f $ARGS``).
MAX_POSITIONALS = 9
#: What a variable set only in a branch the shell skips expands to: nothing (an unquoted
#: word of it alone is no word at all).
NOTHING = "\ue009"
#: Around what ``cd DIR && pwd`` gives, until ``DIR`` is expanded (see :func:`resolve_absolute`).
ABSOLUTE = "\ue00c"
#: An escaped ``/`` in ``${…}`` (``${IMAGE/#percona\//perconalab/}``): a slash of the
#: pattern, not the end of it, until the parameter is expanded.
SLASH = "\ue00d"
#: Between two :data:`UNKNOWN`: the top of the repository (``$(git rev-parse
#: --show-toplevel)``), where a ``cd`` to it goes when the reader knows it (a CI checkout).
REPOSITORY_TOP = "\ue008"

#: A ``case`` of :attr:`ShellReader._selected` whose arm that runs has been read.
MATCHED = "\ue00d"

#: The command of a :class:`~._compose_cmd.ShellCompose` that is an ``envsubst`` (see
#: ``..project.ENVSUBST``: the same word, which this module does not import).
ENVSUBST = "envsubst"
#: Apache SkyWalking's end-to-end runner, whose ``run``/``setup`` start a compose file.
INFRA_E2E = "e2e"

#: The programs whose build commands are read.
ENGINES = ("docker", "podman", "buildah", "nerdctl")
#: The shells a command may run a script or ``-c`` text with.
SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh"})
#: The programs whose commands have a cluster run images (see ``._kubectl``).
KUBECTL_PROGRAMS = frozenset({"kubectl", "oc"})
#: The registry tools whose commands pull an image without an engine (see ``._registry_tools``).
REGISTRY_TOOLS = frozenset({"crane", "gcrane", "skopeo", "oras", "regctl"})
#: apko, which builds an image from APK packages (see ``._apko``).
APKO = "apko"
#: The programs besides the engines that a variable's name may say it runs (``$(HELM)``).
#: (cri-o's Bats helpers run ``"$CRICTL_BINARY" … "$@"``)
_NAMED_PROGRAMS = KUBECTL_PROGRAMS | {"helm", "k3d", "crictl", "ctr"} | REGISTRY_TOOLS

#: Shell scripts and Makefiles larger than this are not read.
MAX_BYTES = 1024 * 1024

#: The longest value a variable may take (values made of values can double at each step).
MAX_VALUE = 64 * 1024
#: How many lines one command may span (an unclosed quote goes no further).
MAX_SPAN = 200
#: How many times over a script's text one reading may look at it.
WORK = 8
#: How deep ``sh -c '…'``, a command substituted and a function's call are followed
#: (cri-o's Bats tests call ``crictl_pull``, which calls ``retry``, whose ``$("$@")`` calls
#: the ``crictl`` function that runs the binary).
MAX_DEPTH = 6
#: ``"$@"`` as the shell splits it: each positional parameter, one word each (unquoted,
#: marked :data:`SPLIT`, each is split further: see ``_shell_expansion.words``).
ALL_ARGUMENTS = frozenset({"$@", "${@}", SPLIT + "$@", SPLIT + "${@}"})
#: How many calls of shell functions one reading reads (each reads the function's body); in
#: a Bats file, how many each test reads (it runs in a process of its own: see ``._bats``);
#: and how many one reading reads at most, all of a Bats file's tests together.
MAX_CALLS = 64
MAX_TEST_CALLS = 32
MAX_TESTS_CALLS = 384
#: How many lines a function's body may have (its closing ``}`` looked for that far).
MAX_BODY_LINES = 2000

#: What operators between commands are made of (``;``, ``&&``, ``||``, ``|``, subshells).
OPERATOR_CHARS = frozenset(";&|()")
#: What ends a word: a ``#`` after one starts a comment.
BREAKS = frozenset(" \t\n;&|()<>")
#: The shell's special parameters (``$1``, ``$@``, ``$?``…): only a run knows them.
SPECIAL = frozenset("0123456789@*#?$!-")


#: The integer comparisons of ``test`` (``[ A -eq B ]``).
INTEGER_TESTS: dict[str, Callable[[int, int], bool]] = {
    "-eq": int.__eq__, "-ne": int.__ne__, "-lt": int.__lt__, "-le": int.__le__,
    "-gt": int.__gt__, "-ge": int.__ge__,
}  # fmt: skip


def arguments_counted(words: list[str]) -> bool:
    """Whether a call's words are as many arguments (``$#``): none is split by the shell nor
    expands to a run's list (``$@``, ``$*``, ``${A[@]}``)."""
    import re

    return not any(
        word.startswith(SPLIT) or re.search(r"\$\{?[@*]|\[[@*]\]", word) is not None
        for word in words
    )


#: A variable's name that says it holds ``sudo`` or nothing (``SUDO``, ``DOCKER_SUDO``,
#: ``__docker_sudo``), as the machine that runs it needs.
_PRIVILEGE_SWITCH = lazy_pattern(r"(?i)(?:^|_)sudo(?:_|$)")


def is_privilege_switch(name: str) -> bool:
    """Whether a variable is the switch that runs a command through ``sudo`` or not: a run
    decides its value (``SUDO := $(shell docker info >/dev/null 2>&1 || echo "sudo -E")``,
    cortexproject/cortex's Makefile; ``$SUDO docker …`` with SUDO from the environment), and
    the command after it runs either way (an empty word is no word, POSIX 2.6.5).

    >>> is_privilege_switch("SUDO"), is_privilege_switch("__docker_sudo")
    (True, True)
    >>> is_privilege_switch("PSEUDOCODE"), is_privilege_switch("DRY")
    (False, False)
    """
    return _PRIVILEGE_SWITCH.search(name) is not None


@functools.lru_cache(maxsize=4096)  # (a pure function of the text, asked again and again)
def unknown_for(text: str) -> str:
    """What an unknown value stands for: :data:`UNKNOWN`, or the engine it names.

    ``text`` is what is known of it: a variable's name, its value as written, a
    command substituted. ``$(DOCKER)`` and ``$(shell command -v podman)`` run an
    engine, whatever they expand to; a compose command is none. So do kind (``$(KIND)``),
    k3d (``$(K3D)``) and kubectl (``$(KUBECTL)``, ``$(shell which kubectl)``, ``$OC``), whose
    commands run images too, and helm (``$(HELM)``), whose installs render the project's charts.

    >>> unknown_for("CONTAINER_CLI") == UNKNOWN, unknown_for("DOCKER") == UNKNOWN
    (True, False)
    >>> unknown_for("KUBECTL_BIN").strip(ENGINE), unknown_for("shell which oc").strip(ENGINE)
    ('kubectl', 'oc')
    """
    lowered = text.lower()
    if "compose" in lowered:
        return UNKNOWN
    found = [(lowered.find(engine), engine) for engine in ENGINES if engine in lowered]
    if not found and (lowered == "kind" or lowered.endswith("_kind")):
        return f"{ENGINE}kind{ENGINE}"  # ($(KIND) create cluster --image …: kind's own)
    if not found:
        words = "".join(char if char.isalnum() else " " for char in lowered).split()
        named = [word for word in words if word in _NAMED_PROGRAMS]
        return f"{ENGINE}{named[0]}{ENGINE}" if named else UNKNOWN
    return f"{ENGINE}{min(found)[1]}{ENGINE}"


def plain_text(text: str) -> str:
    """``text`` with every unknown part one :data:`UNKNOWN` (an engine's mark is unknown too)."""
    if TOP_DIRECTORY in text or FILE_DIRECTORY_MARK in text or REPOSITORY_TOP in text:
        text = text.replace(TOP_DIRECTORY, "").replace(FILE_DIRECTORY_MARK, "")
        text = text.replace(REPOSITORY_TOP, "")
    while ENGINE in text:
        start = text.find(ENGINE)
        end = text.find(ENGINE, start + 1)
        if end < 0:
            text = text.replace(ENGINE, UNKNOWN)
            break
        text = text[:start] + UNKNOWN + text[end + 1 :]
    while UNKNOWN + UNKNOWN in text:
        text = text.replace(UNKNOWN + UNKNOWN, UNKNOWN)
    return text


#: The first commands of a pipeline substituted that read a file of the project (see
#: :meth:`ShellReader._pipeline_printed`).
FILE_READERS = frozenset({"awk", "grep", "sed"})


#: The words besides the script's path of a command substituted that gives the script's own
#: directory (``cd "$(dirname "${BASH_SOURCE[0]}")" && pwd``, ``dirname "$(realpath "$0")"``).
_DIRECTORY_WORDS = frozenset(
    {"cd", "--", "dirname", "pwd", "-P", "-L", "&&", ";", "realpath", "readlink", "-f", "-e",
     "-m", "$(", ")", "builtin", "command"}
)  # fmt: skip
#: The script's path, as those commands name it: the script run (``$0``), the file read.
_SCRIPT_PATHS = {
    "$0": TOP_DIRECTORY,
    "${0}": TOP_DIRECTORY,
    "$BASH_SOURCE": FILE_DIRECTORY_MARK,
    "${BASH_SOURCE}": FILE_DIRECTORY_MARK,
    "${BASH_SOURCE[0]}": FILE_DIRECTORY_MARK,
    # (Bats': the test file run, whose helpers `load` reads)
    "$BATS_TEST_FILENAME": TOP_DIRECTORY,
    "${BATS_TEST_FILENAME}": TOP_DIRECTORY,
}
#: ``${…}`` that cut the name off the script's path (``${BASH_SOURCE%/*}``).
SCRIPT_DIRECTORY_PARAMETERS = {
    "0%/*": TOP_DIRECTORY,
    "BASH_SOURCE%/*": FILE_DIRECTORY_MARK,
    "BASH_SOURCE[0]%/*": FILE_DIRECTORY_MARK,
    "BATS_TEST_FILENAME%/*": TOP_DIRECTORY,
}


def may_name_script(chunk: str) -> bool:
    """Whether a line may name the script's own path (``$0``, ``${BASH_SOURCE[0]}``)."""
    return "BASH_SOURCE" in chunk or "$0" in chunk or "${0}" in chunk


def substitution(text: str) -> str:
    """What a command substituted (its text) is here: the script's directory when that is
    all it gives (see :data:`TOP_DIRECTORY`), else :func:`unknown_for` it.

    >>> here = substitution('cd -- "$(dirname -- "${BASH_SOURCE[0]}")" &>/dev/null && pwd')
    >>> script_directory(here + "/lib.sh"), script_directory(substitution('dirname "$0"'))
    (('current', '/lib.sh'), ('top', ''))
    >>> script_directory(substitution('cd "$(dirname "$0")/.." && pwd'))
    ('top', '/..')
    >>> script_directory(substitution('cd "$(dirname "$0")/../"; pwd'))
    ('top', '/..')
    >>> script_directory(substitution('CDPATH= cd -- "$(dirname -- "$0")" && pwd'))
    ('top', '')
    >>> script_directory(substitution('cd "$( dirname "${BASH_SOURCE[0]}" )"; cd .. && pwd'))
    ('current', '/..')
    >>> script_directory(substitution('cd "$(dirname "$(dirname "$0")")" || exit ; pwd'))
    ('top', '/..')
    >>> substitution('cd "$(dirname "$0")" && git rev-parse HEAD') == UNKNOWN
    True

    ``cd DIR && pwd`` of a variable's directory (``cd "${SCRIPT_DIR}/../.." && pwd``) is that
    directory when the variable's value is the script's (see :func:`resolve_absolute`).

    A comment alone prints nothing: a comment in backticks is the shell's way to comment one
    line of a command continued over several (k0s's documented ``docker run``, vald's
    ``k0s.mk``), and its empty word goes.

    >>> substitution("# where k0s stores its data"), substitution(" ")
    ('', '')
    """
    import re

    if not text.strip() or (text.lstrip().startswith("#") and "\n" not in text):
        return ""  # (bash runs no command: the substitution is empty, an unquoted word goes)

    if "show-toplevel" in text and _TOPLEVEL.fullmatch(text.strip()) is not None:
        return f"{UNKNOWN}{REPOSITORY_TOP}{UNKNOWN}"
    if "dirname" in text:
        spaced = re.sub(r"\d?&?>>?\s*/dev/null|\d>&\d", " ", text.replace('"', " "))
        spaced = spaced.replace("$(", " $( ").replace(")", " ) ").replace(";", " ; ")
        # (an assignment before `cd` is the command's own environment, not a path:
        # pi-gen's `CDPATH='' cd -- "$(dirname -- "$0")" && pwd`)
        words = [word for word in spaced.split() if re.fullmatch(r"CDPATH=(?:'')?", word) is None]
        # (`cd DIR || exit; pwd`: a failing `cd` ends the script, the rest is DIR's)
        words = " ".join(words).replace("|| exit ;", ";").split()
        paths = [word for word in words if word not in _DIRECTORY_WORDS]
        if len(paths) == 1 and paths[0] in _SCRIPT_PATHS:
            # (`dirname "$(dirname "$0")"`: each `dirname` but the first one directory up,
            # kpt-functions-catalog's `repo_base=$(cd "$(dirname "$(dirname "$0")")" || exit ;
            # pwd)`)
            above = "/.." * (words.count("dirname") - 1)
            return f"{UNKNOWN}{_SCRIPT_PATHS[paths[0]]}{UNKNOWN}{above}"
        # (`cd "$(dirname "$0")/.." && pwd`: a directory below or above the script's; with
        # a slash after it too, cloudnative-pg's `cd "$(dirname "$0")/../"; pwd`)
        below = paths[1].rstrip("/") if len(paths) == 2 else ""
        again = _CD_AGAIN.fullmatch(text.replace('"', "").strip()) is not None
        if again and paths[0] in _SCRIPT_PATHS and _UP_OR_DOWN.fullmatch(below) is not None:
            # (a second `cd` from the script's directory: ava-labs/avalanchego's
            # `AVALANCHE_PATH=$( cd "$( dirname "${BASH_SOURCE[0]}" )"; cd .. && pwd )`)
            return f"{UNKNOWN}{_SCRIPT_PATHS[paths[0]]}{UNKNOWN}/{below}"
        if (
            paths[:1] and paths[0] in _SCRIPT_PATHS
            and re.fullmatch(r"(?:/[\w.-]+)+", below) is not None
            and ")" + below in text.replace('"', "")
        ):  # fmt: skip
            return f"{UNKNOWN}{_SCRIPT_PATHS[paths[0]]}{UNKNOWN}{below}"
    found = _cd_pwd_variable().fullmatch(text.strip())
    if found is not None:
        named = found.group("path") or found.group("real")
        return f"{ABSOLUTE}{named.rstrip('/') if '/' in named[1:] else named}{ABSOLUTE}"
    found = _dirname_variable().fullmatch(text.strip())
    if found is not None and text.count("$(") == text.count("dirname") - 1:
        # (each `dirname` one directory up: apache/nifi's `root_dir="$(dirname "$(dirname
        # "${script_dir}")")"`, `script_dir` the script's own)
        up = "/.." * text.count("dirname")
        return f"{ABSOLUTE}{found.group('path').rstrip('/')}{up}{ABSOLUTE}"
    return unknown_for(text)


#: ``cd "$(dirname "$0")"`` followed by ``; cd REL && pwd`` (``&&`` or a new line between the
#: ``cd``\ s), REL then being the directory printed from the script's (see :func:`substitution`).
_CD_AGAIN = lazy_pattern(
    r"cd\s+(?:--\s+)?\$\(\s*dirname\s+(?:--\s+)?\$\{?(?:0|BASH_SOURCE(?:\[0\])?)\}?\s*\)"
    r"(?:\s*(?:;|&&)\s*|[ \t]*\n\s*)cd\s+(?:--\s+)?[\w./-]+\s*(?:;|&&)\s*pwd(?:\s+-[PL])?"
)
#: A relative directory of plain names (``..``, ``../deploy``).
_UP_OR_DOWN = lazy_pattern(r"[\w.-]+(?:/[\w.-]+)*")


@once
def _cd_pwd_variable() -> re.Pattern[str]:
    """``cd "${NAME}/rel" && pwd`` (``;`` too, ``pwd -P``), and ``realpath "${NAME}/rel"``
    (``readlink -f``: altinity/clickhouse-operator's ``PROJECT_ROOT="$(realpath
    "${CUR_DIR}/../..")"``; a slash after it too, alphagov/govuk-helm-charts'
    ``CHART_DIR="$(realpath "${TESTS_DIR}/../")"``): the directory a variable names."""
    import re

    named = r"""\$\{?[A-Za-z_]\w*\}?(?:/[\w.-]+)*/?"""
    return re.compile(
        rf"""cd\s+(?:--\s+)?(?P<q>"?)(?P<path>{named})(?P=q)\s*(?:&&|;)\s*pwd(?:\s+-[PL])?"""
        rf"""|(?:realpath|readlink\s+-[fem])(?:\s+-[a-zA-Z])*\s+(?P<r>"?)(?P<real>{named})(?P=r)"""
    )


@once
def _dirname_variable() -> re.Pattern[str]:
    """``dirname "${NAME}"``, and ``dirname`` of that (``dirname "$(dirname "${NAME}")"``):
    the directory above a directory a variable names."""
    import re

    named = r"""\$\{?[A-Za-z_]\w*\}?"""
    start = r"""dirname\s+(?:--\s+)?"?"""
    return re.compile(rf"""(?:{start}\$\(\s*)*{start}(?P<path>{named})"?(?:\s*\)\s*"?)*""")


def resolve_absolute(value: str) -> str:
    """A value with each ``cd DIR && pwd`` (between :data:`ABSOLUTE`) put in: ``DIR`` when it
    is one below or above the script's directory (the same place), else a run's."""
    import re

    return re.sub(
        f"{ABSOLUTE}(.*?){ABSOLUTE}",
        lambda found: found.group(1) if script_directory(found.group(1)) else UNKNOWN,
        value,
    )


#: ``git rev-parse --show-toplevel``, maybe from another directory of the repository
#: first (libgit2's ``$(cd "${GITHUB_ACTION_PATH}" && git rev-parse --show-toplevel)``).
_TOPLEVEL = lazy_pattern(
    r"""(?:cd\s+(?:"[^"]*"|[^\s;&|]+)\s*(?:&&|;)\s*)?git\s+rev-parse\s+--show-toplevel"""
    # (its errors put aside or joined, which change nothing a run that works prints:
    # flux-framework/flux-core's `TOP=$(git rev-parse --show-toplevel 2>&1) || die …`)
    r"""(?:\s+\d?>&\d|\s+\d?>>?\s*/dev/null)*"""
)


def repository_path(word: str) -> str | None:
    """The rest of an expanded word that starts with the repository's top (``$(git rev-parse
    --show-toplevel)/src/test/docker/checks``: ``src/test/docker/checks``), ``""`` for the top
    itself; ``None`` when it starts otherwise."""
    start = f"{UNKNOWN}{REPOSITORY_TOP}{UNKNOWN}"
    return word[len(start) :].lstrip("/") if word.startswith(start) else None


def script_directory(word: str) -> tuple[str, str] | None:
    """Whether an expanded word starts with the script's directory: which one (``"top"``:
    the script run's, ``"current"``: the file read's), and the rest of the word."""
    for mark, which in ((TOP_DIRECTORY, "top"), (FILE_DIRECTORY_MARK, "current")):
        start = f"{UNKNOWN}{mark}{UNKNOWN}"
        if word.startswith(start):
            return which, word[len(start) :]
    return None


def name_pattern(word: str) -> str | None:
    """The name a ``-t`` value builds, ``*`` for each unknown part; ``None`` when it cannot
    tell one name from any other (see the module), or is no valid name.

    >>> name_pattern("quay.io/jupyter/" + UNKNOWN), name_pattern("acme/app:" + UNKNOWN)
    ('quay.io/jupyter/*', 'acme/app')
    >>> name_pattern(UNKNOWN), name_pattern(UNKNOWN + "/app"), name_pattern("ghcr.io/" + UNKNOWN)
    (None, None, None)
    >>> name_pattern(UNKNOWN + ":5000/app:local"), name_pattern("localhost:" + UNKNOWN + "/app")
    ('*:5000/app', 'localhost:*/app')
    >>> name_pattern(UNKNOWN + ".azurecr.io/myapi:latest"), name_pattern(UNKNOWN + ".io/app")
    ('*.azurecr.io/myapi', None)
    """
    text = plain_text(word)
    name = text.partition("@")[0]
    slash = name.rfind("/")
    colon = name.rfind(":")
    if colon > slash:
        name = name[:colon]
    components = name.split("/")
    first = components[0]
    if not first or (
        UNKNOWN in first and not _local_registry(first) and not _written_domain(first)
    ):
        return None
    has_registry = bool(split_domain(name)[0])
    path = components[1:] if has_registry else components
    if not path or all(UNKNOWN in component for component in path):
        return None
    host, separator, port = first.rpartition(":") if ":" in first else (first, "", "")
    probe = host.replace(UNKNOWN, "x") + separator + port.replace(UNKNOWN, "0")  # (its digits)
    rest = name[len(first) :].replace(UNKNOWN, "x")
    reference = parse_or_error(probe + rest)[0]
    if reference is None or reference.tag is not None or reference.digest is not None:
        return None
    return name.replace(UNKNOWN, "*")


def _written_domain(first: str) -> bool:
    """Whether a name's first component, partly a run's, is a registry host of a written
    domain: each unknown part whole labels before at least two written ones, the registry
    service's (``${ACR_NAME}.azurecr.io``, ``${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com``), no
    port. A project names its private registry so, by the account a run gives: Azure's and
    AWS's registries name their own repository written out after it, one family whatever the
    account (ajdunney/fastapi-azure-deployment's workflow builds ``${{ env.ACR_NAME
    }}.azurecr.io/myapi:latest``, which its Terraform deploys as ``${var.acr_name}.azurecr.io/
    myapi:latest``)."""
    if ":" in first:
        return False
    labels = first.split(".")
    if len(labels) < 3 or any(UNKNOWN in label and label != UNKNOWN for label in labels):
        return False
    return UNKNOWN not in labels[-1] and UNKNOWN not in labels[-2]


def _local_registry(first: str) -> bool:
    """Whether a name's first component, partly a run's, is a registry with a port of which the
    port or the host is written (``${registry_name}:5000``, ``localhost:${PORT}``): the local
    registry an end-to-end script pushes to, which no public name is on. cloudnative-pg's
    ``hack/testing-tools/common/20-utils-k8s.sh`` tags ``"${registry_name}:5000/…:local"``
    with the host set in another file it does not source itself."""
    host, colon, port = first.rpartition(":")
    if not colon or not host or not port or "/" in first:
        return False
    if UNKNOWN in host:
        return port.isdigit()
    written = port.replace(UNKNOWN, "")
    return not written or written.isdigit()


class ShellBuild:
    """One command that builds (or tags) images: ``names`` (patterns, see :func:`name_pattern`)
    at ``line``; for a build, what it gives BuildKit, as written:

    - ``dockerfile`` (``-f``; ``-f -`` is the file piped or redirected in: ``cat PATH |``,
      ``< PATH``), ``context``, ``target``, each ``None`` where the command names none;
      ``inline``: the Dockerfile's text when ``-f -`` is a here-document (``<<EOF``), its first
      line ``inline_line``;
      ``decided`` is false when a run decides one of them (then which Dockerfile, or which
      stage, is not known here);
    - ``args`` (``--build-arg NAME=VALUE``, and ``--build-arg NAME`` from an exported
      variable: one the shell does not export is not passed, as the environment of the
      check is not used), and ``unresolved``: the build arguments a run gives a value;
      ``leading``: of those, the known text one starts with (``registry.k8s.io/nginx:`` and a
      run's tag); ``shapes``: of those, the value as a name pattern (:func:`name_pattern`);
      ``outputs``: of those, the ones whose value is the id of an image a build of the same
      script made (name → the line of the command that gives it, see ``._build_outputs``);
    - ``contexts`` (``--build-context NAME=VALUE``; ``""`` where a run decides the value),
      ``platforms``;
    - ``workdir``: the directory it runs in, from where the shell started (``""``: there;
      absolute after ``cd /path``; ``None``: a run decides);
    - ``inline``: the Dockerfile a here-document gives ``-f -`` (``docker build -f - .
      <<EOF``), as the engine reads it (the shell's variables put in unless the delimiter is
      quoted); ``None``: none;
    - ``tagged``: the names it makes at one tag only, with that tag (a ``tag`` of an image
      to another tag of its own name: the name's other tags are still pulled).
    """

    __slots__ = (
        "args",
        "context",
        "contexts",
        "decided",
        "dockerfile",
        "engine",
        "inline",
        "inline_line",
        "leading",
        "line",
        "names",
        "outputs",
        "platforms",
        "shapes",
        "tagged",
        "target",
        "unresolved",
        "verb",
        "workdir",
    )

    line: int
    engine: str
    verb: str
    names: tuple[str, ...]
    dockerfile: str | None
    context: str | None
    target: str | None
    args: tuple[tuple[str, str], ...]
    unresolved: tuple[str, ...]
    contexts: tuple[tuple[str, str], ...]
    platforms: tuple[str, ...]
    workdir: str | None
    decided: bool
    inline: str | None
    inline_line: int
    leading: tuple[tuple[str, str], ...]
    tagged: tuple[tuple[str, str], ...]
    shapes: tuple[tuple[str, str], ...]
    outputs: tuple[tuple[str, int], ...]

    def __init__(
        self,
        line: int,
        engine: str,
        verb: str,
        names: Iterable[str],
        *,
        dockerfile: str | None = None,
        context: str | None = None,
        target: str | None = None,
        args: Iterable[tuple[str, str]] = (),
        unresolved: Iterable[str] = (),
        contexts: Iterable[tuple[str, str]] = (),
        platforms: Iterable[str] = (),
        workdir: str | None = "",
        decided: bool = True,
        inline: str | None = None,
        inline_line: int = 0,
        leading: Iterable[tuple[str, str]] = (),
        tagged: Iterable[tuple[str, str]] = (),
        shapes: Iterable[tuple[str, str]] = (),
        outputs: Iterable[tuple[str, int]] = (),
    ) -> None:
        for name, value in (
            ("line", line),
            ("engine", engine),
            ("verb", verb),
            ("names", tuple(names)),
            ("dockerfile", dockerfile),
            ("context", context),
            ("target", target),
            ("args", tuple(args)),
            ("unresolved", tuple(unresolved)),
            ("contexts", tuple(contexts)),
            ("platforms", tuple(platforms)),
            ("workdir", workdir),
            ("decided", decided),
            ("inline", inline),
            ("inline_line", inline_line),
            ("leading", tuple(leading)),
            ("tagged", tuple(tagged)),
            ("shapes", tuple(shapes)),
            ("outputs", tuple(outputs)),
        ):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"ShellBuild is immutable: cannot set {name!r}")

    def at(self, line: int) -> ShellBuild:
        """The same command, placed at ``line`` (a nested script's, at the command running it;
        a Dockerfile its here-document gives is written in that script, not here: unread)."""
        return self.replaced(line=line)

    def replaced(self, **changes: Any) -> ShellBuild:
        """The same command with the fields ``changes`` names given those values."""
        fields = {name: getattr(self, name) for name in self.__slots__}
        unknown = changes.keys() - fields.keys()
        if unknown:
            raise TypeError(f"ShellBuild has no field {sorted(unknown)[0]!r}")
        fields.update(changes)
        first = [fields.pop(name) for name in ("line", "engine", "verb", "names")]
        return ShellBuild(*first, **fields)

    def _key(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ShellBuild):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"<ShellBuild {self.engine} {self.verb} {list(self.names)} at line {self.line}>"


class Loads:
    """The archives ``docker load`` read (``entries``, see ``._image_load``), shared by the
    scripts ``sh -c`` and ``docker exec`` run in the reading, and ``line``: the line of the
    outermost command read now, where a load is placed (one in a function of a sourced
    helper, or in an exec'd script: at the command of the script read that runs it)."""

    __slots__ = ("entries", "line")

    def __init__(self) -> None:
        self.entries: list[Loaded] = []
        self.line = 0

    def __bool__(self) -> bool:
        return bool(self.entries)


#: A :class:`ShellPull`'s ``path`` when it is written in the text read, not in a file that
#: text sources, though a sourced file's command ran it (a call of the script's function).
SCRIPT_ITSELF = ""


class ShellPull:
    """One command that pulls or runs an image (``docker run``, ``podman pull``…): the
    ``image`` as the shell passes it (every variable put in, see :meth:`ShellReader.read`),
    the ``engine`` and the ``verb`` (``run``, ``create``, ``pull``), and the lines the
    command spans in its text (``line`` to ``last_line``). ``lead``: what is written just
    before the image when it is an option's value (``--image``) or a pair's (``=``), so that
    the same text elsewhere in the command is not taken for it (``kubectl run nginx
    --image=nginx``); see :func:`word_position`. ``path``: the file the command is written
    in when it is not the text read (one that text sources, see ``._sourced``).
    ``loaded``: the line of the text read whose ``docker load`` put the image in the store
    before the run (``None``: none did; see ``._image_load``)."""

    __slots__ = ("engine", "image", "last_line", "lead", "line", "loaded", "path", "verb")

    line: int
    last_line: int
    engine: str
    verb: str
    image: str
    lead: str
    path: str | None
    loaded: int | None

    def __init__(
        self,
        line: int,
        last_line: int,
        engine: str,
        verb: str,
        image: str,
        *,
        lead: str = "",
        path: str | None = None,
        loaded: int | None = None,
    ) -> None:
        for name, value in (
            ("line", line),
            ("last_line", last_line),
            ("engine", engine),
            ("verb", verb),
            ("image", image),
            ("lead", lead),
            ("path", path),
            ("loaded", loaded),
        ):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"ShellPull is immutable: cannot set {name!r}")

    def at(self, line: int, last_line: int) -> ShellPull:
        """The same pull, placed at lines ``line`` to ``last_line`` (a nested script's, at
        the command running it)."""
        return ShellPull(
            line, last_line, self.engine, self.verb, self.image, lead=self.lead, path=self.path,
            loaded=self.loaded,
        )  # fmt: skip

    def written_in(self, path: str) -> ShellPull:
        """The same pull, written in the file ``path`` (one the text read sources), or in the
        text read itself (:data:`SCRIPT_ITSELF`) where a file it sources runs it."""
        return ShellPull(
            self.line, self.last_line, self.engine, self.verb, self.image, lead=self.lead,
            path=path, loaded=self.loaded,
        )  # fmt: skip

    def loaded_at(self, line: int) -> ShellPull:
        """The same run, of the image a ``docker load`` at ``line`` gave."""
        return ShellPull(
            self.line, self.last_line, self.engine, self.verb, self.image, lead=self.lead,
            path=self.path, loaded=line,
        )  # fmt: skip

    def _key(self) -> tuple[object, ...]:
        return (self.line, self.last_line, self.engine, self.verb, self.image, self.lead,
                self.path, self.loaded)  # fmt: skip

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ShellPull):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"<ShellPull {self.engine} {self.verb} {self.image!r} at line {self.line}>"

"""PowerShell scripts (``*.ps1``, ``*.psm1``) read as the shell scripts they mostly are.

A Windows project builds and tests its images from PowerShell as a Linux one does from sh:
StefanScherer/dockerfiles-windows's ``node/build.ps1`` runs ``docker pull
mcr.microsoft.com/windows/nanoserver:1809``, ``java/openjdk/ojdkbuild/build.ps1`` runs
``docker run openjdk:8-windowsservercore java -version``. Commands, words, quotes, ``#``
comments, ``$(…)``, ``;`` and ``|`` are sh's; what differs is rewritten here, in place
(every line and every column kept, so an image is reported where the script has it):

- ``$Name = value`` (spaces around ``=``, a ``[type]`` before it, a ``param(…)`` default's
  trailing ``,``) is sh's ``name=value``; the spaces dropped go before the name;
- a variable's name is read in lower case (PowerShell's are not case-sensitive):
  ``$Image`` and ``$image`` are one; ``$env:NAME`` and scopes (``$script:NAME``) become
  ``$env_name`` (one word, the same length): set in the file, they are known, else unresolved;
- ``&``, the call operator, is blank; a backtick that ends a line continues it (sh's ``\\``);
- block comments (``<# … #>``) and here-strings (``@" … "@``) are blanked: their text is
  help and data, not commands; a script that runs none of the programs the reading follows
  (``docker``, ``podman``, ``kubectl``, ``helm``…: a PowerShell module's hundreds of
  functions) is blank.

What sh reads otherwise of PowerShell (``if (…) { … }``, ``foreach``, functions and their
named parameters, ``.Property``) gives no known image, and a command whose image is not
fully known is skipped, as in any script.
"""

from __future__ import annotations

import re

from ..._lazy import lazy_pattern

__all__ = [
    "is_powershell",
    "may_run_programs",
    "posix_text",
    "runs_powershell",
    "runs_programs",
    "script_text",
]

#: The endings of PowerShell scripts and script modules.
SUFFIXES = (".ps1", ".psm1")

#: Text sh must not read as commands: block comments and here-strings (each to its end).
_BLOCKS = lazy_pattern(r"<#.*?#>|@([\"'])[^\S\n]*\n.*?\n\1@", re.S)
#: The words :data:`_PROGRAMS` begins with.
_WORDS = ("docker", "podman", "buildah", "nerdctl", "kubectl", "helm ", "skaffold", "crane ",
          "skopeo", "crictl", "apko", "kind ")  # fmt: skip
#: A command of the programs the shell reading follows, outside a ``#`` comment: a script
#: with none is not rewritten (a PowerShell module's hundreds of functions name none).
_PROGRAMS = lazy_pattern(
    r"\b(?:docker|podman|buildah|nerdctl|kubectl|helm|skaffold|crane|skopeo|crictl|apko"
    r"|kind\s+(?:create|load|build))\b"
)
#: An assignment that opens a statement (after ``[type]`` attributes), its name and the
#: spaces around ``=`` (``==`` and ``-eq`` are no assignments).
_ASSIGNMENT = lazy_pattern(
    r"(?P<indent>\s*)(?P<types>(?:\[[\w.\[\], ]+\]\s*)*)\$(?:(?P<scope>\w+):)?"
    r"(?P<name>\w+)(?P<before>\s*)=(?P<after>\s*)(?=[^=\s])"
)
#: A variable's use: ``$name``, ``${name}``, ``$scope:name``, ``${scope:name}``.
_VARIABLE = lazy_pattern(r"\$(?P<brace>\{)?(?:(?P<scope>[A-Za-z]\w*):)?(?P<name>[A-Za-z_]\w*)")
#: The call operator opening a statement (``& docker run …``, ``& "$PSScriptRoot/x.ps1"``).
_CALL = lazy_pattern(r"(^|[;{(][^\S\n]*|^[^\S\n]+)&(?=[^\S\n])", re.M)
#: A backtick that ends a line: PowerShell's line continuation.
_CONTINUED = lazy_pattern(r"`(?=[^\S\n]*$)", re.M)
#: A ``param(…)`` default's trailing comma.
_TRAILING_COMMA = lazy_pattern(r",(?=[^\S\n]*$)")


def is_powershell(path: str | None) -> bool:
    """Whether a file is a PowerShell script or script module, by its name.

    >>> is_powershell("build.ps1"), is_powershell("Docker.psm1"), is_powershell("build.sh")
    (True, True, False)
    """
    return path is not None and path.lower().endswith(SUFFIXES)


def may_run_programs(path: str, *, limit: int = 4 * 1024 * 1024) -> bool:
    """Whether a PowerShell file runs one of the programs the reading follows, outside its
    comments (a look at its text, for a scan's choice of sources: dataplat/dbatools' 1,700
    scripts run none but 5)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit)
    except OSError:
        return False
    return runs_programs(data)


def runs_programs(data: bytes) -> bool:
    """:func:`may_run_programs` of a file's bytes."""
    text = data.decode("utf-8", "replace")
    return any(word in text for word in _WORDS) and _runs_a_program(_BLOCKS.sub(_blank, text))


def runs_powershell(shell: str) -> bool:
    """Whether a CI step's ``shell`` is PowerShell (GitHub's ``pwsh``, ``powershell``, or a
    command that runs one: ``pwsh -command ". '{0}'"``).

    >>> runs_powershell("pwsh"), runs_powershell('pwsh.exe -command ". {0}"')
    (True, True)
    >>> runs_powershell("bash"), runs_powershell("cmd")
    (False, False)
    """
    words = shell.split()
    program = words[0].replace("\\", "/").rpartition("/")[2].lower() if words else ""
    return program.removesuffix(".exe") in ("pwsh", "powershell")


def script_text(path: str | None, text: str) -> str:
    """A script's text as sh reads it: a PowerShell one's rewritten (:func:`posix_text`)."""
    return posix_text(text) if is_powershell(path) else text


def posix_text(text: str) -> str:
    """A PowerShell script's text as sh reads it, each line and column where it was.

    >>> posix_text('$Image = "mcr.microsoft.com/windows/nanoserver:1809"; docker pull $Image')
    '   image="mcr.microsoft.com/windows/nanoserver:1809"; docker pull $image'
    >>> posix_text('$Kind = "help"')  # (no program it runs: blank)
    '              '
    >>> posix_text("& docker run `\\n  $env:Image")
    '  docker run \\\\\\n  $env_image'
    """
    text = _BLOCKS.sub(_blank, text)
    if not _runs_a_program(text):
        return _blanked(text)  # (nothing it runs is read: a blank of its shape)
    text = "\n".join(_assigned(line) for line in text.split("\n"))
    text = _VARIABLE.sub(_variable, text)
    text = _CALL.sub(lambda match: match.group(1) + " ", text)
    return _CONTINUED.sub("\\\\", text)


def _runs_a_program(text: str) -> bool:
    """Whether a line names one of :data:`_PROGRAMS` before any ``#`` comment."""
    if not any(word in text for word in _WORDS):
        return False  # (most scripts: a look for the words first, which is quick)
    for match in _PROGRAMS.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        if "#" not in text[start : match.start()]:
            return True
    return False


def _blanked(text: str) -> str:
    return "\n".join(" " * len(line) for line in text.split("\n"))


def _blank(match: re.Match[str]) -> str:
    return _blanked(match.group())


def _assigned(line: str) -> str:
    match = _ASSIGNMENT.match(line)
    if match is None:
        return line
    scope = match["scope"]
    name = f"{scope}_{match['name']}" if scope else match["name"]
    # `$`, the types and the spaces around `=` go before the name: the value keeps its
    # column (a scope's `:` is the `_` of the name).
    dropped = 1 + len(match["types"]) + len(match["before"]) + len(match["after"])
    rest = line[match.end() :]
    if match["types"]:
        rest = _TRAILING_COMMA.sub(" ", rest)  # (a `param(…)` default: `[string] $Image = "x",`)
    return match["indent"] + " " * dropped + name.lower() + "=" + rest


def _variable(match: re.Match[str]) -> str:
    scope = match["scope"]
    name = match["name"].lower()
    if scope:
        name = f"{scope.lower()}_{name}"
    return "${" + name if match["brace"] else "$" + name

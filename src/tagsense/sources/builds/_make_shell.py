"""``$(shell …)`` that reads a file of the project: what it prints, without running it.

Makefiles often take a version or an image from a file of the repository:
kubernetes/ingress-nginx's ``BASE_IMAGE ?= $(shell cat NGINX_BASE)``, kubernetes-sigs/kueue's
``BASE_IMAGE ?= $(shell grep '^FROM' "hack/images/distroless/Dockerfile" | awk '{print
$$2}')``, Prometheus' ``$(shell sed -n 's/.*variant="\\([^"]*\\)".*/\\1/p' Dockerfile)``. The
answer depends on the files alone, so it is read here, for a pipeline of these commands
only (POSIX's, with GNU grep's usual options):

- ``cat FILE…``, ``pwd``, ``dirname``, ``basename``, ``echo``, ``git rev-parse
  --show-toplevel`` (the directory of the project's ``.git``), ``go list [-m] -f
  '{{.GoVersion}}'`` (``'{{.Module.GoVersion}}'`` of a package: ``._go_list``), first, or
  a first command fed a here-string (``cut -d@ -f1 <<<"WORD"``, bash's); ``grep [-E|-F] [-v]
  [-i] [-o] [-x] [-h] [-m N] [-e] PATTERN [FILE…]`` and ``sed [-n] [-E]
  's/RE/REPLACEMENT/[g][p]' [FILE]`` (``--quiet``, ``--silent``: ``-n``), first or fed by
  the one before; ``awk [-F C] '[/RE/] {print $N}' [FILE…]`` (or ``tolower($N)``,
  ``toupper($N)``; ``{print $N; exit}``: the first line selected), first or fed by the one
  before; then ``cut [-d C] -f LIST`` (``2``, ``1-2``, ``2-``, ``1,3``),
  ``head``/``tail -n N`` (``-nN``, ``-N``), ``tr -d SET`` and ``tr`` from one case to the
  other (``tr '[:upper:]' '[:lower:]'``, ``tr A-Z a-z``);
- ``A || B``: what ``A`` prints, when it is read here (its files are there, so it succeeds);
- a file is read only when it is a regular file of the project (below ``root``, 1 MiB at
  most); it is an input of the reading (:attr:`~.make.MakeReader.inputs`);
- anything else (another command, an option not listed, a pattern this module does not
  translate, a value a run decides) is a run's: :func:`evaluate` returns ``None``.

What Make keeps of the output: each newline a space, the last one dropped (GNU Make manual,
"The shell Function").
"""

from __future__ import annotations

import os
import re
import shlex

from ..._lazy import lazy_pattern
from .._context_cache import stat_of
from ._common import read_text
from ._make_functions import is_unknown

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    #: What a command reads: its files' lines, or (none named) those fed to it.
    Reader = Callable[[list[str]], list[str] | None]

__all__ = ["evaluate", "pipeline_stages"]

_MAX_FILE = 1024 * 1024
#: The POSIX character classes, as Python writes them inside brackets.
_CLASSES = {
    "[:space:]": r"\s", "[:digit:]": "0-9", "[:alpha:]": "A-Za-z", "[:alnum:]": "A-Za-z0-9",
    "[:upper:]": "A-Z", "[:lower:]": "a-z", "[:blank:]": r" \t", "[:punct:]": r"!-/:-@\[-`{-~",
}  # fmt: skip
#: The operators of a basic regular expression that are written with a backslash.
_BRE_OPERATORS = frozenset("(){}+?|")
_QUIET_ERRORS = lazy_pattern(r"\s2>\s*/dev/null(?=\s|\||$)")
#: A first command fed a here-string (``cut -d@ -f1 <<<"WORD"``), the pipeline after it.
_HERE_STRING = lazy_pattern(
    r"(?P<first>[^|<>'\"]+?)\s*<<<\s*(?P<word>'[^']*'|\"[^\"$`\\]*\"|[^\s'\"$`\\;&|<>]+)"
    r"(?P<rest>\s*(?:\|.*)?)",
    re.DOTALL,
)
_AWK_PRINT = lazy_pattern(
    r"\s*(?:/((?:[^/\\]|\\.)*)/)?\s*\{\s*print\s+"
    r"(?:(?P<case>tolower|toupper)\(\s*\$(?P<cased>\d+)\s*\)|\$(?P<number>\d+))"
    r"\s*(?:;\s*(?P<exit>exit)\s*)?;?\s*\}\s*"
)
#: ``tr``'s sets that change a letter's case (``tr '[:upper:]' '[:lower:]'``, ``tr A-Z a-z``).
_TR_CASES = {
    ("[:upper:]", "[:lower:]"): str.lower, ("A-Z", "a-z"): str.lower,
    ("[A-Z]", "[a-z]"): str.lower, ("[:lower:]", "[:upper:]"): str.upper,
    ("a-z", "A-Z"): str.upper, ("[a-z]", "[A-Z]"): str.upper,
}  # fmt: skip


def pipeline_stages(command: str) -> list[str]:
    """The commands of a pipeline, split at each ``|`` outside quotes (a ``||`` is kept
    whole): apache/nifi's ``grep -Ev '(^#|^\\s*$)' DockerImage.txt`` is one command.

    >>> pipeline_stages("grep -Ev '(^#|^$)' f.txt | cut -d : -f 2")
    ["grep -Ev '(^#|^$)' f.txt ", ' cut -d : -f 2']
    """
    stages: list[str] = []
    start, quote, index = 0, "", 0
    while index < len(command):
        char = command[index]
        if char == "\\" and quote != "'":
            index += 2
            continue
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "|" and "|" not in (command[index - 1 : index], command[index + 1 :][:1]):
            stages.append(command[start:index])
            start = index + 1
        index += 1
    return [*stages, command[start:]]


def evaluate(
    command: str, directory: str, root: str, inputs: dict[str, tuple[int, int] | None]
) -> str | None:
    """What ``$(shell command)`` prints, run in ``directory`` (Make's), as Make keeps it;
    ``None`` when only a run knows (see the module). The files read are added to ``inputs``.

    >>> evaluate("echo v1.2 | tr -d v", ".", ".", {}), evaluate("date", ".", ".", {})
    ('1.2', None)
    """
    # (`2>/dev/null` changes nothing that is printed: `$(shell cat VERSION 2>/dev/null)`)
    command = _QUIET_ERRORS.sub("", command)
    inner = _shell_string(command)
    if inner is not None:
        # (a shell given one command string runs it: docker/mcp-gateway's
        # `$(shell sh -c "awk '/^go / { print \$$2 }' go.mod")`)
        return evaluate(inner, directory, root, inputs)
    lines: list[str] | None = None
    here = _HERE_STRING.fullmatch(command)
    if here is not None:
        # (bash's here-string feeds the first command one line: cert-manager's
        # `$(shell cut -d@ -f1 <<<"$(IMAGE)")`, the image's name without its digest)
        try:
            lines = [" ".join(shlex.split(here["word"]))]
        except ValueError:
            return None
        command = f"{here['first']}{here['rest']}"
    if is_unknown(command) or _expands(command):
        return None
    if command.count("||") == 1 and here is None:
        # (`A || B`: B runs only when A fails; A read here, its files there, does not:
        # omec-project's `$(shell awk '/^go / {print $$2}' go.mod 2>/dev/null || echo "1.25")`.
        # An A only a run knows, `git describe || echo dev`, leaves it to the run.)
        return evaluate(command.split("||")[0].strip(), directory, root, inputs)
    stages = [stage.strip() for stage in pipeline_stages(command)]
    if "||" in command or not all(stages):
        return None
    for index, stage in enumerate(stages):
        try:
            words = shlex.split(stage)
        except ValueError:
            return None
        if not words:
            return None
        first = index == 0 and here is None
        lines = _stage(words, lines, first, directory, root, inputs)
        if lines is None:
            return None
    return " ".join(lines or [])


#: The shells whose ``-c STRING`` runs the string as a command line.
_SHELLS = frozenset({"sh", "bash", "/bin/sh", "/bin/bash"})


def _shell_string(command: str) -> str | None:
    """The command line of ``sh -c STRING`` (``bash -c``), with the quotes' escapes undone;
    ``None`` for any other command, or one with more words.

    >>> _shell_string("sh -c \\"awk '/^go / { print \\\\$2 }' go.mod\\""), _shell_string("sh x.sh")
    ("awk '/^go / { print $2 }' go.mod", None)
    """
    if not command.lstrip().startswith(("sh ", "bash ", "/bin/")):
        return None
    try:
        words = shlex.split(command)
    except ValueError:
        return None
    if len(words) != 3 or words[0] not in _SHELLS or words[1] != "-c":
        return None
    if command.rstrip().endswith('"'):
        # (in double quotes the shell undoes `\$` and `\``, which shlex keeps)
        return words[2].replace("\\$", "$").replace("\\`", "`")
    return words[2]


def _stage(
    words: list[str],
    lines: list[str] | None,
    first: bool,
    directory: str,
    root: str,
    inputs: dict[str, tuple[int, int] | None],
) -> list[str] | None:
    """One command of the pipeline: its output's lines, given the lines fed to it."""
    program, arguments = words[0], words[1:]

    def read(files: list[str]) -> list[str] | None:
        if any(_globbed(name) for name in files):
            return None
        if not files:
            return None if first else lines  # (no file: what the command before prints)
        found: list[str] = []
        for name in files:
            text = _read(name, directory, root, inputs)
            if text is None:
                return None
            found.extend(text.splitlines())
        return found

    if program == "cat" and first:
        if any(argument.startswith("-") for argument in arguments):
            return None
        return read(arguments)
    if first and (found := _text_command(program, arguments, directory)) is not None:
        return found
    if first and program == "go":
        from ._go_list import go_list_printed

        # (the directories above this one that are the project's: its module may be there)
        inside = os.path.relpath(os.path.abspath(directory), os.path.abspath(root))
        levels = 0 if inside == os.curdir else inside.count(os.sep) + 1
        return go_list_printed(arguments, levels, lambda name: _read(name, directory, root, inputs))
    if first and program == "git" and arguments == ["rev-parse", "--show-toplevel"]:
        top = _repository_top(directory, root, inputs)
        return [top] if top is not None else None
    if program == "grep":
        return _grep(arguments, read)
    if program == "sed":
        return _sed(arguments, read)
    if program == "awk":
        return _awk(arguments, read)
    if first or lines is None:
        return None
    if program == "cut":
        return _cut(arguments, lines)
    if program in ("head", "tail"):
        return _ends(program, arguments, lines)
    if program == "tr":
        return _tr(arguments, lines)
    return None


def _text_command(program: str, arguments: list[str], directory: str) -> list[str] | None:
    """What ``pwd``, ``dirname PATH…``, ``basename PATH`` and ``echo WORD…`` print: text
    only (kubernetes-sigs/kueue's ``PROJECT_DIR := $(shell dirname $(abspath $(lastword
    $(MAKEFILE_LIST))))``)."""
    if any(argument.startswith("-") or _globbed(argument) for argument in arguments):
        return None
    if program == "pwd" and not arguments:
        return [os.path.abspath(directory)]
    if program == "dirname" and arguments:
        return [os.path.dirname(path.rstrip("/")) or ("/" if path.startswith("/") else ".")
                for path in arguments]  # fmt: skip
    if program == "basename" and len(arguments) == 1:
        return [os.path.basename(arguments[0].rstrip("/")) or "/"]
    if program == "echo":
        return [" ".join(arguments)]
    return None


def _repository_top(
    directory: str, root: str, inputs: dict[str, tuple[int, int] | None]
) -> str | None:
    """What ``git rev-parse --show-toplevel`` prints run in ``directory``: the absolute path
    of the nearest directory above it, within the project's ``root``, that holds ``.git``
    (etcd's ``tests/antithesis/Makefile``: ``REPOSITORY_ROOT := $(shell git rev-parse
    --show-toplevel)``, then ``$(shell cat $(REPOSITORY_ROOT)/.go-version)``); ``None`` when
    none does (a checkout elsewhere: a run's)."""
    current = os.path.abspath(directory)
    top = os.path.abspath(root)
    while True:
        marker = os.path.join(current, ".git")
        inputs[marker] = stat_of(marker)
        if os.path.exists(marker):
            return current
        if current == top or os.path.dirname(current) == current:
            return None
        if not current.startswith(top.rstrip(os.sep) + os.sep):
            return None
        current = os.path.dirname(current)


def _expands(command: str) -> bool:
    """Whether the shell would put something of a run's in ``command``, or run more than a
    pipeline: a ``$`` or a backquote outside single quotes, ``;``, ``&``, a redirection.

    >>> _expands("awk '{print $2}' f"), _expands('echo "$HOME"'), _expands("cat a > b")
    (False, True, True)
    """
    quote = ""
    for char in command:
        if quote == "'":
            quote = "" if char == "'" else quote
        elif char in "$`":
            return True
        elif quote == '"':
            quote = "" if char == '"' else quote
        elif char in "'\"":
            quote = char
        elif char in ";&<>\\":
            return True
    return False


def _globbed(word: str) -> bool:
    """Whether the shell would expand a word (a pattern, ``~``): then what it is, a run's."""
    return word.startswith("~") or any(char in word for char in "*?[")


def _read(
    name: str, directory: str, root: str, inputs: dict[str, tuple[int, int] | None]
) -> str | None:
    path = os.path.normpath(os.path.join(directory, name))
    real, top = os.path.realpath(path), os.path.realpath(root)
    if not real.startswith(top.rstrip(os.sep) + os.sep):
        return None  # (a file outside the project is the machine's)
    inputs[path] = stat_of(path)  # (one not there too: a step before may write it)
    if not os.path.isfile(real):
        return None
    text = read_text(real, _MAX_FILE)
    return text if isinstance(text, str) else None


def _bracket(inside: str) -> str | None:
    """A POSIX bracket expression's inside (``[^[:space:]\\]``'s ``^[:space:]\\``) as Python's:
    its classes named, every other character a literal one. Python reads ``[``, ``\\``, ``&&``,
    ``||`` and ``~~`` in a set as a nested set, an escape or a set operation (a FutureWarning
    today): the shell's escape of a text for sed, ``sed -e 's/\\([[\\/.*]\\|\\]\\)/\\\\&/g'``,
    in xwiki-docker's entrypoint, has ``[`` in its set. ``None`` for an equivalence class or a
    collating symbol (``[=a=]``, ``[.-.]``), and for a class not known here.

    >>> _bracket("[/.*"), _bracket("^[:space:]/"), _bracket("]a&&b"), _bracket("[=a=]")
    ('\\\\[/.*', '^\\\\s/', ']a\\\\&\\\\&b', None)
    >>> import re; bool(re.fullmatch("[" + _bracket("\\\\[:blank:]") + "]+", "\\\\ \\t"))
    True
    """
    out: list[str] = []
    index = 0
    while index < len(inside):
        char = inside[index]
        if char == "[" and inside[index + 1 : index + 2] in (":", "=", "."):
            close = inside.find(inside[index + 1] + "]", index + 2)
            python = _CLASSES.get(inside[index : close + 2]) if close > 0 else None
            if python is None:
                return None
            out.append(python)
            index = close + 2
            continue
        out.append("\\" + char if char in "[\\&|~" else char)
        index += 1
    return "".join(out)


def _pattern(written: str, extended: bool, fixed: bool = False) -> str | None:
    """A grep or sed pattern as Python's :mod:`re` writes it; ``None`` when it uses what is
    not translated here (back-references, word boundaries, equivalence classes).

    >>> _pattern(r"^FROM \\(.*\\)[[:space:]]", False), _pattern("a+|b", True)
    ('^FROM (.*)[\\\\s]', 'a+|b')
    >>> _pattern("a+", False), _pattern(r"\\<x", False)
    ('a\\\\+', None)
    >>> _pattern("v: ([0-9]+)", True), _pattern("[^]a]", False)
    ('v: ([0-9]+)', '[^]a]')
    """
    if fixed:
        return re.escape(written)
    out: list[str] = []
    index = 0
    while index < len(written):
        char = written[index]
        if char == "\\":
            if index + 1 >= len(written):
                return None
            following = written[index + 1]
            if following in _BRE_OPERATORS and not extended:
                out.append(following)  # (`\(` is a group in a basic expression)
            elif following in ".*[]^$\\/" or (following in _BRE_OPERATORS and extended):
                out.append("\\" + following)
            else:
                return None
            index += 2
            continue
        if char == "[":
            start = index + 1
            start += written[start : start + 1] == "^"
            start += written[start : start + 1] == "]"  # (a first `]` is one of the set)
            end = written.find("]", start)
            while end > 0 and written[end - 1] == ":" and "[:" in written[index + 1 : end]:
                end = written.find("]", end + 1)  # (a class's own bracket)
            if end < 0:
                return None
            inside = _bracket(written[index + 1 : end])
            if inside is None:
                return None
            out.append("[" + inside + "]")
            index = end + 1
            continue
        if char in _BRE_OPERATORS and not extended:
            out.append("\\" + char)  # (a plain character in a basic expression)
        else:
            out.append(char)
        index += 1
    translated = "".join(out)
    try:
        re.compile(translated)
    except re.error:
        return None
    return translated


def _grep(arguments: list[str], read: Reader) -> list[str] | None:
    extended = fixed = invert = ignore = only = whole = False
    most: int | None = None
    pattern: str | None = None
    files: list[str] = []
    index = 0
    while index < len(arguments):
        word = arguments[index]
        index += 1
        if word.startswith(("-e", "-m")):
            value = word[2:] or (arguments[index] if index < len(arguments) else None)
            index += 0 if word[2:] else 1
            if value is None:
                return None
            if word.startswith("-e"):
                pattern = value
            elif value.isdigit():
                most = int(value)
            else:
                return None
        elif word.startswith("-") and len(word) > 1 and pattern is None:
            for flag in word[1:]:
                if flag not in "EFvioxhsq":
                    return None
            extended = extended or "E" in word
            fixed = fixed or "F" in word
            invert = invert or "v" in word
            ignore = ignore or "i" in word
            only = only or "o" in word
            whole = whole or "x" in word
            if "q" in word:
                return []
        elif pattern is None:
            pattern = word
        else:
            files.append(word)
    if pattern is None:
        return None
    translated = _pattern(pattern, extended, fixed)
    lines = read(files)
    if translated is None or lines is None:
        return None
    compiled = re.compile(translated, re.IGNORECASE if ignore else 0)
    found: list[str] = []
    for line in lines:
        match = compiled.fullmatch(line) if whole else compiled.search(line)
        if bool(match) == invert:
            continue
        if only and match is not None:
            found.extend(hit.group(0) for hit in compiled.finditer(line) if hit.group(0))
        else:
            found.append(line)
        if most is not None and len(found) >= most:
            break
    return found


#: GNU sed's long options that are short ones here.
_SED_LONG_OPTIONS = {"--quiet": "-n", "--silent": "-n", "--regexp-extended": "-E"}


# An escape in a replacement other than a group, a backslash, `&` or a newline (GNU sed's
# case conversions `\L`, `\U`, `\E`, `\l`, `\u`): what it makes is not known here.
_SED_CASE_ESCAPE = lazy_pattern(r"\\[^0-9\\&n]")


def _sed(arguments: list[str], read: Reader) -> list[str] | None:
    quiet = extended = False
    script: str | None = None
    files: list[str] = []
    given = False  # (`-e SCRIPT`: the next word is the script, and a file may come first)
    for word in arguments:
        word = _SED_LONG_OPTIONS.get(word, word)  # (argo-workflows' `sed --quiet 's/…/p'`)
        if given:
            if script is not None:
                return None  # (two scripts: not read here)
            script, given = word, False
        elif word == "-e":
            given = True
        elif word.startswith("-") and script is None and len(word) > 1:
            if any(flag not in "nEr" for flag in word[1:]):
                return None
            quiet = quiet or "n" in word
            extended = extended or "E" in word or "r" in word
        elif script is None:
            script = word
        else:
            files.append(word)
    if script is None or len(script) < 4 or script[0] != "s":
        return None
    delimiter = script[1]
    parts = re.split(rf"(?<!\\){re.escape(delimiter)}", script[2:])
    if len(parts) != 3 or any(flag not in "gp" for flag in parts[2]):
        return None
    pattern = _pattern(parts[0].replace("\\" + delimiter, delimiter), extended)
    lines = read(files)
    if pattern is None or lines is None or "&" in parts[1].replace("\\&", ""):
        return None
    replacement = parts[1].replace("\\" + delimiter, delimiter)
    if _SED_CASE_ESCAPE.search(replacement):
        return None  # (GNU sed's `\L\1`, `\U`…: case conversions Python's re does not do)
    replacement = re.sub(r"\\(\d)", r"\\g<\1>", replacement)
    try:
        compiled = re.compile(pattern)
        compiled.sub(replacement, "")  # (a replacement re cannot read: not read here)
    except re.error:
        return None
    found: list[str] = []
    for line in lines:
        changed, count = compiled.subn(replacement, line, count=0 if "g" in parts[2] else 1)
        if not quiet:
            found.append(changed)
        if count and "p" in parts[2]:
            found.append(changed)
    return found


def _awk(arguments: list[str], read: Reader) -> list[str] | None:
    separator: str | None = None
    program: str | None = None
    files: list[str] = []
    index = 0
    while index < len(arguments):
        word = arguments[index]
        index += 1
        if word.startswith("-F"):
            separator = word[2:] or (arguments[index] if index < len(arguments) else None)
            index += 0 if word[2:] else 1
            if separator is None or len(separator) != 1 or separator == " ":
                return None  # (a pattern of separators: not read here)
        elif program is None:
            program = word
        else:
            files.append(word)  # (omec-project's `awk '/^go / {print $$2}' go.mod`)
    found = _AWK_PRINT.fullmatch(program or "")
    lines = read(files)
    if found is None or lines is None:
        return None
    selected = _pattern(found.group(1), True) if found.group(1) is not None else ""
    if selected is None:
        return None
    number = int(found.group("number") or found.group("cased"))
    # (`{print tolower($0)}`: workflows lower-case a name they tag, bitwarden/server's
    # `PROJECT_NAME=$(echo "${{ matrix.project_name }}" | awk '{print tolower($0)}')`)
    cased = {"tolower": str.lower, "toupper": str.upper}.get(found.group("case") or "", str)
    out: list[str] = []
    for line in lines:
        if selected and re.search(selected, line) is None:
            continue
        fields = line.split(separator) if separator is not None else line.split()
        field = line if number == 0 else fields[number - 1] if number <= len(fields) else ""
        out.append(cased(field))
        if found.group("exit"):
            break  # (`exit` ends the input: the first line selected is the one printed)
    return out


def _cut(arguments: list[str], lines: list[str]) -> list[str] | None:
    delimiter, field = "\t", None
    index = 0
    while index < len(arguments):
        word = arguments[index]
        index += 1
        if word[:2] in ("-d", "-f") and len(word) >= 2:
            value = word[2:] or (arguments[index] if index < len(arguments) else "")
            index += 0 if word[2:] else 1
            if word.startswith("-d"):
                delimiter = value
            else:
                field = value
        else:
            return None
    # (`-f2-`: the second field and all after it, as `cut -d= -f2-` reads a value of an `.env`
    # that may hold `=`: telekom-security/tpotce's genuser.sh; `-f1-2`, `-f1,2`: a list of
    # fields and ranges, printed in order joined by the delimiter, as POSIX says: osmosis'
    # `cut -d '.' -f 1-2` of go.mod's `go 1.23.4`, the Go release of its goreleaser image)
    if len(delimiter) != 1 or field is None:
        return None
    ranges = _field_ranges(field)
    if ranges is None:
        return None
    out: list[str] = []
    for line in lines:
        parts = line.split(delimiter)
        # (a line without the delimiter is printed whole, as POSIX says)
        if len(parts) == 1:
            out.append(line)
            continue
        chosen = [
            part
            for number, part in enumerate(parts, start=1)
            if any(low <= number and (high is None or number <= high) for low, high in ranges)
        ]
        out.append(delimiter.join(chosen))
    return out


def _field_ranges(text: str) -> list[tuple[int, int | None]] | None:
    """``cut -f``'s list (``2``, ``1-2``, ``2-``, ``-3``, ``1,3``) as (first, last) pairs,
    ``last`` ``None`` for all after; ``None`` for anything else (``0``, ``3-1``)."""
    ranges: list[tuple[int, int | None]] = []
    for item in text.split(","):
        low, dash, high = item.partition("-")
        if not (low or high) or not all(part.isdigit() for part in (low, high) if part):
            return None
        first = int(low) if low else 1
        last = (int(high) if high else None) if dash else first
        if first == 0 or (last is not None and last < first):
            return None
        ranges.append((first, last))
    return ranges


def _ends(program: str, arguments: list[str], lines: list[str]) -> list[str] | None:
    count = 10
    if arguments[:1] == ["-n"] and len(arguments) == 2 and arguments[1].isdigit():
        count = int(arguments[1])
    elif len(arguments) == 1 and arguments[0][1:].isdigit() and arguments[0][0] == "-":
        count = int(arguments[0][1:])
    elif len(arguments) == 1 and arguments[0][:2] == "-n" and arguments[0][2:].isdigit():
        # (`head -n1`: the option's argument attached, as POSIX's utility syntax allows;
        # kubernetes-sigs/jobset's `GO_VERSION := $(shell awk '/^go /{print $$2}' go.mod|head -n1)`)
        count = int(arguments[0][2:])
    elif arguments:
        return None
    if program == "head":
        return lines[:count]
    return lines[-count:] if count else []


def _tr(arguments: list[str], lines: list[str]) -> list[str] | None:
    case = _TR_CASES.get((arguments[0], arguments[1])) if len(arguments) == 2 else None
    if case is not None:
        return [case(line) for line in lines]
    if len(arguments) != 2 or arguments[0] != "-d":
        return None
    written = arguments[1].replace("[:space:]", " \t\n\r")
    if "[" in written or "-" in written.strip("-"):
        return None  # (a range or a class not read here)
    escapes = {"\\n": "\n", "\\t": "\t", "\\r": "\r", "\\\\": "\\"}
    for escape, char in escapes.items():
        written = written.replace(escape, char)
    text = "\n".join(lines) + "\n"
    kept = "".join(char for char in text if char not in written)
    return kept.splitlines() if "\n" in kept else ([kept] if kept else [])

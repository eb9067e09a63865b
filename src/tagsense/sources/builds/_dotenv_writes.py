"""The ``.env`` files a shell writes with ``echo`` and ``printf``, for the compose commands after.

Compose reads the ``.env`` of its project's directory (below its environment, which wins).
Some setup scripts write it line by line before they start compose:
confluentinc/cp-all-in-one's ``oauth/start.sh`` sources ``helper/cp_config.sh``
(``export CONFLUENT_DOCKER_TAG=8.0.0``) and ``helper/functions.sh``, whose
``create_env_file`` runs ``echo DOCKER_REGISTRY=$DOCKER_REGISTRY > .env`` and
``echo CONFLUENT_DOCKER_TAG=$CONFLUENT_DOCKER_TAG >> .env``, then ``docker compose up -d``
pulls ``${DOCKER_REGISTRY}confluentinc/cp-server:${CONFLUENT_DOCKER_TAG:-latest}`` as
``confluentinc/cp-server:8.0.0``. :class:`DotenvWrites` keeps, for each ``.env`` written
(by its path from where the session started), the ``NAME=value`` lines written so far, as
the shell expanded them: ``>`` starts the file anew, ``>>`` adds to it; a later line of a
name wins, as in compose-go's dotenv reading. What ``echo`` prints is its words joined by
spaces (``-e``: with its escapes); ``printf FORMAT ARG…`` fills the format's ``%s`` (``%d``)
with the arguments, the format used again while some are left, as printf does.
"""

from __future__ import annotations

from ..._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

__all__ = ["DotenvWrites", "names_dotenv", "printed"]

#: A line of a ``.env`` file that sets a variable (compose-go's dotenv: ``export`` allowed).
_LINE = lazy_pattern(r"[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*(.*)")
#: A conversion of printf's format that takes an argument (``%s``, ``%d``, ``%-10s``…).
_CONVERSION = lazy_pattern(r"%[-+ #0]*[0-9]*(?:\.[0-9]+)?([sdiquxXbc%])")
#: ``echo``'s options (no newline, escapes, none).
_ECHO_OPTIONS = frozenset({"-n", "-e", "-E", "-ne", "-en", "-nE", "-En"})
#: The escapes of ``printf``'s format (and of ``echo -e``) that a ``.env`` line may hold.
_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'"}


def names_dotenv(target: str) -> bool:
    """Whether a redirection's target (expanded) is a ``.env`` file.

    >>> names_dotenv(".env"), names_dotenv("./.env"), names_dotenv("deploy/.env")
    (True, True, True)
    >>> names_dotenv(".env.local"), names_dotenv("$GITHUB_ENV")
    (False, False)
    """
    return target.rpartition("/")[2] == ".env"


def printed(program: str, arguments: list[str]) -> str | None:
    """What ``echo`` (``printf``) prints with ``arguments`` (expanded); ``None`` when it is
    not known here (a ``printf`` with no format).

    >>> printed("echo", ["-e", "A=1\\\\nB=2"])
    'A=1\\nB=2\\n'
    >>> printed("printf", ["%s=%s\\\\n", "A", "1", "B", "2"])
    'A=1\\nB=2\\n'
    >>> printed("printf", ["A=%s\\\\n"])
    'A=\\n'
    """
    if program == "echo":
        escapes = False
        newline = True
        while arguments and arguments[0] in _ECHO_OPTIONS:
            escapes = escapes or "e" in arguments[0]
            newline = newline and "n" not in arguments[0]
            arguments = arguments[1:]
        text = " ".join(arguments)
        return (_unescaped(text) if escapes else text) + ("\n" if newline else "")
    if program != "printf" or not arguments or arguments[0].startswith("-"):
        return None
    format_, given = arguments[0], list(arguments[1:])
    takes = sum(1 for found in _CONVERSION.finditer(format_) if found[1] != "%")
    out: list[str] = []

    def filled(found: re.Match[str]) -> str:
        if found[1] == "%":
            return "%"
        return given.pop(0) if given else ""

    while True:
        out.append(_unescaped(_CONVERSION.sub(filled, format_)))
        if not given or takes == 0:
            break
    return "".join(out)


def _unescaped(text: str) -> str:
    """``text`` with printf's backslash escapes put in (an unknown one kept as written)."""
    if "\\" not in text:
        return text
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in _ESCAPES:
            out.append(_ESCAPES[text[index + 1]])
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


class DotenvWrites:
    """The ``.env`` files a shell wrote so far (see the module): for each, by its path from
    where the session started, its variables in the order written."""

    __slots__ = ("_copied", "_files", "_texts")

    def __init__(self) -> None:
        self._files: dict[str, dict[str, str]] = {}
        #: The text written to each, as written (what ``sed -i`` edits: :meth:`edit`).
        self._texts: dict[str, str] = {}
        #: The ``.env`` files a ``cp FILE .env`` (``cat FILE > .env``, ``mv``) of the
        #: project's files made, by path, with those files' paths: the user's values until
        #: the script edits them (:meth:`edit`).
        self._copied: dict[str, tuple[str, ...]] = {}

    def write(self, path: str, text: str, *, append: bool) -> None:
        """``text`` written to the ``.env`` at ``path`` (``append``: ``>>``, else ``>``).

        >>> writes = DotenvWrites()
        >>> writes.write(".env", "A=1\\nB='2'\\n", append=False)
        >>> writes.write(".env", "A=3\\n", append=True)
        >>> writes.values(".env")
        {'A': '3', 'B': '2'}
        >>> writes.write(".env", "C=4\\n", append=False)
        >>> writes.values(".env")
        {'C': '4'}
        """
        if not append or path not in self._files:
            self._files[path] = {}
            self._texts[path] = ""
        self._copied.pop(path, None)
        self._texts[path] += text if text.endswith("\n") or not text else text + "\n"
        variables = self._files[path]
        for line in text.split("\n"):
            found = _LINE.fullmatch(line.rstrip("\r"))
            if found is not None:
                variables[found[1]] = _unquoted(found[2])

    def copy(self, path: str, sources: tuple[str, ...]) -> None:
        """The ``.env`` at ``path`` made anew as a copy of the project's files ``sources``
        (``None`` of them: a file the run names): what the script wrote to it is gone.

        >>> writes = DotenvWrites()
        >>> writes.write(".env", "A=1\\n", append=False)
        >>> writes.copy(".env", ("env.template",))
        >>> writes.values(".env"), writes.copied(".env")
        (None, ('env.template',))
        """
        self._files.pop(path, None)
        self._texts.pop(path, None)
        self._copied[path] = sources

    def copied(self, path: str) -> tuple[str, ...] | None:
        """The files of the project the ``.env`` at ``path`` is a copy of, when a copy made
        it and nothing was written to it since (else ``None``)."""
        return self._copied.get(path)

    def text(self, path: str) -> str | None:
        """The lines written to the ``.env`` at ``path`` (``None``: none were)."""
        return self._texts.get(path)

    def values(self, path: str) -> dict[str, str] | None:
        """The variables the ``.env`` at ``path`` sets, when this shell wrote it (else
        ``None``)."""
        found = self._files.get(path)
        return dict(found) if found is not None else None

    def __bool__(self) -> bool:
        return bool(self._files) or bool(self._copied)


def _unquoted(value: str) -> str:
    """A dotenv value as compose-go reads it: quotes gone, an unquoted one's ``#`` comment
    (after a blank) gone, blanks trimmed."""
    value = value.strip()
    if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    for mark in (" #", "\t#"):
        if mark in value:
            value = value.partition(mark)[0].rstrip()
    return value

"""What a shell writes to the file its CI runner reads variables from (``$GITHUB_ENV``).

A GitHub step sets a variable for the steps after it in its job by writing ``NAME=value``
lines to the file ``$GITHUB_ENV`` names (GitHub's "Setting an environment variable").
redis/go-redis's test step picks its server image by the matrix's Redis version,

.. code-block:: bash

    declare -A versions=(["8.6.x"]="8.6.1" ["8.4.x"]="8.4.0")
    if [[ -v versions[$REDIS_VERSION] ]]; then
      echo "CLIENT_LIBS_TEST_IMAGE=redislabs/client-libs-test:${versions[$REDIS_VERSION]}" \
        >> $GITHUB_ENV
    else
      exit 1
    fi

and the next step's ``docker compose up`` pulls that image; libgit2's composite action
writes ``dockerfile=${DOCKERFILE_PATH}`` for its next step's ``docker build -f``.
:class:`EnvFileWrites` keeps what an ``echo`` redirected (``>``, ``>>``) to the file writes,
as the shell reader expands it: a write in every run of the script (not in a branch that may
not run, not after ``&&`` or ``||``) sets the value, the last one winning; a write that may
not happen gives its value when the variable had none before the step (the run either
writes it or fails, as go-redis's ``else exit 1``) and no other write gives another;
anything else is a value only a run knows. ``printf``, ``tee``, a here-document, a
multi-line value (``NAME<<EOF``) and a name a run decides are not read here: the caller
knows such writes by their text (:func:`~tagsense.sources.ci._shell.github_env_writes`).
"""

from __future__ import annotations

from ..._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["EnvFileWrites"]

#: A variable's name as the runner takes it (libgit2 writes ``docker-registry-container-sha``).
_NAME = lazy_pattern(r"[A-Za-z_][A-Za-z0-9_-]*")
#: ``echo``'s options (no newline, escapes): what it writes is the rest.
_ECHO_OPTIONS = frozenset({"-n", "-e", "-E", "-ne", "-en"})


class EnvFileWrites:
    """The writes of one shell to the file the variable ``variable`` names (see the
    module), in the order read: for each name, (value, whether every run writes it)."""

    __slots__ = ("_choices", "_writes", "variable")

    def __init__(self, variable: str) -> None:
        self.variable = variable
        self._writes: dict[str, list[tuple[str, bool]]] = {}
        #: For each name whose last write had several values (one for each way the branches
        #: before it left its variables), those values; ``None``: the last write had one.
        self._choices: dict[str, tuple[str, ...] | None] = {}

    def names_file(self, target: str) -> bool:
        """Whether a redirection's target (as written, quotes gone) is the file.

        >>> writes = EnvFileWrites("GITHUB_ENV")
        >>> writes.names_file("$GITHUB_ENV"), writes.names_file("${GITHUB_ENV}")
        (True, True)
        >>> writes.names_file("$GITHUB_OUTPUT"), writes.names_file("/tmp/$GITHUB_ENV")
        (False, False)
        """
        return target in (f"${self.variable}", f"${{{self.variable}}}")

    def echo(
        self,
        arguments: list[str],
        *,
        certain: bool,
        unknown: str,
        choices: tuple[list[str], ...] = (),
    ) -> None:
        """``echo ARGUMENTS`` (expanded) written to the file; ``certain``: every run of the
        script writes it; ``unknown`` marks what a run decides in a value; ``choices``: the
        arguments it has in each way the branches before it left its variables, when they
        differ (``ARGUMENTS`` then names a run's value)."""
        while arguments and arguments[0] in _ECHO_OPTIONS:
            arguments = arguments[1:]
        name, equals, value = " ".join(arguments).partition("=")
        if not equals or _NAME.fullmatch(name) is None or "\n" in value:
            return  # (`NAME<<EOF`, a name a run decides: known by the caller, by its text)
        self._writes.setdefault(name, []).append((value, certain))
        values: list[str] = []
        for each in choices:
            while each and each[0] in _ECHO_OPTIONS:
                each = each[1:]
            written, equals, chosen = " ".join(each).partition("=")
            if written != name or not chosen or "\n" in chosen or unknown in chosen:
                values = []  # (a way whose value a run decides, or none: none is told)
                break
            if chosen not in values:
                values.append(chosen)
        self._choices[name] = tuple(values) if len(values) > 1 else None

    def choices(self, name: str) -> tuple[str, ...] | None:
        """The values the last write of ``name`` may give, when every run writes it and the
        branches before it chose among several known ones (geoserver/docker's ``prepare``
        step picks its Tomcat image in an ``if``/``elif``/``else`` on the version, then
        writes ``echo "base_image=$BASE_IMAGE" >> $GITHUB_OUTPUT``); else ``None``.

        >>> writes = EnvFileWrites("GITHUB_OUTPUT")
        >>> writes.echo(["a=?"], certain=True, unknown="?", choices=(["a=1"], ["a=2"]))
        >>> writes.echo(["b=?"], certain=False, unknown="?", choices=(["b=1"], ["b=2"]))
        >>> writes.echo(["c=?"], certain=True, unknown="?", choices=(["c=1"], ["c=?"]))
        >>> writes.choices("a"), writes.choices("b"), writes.choices("c")
        (('1', '2'), None, None)
        """
        writes = self._writes.get(name)
        if not writes or not writes[-1][1]:
            return None
        return self._choices.get(name)

    def values(self, before: Mapping[str, str], unknown: str) -> dict[str, str]:
        """The value of each variable written, for the steps after this one (``before``: the
        variables they would have without it; ``unknown``: a value only a run knows).

        >>> writes = EnvFileWrites("GITHUB_ENV")
        >>> writes.echo(["A=1"], certain=False, unknown="?")
        >>> writes.echo(["B=1"], certain=True, unknown="?")
        >>> writes.echo(["B=2"], certain=True, unknown="?")
        >>> writes.echo(["C=1"], certain=False, unknown="?")
        >>> writes.values({"C": "0"}, "?")
        {'A': '1', 'B': '2', 'C': '?'}
        """
        found: dict[str, str] = {}
        for name, writes in self._writes.items():
            value, certain = writes[-1]
            distinct = {written for written, _ in writes}
            if not certain and (name in before or len(distinct) > 1):
                # (it keeps the value before, or takes another write's: when all are known
                # and name one repository, only its tag is a run's)
                if name in before:
                    previous = before.get(name)
                    distinct = distinct | {previous} if previous is not None else set()
                value = _one_repository(distinct, unknown) or unknown
            found[name] = value
        return found


def _one_repository(values: set[str], unknown: str) -> str | None:
    """The image name with a tag a run decides that every one of ``values`` is, when each
    names the same repository (``ghcr.io/acme/app:latest``, ``ghcr.io/acme/app:v1.2``): the
    branches of a step choose its tag, not what it names (Lissy93/web-check's ``GHCR_TAG``,
    ``…/web-check:latest`` on its branch and ``…/web-check:${GIT_TAG}`` on a tag, which its
    build step pushes); else ``None``.

    >>> _one_repository({"ghcr.io/acme/app:latest", "ghcr.io/acme/app:?"}, "?")
    'ghcr.io/acme/app:?'
    >>> _one_repository({"acme/app:1", "acme/other:1"}, "?"), _one_repository({"1", "2"}, "?")
    (None, None)
    """
    repositories = set()
    for value in values:
        repository, colon, tag = value.rpartition(":")
        if not colon or "/" in tag or _NOT_IN_A_NAME.search(repository) or unknown in repository:
            return None
        repositories.add(repository)
    return f"{repositories.pop()}:{unknown}" if len(repositories) == 1 else None


#: What no image's repository holds (a repository is lowercase letters, digits, separators).
_NOT_IN_A_NAME = lazy_pattern(r"[^a-z0-9._/:-]|^$")

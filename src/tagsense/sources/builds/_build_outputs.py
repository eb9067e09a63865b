"""The shell variables that hold the id of an image a build of the same script made, and the
build arguments that pass one on (``ShellBuild.outputs``).

An engine prints the id of the image it builds or commits (``docker build -q``, ``buildah
bud``/``build``, ``podman build``, ``buildah commit``, ``docker commit``), writes it to the
file ``--iidfile`` names, and lists its local images (``docker images -q``, ``buildah
images``). A ``FROM ${base}`` that a later ``--build-arg base="${id}"`` fills with such an id
starts from that local image: the build's output, not a pull, and not a value "only a run
knows" (TS011). bioconda/bioconda-utils' workflows list the ids of the image the job built
(``ids="$( … buildah images --format '{{.ID}}…' … )"``), then build each
``images/*/Dockerfile.test`` (``FROM "${base}"``) ``for id in ${ids}`` with
``--build-arg=base="${id}"``.

Read as written (the words before the shell expands them): a variable is such an id when it
is set to a command substitution that runs one of those commands, or ``cat``\\ s a file a
build of the script wrote with ``--iidfile``, or that only filters another such variable
(``ids="$( printf %s "${ids}" | sort -u )"``); or when a ``for`` loop walks one. A build
argument passes one on only when its value is that variable, whole.

>>> prints_image_id('$( buildah images --format "{{.ID}}" | sed -n 1p )')
True
>>> prints_image_id("$(docker build -q .)"), prints_image_id("$(docker build .)")
(True, False)
>>> prints_image_id("$(buildah bud --layers .)"), prints_image_id("$(git rev-parse HEAD)")
(True, False)
>>> whole_variable('"${id}"'), whole_variable("$id"), whole_variable("${id}-x")
('id', 'id', None)
>>> passed_variables(["build", "--build-arg=base=\\"${id}\\"", "--build-arg", "V=$v", "."])
[('base', 'id'), ('V', 'v')]
>>> iidfile_of(["bud", "--iidfile=\\"${iidfile}\\"", "--file=Dockerfile"])
'iidfile'
>>> read_file_variable('"$( cat "${iidfile}" )"'), read_file_variable("$(< $f)")
('iidfile', 'f')
"""

from __future__ import annotations

from ..._lazy import lazy_pattern

__all__ = [
    "assigned_text",
    "iidfile_of",
    "passed_variables",
    "prints_image_id",
    "read_file_variable",
    "referred",
    "substitutes",
    "whole_variable",
]

#: A command that prints image ids: a build or commit that prints its result's id (``docker
#: build`` only with ``-q``/``--quiet``: without, it prints its progress), or a listing of
#: the engine's own images.
_PRINTS_ID = lazy_pattern(
    r"\b(?:buildah\s+(?:bud|build|commit|images)\b"
    r"|podman\s+(?:build|commit|images|image\s+ls)\b"
    r"|docker\s+(?:commit|images|image\s+ls)\b"
    r"|(?:docker|podman)\s+(?:buildx\s+)?build\b[^|;&)]*\s(?:-q|--quiet)\b)"
)
#: A value that is one variable, whole (quoted or not).
_WHOLE = lazy_pattern(r"\"?\$(?:\{(\w+)\}|(\w+))\"?")
#: ``$(cat FILE)``, ``$(< FILE)``: a file's text, the file a variable.
_READ_FILE = lazy_pattern(r"\"?\$\(\s*(?:cat\s+|<\s*)(\"?\$(?:\{\w+\}|\w+)\"?)\s*\)\"?")
#: A variable referred to in a text.
_REFERENCE = lazy_pattern(r"\$(?:\{(\w+)\}|(\w+))")


def assigned_text(raw: str, name: str) -> str | None:
    """The value as written of the one assignment to ``name`` that the text ``raw`` is (its
    command alone), else ``None``.

    >>> assigned_text('ids="$( buildah images -q )"', "ids"), assigned_text("a=1 b", "b")
    ('"$( buildah images -q )"', None)
    """
    head, equals, value = raw.strip().partition("=")
    return value if equals and head == name else None


def substitutes(value: str) -> bool:
    """Whether a value as written is (or holds) a command substitution."""
    return "$(" in value or "`" in value


def prints_image_id(value: str) -> bool:
    """Whether a value as written substitutes a command that prints image ids."""
    return substitutes(value) and _PRINTS_ID.search(value) is not None


def whole_variable(value: str) -> str | None:
    """The variable a value as written is, whole (``"${id}"``, ``$id``), else ``None``."""
    found = _WHOLE.fullmatch(value.strip())
    return None if found is None else found.group(1) or found.group(2)


def referred(value: str) -> set[str]:
    """The variables a value as written refers to."""
    return {found.group(1) or found.group(2) for found in _REFERENCE.finditer(value)}


def read_file_variable(value: str) -> str | None:
    """The variable naming the file a value as written reads whole (``$(cat "$f")``)."""
    found = _READ_FILE.fullmatch(value.strip())
    return None if found is None else whole_variable(found.group(1))


def passed_variables(words: list[str]) -> list[tuple[str, str]]:
    """The build arguments a build command's words (as written) pass whole variables to:
    ``(argument, variable)`` for each ``--build-arg NAME=$VAR``."""
    passed: list[tuple[str, str]] = []
    for index, word in enumerate(words):
        if word.startswith("--build-arg="):
            given = word[len("--build-arg=") :]
        elif word == "--build-arg" and index + 1 < len(words):
            given = words[index + 1]
        else:
            continue
        if len(given) > 1 and given[0] == given[-1] == '"' and given.count('"') == 2:
            given = given[1:-1]  # (`"BASE=$id"`: the whole word quoted)
        name, equals, value = given.partition("=")
        variable = whole_variable(value) if equals else None
        if variable is not None and name.isidentifier():
            passed.append((name, variable))
    return passed


def iidfile_of(words: list[str]) -> str | None:
    """The variable naming the file a build command's ``--iidfile`` writes, if one does."""
    for index, word in enumerate(words):
        if word.startswith("--iidfile="):
            return whole_variable(word[len("--iidfile=") :])
        if word == "--iidfile" and index + 1 < len(words):
            return whole_variable(words[index + 1])
    return None

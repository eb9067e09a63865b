"""Aspire: the container images a .NET Aspire AppHost runs, where its C# names them.

An `Aspire <https://aspire.dev>`_ AppHost describes an application's resources in C#;
``dotnet run`` (and its tests, through ``DistributedApplicationTestingBuilder``) starts their
containers, pulling their images. A ``*.cs`` file that says ``DistributedApplication`` or
``IResourceBuilder`` is read for the chains of calls that name an image, as
``Aspire.Hosting``'s ``ContainerResourceBuilderExtensions`` sets one:

* ``AddContainer("name", "IMAGE")`` runs ``IMAGE`` with its tag, or ``latest``;
  ``AddContainer("name", "IMAGE", "TAG")`` with ``TAG``.
* ``.WithImage("IMAGE")`` replaces the image (its tag, or ``latest``), ``.WithImage("IMAGE",
  "TAG")`` both; ``.WithImageTag("TAG")`` the tag, ``.WithImageRegistry("HOST")`` the
  registry put before the image, ``.WithImageSHA256("HEX")`` a digest that wins over the tag.
  After an integration's ``Add…`` (``AddPostgres("db").WithImage("ankane/pgvector")``, in
  dotnet/eShop) the registry stays the integration's: those of Aspire's own integrations are
  known (:data:`INTEGRATION_REGISTRIES`); after any other, only a ``WithImageRegistry`` tells it.
* ``.WithDockerfile(…)`` (and ``AddDockerfile``) builds the image: nothing is pulled by name.

A chain is one statement (``builder.AddContainer(…).WithImageTag(…);``), continued by later
statements on the variable it was assigned to (``var web = builder.AddContainer(…);``, then
``web.WithImageTag("1.27");``). Arguments are string literals, or string constants the file
declares once (``private const string Image = "…";``, by name or ``Class.Name``), by position
or by name (``tag: "1.25"``). The image is an :class:`~tagsense.sources.Occurrence` of kind
``"aspire"`` at its literal, with ``context`` ``tool`` (``aspire``), ``call`` (the call that
named the image) and the ``resource`` name when ``AddContainer`` gives one. A chain whose
image, tag or registry comes from anything else (a parameter, configuration, an interpolated
string) is not reported; neither are the default images of integrations (``AddRedis("cache")``
runs what its package version chooses, which the file does not write). The reader never
raises.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType

from ..._lazy import once
from ...occurrence import Occurrence, Scan
from ._common import MAX_BYTES, read_scanned
from ._source_code import (
    LITERAL,
    Written,
    line_and_column,
    literal_text,
    source_suppressions,
    without_comments,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Mapping

    from ..project import BuildFile

__all__ = ["INTEGRATION_REGISTRIES", "KIND", "MARKERS", "TOOL", "read_apphost", "scan_apphost"]

#: The ``kind`` of the occurrences.
KIND = "aspire"

#: The tool named in their context.
TOOL = "aspire"

#: What an AppHost's sources say (a quick look before any reading).
MARKERS = (b"DistributedApplication", b"IResourceBuilder")

#: The registry each of Aspire's own integrations pulls from (its ``…ContainerImageTags``'s
#: ``Registry``, microsoft/aspire ``src/Aspire.Hosting.*``): ``WithImage`` keeps it.
INTEGRATION_REGISTRIES: Mapping[str, str] = MappingProxyType(
    {
        **dict.fromkeys(
            ("AddPostgres", "AddRedis", "AddRabbitMQ", "AddMongoDB", "AddMySql", "AddNats",
             "AddQdrant", "AddSeq", "AddValkey", "AddKafka", "AddMilvus"),
            "docker.io",
        ),
        "AddGarnet": "ghcr.io",
        "AddKeycloak": "quay.io",
        "AddOracle": "container-registry.oracle.com",
        "AddSqlServer": "mcr.microsoft.com",
        "AddYarp": "mcr.microsoft.com",
    }
)  # fmt: skip

#: The calls that set a resource's image, and those that start one.
_IMAGE_CALLS = frozenset(
    {"AddContainer", "WithImage", "WithImageTag", "WithImageRegistry", "WithImageSHA256"}
)
_BUILDS = frozenset({"WithDockerfile", "AddDockerfile", "WithDockerfileFactory"})
#: What the value of a part of the image is when the file does not say it.
_UNKNOWN = "\0"


@dataclass(frozen=True, slots=True)
class _Image:
    """What a chain has said so far of its resource's image."""

    name: Written | None = None  # (with where it is written)
    call: str = ""
    resource: str | None = None
    tag: str | None = None
    registry: str | None = None
    digest: str | None = None
    built: bool = False

    def reference(self) -> str | None:
        """The reference Aspire pulls, when everything in it is known."""
        if self.name is None or self.built or _UNKNOWN in (self.tag, self.registry):
            return None
        text = self.name[0] if self.registry is None else f"{self.registry}/{self.name[0]}"
        if self.digest is not None:
            return None if self.digest == _UNKNOWN else f"{text}@sha256:{self.digest}"
        return None if self.tag is None else f"{text}:{self.tag}"


def read_apphost(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images the C# source at ``path`` has Aspire run (never raises)."""
    return read_scanned(path, max_bytes, scan_apphost)


#: A call's arguments: each one's name (``tag:``) or ``None``, and its text with where it starts.
_Arguments = list[tuple[str | None, str, int]]


@dataclass(frozen=True, slots=True)
class _Statement:
    """The calls of interest of one statement (or argument, or lambda body), in order."""

    start: int
    variable: str | None  # (the variable it assigns: ``var web = builder.AddContainer(…)``)
    continues: str | None  # (the variable it calls on: ``web.WithImageTag(…)``)
    calls: tuple[tuple[str, _Arguments], ...]


def scan_apphost(text: str, *, path: str | None = None) -> Scan:
    """:func:`read_apphost` of a file's text."""
    if not any(marker.decode() in text for marker in MARKERS):
        return Scan()
    code = without_comments(text)
    constants = _constants(code)
    chains: dict[int, _Image] = {}  # (by the statement that started each)
    done: list[_Image] = []  # (resources a chain went past: ``AddPostgres(…).AddDatabase(…)``)
    variables: dict[str, int] = {}
    for statement in _statements(code):
        key = statement.start
        child = statement.calls[0][0].startswith("Add")  # (a new resource, not the variable's)
        if statement.continues in variables and not child:
            key = variables[statement.continues]
        image = chains.get(key)
        for method, arguments in statement.calls:
            if method.startswith("Add") and image is not None:
                done.append(image)
            image = _apply(image, method, arguments, constants)
        if image is not None:
            chains[key] = image
            if statement.variable is not None:
                variables[statement.variable] = key
    found: dict[tuple[int, str], Occurrence] = {}
    for image in [*done, *chains.values()]:
        reference = image.reference()
        if reference is None or image.name is None:
            continue
        line, column, raw = line_and_column(text, image.name[1])
        context = {"tool": TOOL, "call": image.call}
        if image.resource is not None:
            context["resource"] = image.resource
        found.setdefault(
            (image.name[1], reference),
            Occurrence.of_text(
                path=path,
                line=line,
                column=column,
                kind=KIND,
                raw=raw,
                text=reference,
                context=context,
            ),
        )
    found_sorted = sorted(found.values(), key=lambda each: (each.line, each.column))
    return Scan(found_sorted, (), source_suppressions(text, path))


def _apply(
    image: _Image | None, method: str, arguments: _Arguments, constants: Mapping[str, Written]
) -> _Image | None:
    """``image`` after one call of its chain (``None``: the chain names no image yet)."""
    if method in _BUILDS:
        return replace(image or _Image(), built=True)
    if method == "AddContainer":
        resource = _argument(arguments, 0, "name", constants)
        started = _Image(resource=None if resource is None else resource[0], call=method)
        image = _with_image(started, _argument(arguments, 1, "image", constants), None)
        if len(arguments) > 2:
            image = _with_tag(image, _argument(arguments, 2, "tag", constants))
        return image
    if method == "AddResource":  # (a resource of the project's: no registry until told)
        return _Image()
    if method.startswith("Add"):  # (an integration: its own image, from its registry)
        return _Image(registry=INTEGRATION_REGISTRIES.get(method, _UNKNOWN))
    if image is None or method not in _IMAGE_CALLS:
        return image
    if method == "WithImage":
        name = _argument(arguments, 0, "image", constants)
        tag = _argument(arguments, 1, "tag", constants) if len(arguments) > 1 else None
        if len(arguments) > 1 and tag is None:
            return replace(image, name=None)  # (a tag the file does not say)
        return replace(_with_image(image, name, tag), call=method)
    value = _argument(arguments, 0, None, constants)
    text = _UNKNOWN if value is None else value[0]
    if method == "WithImageTag":
        return replace(image, tag=text)
    if method == "WithImageRegistry":
        return replace(image, registry=text or None)
    return replace(image, digest=text.removeprefix("sha256:"))


def _with_image(image: _Image, name: Written | None, tag: Written | None) -> _Image:
    """``WithImage(name, tag)``: the tag the name has, or ``tag``, or ``latest``; a digest."""
    if name is None:
        return replace(image, name=None)
    text, quote = name
    text, at, digest = text.partition("@")
    last = text.rpartition("/")[2]
    written_tag = last.partition(":")[2] if ":" in last else None
    if written_tag is not None:
        text = text[: len(text) - len(written_tag) - 1]
    if at:
        return replace(image, name=(text, quote), digest=digest.removeprefix("sha256:"))
    chosen = written_tag or (None if tag is None else tag[0]) or "latest"
    return replace(image, name=(text, quote), tag=chosen, digest=None)


def _with_tag(image: _Image, tag: Written | None) -> _Image:
    return replace(image, tag=_UNKNOWN if tag is None else tag[0])


def _argument(
    arguments: _Arguments, position: int, name: str | None, constants: Mapping[str, Written]
) -> Written | None:
    """The value of the argument given as ``name:``, or else at ``position`` among those
    given by position, when it is a literal or a constant of the file."""
    named = [(text, at) for label, text, at in arguments if label is not None and label == name]
    positional = [(text, at) for label, text, at in arguments if label is None]
    chosen = named[0] if named else positional[position] if position < len(positional) else None
    if chosen is None:
        return None
    text, at = chosen
    if _literal().fullmatch(text):
        return literal_text(text, at)
    if _identifier().fullmatch(text):
        return constants.get(text.rpartition(".")[2])  # (Class.Name: the file's Name)
    return None


def _statements(code: str) -> list[_Statement]:
    """The statements whose calls name images: a ``;``, a block's brace, a ``,`` and a
    lambda's ``=>`` end one; an argument list or a block holds statements of its own."""
    skeleton = _literals().sub(lambda m: m[0][0] + " " * (len(m[0]) - 2) + m[0][-1], code)
    calls = {match.start(): match for match in _call().finditer(skeleton)}
    found: dict[int, list[tuple[str, _Arguments]]] = {}
    firsts: dict[int, int] = {}  # (where each statement's first call is)
    starts = [0]  # (where the current statement of each depth starts)
    for offset, char in enumerate(skeleton):
        match = calls.get(offset)
        if match is not None and _is_read(match["method"]):
            arguments = _arguments(code, skeleton, match.end())
            firsts.setdefault(starts[-1], offset)
            found.setdefault(starts[-1], []).append((match["method"], arguments))
        if char in "([{":
            starts.append(offset + 1)
        elif char in ")]}" and len(starts) > 1:
            starts.pop()
            if char == "}":
                starts[-1] = offset + 1
        elif char in ";," or (char == "=" and skeleton.startswith("=>", offset)):
            starts[-1] = offset + 1
    statements = []
    for start, each in found.items():
        prefix = skeleton[start : firsts[start]]
        assigned = _assigned().search(prefix)
        continues = _continues().fullmatch(prefix)
        statements.append(
            _Statement(
                start=start,
                variable=None if assigned is None else assigned["name"],
                continues=None if continues is None else continues["name"],
                calls=tuple(each),
            )
        )
    return statements


def _arguments(code: str, skeleton: str, opening: int) -> _Arguments:
    """The arguments of the call whose ``(`` ends just before ``opening``."""
    arguments: _Arguments = []
    depth, start = 0, opening
    for offset in range(opening, len(skeleton)):
        char = skeleton[offset]
        if char in "([{":
            depth += 1
        elif char in ")]}" and depth:
            depth -= 1
        elif char in ",)" and not depth:
            piece = code[start:offset]
            label = _label().match(piece)
            value_start = start + (label.end() if label else 0)
            value = code[value_start:offset]
            lead = len(value) - len(value.lstrip())
            if value.strip():
                name = None if label is None else label["name"]
                arguments.append((name, value.strip(), value_start + lead))
            if char == ")":
                break
            start = offset + 1
    return arguments


def _is_read(method: str) -> bool:
    """The calls read: those that set an image, build one, or start a resource (``Add…``)."""
    return method in _IMAGE_CALLS or method in _BUILDS or method.startswith("Add")


@once
def _literal() -> re.Pattern[str]:
    import re

    return re.compile(LITERAL)


@once
def _literals() -> re.Pattern[str]:
    """Literals (C#'s ``$"…"`` and ``@"…"`` too): their text is blanked in the skeleton."""
    import re

    return re.compile(r'"""[\s\S]*?"""|' + LITERAL)


@once
def _identifier() -> re.Pattern[str]:
    import re

    return re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")


@once
def _call() -> re.Pattern[str]:
    """A call of a method on something: ``.Name(``, ``.Name<T>(``."""
    import re

    return re.compile(r"\.\s*(?P<method>[A-Z][A-Za-z0-9_]*)\s*(?:<[^<>();]*>)?\s*\(")


@once
def _label() -> re.Pattern[str]:
    """A named argument's name (``tag: "…"``, not ``::``)."""
    import re

    return re.compile(r"\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:(?!:)")


@once
def _assigned() -> re.Pattern[str]:
    """What a statement's text before its first call assigns: ``var web = builder``."""
    import re

    return re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*[A-Za-z_][A-Za-z0-9_.]*\s*$")


@once
def _continues() -> re.Pattern[str]:
    """A statement that calls on a variable: ``web`` before ``.WithImageTag(…)``."""
    import re

    return re.compile(r"\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*")


def _constants(code: str) -> dict[str, Written]:
    """The string constants the file declares once each (``const string Name = "…";``,
    ``static readonly string Name = "…";``)."""
    seen: dict[str, Written | None] = {}
    for match in _constant().finditer(code):
        name, value = match["name"], literal_text(match["lit"], match.start("lit"))
        seen[name] = value if name not in seen else None
    return {name: value for name, value in seen.items() if value is not None}


@once
def _constant() -> re.Pattern[str]:
    import re

    return re.compile(
        r"\b(?:const|static\s+readonly|readonly\s+static)\s+string\s+"
        rf"(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?P<lit>{LITERAL})\s*;"
    )

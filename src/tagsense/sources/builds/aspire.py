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

from ..._lazy import lazy_pattern
from ...occurrence import Occurrence, Scan
from ._common import MAX_BYTES, read_scanned
from ._csharp_source import (
    Arguments,
    Values,
    argument,
    arguments,
    constants,
    only_models,
    placed,
    skeleton,
)
from ._source_code import Written, source_suppressions, without_comments

TYPE_CHECKING = False
if TYPE_CHECKING:
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


@dataclass(frozen=True, slots=True)
class _Statement:
    """The calls of interest of one statement (or argument, or lambda body), in order."""

    start: int
    variable: str | None  # (the variable it assigns: ``var web = builder.AddContainer(…)``)
    continues: str | None  # (the variable it calls on: ``web.WithImageTag(…)``)
    calls: tuple[tuple[str, Arguments], ...]


def scan_apphost(
    text: str, *, path: str | None = None, siblings: Mapping[str, str] | None = None
) -> Scan:
    """:func:`read_apphost` of a file's text; ``siblings`` are the ``Class.Name`` constants of
    the other sources of its directory."""
    if not any(marker.decode() in text for marker in MARKERS):
        return Scan()
    code = without_comments(text)
    if only_models(code):
        return Scan()  # (a unit test of the model: nothing runs)
    known = Values(constants(code), MappingProxyType(dict(siblings or {})))
    chains: dict[int, _Image] = {}  # (by the statement that started each)
    done: list[_Image] = []  # (resources a chain went past: ``AddPostgres(…).AddDatabase(…)``)
    variables: dict[str, int] = {}
    for statement in _statements(code):
        key = statement.start
        child = statement.calls[0][0].startswith("Add")  # (a new resource, not the variable's)
        if statement.continues in variables and not child:
            key = variables[statement.continues]
        image = chains.get(key)
        for method, given in statement.calls:
            if method.startswith("Add") and image is not None:
                done.append(image)
            image = _apply(image, method, given, known)
        if image is not None:
            chains[key] = image
            if statement.variable is not None:
                variables[statement.variable] = key
    found: dict[tuple[int, str], Occurrence] = {}
    for image in [*done, *chains.values()]:
        reference = image.reference()
        if reference is None or image.name is None:
            continue
        line, column, raw = placed(text, image.name[1])
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


def _apply(image: _Image | None, method: str, given: Arguments, known: Values) -> _Image | None:
    """``image`` after one call of its chain (``None``: the chain names no image yet)."""
    if method in _BUILDS:
        return replace(image or _Image(), built=True)
    if method == "AddContainer":
        resource = argument(given, 0, "name", known)
        started = _Image(resource=None if resource is None else resource[0], call=method)
        image = _with_image(started, argument(given, 1, "image", known), None)
        if len(given) > 2:
            image = _with_tag(image, argument(given, 2, "tag", known))
        return image
    if method == "AddResource":  # (a resource of the project's: no registry until told)
        return _Image()
    if method.startswith("Add"):  # (an integration: its own image, from its registry)
        return _Image(registry=INTEGRATION_REGISTRIES.get(method, _UNKNOWN))
    if image is None or method not in _IMAGE_CALLS:
        return image
    if method == "WithImage":
        name = argument(given, 0, "image", known)
        tag = argument(given, 1, "tag", known) if len(given) > 1 else None
        if len(given) > 1 and tag is None:
            return replace(image, name=None)  # (a tag the file does not say)
        return replace(_with_image(image, name, tag), call=method)
    value = argument(given, 0, None, known)
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


def _statements(code: str) -> list[_Statement]:
    """The statements whose calls name images: a ``;``, a block's brace, a ``,`` and a
    lambda's ``=>`` end one; an argument list or a block holds statements of its own."""
    blanked = skeleton(code)
    calls = {match.start(): match for match in _CALL.finditer(blanked)}
    found: dict[int, list[tuple[str, Arguments]]] = {}
    firsts: dict[int, int] = {}  # (where each statement's first call is)
    starts = [0]  # (where the current statement of each depth starts)
    for offset, char in enumerate(blanked):
        match = calls.get(offset)
        if match is not None and _is_read(match["method"]):
            found_arguments = arguments(code, blanked, match.end())
            firsts.setdefault(starts[-1], offset)
            found.setdefault(starts[-1], []).append((match["method"], found_arguments))
        if char in "([{":
            starts.append(offset + 1)
        elif char in ")]}" and len(starts) > 1:
            starts.pop()
            if char == "}":
                starts[-1] = offset + 1
        elif char in ";," or (char == "=" and blanked.startswith("=>", offset)):
            starts[-1] = offset + 1
    statements = []
    for start, each in found.items():
        prefix = blanked[start : firsts[start]]
        assigned = _ASSIGNED.search(prefix)
        continues = _CONTINUES.fullmatch(prefix)
        statements.append(
            _Statement(
                start=start,
                variable=None if assigned is None else assigned["name"],
                continues=None if continues is None else continues["name"],
                calls=tuple(each),
            )
        )
    return statements


def _is_read(method: str) -> bool:
    """The calls read: those that set an image, build one, or start a resource (``Add…``)."""
    return method in _IMAGE_CALLS or method in _BUILDS or method.startswith("Add")


#: A call of a method on something: ``.Name(``, ``.Name<T>(``.
_CALL = lazy_pattern(r"\.\s*(?P<method>[A-Z][A-Za-z0-9_]*)\s*(?:<[^<>();]*>)?\s*\(")


#: What a statement's text before its first call assigns: ``var web = builder``.
_ASSIGNED = lazy_pattern(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*[A-Za-z_][A-Za-z0-9_.]*\s*$")


#: A statement that calls on a variable: ``web`` before ``.WithImageTag(…)``.
_CONTINUES = lazy_pattern(r"\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*")

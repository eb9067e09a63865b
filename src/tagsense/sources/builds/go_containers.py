"""Go tests: the images testcontainers-go, ory/dockertest and Vault's Docker helper start.

Go projects start the containers their tests need from Go, and the library pulls each image
when the test runs (``go test ./...`` in CI): OpenBao's database plugins' tests start MySQL and
Valkey with dockertest, Ory Kratos' start Hydra, Pomerium's start k3s with testcontainers-go. A
``*.go`` source that imports one of these libraries is read for the image names their APIs
take, and only those:

- testcontainers-go (``github.com/testcontainers/testcontainers-go`` and its ``modules/…``):
  ``testcontainers.ContainerRequest{Image: "redis:7"}`` (not one that builds, with a
  ``FromDockerfile``; not one a variable holds that its function never starts);
  ``testcontainers.Run(ctx, IMAGE, …)`` and a module's ``postgres.Run(ctx, IMAGE, …)`` (the
  image second, since v0.32);
  ``testcontainers.WithImage(IMAGE)`` (the older modules' ``RunContainer``);
- ory/dockertest v3: ``pool.Run(REPOSITORY, TAG, env)`` and ``pool.RunWithOptions(
  &dockertest.RunOptions{Repository: R, Tag: T})`` (no ``Tag``: ``latest``, as dockertest
  pulls; not the options of a ``BuildAndRunWithOptions``, which builds); v4: ``pool.Run(ctx,
  REPOSITORY, dockertest.WithTag(TAG), …)`` and ``pool.RunT(t, …)``, read only with a
  ``WithTag``;
- Vault's and OpenBao's ``sdk/helper/docker``: ``docker.RunOptions{ImageRepo: R, ImageTag: T}``,
  which ``docker.NewServiceRunner`` pulls.

A value is a string literal (``"…"``, or a raw ```…```), or a name the file gives one such
literal once (``const k3sImage = "rancher/k3s:v1.36.0-k3s1"``, ``image := "…"``). A value made
at run time (a parameter, ``cmp.Or(version, "16")``, another package's constant) is not read,
and nothing is guessed. Each image is an :class:`~tagsense.sources.Occurrence` at its (first)
literal, of kind ``testcontainers`` (``tool`` ``testcontainers-go``) or ``dockertest``
(``tool`` ``dockertest`` or ``vault-sdk``), with the ``call`` that takes it. Comments are not
read; the reader never raises.
"""

from __future__ import annotations

from ..._lazy import once
from ...occurrence import Occurrence, Scan
from ._common import MAX_BYTES, read_scanned

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Iterator, Mapping

    from ..project import BuildFile

__all__ = ["MARKERS", "read_go_source", "scan_go_source"]

#: What a source that imports one of the libraries says (a quick look before any reading).
MARKERS = (
    b"github.com/testcontainers/testcontainers-go",
    b"github.com/ory/dockertest",
    b"gopkg.in/ory-am/dockertest",
    b'/helper/docker"',
)

_TESTCONTAINERS = "github.com/testcontainers/testcontainers-go"
_DOCKERTEST = ("github.com/ory/dockertest", "gopkg.in/ory-am/dockertest")
#: The import paths of Vault's and OpenBao's helper end so (``sdk/helper/docker``, and
#: OpenBao's ``sdk/v2/helper/docker``).
_VAULT_HELPER = "/helper/docker"

#: A Go string: interpreted (``"…"``, C-like escapes, one line) or raw (```…```).
_STRING = r'"(?:\\.|[^"\\\n])*"|`[^`]*`'
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"

#: A value as written: its text, and the offset of its literal's opening quote.
_Written = tuple[str, int]


def read_go_source(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images the Go source at ``path`` has its test libraries pull (never raises)."""
    return read_scanned(path, max_bytes, scan_go_source)


def scan_go_source(text: str, *, path: str | None = None) -> Scan:
    """:func:`read_go_source` of a source's text."""
    if not any(marker.decode() in text for marker in MARKERS):
        return Scan()
    code = _without_comments(text)
    imports = _imports(code)
    if not imports:
        return Scan()
    constants = _constants(code)
    found: dict[tuple[int, str], Occurrence] = {}
    for image, start, tool, call in _images(code, imports, constants):
        if image and (start, image) not in found:
            found[start, image] = _occurrence(text, path, image, start, tool, call)
    return Scan(sorted(found.values(), key=lambda each: (each.line, each.column)))


def _images(
    code: str, imports: Mapping[str, str], constants: Mapping[str, _Written]
) -> Iterator[tuple[str, int, str, str]]:
    """Each image the code's calls and literals name: (name, offset, tool, call)."""
    containers = {alias for alias, where in imports.items() if _is_testcontainers(where)}
    dockertest = {alias for alias, where in imports.items() if where.startswith(_DOCKERTEST)}
    vault = {alias for alias, where in imports.items() if where.endswith(_VAULT_HELPER)}
    if containers:
        yield from _testcontainers(code, containers, constants)
    if dockertest:
        yield from _dockertest(code, dockertest, constants)
    built = _built_names(code) if vault else set()
    for alias in vault:
        for body, _ in _bodies(code, rf"\b{alias}\s*\.\s*RunOptions\s*\{{"):
            fields = _fields(code, body, constants)
            repo, tag = fields.get("ImageRepo"), fields.get("ImageTag")
            written = dict(_top_fields(code, *body)).get("ImageRepo")
            if written is not None and code[written[0] : written[1]].strip() in built:
                continue  # (the image the test builds first: `BuildTags([]string{name…})`)
            if repo is not None and tag is not None:
                yield f"{repo[0]}:{tag[0]}", repo[1], "vault-sdk", f"{alias}.RunOptions"


def _testcontainers(
    code: str, aliases: set[str], constants: Mapping[str, _Written]
) -> Iterator[tuple[str, int, str, str]]:
    tool = "testcontainers-go"
    names = "|".join(sorted(aliases))
    for body, alias in _bodies(code, rf"\b(?P<alias>{names})\s*\.\s*ContainerRequest\s*\{{"):
        image = _fields(code, body, constants).get("Image")
        if "FromDockerfile" in _field_names(code, body):
            continue  # (the image is built from the project's Dockerfile)
        if image is not None and _started(code, body[0]):
            yield image[0], image[1], tool, f"{alias}.ContainerRequest"
    pattern = rf"\b(?P<alias>{names})\s*\.\s*(?P<call>Run|WithImage)\s*\("
    for match in _pattern(pattern).finditer(code):
        arguments = _arguments(code, match.end())
        index = 0 if match["call"] == "WithImage" else 1
        if index < len(arguments):
            image = _value(code, arguments[index], constants)
            if image is not None:
                yield image[0], image[1], tool, f"{match['alias']}.{match['call']}"


def _dockertest(
    code: str, aliases: set[str], constants: Mapping[str, _Written]
) -> Iterator[tuple[str, int, str, str]]:
    tool = "dockertest"
    names = "|".join(sorted(aliases))
    for body, alias in _bodies(code, rf"\b(?P<alias>{names})\s*\.\s*RunOptions\s*\{{"):
        if _pattern(r"\bBuildAndRun\w*\s*\([^()]*$").search(code, max(0, body[0] - 400), body[0]):
            continue  # (`pool.BuildAndRunWithOptions(DOCKERFILE, &dockertest.RunOptions{…})`)
        fields = _fields(code, body, constants)
        repo, tag = fields.get("Repository"), fields.get("Tag")
        if repo is None or ("Tag" in _field_names(code, body) and tag is None):
            continue  # (no repository, or a tag a run decides)
        image = repo[0] if tag is None else f"{repo[0]}:{tag[0]}"
        yield image, repo[1], tool, f"{alias}.RunOptions"
    with_tag = _pattern(rf"\s*\b(?:{names})\s*\.\s*WithTag\s*\(")
    for match in _pattern(r"\.\s*(?P<call>RunT|Run)\s*\(").finditer(code):
        arguments = _arguments(code, match.end())
        first = _value(code, arguments[0], constants) if arguments else None
        if first is not None and len(arguments) >= 2:  # (v3: Run(REPOSITORY, TAG, env))
            tag = _value(code, arguments[1], constants)
            if tag is not None:
                yield f"{first[0]}:{tag[0]}", first[1], tool, "Pool.Run"
            continue
        if len(arguments) < 3:
            continue
        repo = _value(code, arguments[1], constants)  # (v4: Run(ctx, REPOSITORY, options…))
        tags = [
            _value(code, _arguments(code, found.end())[0], constants)
            for span in arguments[2:]
            if (found := with_tag.match(code, span[0])) is not None
            and _arguments(code, found.end())
        ]
        if repo is not None and len(tags) == 1 and tags[0] is not None:
            yield f"{repo[0]}:{tags[0][0]}", repo[1], tool, f"Pool.{match['call']}"


def _built_names(code: str) -> set[str]:
    """The names and literals the file's ``BuildTags(…)`` calls are given: the images Vault's
    helper builds (``runner.BuildImage(ctx, containerfile, bCtx, docker.BuildTags(…))``)."""
    found: set[str] = set()
    for match in _pattern(r"\bBuildTags\s*\(").finditer(code):
        end = _closing(code, match.end() - 1)
        if end is not None:
            written = code[match.end() : end]
            found.update(_pattern(rf"{_STRING}|{_NAME}").findall(written))
    return found


def _started(code: str, body: int) -> bool:
    """Whether the request whose literal's body starts at ``body`` is started: given to a call
    or returned, or put in a variable that the rest of its function gives ``GenericContainer``
    (or a ``Run``, or another request). The library's own tests of its options build requests
    they never start (``req := testcontainers.GenericContainerRequest{…}`` then
    ``WithLogConsumerConfig(…)(&req)``)."""
    before = code[max(0, body - 400) : body]
    assigned = _pattern(
        rf"(?:\b(?P<name>{_NAME})\s*:?=\s*)&?(?:{_NAME}\s*\.\s*)?"
        rf"(?:GenericContainerRequest\s*\{{\s*ContainerRequest\s*:\s*&?(?:{_NAME}\s*\.\s*)?)?"
        r"ContainerRequest\s*\{$"
    ).search(before)
    if assigned is None:
        return True  # (an argument, a field, a return value: started where it goes)
    end = code.find("\nfunc ", body)
    rest = code[body : end if end >= 0 else len(code)]
    name = assigned["name"]
    given = rf"(?:GenericContainer|Run|RunContainer)\s*\([^()]*\b{name}\b"
    nested = rf"ContainerRequest\s*:\s*&?{name}\b"
    return _pattern(f"{given}|{nested}").search(rest) is not None


def _is_testcontainers(where: str) -> bool:
    """The library's root package, or one of its modules (not ``wait``, ``network``…)."""
    return where == _TESTCONTAINERS or where.startswith(f"{_TESTCONTAINERS}/modules/")


def _bodies(code: str, opening: str) -> Iterator[tuple[tuple[int, int], str]]:
    """The spans of the composite literals ``opening`` starts (it ends with their ``{``),
    with the alias it matched (``alias``, or ``""``)."""
    for match in _pattern(opening).finditer(code):
        end = _closing(code, match.end() - 1)
        if end is not None:
            alias = match.groupdict().get("alias") or ""
            yield (match.end(), end), alias


def _fields(
    code: str, body: tuple[int, int], constants: Mapping[str, _Written]
) -> dict[str, _Written]:
    """The fields of a composite literal's body (``code[start:end]``) written at its top
    level whose values are known."""
    start, end = body
    found: dict[str, _Written] = {}
    for name, value in _top_fields(code, start, end):
        known = _value(code, value, constants)
        if known is not None:
            found[name] = known
    return found


def _field_names(code: str, body: tuple[int, int]) -> set[str]:
    return {name for name, _ in _top_fields(code, *body)}


def _top_fields(code: str, start: int, end: int) -> Iterator[tuple[str, tuple[int, int]]]:
    """``Name: value`` pairs at the top level of ``code[start:end]``, each value's span."""
    for span in _split(code, start, end):
        match = _pattern(rf"\s*(?P<name>{_NAME})\s*:(?!=)\s*").match(code, span[0], span[1])
        if match is not None:
            yield match["name"], (match.end(), span[1])


def _arguments(code: str, start: int) -> list[tuple[int, int]]:
    """The spans of a call's arguments, from just after its ``(``; ``[]`` when the call does
    not close."""
    end = _closing(code, start - 1)
    return [] if end is None else _split(code, start, end)


def _split(code: str, start: int, end: int) -> list[tuple[int, int]]:
    """``code[start:end]`` cut at its top-level commas (strings and brackets skipped)."""
    spans: list[tuple[int, int]] = []
    depth, begin, index = 0, start, start
    while index < end:
        char = code[index]
        if char in '"`':
            match = _pattern(_STRING).match(code, index)
            index = match.end() if match is not None else index + 1
            continue
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            spans.append((begin, index))
            begin = index + 1
        index += 1
    if code[begin:end].strip():
        spans.append((begin, end))
    return spans


def _closing(code: str, opening: int) -> int | None:
    """The offset of the bracket that closes the one at ``opening`` (``None``: none does)."""
    depth, index = 0, opening
    while index < len(code):
        char = code[index]
        if char in '"`':
            match = _pattern(_STRING).match(code, index)
            index = match.end() if match is not None else index + 1
            continue
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return None


def _value(code: str, span: tuple[int, int], constants: Mapping[str, _Written]) -> _Written | None:
    """An argument's or field's value when it is a literal or a constant of the file."""
    text = code[span[0] : span[1]]
    stripped = text.strip()
    offset = span[0] + (len(text) - len(text.lstrip()))
    if _pattern(rf"(?:{_STRING})").fullmatch(stripped) is not None:
        return _literal(stripped, offset)
    if _pattern(_NAME).fullmatch(stripped) is not None:
        return constants.get(stripped)
    return None


def _literal(literal: str, start: int) -> _Written | None:
    """A literal's text, unless it has an escape (``"…"``) or a line break (raw)."""
    body = literal[1:-1]
    if (literal[0] == '"' and "\\" in body) or "\n" in body or not body.strip():
        return None
    return body, start


def _constants(code: str) -> dict[str, _Written]:
    """The names the file gives a string literal once (``const``/``var`` declarations, in a
    block or not, and ``:=``); a name given any value twice is left out."""
    given: dict[str, int] = {}
    for match in _pattern(_GIVEN).finditer(code):
        given[match["name"]] = given.get(match["name"], 0) + 1
    found: dict[str, _Written] = {}
    for match in _pattern(_GIVEN_LITERAL).finditer(code):
        literal = _literal(match["lit"], match.start("lit"))
        if literal is not None and given.get(match["name"]) == 1:
            found[match["name"]] = literal
    return found


#: A name given a value (``NAME =``, ``NAME string =``, ``NAME :=``; not ``==``).
_GIVEN = rf"(?m)(?:^|[\s,(;])(?P<name>{_NAME})\s*(?:string\s*)?:?=(?!=)"
#: A name given a string literal alone on its line.
_GIVEN_LITERAL = (
    rf"(?m)(?:^|[\s(;])(?P<name>{_NAME})\s*(?:string\s*)?:?=\s*(?P<lit>{_STRING})[ \t]*(?:;|$)"
)


def _imports(code: str) -> dict[str, str]:
    """The packages the file imports, by the name it uses them with (an alias, or the path's
    last element, before a major version's ``/vN`` or ``.vN``)."""
    found: dict[str, str] = {}
    for block in _pattern(r"\bimport\s*(?:\((?P<block>[^)]*)\)|(?P<one>[^\n]*))").finditer(code):
        for spec in _pattern(rf"(?P<alias>{_NAME}|\.)?\s*\"(?P<path>[^\"\s]+)\"").finditer(
            block["block"] or block["one"] or ""
        ):
            path = spec["path"]
            alias = spec["alias"] or _package_name(path)
            if alias not in ("_", "."):
                found[alias] = path
    return found


def _package_name(path: str) -> str:
    """The name a package is used by when imported without an alias (Go's convention: the
    last element, without a major version, ``-go`` dropped as testcontainers-go's does)."""
    parts = path.split("/")
    last = parts[-1]
    if _pattern(r"v[0-9]+").fullmatch(last) is not None and len(parts) > 1:
        last = parts[-2]
    last = _pattern(r"\.v[0-9]+$").sub("", last)
    return last.removesuffix("-go").replace("-", "_")


def _occurrence(
    text: str, path: str | None, image: str, start: int, tool: str, call: str
) -> Occurrence:
    """The image ``image``, whose (first) literal's quote is at offset ``start``."""
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 2  # (after the quote)
    end = text.find(text[start], start + 1)
    return Occurrence.of_text(
        path=path,
        line=line,
        column=column,
        kind="testcontainers" if tool == "testcontainers-go" else "dockertest",
        raw=text[start + 1 : end if end >= 0 else len(text)],
        text=image,
        context={"tool": tool, "call": call},
    )


def _without_comments(text: str) -> str:
    """``text`` with its ``//`` and ``/* */`` comments blanked (line breaks kept, offsets
    unmoved); the strings, raw ones too, are kept as they are."""

    def blank(match: re.Match[str]) -> str:
        found = match[0]
        if found.startswith(("//", "/*")):
            return "".join(char if char == "\n" else " " for char in found)
        return found

    return _pattern(rf"//[^\n]*|/\*[\s\S]*?(?:\*/|\Z)|{_STRING}|'(?:\\.|[^'\\\n])*'").sub(
        blank, text
    )


@once
def _compiled() -> dict[str, re.Pattern[str]]:
    return {}


def _pattern(source: str) -> re.Pattern[str]:
    """``source`` compiled once."""
    import re

    cache = _compiled()
    pattern = cache.get(source)
    if pattern is None:
        pattern = cache[source] = re.compile(source)
    return pattern

"""Nix: the images a Nix expression pulls with ``dockerTools.pullImage`` and nix2container.

nixpkgs' ``dockerTools.pullImage { imageName; imageDigest; sha256; finalImageName ?;
finalImageTag ? "latest"; }`` fetches ``imageName@imageDigest`` with skopeo when the
derivation is built, and tags it ``finalImageName:finalImageTag``; nix2container's
``pullImage { imageName; imageDigest; sha256; }`` fetches the same. (Its
``pullImageFromManifest`` fetches the layers a committed manifest lists, pinned by that file;
without one, the call only serves the script that fetches the manifest: neither is read.)
cachix/devenv's ``tests/container-from-image/devenv.nix`` starts a container ``fromImage =
nix2container.pullImage { imageName = "docker.io/library/alpine"; imageDigest = "sha256:…"; }``
so.

A NixOS configuration runs containers with ``virtualisation.oci-containers.containers.<name> =
{ image = "…"; }`` (its systemd unit pulls the image when it starts, with podman or docker);
``imageFile`` instead loads an image the configuration builds, and pulls nothing.
lofsgaard/nixos' ``hosts/asgard/services/hello-world.nix`` says ``containers = { container-name
= { image = "docker.io/hello-world:latest"; …; }; };``. Each container's plain ``image`` is an
occurrence of kind ``"nix"``, ``context`` ``module`` (``oci-containers``) and ``container`` (its
name), in a file that names ``oci-containers`` (or ``docker-containers``, its former name).

Each call (``NAME {`` where NAME is one of these functions, as ``dockerTools.pullImage``,
``pkgs.dockerTools.pullImage``, ``nix2container.pullImage`` or alone) is an
:class:`~tagsense.sources.Occurrence` of kind ``"nix"``, at its ``imageName`` value,
``context`` ``function`` (as written). ``finalImageTag`` is the tag of the digest pulled when
``finalImageName`` does not rename the image (``nginx:1.27.3@sha256:…``; a tag the caller
gives leaves the digest alone). The attribute set (``rec`` or not) is read as Nix writes it
(strings, ``${…}``, ``''…''``, comments, nested sets); an attribute that is not a plain
string (a variable, an interpolation, ``inherit``) is the caller's, and a call whose name or
digest is one is not read.
"""

from __future__ import annotations

from ..._lazy import lazy_pattern
from ..._offsets import line_column
from ...occurrence import Occurrence, Scan
from ..project import BuildFile
from ._common import MAX_BYTES, read_built

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

__all__ = ["KIND", "read_nix", "scan_nix"]

#: The ``kind`` of the occurrences of the images Nix expressions pull.
KIND = "nix"

#: A call of a pulling function: its name (with what it is selected from) and the ``{``.
_CALL = lazy_pattern(r"(?<![\w.'-])((?:[A-Za-z_][\w'-]*\.)*pullImage)\s*(?:rec\s*)?\{")
#: The containers of a NixOS configuration: the set of them, or one by its name (``containers
#: = {``, ``virtualisation.oci-containers.containers."echo" = {``).
_CONTAINERS = lazy_pattern(
    r"(?<![\w.'\"-])(?:(?:virtualisation\.)?(?:oci|docker)-containers\.)?containers"
    r"(?:\.(\"[^\"\n]*\"|[A-Za-z_][\w'-]*))?\s*=\s*\{"
)
#: What a file that runs containers so names (``docker-containers``: the module's former name).
_CONTAINER_MODULES = ("oci-containers", "docker-containers")
#: An attribute's name at the start of a binding (``imageName =``).
_BINDING = lazy_pattern(r"([A-Za-z_][\w'-]*)\s*=(?!=)")


def read_nix(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images the Nix file at ``path`` pulls (never raises)."""
    return read_built(path, max_bytes, scan_nix)


def scan_nix(text: str, *, path: str | None = None) -> BuildFile:
    """:func:`read_nix` of a file's text.

    >>> found = scan_nix('pullImage {\\n  imageName = "nginx";\\n  imageDigest = "sha256:ab";\\n}')
    >>> [(o.text, o.line, o.column) for o in found.scan]
    [('nginx@sha256:ab', 2, 16)]
    """
    runs = any(module in text for module in _CONTAINER_MODULES)
    if "pullImage" not in text and not runs:
        return BuildFile(path=path)  # (a quick look: most expressions pull no image)
    from .shell import comment_suppressions

    skipped = _skipped_spans(text)
    occurrences = []
    for match in _CALL.finditer(text):
        if _inside(skipped, match.start()):
            continue  # (in a string or a comment)
        found = _pull(text, match, path)
        if found is not None:
            occurrences.append(found)
    if runs:
        occurrences.extend(_containers(text, skipped, path))
    suppressions = tuple(comment_suppressions(text.splitlines(), path))
    return BuildFile(scan=Scan(occurrences, (), suppressions), path=path)


def _pull(text: str, match: re.Match[str], path: str | None) -> Occurrence | None:
    """The image one call fetches, or ``None`` (an attribute only the caller knows)."""
    attributes = _attributes(text, match.end())
    if attributes is None:
        return None
    name = attributes.get("imageName")
    image, start = name if name is not None else (None, 0)
    digest = _value(attributes, "imageDigest", "")
    tag = _value(attributes, "finalImageTag", "") or ""  # (the caller's: the digest alone)
    if image is None or not digest:
        return None
    renamed = _value(attributes, "finalImageName", image)
    written = f"{image}:{tag}@{digest}" if tag and renamed == image else f"{image}@{digest}"
    return _occurrence(text, start, written, path, {"function": match[1]})


def _occurrence(
    text: str, start: int, image: str, path: str | None, context: dict[str, str]
) -> Occurrence:
    """The occurrence of ``image``, written at offset ``start`` of the file's ``text``."""
    line, column = line_column(text, start)
    return Occurrence.of_text(
        path=path, line=line, column=column,
        kind=KIND, raw=image, text=image, context=context,
    )  # fmt: skip


def _containers(text: str, skipped: list[tuple[int, int]], path: str | None) -> list[Occurrence]:
    """The images a NixOS configuration's containers run (see the module)."""
    found: list[Occurrence] = []
    for match in _CONTAINERS.finditer(text):
        if _inside(skipped, match.start()):
            continue
        attributes = _attributes(text, match.end())
        if attributes is None:
            continue
        if match[1] is not None:
            sets = [(match[1].strip('"'), attributes)]
        else:  # (the set of containers: each of its sets is one)
            sets = []
            for name, (_, position) in attributes.items():
                if text.startswith("{", position - 1):
                    container = _attributes(text, position)
                    if container is not None:
                        sets.append((name, container))
        for name, container in sets:
            occurrence = _container_image(text, name, container, path)
            if occurrence is not None:
                found.append(occurrence)
    return found


def _container_image(
    text: str, name: str, container: dict[str, tuple[str | None, int]], path: str | None
) -> Occurrence | None:
    """A container's image, unless it is not a plain string or an ``imageFile`` is loaded."""
    image = container.get("image")
    loaded = container.get("imageFile")
    if image is None or image[0] is None:
        return None
    if loaded is not None and not text.startswith("null", loaded[1] - 1):
        return None  # (an image the configuration builds and loads: no pull)
    context = {"module": "oci-containers", "container": name}
    return _occurrence(text, image[1], image[0], path, context)


def _value(attributes: dict[str, tuple[str | None, int]], name: str, default: str) -> str | None:
    """An attribute's string, its default when it is not set, ``None`` when it is not a plain
    string."""
    found = attributes.get(name)
    return default if found is None else found[0]


def _attributes(text: str, start: int) -> dict[str, tuple[str | None, int]] | None:
    """The bindings of the attribute set whose ``{`` ends at ``start``: each name's plain
    string (``None`` for any other value) and where its value starts; ``None`` when the set
    does not close."""
    attributes: dict[str, tuple[str | None, int]] = {}
    index, depth = start, 0
    expect_binding = True
    while index < len(text):
        char = text[index]
        if char in " \t\r\n":
            index += 1
            continue
        skip = _skip(text, index)
        if skip is not None:
            index = skip
            continue
        if depth == 0 and expect_binding and (binding := _BINDING.match(text, index)):
            value_start = binding.end()
            while value_start < len(text) and text[value_start] in " \t\r\n":
                value_start += 1
            plain = _plain_string(text, value_start)
            attributes[binding[1]] = (plain, value_start + 1)
            index = binding.end()
            expect_binding = False
            continue
        if char in "{[(":
            depth += 1
        elif char in "}])":
            if depth == 0:
                return attributes
            depth -= 1
        elif char == ";" and depth == 0:
            expect_binding = True
        elif depth == 0 and expect_binding:
            expect_binding = False  # (``inherit …;``: the caller's names)
        index += 1
    return None


def _plain_string(text: str, start: int) -> str | None:
    """The string literal at ``start`` when it is plain (no interpolation) and the binding
    ends after it; else ``None``."""
    if not text.startswith('"', start):
        return None
    end = start + 1
    while end < len(text) and text[end] != '"':
        if text[end] == "\\" or text.startswith("${", end):
            return None  # (an escape or an interpolation: not read)
        end += 1
    rest = text[end + 1 : end + 64].lstrip()
    return text[start + 1 : end] if end < len(text) and rest.startswith(";") else None


def _skip(text: str, index: int) -> int | None:
    """The end of the string or comment that starts at ``index``, or ``None``."""
    if text[index] == "#":
        end = text.find("\n", index)
        return len(text) if end < 0 else end
    if text.startswith("/*", index):
        end = text.find("*/", index + 2)
        return len(text) if end < 0 else end + 2
    if text[index] == '"':
        return _string_end(text, index + 1, '"')
    if text.startswith("''", index):
        return _string_end(text, index + 2, "''")
    return None


def _string_end(text: str, index: int, close: str) -> int:
    """The index after the string whose text starts at ``index`` (``${…}`` nested)."""
    while index < len(text):
        if close == '"' and text[index] == "\\":
            index += 2
        elif close == "''" and text.startswith("''", index) and text[index + 2 : index + 3] in (
            "$", "'", "\\"
        ):  # fmt: skip
            index += 3  # (''$, ''' and ''\: escapes in an indented string)
        elif text.startswith(close, index):
            return index + len(close)
        elif text.startswith("${", index):
            index = _interpolation_end(text, index + 2)
        else:
            index += 1
    return len(text)


def _interpolation_end(text: str, index: int) -> int:
    """The index after the ``}`` that closes an interpolation whose body starts at ``index``."""
    depth = 0
    while index < len(text):
        skip = _skip(text, index)
        if skip is not None:
            index = skip
            continue
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            if depth == 0:
                return index + 1
            depth -= 1
        index += 1
    return len(text)


def _skipped_spans(text: str) -> list[tuple[int, int]]:
    """The spans of the file's strings and comments (a call named in one is none)."""
    spans = []
    index = 0
    while index < len(text):
        if text[index] in "#/\"'":
            skip = _skip(text, index)
            if skip is not None:
                spans.append((index, skip))
                index = max(skip, index + 1)
                continue
        index += 1
    return spans


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    """Whether ``position`` lies in one of the ``spans`` (sorted, disjoint)."""
    import bisect

    at = bisect.bisect_right(spans, (position, 1 << 62)) - 1
    return at >= 0 and spans[at][0] <= position < spans[at][1]

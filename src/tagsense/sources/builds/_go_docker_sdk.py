"""The images a Go program or test pulls through the Docker Engine's Go SDK.

A Go source that imports the Engine's client (``github.com/docker/docker/client``, or
``github.com/moby/moby/client`` since the split) pulls an image with ``cli.ImagePull(ctx, REF,
OPTIONS)``: the Engine API's ``POST /images/create``. SagerNet/sing-box's ``test/clash_test.go``
pulls each of its ``allImages``, a slice of the package's constants, before its tests run
their servers. The ``REF`` is read when the source settles it (``._go_source``): a literal, a
constant, a local assigned once, ``+`` and ``fmt.Sprintf`` of such values, each element of a
table a loop goes over (the function's, or one the file declares at its top level). Each image
is an :class:`~tagsense.sources.Occurrence` of kind ``"docker-sdk"`` (``tool`` ``docker-go``,
``call`` ``ImagePull``) at its literal when the file writes it alone, else at the argument.
A ``ContainerCreate`` pulls nothing (the Engine answers "No such image"), and is not read.
A source of a package whose client is a field declared elsewhere imports only the API's types
(``github.com/docker/docker/api/types/image``), and is read the same way.

A function or method of the package whose ``ImagePull`` is given an image made of its
parameters is a wrapper (:func:`pull_helpers`): each call of it whose arguments the caller
settles pulls the image they make, reported where the value is written (``helper`` its
name): hatchet-dev/hatchet's CLI pulls ``postgres:17`` with ``d.pullImageWithPolicy(ctx,
imageName, opts.pullPolicy)``, ``imageName := "postgres:17"``. One level: a wrapper's own
callers' parameters are not followed.

A source that imports the Container Runtime Interface's API (``k8s.io/cri-api/pkg/apis/
runtime/v1``) pulls into a node's runtime with ``PullImage(ctx,
&runtimeapi.PullImageRequest{Image: &runtimeapi.ImageSpec{Image: REF}})``: the ``Image`` of
each ``ImageSpec`` written in a ``PullImageRequest`` is read the same way (``tool`` ``cri``,
``call`` ``PullImageRequest``): spegel-org/spegel's containerd test pulls
``ghcr.io/spegel-org/spegel:v0.7.4`` so.
"""

from __future__ import annotations

from ..._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence

    from ...occurrence import Occurrence
    from ._go_source import GoFile, Value

__all__ = ["CRI", "MARKERS", "pull_helpers", "sdk_pulls", "uses_the_sdk"]

#: The import paths of the Engine's Go client, and the start of those of its API's types (a
#: source of the client's package that calls ``d.apiClient.ImagePull(ctx, REF,
#: image.PullOptions{})`` imports only these: hatchet-dev/hatchet's CLI driver).
MARKERS = (
    '"github.com/docker/docker/client"',
    '"github.com/moby/moby/client"',
    '"github.com/docker/docker/api/types',
    '"github.com/moby/moby/api/types',
)
#: The import path of the CRI's API (its ``PullImageRequest``).
CRI = '"k8s.io/cri-api/pkg/apis/runtime/v1'


def uses_the_sdk(text: str) -> bool:
    """Whether a Go source imports the Engine's client and calls ``ImagePull``, or imports
    the CRI's API and makes a ``PullImageRequest``."""
    if "PullImageRequest" in text and CRI in text:
        return True
    return "ImagePull" in text and any(marker in text for marker in MARKERS)


def sdk_pulls(
    file: GoFile, known: Mapping[str, Value], package: Sequence[GoFile] = ()
) -> list[Occurrence]:
    """The images the ``ImagePull`` calls and the CRI pull requests of ``file`` pull (``known``
    the package's values), and the calls of the package's pull wrappers (``package`` its
    files: :func:`pull_helpers`) in ``file``, and, for the first of the package's files that
    pull (by path), in those that do not (no reader reads them: a wrapper's caller that never
    names ``ImagePull``), reported in those files."""
    from ..._offsets import line_column
    from ...occurrence import Occurrence
    from ._go_source import arguments, enclosing, keyed, resolve_all

    code, text = file.code, file.text
    found: dict[tuple[str, str | None, int], Occurrence] = {}
    wrappers = pull_helpers(package or (file,), known)
    callers = [file]
    if wrappers and package:
        pulling = sorted(other.path or "" for other in package if uses_the_sdk(other.text))
        if pulling and pulling[0] == file.path:
            callers += [other for other in package if not uses_the_sdk(other.text)]
    for caller in callers:
        for key, occurrence in _wrapper_pulls(caller, known, wrappers):
            found.setdefault(key, occurrence)
    calls: list[tuple[str, str, str, int, int]] = []
    if any(marker in text for marker in MARKERS):
        for match in _IMAGE_PULL.finditer(code):
            args = arguments(code, match.end() - 1)
            if len(args) >= 2:
                calls.append(("docker-go", "ImagePull", *args[1], match.start()))
    if CRI in text:
        for match in _CRI_SPEC.finditer(code):
            for field, given, offset in keyed(code, match.end() - 1):
                if field == "Image":
                    calls.append(("cri", "PullImageRequest", given, offset, match.start()))
    for tool, call, argument, at, where in calls:
        scope = enclosing(file, where)
        for value in resolve_all(file, argument, at, scope, known):
            name = value.text
            if not name or any(char.isspace() for char in name):
                continue
            key = (name, value.path, value.quote)
            if key in found:
                continue
            if value.path == file.path and value.plain:
                line, column = line_column(text, value.quote + 1)
                raw = name
            else:
                raw = argument.strip()
                line, column = line_column(text, at + len(argument) - len(argument.lstrip()))
            found[key] = Occurrence.of_text(
                path=file.path,
                line=line,
                column=column,
                kind="docker-sdk",
                raw=raw,
                text=name,
                context={"tool": tool, "call": call},
            )
    return sorted(
        found.values(),
        key=lambda occurrence: (occurrence.path or "", occurrence.line, occurrence.column),
    )


def _wrapper_pulls(
    file: GoFile, known: Mapping[str, Value], wrappers: Mapping[str, str]
) -> Iterator[tuple[tuple[str, str | None, int], Occurrence]]:
    """The images the calls of ``wrappers`` in ``file`` pull, each with its key (the image,
    where its value is written)."""
    from ..._offsets import line_column
    from ...occurrence import Occurrence
    from ._go_image_helpers import helper_calls

    text = file.text
    seen: set[tuple[str, str | None, int]] = set()
    for helper, written, name, (raw, at) in helper_calls(file, known, wrappers):
        key = (name, written.path, written.quote)
        if not name or any(char.isspace() for char in name) or key in seen:
            continue
        seen.add(key)
        if written.path == file.path:
            line, column = line_column(text, written.quote + 1)
            end = text.find(text[written.quote], written.quote + 1)
            raw = text[written.quote + 1 : end if end >= 0 else len(text)]
        else:
            line, column = line_column(text, at)
        context = {"tool": "docker-go", "call": "ImagePull", "helper": helper.lstrip(".")}
        yield key, Occurrence.of_text(
            path=file.path, line=line, column=column, kind="docker-sdk", raw=raw, text=name,
            context=context,
        )  # fmt: skip


def pull_helpers(package: Sequence[GoFile], known: Mapping[str, Value]) -> dict[str, str]:
    """The package's own functions and methods that pull an image made of their parameters
    with ``ImagePull`` (hatchet-dev/hatchet's CLI: ``func (d *DockerDriver)
    pullImageWithPolicy(ctx, imageName string, …)`` calls ``d.apiClient.ImagePull(ctx,
    imageName, …)``): name (``.NAME`` for a method) → the image's template (see
    ``._go_image_helpers``), read at each call with the caller's arguments, one level."""
    from ._go_image_helpers import parameter_templates
    from ._go_source import arguments

    found: dict[str, str] = {}
    for file in package:
        if "ImagePull" not in file.code or not any(marker in file.text for marker in MARKERS):
            continue
        for scope in file.functions:
            images = []
            for match in _IMAGE_PULL.finditer(file.code, scope[0], scope[1]):
                args = arguments(file.code, match.end() - 1)
                if len(args) >= 2:
                    images.append(args[1])
            for name, template in parameter_templates(file, scope, images, known, methods=True):
                found.setdefault(name, template)
    return found


#: ``X.ImagePull(`` (a client's method; not the interface's declaration ``ImagePull(ctx …``).
_IMAGE_PULL = lazy_pattern(r"(?<=[\w)\]])\s*\.\s*ImagePull\s*\(")


#: ``PullImageRequest{Image: &QUALIFIER.ImageSpec{`` (up to the spec's brace).
_CRI_SPEC = lazy_pattern(
    r"\bPullImageRequest\s*\{\s*Image\s*:\s*&?\s*(?:[A-Za-z_]\w*\s*\.\s*)?ImageSpec\s*\{"
)

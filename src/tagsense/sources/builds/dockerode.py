"""dockerode: the images a JavaScript or TypeScript source pulls or runs through Docker's API.

`dockerode <https://github.com/apocas/dockerode>`_ drives the Docker Engine from Node.js, and
a project's integration tests start their databases with it (drizzle-team/drizzle-orm's start
32 so: ``await docker.pull(image)``, then ``docker.createContainer({ Image: image, … })``). A
source that imports ``dockerode`` is read (:mod:`.node`) for these calls on a client the file
makes (``docker = new Docker()``, ``this.docker = new Docker({…})``, ``Docker`` being the name
it imports), given the image as a string literal or a constant the file declares once, and
only these:

* ``….pull("IMAGE")``: the image pulled (a name without a tag is ``latest``, as dockerode
  puts it on);
* ``….createContainer({ Image: "IMAGE", … })`` and ``….run("IMAGE", …)``: the image the
  container is made from (the Engine's, so pulled before).

Each image is an :class:`~tagsense.sources.Occurrence` of kind ``"docker-sdk"`` (that of the
Python SDKs') at its literal, with ``context`` ``tool`` (``dockerode``) and ``call`` (the
method). A name made at run time, or a client given by another file, is not read.
"""

from __future__ import annotations

from ..._lazy import once
from ._node_source import LITERAL, NAME, argument, import_pattern, imports, occurrence

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

    from ...occurrence import Occurrence
    from ._node_source import Written

__all__ = ["KIND", "PACKAGES", "TOOL", "client_images"]

#: The ``kind`` of the occurrences (that of the Docker SDKs for Python's too).
KIND = "docker-sdk"
#: The tool named in their context.
TOOL = "dockerode"
#: The library's package.
PACKAGES = "dockerode"


def client_images(
    text: str, code: str, path: str | None, known: dict[str, Written]
) -> list[Occurrence]:
    """The images the dockerode clients of the source ``text`` (``code``: without its
    comments) pull or make containers from; ``known``: its constants."""
    named, whole = imports(code, _imports())
    classes = set(whole) | {local for local, exported in named.items() if exported == "default"}
    if not classes:
        return []
    clients = {
        name.replace(" ", "")
        for match in _clients().finditer(code)
        if match["cls"] in classes
        for name in (match["client"], match["inner"])
        if name is not None
    }
    found: list[Occurrence] = []
    seen: set[Written] = set()
    for match in _calls().finditer(code):
        if match["receiver"].replace(" ", "") not in clients:
            continue
        call = match["call"] or match["call2"]
        written = argument(match, known, "" if match["call"] else "c")
        if written is None or not written[0] or written in seen:
            continue  # (a constant's image is reported once, where it is written)
        seen.add(written)
        context: dict[str, object] = {"tool": TOOL, "call": call}
        found.append(occurrence(text, path, written, KIND, context))
    return found


@once
def _clients() -> re.Pattern[str]:
    """``NAME = new CLASS(``, ``this.NAME = new CLASS(`` (declared or assigned), and both
    names of ``a = (b = new CLASS(``."""
    import re

    client = rf"(?:this\s*\.\s*)?{NAME}"
    return re.compile(
        rf"(?P<client>{client})\s*(?::\s*{NAME}\s*)?=\s*"
        rf"(?:\(\s*(?P<inner>{client})\s*=\s*)?new\s+(?P<cls>{NAME})\s*\("
    )


@once
def _calls() -> re.Pattern[str]:
    """``CLIENT.pull(X``, ``CLIENT.run(X,``, ``CLIENT.createContainer({ …, Image: X``."""
    import re

    value = rf"(?:(?P<lit>{LITERAL})|(?P<id>{NAME}))"
    image = value.replace("P<", "P<c")  # (the same, in groups of its own)
    return re.compile(
        rf"(?P<receiver>(?:this\s*\.\s*)?{NAME})\s*\.\s*"
        rf"(?:(?P<call>pull|run)\s*\(\s*{value}\s*[,)]"
        rf"|(?P<call2>createContainer)\s*\(\s*\{{[^{{}}]*?\bImage\s*:\s*{image}"
        r"\s*[,}])"
    )


@once
def _imports() -> re.Pattern[str]:
    """How a source imports the library's packages."""
    return import_pattern(PACKAGES)

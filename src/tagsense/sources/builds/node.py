"""JavaScript and TypeScript sources: the images the libraries they import start and pull.

A source that imports testcontainers-node (:mod:`.testcontainers_node`) or dockerode
(:mod:`.dockerode`) is read, never run, for the images those libraries' calls are given, and
only those; one that imports an infrastructure-as-code SDK (Pulumi, AWS CDK, cdk8s, CDK for
Terraform: :mod:`.iac_node`) for the images of the containers its resources declare, and
one that imports Dagger's SDK (:mod:`.dagger`) for those its pipeline's containers start from,
and one that runs the engine through ``child_process``, execa or zx (:mod:`.node_commands`)
for the images its commands pull (a script's, in a directory of scripts). Only
the sources of a package that depends on one are looked at (see :func:`~..discover.discover`);
a ``.d.ts`` declares types only. The reader never raises.
"""

from __future__ import annotations

import os

from ..discover import PACKAGE_JSON
from ._common import MAX_BYTES, read_scanned
from .iac_node import MARKERS as IAC_MARKERS
from .iac_node import PACKAGE_NAMES as IAC_PACKAGE_NAMES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ...occurrence import Scan
    from ..project import BuildFile

__all__ = [
    "MARKERS",
    "PACKAGE_NAMES",
    "depends_on_libraries",
    "read_node_source",
    "scan_node_source",
]

#: What a source that imports one of the libraries says (a quick look before any reading: a
#: project's own package named ``@acme/testcontainers`` is not the library).
MARKERS = (
    '"testcontainers"',
    "'testcontainers'",
    "@testcontainers/",
    '"dockerode"',
    "'dockerode'",
    '"@dagger.io/dagger"',
    "'@dagger.io/dagger'",
    *(marker for marker, _tool in IAC_MARKERS),
)

#: The names of the libraries' packages as a ``package.json`` writes them (a dependency's
#: name: not ``@acme/testcontainers``).
PACKAGE_NAMES = (
    b'"testcontainers"',
    b'"@testcontainers/',
    b'"dockerode"',
    b'"@dagger.io/dagger"',
    *IAC_PACKAGE_NAMES,
)


def read_node_source(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images the source at ``path`` has its libraries start or pull, when its package
    depends on one (never raises): named alone, a source means what it means in a scan."""
    from ..project import BuildFile

    if not depends_on_libraries(path) and not _runs_engine(path, max_bytes):
        return BuildFile(path=path)
    return read_scanned(path, max_bytes, scan_node_source)


def _runs_engine(path: str, max_bytes: int) -> bool:
    """Whether the source may run the engine through ``child_process`` (a quick look, see
    ``.node_commands``): Node's own module, which no ``package.json`` names."""
    from .node_commands import names_engine_command

    try:
        with open(path, "rb") as handle:
            return names_engine_command(handle.read(max_bytes))
    except OSError:
        return False


def depends_on_libraries(path: str) -> bool:
    """Whether a ``package.json`` in the directory of ``path`` or one above it (up to the top
    of its repository) names testcontainers-node or dockerode: its package's, or a
    workspace's above it, whose dependencies its packages share."""
    directory = os.path.dirname(os.path.abspath(path))
    while True:
        manifest = os.path.join(directory, PACKAGE_JSON)
        try:
            with open(manifest, "rb") as handle:
                head = handle.read(1024 * 1024)
        except OSError:
            head = b""
        if any(name in head for name in PACKAGE_NAMES):
            return True
        parent = os.path.dirname(directory)
        if parent == directory or os.path.exists(os.path.join(directory, ".git")):
            return False
        directory = parent


def scan_node_source(text: str, *, path: str | None = None) -> Scan:
    """:func:`read_node_source` of a file's text."""
    from ...occurrence import Scan
    from ._node_source import _tokens, constants, without_comments
    from ._source_code import comment_suppressions
    from .dagger import node_container_images
    from .dockerode import client_images
    from .iac_node import resource_images
    from .node_commands import command_images, names_engine_command
    from .testcontainers_node import started_images

    commands = names_engine_command(text.encode(errors="replace"))
    if not commands and not any(marker in text for marker in MARKERS):
        return Scan()
    code = without_comments(text)
    known = constants(code)
    found = [
        *started_images(text, code, path, known),
        *client_images(text, code, path, known),
        *resource_images(text, code, path, known),
        *node_container_images(text, code, path, known),
    ]
    if commands:  # (the engine commands it runs through child_process: .node_commands)
        found += command_images(text, code, path, known)
    found.sort(key=lambda occurrence: (occurrence.line, occurrence.column))
    return Scan(found, (), comment_suppressions(text, _tokens(), path))

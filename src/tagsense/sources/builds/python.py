"""Python sources: the images their tests and programs start through Python libraries.

A Python source is read when it imports one of the libraries that start containers from
Python (a quick look for :data:`MARKERS` first; see ``..discover``), and parsed once with
:mod:`ast`, never run:

- testcontainers-python's containers that the source starts (``.testcontainers_python``);
- the images the Docker SDKs, docker-py and python-on-whales, pull or run (``.docker_sdk``);
- the images code sandboxes' SDKs start from: SWE-ReX's deployments, E2B's templates,
  Modal's images, llm-sandbox's sessions (``.sandbox_sdks``);
- the images a JupyterHub configuration's spawners start users' servers from
  (``c.DockerSpawner.image``: ``.jupyterhub_config``);
- the images a Tutor plugin's settings name for the services it adds
  (``"DOCKER_IMAGE": "docker.io/minio/minio:…"``: ``.tutor_plugin``);
- the images a Dagger module's or program's containers start from
  (``dag.container().from_(IMAGE)``: ``.dagger``);
- the engine commands it writes as lists of words, for ``subprocess`` or a helper of its own
  (``["podman", "build", "-t", NAME, "."]``): the images they run or pull, and the names they
  build or tag, which are the project's own images (``.python_commands``).

Sources under a ``docs`` or ``doc`` directory are examples, and discovery leaves them out. The
reader never raises: a source Python 3 cannot parse gives nothing.
"""

from __future__ import annotations

from ...occurrence import Scan
from ._common import MAX_BYTES, read_built
from .iac_python import IMPORTS as IAC_IMPORTS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ...occurrence import Suppression
    from ..project import BuildFile
    from ._shell_values import ShellBuild

__all__ = ["MARKERS", "read_python_source", "scan_python_source"]

#: What a source that imports one of the libraries says.
MARKERS = (
    "testcontainer",  # (testcontainers, and python-wiremock's wiremock.testing.testcontainer)
    "docker",
    "python_on_whales",
    "podman",
    "Spawner.",
    "swerex",
    "e2b",
    "modal",
    "llm_sandbox",
    "dagger",
    "DOCKER_IMAGE",  # (a Tutor plugin's settings: see .tutor_plugin)
    *(marker for marker, _tool in IAC_IMPORTS),
)


#: What a source that imports Dagger's SDK says (see ``.dagger``).
DAGGER_MARKERS = ("import dagger", "from dagger")
#: What a source that imports a code sandbox's SDK says (see ``.sandbox_sdks``).
_SANDBOX_MARKERS = ("swerex", "e2b", "modal", "llm_sandbox")


def read_python_source(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images the Python source at ``path`` has its libraries pull, and those its engine
    commands build (never raises)."""
    return read_built(path, max_bytes, _build_file)


def _build_file(text: str, *, path: str) -> BuildFile:
    from ..project import BuildFile

    scan, builds = _reading(text, path)
    inputs = _ci_inputs(text, path)
    if not builds:
        return BuildFile(scan=scan, path=path, inputs=inputs)
    from .python_commands import TOOL
    from .shell import built_by

    made = built_by(builds, TOOL, path)
    return BuildFile(made.builds, made.built, scan, path=path, inputs=inputs)


def _ci_inputs(text: str, path: str) -> dict[str, tuple[int, int] | None]:
    """The files a Testcontainers image read from the environment takes the CI's values
    from (see ``.testcontainers_python``), when the source may have one."""
    if "testcontainers" not in text or ("environ" not in text and "getenv" not in text):
        return {}
    from .._context_cache import stat_of
    from .._python_tests_ci import depends_on

    return {file: stat_of(file) for file in depends_on(path)}


def scan_python_source(text: str, *, path: str | None = None) -> Scan:
    """:func:`read_python_source` of a source's text."""
    return _reading(text, path)[0]


def _reading(text: str, path: str | None) -> tuple[Scan, list[ShellBuild]]:
    if not any(marker in text for marker in MARKERS):
        return Scan(), []
    import ast

    from ._python_source import parsed

    tree = parsed(text)
    if tree is None:
        return Scan(), []  # (not Python 3, or not Python: no test of this project runs it)
    from .docker_sdk import sdk_images
    from .iac_python import resource_images
    from .jupyterhub_config import MARKER, spawner_images
    from .python_commands import TOOL, command_reading
    from .shell import pulls_scan
    from .testcontainers_python import started_images
    from .tutor_plugin import MARKERS as TUTOR_MARKERS
    from .tutor_plugin import setting_images

    lines = text.splitlines()
    try:
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        found = [
            *started_images(tree, lines, path, parents),
            *sdk_images(tree, lines, path, parents),
            *resource_images(tree, text, lines, path, parents),
        ]
        if any(marker in text for marker in _SANDBOX_MARKERS):
            from .sandbox_sdks import sandbox_images

            found += sandbox_images(tree, lines, path, parents)
        if MARKER in text:
            found += spawner_images(tree, lines, path)
        if all(marker in text for marker in TUTOR_MARKERS):
            found += setting_images(tree, lines, path)
        if any(marker in text for marker in DAGGER_MARKERS):
            from .dagger import python_container_images

            found += python_container_images(tree, lines, path, parents)  # (see .dagger)
        pulls, builds = command_reading(tree, lines, path, parents)
    except RecursionError:  # pragma: no cover - only for absurdly deep expressions
        return Scan(), []
    if pulls:
        found += pulls_scan(path, lines, TOOL, ((pull, {}) for pull in pulls)).occurrences
    found.sort(key=lambda occurrence: (occurrence.line, occurrence.column))
    return Scan(found, (), _suppressions(text, path)), builds


def _suppressions(text: str, path: str | None) -> list[Suppression]:
    """The suppression directives of a source's ``#`` comments, as Python's tokenizer finds
    them (a ``#`` in a string is none)."""
    if "tagsense" not in text.lower():
        return []
    import io
    import tokenize

    from ...occurrence import suppressions_in_comment

    found: list[Suppression] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT and "tagsense" in token.string.lower():
                line, column = token.start
                found.extend(
                    suppressions_in_comment(token.string, path=path, line=line, column=column + 1)
                )
    except (tokenize.TokenError, SyntaxError):
        return found  # (the comments before it: the file parsed, so there are none after)
    return found

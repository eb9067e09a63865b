"""Dev Container Features' test scenarios: the image each scenario of a ``scenarios.json``
starts, or the Dockerfile it builds.

``devcontainer features test`` (the `Dev Container CLI
<https://github.com/devcontainers/cli/blob/main/docs/features/test.md>`_) runs a Feature
collection's tests: ``test/<feature>/scenarios.json`` (and ``test/_global/scenarios.json``)
maps each scenario's name to a ``devcontainer.json``, which the CLI writes into a temporary
project's ``.devcontainer/`` with the files of ``test/<feature>/<scenario>/`` beside it, and
builds and starts. So each scenario (an object with the ``features`` it tests; any other
member, and any other JSON file of that name, gives nothing) is read as a devcontainer.json
(:mod:`.devcontainer`) whose folder is ``test/<feature>/<scenario>/``: its ``image`` is a
pull (kind ``devcontainer``, field ``image``; devcontainers/features' ``ubuntu:noble``,
``mcr.microsoft.com/devcontainers/base:jammy``…), its ``build.dockerfile`` a build of the
Dockerfile in the scenario's folder. The ``--base-image`` of the tests it generates without a
scenario is a command's (``ubuntu:focal`` unless given). No reader error but the file's own
(not JSONC) and the scenarios' fields'.
"""

from __future__ import annotations

import os

from ...occurrence import Scan
from .._jsonc import get, members
from ..project import BuildFile
from .devcontainer import _Reader, parse_config

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["SCENARIOS_FILE_NAME", "scan_feature_scenarios"]

#: The file of a Feature's scenarios (in ``test/<feature>/``, or ``test/_global/``).
SCENARIOS_FILE_NAME = "scenarios.json"


def scan_feature_scenarios(
    text: str, *, path: str | None = None, env: Mapping[str, str] | None = None
) -> BuildFile:
    """What the scenarios of the ``scenarios.json`` at ``path`` (its text) start and build.

    >>> found = scan_feature_scenarios(
    ...     '{"noble": {"image": "ubuntu:noble", "features": {"go": {}}},'
    ...     ' "custom": {"build": {"dockerfile": "Dockerfile"}, "features": {"go": {}}}}',
    ...     path="/c/test/go/scenarios.json")
    >>> [o.text for o in found.scan], [b.dockerfile for b in found.builds]
    (['ubuntu:noble'], ['/c/test/go/custom/Dockerfile'])
    """
    config, suppressions, errors = parse_config(text, path)
    folder = os.path.dirname(path) if path else ""
    occurrences = []
    builds = []
    for name, _, scenario in members(config):
        if get(scenario, "features") is None:
            continue  # (every scenario tests Features: another file of this name is no test's)
        reader = _Reader(path, env or {})
        reader.base, reader.name = os.path.join(folder, name), name
        reader.read(scenario)
        occurrences.extend(reader.occurrences)
        builds.extend(reader.builds)
        errors.extend(reader.errors)
    return BuildFile(builds, (), Scan(occurrences, errors, suppressions), path=path)

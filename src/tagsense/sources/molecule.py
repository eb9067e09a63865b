"""Molecule scenarios: the images ``molecule test`` starts its instances from.

A scenario is ``molecule/NAME/molecule.yml`` (in a role or a collection). With the ``docker``
or ``podman`` driver (molecule-plugins; also when the file names none), each of its
``platforms`` is a container of ``image``: pulled as it is (``pre_build_image: true``) or as
the base of the image Molecule builds for it — pulled either way (kind ``molecule``, context
``platform``, ``field``). Molecule interpolates the file from the environment as compose does:
``${NAME:-default}`` and ``${NAME-default}`` are their default here, a ``$NAME`` without one
is the run's (unresolved, by name), ``$$`` is a ``$``. A variable that the project's GitHub
workflows give the scenario's ``molecule test`` (``MOLECULE_DISTRO: ${{ matrix.distro }}``)
takes each of those values too (see ``_molecule_ci``). Other drivers (``delegated``,
``vagrant``, ``ec2``) start no container.
"""

from __future__ import annotations

import os

from .._lazy import lazy_pattern
from ..occurrence import Occurrence, Scan
from ._molecule_ci import ci_environments
from ._yaml import get, load_yaml, scalar, sequence, value_position

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

__all__ = ["KIND", "is_molecule_scenario", "scan_molecule"]

KIND = "molecule"

_CONTAINER_DRIVERS = frozenset({"docker", "podman"})
_VARIABLE = lazy_pattern(
    r"\$(?:\$|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?::?-(?P<default>[^}]*))?\}"
    r"|(?P<plain>[A-Za-z_][A-Za-z0-9_]*))"
)


def is_molecule_scenario(path: str) -> bool:
    """``…/molecule/NAME/molecule.yml``: a Molecule scenario's configuration."""
    scenario = os.path.dirname(os.path.abspath(path))
    return (
        os.path.basename(path) in ("molecule.yml", "molecule.yaml")
        and os.path.basename(os.path.dirname(scenario)) == "molecule"
    )


def scan_molecule(text: str, path: str | None = None) -> Scan:
    """The images a scenario's platforms start from. Never raises."""
    loaded = load_yaml(text, path=path)
    occurrences: list[Occurrence] = []
    ci: list[dict[str, str]] | None = None
    for document in loaded.documents:
        driver = scalar(get(get(document, "driver"), "name"))
        if driver is not None and driver not in _CONTAINER_DRIVERS:
            continue
        for platform in sequence(get(document, "platforms")):
            image = get(platform, "image")
            written = scalar(image)
            if image is None or not written:
                continue
            if ci is None:
                ci = ci_environments(path) if path is not None and "$" in text else []
            line, column = value_position(image)
            context: dict[str, object] = {"field": "platforms.image"}
            name = scalar(get(platform, "name"))
            if name:
                context["platform"] = name
            for env in _environments(written, ci):
                text_, unresolved = _interpolated(written, env)
                occurrences.append(
                    Occurrence.of_text(
                        path=path, line=line, column=column, kind=KIND, raw=written,
                        text=written if unresolved else text_, unresolved=unresolved,
                        context={**context, "env": env} if env else context,
                    )
                )  # fmt: skip
    return Scan(occurrences, loaded.errors, loaded.suppressions)


def _environments(written: str, ci: list[dict[str, str]]) -> list[dict[str, str]]:
    """The environments an image is read in: none (its defaults) unless that leaves it
    unresolved while the CI gives a value, then each environment the CI gives (only the
    variables the image names)."""
    names = {
        name for match in _VARIABLE.finditer(written) if (name := match["braced"] or match["plain"])
    }
    given: dict[tuple[tuple[str, str], ...], None] = {}
    for env in ci:
        used = tuple(sorted((name, value) for name, value in env.items() if name in names))
        if used:
            given.setdefault(used, None)
    if not given:
        return [{}]
    found: list[dict[str, str]] = [] if _interpolated(written, {})[1] else [{}]
    return found + [dict(env) for env in given][:_MAX_ENVIRONMENTS]


#: At most this many environments an image (a matrix of a few axes stays well below).
_MAX_ENVIRONMENTS = 256


def _interpolated(text: str, env: dict[str, str]) -> tuple[str, tuple[str, ...]]:
    missing: dict[str, None] = {}

    def put(match: re.Match[str]) -> str:
        if match[0] == "$$":
            return "$"
        name = match["braced"] or match["plain"]
        if name in env:
            return env[name]
        if match["default"] is not None:
            return match["default"]
        missing[match["braced"] or match["plain"]] = None
        return match[0]

    return _VARIABLE.sub(put, text), tuple(missing)

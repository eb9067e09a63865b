"""Depot's ephemeral registry: the project's own builds, saved there, never a pull.

Depot builds images on its own builders; a build with ``--save`` (``depot build --save``,
``depot bake --save``, ``depot/build-push-action`` or ``depot/bake-action`` with ``save:
true``) keeps the image in the registry of the Depot project it was built for,
``registry.depot.dev/PROJECT-ID``, tagged with the build's ID, for the jobs after it to pull
(Depot's "ephemeral registry": https://depot.dev/docs/registry/overview). Only the project's
builds are saved there, so an image under ``registry.depot.dev/`` is one the project builds,
judged only for validity, with ``built`` naming the registry (tool ``depot-registry``).
pypi/warehouse's ``build`` job saves its image (``depot.json``: ``{"id":"rltf7cln5v"}``) and
its ``test`` job runs in ``registry.depot.dev/rltf7cln5v:${{ needs.build.outputs.buildId }}``,
the build's ID: the image the job before built, not an unresolved TS011 (survey 31b).

>>> depot_repository("registry.depot.dev/rltf7cln5v:${{ needs.build.outputs.buildId }}")
'registry.depot.dev/rltf7cln5v'
>>> depot_repository("registry.depot.dev/${{ vars.DEPOT_PROJECT }}:${{ steps.b.outputs.build-id }}")
'registry.depot.dev'
>>> depot_repository("ghcr.io/registry.depot.dev/x") is None
True
"""

from __future__ import annotations

from .._lazy import lazy_pattern

__all__ = ["SITE_TOOL", "depot_repository"]

#: The tool a :class:`~tagsense.occurrence.BuildSite` of Depot's registry names.
SITE_TOOL = "depot-registry"

_REGISTRY = "registry.depot.dev"
#: The registry and a project's ID written out (Depot's IDs are lower-case letters and digits).
_PROJECT = lazy_pattern(r"registry\.depot\.dev/([a-z0-9]+)(?=$|[:@])")


def depot_repository(text: str) -> str | None:
    """``registry.depot.dev/PROJECT-ID`` when an image's text (or normalised name) is in
    Depot's registry, ``registry.depot.dev`` when its project is a run's value; else
    ``None``."""
    if not text.startswith(_REGISTRY + "/"):
        return None
    project = _PROJECT.match(text)
    return project.group(0) if project is not None else _REGISTRY

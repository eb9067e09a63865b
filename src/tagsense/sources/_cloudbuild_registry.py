"""Cloud Build's own project registry: images under ``$PROJECT_ID``, the project's, never a pull.

Cloud Build fills ``$PROJECT_ID`` (``${PROJECT_ID}``) with the ID of the Google Cloud project
the build runs in (Cloud Build's "Substituting variable values": a default substitution).
Its Container Registry (``gcr.io/$PROJECT_ID/…``, ``eu.gcr.io``…) and its Artifact
Registry (``LOCATION-docker.pkg.dev/$PROJECT_ID/REPOSITORY/…``) hold what that project's
members and builds push: an image a build's step runs from there is one the project builds
(a step's ``docker build``, kaniko's ``--destination``, a configuration elsewhere in the
repository), judged only for validity, with ``built`` naming the registry (tool
``cloudbuild-registry``), as GitLab's ``$CI_REGISTRY_IMAGE`` (see ``._own_registry``).
googleforgames/open-match's steps run ``gcr.io/$PROJECT_ID/open-match-build``, which its
first step builds with kaniko; agones' and quilkin's run ``us-docker.pkg.dev/$PROJECT_ID/ci/
make-docker`` and ``…/ci/save_cache``, which ``build/ci/build-image/cloudbuild.yaml`` and
``build/build-image/cache/cloudbuild.yaml`` build (survey 34d: 29 unresolved TS011 before).

>>> project_registry("gcr.io/$PROJECT_ID/open-match-build")
'gcr.io/$PROJECT_ID'
>>> project_registry("us-docker.pkg.dev/${PROJECT_ID}/ci/make-docker:latest")
'us-docker.pkg.dev/${PROJECT_ID}'
>>> project_registry("gcr.io/$PROJECT_NAME/app") is None
True
"""

from __future__ import annotations

from .._lazy import lazy_pattern

__all__ = ["SITE_TOOL", "project_registry"]

#: The tool a :class:`~tagsense.occurrence.BuildSite` of the project's registry names.
SITE_TOOL = "cloudbuild-registry"

#: A Container Registry or Artifact Registry host and the build's own project.
_PROJECT = lazy_pattern(
    r"(?:(?:[a-z]+\.)?gcr\.io|[a-z0-9-]+-docker\.pkg\.dev)/\$(?:PROJECT_ID\b|\{PROJECT_ID\})(?=/)"
)


def project_registry(text: str) -> str | None:
    """The registry of the build's own project (``gcr.io/$PROJECT_ID``) an image's text lies
    under, as written; ``None`` for any other text."""
    found = _PROJECT.match(text)
    return found.group(0) if found is not None else None

"""The images that other actions than Docker's build: a step whose inputs name a Dockerfile
and an image.

Projects build with many actions besides ``docker/build-push-action``: published ones
(``redhat-actions/buildah-build``: ``image``, ``tags``, ``containerfiles``;
``mr-smithers-excellent/docker-build-push``: ``registry``, ``image``, ``dockerfile``;
``elgohr/Publish-Docker-Github-Action``: ``name``, ``dockerfile``) and an organisation's own
(makeplane/plane's ``makeplane/actions/build-push``: ``docker-image-owner``,
``docker-image-name``, ``dockerfile-path``). Their inputs are each action's, but they say the
same things in a few ways: a step that names a Dockerfile (an input called ``dockerfile``,
``containerfile``, ``build-file`` …) and an image (``image``, ``image-name``, ``repository``
…, with its ``owner``/``namespace`` and ``registry``, or full names in ``tags``) builds that
image. What it builds is the project's own, not a pull, wherever a compose file or a
manifest names it (plane's ``makeplane/plane-frontend:${APP_RELEASE:-stable}``). An action named
for a Docker build (``ilteoood/docker_buildx``, ``mr-smithers-excellent/docker-build-push``)
builds the context's ``Dockerfile`` when no input names one, as their defaults say: rclone's
``ilteoood/docker_buildx`` step (``imageName: rclone/rclone``) builds ``rclone/rclone``.

An action that makes an image of images built before, an index or a copy under other names
(``kphrx/docker-buildx-imagetools-action``, ``int128/docker-manifest-create-action``,
``akhilerm/tag-push-action``: by its name), makes the images its ``tags`` (or ``dst``) name:
Flagsmith's reusable publishing workflow copies its built images to the names of a
``docker/metadata-action`` step (``flagsmith/flagsmith``).

Only the names are taken: how such an action calls BuildKit (its arguments, its target) is
its own, so the Dockerfile is read as no build of the scan feeds it. A scanner or linter
that reads a Dockerfile and an image (``hadolint``, ``trivy``) builds nothing.
"""

from __future__ import annotations

import re

from ..._lazy import lazy_pattern

__all__ = ["copies_images", "foreign_build_inputs", "may_use_foreign_build"]

#: How an action's inputs name the Dockerfile it builds (keys in normal form, see :func:`_key`).
_DOCKERFILE_KEYS = frozenset(
    {"dockerfile", "dockerfile-path", "docker-file", "dockerfiles", "containerfile",
     "containerfiles", "containerfile-path", "build-file", "dockerfile-name"}
)  # fmt: skip
#: ... the image's own name (or its whole name, when it has a ``/``).
_NAME_KEYS = (
    "image", "image-name", "docker-image-name", "image-repository", "repository", "name",
    "image-to-build", "docker-image", "container-image", "container-image-name",
)  # fmt: skip
#: ... the account or namespace before it.
_OWNER_KEYS = (
    "docker-image-owner", "image-owner", "owner", "namespace", "image-namespace",
    "docker-namespace", "organization", "organisation", "org",
)  # fmt: skip
#: ... the registry.
_REGISTRY_KEYS = ("registry", "docker-registry", "image-registry", "container-registry")
#: ... its tags (a whole name each, when they have a ``/``).
_TAG_KEYS = ("tags", "tag", "image-tag", "image-tags", "docker-image-tag")
#: ... the build's context directory.
_CONTEXT_KEYS = ("context", "build-context", "docker-context", "directory", "path")
#: Actions that make an image of images built before (an index, a copy under other names),
#: by the last part of their name: ``kphrx/docker-buildx-imagetools-action``,
#: ``int128/docker-manifest-create-action``, ``akhilerm/tag-push-action``.
_PUBLISHES = lazy_pattern(r"imagetools|manifest|tag-push|retag|push-tag")
#: ... the inputs that name what they make.
_PUBLISHED_KEYS = ("tags", "dst", "destination", "destinations")
#: Actions named for a Docker build, whose Dockerfile is ``Dockerfile`` unless an input names
#: another (by the last part of their name: ``ilteoood/docker_buildx``,
#: ``mr-smithers-excellent/docker-build-push``; not ``docker/setup-buildx-action``).
_DOCKER_BUILDS = lazy_pattern(r"docker[-_]?buildx|docker[-_]build(?:[-_]push)?(?:[-_]action)?")
#: A ``docker/metadata-action`` step's tags in an input (``${{ steps.meta.outputs.tags }}``):
#: the names of its ``images`` (see ``._actions``).
_METADATA_TAGS = lazy_pattern(r"steps\.[\w-]+\.outputs\.(?:tags|json)")
#: Actions that build a dev container's image from its ``devcontainer.json`` and push it as
#: their ``imageName`` (grpc-gateway's ``devcontainer.yml`` builds the ``build-env`` image
#: its other workflows run in), by their whole name.
_DEVCONTAINER_BUILDS = frozenset({"devcontainers/ci"})
#: Actions that read a Dockerfile and an image to judge them: no build.
_NOT_BUILDS = lazy_pattern(r"scan|lint|scout|trivy|snyk|grype|anchore|sbom|sign|verify|test")


def may_use_foreign_build(text: str) -> bool:
    """Whether a workflow's text may give an action a Dockerfile by one of the names of
    :data:`_DOCKERFILE_KEYS`, or use an action that publishes images (:data:`_PUBLISHES`): a
    quick look, before its steps are read.

    >>> may_use_foreign_build("  with:\\n    dockerfilePath: ./Dockerfile")
    True
    >>> may_use_foreign_build("- uses: int128/docker-manifest-create-action@v2")
    True
    >>> may_use_foreign_build("  with:\\n    file: ./Dockerfile")
    False
    """
    return _MAY_BUILD.search(text) is not None


#: A key of :data:`_DOCKERFILE_KEYS` as a YAML mapping writes it, in any of its forms, or the
#: ``uses:`` of an action of :data:`_PUBLISHES` or :data:`_DOCKER_BUILDS`.
_MAY_BUILD = lazy_pattern(
    r"(?<![\w-])(?:docker[-_]?file|container[-_]?file|build[-_]?file)s?(?:[-_]?(?:path|name))?"
    r"[ \t]*:|uses:[ \t]*['\"]?[\w.-]+/[^@\s]*(?:imagetools|manifest|tag-push|retag|push-tag)"
    r"|uses:[ \t]*['\"]?[\w.-]+/"
    r"(?:docker[-_]?buildx|docker[-_]build(?:[-_]push)?(?:[-_]action)?)@"
    r"|uses:[ \t]*['\"]?devcontainers/ci@",
    re.IGNORECASE,
)


def copies_images(action: str) -> bool:
    """Whether the action (``OWNER/NAME[/PATH]``, lower case) makes its images of images built
    before (an index, a copy under other names) rather than by a build.

    >>> copies_images("akhilerm/tag-push-action"), copies_images("redhat-actions/buildah-build")
    (True, False)
    """
    return (
        _NOT_BUILDS.search(action) is None
        and action not in _DEVCONTAINER_BUILDS
        and _PUBLISHES.search(action.rpartition("/")[2]) is not None
    )


def foreign_build_inputs(action: str, given: dict[str, str]) -> dict[str, str] | None:
    """The step's inputs as ``docker/build-push-action`` names them (``tags``, ``context``),
    when the action (``OWNER/NAME[/PATH]``, lower case) builds an image by what they say;
    ``None`` when it does not (see the module).

    >>> foreign_build_inputs("makeplane/actions/build-push", {"docker-image-owner": "makeplane",
    ...     "docker-image-name": "plane-admin", "dockerfile-path": "./Dockerfile.admin"})
    {'tags': 'makeplane/plane-admin', 'file': './Dockerfile.admin'}
    >>> foreign_build_inputs("redhat-actions/buildah-build", {"image": "app", "tags":
    ...     "latest ${{ github.sha }}", "containerfiles": "./Containerfile"})["tags"]
    'app'
    >>> foreign_build_inputs("x/y", {"registry": "ghcr.io", "image": "acme/app",
    ...     "dockerfile": "Dockerfile", "tags": "ghcr.io/acme/app:1 ghcr.io/acme/app:2"})["tags"]
    'ghcr.io/acme/app:1\\nghcr.io/acme/app:2'
    >>> foreign_build_inputs("kphrx/docker-buildx-imagetools-action", {"sources": "a/b@sha256:0",
    ...     "tags": "${{ steps.meta.outputs.tags }}"})
    {'tags': '${{ steps.meta.outputs.tags }}'}
    >>> foreign_build_inputs("redhat-actions/buildah-build", {"containerfiles": "Dockerfile.ci",
    ...     "tags": "${{ steps.meta_ci.outputs.tags }}"})["tags"]
    '${{ steps.meta_ci.outputs.tags }}'
    >>> foreign_build_inputs("devcontainers/ci", {"imageName": "ghcr.io/acme/dev"})
    {'tags': 'ghcr.io/acme/dev'}
    >>> foreign_build_inputs("hadolint/hadolint-action", {"dockerfile": "Dockerfile"})
    >>> foreign_build_inputs("aquasecurity/trivy-action", {"image": "a", "dockerfile": "b"})
    """
    if _NOT_BUILDS.search(action) is not None:
        return None
    inputs = {_key(key): value.strip() for key, value in given.items()}
    if action in _DEVCONTAINER_BUILDS:
        # (its Dockerfile is the dev container's, read with its devcontainer.json: the name)
        name = inputs.get("image-name", "")
        return {"tags": name} if name else None
    if copies_images(action):
        # (an index or a copy made of images built before: its tags are the project's)
        tags = _first(inputs, _PUBLISHED_KEYS)
        return {"tags": tags} if tags else None
    dockerfile = next((inputs[key] for key in _DOCKERFILE_KEYS if inputs.get(key)), None)
    if dockerfile is None and _DOCKER_BUILDS.fullmatch(action.rpartition("/")[2]) is not None:
        dockerfile = "Dockerfile"  # (the action's default)
    if dockerfile is None:
        return None
    tags = _first(inputs, _TAG_KEYS)
    if tags and ("/" in tags or _METADATA_TAGS.search(tags) is not None):
        # (whole names, as build-push-action's: buildah-build's fully qualified tags, at
        # spaces too, outside the expressions; or a `docker/metadata-action` step's tags,
        # its `images`: zephyrproject-rtos/docker-image's buildah-build steps)
        names = "\n".join(re.findall(r"(?:\$\{\{.*?\}\}|[^\s,])+", tags))
    else:
        name = _first(inputs, _NAME_KEYS)
        if not name:
            return None
        if "/" not in name:
            owner = _first(inputs, _OWNER_KEYS)
            name = f"{owner}/{name}" if owner else name
        registry = _first(inputs, _REGISTRY_KEYS)
        if registry and not name.startswith(registry.rstrip("/") + "/"):
            name = f"{registry.rstrip('/')}/{name}"
        names = name  # (tags alone are the run's: the repository is built whatever its tag)
    mapped = {"tags": names, "file": dockerfile.split("\n")[0].strip()}
    context = _first(inputs, _CONTEXT_KEYS)
    if context:
        mapped["context"] = context
    return mapped


def _key(key: str) -> str:
    """An input's name in one form: ``dockerfilePath``, ``dockerfile_path`` and
    ``Dockerfile-Path`` are ``dockerfile-path``.

    >>> _key("dockerfilePath"), _key("image_name"), _key("IMAGE-TAG")
    ('dockerfile-path', 'image-name', 'image-tag')
    """
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", key)
    return spaced.replace("_", "-").lower()


def _first(inputs: dict[str, str], keys: tuple[str, ...]) -> str:
    """The first of these inputs the step gives a value."""
    return next((inputs[key] for key in keys if inputs.get(key)), "")

"""apko in shell text: the image ``apko build`` or ``apko publish`` makes, without a Dockerfile.

apko (Chainguard's) assembles an image from APK packages as a YAML file describes it:
``apko build [flags] CONFIG TAG OUTPUT.tar`` writes the image, tagged ``TAG``, into a tarball
(which ``docker load`` then loads; an image of several architectures is tagged ``TAG-ARCH``
for each, ``latest-amd64``), and ``apko publish [flags] CONFIG TAG…`` pushes it (apko's
``internal/cli/build.go`` and ``publish.go``). The tag names an image of the project's, as a
build's ``-t`` does: akuity/kargo's Makefile builds its base image so, with apko's own image
as the program (``docker run … cgr.dev/chainguard/apko build kargo-base.apko.yaml
$(BASE_IMAGE) kargo-base.tar.gz``), and its Dockerfile's ``FROM
${BASE_IMAGE}:latest-${TARGETARCH}`` is that image.

apko's options may come before or after its operands and some take no value, so the operands
are found by their shape, not by the options: the configuration is the first word that names
a YAML file, and the tags are the words after it (``build``: the one before the tarball).
"""

from __future__ import annotations

__all__ = ["APKO_IMAGES", "apko_names", "is_apko_image"]

#: The repositories of apko's own images, whose entrypoint is apko.
APKO_IMAGES = frozenset(
    {"cgr.dev/chainguard/apko", "ghcr.io/chainguard-dev/apko", "distroless.dev/apko"}
)
#: The file names a configuration of apko's has.
_CONFIG_SUFFIXES = (".yaml", ".yml")


def apko_names(arguments: list[str]) -> list[str]:
    """The images an ``apko`` command (its words after the program, expanded) makes: the
    tag of ``build``, the tags of ``publish``; none for another command, or when no word
    names the configuration.

    >>> apko_names(["build", "--arch", "amd64", "base.apko.yaml", "acme/base", "out.tar"])
    ['acme/base']
    >>> apko_names(["publish", "base.yaml", "ghcr.io/acme/base:1", "ghcr.io/acme/base:latest"])
    ['ghcr.io/acme/base:1', 'ghcr.io/acme/base:latest']
    >>> apko_names(["show-config", "base.yaml"]), apko_names(["build", "--sbom", "x", "y"])
    ([], [])
    """
    if not arguments or arguments[0] not in ("build", "publish"):
        return []
    words = arguments[1:]
    configs = [index for index, word in enumerate(words) if word.endswith(_CONFIG_SUFFIXES)]
    if not configs:
        return []
    operands = [word for word in words[configs[0] + 1 :] if not word.startswith("-")]
    return operands[:1] if arguments[0] == "build" else operands


def is_apko_image(image: str) -> bool:
    """Whether an image is apko's own (its entrypoint apko), whatever its tag or digest.

    >>> is_apko_image("cgr.dev/chainguard/apko:latest"), is_apko_image("cgr.dev/chainguard/go")
    (True, False)
    """
    name = image.partition("@")[0]
    slash, colon = name.rfind("/"), name.rfind(":")
    return (name[:colon] if colon > slash else name) in APKO_IMAGES

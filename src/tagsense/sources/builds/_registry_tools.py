"""Registry tools in shell text: the images ``crane``, ``skopeo``, ``oras`` and ``regctl`` pull.

These tools fetch an image from its registry without an engine, and projects use them to
download the images their tests load into a cluster (cert-manager's ``make/e2e-setup.mk``:
``$(CRANE) pull $(IMAGE_WITHOUT_DIGEST) $@ --platform=linux/$(CRI_ARCH)``, then ``kind load
image-archive``) or to mirror them. Each command's image, at the place its documentation
gives it:

- ``crane pull IMAGE… TARBALL`` (every operand but the last), ``crane copy SRC DST``
  (``cp``), ``crane export IMAGE TARBALL`` (go-containerregistry, ``cmd/crane/doc``); also
  ``gcrane``, which takes the same commands;
- ``skopeo copy [options] SOURCE DESTINATION``, when the source is a registry's
  (``docker://IMAGE``; another transport, ``docker-archive:``, ``oci:``, is a local file)
  (``skopeo-copy(1)``);
- ``oras pull REF`` and ``oras copy SRC DST`` (``cp``), unless the source is a local OCI
  layout (``--oci-layout``, ``--from-oci-layout``) (oras.land, *oras pull*, *oras cp*);
- ``regctl image copy SRC DST`` (``cp``) and ``regctl image export REF [FILE]``.

All four parse their words with cobra and pflag: options may come anywhere, before or after
the operands, ``--name=value`` and ``--name value`` alike; ``--`` ends the options. An
option not known here (it may take a value) makes the command skipped, as an image a run
decides does: a pull is reported only when its image is known.

A copy's destination is an image the project makes (``crane copy SRC DST``, ``skopeo copy
docker://SRC docker://DST``, ``oras cp SRC DST``, ``regctl image copy SRC DST``), as is what it
pushes (``oras push REF FILE…``, ``crane push TARBALL IMAGE``): spiffe/spire's
``test/integration/suites/k8s-sigstore/00-setup`` copies SPIRE's agent into a registry of its
own as ``docker-registry-local:5001/workload:signed``, which its manifests then run; no one else
publishes that name (:func:`registry_copies`).

The tools' own images run the tool as their entrypoint: ``docker run
gcr.io/go-containerregistry/crane:latest copy SRC DST`` is that ``crane`` command
(:func:`tool_of_image`).

What only resolves or inspects a reference (``crane digest``, ``crane manifest``, ``skopeo
inspect``, ``regctl image digest``) pulls nothing: a script that asks for the digest of
``distroless/static:nonroot`` to pin it (cert-manager's ``hack/latest-base-images.sh``) is
not one that runs the floating tag.
"""

from __future__ import annotations

from ._engine_commands import is_known_image
from ._shell_values import ShellPull

__all__ = ["PROGRAMS", "TOOL_IMAGES", "registry_copies", "registry_pulls", "tool_of_image"]

#: The options each program takes anywhere on its command line (global and command ones),
#: those that take a value and those that take none.
_CRANE_VALUES = frozenset({"--platform", "-c", "--cache_path", "--format", "-j", "--jobs"})
_CRANE_FLAGS = frozenset(
    {"--insecure", "-v", "--verbose", "--allow-nondistributable-artifacts", "-h", "--help",
     "--annotate-ref", "-a", "--all-tags", "-n", "--no-clobber"}
)  # fmt: skip
_SKOPEO_VALUES = frozenset(
    {
        "--command-timeout", "--override-arch", "--override-os", "--override-variant",
        "--policy", "--registries.d", "--registries-conf", "--tmpdir", "--additional-tag",
        "--authfile", "--src-authfile", "--dest-authfile", "--src-cert-dir", "--dest-cert-dir",
        "--src-creds", "--dest-creds", "--src-username", "--src-password", "--dest-username",
        "--dest-password", "--src-registry-token", "--dest-registry-token",
        "--src-shared-blob-dir", "--dest-shared-blob-dir", "--src-daemon-host",
        "--dest-daemon-host", "--dest-compress-format", "--dest-compress-level",
        "--digestfile", "--encrypt-layer", "--encryption-key", "--decryption-key", "-f",
        "--format", "--image-parallel-copies", "--multi-arch", "--retry-times",
        "--retry-delay", "--sign-by", "--sign-by-sigstore", "--sign-by-sigstore-private-key",
        "--sign-passphrase-file", "--sign-identity",
    }
)  # fmt: skip
_SKOPEO_FLAGS = frozenset(
    {
        "--debug", "--insecure-policy", "-h", "--help", "-a", "--all", "-q", "--quiet",
        "--src-no-creds", "--dest-no-creds", "--src-tls-verify", "--dest-tls-verify",
        "--preserve-digests", "--remove-signatures", "--dest-compress", "--dest-decompress",
        "--dest-oci-accept-uncompressed-layers", "--dest-precompute-digests",
    }
)  # fmt: skip
_ORAS_VALUES = frozenset(
    {
        "-o", "--output", "--platform", "-u", "--username", "-p", "--password",
        "--registry-config", "--ca-file", "--cert-file", "--key-file", "--resolve",
        "--concurrency", "--format", "--template", "-a", "--annotation", "--annotation-file",
        "--artifact-type", "--config", "--export-manifest", "--from-username", "--from-password",
        "--to-username", "--to-password", "--from-registry-config", "--to-registry-config",
        "--from-ca-file", "--to-ca-file", "--from-resolve", "--to-resolve",
        "--from-distribution-spec", "--to-distribution-spec", "--distribution-spec",
        "--oci-layout-path", "--from-oci-layout-path", "--to-oci-layout-path",
    }
)  # fmt: skip
_ORAS_FLAGS = frozenset(
    {
        "--plain-http", "--insecure", "-d", "--debug", "-v", "--verbose", "--password-stdin",
        "--identity-token-stdin", "--keep-old-files", "--allow-path-traversal", "-r",
        "--recursive", "--include-subject", "--no-tty", "--from-plain-http", "--to-plain-http",
        "--from-insecure", "--to-insecure", "--to-oci-layout", "-h", "--help",
        "--oci-layout", "--from-oci-layout",
    }
)  # fmt: skip
_REGCTL_VALUES = frozenset(
    {
        "-v", "--verbosity", "--logopt", "--host", "--user-agent", "--platform", "--exclude",
        "--referrers-src", "--referrers-tgt", "--include", "--annotation", "--name",
        "--format",
    }
)  # fmt: skip
_REGCTL_FLAGS = frozenset(
    {
        "-h", "--help", "--digest-tags", "--fast", "--force-recursive", "--include-external",
        "--referrers", "--external", "--force", "--compress",
    }
)  # fmt: skip

#: The programs read here, with their options (values, flags).
PROGRAMS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "crane": (_CRANE_VALUES, _CRANE_FLAGS),
    "gcrane": (_CRANE_VALUES, _CRANE_FLAGS),
    "skopeo": (_SKOPEO_VALUES, _SKOPEO_FLAGS),
    "oras": (_ORAS_VALUES, _ORAS_FLAGS),
    "regctl": (_REGCTL_VALUES, _REGCTL_FLAGS),
}
#: The images that run a registry tool as their entrypoint (their repositories), and the tool:
#: go-containerregistry's ko-built ``crane``/``gcrane``, oras's and regclient's images.
TOOL_IMAGES: dict[str, str] = {
    "gcr.io/go-containerregistry/crane": "crane",
    "gcr.io/go-containerregistry/gcrane": "gcrane",
    "ghcr.io/oras-project/oras": "oras",
    "regclient/regctl": "regctl",
    "ghcr.io/regclient/regctl": "regctl",
}
#: The options that make the source a local directory or file, not a registry's image.
_LOCAL_SOURCE = frozenset({"--oci-layout", "--from-oci-layout"})
#: The transport of a registry's image in skopeo's image names.
DOCKER_TRANSPORT = "docker://"


def registry_pulls(program: str, arguments: list[str], line: int, last: int) -> list[ShellPull]:
    """The images a registry tool's command (``program`` one of :data:`PROGRAMS`, its words
    expanded) pulls from a registry, each at lines ``line`` to ``last``: none when the command
    pulls nothing, an option is not known, or an image is not."""
    operands = _operands(arguments, *PROGRAMS[program])
    if operands is None or not operands:
        return []
    verb, rest = operands[0], operands[1:]
    images: list[str] = []
    lead = ""
    if program in ("crane", "gcrane"):
        if verb == "pull":
            images = rest[:-1]
        elif verb in ("copy", "cp", "export"):
            images = rest[:1]
    elif program == "skopeo":
        if verb == "copy" and rest[:1] and rest[0].startswith(DOCKER_TRANSPORT):
            images, lead = [rest[0][len(DOCKER_TRANSPORT) :]], DOCKER_TRANSPORT
    elif program == "oras":
        if verb in ("pull", "copy", "cp") and not _LOCAL_SOURCE.intersection(arguments):
            images = rest[:1]
    elif verb == "image" and rest[:1] in (["copy"], ["cp"], ["export"]):  # (regctl)
        verb, images = f"image {rest[0]}", rest[1:2]
    return [
        ShellPull(line, last, program, verb, image, lead=lead)
        for image in images
        if image != "-" and is_known_image(image)
    ]


def registry_copies(program: str, arguments: list[str]) -> list[tuple[str | None, str]]:
    """The images (as written) a registry tool's copy or push makes (``program`` one of
    :data:`PROGRAMS`, its words expanded), each with the copy's source (``None`` for a push);
    none for another command, or when an option is not known."""
    operands = _operands(arguments, *PROGRAMS[program])
    if not operands:
        return []
    verb, rest = operands[0], operands[1:]
    if program == "oras" and verb == "push" and rest:
        return [(None, rest[0])]  # (`oras push REF FILE…`: the artifact the project publishes)
    if program in ("crane", "gcrane") and verb == "push" and len(rest) == 2:
        return [(None, rest[1])]  # (`crane push TARBALL IMAGE`)
    if program == "regctl":
        verb, rest = (f"image {rest[0]}", rest[1:]) if verb == "image" and rest else (verb, [])
    if verb not in ("copy", "cp", "image copy", "image cp") or len(rest) != 2:
        return []
    source, destination = rest
    if program == "skopeo":
        if not destination.startswith(DOCKER_TRANSPORT):
            return []  # (to a local file or directory: no registry's image)
        source = source.removeprefix(DOCKER_TRANSPORT)
        destination = destination[len(DOCKER_TRANSPORT) :]
    if program == "oras" and "--to-oci-layout" in arguments:
        return []
    return [(source, destination)]


def tool_of_image(image: str) -> str | None:
    """The registry tool an image runs as its entrypoint (:data:`TOOL_IMAGES`), or ``None``.

    >>> tool_of_image("gcr.io/go-containerregistry/crane:v0.20.2"), tool_of_image("alpine")
    ('crane', None)
    >>> tool_of_image("gcr.io/go-containerregistry/crane:debug@sha256:" + "0" * 64)
    'crane'
    """
    name = image.partition("@")[0]
    slash, colon = name.rfind("/"), name.rfind(":")
    return TOOL_IMAGES.get(name[:colon] if colon > slash else name)


def _operands(
    arguments: list[str], values: frozenset[str], flags: frozenset[str]
) -> list[str] | None:
    """The words of a cobra command that are not options (the command's name first);
    ``None`` when an option is not one of ``values`` or ``flags``."""
    operands: list[str] = []
    index = 0
    while index < len(arguments):
        word = arguments[index]
        index += 1
        if word == "--":
            return [*operands, *arguments[index:]]
        if not word.startswith("-") or word == "-":
            operands.append(word)
            continue
        option, equals, _ = word.partition("=")
        if option in values:
            index += 0 if equals else 1
        elif option not in flags:
            return None
    return operands

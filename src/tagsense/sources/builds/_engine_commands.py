"""One command line of a container engine or tool, read: what ``docker build``,
``docker run``/``pull``, ``buildah from``, ``docker buildx bake``/``imagetools``,
``crictl``/``ctr``, ``kind``/``k3d``, ``ko``, ``apko``, ``faas-cli`` and their like build or
pull, from their words (:func:`engine_command`, :func:`_build`, :func:`pull_command`)."""

from __future__ import annotations

from ..._lazy import lazy_pattern
from ...occurrence import parse_or_error
from ._shell_values import (
    APKO,
    DOLLAR,
    ENGINE,
    ENGINES,
    KUBECTL_PROGRAMS,
    SHELLS,
    UNKNOWN,
    ShellBuild,
    ShellPull,
    name_pattern,
    plain_text,
    repository_path,
    script_directory,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping


__all__ = [
    "ACT_PROGRAM",
    "COPYING_VERBS",
    "DOCKER_TRANSPORT",
    "FROM_ENVIRONMENT",
    "GH_AW_DOWNLOAD",
    "GH_AW_PULL_POLICY",
    "KIND_BUILT_NODE_IMAGE",
    "KO_BASE_VARIABLE",
    "MAKE_PROGRAMS",
    "NAMING_VERBS",
    "act_platform_images",
    "apko_built",
    "bake_command",
    "crictl_pull",
    "ctr_pull",
    "devcontainer_build",
    "devcontainer_features_test",
    "engine_command",
    "engine_of",
    "faas_cli_image",
    "file_option",
    "gh_aw_downloads",
    "interspersed",
    "is_known_image",
    "k3d_node_image",
    "kind_node_build",
    "kind_node_image",
    "known",
    "ko_base",
    "ko_built",
    "kubectl_of",
    "minikube_pull",
    "name_at",
    "only_unknown",
    "pull_command",
    "registry_copied",
    "served_images",
    "skip_options",
    "tool_container",
]


#: The programs that run GNU Make (a script's or a CI step's ``make docker-build IMG=…``).
MAKE_PROGRAMS = frozenset({"make", "gmake"})


def kubectl_of(program: str) -> str | None:
    """``kubectl`` or ``oc`` when a command's first word runs it (``/usr/local/bin/kubectl``,
    ``$(KUBECTL)``, a variable that names it: :func:`unknown_for`)."""
    name = program.rpartition("/")[2].strip(ENGINE)
    return name if name in KUBECTL_PROGRAMS else None


#: Programs that run an engine with its own words: NVIDIA's ``nvidia-docker`` (v1 and the
#: nvidia-docker2 script) runs ``docker`` with the NVIDIA runtime added to ``run`` and
#: ``create``, so ``nvidia-docker run IMAGE`` pulls IMAGE as ``docker run`` does
#: (triton-inference-server's qa scripts, many GPU READMEs and scripts).
_ENGINE_WRAPPERS = {"nvidia-docker": "docker"}


def engine_of(program: str) -> str | None:
    """The engine a command's first word runs (``/usr/bin/docker``, a variable that names one,
    ``nvidia-docker``)."""
    if program.startswith(ENGINE) and program.endswith(ENGINE) and len(program) > 2:
        name = program[1:-1]
        return name if name in ENGINES else None
    name = program.rpartition("/")[2]
    name = _ENGINE_WRAPPERS.get(name, name)
    return name if name in ENGINES else None


#: The engine's options (before its command) that take a value.
_GLOBAL_VALUES = frozenset(
    {
        "-c", "--context", "--config", "-H", "--host", "-l", "--log-level", "--tlscacert",
        "--tlscert", "--tlskey", "--connection", "--url", "--root", "--runroot",
        "--storage-driver", "--storage-opt", "--cgroup-manager", "--events-backend",
        "--identity", "--module", "--runtime", "--tmpdir", "--conmon", "--hooks-dir",
        "--imagestore", "--registries-conf", "--userns-uid-map", "--userns-gid-map",
        "--namespace", "-n", "--address", "-a", "--snapshotter", "--cni-path",
        "--data-root", "--builder", "--registries-conf-dir", "--short-name-alias-conf",
        "--cpu-profile", "--memory-profile", "--default-mounts-file",
    }
)  # fmt: skip
#: The commands that name an image of others, and build no Dockerfile (kind's
#: ``build node-image`` builds one from Kubernetes' sources, ``dotnet publish`` its project;
#: what ``buildx bake`` builds is its files', the project's bake files: only the names its
#: ``--set`` gives count).
NAMING_VERBS = frozenset(
    {"tag", "manifest", "imagetools", "node-image", "copy", "bake", "publish", "image-name",
     "commit", "import", "push", "serve", "goreleaser"}
)  # fmt: skip
#: Of those, the commands whose names are another image's copy, not an image they build (a
#: retag, a push, a mirror, an image a script pulls and serves): no build of the project's.
COPYING_VERBS = frozenset({"tag", "manifest", "imagetools", "copy", "push", "serve"})
#: The node image ``kind build node-image`` builds unless ``--image`` names another (kind's
#: ``pkg/build/nodeimage/defaults.go``, ``DefaultImage``), which ``kind create cluster
#: --image kindest/node:latest`` then runs: kubernetes-sigs/kind's ``hack/ci/e2e-k8s.sh``.
KIND_BUILT_NODE_IMAGE = "kindest/node:latest"
#: The build commands of each engine (after ``buildx``, ``builder`` or ``image``, docker's).
_BUILD_VERBS = {
    "docker": frozenset({"build"}),
    "nerdctl": frozenset({"build"}),
    "podman": frozenset({"build"}),
    "buildah": frozenset({"bud", "build", "build-using-dockerfile"}),
}
#: The engines whose build without a context builds the directory it runs in.
_CWD_CONTEXT = frozenset({"podman", "buildah"})
#: A build's options that take no value (every other option takes one).
_FLAGS = frozenset(
    {
        "--no-cache", "--pull", "--push", "--load", "--quiet", "-q", "--rm", "--force-rm",
        "--compress", "--squash", "--squash-all", "--disable-content-trust", "--check",
        "--layers", "--no-hosts", "--omit-history", "--identity-label", "--disable-compression",
        "--tls-verify", "--stdin", "--all-platforms", "--debug", "--help", "--print",
        "--skip-unused-stages", "--keep-git-dir", "--unsetenv-all", "--ipc-host", "--env-host",
        "--no-cache-filter-all", "--sign-by-sigstore-private-key-fixme",
    }
)  # fmt: skip


#: A registry on the machine itself (``localhost:5000``, ``127.0.0.1:5001``): a cache or a
#: test registry, which publishes nothing.
_LOCAL_REGISTRY = lazy_pattern(r"(?:localhost|127\.0\.0\.1)(?::\d+)?")


def _local_mirror_of(source: str) -> str | None:
    """The name a local registry's image mirrors (``localhost:5000/nginx:1.25``: ``nginx``),
    else ``None``."""
    host, slash, rest = source.partition("/")
    if not slash or _LOCAL_REGISTRY.fullmatch(host) is None:
        return None
    return name_pattern(rest)


def engine_command(engine: str, arguments: list[str], line: int) -> ShellBuild | None:
    """A build or tag command of ``engine`` (its arguments expanded), or ``None``."""
    verbs = _BUILD_VERBS[engine]
    index = skip_options(arguments, 0)
    verb = arguments[index] if index < len(arguments) else ""
    if verb in ("buildx", "builder", "image"):
        group = verb
        index = skip_options(arguments, index + 1)
        verb = arguments[index] if index < len(arguments) else ""
        if group == "buildx" and verb == "b":
            verb = "build"
        if group != "image" and verb == "tag":
            return None
        if group == "buildx" and verb == "imagetools":
            return _imagetools(engine, arguments[index + 1 :], line)
        if group == "buildx" and verb == "bake":
            return bake_command(engine, arguments[index + 1 :], line)
    if engine == "docker" and verb == "bake":
        # (docker's own `docker bake`, buildx's `bake` without the group: Docker 28's CLI
        # alias; rocket-pool/smartnode's Makefile runs `docker bake -f docker/daemon-bake.hcl`)
        return bake_command(engine, arguments[index + 1 :], line)
    if verb in verbs:
        return _build(engine, verb, arguments[index + 1 :], line)
    if verb == "tag":
        positional = [word for word in arguments[index + 1 :] if not word.startswith("-")]
        written = positional[0] if positional and UNKNOWN not in positional[0] else None
        source = name_pattern(written) if written is not None else None
        # (Another tag of a source written out makes no image of the project's: `docker pull
        # postgres:latest && docker tag postgres:latest postgres:$SHA` pulls postgres, and
        # every other postgres the project names is still a pull. A source a run names,
        # `acme/app:$SHA` promoted to `acme/app:stable`, is the project's release.)
        # (Nor does a tag that takes a local registry's copy back to the name it mirrors:
        # nipreps/mriqc's CI pulls `localhost:5000/${image}` from its cache registry and
        # `docker tag`s it `${image}` (nginx:latest, python:3.7-slim…), the image a pull gives.)
        mirrored = _local_mirror_of(written) if written is not None else None
        names = [
            name
            for word in positional[1:]
            if (name := name_pattern(word)) is not None and name not in (source, mirrored)
        ]
        # (a tag of its own name written out is the project's, that tag only: podman-compose's
        # `podman tag debian:bookworm-slim debian:up-down-test`, which its compose files run;
        # the source's own tag is the pulled image, its digest dropped: kueue's e2e scripts
        # `docker tag agnhost:2.52@sha256:… agnhost:2.52` after they pull it)
        pulled = _written_tag(written.partition("@")[0]) if written is not None else None
        tagged = [
            (source, tag)
            for word in positional[1:]
            if source is not None
            and name_pattern(word) == source
            and (tag := _written_tag(word)) is not None
            and tag != pulled
        ]
        if not names and not tagged:
            return None
        return ShellBuild(line, engine, "tag", names, tagged=tagged)
    if verb == "commit":
        # (`docker commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]`: an image of a container the
        # script ran, the project's: openmrs-distro-referenceapplication's
        # tests/e2e/commit_and_export_images.sh makes the e2e/*:latest its compose file runs)
        committed = _positionals(arguments[index + 1 :], _COMMIT_VALUES, _COMMIT_FLAGS)[1:2]
        names = _destinations(committed)
        return ShellBuild(line, engine, "commit", names) if names else None
    if verb == "import":
        # (`docker import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]`, podman's too: an image made
        # here from a file system's archive, the project's: DeviceFarmer/stf's
        # docker/armv7l/mkimage-alpine.sh pipes a rootfs into `docker import - $IMAGE` and runs
        # it, pulling nothing)
        imported = _positionals(arguments[index + 1 :], _IMPORT_VALUES, _IMPORT_FLAGS)[1:2]
        names = _destinations(imported)
        return ShellBuild(line, engine, "import", names) if names else None
    if verb == "push" and engine in ("podman", "buildah"):
        # (`podman push IMAGE DESTINATION`, buildah's too: the project's image under another
        # name; docker's push names no other. containers/buildah's tests push alpine to
        # docker://localhost:5000/my-alpine, then pull that)
        pushed = _positionals(arguments[index + 1 :], _MANIFEST_PUSH_VALUES, _MANIFEST_PUSH_FLAGS)
        names = _destinations(pushed[1:2])
        return ShellBuild(line, engine, "push", names) if names else None
    if verb == "manifest" and arguments[index + 1 : index + 2] == ["create"]:
        # (`docker manifest create [--amend] LIST IMAGE…`: the list is the project's)
        listed = _positionals(arguments[index + 2 :], _MANIFEST_VALUES, _MANIFEST_FLAGS)[:1]
        names = [name for word in listed if (name := name_pattern(word)) is not None]
        return ShellBuild(line, engine, "manifest", names) if names else None
    if verb == "manifest" and arguments[index + 1 : index + 2] == ["push"]:
        # (`podman manifest push LIST DESTINATION`: where the project publishes the list its
        # `manifest create` made, a transport's name, `docker://` a registry's; docker's has
        # no destination, and the list is named where it is made)
        pushed = _positionals(arguments[index + 2 :], _MANIFEST_PUSH_VALUES, _MANIFEST_PUSH_FLAGS)
        names = _destinations(pushed[1:2])
        return ShellBuild(line, engine, "manifest", names) if names else None
    return None


def _written_tag(word: str) -> str | None:
    """The tag ``word`` names when it is all written out (no digest, nothing a run gives).

    >>> _written_tag("debian:up-down-test"), _written_tag("debian"), _written_tag("a:" + UNKNOWN)
    ('up-down-test', None, None)
    """
    if UNKNOWN in word or "@" in word:
        return None
    name, colon, tag = word.rpartition(":")
    return tag if colon and "/" not in tag and name else None


def _destinations(words: list[str]) -> list[str]:
    """The names of images that ``words`` make (a ``commit``'s, a ``push``'s destination): a
    transport's name, ``docker://`` a registry's and ``docker-daemon:`` the engine's (podman
    pushes there what docker then runs); another transport's (``oci-archive:``, ``dir:``) is a
    file, no image's name."""
    names: list[str] = []
    for word in words:
        if word.startswith("docker-daemon:"):
            word = word[len("docker-daemon:") :]
        transport, separator, rest = word.partition("://")
        if (separator and transport != "docker") or word.startswith(_LOCAL_TRANSPORTS):
            continue  # (`oci-archive://…`, `dir:…`: a file, no registry's)
        name = name_pattern(rest if separator else word)
        if name is not None:
            names.append(name)
    return names


#: The variable that gives ko the base image of every Go binary it builds, over
#: ``.ko.yaml``'s ``defaultBaseImage`` (ko's ``pkg/commands/options/build.go``).
KO_BASE_VARIABLE = "KO_DEFAULTBASEIMAGE"
#: ko's commands that build, so pull the base image (``publish`` is ``build``'s old name).
_KO_BUILDS = frozenset({"build", "publish", "resolve", "apply", "create", "run"})


def ko_base(
    arguments: list[str], environment: Mapping[str, str], line: int, last: int
) -> list[ShellPull]:
    """The base image a ko command that builds pulls when its environment gives
    ``KO_DEFAULTBASEIMAGE`` (sigstore/cosign's ``KO_DEFAULTBASEIMAGE=gcr.io/distroless/
    static-debian12:debug-nonroot ko build …``); none otherwise (``.ko.yaml``'s is read there)."""
    image = environment.get(KO_BASE_VARIABLE)
    verb = next((word for word in arguments if not word.startswith("-")), "")
    if image is None or verb not in _KO_BUILDS or not is_known_image(image):
        return []
    return [ShellPull(line, last, "ko", verb, image)]


def ko_built(arguments: list[str], environment: Mapping[str, str], line: int) -> list[ShellBuild]:
    """The image a ko command that builds makes under ``--bare``: the repository its
    environment's ``KO_DOCKER_REPO`` names (projectcapsule/capsule's Makefile:
    ``KO_DOCKER_REPO=$(CAPSULE_IMG) $(KO) build ./cmd/controller/ --bare``, whose image its
    ``Dockerfile.tracing`` then starts ``FROM``). ko's other names add a hash of the import
    path to the repository, not known here: none."""
    repository = environment.get("KO_DOCKER_REPO")
    verb = next((word for word in arguments if not word.startswith("-")), "")
    if not repository or verb not in _KO_BUILDS:
        return []
    if "--bare" not in arguments:
        return _ko_path_names(repository, arguments, line)
    name = name_pattern(repository)
    return [ShellBuild(line, "ko", "publish", [name])] if name is not None else []


#: ko's options that name its images by their import paths (``-B``: the path's last element
#: after ``KO_DOCKER_REPO``; ``-P``: the whole path), and the options of ``ko build`` that take
#: the next word as their value.
_KO_BASE_PATHS = frozenset({"-B", "--base-import-paths"})
_KO_WHOLE_PATHS = frozenset({"-P", "--preserve-import-paths"})
_KO_VALUES = frozenset(
    {"-t", "--tags", "--platform", "--image-label", "--image-annotation", "--sbom",
     "--sbom-dir", "--image-refs", "--tarball", "--image-user", "-L", "--local"}
)  # fmt: skip


def _ko_path_names(repository: str, arguments: list[str], line: int) -> list[ShellBuild]:
    """The images ``ko build -B`` (``-P``) names for the import paths it builds, after
    ``KO_DOCKER_REPO`` (ko's ``--base-import-paths``: google/go-containerregistry's
    ``cloudbuild.yaml`` builds ``gcr.io/$PROJECT_ID/crane`` with ``ko build -B
    github.com/google/go-containerregistry/cmd/crane``, the image its later steps run)."""
    base = not _KO_BASE_PATHS.isdisjoint(arguments)
    whole = not _KO_WHOLE_PATHS.isdisjoint(arguments)
    if base == whole or arguments[0] not in ("build", "publish"):
        return []  # (neither, or both: ko refuses them together; the hashed names are not known)
    names: list[str] = []
    index = 1
    while index < len(arguments):
        word = arguments[index]
        if word in _KO_VALUES:
            index += 2
            continue
        index += 1
        path = word.removeprefix("ko://").rstrip("/")
        if word.startswith("-") or UNKNOWN in path or not path or path == ".":
            continue
        if path.startswith("./"):
            path = path[2:]
        named = path.rpartition("/")[2] if base else path
        name = name_pattern(f"{repository}/{named}".lower())
        if name is not None:
            names.append(name)
    return [ShellBuild(line, "ko", "publish", names)] if names else []


def registry_copied(tool: str, arguments: list[str], line: int) -> list[ShellBuild]:
    """The images a registry tool's copy or push makes (its destination, see
    ``._registry_tools``), unless a copy only gives its source another tag."""
    from ._registry_tools import registry_copies

    names = [
        name
        for source, destination in registry_copies(tool, arguments)
        if (name := name_pattern(destination)) is not None
        and (source is None or name != name_pattern(source))
    ]
    return [ShellBuild(line, tool, "copy", names)] if names else []


def tool_container(engine: str, arguments: list[str]) -> tuple[str, list[str]] | None:
    """The registry tool (or apko) and its words when an engine's ``run`` runs one of the
    tools' images (``docker run --rm gcr.io/go-containerregistry/crane:latest copy SRC DST``)
    as its entrypoint; ``None`` otherwise."""
    if engine not in _PULL_ENGINES:
        return None
    index = skip_options(arguments, 0)
    verb = arguments[index] if index < len(arguments) else ""
    if verb == "container":
        index += 1
        verb = arguments[index] if index < len(arguments) else ""
    if verb != "run":
        return None
    options = arguments[index + 1 :]
    if any(word == "--entrypoint" or word.startswith("--entrypoint=") for word in options):
        return None  # (another program of the image)
    words = _positionals(options, _RUN_VALUES, _RUN_FLAGS)
    if not words or not is_known_image(words[0]):
        return None
    from ._apko import is_apko_image
    from ._registry_tools import tool_of_image

    tool = APKO if is_apko_image(words[0]) else tool_of_image(words[0])
    return (tool, words[1:]) if tool is not None else None


def apko_built(arguments: list[str], line: int) -> list[ShellBuild]:
    """The images an ``apko build`` or ``apko publish`` makes (see ``._apko``)."""
    from ._apko import apko_names

    names = [name for word in apko_names(arguments) if (name := name_pattern(word)) is not None]
    return [ShellBuild(line, APKO, "publish", names)] if names else []


#: The options of ``manifest create`` (docker's, podman's, buildah's) with a value, and without.
#: ``commit``'s options that take a value, and those that take none (docker-commit(1),
#: podman-commit(1)).
_COMMIT_VALUES = frozenset(
    {"-a", "--author", "-c", "--change", "-m", "--message", "-f", "--format", "--iidfile",
     "--config", "--authfile", "--cert-dir", "--creds", "--encryption-key", "--encrypt-layer",
     "--sign-by", "--signature-policy", "--timestamp", "--manifest", "--reference-time",
     "--add-file", "--cw", "--unsetenv", "--pull", "--retry", "--retry-delay"}
)  # fmt: skip
_COMMIT_FLAGS = frozenset(
    {"-p", "--pause", "-q", "--quiet", "-s", "--squash", "--include-volumes", "--rm",
     "--tls-verify", "--disable-compression", "-D", "--omit-history", "--identity-label",
     "--rewrite-timestamp"}
)  # fmt: skip
#: ``import``'s options that take a value, and those that take none (docker-import(1),
#: podman-import(1)).
_IMPORT_VALUES = frozenset(
    {"-c", "--change", "-m", "--message", "--platform", "--arch", "--os", "--variant",
     "--signature-policy"}
)  # fmt: skip
_IMPORT_FLAGS = frozenset({"-q", "--quiet"})
_MANIFEST_VALUES = frozenset({"--annotation"})
_MANIFEST_FLAGS = frozenset({"-a", "--amend", "--insecure", "--all", "--tls-verify"})
#: ``manifest push``'s options that take a value, and those that take none (podman's
#: podman-manifest-push(1), buildah's; docker's ``--insecure`` and ``--purge``).
_MANIFEST_PUSH_VALUES = frozenset(
    {"--authfile", "--cert-dir", "--creds", "--digestfile", "--format", "-f", "--sign-by",
     "--sign-passphrase-file", "--sign-by-sigstore", "--sign-by-sigstore-private-key",
     "--signature-policy", "--compression-format", "--compression-level", "--add-compression",
     "--retry", "--retry-delay"}
)  # fmt: skip
_MANIFEST_PUSH_FLAGS = frozenset(
    {"--all", "--purge", "-p", "--quiet", "-q", "--remove-signatures", "--tls-verify", "--rm",
     "--force-compression", "--insecure"}
)  # fmt: skip


def _imagetools(engine: str, arguments: list[str], line: int) -> ShellBuild | None:
    """``docker buildx imagetools create -t NAME … SOURCE…``: each ``-t`` names an image the
    project makes (of its sources)."""
    index = skip_options(arguments, 0)
    if arguments[index : index + 1] != ["create"]:
        return None
    names: list[str] = []
    words = arguments[index + 1 :]
    for position, word in enumerate(words):
        given: str | None = None
        if word in ("-t", "--tag"):
            given = words[position + 1] if position + 1 < len(words) else None
        elif word.startswith("--tag="):
            given = word[len("--tag=") :]
        elif word.startswith("-t") and not word.startswith("--"):
            given = word[2:]
        if given is not None and (name := name_pattern(given)) is not None:
            names.append(name)
    return ShellBuild(line, engine, "imagetools", names) if names else None


#: ``buildx bake``'s options that take a value (the others are flags).
_BAKE_VALUES = frozenset(
    {"-f", "--file", "--set", "--builder", "--progress", "--metadata-file", "--allow", "--call",
     "--list", "--var"}
)  # fmt: skip


def bake_command(engine: str, arguments: list[str], line: int) -> ShellBuild | None:
    """``docker buildx bake [-f FILE] [TARGET…] [--set TARGET.tags=NAME]``: each name that a
    ``--set`` gives a target's ``tags`` (``=`` or ``+=``, ``*`` or a pattern for the target) is
    an image the project builds (Unleash's release workflow tags its ``image`` target
    ``unleashorg/unleash-server`` so); one bake file the command names is ``dockerfile`` (read
    from the directory the command runs in, see ``._bake_cmd``) and its first target
    ``target`` (``None``: bake's ``default`` group). Without a file or a name, ``None``: bake's
    own files are read as the project's.

    >>> build = bake_command("docker", ["-f", "ci.hcl", "image", "--set", "image.tags=acme/app",
    ...     "--set=*.tags+=a/b:1", "--push"], 3)
    >>> build.names, build.dockerfile, build.target
    (('acme/app', 'a/b'), 'ci.hcl', 'image')
    """
    names: list[str] = []
    files: list[str] = []
    targets: list[str] = []
    position = 0
    while position < len(arguments):
        word = arguments[position]
        option, equals, value = word.partition("=")
        if word in _BAKE_VALUES:
            value = arguments[position + 1] if position + 1 < len(arguments) else ""
            position += 1
        elif not (equals and option in _BAKE_VALUES):
            if not word.startswith("-"):
                targets.append(word)
            position += 1
            continue
        position += 1
        if option in ("-f", "--file"):
            files.append(value)
            continue
        key, equals, given = value.partition("=")
        if option == "--set" and equals and key.removesuffix("+").rpartition(".")[2] == "tags":
            names += [
                name for tag in given.split(",") if (name := name_pattern(tag.strip())) is not None
            ]
    if not names and not files:
        return None
    return ShellBuild(
        line,
        engine,
        "bake",
        names,
        dockerfile=files[0] if len(files) == 1 else None,
        target=targets[0] if targets else None,
    )


#: The engines whose ``run``, ``create`` and ``pull`` are read (buildah's ``from`` and
#: ``pull``: :func:`_buildah_pull`).
_PULL_ENGINES = frozenset({"docker", "podman", "nerdctl"})
#: The options of ``run`` and ``create`` (docker's, podman's, nerdctl's) that take a value.
_RUN_VALUES = frozenset(
    {
        "-a", "--attach", "--add-host", "--annotation", "--arch", "--authfile",
        "--blkio-weight", "--blkio-weight-device", "--cap-add", "--cap-drop", "--cgroup-conf",
        "--cgroup-parent", "--cgroupns", "--cgroups", "--cidfile", "--conmon-pidfile",
        "--cpu-period", "--cpu-quota", "--cpu-rt-period", "--cpu-rt-runtime", "-c",
        "--cpu-shares", "--cpus", "--cpuset-cpus", "--cpuset-mems", "--decryption-key",
        "--detach-keys", "--device", "--device-cgroup-rule", "--device-read-bps",
        "--device-read-iops", "--device-write-bps", "--device-write-iops", "--dns",
        "--dns-opt", "--dns-option", "--dns-search", "--domainname", "--entrypoint", "-e",
        "--env", "--env-file", "--expose", "--gidmap", "--gpus", "--group-add",
        "--health-cmd", "--health-interval", "--health-retries", "--health-start-interval",
        "--health-start-period", "--health-timeout", "-h", "--hostname", "--hostuser",
        "--ip", "--ip6", "--ipc", "--isolation", "--kernel-memory", "-l", "--label",
        "--label-file", "--link", "--link-local-ip", "--log-driver", "--log-opt",
        "--mac-address", "-m", "--memory", "--memory-reservation", "--memory-swap",
        "--memory-swappiness", "--mount", "--name", "--net", "--net-alias", "--network",
        "--network-alias", "--oom-score-adj", "--os", "--pid", "--pidfile", "--pids-limit",
        "--platform", "--pod", "-p", "--publish", "--pull", "--restart", "--runtime",
        "--secret", "--security-opt", "--shm-size", "--stop-signal", "--stop-timeout",
        "--storage-opt", "--subgidname", "--subuidname", "--sysctl", "--systemd",
        "--timeout", "--tmpfs", "--tz", "--uidmap", "--ulimit", "--umask", "--unsetenv",
        "-u", "--user", "--userns", "--uts", "--variant", "-v", "--volume",
        "--volume-driver", "--volumes-from", "-w", "--workdir",
    }
)  # fmt: skip
#: The options of ``run`` and ``create`` that take no value (alone: ``--sig-proxy=false``).
_RUN_FLAGS = frozenset(
    {
        "-d", "--detach", "-i", "--interactive", "-t", "--tty", "--rm", "--init",
        "--privileged", "-P", "--publish-all", "--read-only", "--sig-proxy",
        "--no-healthcheck", "--oom-kill-disable", "-q", "--quiet", "--disable-content-trust",
        "--replace", "--env-host", "--http-proxy", "--no-hosts", "--read-only-tmpfs",
        "--rmi", "--tls-verify", "--passwd", "--help",
    }
)  # fmt: skip
#: ``pull``'s options that take a value, and those that take none.
_PULL_VALUES = frozenset(
    {"--platform", "--arch", "--os", "--variant", "--authfile", "--creds", "--cert-dir",
     "--decryption-key", "--retry", "--retry-delay"}
)  # fmt: skip
_PULL_FLAGS = frozenset(
    {"-a", "--all-tags", "-q", "--quiet", "--disable-content-trust", "--tls-verify",
     "--help", "--unpack"}
)  # fmt: skip


def pull_command(engine: str, arguments: list[str], line: int, last: int) -> list[ShellPull]:
    """The image a ``run``, ``create`` or ``pull`` of ``engine`` pulls (its arguments
    expanded): none when it is not one, when an option is not known, or the image is not."""
    if engine == "buildah":
        return _buildah_pull(arguments, line, last)
    if engine not in _PULL_ENGINES:
        return []
    index = skip_options(arguments, 0)
    verb = arguments[index] if index < len(arguments) else ""
    if verb in ("container", "image"):
        group = verb
        index += 1
        verb = arguments[index] if index < len(arguments) else ""
        if verb not in (("run", "create") if group == "container" else ("pull", "build")):
            return []
    if verb == "build":
        images = _base_given(arguments[index + 1 :]) if engine == "podman" else []
        return _pulls_of(images, engine, verb, line, last)
    if verb == "buildx" and engine == "docker":
        index = skip_options(arguments, index + 1)
        if arguments[index : index + 1] != ["create"]:
            return []
        return [
            ShellPull(line, last, engine, "create", image, lead="image")
            for image in _builder_images(arguments[index + 1 :])
            if is_known_image(image)
        ]
    if verb in ("run", "create"):
        if _never_pulls(arguments[index + 1 :]):
            return []  # (the image is one the job built or loaded)
        images = _positionals(arguments[index + 1 :], _RUN_VALUES, _RUN_FLAGS)[:1]
        related = [
            ShellPull(line, last, engine, verb, image, lead=f"{name}=")
            for name, image in _related_images(arguments[index + 1 :])
        ]
    elif verb == "pull":
        images, related = interspersed(arguments[index + 1 :], _PULL_VALUES, _PULL_FLAGS), []
    elif verb == "service" and engine == "docker":
        images, related = _service_images(arguments[index + 1 :]), []
    elif verb == "exec":
        return _pulls_in_container(arguments[index + 1 :], line, last)
    else:
        return []
    return _pulls_of(images, engine, verb, line, last) + related


#: The options of ``docker exec`` and ``podman exec`` that take a value (Docker's and Podman's
#: ``exec`` references).
_EXEC_VALUES = frozenset(
    {"-e", "--env", "--env-file", "-u", "--user", "-w", "--workdir", "--detach-keys",
     "--preserve-fds"}
)  # fmt: skip


def exec_command(arguments: list[str]) -> list[str]:
    """The command ``docker exec [OPTIONS] CONTAINER COMMAND…`` runs in the container (its
    words after the options and the container).

    >>> exec_command(["-d", "-e", "A=1", "box", "sh", "-c", "docker pull a:1"])
    ['sh', '-c', 'docker pull a:1']
    """
    index = 0
    while index < len(arguments) and arguments[index].startswith("-"):
        index += 2 if arguments[index] in _EXEC_VALUES else 1
    return arguments[index + 1 :]  # (after the container)


def exec_verb(arguments: list[str]) -> list[str] | None:
    """The words after an engine's ``exec`` (``container exec``): ``None`` when the command
    is not one.

    >>> exec_verb(["exec", "-it", "box", "sh"]), exec_verb(["container", "exec", "box", "sh"])
    (['-it', 'box', 'sh'], ['box', 'sh'])
    >>> exec_verb(["run", "a:1"]) is None
    True
    """
    index = skip_options(arguments, 0)
    if arguments[index : index + 1] == ["container"]:
        index += 1
    return arguments[index + 1 :] if arguments[index : index + 1] == ["exec"] else None


def _pulls_in_container(arguments: list[str], line: int, last: int) -> list[ShellPull]:
    """What ``docker exec [OPTIONS] CONTAINER COMMAND…`` pulls when its command is an engine's
    pull or run (an engine inside the container, Podman in Podman: it pulls the image from
    the registry as one outside would). pulp/pulp-oci-images' ``images/s6_assets/
    pulp_tests.sh``, which its CI runs, has ``podman exec -u pulp pulp podman pull
    docker.io/library/busybox``. Any other command pulls nothing.

    >>> pulled = _pulls_in_container(["-u", "pulp", "pulp", "podman", "pull", "a:1"], 1, 1)
    >>> [(pull.engine, pull.verb, pull.image) for pull in pulled]
    [('podman', 'pull', 'a:1')]
    >>> _pulls_in_container(["-it", "db", "psql", "-c", "select 1"], 1, 1)
    []
    """
    command = exec_command(arguments)
    inner = engine_of(command[0]) if command else None
    if inner is None or inner == "buildah":
        return []
    return pull_command(inner, command[1:], line, last)


#: The ``docker buildx create`` drivers that run BuildKit in a container of an image they pull:
#: ``docker-container`` (the default) and ``kubernetes``, whose ``image`` driver option names
#: it (docker's buildx drivers reference); ``remote`` connects to a BuildKit already running.
_IMAGE_DRIVERS = frozenset({"docker-container", "kubernetes"})


def _builder_images(arguments: list[str]) -> list[str]:
    """The BuildKit image a ``docker buildx create [OPTIONS]`` builder runs: the ``image`` of
    its ``--driver-opt`` (a comma-separated list: ``image=moby/buildkit:v0.27.1,network=host``),
    which buildx pulls when it boots the builder; none for another driver, or for ``--leave``
    (a node taken off). castopod's GitLab jobs and kas's ``scripts/build-container.sh`` pin
    their BuildKit so.

    >>> _builder_images(["--name", "b", "--driver-opt", "image=moby/buildkit:v0.27.1", "--use"])
    ['moby/buildkit:v0.27.1']
    >>> _builder_images(["--driver=kubernetes", "--driver-opt=network=host,image=a:1"])
    ['a:1']
    >>> _builder_images(["--driver", "remote", "--driver-opt", "image=a:1"]), _builder_images([])
    ([], [])
    """
    driver = "docker-container"
    images: list[str] = []
    index = 0
    while index < len(arguments):
        name, equals, value = arguments[index].partition("=")
        if name in ("--driver", "--driver-opt") and not equals and index + 1 < len(arguments):
            index += 1
            value = arguments[index]
        if name == "--leave":
            return []
        if name == "--driver":
            driver = value
        elif name == "--driver-opt":
            options = value.split(",")
            images += [option[len("image=") :] for option in options if option.startswith("image=")]
        index += 1
    return images if driver in _IMAGE_DRIVERS else []


#: ``docker service create``'s options that take a value (docker's ``service create``
#: reference), and those that take none.
_SERVICE_VALUES = frozenset(
    {
        "--cap-add", "--cap-drop", "--config", "--constraint", "--container-label",
        "--credential-spec", "--dns", "--dns-option", "--dns-search", "--endpoint-mode",
        "--entrypoint", "-e", "--env", "--env-file", "--generic-resource", "--group",
        "--health-cmd", "--health-interval", "--health-retries", "--health-start-interval",
        "--health-start-period", "--health-timeout", "--host", "--hostname", "--isolation",
        "-l", "--label", "--limit-cpu", "--limit-memory", "--limit-pids", "--log-driver",
        "--log-opt", "--max-concurrent", "--mode", "--mount", "--name", "--network",
        "--placement-pref", "-p", "--publish", "--replicas", "--replicas-max-per-node",
        "--reserve-cpu", "--reserve-memory", "--restart-condition", "--restart-delay",
        "--restart-max-attempts", "--restart-window", "--rollback-delay",
        "--rollback-failure-action", "--rollback-max-failure-ratio", "--rollback-monitor",
        "--rollback-order", "--rollback-parallelism", "--secret", "--stop-grace-period",
        "--stop-signal", "--sysctl", "--ulimit", "--update-delay", "--update-failure-action",
        "--update-max-failure-ratio", "--update-monitor", "--update-order",
        "--update-parallelism", "-u", "--user", "-w", "--workdir",
    }
)  # fmt: skip
_SERVICE_FLAGS = frozenset(
    {"-d", "--detach", "--init", "--no-healthcheck", "--no-resolve-image", "-q", "--quiet",
     "--read-only", "-t", "--tty", "--with-registry-auth", "--help", "--oom-kill-disable"}
)  # fmt: skip


def _service_images(arguments: list[str]) -> list[str]:
    """The image a swarm service runs, which each node it is scheduled on pulls: ``docker
    service create [OPTIONS] IMAGE [COMMAND]``, and ``docker service update --image IMAGE
    SERVICE`` (a rolling update to it); none for an option not known here."""
    verb, rest = (arguments[0], arguments[1:]) if arguments else ("", [])
    if verb == "create":
        return _positionals(rest, _SERVICE_VALUES, _SERVICE_FLAGS)[:1]
    if verb == "update":
        for index, word in enumerate(rest):
            if word == "--image" and index + 1 < len(rest):
                return [rest[index + 1]]
            if word.startswith("--image="):
                return [word.partition("=")[2]]
    return []


def served_images(
    engine: str, arguments: list[str], line: int, served: set[str]
) -> ShellBuild | None:
    """What a registry that a container of the same script serves holds: ``docker run -p
    8080:8080 IMAGE`` publishes the container's port on the machine's, so a later ``docker
    pull localhost:8080/NAME`` (``127.0.0.1``) pulls from that container, not from a public
    registry; the image is the served one's, the project's (google/nixery's
    ``scripts/integration-test.sh`` runs the nixery image it builds on 8080 and pulls
    ``localhost:8080/hello``, an image nixery makes on demand: 4 false TS002, survey 31c).
    ``served``: the host ports published so far, which a ``run`` adds to. The name pulled (or
    run) is a name the script serves (verb ``serve``), judged only for validity."""
    if engine not in _PULL_ENGINES:
        return None
    index = skip_options(arguments, 0)
    verb = arguments[index] if index < len(arguments) else ""
    if verb in ("container", "image"):
        index += 1
        verb = arguments[index] if index < len(arguments) else ""
    rest = arguments[index + 1 :]
    if verb in ("run", "create"):
        images = _positionals(rest, _RUN_VALUES, _RUN_FLAGS)[:1]
        served_before = set(served)
        served.update(_published_ports(rest))
    elif verb == "pull":
        images, served_before = _positionals(rest, _PULL_VALUES, _PULL_FLAGS), served
    else:
        return None
    names = [image for image in images if _served_port(image) in served_before]
    return ShellBuild(line, engine, "serve", names) if names else None


def _published_ports(arguments: list[str]) -> list[str]:
    """The host ports the ``-p``/``--publish`` options of a ``run`` publish (``8080:8080``,
    ``127.0.0.1:5000:5000``, ``5000:5000/tcp``; not a container port alone, whose host port
    the engine picks), up to the image."""
    ports: list[str] = []
    index = 0
    while index < len(arguments):
        word = arguments[index]
        value: str | None = None
        if word in ("-p", "--publish") and index + 1 < len(arguments):
            value = arguments[index + 1]
            index += 1
        elif word.startswith("--publish="):
            value = word.partition("=")[2]
        elif word.startswith("-p") and len(word) > 2 and word[2].isdigit():
            value = word[2:]
        elif not word.startswith("-"):
            break  # (the image: what follows is the container's command)
        elif word in _RUN_VALUES and "=" not in word:
            index += 1
        if value is not None:
            parts = value.partition("/")[0].split(":")
            if len(parts) >= 2 and parts[-2].isdigit():
                ports.append(parts[-2])
        index += 1
    return ports


def _served_port(image: str) -> str | None:
    """The port of a name on the machine's own registry (``localhost:8080/hello``)."""
    host, _, path = image.partition("/")
    address, colon, port = host.rpartition(":")
    if not path or not colon or address not in ("localhost", "127.0.0.1"):
        return None
    return port


def _pulls_of(images: list[str], engine: str, verb: str, line: int, last: int) -> list[ShellPull]:
    """The pulls of images as a command writes them: ``docker://`` a registry's (taken off),
    a local transport's (podman's copy from a local store or archive) no registry's pull."""
    found: list[ShellPull] = []
    for written in images:
        if written.startswith(_LOCAL_TRANSPORTS):
            continue
        image = written.removeprefix(DOCKER_TRANSPORT)
        lead = DOCKER_TRANSPORT if image != written else ""
        if engine in _LOCAL_STORE_ENGINES and image.startswith(_LOCAL_STORE):
            continue  # (buildah's `tag alpine alpine2`, then `from localhost/alpine2`)
        if is_known_image(image):
            found.append(ShellPull(line, last, engine, verb, image, lead=lead))
    return found


#: ``buildah from``'s options that take a value (buildah-from(1); ``pull``'s are among them),
#: and those that take none.
_BUILDAH_FROM_VALUES = frozenset(
    {"--add-host", "--arch", "--authfile", "--cap-add", "--cap-drop", "--cert-dir",
     "--cgroup-parent", "--cgroupns", "--cidfile", "--cpu-period", "--cpu-quota",
     "--cpu-shares", "-c", "--cpuset-cpus", "--cpuset-mems", "--creds", "--decryption-key",
     "--device", "--dns", "--dns-option", "--dns-search", "--format", "-f", "--group-add",
     "--ipc", "--isolation", "--memory", "-m", "--memory-swap", "--name", "--network", "--net",
     "--os", "--pid", "--platform", "--policy", "--retry", "--retry-delay", "--security-opt",
     "--shm-size", "--ulimit", "--userns", "--userns-uid-map", "--userns-gid-map",
     "--userns-uid-map-user", "--userns-gid-map-group", "--uts", "--variant", "--volume", "-v",
     "--signature-policy"}
)  # fmt: skip
_BUILDAH_FROM_FLAGS = frozenset(
    {"--all-tags", "-a", "--pull", "--pull-always", "--pull-never", "--quiet", "-q",
     "--tls-verify", "--http-proxy", "--help", "--remove-signatures"}
)  # fmt: skip


def _buildah_pull(arguments: list[str], line: int, last: int) -> list[ShellPull]:
    """The image ``buildah from IMAGE`` (a working container from it, pulled when absent) or
    ``buildah pull IMAGE`` pulls: containers/buildah's own tests and many RHEL build scripts
    make images so (``scratch`` is an empty container: nothing pulled)."""
    index = skip_options(arguments, 0)
    verb = arguments[index] if index < len(arguments) else ""
    if verb in ("bud", "build"):
        return _pulls_of(_base_given(arguments[index + 1 :]), "buildah", verb, line, last)
    if verb not in ("from", "pull"):
        return []
    given = _positionals(arguments[index + 1 :], _BUILDAH_FROM_VALUES, _BUILDAH_FROM_FLAGS)[:1]
    return _pulls_of([image for image in given if image != "scratch"], "buildah", verb, line, last)


def _base_given(arguments: list[str]) -> list[str]:
    """The image a ``podman build`` or ``buildah bud``/``build`` starts from instead of its
    Containerfile's first ``FROM``: ``--from IMAGE`` ("Overrides the first FROM instruction
    within the Containerfile", podman-build(1), buildah-build(1)), which it pulls when absent.
    mavlink-router's ``tools/ci-create-rootfs.sh`` builds ``podman build --from
    $DISTRO_ARCH/$DISTRO -t $ARCH-rootfs $SCRIPT_DIR`` (``arm32v7/ubuntu:20.04``).

    >>> _base_given(["--from", "arm32v7/ubuntu:20.04", "-t", "x", "."])
    ['arm32v7/ubuntu:20.04']
    >>> _base_given(["--from=alpine:3.20", "."]), _base_given(["-t", "x", "--", "--from", "a"])
    (['alpine:3.20'], [])
    """
    for index, word in enumerate(arguments):
        if word == "--":
            break
        if word.startswith("--from="):
            return [word[len("--from=") :]]
        if word == "--from" and index + 1 < len(arguments):
            return [arguments[index + 1]]
    return []


#: The transports of podman's (containers/image's) image names that take an image from the
#: machine, not from a registry: ``podman pull docker-daemon:IMAGE`` copies the host docker's,
#: ``oci-archive:FILE`` reads a file. ``docker://IMAGE`` is a registry's (taken off).
_LOCAL_TRANSPORTS = (
    "docker-daemon:", "containers-storage:", "oci:", "oci-archive:", "docker-archive:", "dir:"
)  # fmt: skip
DOCKER_TRANSPORT = "docker://"
#: Where podman and buildah keep an image they build or tag with a name of no registry
#: (``localhost/NAME``): a run of it is of the machine's image, no registry's.
_LOCAL_STORE = "localhost/"
_LOCAL_STORE_ENGINES = frozenset({"podman", "buildah"})


#: The environment variables by which an operator is told the images it deploys (OLM's
#: convention, as in a manifest's ``env``: see ``..kubernetes``).
_RELATED_IMAGE = "RELATED_IMAGE_"


def _related_images(arguments: list[str]) -> list[tuple[str, str]]:
    """The ``RELATED_IMAGE_*`` variables a ``run``'s ``-e``/``--env`` options give the
    container, before its image, when the value is a whole pullspec (a tag or a digest): the
    operator it runs deploys them (CrunchyData/postgres-operator's CI runs PGO with ``docker
    run --env 'RELATED_IMAGE_POSTGRES_17=…crunchy-postgres:ubi9-17.7-2550'``)."""
    found: list[tuple[str, str]] = []
    index = 0
    while index < len(arguments):
        word = arguments[index]
        pair = None
        if word in ("-e", "--env") and index + 1 < len(arguments):
            pair, index = arguments[index + 1], index + 2
        elif word.startswith("--env="):
            pair, index = word[len("--env=") :], index + 1
        elif word in _RUN_VALUES:
            index += 2
            continue
        elif word.startswith("-"):
            index += 1
            continue
        else:
            break  # (the image: what follows is the container's command)
        name, _, image = pair.partition("=")
        last = image.rpartition("/")[2]
        whole = ":" in last or "@" in image
        if name.startswith(_RELATED_IMAGE) and whole and is_known_image(image):
            found.append((name, image))
    return found


#: The image a command's arguments pull (for callers that give a command's words themselves:
#: a magefile's ``sh.Run("docker", "run", …)``).


#: The script of gh-aw's (GitHub Agentic Workflows) setup action that its compiled workflows
#: (``*.lock.yml``) run, ``bash "${RUNNER_TEMP}/gh-aw/actions/download_docker_images.sh"
#: IMAGE...``: it runs ``docker pull`` on each image (argo-cd's ``issue-triage.lock.yml``: the
#: agent's firewall, MCP gateway and server images).
GH_AW_DOWNLOAD = "/gh-aw/actions/download_docker_images.sh"
#: Its setting that makes it only check images already loaded (``never``) instead of pulling.
GH_AW_PULL_POLICY = "GH_AW_DOCKER_IMAGE_PULL_POLICY"


def gh_aw_downloads(program: str, arguments: list[str]) -> list[str] | None:
    """The images gh-aw's ``download_docker_images.sh`` is given (run itself or by a shell),
    or ``None`` when the command is another one."""
    if program.endswith(GH_AW_DOWNLOAD):
        return arguments
    if program.rpartition("/")[2] in SHELLS and arguments and arguments[0].endswith(GH_AW_DOWNLOAD):
        return arguments[1:]
    return None


def devcontainer_build(arguments: list[str], line: int) -> ShellBuild | None:
    """``devcontainer build --image-name NAME…``: the Dev Containers CLI builds the image of
    a ``devcontainer.json`` (its own Dockerfile, or features over its ``image``) and tags it
    with each name. argoproj/argo-workflows' ``make devcontainer-build`` builds
    ``quay.io/argoproj/argo-workflows-devcontainer``, the image its
    ``.devcontainer/devcontainer.json`` then starts.

    >>> devcontainer_build(["build", "--workspace-folder", ".", "--image-name", "a/b",
    ...     "--image-name=c/d:1"], 3).names
    ('a/b', 'c/d')
    """
    if arguments[:1] != ["build"]:
        return None
    names: list[str] = []
    for index, word in enumerate(arguments[1:], 1):
        given: str | None = None
        if word == "--image-name" and index + 1 < len(arguments):
            given = arguments[index + 1]
        elif word.startswith("--image-name="):
            given = word.partition("=")[2]
        if given is not None and (name := name_pattern(given)) is not None:
            names.append(name)
    return ShellBuild(line, "devcontainer", "image-name", names) if names else None


def devcontainer_features_test(arguments: list[str], line: int, last: int) -> list[ShellPull]:
    """The base image ``devcontainer features test --base-image IMAGE`` (``-i``) generates a
    dev container from, one for each Feature it tests (devcontainers/features' CI, a matrix of
    ``-i ${{ matrix.baseImage }}``). Its default (``ubuntu:focal`` in the Dev Containers CLI's
    ``featuresCLI/test.ts``) is the CLI's version's, not written here; scenarios ignore it,
    and ``--skip-autogenerated`` or ``--global-scenarios-only`` uses none.

    >>> [p.image for p in devcontainer_features_test(
    ...     ["features", "test", "-f", "go", "-i", "debian:12", "."], 4, 4)]
    ['debian:12']
    """
    if arguments[:2] != ["features", "test"]:
        return []
    if "--skip-autogenerated" in arguments or "--global-scenarios-only" in arguments:
        return []
    image = None
    for index, word in enumerate(arguments[2:], 2):
        if word in ("--base-image", "-i") and index + 1 < len(arguments):
            image = arguments[index + 1]
        elif word.startswith(("--base-image=", "-i=")):
            image = word.partition("=")[2]
    if image is None or not is_known_image(image):
        return []
    return [ShellPull(line, last, "devcontainer", "features test", image)]


def kind_node_build(arguments: list[str], line: int) -> ShellBuild | None:
    """The node image ``kind build node-image [SOURCE] [--image NAME]`` builds."""
    if arguments[:2] != ["build", "node-image"]:
        return None
    image = KIND_BUILT_NODE_IMAGE
    for index, word in enumerate(arguments[2:], 2):
        if word == "--image" and index + 1 < len(arguments):
            image = arguments[index + 1]
        elif word.startswith("--image="):
            image = word.partition("=")[2]
    name = name_pattern(image)
    return ShellBuild(line, "kind", "node-image", (name,)) if name is not None else None


#: ``faas-cli deploy``'s options that name a stack file, whose functions it deploys instead of
#: the one its ``--image`` and ``--name`` describe.
_FAAS_CLI_STACK_OPTIONS = ("-f", "--yaml")


def faas_cli_image(arguments: list[str], line: int, last: int) -> list[ShellPull]:
    """The image ``faas-cli deploy --image IMAGE --name NAME`` has OpenFaaS run (its gateway
    creates the function, and the cluster pulls the image): faas-cli deploys from those flags
    only without a stack file (``-f``/``--yaml``; "give --yaml/-f or a --image flag").
    faas-netes's CI deploys ``--image=functions/alpine:latest`` so (survey 14b); ``faas-cli
    build --image`` names what it builds, and ``store deploy`` an image of the store."""
    if arguments[:1] != ["deploy"]:
        return []
    options: dict[str, str] = {}
    for index, word in enumerate(arguments[1:], 1):
        name, equals, value = word.partition("=")
        if name.startswith("-f") and name != "-f" and not equals:
            return []  # (`-fstack.yml`: a stack file)
        if name in (*_FAAS_CLI_STACK_OPTIONS, "--image", "--name"):
            if not equals:
                value = arguments[index + 1] if index + 1 < len(arguments) else ""
            options.setdefault(name, value)
    if any(name in options for name in _FAAS_CLI_STACK_OPTIONS) or not options.get("--name"):
        return []
    image = options.get("--image", "")
    return [ShellPull(line, last, "faas-cli", "deploy", image)] if is_known_image(image) else []


#: nektos/act, which runs a repository's GitHub Actions workflows locally in containers.
ACT_PROGRAM = "act"
#: act's option that maps a runner label to the image its jobs run in (cobra's
#: ``-P``/``--platform``, a list: ``-P ubuntu-latest=catthehacker/ubuntu:act-latest``).
_ACT_PLATFORM = ("-P", "--platform")
#: act's options whose value is an engine's options (``--container-options "-P"``: docker's
#: publish-all), not act's.
_ACT_ENGINE_OPTIONS = frozenset({"--container-options", "--platform-options"})


def act_platform_images(arguments: list[str], line: int, last: int) -> list[ShellPull]:
    """The images ``act`` runs its jobs in: each ``-P``/``--platform LABEL=IMAGE`` (act's
    reference: "custom image to use per platform, e.g. -P
    ubuntu-18.04=nektos/act-environments-ubuntu:18.04"); act pulls it to run the jobs that
    ``runs-on`` the label. ``LABEL=-self-hosted`` runs them on the host: no image. act reads
    the same options from a ``.actrc`` file too (see ``.platforms.actrc``); its default images,
    without one, are chosen by act's version and its user, not known here.

    >>> [p.image for p in act_platform_images(
    ...     ["pull_request", "--platform", "ubuntu-latest=catthehacker/ubuntu:act-latest",
    ...      "-P=ubuntu-22.04=node:16-bullseye-slim", "-P", "self=-self-hosted"], 1, 1)]
    ['catthehacker/ubuntu:act-latest', 'node:16-bullseye-slim']
    """
    pulls: list[ShellPull] = []
    index = 0
    while index < len(arguments):
        word = arguments[index]
        index += 1
        name, equals, value = word.partition("=")
        if name not in _ACT_PLATFORM:
            if word in _ACT_ENGINE_OPTIONS:
                index += 1
            continue
        if not equals:
            if index >= len(arguments):
                break
            value = arguments[index]
            index += 1
        image = act_platform_image(value)
        if image is not None and is_known_image(image):
            pulls.append(ShellPull(line, last, ACT_PROGRAM, "platform", image, lead="="))
    return pulls


def act_platform_image(value: str) -> str | None:
    """The image of one act platform ``LABEL=IMAGE`` (``None``: no image; act takes a value
    of exactly two parts at ``=``, and ``-self-hosted`` runs on the host)."""
    label, equals, image = value.partition("=")
    if not label or not equals or "=" in image or image.startswith("-"):
        return None
    return image or None


def kind_node_image(arguments: list[str], line: int, last: int) -> list[ShellPull]:
    """The node image ``kind create cluster --image IMAGE`` runs (its default, chosen by
    kind's version, is not known here)."""
    if arguments[:2] != ["create", "cluster"]:
        return []
    for index, word in enumerate(arguments[2:], 2):
        image = None
        if word == "--image" and index + 1 < len(arguments):
            image = arguments[index + 1]
        elif word.startswith("--image="):
            image = word.partition("=")[2]
        if image is not None:
            return (
                [ShellPull(line, last, "kind", "create cluster", image)]
                if is_known_image(image)
                else []
            )
    return []


def k3d_node_image(arguments: list[str], line: int, last: int) -> list[ShellPull]:
    """The k3s image ``k3d cluster create --image IMAGE`` (``-i``) runs its nodes with (k3d
    v4 and v5; the last one given wins, as with any of its flags), and the registry image
    ``k3d registry create NAME --image IMAGE`` runs (databend's chaos CI: ``-i
    registry:latest``). Their defaults, chosen by k3d's version, are not known here, nor is
    one from ``--config`` or a channel (``+stable``); a word with neither ``/`` nor ``:``
    (``latest``) is no image of these, and is skipped."""
    if arguments[:2] not in (["cluster", "create"], ["registry", "create"]):
        return []
    image = None
    for index, word in enumerate(arguments[2:], 2):
        if word in ("--image", "-i") and index + 1 < len(arguments):
            image = arguments[index + 1]
        elif word.startswith(("--image=", "-i=")):
            image = word.partition("=")[2]
    if image is None or not is_known_image(image) or not any(c in image for c in "/:"):
        return []
    return [ShellPull(line, last, "k3d", " ".join(arguments[:2]), image)]


#: crictl's options before its command that take a value (cri-tools' ``cmd/crictl/main.go``).
_CRICTL_GLOBAL_VALUES = frozenset(
    {"-r", "--runtime-endpoint", "-i", "--image-endpoint", "-t", "--timeout", "-c", "--config"}
)
#: ``crictl pull``'s options that take a value, and those that take none (cri-tools'
#: ``cmd/crictl/image.go``, ``pullImageCommand``).
_CRICTL_PULL_VALUES = frozenset(
    {"--creds", "--auth", "-u", "--username", "--pod-config", "-a", "--annotation",
     "--pull-timeout", "--pt"}
)  # fmt: skip
_CRICTL_PULL_FLAGS = frozenset({"-h", "--help"})


def crictl_pull(arguments: list[str], line: int, last: int) -> list[ShellPull]:
    """The image ``crictl pull [OPTIONS] NAME[:TAG|@DIGEST]`` has the node's container runtime
    (CRI-O, containerd) pull: the Kubernetes node tools' pull, in node set-up scripts and
    runtime tests."""
    index = 0
    while index < len(arguments) and arguments[index].startswith("-"):
        option = arguments[index].partition("=")[0]
        plain = "=" not in arguments[index]
        index += 2 if option in _CRICTL_GLOBAL_VALUES and plain else 1
    if index >= len(arguments) or arguments[index] != "pull":
        return []
    images = _positionals(arguments[index + 1 :], _CRICTL_PULL_VALUES, _CRICTL_PULL_FLAGS)[:1]
    return [ShellPull(line, last, "crictl", "pull", image) for image in images
            if is_known_image(image)]  # fmt: skip


#: rocker's options (osrf/rocker's ``cli.py``, ``core.py`` and the extensions it ships): those
#: that take no value, one value, an optional one (``--nvidia [auto|runtime|gpus]``), and any
#: number of words (argparse's ``nargs='+'``/``'*'``: every word up to the next option).
_ROCKER_FLAGS = frozenset(
    {"--noexecute", "--nocache", "--nocleanup", "--persist-image", "--pull", "--verbose",
     "--ssh", "--x11", "--cuda", "-d", "--detach", "--dev-helpers", "--pulse", "--home",
     "--user", "--user-preserve-home", "--user-preserve-groups-permissive", "--privileged",
     "--strict-extension-selection", "--git"}
)  # fmt: skip
_ROCKER_VALUES = frozenset(
    {"--nvidia-glvnd-version", "--nvidia-glvnd-policy", "--hostname", "--ipc", "--name",
     "--network", "--port", "--expose", "--user-override-name", "--user-override-shell",
     "--env-file", "--group-add", "--mode", "--image-name", "--shm-size", "--shm-size-build",
     "--cpus", "--memory", "-m", "--git-config-path", "--rmw"}
)  # fmt: skip
_ROCKER_OPTIONAL = frozenset({"--nvidia"})
_ROCKER_MANY = frozenset(
    {
        "--devices",
        "--user-preserve-groups",
        "--env",
        "-e",
        "--extension-blacklist",
        "--ulimit",
        "--volume",
    }
)
#: The programs: rocker, and its ``detect_docker_image_os IMAGE`` (which runs the image).
ROCKER_PROGRAMS = frozenset({"rocker", "detect_docker_image_os"})


def rocker_image(program: str, arguments: list[str], line: int, last: int) -> list[ShellPull]:
    """The image ``rocker [OPTIONS] IMAGE [COMMAND…]`` builds its container's image from
    (osrf/rocker pulls it, then adds its extensions' layers), and the one
    ``detect_docker_image_os IMAGE`` runs: the first word after the options. An option not
    known here (a third-party extension's, whose value may be the next word), a value only a
    run knows among them, or ``-h``/``--help``/``--version`` (no run) gives none.

    >>> [pull.image for pull in rocker_image("rocker", ["ubuntu", "true"], 1, 1)]
    ['ubuntu']
    >>> opts = ["--x11", "--nvidia", "--volume", "a:b", "c:d", "--", "osrf/ros:noetic", "rviz"]
    >>> [pull.image for pull in rocker_image("rocker", opts, 1, 1)]
    ['osrf/ros:noetic']
    >>> rocker_image("rocker", ["--oyr-mount", "x", "ubuntu"], 1, 1)
    []
    >>> rocker_image("detect_docker_image_os", ["ubuntu", "-h"], 1, 1)
    []
    """
    if any(word in ("-h", "--help", "--version") for word in arguments):
        return []
    flags, values = _ROCKER_FLAGS, _ROCKER_VALUES
    if program == "detect_docker_image_os":
        flags, values = frozenset({"--verbose"}), frozenset()
    index = 0
    while index < len(arguments):
        word = arguments[index]
        if UNKNOWN in word:
            return []
        if word == "--":
            index += 1
            break
        if not word.startswith("-") or word == "-":
            break
        option, _, given = word.partition("=")
        index += 1
        if option in flags and not given:
            continue
        if option in values or (option in _ROCKER_OPTIONAL and program == "rocker"):
            if not given and (option in values or _takes_next(arguments, index)):
                index += 1
            continue
        if option in _ROCKER_MANY and program == "rocker":
            while index < len(arguments) and not arguments[index].startswith("-"):
                index += 1
            continue
        return []  # (an option not known here)
    if index >= len(arguments) or not is_known_image(arguments[index]):
        return []
    return [ShellPull(line, last, "rocker", "run", arguments[index])]


def _takes_next(arguments: list[str], index: int) -> bool:
    """Whether an optional value's option (``--nvidia``) takes the next word: one that is no
    option (argparse's ``nargs='?'`` takes it whatever it is)."""
    return index < len(arguments) and not arguments[index].startswith("-")


#: ctr's (containerd's CLI's) options before its command that take a value (containerd's
#: ``cmd/ctr/app/main.go``).
_CTR_GLOBAL_VALUES = frozenset(
    {"-a", "--address", "--timeout", "--connect-timeout", "-n", "--namespace"}
)
#: ``ctr images pull``'s options that take a value, and those that take none (containerd's
#: ``cmd/ctr/commands/images/pull.go``, with ``commands.RegistryFlags``).
_CTR_PULL_VALUES = frozenset(
    {"-u", "--user", "--refresh", "--hosts-dir", "--tlscacert", "--tlscert", "--tlskey",
     "--snapshotter", "--label", "--platform", "--max-concurrent-downloads"}
)  # fmt: skip
_CTR_PULL_FLAGS = frozenset(
    {"-k", "--skip-verify", "--plain-http", "--http-dump", "--http-trace", "--all-platforms",
     "--all-metadata", "--print-chainid", "--local", "-h", "--help"}
)  # fmt: skip
#: How ``ctr`` names its images command.
_CTR_IMAGES = frozenset({"images", "image", "i"})


def ctr_pull(arguments: list[str], line: int, last: int) -> list[ShellPull]:
    """The image ``ctr [-n NAMESPACE] images pull [OPTIONS] REF`` has containerd pull (its
    arguments expanded): node set-up scripts' pull into the ``k8s.io`` namespace, an
    air-gapped install's. ``ctr run`` pulls nothing (the image must be there)."""
    index = 0
    while index < len(arguments) and arguments[index].startswith("-"):
        option = arguments[index].partition("=")[0]
        plain = "=" not in arguments[index]
        index += 2 if option in _CTR_GLOBAL_VALUES and plain else 1
    group, verb = [*arguments[index : index + 2], "", ""][:2]
    if group not in _CTR_IMAGES or verb != "pull":
        return []
    images = _positionals(arguments[index + 2 :], _CTR_PULL_VALUES, _CTR_PULL_FLAGS)[:1]
    return [ShellPull(line, last, "ctr", "pull", image) for image in images
            if is_known_image(image)]  # fmt: skip


#: minikube's options (global, inherited by ``image pull``) that take a value, and those that
#: take none (minikube's documentation, "minikube image": "Options inherited from parent
#: commands").
_MINIKUBE_VALUES = frozenset(
    {"-p", "--profile", "-b", "--bootstrapper", "--log_dir", "--log_file", "--log_file_max_size",
     "--log_backtrace_at", "--stderrthreshold", "--alsologtostderrthreshold", "--user", "-v",
     "--v", "--vmodule"}
)  # fmt: skip
_MINIKUBE_FLAGS = frozenset(
    {"--add_dir_header", "--alsologtostderr", "--logtostderr", "--one_output", "--rootless",
     "--skip-audit", "--skip_headers", "--skip_log_headers",
     "--legacy_stderr_threshold_behavior"}
)  # fmt: skip


def minikube_pull(arguments: list[str], line: int, last: int) -> list[ShellPull]:
    """The images ``minikube image pull [OPTIONS] IMAGE…`` has the cluster's container runtime
    pull, each word after the options (a CI job's warm-up before its workspaces start:
    eclipse-che/che's ``minikube image pull quay.io/devfile/universal-developer-image:…``).
    ``minikube image load`` loads what the host has, and is no pull. An option not known
    here gives none.

    >>> [p.image for p in minikube_pull(["-p", "ci", "image", "pull", "busybox:1.37"], 1, 1)]
    ['busybox:1.37']
    >>> minikube_pull(["image", "load", "acme/app:dev"], 1, 1)
    []
    """
    index = 0
    while index < len(arguments) and arguments[index].startswith("-"):
        option = arguments[index].partition("=")[0]
        if option not in _MINIKUBE_VALUES and option not in _MINIKUBE_FLAGS:
            return []
        plain = "=" not in arguments[index]
        index += 2 if option in _MINIKUBE_VALUES and plain else 1
    if arguments[index : index + 2] != ["image", "pull"]:
        return []
    images: list[str] = []
    for word in _positionals(arguments[index + 2 :], _MINIKUBE_VALUES, _MINIKUBE_FLAGS):
        if word.startswith("-"):
            break  # (an option after the images: cobra allows it; the rest is no image)
        images.append(word)
    return [ShellPull(line, last, "minikube", "image pull", image) for image in images
            if is_known_image(image)]  # fmt: skip


def _positionals(arguments: list[str], values: frozenset[str], flags: frozenset[str]) -> list[str]:
    """The words after the options of a command (up to the first word of a ``run``'s command:
    only ``[:1]`` is used there); ``[]`` when an option is not one of ``values`` or ``flags``."""
    index = 0
    while index < len(arguments):
        word = arguments[index]
        if word == "--":
            return arguments[index + 1 :]
        if plain_text(word) == UNKNOWN and _is_option(
            arguments[index + 1 : index + 3], values, flags
        ):
            # `run $(USER_OPTIONS) -w /src IMAGE`: a value only a run knows, followed by the
            # command's own options, holds options too (an image would end them)
            index += 1
            continue
        if not word.startswith("-") or word == "-":
            return arguments[index:]
        if word.startswith("--"):
            option = word.partition("=")[0]
            if "=" not in word:
                if option in values:
                    index += 1
                elif option not in flags:
                    return []
        else:
            # A cluster of short options (``-it``, ``-eNAME=value``, ``-p8080:80``).
            for position in range(1, len(word)):
                option = f"-{word[position]}"
                if option in values:
                    if position == len(word) - 1:
                        index += 1  # (its value is the next word)
                    break
                if option not in flags:
                    return []
        index += 1
    return []


def interspersed(arguments: list[str], values: frozenset[str], flags: frozenset[str]) -> list[str]:
    """The operands of a command whose options may follow them (cobra's, as docker's and
    podman's ``pull`` read them): minikube's ``docker pull ${IMAGE_NAME} --platform
    linux/${ARCH}`` pulls one image, not ``linux/amd64`` too."""
    found: list[str] = []
    index = 0
    while index < len(arguments):
        rest = arguments[index:]
        words = _positionals(rest, values, flags)
        if not words:
            break
        if "--" in rest[: len(rest) - len(words)]:
            return found + words  # (after `--`, every word is an operand)
        found.append(words[0])
        index = len(arguments) - len(words) + 1
    return found


def _is_option(words: list[str], values: frozenset[str], flags: frozenset[str]) -> bool:
    """Whether the first of ``words`` is surely one of the command's options: a long one it
    knows (``--user``), or a short one with a value shaped for it (``-w /src``, ``-e A=1``,
    ``-p 80:80``), not a program's own ``-p 80`` or ``-c FILE`` after an image."""
    if not words or not words[0].startswith("-") or words[0] == "-":
        return False
    word = words[0]
    if word.startswith("--"):
        option = word.partition("=")[0]
        return option in values or option in flags
    value = word[2:] or (words[1] if len(words) > 1 else "")
    return word[:2] in values and any(mark in value for mark in "/=:")


def _never_pulls(arguments: list[str]) -> bool:
    """``--pull=never`` (or ``--pull never``) among a run's words."""
    for index, word in enumerate(arguments):
        if word == "--pull=never" or (
            word == "--pull" and arguments[index + 1 : index + 2] == ["never"]
        ):
            return True
    return False


def is_known_image(text: str) -> bool:
    """Whether a word is a whole reference, with nothing a run decides in it."""
    if not text or UNKNOWN in text or ENGINE in text or DOLLAR in text or "$" in text:
        return False
    return parse_or_error(text)[0] is not None


def skip_options(arguments: list[str], index: int) -> int:
    """The index of the first word after an engine's own options (``docker --context x``)."""
    while index < len(arguments) and arguments[index].startswith("-"):
        option = arguments[index]
        index += 2 if option in _GLOBAL_VALUES else 1
    return index


#: The exporters of ``--output type=…`` that make an image of a name (``image``, ``docker``:
#: the engine's store; ``registry``: pushed), not files (``local``, ``tar``, ``oci``).
_IMAGE_EXPORTERS = frozenset({"image", "docker", "registry"})


def _exported_names(output: str) -> list[str]:
    """The names an ``--output`` (``-o``) of ``docker buildx build`` gives the image it makes:
    ``type=image,name=NAME`` (BuildKit's CSV, ``name`` one or several at commas, quoted), as
    Docker documents its exporters (docs.docker.com/build/exporters/). bgruening/docker-galaxy's
    CI builds ``--output "type=image,name=quay.io/bgruening/$image_name:ci-testing"`` and the
    next step's build starts ``FROM`` it (survey 38c).

    >>> _exported_names('type=image,"name=a/b:1,c/d:2",push=true')
    ['a/b:1', 'c/d:2']
    >>> _exported_names("type=local,dest=out"), _exported_names("out/")
    ([], [])
    """
    import csv

    try:
        (fields,) = csv.reader([output])
    except (csv.Error, ValueError):
        return []
    pairs = [field.partition("=") for field in fields]
    if next((value for key, _, value in pairs if key == "type"), "") not in _IMAGE_EXPORTERS:
        return []
    return [name for key, _, value in pairs if key == "name" for name in value.split(",") if name]


def _build(engine: str, verb: str, arguments: list[str], line: int) -> ShellBuild:
    names: list[str] = []
    dockerfile: str | None = None
    target: str | None = None
    args: dict[str, str] = {}
    unresolved: dict[str, None] = {}
    leading: dict[str, str] = {}  # (the known text an unresolved argument starts with)
    shapes: dict[str, str] = {}  # (an unresolved argument's value as a name pattern)
    contexts: dict[str, str] = {}
    platforms: list[str] = []
    decided = True
    positional: list[str] = []
    index = 0

    def value() -> str | None:
        nonlocal index
        index += 1
        return arguments[index] if index < len(arguments) else None

    while index < len(arguments):
        word = arguments[index]
        given: str | None
        if word == "--":
            positional.extend(arguments[index + 1 :])
            break
        if word.startswith("--"):
            option, equals, given = word.partition("=")
            if not equals:
                given = None if option in _FLAGS else value()
        elif word.startswith("-") and len(word) > 1:
            option, given = word[:2], word[2:].removeprefix("=") or None
            if given is None and option not in _FLAGS:
                given = value()
        else:
            positional.append(word)
            index += 1
            continue
        index += 1
        if given is None:
            continue
        if option in ("-t", "--tag"):
            name = name_pattern(given)
            if name is not None:
                names.append(name)
        elif option in ("-o", "--output"):
            names += [name for export in _exported_names(given) if (name := name_pattern(export))]
        elif option == "--build-arg-file":
            decided = False  # (podman's and buildah's arguments from a file: not read here)
        elif option in ("-f", "--file"):
            dockerfile = _known_path(given)
            decided = decided and dockerfile is not None
        elif option == "--target":
            target = known(given)
            decided = decided and target is not None
        elif option == "--build-arg":
            key, equals, setting = given.partition("=")
            if known(key) is None:
                continue  # (which argument, a run decides)
            unresolved.pop(key, None)
            unresolved.pop(FROM_ENVIRONMENT + key, None)
            args.pop(key, None)
            leading.pop(key, None)
            shapes.pop(key, None)
            if not equals:
                unresolved[FROM_ENVIRONMENT + key] = None  # (the shell's, see _situated)
            elif known(setting) is None and setting:
                unresolved[key] = None
                start = plain_text(setting).partition(UNKNOWN)[0]
                if start:  # (`registry.k8s.io/ingress-nginx/nginx:` and a run's tag)
                    leading[key] = start
                shape = name_pattern(setting)
                if shape is not None:  # (`ghcr.io/*/api` of a name another build tags)
                    shapes[key] = shape
            else:
                args[key] = setting
        elif option == "--build-context":
            key, equals, setting = given.partition("=")
            if equals and known(key) is not None:
                contexts[key] = known(setting) or ""  # ("": files, as far as is known here)
        elif option == "--platform":
            platforms.extend(part for part in given.split(",") if known(part) is not None)
    # (a word that is wholly a run's, ``$(PUSH) $(EXTRA_OPTS)``, is taken for options: the
    # engine takes one context only, so the word written out is it)
    settled = [word for word in positional if plain_text(word) != UNKNOWN] or positional
    context = _known_path(settled[0]) if len(settled) == 1 else None
    if not positional and engine in _CWD_CONTEXT:
        # (no context written: podman's and buildah's is the directory the command runs in,
        # "If no context directory is specified, then Buildah will assume the current working
        # directory as build context" (buildah-build(1), podman-build(1)); docker's and
        # nerdctl's build needs one. bioconda-utils: `cd images/NAME; buildah bud --build-arg=…`)
        context = "."
    # (a ``-f`` names the Dockerfile from where the command runs, whatever the context: its
    # ``FROM``\ s do not depend on it; kueue's ``-f Dockerfile … $(ROOT_DIR)``)
    return ShellBuild(
        line, engine, verb, names, dockerfile=dockerfile, context=context, target=target,
        args=args.items(), unresolved=unresolved, contexts=contexts.items(),
        platforms=platforms, decided=decided and (context is not None or dockerfile is not None),
        leading=leading.items(), shapes=shapes.items(),
    )  # fmt: skip


def _known_path(text: str) -> str | None:
    """A build's path when a run cannot change it: :func:`known`, or one in the script's
    directory, placed later (see ``ShellReader._from_start``)."""
    marked = script_directory(text)
    if marked is not None:
        return text if known(marked[1]) is not None or not marked[1] else None
    rest = repository_path(text)  # (`$TOP/src/test/docker/checks`, TOP the git toplevel)
    if rest is not None:
        return text if known(rest) is not None or not rest else None
    return known(text)


#: Marks a build argument ``--build-arg NAME`` takes from the environment (put in later).
FROM_ENVIRONMENT = "\ue003"


def file_option(arguments: list[str]) -> str | None:
    """The Dockerfile a build's words name (``-f FILE``, ``--file FILE``, ``--file=FILE``), as
    given; ``None``: none.

    >>> file_option(["build", "-f", "ci/x.Dockerfile", "."])
    'ci/x.Dockerfile'
    """
    for index, word in enumerate(arguments):
        if word in ("-f", "--file") and index + 1 < len(arguments):
            return arguments[index + 1]
        if word.startswith("--file="):
            return word[len("--file=") :]
    return None


def name_at(text: str, start: int) -> str:
    """The parameter name that starts at ``start`` in ``text`` (``""``: none): a variable's,
    or a positional parameter's digits.

    >>> name_at("${V:-1}", 2), name_at("$10", 1), name_at("${#V}", 2)
    ('V', '10', '')
    """
    end = start
    if end < len(text) and text[end].isdigit():
        while end < len(text) and text[end].isdigit():
            end += 1
        return text[start:end]
    while end < len(text) and (text[end] == "_" or text[end].isalnum()) and text[end].isascii():
        end += 1
    return text[start:end] if end > start and not text[start].isdigit() else ""


def known(text: str) -> str | None:
    """``text`` when a run cannot change it."""
    return None if UNKNOWN in plain_text(text) or not text else text


def only_unknown(text: str) -> bool:
    """Whether ``text`` is nothing but what a run decides (an unset variable's expansion)."""
    return plain_text(text) == UNKNOWN

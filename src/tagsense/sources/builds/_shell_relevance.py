"""What in shell text may pull, build or run an image: the cheap sniffs before a reading.

:func:`may_pull` says whether a file's bytes may hold a command that pulls (an engine's ``run``,
``pull``, ``create``, buildah's ``from``, a registry tool, ``kubectl``); :func:`_relevant` and
:func:`_relevant_to_pulls` whether a chunk of a script (a line, a function's body) may matter to
:class:`.shell.ShellReader` at all, so that what cannot is passed over unread.
"""

from __future__ import annotations

import functools

from ..._lazy import lazy_pattern
from ..discover import may_build
from ._engine_commands import GH_AW_DOWNLOAD, KO_BASE_VARIABLE
from ._shell_values import ENGINE, REGISTRY_TOOLS


def may_pull(data: bytes) -> bool:
    """A quick look at a file's bytes: whether a command in it could pull or run an image.

    >>> may_pull(b"docker run --rm alpine:3.20 true"), may_pull(b"npm run build")
    (True, False)
    >>> may_pull(b"kubectl set image deploy/web web=nginx:1.27")
    True
    """
    if _may_pull_by_tool(data):
        return True
    if (
        b"run" not in data
        and b"pull" not in data
        and b"create" not in data
        and b"buildah from" not in data
        and b"--image" not in data  # (`docker service update --image`)
    ):
        return False
    return any(word in data for word in _PULL_ENGINE_BYTES)


def _may_pull_by_words(data: bytes) -> bool:
    """:func:`may_pull`, an engine's verb a word of its own (``run``, not ``runc`` nor
    ``_run_podman_quiet``): whether a function's body, with a call's words, may pull.

    >>> _may_pull_by_words(b'podman "$@" ps -a'), _may_pull_by_words(b'podman "$@" run x')
    (False, True)
    """
    if _may_pull_by_tool(data, words=True):
        return True
    if _PULL_VERB.search(data) is None:
        return b"buildah" in data and _BUILDAH_FROM.search(data) is not None
    return any(word in data for word in _PULL_ENGINE_BYTES)


def _may_build_by_words(data: bytes) -> bool:
    """:func:`may_build`, a build's verb a word of its own (``build``, not the ``build`` of
    ``buildah``): whether a function's body, with a call's words, may build.

    >>> _may_build_by_words(b'buildah "$@"\\nbuild -t x .'), _may_build_by_words(b'buildah "$@" ps')
    (True, False)
    """
    return _BUILD_VERB.search(data) is not None and may_build(data)


def builds_in(chunk: str) -> bool:
    """Whether a line's command substitution (``id=$(tar … | docker import - $IMAGE)``,
    ``cid=$(docker commit c acme/app:snap)``) may build or name an image, to be read for it.

    >>> builds_in('id=$(docker build -q -t acme/x .)'), builds_in('v=$(git describe)')
    (True, False)
    """
    return "$(" in chunk and _may_build_by_words(chunk.encode())


#: What :func:`may_build` looks for, a build's verb a word of its own.
_BUILD_VERB = lazy_pattern(
    rb"(?<![\w.])(?:build|bud|tag|manifest|bake|commit|import)(?![\w.])|compose|copy|cp |push"
    rb"|publish|Publish|mkctr"
)


def _may_pull_by_tool(data: bytes, *, words: bool = False) -> bool:
    """Whether ``data`` may pull with another tool than an engine's ``run``/``pull`` (with
    ``words``, kubectl's name a word of its own: ``oc``, not the ``oc`` of ``local``)."""
    if b"image" in data and (
        _KUBECTL_WORD.search(data) is not None
        if words
        else any(word in data for word in _KUBECTL_BYTES)
    ):
        return True  # (every kubectl command that runs an image says --image, or image)
    if b"faas-cli" in data and b"--image" in data:
        return True  # (`faas-cli deploy --image`)
    if KO_BASE_VARIABLE.encode() in data:
        return True  # (`KO_DEFAULTBASEIMAGE=IMAGE ko build`: see ko_base)
    if b"mkctr" in data:
        return True  # (`mkctr --base=IMAGE`: see ._mkctr)
    if b"industrial_ci/gitlab.sh" in data or b"industrial_ci/bitbucket.sh" in data:
        return True  # (industrial_ci's container: see ShellReader._industrial_ci)
    if b"features test" in data:
        return True  # (`devcontainer features test -i IMAGE`)
    if b"rocker" in data or b"detect_docker_image_os" in data:
        return True  # (`rocker [OPTIONS] IMAGE`: see rocker_image)
    if b"jib.from.image" in data:
        return True  # (`mvn jib:build -Djib.from.image=IMAGE`: see ._jib_cli)
    if b"<<" in data and b"FROM " in data and (b"Dockerfile" in data or b"Containerfile" in data):
        return True  # (`cat > Dockerfile <<EOF`: see ShellReader._dockerfile_document)
    if b"image.repository=" in data and b"helm" in data:
        return True  # (`helm install --set image.repository=…` of a chart not the project's)
    if (b"promu" in data and b"crossbuild" in data) or b"prometheus/promci/build" in data:
        return True  # (`promu crossbuild`, and the action that runs it: see ._promu)
    if b"pack build" in data:
        return True  # (the Buildpacks CLI's `pack build NAME --builder B`: see ._pack_cmd)
    if (b"--platform" in data or b"-P" in data) and _ACT_WORD.search(data) is not None:
        return True  # (nektos/act's `act -P ubuntu-latest=IMAGE`: see act_platform_images)
    return any(tool in data for tool in _REGISTRY_TOOL_BYTES)  # (`crane pull`, `skopeo copy`)


#: An engine's verb that pulls, a word of its own.
_PULL_VERB = lazy_pattern(rb"(?<![\w.-])(?:run|pull|create)(?![\w.-])")


#: kubectl's (or ``oc``'s) name, a word of its own or a variable's (``$KUBECTL_BIN``).
_KUBECTL_WORD = lazy_pattern(rb"kubectl|KUBECTL|(?<![\w.-])(?:oc|OC)(?![\w.-])")


#: ``act``, a command's word of its own (not ``react``, ``act.sh``, ``--act``).
_ACT_WORD = lazy_pattern(rb"(?<![\w.$-])act(?![\w.-])")


#: ``from``, a word of its own: ``buildah from IMAGE`` pulls it (see :func:`_buildah_pull`).
_BUILDAH_FROM = lazy_pattern(rb"(?<![\w.-])from(?![\w.-])")


#: How an engine that pulls is written (``docker``, ``$(DOCKER)``, ``podman``, ``nerdctl``),
#: or kind and k3d, whose ``create cluster --image`` and ``cluster create --image`` run a node
#: image.
_PULL_ENGINE_BYTES = (
    b"docker", b"DOCKER", b"Docker", b"podman", b"PODMAN", b"nerdctl", b"kind", b"k3d", b"K3D",
    b"crictl", b"CRICTL", b"ctr", b"CTR", b"buildah", b"minikube",
)  # fmt: skip


#: How a registry tool is written, or a variable that may hold it (``$(CRANE)``).
_REGISTRY_TOOL_BYTES = (b"crane", b"CRANE", b"skopeo", b"SKOPEO", b"oras", b"ORAS", b"regctl",
                        b"REGCTL")  # fmt: skip


#: How kubectl (or OpenShift's ``oc``) is written, or a variable that may hold it.
_KUBECTL_BYTES = (b"kubectl", b"KUBECTL", b"oc", b"OC")


#: What a function's body may say that makes a call of it count, besides pulls and builds:
#: a compose command, a chart's install.
_ACTING_WORDS = ("compose", "helm", "ct ")


#: Words without which a line neither sets a variable, runs a build or compose, changes
#: directory, nor opens a here-document.
_RELEVANT = (
    "=", "build", "bud", "tag", "manifest", "<<", "cd", "pushd", "popd", "compose", "export",
    "source", "helm", "ct ", "declare", "shift", "load", "set -a", "set +a", "allexport",
    "commit", "import", "push", "envsubst", "e2e run", "e2e setup", "apko", "bake", "goreleaser",
    "BuildImage",  # (Gradle's `bootBuildImage --imageName NAME`: see ._jib_cli)
)  # fmt: skip


#: What a line that runs or pulls an image has: a verb, and an engine (or what may name one).
_PULL_VERBS = ("run", "pull", "create", "from")


_PULL_ENGINES_WRITTEN = ("docker", "podman", "nerdctl", "buildah", "kind", "k3d", "crictl",
                         "ctr", "minikube", "$", "`", ENGINE)  # fmt: skip


_KUBECTL_WRITTEN = ("kubectl", "oc", "$", "`", ENGINE)


#: What a line that starts or ends a branch has (see :func:`_branching`).
_BRANCHING_WRITTEN = ("fi", "el", "if", "case", "esac", "exit", ";;", ";&", "*")


@functools.lru_cache(maxsize=8192)
def _relevant(chunk: str) -> bool:
    """Whether a line may set a variable or build (kept: a function's body is read again at
    each of its calls, a Bats suite's helpers hundreds of times a file)."""
    return (
        any(word in chunk for word in _RELEVANT)
        or (
            any(word in chunk for word in _BRANCHING_WRITTEN)
            and _BRANCHING.search(chunk) is not None
        )
        or (("." in chunk) and _DOT_COMMAND.search(chunk) is not None)
        or (
            ("copy" in chunk or "cp " in chunk or "push" in chunk)
            and any(tool in chunk.lower() for tool in REGISTRY_TOOLS)
        )  # (a registry tool's copy or push makes its destination: see ._registry_tools)
        or (
            ("localhost:" in chunk or "127.0.0.1:" in chunk or "-p" in chunk)
            and ("run" in chunk or "pull" in chunk or "create" in chunk)
        )  # (a port a container publishes, and a registry it serves: see served_images)
        or ("<<" in chunk and "ssh" in chunk)  # (the commands a remote shell reads: _remote)
        or ("sed " in chunk and ">" in chunk)  # (a file it fills in: _write_rendered)
        or ("eval" in chunk and ("$(" in chunk or "`" in chunk))  # (`eval $(head .env)`)
        or (
            ("sed " in chunk or "cp " in chunk or "mv " in chunk or "cat " in chunk)
            and "env" in chunk
        )  # (a .env copied, then edited in place: _copy_dotenv, _edit_in_place)
    )


#: ``. FILE``: a file sourced (see ``._sourced``).
_DOT_COMMAND = lazy_pattern(r"(?:^|[\s;&|(])\.[ \t]+[^\s;&|]")


#: A conditional's word, which starts or ends a branch (see ``._branches``).
_BRANCHING = lazy_pattern(
    r"(?:^|[\s;&|(])(?:if|then|elif|else|fi|case|esac|exit)(?=$|[\s;&|)])"
    r"|;;|;&|(?:^|[\s(|])\*\s*\)"
)


def _runs_image(value: str) -> bool:
    """Whether a variable's value may be a command that runs or pulls an image (an engine's
    name and a verb, as words)."""
    words = value.split()
    return (
        len(words) >= 2
        and words[0].rpartition("/")[2] in _COMMAND_ENGINES
        and any(verb in words for verb in _PULL_VERBS)
    )


def _builds_image(value: str) -> bool:
    """Whether a variable's value may be a command that builds an image (an engine's name
    and a build verb, as words: ``docker buildx build --platform linux/amd64``)."""
    words = value.split()
    return (
        len(words) >= 2
        and words[0].rpartition("/")[2] in _COMMAND_ENGINES
        and any(verb in words for verb in _BUILD_VERBS_WRITTEN)
    )


#: The verbs of an engine's build command (``docker build``, ``buildx build``, ``buildah bud``).
_BUILD_VERBS_WRITTEN = ("build", "bud")


#: A shell given its script as a word (``sh -c``, ``bash -ec``), or ``eval``.
_RUNS_SCRIPT_TEXT = lazy_pattern(r"\b(?:(?:ba|da|z|k)?sh\s+-[a-z]*c\b|eval\s)")


#: The names of the variables a line expands (``$NAME``, ``${NAME}``).
_NAMED_VARIABLES = lazy_pattern(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")


#: The engines a variable's command may start with (``sudo docker`` is read as a wrapper's).
_COMMAND_ENGINES = frozenset({"docker", "podman", "nerdctl", "buildah", "sudo"})


@functools.lru_cache(maxsize=8192)
def _relevant_to_pulls(chunk: str) -> bool:
    """:func:`_relevant`, or whether a line may pull (kept as that one is)."""
    if _relevant(chunk):
        return True
    if "image" in chunk and any(name in chunk for name in _KUBECTL_WRITTEN):
        return True  # (kubectl run --image, set image)
    if GH_AW_DOWNLOAD in chunk:
        return True
    if "crossbuild" in chunk:
        return True  # (`promu crossbuild`)
    if any(tool in chunk.lower() for tool in REGISTRY_TOOLS):
        return True  # (`crane pull`, `skopeo copy`…)
    if "ko " in chunk:
        return True  # (`ko apply` with a KO_DEFAULTBASEIMAGE: see ko_base)
    if "mkctr" in chunk:
        return True  # (`mkctr --base=IMAGE`: see ._mkctr)
    if "features test" in chunk:
        return True  # (`devcontainer features test -i IMAGE`)
    if "industrial_ci/" in chunk:
        return True  # (`.industrial_ci/gitlab.sh`: see ShellReader._industrial_ci)
    if "rocker" in chunk:
        return True  # (`rocker [OPTIONS] IMAGE`: see rocker_image)
    if "service" in chunk and "--image" in chunk:
        return True  # (`docker service update --image`)
    if "[@]" in chunk or "[*]" in chunk:
        # (`docker "${DOCKER_ARGS[@]}"`: the verb and the image are the array's words;
        # ObolNetwork/charon-distributed-validator-node's scripts/edit/add-validators.sh)
        return any(engine in chunk for engine in _PULL_ENGINES_WRITTEN)
    return any(verb in chunk for verb in _PULL_VERBS) and any(
        engine in chunk for engine in _PULL_ENGINES_WRITTEN
    )

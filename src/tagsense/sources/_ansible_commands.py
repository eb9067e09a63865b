"""The images an Ansible ``command`` or ``shell`` task pulls with a container engine's CLI.

Roles pull with the engine's own command when no module fits: ceph-ansible's
``{{ container_binary }} pull {{ ceph_docker_registry }}/{{ ceph_docker_image }}:…``,
``{{ bin_dir }}/crictl pull …``, ``nerdctl -n k8s.io pull --quiet …``, ``ctr image pull …``.
What is read: a word that is an engine (``docker``, ``podman``, ``nerdctl``, ``crictl``,
``ctr``, by its file's name; or ``{{ name }}`` whose name says it is one:
``container_binary``, ``docker_cmd``, ``podman_bin`` …), its global options, ``pull`` (or
``image pull``), the pull's options, then the image (``docker://`` taken off; a copy from a
local store, ``docker-daemon:…``, is no pull). A word the shell fills in (``$IMAGE``,
`` `…` ``) is the run's: no image is read from it.
"""

from __future__ import annotations

import re

__all__ = ["pulled_images"]

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_ENGINES = frozenset({"docker", "podman", "nerdctl", "crictl", "ctr"})
#: ``{{ container_binary }}``: a variable whose name says it is an engine's command.
_ENGINE_VARIABLE = re.compile(
    r"\{\{\s*(?:[a-z_]*_)?(?:docker|podman|nerdctl|crictl|container_(?:binary|engine|cmd|command|bin|cli|runtime_bin))"
    r"(?:_(?:bin|binary|cmd|command|cli|exe|path))?\s*\}\}$"
)
#: Global options that take a value (``nerdctl -n k8s.io``, ``docker -H host``).
_GLOBAL_VALUES = frozenset(
    {"-n", "--namespace", "-H", "--host", "--context", "-c", "-a", "--address", "-r",
     "--runtime-endpoint", "-i", "--image-endpoint", "--connection", "--url", "--root",
     "--config", "--log-level", "-l"}
)  # fmt: skip
#: ``pull`` options that take a value.
_PULL_VALUES = frozenset(
    {"--platform", "--creds", "--user", "-u", "--authfile", "--cert-dir", "--auth", "--pod-config",
     "-p", "--snapshotter", "--arch", "--os", "--variant", "--retry", "--retry-delay",
     "--decryption-key", "--policy", "--label", "--annotation", "--unpack", "--username"}
)  # fmt: skip
#: ``podman pull docker-daemon:IMAGE`` copies from the host, not a registry.
_LOCAL_TRANSPORTS = (
    "docker-daemon:", "containers-storage:", "oci:", "oci-archive:", "docker-archive:", "dir:"
)  # fmt: skip
_SEPARATORS = re.compile(r"&&|\|\||[;|\n]")
_SHELL_FILLED = re.compile(r"[$`]")


def pulled_images(command: str) -> list[str]:
    """The image words (as written, Jinja kept) that the command's engine calls pull."""
    masked, pieces = _masked(command)
    found: list[str] = []
    for part in _SEPARATORS.split(masked):
        words = [_unmask(word, pieces) for word in part.split()]
        image = _pulled(words)
        if image is not None and not _SHELL_FILLED.search(_JINJA.sub("", image)):
            found.append(image)
    return found


def _masked(command: str) -> tuple[str, list[str]]:
    """The command with each ``{{ … }}`` made one word without spaces or separators."""
    pieces: list[str] = []

    def hide(match: re.Match[str]) -> str:
        pieces.append(match[0])
        return f"\x00{len(pieces) - 1}\x00"

    return _JINJA.sub(hide, command), pieces


def _unmask(word: str, pieces: list[str]) -> str:
    word = re.sub(r"\x00(\d+)\x00", lambda m: pieces[int(m[1])], word)
    if len(word) >= 2 and word[0] == word[-1] and word[0] in "'\"":
        word = word[1:-1]
    return word


def _pulled(words: list[str]) -> str | None:
    for index, word in enumerate(words):
        if _is_engine(word):
            return _after_engine(words[index + 1 :])
    return None


def _is_engine(word: str) -> bool:
    name = word.rsplit("/", 1)[-1]
    return name in _ENGINES or _ENGINE_VARIABLE.match(word.strip()) is not None


def _after_engine(words: list[str]) -> str | None:
    index = _skip_options(words, 0, _GLOBAL_VALUES)
    if index < len(words) and words[index] in ("image", "images", "i"):
        index += 1
    if index >= len(words) or words[index] != "pull":
        return None
    index = _skip_options(words, index + 1, _PULL_VALUES)
    if index >= len(words) or words[index].startswith("-"):
        return None
    image = words[index]
    if image.startswith(_LOCAL_TRANSPORTS):
        return None  # (podman's copy from a local store or archive: no registry's pull)
    return image.removeprefix("docker://")


def _skip_options(words: list[str], index: int, with_values: frozenset[str]) -> int:
    while index < len(words) and words[index].startswith("-"):
        index += 2 if words[index] in with_values else 1
    return index

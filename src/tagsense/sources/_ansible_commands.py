"""The images an Ansible ``command`` or ``shell`` task pulls with a container engine's CLI.

Roles pull with the engine's own command when no module fits: ceph-ansible's
``{{ container_binary }} pull {{ ceph_docker_registry }}/{{ ceph_docker_image }}:…``,
``{{ bin_dir }}/crictl pull …``, ``nerdctl -n k8s.io pull --quiet …``, ``ctr image pull …``.
The command is read by the shell reader (:class:`.builds.shell.ShellReader`, its pulls), as a
script's would be, once its Jinja is put aside:

- each ``{{ … }}`` (and ``{% … %}``) is a placeholder word the reader takes as a name
  (``jinja0x``; after ``@``, a digest): ``{{ registry }}/{{ image }}:{{ tag }}`` is an image
  it reads, and the image found is given back with the Jinja as written;
- a ``{{ name }}`` whose name says it is an engine (``container_binary``, ``docker_cmd``,
  ``podman_bin`` …) is that engine (``docker`` when the name says none);
- Jinja words just before an engine at a command's start (ceph-ansible's ``{{
  timeout_command }} {{ container_binary }} pull …``) are what runs it: left out.

What the shell reader reads is what is read: ``pull`` (``image pull``) of docker, podman and
nerdctl, ``crictl pull``, ``ctr images pull``; a copy from a local store (``podman pull
docker-daemon:…``) is no pull; a word the shell fills in (``$IMAGE``, `` `…` ``) is the run's.
"""

from __future__ import annotations

import re

from .._lazy import lazy_pattern

__all__ = ["pulled_images"]

_JINJA = lazy_pattern(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
#: ``{{ container_binary }}``: a variable whose name says it is an engine's command.
_ENGINE_VARIABLE = lazy_pattern(
    r"\{\{\s*(?:[a-z_]*_)?(?:docker|podman|nerdctl|crictl|container_(?:binary|engine|cmd|command|bin|cli|runtime_bin))"
    r"(?:_(?:bin|binary|cmd|command|cli|exe|path))?\s*\}\}$"
)
#: The engines a variable's name may say (else ``docker``: docker's and podman's pulls read
#: alike).
_NAMED_ENGINES = ("podman", "nerdctl", "crictl")
#: Jinja words at a command's start, before an engine: a wrapper of it (``timeout …``).
_LEADING = (
    r"(?P<start>(?:^|[;&|(\n])[ \t]*)(?:{}\d+x[ \t]+)+"
    r"(?=(?:\S*/)?(?:docker|podman|nerdctl|crictl|ctr)(?:[ \t;&|)]|$))"
)
#: The pulls' engines kept (the shell reader's runs and registry tools' copies are not
#: read here).
_ENGINES = frozenset({"docker", "podman", "nerdctl", "crictl", "ctr"})


def pulled_images(command: str) -> list[str]:
    """The image words (as written, Jinja kept) that the command's engine calls pull."""
    from .builds.shell import ShellReader

    prefix = "jinja"  # (a placeholder is a name's component, or a tag: `jinja0x`)
    while re.search(rf"{prefix}\d+x", command):
        prefix += "q"  # (one the text does not have)
    tokens: list[tuple[str, str]] = []  # (each placeholder, and the Jinja it stands for)

    def hide(match: re.Match[str]) -> str:
        piece = match[0]
        if _ENGINE_VARIABLE.match(piece) is not None:
            return next((name for name in _NAMED_ENGINES if name in piece), "docker")
        before = match.string[max(0, match.start() - 8) : match.start()]
        if before.endswith("@sha256:"):
            token = f"{'e' * 56}{len(tokens):08x}"  # (a digest's hex)
        elif before.endswith("@"):
            token = f"sha256:{'d' * 56}{len(tokens):08x}"
        else:
            token = f"{prefix}{len(tokens)}x"
        tokens.append((token, piece))
        return token

    masked = re.sub(_LEADING.format(prefix), r"\g<start>", _JINJA.sub(hide, command), flags=re.M)
    reader = ShellReader(pulls=True)
    reader.read(masked)
    found: list[str] = []
    for pull in reader.pulls or ():
        if pull.verb != "pull" or pull.engine not in _ENGINES or pull.path is not None:
            continue
        image = pull.image
        for token, piece in tokens:
            image = image.replace(token, piece)
        found.append(image)
    return list(dict.fromkeys(found))

"""The container a ``ros-industrial/industrial_ci`` step runs its ROS build and tests in.

industrial_ci (``industrial_ci/src/isolation/docker.sh``) runs in ``docker pull
$DOCKER_IMAGE``; without ``DOCKER_IMAGE`` the image is ``$OS_NAME:$OS_CODE_NAME``, the
release of Ubuntu (or Debian) that ``ROS_DISTRO`` is built for (``ros.sh``: ``noetic`` is
``ubuntu:focal``, ``humble`` ``ubuntu:jammy``), unless ``OS_CODE_NAME`` names another
(``env.sh``: a Debian codename makes ``OS_NAME`` ``debian``). A prerelease test
(``PRERELEASE: true``) runs in ``ros:noetic-ros-core`` unless ``DOCKER_IMAGE`` says otherwise,
a ``BLACK_CHECK`` with no ``ROS_DISTRO`` in ``python:3``; ``ISOLATION: shell`` runs in the
job's own machine (no container). The options are the step's environment: the workflow's,
the job's and the step's ``env`` (moveit2's ``env: ${{ matrix.env }}``: the matrix's
mappings), and the action's ``config`` input (``${{ toJSON(matrix.config) }}``), which
``.github/action.sh`` exports last.
"""

from __future__ import annotations

import re

from ..._lazy import lazy_pattern
from ..._vocabulary import APP_CODENAME_OS
from .._yaml import scalar
from ._scanner import Resolved, fields

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    import yaml

    from ._scanner import Resolutions, Scanner

__all__ = ["ACTION", "OPTIONS", "image_of", "industrial_ci_images"]

#: The action.
ACTION = "ros-industrial/industrial_ci"

#: The Ubuntu release each ROS distribution is built for, as industrial_ci's ``ros.sh``
#: (``_set_ros_defaults``) sets ``OS_CODE_NAME``: REP 2000's (the tag reader's table), and
#: Rolling on the newest.
ROS_RELEASES = {**APP_CODENAME_OS["ros"], "rolling": "noble"}
#: The codenames for which ``env.sh`` makes ``OS_NAME`` ``debian`` (its own list, as written).
_DEBIAN = frozenset({"jessie", "stretch", "buster", "bullseye", "bookwork", "trixie"})
#: Debian's codenames: an image of the other family named by one of them (``debian:focal``,
#: ``ubuntu:bookworm``) is none, whose pull fails (industrial_ci's own tests expect it to).
_DEBIAN_RELEASES = frozenset({"jessie", "stretch", "buster", "bullseye", "bookworm", "trixie"})
#: The options that decide the image, in the order of the text resolved.
OPTIONS = (
    "DOCKER_IMAGE",
    "DOCKER_BASE_IMAGE",  # (deprecated: DOCKER_IMAGE's old name)
    "ROS_DISTRO",
    "OS_CODE_NAME",
    "OS_NAME",
    "ISOLATION",
    "PRERELEASE",
    "ABICHECK_URL",
    "CLANG_FORMAT_CHECK",
    "BLACK_CHECK",
)
_SEPARATOR = "\x1f"
#: A path of the expression context (``matrix.env``), the whole of a step's ``env`` or of
#: its ``config`` (inside ``toJSON(…)``).
_WHOLE = lazy_pattern(r"\$\{\{\s*(?:toJSON\(\s*)?([A-Za-z_][\w.-]*)\s*\)?\s*\}\}", re.I)


def industrial_ci_images(
    scanner: Scanner,
    step: yaml.Node,
    envs: Sequence[tuple[yaml.Node | None, str]],
    where: str,
    context: dict[str, object],
    resolve: Callable[[str], Resolutions] | None,
) -> None:
    """The image an industrial_ci step (at ``where``) runs in, for each matrix combination
    (``envs``: the ``env`` of the workflow, the job and the step, each with where it is;
    ``resolve``: the step's, with those put in)."""
    step_fields = fields(step)
    uses = step_fields.get("uses")
    action = (scalar(uses) or "").partition("@")[0]
    if resolve is None or (action.lower() != ACTION and not _local_copy(action, scanner.path)):
        return
    defined: dict[str, tuple[yaml.Node, str]] = {}
    for node, where in envs:
        for name, value in fields(node).items():
            defined[name] = (value, f"{where}.{name}")
    # (the mappings a run gives whole: the step's `env: ${{ matrix.env }}`, then `config`)
    wholes: list[tuple[str, yaml.Node, str]] = []
    step_env = step_fields.get("env")
    config = fields(step_fields.get("with")).get("config")
    for node, place in ((step_env, "env"), (config, "with.config")):
        text = scalar(node) if node is not None else None
        if text is None or "${{" not in text:
            continue
        whole = _WHOLE.fullmatch(text.strip())
        if whole is None:
            return  # (a mapping only a run has: which image is not known here)
        wholes.append((whole.group(1), node, place))  # type: ignore[arg-type]
    parts = []
    for option in OPTIONS:
        expression = f"env.{option}" if option in defined else "''"
        for path, _, _ in wholes:
            expression = f"{path}.{option} || {expression}"
        parts.append("${{ " + expression + " }}")
    resolutions = resolve(_SEPARATOR.join(parts))
    images: Resolutions = []
    for resolved, extra in resolutions:
        values = dict(zip(OPTIONS, resolved.text.split(_SEPARATOR), strict=False))
        if any("${{" in value for value in values.values()):
            continue  # (an option only a run has)
        image = image_of(values)
        if image is not None:
            images.append((Resolved(image, used=resolved.used), extra))
    if not images:
        return
    node, at = _written_at(defined, wholes, uses, where)
    found = {**context, "field": "env", "action": ACTION}
    scanner.image(node, at, found, resolve=lambda _: images)


def _local_copy(action: str, path: str | None) -> bool:
    """Whether a local action (``uses: ./``) is industrial_ci itself: its ``action.yml``
    names it (industrial_ci's own workflows test it so)."""
    if not action.startswith("./") or path is None:
        return False
    import os

    from . import _checkout

    directory = os.path.join(_checkout(path) or "", action)
    for name in ("action.yml", "action.yaml"):
        try:
            with open(os.path.join(directory, name), "rb") as handle:
                head = handle.read(1024)
        except OSError:
            continue
        return re.search(rb"^name:\s*['\"]?ROS industrial_ci['\"]?\s*$", head, re.M) is not None
    return False


def image_of(options: Mapping[str, str]) -> str | None:
    """The image industrial_ci pulls with these options, any of :data:`OPTIONS` (an absent
    one is unset; ``None``: none, or an error).

    >>> image_of({"ROS_DISTRO": "noetic"}), image_of({"OS_CODE_NAME": "buster"})
    ('ubuntu:focal', 'debian:buster')
    >>> image_of({"ROS_DISTRO": "noetic", "OS_NAME": "debian"}) is None  # (debian:focal)
    True
    >>> image_of({"ROS_DISTRO": "kinetic", "DOCKER_IMAGE": "ros:kinetic"})
    'ros:kinetic'
    """
    values = {name: options.get(name, "") for name in OPTIONS}
    if values["ISOLATION"] == "shell":
        return None  # (CI=true on GitHub: the job's own machine)
    image = values["DOCKER_IMAGE"] or values["DOCKER_BASE_IMAGE"]
    distro = values["ROS_DISTRO"]
    if values["PRERELEASE"] == "true":
        image = image or "ros:noetic-ros-core"
    elif not (values["ABICHECK_URL"] or values["CLANG_FORMAT_CHECK"] or distro):
        # (the black check, which needs no ROS, when no other test is chosen first)
        image = image or ("python:3" if values["BLACK_CHECK"] == "true" else "")
    if image:
        return image
    code = values["OS_CODE_NAME"]
    os_name = "debian" if code in _DEBIAN else values["OS_NAME"] or "ubuntu"
    if distro and distro != "false":
        if distro not in ROS_RELEASES:
            return None  # ("ROS_DISTRO '…' is not supported")
        code = code or ROS_RELEASES[distro]
    if not code or (os_name == "debian") != (code in _DEBIAN_RELEASES):
        return None
    return f"{os_name}:{code}"


def _written_at(
    defined: dict[str, tuple[yaml.Node, str]],
    wholes: list[tuple[str, yaml.Node, str]],
    uses: yaml.Node | None,
    where: str,
) -> tuple[yaml.Node | None, str]:
    """Where the image is said: ``DOCKER_IMAGE`` where it is written, else the mapping a run
    gives, else the option that names the release, else the step's ``uses``."""
    if "DOCKER_IMAGE" in defined:
        return defined["DOCKER_IMAGE"]
    if wholes:
        return wholes[-1][1], f"{where}.{wholes[-1][2]}"
    for option in ("DOCKER_BASE_IMAGE", "ROS_DISTRO", "OS_CODE_NAME"):
        if option in defined:
            return defined[option]
    return uses, f"{where}.uses"

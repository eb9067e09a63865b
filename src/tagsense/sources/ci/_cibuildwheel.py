"""The container images a ``pypa/cibuildwheel`` step builds Linux wheels in, when the
workflow names them.

cibuildwheel builds each Linux wheel in a manylinux or musllinux container; the options
``CIBW_MANYLINUX_<ARCH>_IMAGE`` and ``CIBW_MUSLLINUX_<ARCH>_IMAGE`` (the ``env`` of the
workflow, the job or the step) choose it, for the architecture ARCH. Their value is the
name of an image cibuildwheel pins itself (``manylinux2014``, ``manylinux_2_28``: which one
depends on its version, so it is not read), or an image, which it pulls: psycopg's
``CIBW_MANYLINUX_RISCV64_IMAGE: quay.io/pypa/manylinux_2_39_riscv64``. Only an image with a
``/`` is read (no pinned name has one), and only for an architecture the step builds: one
``CIBW_ARCHS_LINUX`` (or ``CIBW_ARCHS``) names, or ``all``. ``auto`` (the default),
``auto64``, ``auto32`` and ``native`` are the runner's own architectures, which the workflow
does not say, so an image for them is read only when the architectures are named.
"""

from __future__ import annotations

import re

from ..._lazy import lazy_pattern
from .._yaml import scalar
from ._scanner import fields

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    import yaml

    from ._scanner import Resolutions, Scanner

__all__ = ["ACTION", "cibuildwheel_images"]

#: The action that runs cibuildwheel.
ACTION = "pypa/cibuildwheel"
#: An option that names the image of one platform and architecture.
_IMAGE_OPTION = lazy_pattern(r"CIBW_(?:MANYLINUX|MUSLLINUX)_([A-Z0-9_]+)_IMAGE")


def cibuildwheel_images(
    scanner: Scanner,
    step: yaml.Node,
    envs: Sequence[tuple[yaml.Node | None, str]],
    context: dict[str, object],
    resolve: Callable[[str], Resolutions] | None,
) -> None:
    """The images a ``pypa/cibuildwheel`` step's options name (``envs``: the ``env`` of the
    workflow, the job and the step, each with where it is, later ones winning)."""
    action = (scalar(fields(step).get("uses")) or "").partition("@")[0]
    if action != ACTION:
        return
    options: dict[str, tuple[yaml.Node, str]] = {}
    for node, where in envs:
        for name, value in fields(node).items():
            options[name] = (value, f"{where}.{name}")
    built = _architectures(options)
    for name, (node, where) in options.items():
        match = _IMAGE_OPTION.fullmatch(name)
        text = scalar(node) or ""
        # (`CIBW_MANYLINUX_PYPY_X86_64_IMAGE`: PyPy's wheels of the architecture)
        if match is None or "/" not in text or _architecture(match) not in built:
            continue
        found = {**context, "field": "env", "action": ACTION, "option": name}
        scanner.image(node, where, found, resolve=resolve)


def _architectures(options: dict[str, tuple[yaml.Node, str]]) -> frozenset[str]:
    """The architectures the options name (``all``: every one), lower case; none when a run
    decides them (an expression)."""
    chosen = options.get("CIBW_ARCHS_LINUX") or options.get("CIBW_ARCHS")
    text = scalar(chosen[0]) if chosen is not None else None
    if text is None or "${{" in text:
        return frozenset()
    words = frozenset(word.lower() for word in re.split(r"[\s,]+", text) if word)
    if "all" in words:
        return frozenset(
            _architecture(match)
            for name in options
            if (match := _IMAGE_OPTION.fullmatch(name)) is not None
        )
    return words


def _architecture(option: re.Match[str]) -> str:
    """The architecture an image option is for, as ``CIBW_ARCHS`` names it."""
    return option.group(1).lower().removeprefix("pypy_")

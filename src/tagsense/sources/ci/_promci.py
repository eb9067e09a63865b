"""``prometheus/promci/build``: the Prometheus projects' build action, read as the command it
runs.

The action (prometheus/promci, ``build/action.yml``) is a composite one whose step runs
``~/go/bin/promu -c ${{ inputs.promu_config }} crossbuild -v --parallelism ${{
inputs.parallelism }} --parallelism-thread ${{ inputs.thread }} ${{ inputs.promu_opts }}``
(its inputs default to ``.promu.yml``, ``3``, ``3`` and nothing), in the job's checkout. So
``promu crossbuild`` pulls its Go builder image there (see ``..builds._promu``):
prometheus/alertmanager's CI builds with ``uses: prometheus/promci/build@…`` and its
``.promu.yml`` says Go 1.26, ``quay.io/prometheus/golang-builder:1.26-base``.
"""

from __future__ import annotations

from .._yaml import scalar
from ._scanner import fields

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    import yaml

__all__ = ["ACTION", "promci_command"]

#: The action, as ``uses:`` names it (before ``@``).
ACTION = "prometheus/promci/build"
#: Its inputs' defaults (``build/action.yml``).
_DEFAULTS = {"promu_config": ".promu.yml", "parallelism": "3", "thread": "3", "promu_opts": ""}


def promci_command(
    step_fields: dict[str, yaml.Node], evaluated: Callable[[str], str]
) -> str | None:
    """The command line a step that uses the action runs (``evaluated``: a ``with:`` value
    with its ``${{ }}`` put in), or ``None`` for another step."""
    uses = (scalar(step_fields.get("uses")) or "").partition("@")[0].strip().lower()
    if uses != ACTION:
        return None
    given = fields(step_fields.get("with"))
    inputs = {
        name: evaluated(scalar(given[name]) or "") if name in given else default
        for name, default in _DEFAULTS.items()
    }
    return (
        f"~/go/bin/promu -c {inputs['promu_config']} crossbuild -v --parallelism"
        f" {inputs['parallelism']} --parallelism-thread {inputs['thread']}"
        f" {inputs['promu_opts']}"
    )

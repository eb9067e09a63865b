"""``apache/skywalking-infra-e2e``: Apache SkyWalking's end-to-end test action, read as the
command it runs.

The action (``action.yaml`` of apache/skywalking-infra-e2e) is a composite one whose step runs
``e2e run -c "${{ inputs.e2e-file }}"`` in the job's workspace, with the job's environment
(see ``..builds._infra_e2e``): apache/skywalking's CI gives it ``e2e-file:
$GITHUB_WORKSPACE/${{ matrix.test.config }}``, after writing the matrix's ``env`` and its
shared versions file to ``$GITHUB_ENV``. The workspace is the checkout's directory, so a path
below ``$GITHUB_WORKSPACE`` is that path in the checkout.
"""

from __future__ import annotations

from ..._lazy import lazy_pattern
from .._yaml import scalar
from ._scanner import fields

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    import yaml

__all__ = ["ACTION", "infra_e2e_command"]

#: The action, as ``uses:`` names it (before ``@``).
ACTION = "apache/skywalking-infra-e2e"
#: How a path in the workspace is written: ``$GITHUB_WORKSPACE/``, ``${{ github.workspace }}/``.
_WORKSPACE = lazy_pattern(
    r"^(?:\$GITHUB_WORKSPACE|\$\{GITHUB_WORKSPACE\}|\$\{\{\s*github\.workspace\s*\}\})/+"
)


def infra_e2e_command(
    step_fields: dict[str, yaml.Node], evaluated: Callable[[str], str]
) -> str | None:
    """The command line a step that uses the action runs (``evaluated``: a ``with:`` value
    with its ``${{ }}`` put in), or ``None`` for another step, or one without its file."""
    uses = (scalar(step_fields.get("uses")) or "").partition("@")[0].strip().lower()
    if uses != ACTION:
        return None
    file = scalar(fields(step_fields.get("with")).get("e2e-file"))
    if not file:
        return None
    path = evaluated(_WORKSPACE.sub("", file.strip()))
    return f"e2e run -c '{path}'" if "'" not in path else None

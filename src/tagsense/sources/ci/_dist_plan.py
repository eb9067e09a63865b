"""dist (cargo-dist): the build matrix its ``plan`` job gives the workflow it generated.

A project released with `dist <https://github.com/axodotdev/cargo-dist>`_ has a workflow that
``dist init`` wrote (``.github/workflows/release.yml``); its ``plan`` job runs ``dist plan``
and hands the manifest to the build job, whose matrix is
``${{ fromJson(needs.plan.outputs.val).ci.github.artifacts_matrix }}`` and whose container is
``${{ matrix.container && matrix.container.image || null }}``. dist plans that matrix from the
project's configuration, the ``[dist]`` table of ``dist-workspace.toml`` (or ``dist.toml``),
else ``[workspace.metadata.dist]`` of the root ``Cargo.toml``: one leg a target of ``targets``,
with a ``container`` only where ``github-custom-runners`` gives that target one
(``aarch64-pc-windows-msvc.container = "messense/cargo-xwin"``, or
``{ image = "quay.io/pypa/manylinux_2_28_x86_64", host = "x86_64-unknown-linux-musl" }``:
dist's book, "Custom runners"). A project that gives no container builds on the runner
itself: the job has none (libsql, atuin and diesel's release workflows: no image).

:func:`artifacts_matrix` gives those legs (``None``: no configuration read, the matrix stays
one only a run knows). It never raises.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["MANIFEST_MATRIX", "artifacts_matrix"]

#: Where a dist manifest keeps the build matrix (dist-manifest-schema.json: ``ci.github``).
MANIFEST_MATRIX = ".ci.github.artifacts_matrix"

#: The files that hold dist's configuration, most preferred first, and its table in each.
_CONFIGURATIONS = (
    ("dist-workspace.toml", ("dist",)),
    ("dist.toml", ("dist",)),
    ("Cargo.toml", ("workspace", "metadata", "dist")),
)

#: The largest configuration file read (a Cargo.toml is a few kilobytes).
_MAX_BYTES = 1 << 20


def artifacts_matrix(checkout: str | None) -> list[dict[str, object]] | None:
    """The legs of the build matrix dist plans for the project checked out at ``checkout``:
    each target's ``container`` where the configuration gives one (``None``: no configuration
    of dist there)."""
    if checkout is None:
        return None
    table = _configuration(checkout)
    if table is None:
        return None
    runners = table.get("github-custom-runners")
    runners = runners if isinstance(runners, dict) else {}
    targets = table.get("targets")
    named = [t for t in targets if isinstance(t, str)] if isinstance(targets, list) else None
    legs: list[dict[str, object]] = []
    bare = False
    for target in named if named is not None else list(runners):
        container = _container(runners.get(target))
        if container is None:
            bare = True
        else:
            legs.append({"target": target, "container": container})
    if bare or named is None:
        legs.append({})  # (a target built on the runner itself: no container)
    return legs


def _configuration(checkout: str) -> Mapping[str, object] | None:
    """The first table of dist's configuration found at the checkout."""
    import tomllib

    for name, keys in _CONFIGURATIONS:
        try:
            with open(os.path.join(checkout or os.curdir, name), "rb") as handle:
                data = handle.read(_MAX_BYTES)
        except OSError:
            continue
        try:
            document: object = tomllib.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError):
            return None
        for key in keys:
            document = document.get(key) if isinstance(document, dict) else None
        if isinstance(document, dict):
            return document
    return None


def _container(runner: object) -> dict[str, object] | None:
    """The container a custom runner's entry gives: ``container = "IMAGE"`` is short for
    ``container = { image = "IMAGE" }``; a plain runner name gives none."""
    if not isinstance(runner, dict):
        return None
    container = runner.get("container")
    if isinstance(container, str):
        return {"image": container}
    if isinstance(container, dict) and isinstance(container.get("image"), str):
        return dict(container)
    return None

"""An image in Depot's ephemeral registry is one the project's Depot builds saved there, not a
pull (survey 31b).

pypi/warehouse's ``build`` job builds with ``depot/build-push-action`` and ``save: true``
(its ``depot.json`` names the project, ``rltf7cln5v``), and its ``test`` and ``check_db`` jobs
run in ``registry.depot.dev/rltf7cln5v:${{ needs.build.outputs.buildId }}``, the build's ID:
two false TS011 "filled in from an expression".
"""

from __future__ import annotations

import datetime
import doctest
import os
from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

import tagsense.sources._depot_registry
from tagsense import check, find_references
from tagsense.sources._depot_registry import depot_repository

if TYPE_CHECKING:
    from pathlib import Path

DAY = datetime.date(2026, 12, 5)
WAREHOUSE = os.path.join(os.path.dirname(__file__), "data", "realworld", "warehouse-6b621571")


def test_a_job_s_container_saved_by_the_build_before_is_built() -> None:
    depot = [o for o in find_references(WAREHOUSE) if o.text.startswith("registry.depot.dev/")]
    assert [o.context.get("job") for o in depot] == ["test", "check_db"]
    assert all(o.built is not None and o.built.tool == "depot-registry" for o in depot)
    assert {o.built.path for o in depot if o.built is not None} == {"registry.depot.dev/rltf7cln5v"}
    codes = [(f.code, f.reference) for f in check(find_references(WAREHOUSE), as_of=DAY)]
    assert not any("depot" in (reference or "") for _, reference in codes)
    # (the services beside it are pulls, judged as any)
    assert ("TS004", "redis:7.0") in codes


def test_an_image_written_out_in_depot_s_registry_is_built(tmp_path: os.PathLike[str]) -> None:
    compose = os.path.join(tmp_path, "compose.yaml")
    with open(compose, "w", encoding="utf-8") as file:
        file.write(
            "services:\n  app:\n    image: registry.depot.dev/abc123:latest\n"
            "  db:\n    image: postgres:latest\n"
        )
    found = {o.text: o.built for o in find_references(compose)}
    assert found["registry.depot.dev/abc123:latest"] is not None
    assert found["postgres:latest"] is None
    assert [f.reference for f in check(find_references(compose), as_of=DAY)] == ["postgres:latest"]


def test_the_module_s_examples() -> None:
    assert doctest.testmod(tagsense.sources._depot_registry).failed == 0


#: Names made of the pieces the registries' rules look at.
_NAME_PIECES = ["registry.", "registry.depot.dev/", "depot.dev", "gitlab.com", ":5050/", ":5050",
                "abc", "/", ":", "x1", "$CI_REGISTRY_IMAGE", "registry"]  # fmt: skip


@given(st.lists(st.sampled_from(_NAME_PIECES), max_size=6).map("".join))
def test_the_scan_s_quick_look_misses_no_saved_build(text: str) -> None:
    # The scan imports the registries' modules only for a name its quick look passes
    # (sources.find._SAVED_BUILD_HINTS): a name either module would call its own must pass.
    from tagsense.sources._own_registry import may_be_registry_name
    from tagsense.sources.find import _SAVED_BUILD_HINTS

    if may_be_registry_name(text) or depot_repository(text) is not None:
        assert any(hint in text for hint in _SAVED_BUILD_HINTS)


def test_an_image_in_a_saved_build_s_registry_is_found_through_the_quick_look(
    tmp_path: Path,
) -> None:
    (tmp_path / "Dockerfile").write_text(
        "FROM registry.depot.dev/rltf7cln5v:build-1\nFROM python:3.12.8-slim\n"
    )
    found = find_references(str(tmp_path / "Dockerfile"))
    assert [(o.text, o.built and o.built.tool) for o in found] == [
        ("registry.depot.dev/rltf7cln5v:build-1", "depot-registry"),
        ("python:3.12.8-slim", None),
    ]

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

import tagsense.sources._depot_registry
from tagsense import check, find_references

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

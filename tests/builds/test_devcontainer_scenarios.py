"""Dev Container Features' test scenarios: each scenario of a ``test/<feature>/scenarios.json``
is a devcontainer.json that ``devcontainer features test`` builds and starts
(sources.builds.devcontainer_scenarios)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from tagsense import check, find_references
from tagsense.sources.builds import build_tool
from tagsense.sources.builds.devcontainer_scenarios import scan_feature_scenarios
from tagsense.sources.discover import is_feature_scenarios_path

if TYPE_CHECKING:
    from pathlib import Path

DAY = datetime.date(2026, 12, 5)

# devcontainers/features, test/common-utils/scenarios.json (MIT; trimmed): an image, a
# Dockerfile in the scenario's folder, and a comment.
SCENARIOS = """\
{
    // the OS images the Feature supports
    "noble": {
        "image": "ubuntu:noble",
        "features": {"common-utils": {}}
    },
    "devcontainer-custom-home": {
        "build": {"dockerfile": "Dockerfile"},
        "remoteUser": "devcontainer",
        "features": {"common-utils": {"username": "devcontainer"}}
    },
    "fedora": {
        "image": "fedora",
        "features": {"common-utils": {}}
    }
}
"""


def test_each_scenario_is_a_devcontainer_json_in_its_folder() -> None:
    path = "/c/test/common-utils/scenarios.json"
    assert is_feature_scenarios_path(path) and build_tool(path) == "devcontainer"
    assert not is_feature_scenarios_path("/c/src/scenarios.json")
    found = scan_feature_scenarios(SCENARIOS, path=path)
    assert [(o.line, o.kind, o.text, o.context) for o in found.scan] == [
        (4, "devcontainer", "ubuntu:noble", {"field": "image", "name": "noble"}),
        (13, "devcontainer", "fedora", {"field": "image", "name": "fedora"}),
    ]
    assert [(b.name, b.dockerfile, b.context, b.site.line) for b in found.builds] == [
        ("devcontainer-custom-home", "/c/test/common-utils/devcontainer-custom-home/Dockerfile",
         "/c/test/common-utils/devcontainer-custom-home", 8),
    ]  # fmt: skip
    assert found.scan.errors == ()


def test_what_is_no_object_is_an_error() -> None:
    found = scan_feature_scenarios('{"a": [1]}', path="test/x/scenarios.json")
    assert [(e.line, e.message) for e in found.scan.errors] == [
        (1, "scenario 'a' must be a JSON object")
    ]
    found = scan_feature_scenarios("[1]", path="test/x/scenarios.json")
    assert [e.message for e in found.scan.errors] == ["a scenarios.json must be a JSON object"]


def test_a_feature_collection_s_scenarios_are_pulled_and_built(tmp_path: Path) -> None:
    # devcontainers/features: 351 scenario images none of which was read (survey s34e); the
    # Dockerfile of a scenario's folder is built by it.
    (tmp_path / ".git").mkdir()
    tests = tmp_path / "test" / "common-utils"
    (tests / "devcontainer-custom-home").mkdir(parents=True)
    (tests / "scenarios.json").write_text(SCENARIOS)
    (tests / "devcontainer-custom-home" / "Dockerfile").write_text("FROM ubuntu:noble\n")
    found = find_references(str(tmp_path))
    assert sorted((o.kind, o.text) for o in found) == [
        ("devcontainer", "fedora"),
        ("devcontainer", "ubuntu:noble"),
        ("from", "ubuntu:noble"),
    ]
    assert [(f.code, f.occurrence.text) for f in check(found, as_of=DAY)] == [("TS002", "fedora")]

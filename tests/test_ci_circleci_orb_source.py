"""CircleCI orb sources: each executor (and job) file of ``src/`` beside ``src/@orb.yml``."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from tagsense import find_references
from tagsense.sources.ci import scan_ci

if TYPE_CHECKING:
    from pathlib import Path

# CircleCI-Public/node-orb@43e43d5 src/executors/default.yml (MIT; its description and the
# resource classes shortened): the executor the orb's jobs run in, `circleci orb pack` puts it
# in the orb's `executors` as `default`.
EXECUTOR = """\
description: |
    Select the version of Node.js to use.
parameters:
    tag:
        type: string
        default: 'lts'
    resource_class:
        type: enum
        default: large
        enum: [small, large]
docker:
    - image: cimg/node:<<parameters.tag>>
resource_class: << parameters.resource_class >>
"""

JOB = """\
parameters:
  version: {type: string, default: "22.11.0"}
docker:
  - image: cimg/node:<< parameters.version >>
steps: [checkout]
"""


def test_an_orb_source_s_executors_and_jobs_are_read_with_their_defaults(
    tmp_path: Path,
) -> None:
    source = tmp_path / "src"
    (source / "executors").mkdir(parents=True)
    (source / "jobs").mkdir()
    (source / "executors" / "default.yml").write_text(EXECUTOR)
    (source / "jobs" / "test.yml").write_text(JOB)
    (source / "examples").mkdir()
    (source / "examples" / "use.yml").write_text(JOB)
    alone = tmp_path / "other" / "executors"
    alone.mkdir(parents=True)
    (alone / "default.yml").write_text(EXECUTOR)  # (no @orb.yml: no orb source)
    assert list(find_references(os.fspath(tmp_path))) == []
    (source / "@orb.yml").write_text("version: 2.1\ndescription: Node.js\n")
    found = find_references(os.fspath(tmp_path))
    assert [(os.path.relpath(o.path or "", tmp_path), o.line, o.text) for o in found] == [
        (os.path.join("src", "executors", "default.yml"), 12, "cimg/node:lts"),
        (os.path.join("src", "jobs", "test.yml"), 4, "cimg/node:22.11.0"),
    ]
    path = os.fspath(source / "executors" / "default.yml")
    assert [o.context.get("executor") for o in scan_ci(EXECUTOR, path=path)] == ["default"]

"""nektos/act: ``act -P LABEL=IMAGE`` (and a ``.actrc``'s same lines) runs the workflows' jobs
in IMAGE, which act pulls."""

from __future__ import annotations

import datetime
import json
import os
from typing import TYPE_CHECKING

from tagsense import check, find_references
from tagsense.cli import main
from tagsense.sources.builds.script import scan_shell_script
from tagsense.sources.discover import discover

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

# homarr-labs/homarr, scripts/ci/act.sh (trimmed): the image is a default of a variable, the
# option a word of an array the last line passes to act (survey s58b).
ACT_SH = """\
#!/usr/bin/env bash
runner_image="${ACT_RUNNER_IMAGE:-catthehacker/ubuntu:act-latest}"
args=(
  "$event_name"
  --workflows .github/workflows/ci.yml
  --platform "ubuntu-latest=$runner_image"
  --container-architecture linux/amd64
  --container-options "-P"
  --bind
)
exec act "${args[@]}"
act push -P ubuntu-22.04=node:16-bullseye-slim --platform=ubuntu-24.04=node:20.18.1-bookworm
act -P self-hosted=-self-hosted -j build
act -P ubuntu-latest="$UNSET_IMAGE"
react -P ubuntu-latest=alpine:3.20.3
gh act pull_request -P ubuntu-latest=node:20.18.1-bookworm-slim
"""


def test_act_s_platform_images_are_pulls(tmp_path: Path) -> None:
    script = tmp_path / "act.sh"
    script.write_text(ACT_SH)
    found = [(o.line, o.text, o.context["engine"]) for o in scan_shell_script(str(script))]
    assert found == [
        (11, "catthehacker/ubuntu:act-latest", "act"),
        (12, "node:16-bullseye-slim", "act"),
        (12, "node:20.18.1-bookworm", "act"),
        (16, "node:20.18.1-bookworm-slim", "act"),
    ]


def test_an_actrc_s_platforms_are_pulls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # act reads `./.actrc` before its command line: each line that starts with `-`, split
    # at its first white space (act's readArgsFile); the other lines are not options
    (tmp_path / ".git").mkdir()
    (tmp_path / ".actrc").write_text(
        "-P ubuntu-latest=catthehacker/ubuntu:act-latest\n"
        "--platform ubuntu-22.04=node:16-bullseye-slim\n"
        "  --platform=ubuntu-24.04=ghcr.io/catthehacker/ubuntu:act-24.04\n"
        "-P self=-self-hosted\n"
        "--container-architecture linux/amd64\n"
        "-P ubuntu-20.04=${ACT_IMAGE}\n"
        "P other=alpine:3.20.3\n"
        "-P tools=acme/act-tools\n"
    )
    # (an image the project builds is no pull: catthehacker's advice, build then map it)
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "ci.yml").write_text(
        "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: docker build -t acme/act-tools tools\n"
    )
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "Dockerfile").write_text("FROM ubuntu:24.04\n")
    monkeypatch.chdir(tmp_path)
    assert (".actrc", "deploy") in discover(["."])
    scan = [o for o in find_references(".") if o.path == ".actrc"]
    assert [(o.line, o.column, o.text, o.kind, o.context["platform"]) for o in scan] == [
        (1, 18, "catthehacker/ubuntu:act-latest", "act", "ubuntu-latest"),
        (2, 25, "node:16-bullseye-slim", "act", "ubuntu-22.04"),
        (3, 27, "ghcr.io/catthehacker/ubuntu:act-24.04", "act", "ubuntu-24.04"),
        (6, 17, "${ACT_IMAGE}", "act", "ubuntu-20.04"),
        (8, 10, "acme/act-tools", "act", "tools"),
    ]
    assert [o.built is None for o in scan] == [True, True, True, True, False]
    codes = {(f.line, f.code) for f in check(scan, as_of=datetime.date(2026, 12, 7))}
    assert (1, "TS003") in codes and (6, "TS011") in codes
    assert not any(line == 8 for line, _ in codes)
    # (the same through the command line's refs)
    assert main(["refs", "--json", ".actrc"]) == 0
    refs = json.loads(capsys.readouterr().out)["references"]
    assert [r["raw"] for r in refs][:2] == [
        "catthehacker/ubuntu:act-latest",
        "node:16-bullseye-slim",
    ]
    assert os.path.basename(refs[0]["path"]) == ".actrc"


def test_a_script_s_act_run_by_package_json_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # homarr's package.json: `"ci:act:all": "bash scripts/ci/act.sh all"`
    (tmp_path / ".git").mkdir()
    (tmp_path / "package.json").write_text(
        '{"name": "x", "scripts": {"ci:act:all": "bash scripts/ci/act.sh all"}}\n'
    )
    (tmp_path / "scripts" / "ci").mkdir(parents=True)
    (tmp_path / "scripts" / "ci" / "act.sh").write_text(ACT_SH)
    monkeypatch.chdir(tmp_path)
    found = {(o.path, o.text) for o in find_references(".") if o.built is None}
    assert (os.path.join("scripts", "ci", "act.sh"), "catthehacker/ubuntu:act-latest") in found


def test_a_workflow_step_s_act_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # (a workflow that tests the repository's actions with act, in a job of its own)
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "act.yml").write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: act -W .github/workflows/ci.yml -P ubuntu-latest=node:20.18.1-bookworm\n"
    )
    monkeypatch.chdir(tmp_path)
    assert [(o.line, o.text) for o in find_references(".")] == [(6, "node:20.18.1-bookworm")]

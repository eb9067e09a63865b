"""GitHub Actions: a step whose ``run`` is a whole matrix value, with the job's ``env`` one too.

airsonic-advanced/airsonic-advanced's ``.github/workflows/pr_ci.yml`` gives each database leg
of its matrix its commands and its environment: ``env: ${{ matrix.cfg.env }}`` and a step
``run: ${{ matrix.cfg.run }}``, the ``run`` being ``docker pull ${DB}; docker run … ${DB} …``
and the ``env`` holding ``DB: 'mysql:5.7'``. The runner evaluates both per combination
(GitHub's ``jobs.<job_id>.env`` and ``steps[*].run`` take expressions, and an ``env`` may be
an object an expression gives), so each leg pulls its own database: 4 pulls were missed
(survey s44d). The commands are read where the matrix writes them, as the services a
``services: ${{ matrix.cfg.services }}`` gives are.
"""

from __future__ import annotations

import pytest

from tagsense import find_references

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

WORKFLOW = """\
on: pull_request
jobs:
  build:
    runs-on: ubuntu-latest
    env: ${{ matrix.cfg.env }}
    steps:
      - run: ${{ matrix.cfg.run }}
        if: matrix.cfg.executeManualcommand
    strategy:
      matrix:
        cfg:
          - jdk: 11
            env: {}
          - jdk: 11
            executeManualCommand: true
            run: >
              docker pull ${DB};
              docker run -d --name db ${DB};
            env:
              DB: 'mysql:8.0'
          - jdk: 11
            executeManualCommand: true
            run: >
              docker pull ${DB};
              docker run -d --name db ${DB};
            env:
              DB: 'mariadb:10.5'
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "pr_ci.yml").write_text(WORKFLOW)
    return tmp_path


def _pulls(project: Path) -> list[tuple[int, str]]:
    return sorted({(o.line, o.text) for o in find_references(".") if not o.is_unresolved})


def test_each_leg_runs_its_commands_with_its_env(project: Path) -> None:
    # (each at its own entry of the matrix, where its commands are written)
    assert [text for _, text in _pulls(project)] == ["mysql:8.0", "mariadb:10.5"]
    (first, _), (second, _) = _pulls(project)
    assert 17 <= first <= 19 < 23 <= second <= 25


def test_a_step_env_given_whole_too(project: Path) -> None:
    text = WORKFLOW.replace("    env: ${{ matrix.cfg.env }}\n", "").replace(
        "        if: matrix", "        env: ${{ matrix.cfg.env }}\n        if: matrix"
    )
    (project / ".github" / "workflows" / "pr_ci.yml").write_text(text)
    assert [text for _, text in _pulls(project)] == ["mysql:8.0", "mariadb:10.5"]


def test_another_expression_gives_no_env(project: Path) -> None:
    text = WORKFLOW.replace("${{ matrix.cfg.env }}", "${{ fromJSON(vars.ENV) }}")
    (project / ".github" / "workflows" / "pr_ci.yml").write_text(text)
    assert _pulls(project) == []

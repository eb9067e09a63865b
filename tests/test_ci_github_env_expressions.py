"""A workflow's ``env`` value that is an expression is the runner's to evaluate, with the
job's matrix, before a step reads it (survey 35a).

moveit/moveit2's ``ci.yaml`` gives the job ``DOCKER_IMAGE: moveit/moveit2:${{ matrix.env.IMAGE
}}`` and runs ``rhaschke/docker-run-action`` with ``image: ${{ env.DOCKER_IMAGE }}``: the four
images of its matrix were missed (an env value with ``${{`` was wholly unknown, and nothing
was listed); its ``docker.yaml`` names ``moveit/moveit2:${{ matrix.ROS_DISTRO }}-${{ github.job
}}`` (``github.job`` is the job's id).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense import find_references

if TYPE_CHECKING:
    from pathlib import Path

# from moveit/moveit2@8fcb5d2327767af3c764b1348a69a9b74c5efd18 .github/workflows/ci.yaml (shortened)
CI = """\
on: push
jobs:
  default:
    strategy:
      fail-fast: false
      matrix:
        env:
          - IMAGE: lyrical-ci-testing
            CCOV: true
          - IMAGE: rolling-ci
          - IMAGE: humble-ci
    env:
      DOCKER_IMAGE: moveit/moveit2:${{ matrix.env.IMAGE }}
      BASEDIR: ${{ github.workspace }}/.work
    runs-on: ubuntu-latest
    steps:
      - uses: rhaschke/docker-run-action@main
        name: Retrieve ROS_DISTRO from docker image
        continue-on-error: true
        id: rosdistro
        with:
          image: ${{ env.DOCKER_IMAGE }}
          run: echo "distro=$ROS_DISTRO" >> "$GITHUB_OUTPUT"
"""

# from moveit/moveit2@8fcb5d2327767af3c764b1348a69a9b74c5efd18 .github/workflows/docker.yaml
# (shortened)
DOCKER = """\
on: push
jobs:
  release:
    strategy:
      matrix:
        ROS_DISTRO: [lyrical, rolling]
    runs-on: ubuntu-latest
    env:
      IMAGE: moveit/moveit2:${{ matrix.ROS_DISTRO }}-${{ github.job }}
      PUSH: ${{ (github.event_name != 'pull_request') && (github.repository == 'moveit/moveit2') }}
    steps:
      - uses: rhaschke/docker-run-action@main
        with:
          image: ${{ env.IMAGE }}
          run: apt-get update
"""


def _texts(path: Path) -> list[tuple[int, str, tuple[str, ...]]]:
    return [(o.line, o.text, o.unresolved) for o in find_references(str(path))]


def _workflow(root: Path, name: str, text: str) -> Path:
    (root / ".github" / "workflows").mkdir(parents=True)
    path = root / ".github" / "workflows" / name
    path.write_text(text)
    return path


def test_an_env_value_with_a_matrix_value_is_evaluated_for_each_combination(
    tmp_path: Path,
) -> None:
    workflow = _workflow(tmp_path, "ci.yaml", CI)
    assert _texts(workflow) == [
        (22, "moveit/moveit2:lyrical-ci-testing", ()),
        (22, "moveit/moveit2:rolling-ci", ()),
        (22, "moveit/moveit2:humble-ci", ()),
    ]


def test_github_job_is_the_job_s_id(tmp_path: Path) -> None:
    workflow = _workflow(tmp_path, "docker.yaml", DOCKER)
    assert _texts(workflow) == [
        (14, "moveit/moveit2:lyrical-release", ()),
        (14, "moveit/moveit2:rolling-release", ()),
    ]


def test_an_env_value_a_run_decides_stays_unknown(tmp_path: Path) -> None:
    unknown = CI.replace("moveit/moveit2:${{ matrix.env.IMAGE }}", "${{ secrets.IMAGE }}")
    workflow = _workflow(tmp_path, "ci.yaml", unknown)
    assert [text for _, text, _ in _texts(workflow)] == []


# from SeleniumHQ/docker-selenium@3290a305 .github/workflows/update-dev-beta-browser-images.yml
# (shortened): the namespace is a repository variable, else `selenium`
FALLBACK = """\
on: workflow_dispatch
jobs:
  deploy:
    runs-on: ubuntu-latest
    env:
      NAME: ${{ vars.DOCKER_NAMESPACE || 'selenium' }}
    steps:
      - run: |
          docker pull $NAME/hub:latest
          docker pull ${{ inputs.base || 'selenium' }}/node-base:latest
          docker pull ${{ inputs.nightly && 'a' || 'b' }}/node-chrome:latest
"""


def test_a_run_s_value_or_a_text_is_the_text_as_a_shell_default_is(tmp_path: Path) -> None:
    # (the two pulls were no references at all, survey s41c; a choice between two texts
    # has no one default, and stays unknown)
    workflow = _workflow(tmp_path, "update.yml", FALLBACK)
    assert [(line, text) for line, text, _ in _texts(workflow)] == [
        (9, "selenium/hub:latest"),
        (10, "selenium/node-base:latest"),
    ]

"""Dev Container configurations are read where the tools read them (discover's
is_devcontainer_path, sources._devcontainer_named).

The Development Containers specification puts ``devcontainer.json`` in a workspace folder's
``.devcontainer/``, ``.devcontainer/NAME/`` or as ``.devcontainer.json``. django-ledger's
``.vscode/.devcontainer/devcontainer.json`` (survey 48f) is read by nothing: nobody opens
``.vscode`` as a workspace (2 false findings). The same layout under ``.github/.devcontainer/``
is read when a workflow names it: ``devcontainers/ci`` with ``subFolder: .github``
(BUTR/game-mount-and-blade2, ETHZ-RobotX/smb_docker, coatless-devcontainer/r-pkg), or
``configFile:`` (dgmann/document-manager, with ``${{ env.NAME }}``), or a ``devcontainer
build --workspace-folder``; GitHub Skills exercises keep a copy there that nothing reads.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from tagsense import find_references
from tagsense.sources.discover import is_devcontainer_path
from tagsense.sources.find import scan_paths

if TYPE_CHECKING:
    from pathlib import Path

CONFIG = '{\n  "name": "dev",\n  "image": "python:3.11-bookworm"\n}\n'


def project(root: Path, place: str, workflow: str | None = None) -> Path:
    (root / ".git").mkdir(parents=True)
    config = root / place
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(CONFIG)
    if workflow is not None:
        (root / ".github" / "workflows").mkdir(parents=True, exist_ok=True)
        (root / ".github" / "workflows" / "dev.yml").write_text(workflow)
    return config


def images(root: Path) -> list[str]:
    return sorted(o.text for o in find_references(root) if o.kind == "devcontainer")


def test_the_specification_s_places_in_any_workspace_folder() -> None:
    for path in (
        ".devcontainer/devcontainer.json",
        ".devcontainer.json",
        ".devcontainer/python/devcontainer.json",
        "services/api/.devcontainer/devcontainer.json",
        "/home/u/repo/.devcontainer/devcontainer.json",
        ".devcontainer/.devcontainer/devcontainer.json",  # (a folder of .devcontainer/)
    ):
        assert is_devcontainer_path(path), path
    for path in (
        ".vscode/.devcontainer/devcontainer.json",
        ".github/.devcontainer/devcontainer.json",
        ".github/.devcontainer.json",
        "/home/u/repo/.vscode/.devcontainer/python/devcontainer.json",
        ".devcontainer/a/b/devcontainer.json",  # (more than one level deep)
        "config/devcontainer.json",
    ):
        assert not is_devcontainer_path(path), path


def test_a_configuration_in_a_tool_s_hidden_folder_is_read_by_nothing(tmp_path: Path) -> None:
    project(tmp_path, ".vscode/.devcontainer/devcontainer.json")
    assert images(tmp_path) == []


def test_a_root_file_in_a_tool_s_hidden_folder_is_read_by_nothing(tmp_path: Path) -> None:
    project(tmp_path, ".github/.devcontainer.json")
    assert images(tmp_path) == []


def test_a_normal_layout_is_still_read(tmp_path: Path) -> None:
    project(tmp_path, ".devcontainer/devcontainer.json")
    assert images(tmp_path) == ["python:3.11-bookworm"]


def test_devcontainers_ci_sub_folder_names_the_workspace(tmp_path: Path) -> None:
    workflow = (
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - uses: devcontainers/ci@v0.3\n        with:\n          subFolder: .github\n"
        "          imageName: ghcr.io/acme/dev\n          push: always\n"
    )
    project(tmp_path, ".github/.devcontainer/devcontainer.json", workflow)
    assert images(tmp_path) == ["python:3.11-bookworm"]


def test_devcontainers_ci_config_file_with_the_workflow_s_env(tmp_path: Path) -> None:
    workflow = (
        "on: push\nenv:\n  SUB: .github\njobs:\n  build:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - uses: devcontainers/ci@v0.3\n        with:\n"
        "          configFile: ${{ env.SUB }}/.devcontainer/devcontainer.json\n"
        "          runCmd: make test\n"
    )
    project(tmp_path, ".github/.devcontainer/devcontainer.json", workflow)
    assert images(tmp_path) == ["python:3.11-bookworm"]


def test_a_devcontainer_cli_command_names_the_workspace(tmp_path: Path) -> None:
    workflow = (
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: npx @devcontainers/cli build --workspace-folder .github --image-name a/b\n"
    )
    project(tmp_path, ".github/.devcontainer/devcontainer.json", workflow)
    assert images(tmp_path) == ["python:3.11-bookworm"]


def test_a_workflow_that_names_another_folder_names_nothing_here(tmp_path: Path) -> None:
    workflow = (
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: devcontainers/ci@v0.3\n        with:\n          imageName: ghcr.io/a/b\n"
        "      - uses: devcontainers/ci@v0.3\n        with:\n"
        "          subFolder: ${{ matrix.folder }}\n"
    )
    project(tmp_path, ".github/.devcontainer/devcontainer.json", workflow)
    assert images(tmp_path) == []


def test_pre_commit_s_one_file_check_answers_as_the_directory_scan(tmp_path: Path) -> None:
    config = project(tmp_path, ".vscode/.devcontainer/devcontainer.json")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        walked = [o.text for o in scan_paths(["."]) if o.kind == "devcontainer"]
        alone = [
            o.text
            for o in scan_paths([os.path.relpath(config)], force_exclude=True)
            if o.kind == "devcontainer"
        ]
        named = [o.text for o in scan_paths([os.path.relpath(config)]) if o.kind == "devcontainer"]
    finally:
        os.chdir(cwd)
    assert walked == alone == []
    assert named == ["python:3.11-bookworm"]  # (named on the command line: read as asked)


def test_a_dockerfile_beside_a_configuration_read_by_nothing_is_read_alone(
    tmp_path: Path,
) -> None:
    config = project(tmp_path, ".vscode/.devcontainer/devcontainer.json")
    config.write_text('{"build": {"dockerfile": "Dockerfile", "args": {"V": "3.12"}}}')
    (config.parent / "Dockerfile").write_text("ARG V=3.11\nFROM python:${V}-slim\n")
    assert [o.text for o in find_references(tmp_path) if o.kind == "from"] == ["python:3.11-slim"]


def test_a_dockerfile_beside_a_named_configuration_gets_its_build_args(tmp_path: Path) -> None:
    workflow = (
        "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: devcontainers/ci@v0.3\n        with:\n          subFolder: .github\n"
    )
    config = project(tmp_path, ".github/.devcontainer/devcontainer.json", workflow)
    config.write_text('{"build": {"dockerfile": "Dockerfile", "args": {"V": "3.12"}}}')
    (config.parent / "Dockerfile").write_text("ARG V=3.11\nFROM python:${V}-slim\n")
    assert [o.text for o in find_references(tmp_path) if o.kind == "from"] == ["python:3.12-slim"]


def test_a_cli_config_option_names_a_file_of_any_name_place(tmp_path: Path) -> None:
    workflow = (
        "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    defaults:\n      run:\n"
        "        working-directory: tools\n    steps:\n"
        "      - run: |\n          devcontainer up --workspace-folder .. "
        "--config dev/devcontainer.json\n"
    )
    project(tmp_path, "tools/dev/devcontainer.json", workflow)
    assert images(tmp_path) == ["python:3.11-bookworm"]


def test_a_workflow_handed_to_another_repository_s_devcontainer_workflow(tmp_path: Path) -> None:
    """andreilgeorgescu/devcontainer-base: its only workflow calls
    andreilgeorgescu/workflow-devcontainer-image's, which is not here to read."""
    workflow = (
        "on: push\njobs:\n  development:\n"
        "    uses: acme/workflow-devcontainer-image/.github/workflows/ci.yaml@main\n"
    )
    project(tmp_path, ".github/.devcontainer/devcontainer.json", workflow)
    assert images(tmp_path) == ["python:3.11-bookworm"]
    (tmp_path / ".github" / "workflows" / "dev.yml").write_text(
        "on: push\njobs:\n  development:\n    uses: acme/shared/.github/workflows/ci.yaml@main\n"
    )
    assert images(tmp_path) == []

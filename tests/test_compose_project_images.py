"""A compose build without ``image:`` makes ``<project>-<service>`` (docker-compose v1:
``<project>_<service>``), the project being the top-level ``name:``, ``COMPOSE_PROJECT_NAME`` or
the compose file's directory (docs.docker.com/compose/how-tos/project-name/). A Dockerfile
``FROM`` that name, or another service's ``image:`` of it, runs what the project builds.
mitodl/mit-learn's ``Dockerfile-nb`` starts ``FROM mit-learn-web``: its
``docker-compose.yml``'s ``web`` service builds it (survey s59a)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tagsense import find_references

if TYPE_CHECKING:
    from pathlib import Path


def _built(root: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str | None]:
    """Each image of the project's Dockerfiles and compose files: the file that builds it."""
    monkeypatch.chdir(root)
    return {
        o.text: (o.built.path if o.built is not None else None)
        for o in find_references(".")
        if not o.text.startswith("python:")
    }


def _project(tmp_path: Path, compose: str, directory: str = "mit-learn") -> Path:
    (tmp_path / ".git").mkdir()
    root = tmp_path / directory
    root.mkdir()
    (root / "docker-compose.yml").write_text(compose)
    (root / "Dockerfile").write_text("FROM python:3.12.8\n")
    return root


@pytest.mark.parametrize(
    ("compose", "base"),
    [
        ("services:\n  web:\n    build: .\n", "mit-learn-web"),
        ("services:\n  web:\n    build: .\n", "mit-learn_web"),
        ("name: learn\nservices:\n  web:\n    build: .\n", "learn-web"),
        ("name: Learn.App\nservices:\n  Web:\n    build:\n      context: .\n", "learnapp-web"),
    ],
)
def test_a_from_of_the_name_compose_gives_a_build_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compose: str, base: str
) -> None:
    root = _project(tmp_path, compose)
    (root / "Dockerfile-nb").write_text(f"FROM {base}\n")
    assert _built(root, monkeypatch) == {base: "docker-compose.yml"}


def test_the_project_name_of_the_environment_file_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, "services:\n  web:\n    build: .\n")
    (root / ".env").write_text("COMPOSE_PROJECT_NAME=learn\n")
    (root / "Dockerfile-nb").write_text("FROM learn-web\n")
    assert _built(root, monkeypatch) == {"learn-web": "docker-compose.yml"}


@pytest.mark.parametrize(
    ("compose", "base"),
    [
        # (the service names its image: that is the name; another project's, another service's)
        ("services:\n  web:\n    build: .\n    image: acme/web:dev\n", "mit-learn-web"),
        ("name: learn\nservices:\n  web:\n    build: .\n", "mit-learn-web"),
        ("services:\n  web:\n    build: .\n", "mit-learn-worker"),
        ("services:\n  web:\n    image: nginx:1.27.3\n", "mit-learn-web"),
    ],
)
def test_other_names_are_not_built_by_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compose: str, base: str
) -> None:
    root = _project(tmp_path, compose)
    (root / "Dockerfile-nb").write_text(f"FROM {base}\n")
    assert _built(root, monkeypatch).get(base) is None

"""A compose file a CI step moves into place (``mv``/``cp``) is the file a later compose command
finds there: its own default file (``docker-compose.yaml`` in the working directory) or a
``-f`` path. cortezaproject/corteza's e2e workflow moves
``.github/workflows/assets/docker-compose.yaml`` to its checkout's top, then runs ``docker
compose run -d --name backend backend`` with the job's ``GO_VERSION`` (survey s59b)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references
from tagsense.sources.builds._compose_moves import moves_of

if TYPE_CHECKING:
    from pathlib import Path

DAY = datetime.date(2026, 12, 7)

ASSET = "services:\n  backend:\n    image: golang:${GO_VERSION}\n    command: go version\n"


def _project(tmp_path: Path, steps: str, asset: str = ".github/workflows/assets") -> Path:
    (tmp_path / ".git").mkdir()
    folder = tmp_path / asset
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "docker-compose.yaml").write_text(ASSET)
    workflow = tmp_path / ".github" / "workflows" / "e2e.yml"
    workflow.parent.mkdir(parents=True, exist_ok=True)
    workflow.write_text(
        "on: push\nenv:\n  GO_VERSION: 1.19\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - uses: actions/checkout@v4\n" + steps
    )
    return tmp_path


def _pulled(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, tuple[str, ...]]]:
    """The images of the compose files, with the variables each leaves unresolved."""
    monkeypatch.chdir(root)
    return sorted(
        (o.text, o.unresolved)
        for o in find_references(".")
        if o.path.endswith(("compose.yaml", "compose.yml"))
    )


@pytest.mark.parametrize(
    "steps",
    [
        # (corteza: the move, then the run in a later step)
        "      - run: mv ./.github/workflows/assets/docker-compose.yaml ./\n"
        "      - run: docker compose run -d backend\n",
        # (one step; a copy under another default name; compose's -f at the new place)
        "      - run: |\n"
        "          cp .github/workflows/assets/docker-compose.yaml compose.yml\n"
        "          docker compose up -d\n",
        "      - run: cp .github/workflows/assets/docker-compose.yaml ci.yml\n"
        "      - run: docker compose -f ci.yml up -d\n",
        # (the step's working directory, and a move into a directory by name)
        "      - run: mkdir e2e && cp .github/workflows/assets/docker-compose.yaml e2e/\n"
        "      - working-directory: e2e\n"
        "        run: docker compose up -d\n",
    ],
)
def test_a_moved_compose_file_is_read_by_the_run_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, steps: str
) -> None:
    root = _project(tmp_path, steps)
    assert _pulled(root, monkeypatch) == [("golang:1.19", ())]
    findings = check(find_references("."), as_of=DAY)
    assert not [f for f in findings if f.code == "TS011"]


@pytest.mark.parametrize(
    "steps",
    [
        # (the run comes before the move; it runs elsewhere; another file is moved)
        "      - run: docker compose run -d backend\n"
        "      - run: mv ./.github/workflows/assets/docker-compose.yaml ./\n",
        "      - run: mv ./.github/workflows/assets/docker-compose.yaml ./\n"
        "      - working-directory: other\n"
        "        run: docker compose run -d backend\n",
        "      - run: mv ./.github/workflows/assets/docker-compose.yaml ./\n"
        "      - run: docker compose -f other.yml run -d backend\n",
    ],
)
def test_a_run_that_does_not_find_the_moved_file_gives_it_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, steps: str
) -> None:
    root = _project(tmp_path, steps)
    (root / "other").mkdir()
    assert _pulled(root, monkeypatch) == [("golang:", ("GO_VERSION",))]


def test_a_project_s_own_default_file_is_found_before_a_moved_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # compose looks for compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml in
    # that order (compose-go's DefaultFileNames): a compose.yaml there is the one read
    root = _project(
        tmp_path,
        "      - run: cp .github/workflows/assets/docker-compose.yaml ./\n"
        "      - run: docker compose up -d\n",
    )
    (root / "compose.yaml").write_text("services:\n  web:\n    image: nginx:1.27.3\n")
    texts = _pulled(root, monkeypatch)
    assert ("golang:", ("GO_VERSION",)) in texts


def test_a_moved_directory_holds_the_file_compose_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(
        tmp_path,
        "      - run: cp -r ci/compose-assets e2e\n      - run: cd e2e && docker compose up -d\n",
        asset="ci/compose-assets",
    )
    assert _pulled(root, monkeypatch) == [("golang:1.19", ())]


def test_moves_name_their_places_from_the_start() -> None:
    directory = {"dir"}.__contains__
    assert moves_of(["a.yml", "b.yml", "dir"], "", directory) == [
        ("a.yml", "dir/a.yml"),
        ("b.yml", "dir/b.yml"),
    ]
    assert moves_of(["a.yml", "dir"], "sub", directory) == [("sub/a.yml", "sub/dir")]
    assert moves_of(["-t", "out", "x/a.yml"], "", directory) == [("x/a.yml", "out/a.yml")]
    assert moves_of(["../a.yml", "."], "", directory) == []
    assert moves_of(["a.yml", "/tmp/e2e/"], "", directory) == []
    assert moves_of(["a.yml"], "", directory) == []
    assert moves_of(["a.yml", "b.yml"], None, directory) == []


def test_the_module_s_examples() -> None:
    import doctest

    from tagsense.sources.builds import _compose_moves

    result = doctest.testmod(_compose_moves)
    assert result.attempted > 0
    assert result.failed == 0

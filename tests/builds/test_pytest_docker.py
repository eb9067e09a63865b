"""pytest-docker: a ``conftest.py``'s ``docker_compose_file`` fixture names the compose files
the tests start (sources.builds.pytest_docker).

Projects keep those files where test conventions keep input data (``tests/fixtures/``,
``tests/data/``), which tagsense otherwise reads as a test's input, not a pull: the fixture
is what says the tests run them (survey 21e).
"""

from __future__ import annotations

import os
import string
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tagsense import find_references
from tagsense.sources.builds.pytest_docker import read_pytest_docker, scan_pytest_docker

if TYPE_CHECKING:
    from pathlib import Path

COMPOSE = "services:\n  db:\n    image: postgres:latest\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "app"\n')
    monkeypatch.chdir(tmp_path)
    return tmp_path


def fixture(returned: str, before: str = "", header: str = "import os\nimport pytest\n") -> str:
    return (
        f"{header}{before}\n\n@pytest.fixture(scope='session')\n"
        f"def docker_compose_file(pytestconfig):\n    return {returned}\n"
    )


@pytest.mark.parametrize(
    "returned",
    [
        'os.path.join(str(pytestconfig.rootdir), "tests", "fixtures", "docker-compose.yml")',
        'str(pytestconfig.rootdir / "tests" / "fixtures" / "docker-compose.yml")',
        'pytestconfig.rootpath / "tests/fixtures/docker-compose.yml"',
        'Path(str(pytestconfig.rootdir)) / "tests" / "fixtures" / "docker-compose.yml"',
        'os.path.join(os.path.dirname(__file__), "fixtures", "docker-compose.yml")',
        'str(Path(__file__).resolve().parent / "fixtures" / "docker-compose.yml")',
        'Path(__file__).parent.joinpath("fixtures", "docker-compose.yml")',
        '"tests/fixtures/docker-compose.yml"',
        'str(HERE / "fixtures" / "docker-compose.yml")',
    ],
)
def test_the_fixture_s_file_is_a_compose_run(project: Path, returned: str) -> None:
    conftest = project / "tests" / "conftest.py"
    conftest.parent.mkdir()
    conftest.write_text(fixture(returned, before="HERE = Path(__file__).parent"))
    path = os.path.join("tests", "conftest.py")
    (run,) = read_pytest_docker(path).composes
    assert run.files == (os.path.join("tests", "fixtures", "docker-compose.yml"),)
    assert (run.site.tool, run.site.path, run.site.line) == ("pytest-docker", path, 7)
    assert run.command == "docker compose up"


def test_a_compose_file_in_test_data_that_the_fixture_names_is_pulled(project: Path) -> None:
    fixtures = project / "tests" / "fixtures"
    fixtures.mkdir(parents=True)
    (fixtures / "docker-compose.yml").write_text(COMPOSE)
    (fixtures / "other.yml").write_text(COMPOSE.replace("postgres", "redis"))
    assert [o.text for o in find_references(".")] == []  # (a test's input alone)
    (project / "tests" / "conftest.py").write_text(
        fixture(
            'os.path.join(str(pytestconfig.rootdir), "tests", "fixtures", "docker-compose.yml")'
        )
    )
    assert [(o.path, o.text) for o in find_references(".")] == [
        (os.path.join("tests", "fixtures", "docker-compose.yml"), "postgres:latest")
    ]


def test_a_list_of_files_and_a_name_assigned_in_the_fixture(project: Path) -> None:
    text = (
        "import os\nimport pytest\n\n@pytest.fixture(scope='session')\n"
        "def docker_compose_file(pytestconfig):\n"
        "    base = os.path.join(str(pytestconfig.rootdir), 'tests', 'data')\n"
        "    return [os.path.join(base, 'compose.yml'), os.path.join(base, 'extra.yml')]\n"
    )
    (run,) = scan_pytest_docker(text, path=os.path.join("tests", "conftest.py")).composes
    assert run.files == (
        os.path.join("tests", "data", "compose.yml"),
        os.path.join("tests", "data", "extra.yml"),
    )


@pytest.mark.parametrize(
    "text",
    [
        fixture('os.environ["COMPOSE_FILE"]'),  # (a run's)
        fixture('f"{pytestconfig.rootdir}/docker-compose.yml"'),
        fixture("[os.path.join(str(pytestconfig.rootdir), 'a.yml'), other()]"),
        fixture('"x.yml"', before="HERE = 1\nHERE = 2").replace('"x.yml"', "HERE"),
        # (not a fixture: a helper of the same name)
        "def docker_compose_file():\n    return 'tests/docker-compose.yml'\n",
        "def docker_compose_file(:\n",  # (not Python)
    ],
)
def test_what_a_run_decides_or_no_fixture_gives_no_run(project: Path, text: str) -> None:
    assert scan_pytest_docker(text, path=os.path.join("tests", "conftest.py")).composes == ()


def test_without_pytest_s_rootdir_a_rootdir_path_is_not_known(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    conftest = tmp_path / "tests" / "conftest.py"
    conftest.parent.mkdir()
    conftest.write_text(fixture('os.path.join(str(pytestconfig.rootdir), "compose.yml")'))
    assert read_pytest_docker(str(conftest)).composes == ()
    # (the reading depends on the files looked at: a pytest.ini added later makes it anew)
    assert str(tmp_path / "pytest.ini") in read_pytest_docker(str(conftest)).inputs
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (run,) = read_pytest_docker(str(conftest)).composes
    assert run.files == (str(tmp_path / "compose.yml"),)


_PARTS = st.lists(
    st.text(string.ascii_lowercase + string.digits + "_-", min_size=1, max_size=12),
    min_size=1,
    max_size=4,
)


@given(_PARTS)
def test_a_join_of_any_parts_beside_the_conftest_is_that_path(parts: list[str]) -> None:
    written = ", ".join(f'"{part}"' for part in parts)
    text = fixture(f"os.path.join(os.path.dirname(__file__), {written})")
    (run,) = scan_pytest_docker(text, path=os.path.join("/project", "conftest.py")).composes
    assert run.files == (os.path.join("/project", *parts),)


@given(st.text(max_size=300))
def test_any_text_gives_a_result_never_an_exception(text: str) -> None:
    for source in (text, fixture(text)):
        found = scan_pytest_docker(source, path="conftest.py")
        assert all(run.site.tool == "pytest-docker" for run in found.composes)

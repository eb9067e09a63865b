"""Testcontainers for Python: the images Python tests start are pulls
(sources.builds.testcontainers_python)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense.sources import scan_paths
from tagsense.sources.builds import build_tool, read_build_file
from tagsense.sources.builds.python import scan_python_source
from tagsense.sources.discover import discover

if TYPE_CHECKING:
    from pathlib import Path

# feast-dev/feast's sdk/python/tests/universal/feature_repos/universal/online_store/redis.py
# and tests/integration/online_store/test_redis_versioning.py, cut down (survey 20).
FEAST = """\
from testcontainers.core.container import DockerContainer
from testcontainers.redis import RedisContainer


class RedisOnlineStoreCreator(OnlineStoreCreator):
    def __init__(self, project_name: str, **kwargs):
        super().__init__(project_name)
        self.container = DockerContainer("redis").with_exposed_ports("6379")

    def create_online_store(self):
        self.container.start()


@pytest.fixture(scope="module")
def redis_container():
    with RedisContainer("redis:7").with_exposed_ports(6379) as container:
        yield container
"""


def images(text: str) -> list[tuple[int, int, str, str]]:
    found = scan_python_source(text, path="test_x.py")
    return [(o.line, o.column, o.raw, dict(o.context)["call"]) for o in found]


def test_the_containers_the_tests_start_pull_their_images() -> None:
    found = scan_python_source(FEAST, path="redis.py")
    assert [(o.line, o.column, o.text) for o in found] == [
        (8, 43, "redis"),
        (16, 26, "redis:7"),
    ]
    first = found.occurrences[0]
    assert first.kind == "testcontainers"
    assert dict(first.context) == {"tool": "testcontainers", "call": "DockerContainer"}
    assert first.normalized == "docker.io/library/redis:latest"


def test_each_way_of_starting_one_counts() -> None:
    text = """\
import contextlib
from testcontainers.postgres import PostgresContainer
import testcontainers.mysql as tc_mysql

IMAGE = "postgres:16-alpine"

def test_started():
    PostgresContainer(image=IMAGE).start()

def test_held():
    container = PostgresContainer("postgres:15")
    container.with_env("A", "1")
    container.start()

def test_stack():
    with contextlib.ExitStack() as stack:
        stack.enter_context(tc_mysql.MySqlContainer("mysql:8.4.3"))

def test_held_with():
    db = PostgresContainer("postgres:14")
    with db.with_env("A", "1") as started:
        pass
"""
    assert images(text) == [
        (5, 10, "postgres:16-alpine", "PostgresContainer"),
        (11, 36, "postgres:15", "PostgresContainer"),
        (17, 54, "mysql:8.4.3", "MySqlContainer"),
        (20, 29, "postgres:14", "PostgresContainer"),
    ]


def test_a_container_only_made_pulls_nothing() -> None:
    # testcontainers/testcontainers-python's tests/core/test_container.py and
    # tests/community/generic/test_sql.py: unit tests of a container's methods.
    text = """\
from testcontainers.core.container import DockerContainer
from testcontainers.community.generic.sql import SqlContainer

def test_image_prefix_applied(monkeypatch):
    container = DockerContainer("nginx:latest")
    assert container.image == "myregistry.example.com/nginx:latest"

def test_abstract_methods_raise_not_implemented():
    container = SqlContainer("test:latest", SqlAlchemyConnectWaitStrategy())
    with pytest.raises(NotImplementedError):
        container.get_connection_url()
"""
    assert images(text) == []


def test_names_made_at_run_time_other_calls_and_docstrings_are_not_read() -> None:
    text = '''\
"""Example: with PostgresContainer("postgres:9") as db: ..."""
from testcontainers.generic import ServerContainer
from testcontainers.postgres import PostgresContainer
from other import RedisContainer

VERSION = "16"
IMAGE = "postgres:1"
IMAGE = "postgres:2"

def test(image, version):
    with PostgresContainer(f"postgres:{version}"), PostgresContainer(image):
        pass
    with PostgresContainer(f"postgres:{VERSION!r}"), PostgresContainer(f"postgres:{VERSION}{{"):
        pass
    with PostgresContainer(IMAGE), PostgresContainer("post" "gres"), PostgresContainer():
        pass
    with PostgresContainer("postgres:\\x31"), PostgresContainer(r"postgres:9"):
        pass
    with RedisContainer("redis:7"), ServerContainer(8080, "nginx:1.27.3"):
        pass
'''
    assert images(text) == []
    assert images("import testcontainers\nthis is not Python\n") == []
    assert images('with DockerContainer("redis:7"): pass\n') == []


# SigNoz/signoz's tests/fixtures/postgres.py, migrator.py and conftest.py, cut down (survey 38e:
# 4 pulled images missed, f-strings of pytest options).
SIGNOZ_FIXTURE = """\
import docker
import pytest
from testcontainers.postgres import PostgresContainer
from testcontainers.core.container import DockerContainer

REGISTRY = "quay.io/acme"

@pytest.fixture(name="postgres", scope="package")
def postgres(request: pytest.FixtureRequest, pytestconfig: pytest.Config):
    def create():
        version = request.config.getoption("--postgres-version")
        container = PostgresContainer(image=f"postgres:{version}")
        container.start()
        redis = DockerContainer(f"{REGISTRY}/redis:7").start()
        unknown = DockerContainer(f"acme/other:{pytestconfig.getoption('--other')}").start()
        migrator = request.config.getoption("schema_migrator_version")
        docker.from_env().containers.run(image=f"acme/migrator:{migrator}", detach=True)
    return create()
"""

SIGNOZ_CONFTEST = """\
def pytest_addoption(parser):
    parser.addoption("--postgres-version", action="store", default="15", help="postgres")
    parser.getgroup("acme").addoption("--schema-migrator-version", default="v0.144.6")
    parser.addoption("--other", action="store")
"""


def test_an_f_string_of_constants_and_pytest_options_is_the_image_pytest_runs(
    tmp_path: Path,
) -> None:
    # (pytest run as written gives getoption the default the conftest declares; a module
    # constant is its value; an option without a default, a field that is an expression, is
    # not known: not read)
    (tmp_path / ".git").mkdir()
    (tmp_path / "tests" / "integration").mkdir(parents=True)
    (tmp_path / "tests" / "conftest.py").write_text(SIGNOZ_CONFTEST)
    (tmp_path / "tests" / "integration" / "test_db.py").write_text(SIGNOZ_FIXTURE)
    scan = scan_paths([str(tmp_path)])
    assert sorted((o.line, o.column, o.text) for o in scan) == [  # (the literal's first character)
        (12, 47, "postgres:15"),
        (14, 35, "quay.io/acme/redis:7"),
        (17, 50, "acme/migrator:v0.144.6"),
    ]


def test_a_column_counts_characters_not_bytes() -> None:
    text = (
        "from testcontainers.core.container import DockerContainer\n"
        'with f("é"), DockerContainer("redis:7.4.1"): pass\n'
    )
    assert images(text) == [(2, 31, "redis:7.4.1", "DockerContainer")]


def test_only_python_sources_that_import_the_library_outside_docs_are_read(
    tmp_path: Path,
) -> None:
    tests = tmp_path / "tests"
    docs = tmp_path / "docs" / "modules"
    tests.mkdir()
    docs.mkdir(parents=True)
    (tests / "test_redis.py").write_text(FEAST)
    (tests / "test_plain.py").write_text('IMAGE = "redis:7"\n')
    (docs / "example.py").write_text(FEAST)
    found = str(tests / "test_redis.py")
    assert discover([str(tmp_path)]) == [(found, "build")]
    assert build_tool(tests / "test_plain.py") == "testcontainers"
    assert list(read_build_file(str(tests / "test_plain.py")).scan) == []
    assert [(o.path, o.line, o.kind) for o in scan_paths([str(tmp_path)])] == [
        (found, 8, "testcontainers"),
        (found, 16, "testcontainers"),
    ]


@given(st.text(max_size=200))
def test_any_text_is_read_without_raising(text: str) -> None:
    prefix = "from testcontainers.core.container import DockerContainer\n"
    for found in scan_python_source(prefix + text, path="t.py"):
        assert found.kind == "testcontainers"


def test_another_package_s_testcontainer_module_starts_its_containers(tmp_path: Path) -> None:
    # python-wiremock's WireMockContainer is a testcontainers DockerContainer: SigNoz's
    # tests/fixtures/http.py starts it so (survey 38e: 3 files' images unread).
    text = """\
from wiremock.testing.testcontainer import WireMockContainer


def create():
    container = WireMockContainer(image="wiremock/wiremock:2.35.1-1", secure=False)
    container.start()
"""
    assert images(text) == [(5, 42, "wiremock/wiremock:2.35.1-1", "WireMockContainer")]
    found = tmp_path / "http.py"
    found.write_text(text)
    assert discover([str(tmp_path)]) == [(str(found), "build")]
    # (a module of a package that is only named like one is no container library)
    assert images(text.replace("testing.testcontainer", "testing.containers")) == []


def test_an_image_read_from_the_environment_with_a_default_is_the_default() -> None:
    # The class of marqo-ai/marqo's vespa_local.py (survey s49f): a module constant read with
    # os.getenv(NAME, DEFAULT) is DEFAULT when the run does not set NAME; one with no
    # default is the run's alone.
    code = (
        "import os\nfrom testcontainers.postgres import PostgresContainer\n"
        "from testcontainers.redis import RedisContainer\n\n"
        'PG_IMAGE = os.getenv("PG_IMAGE", "postgres:16.4")\n'
        'REDIS_IMAGE = os.environ.get("REDIS_IMAGE")\n\n\n'
        "def test_db():\n"
        "    with PostgresContainer(PG_IMAGE) as pg, RedisContainer(REDIS_IMAGE) as r:\n"
        "        pass\n"
    )
    found = [(o.line, o.column, o.text) for o in scan_python_source(code).occurrences]
    column = code.splitlines()[4].index("postgres:16.4") + 1  # (where the default is written)
    assert found == [(5, column, "postgres:16.4")]


# datajoint/datajoint-python (cut down, survey s51d): the fixture reads its image from the
# environment in place; the test job gives the variable from its matrix to the step that
# runs the tests through a pixi task.
DATAJOINT_CONFTEST = """\
import os

import pytest


@pytest.fixture(scope="session")
def mysql_container():
    from testcontainers.mysql import MySqlContainer

    container = MySqlContainer(
        image=os.environ.get("DJ_TEST_MYSQL_IMAGE", "datajoint/mysql:8.0"),
        username="root",
    )
    container.start()
    yield container
"""
DATAJOINT_WORKFLOW = """\
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        environment: [test-py310, test-py314]
        mysql-image: ["datajoint/mysql:8.0", "mysql:8.4", "mysql:9.1"]
    steps:
      - uses: actions/checkout@v4
      - env:
          DJ_TEST_MYSQL_IMAGE: ${{ matrix.mysql-image }}
        run: pixi run -e ${{ matrix.environment }} test-cov
  unit:
    runs-on: ubuntu-latest
    env:
      DJ_TEST_MYSQL_IMAGE: mariadb:11.4
    steps:
      - run: pixi run lint
"""
DATAJOINT_PYPROJECT = """\
[tool.pixi.tasks]
test = "pytest tests/"
lint = "ruff check src"
test-cov = { cmd = "echo start", depends-on = ["test"] }
"""


def test_an_image_read_in_place_from_the_environment_is_its_default_and_the_ci_s_values(
    tmp_path: Path,
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "conftest.py").write_text(DATAJOINT_CONFTEST)
    (tmp_path / ".github" / "workflows" / "test.yaml").write_text(DATAJOINT_WORKFLOW)
    (tmp_path / "pyproject.toml").write_text(DATAJOINT_PYPROJECT)
    found = list(scan_paths([str(tmp_path)]))
    line = DATAJOINT_CONFTEST.splitlines().index(
        '        image=os.environ.get("DJ_TEST_MYSQL_IMAGE", "datajoint/mysql:8.0"),'
    )
    # (the default where nothing sets the variable; each matrix value the step that runs the
    # tests gives; not the value of the job whose pixi task runs no tests)
    assert sorted(o.text for o in found) == ["datajoint/mysql:8.0", "mysql:8.4", "mysql:9.1"]
    assert {o.line for o in found} == {line + 1}
    given = [o for o in found if o.text != "datajoint/mysql:8.0"]
    assert all(o.raw.startswith("os.environ.get(") for o in given)
    assert [dict(o.context)["env"] for o in given] == [
        {"DJ_TEST_MYSQL_IMAGE": o.text} for o in given
    ]
    # (the reading depends on the workflows and the pixi manifest: a change of them is read)
    inputs = read_build_file(str(tmp_path / "tests" / "conftest.py")).inputs
    assert str(tmp_path / ".github" / "workflows" / "test.yaml") in inputs
    assert str(tmp_path / "pyproject.toml") in inputs
    # (a step that runs no tests gives the tests nothing)
    (tmp_path / ".github" / "workflows" / "test.yaml").write_text(
        DATAJOINT_WORKFLOW.replace("test-cov", "lint")
    )
    assert sorted(o.text for o in scan_paths([str(tmp_path)])) == ["datajoint/mysql:8.0"]


def test_an_image_read_in_place_with_os_getenv_is_its_default() -> None:
    code = (
        "import os\nfrom testcontainers.redis import RedisContainer\n\n\ndef test_r():\n"
        '    with RedisContainer(os.getenv("REDIS_IMAGE", "redis:7.4")) as r:\n'
        "        pass\n"
        '    with RedisContainer(os.getenv("OTHER_IMAGE")) as r:\n'
        "        pass\n"
    )
    found = [(o.line, o.column, o.text) for o in scan_python_source(code).occurrences]
    assert found == [(6, code.splitlines()[5].index("redis:7.4") + 1, "redis:7.4")]


def test_a_module_constant_read_from_the_environment_takes_the_ci_s_values(
    tmp_path: Path,
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / "test_db.py").write_text(
        "import os\nfrom testcontainers.postgres import PostgresContainer\n\n"
        'PG = os.getenv("PG_IMAGE", "postgres:16.4")\n\n\ndef test_db():\n'
        "    with PostgresContainer(PG) as pg:\n        pass\n"
    )
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text(
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n"
        "        pg: [postgres:17.2, postgres:16.4]\n    env:\n      PG_IMAGE: ${{ matrix.pg }}\n"
        "    steps:\n      - run: python -m pytest -q\n"
    )
    found = {(o.line, o.text) for o in scan_paths([str(tmp_path)])}
    assert found == {(4, "postgres:16.4"), (4, "postgres:17.2")}


# Canner/WrenAI's core/wren/tests/connectors/test_mssql.py, cut down (survey s58a): the module
# imported by pytest.importorskip (the test is skipped where it is not installed), its class
# taken under a name of the test's own.
SKIPPED_UNLESS_INSTALLED = """\
import pytest

tc = pytest.importorskip(
    "testcontainers.mssql", reason="testcontainers[mssql] not installed"
)
SqlServerContainer = tc.SqlServerContainer


@pytest.fixture(scope="module")
def mssql():
    with SqlServerContainer("mcr.microsoft.com/mssql/server:2022-latest") as container:
        yield container


def test_by_the_module():
    with tc.SqlServerContainer("mcr.microsoft.com/mssql/server:2019-latest") as container:
        assert container
"""


def test_a_module_pytest_imports_or_skips_starts_its_containers(tmp_path: Path) -> None:
    assert images(SKIPPED_UNLESS_INSTALLED) == [
        (11, 30, "mcr.microsoft.com/mssql/server:2022-latest", "SqlServerContainer"),
        (16, 33, "mcr.microsoft.com/mssql/server:2019-latest", "SqlServerContainer"),
    ]
    # (a name assigned from another call, or a module that is not the library's, is not it)
    other = SKIPPED_UNLESS_INSTALLED.replace('"testcontainers.mssql"', '"mssql"')
    assert images(other) == []
    source = tmp_path / "tests" / "test_mssql.py"
    source.parent.mkdir()
    source.write_text(SKIPPED_UNLESS_INSTALLED)
    assert discover([str(tmp_path)]) == [(str(source), "build")]


# Canner/WrenAI's core/wren/tests/connectors/test_clickhouse.py, cut down (survey s58a): the
# test's own DockerContainer subclass takes its image as its __init__'s parameter, whose
# default is the image a call without it starts.
SUBCLASS_DEFAULT = """\
from testcontainers.core.container import DockerContainer
from testcontainers.postgres import PostgresContainer

IMAGE = "postgres:16.4"


class _ClickHouseContainer(DockerContainer):
    def __init__(self, image: str = "clickhouse/clickhouse-server:24.3-alpine", **kw):
        super().__init__(image, **kw)
        self.with_exposed_ports(8123)


class _Keyword(_ClickHouseContainer):
    def __init__(self, port, *, name="clickhouse/clickhouse-server:25.1"):
        super().__init__(image=name)


class _Fixed(PostgresContainer):
    def __init__(self):
        PostgresContainer.__init__(self, IMAGE, driver=None)


class _Plain(DockerContainer):
    pass


def test_default():
    with _ClickHouseContainer() as ch:
        assert ch


def test_given():
    with _ClickHouseContainer("clickhouse/clickhouse-server:24.8") as ch:
        assert ch
    with _Keyword(1) as ch, _Keyword(2, name="clickhouse/clickhouse-server:25.2") as other:
        assert ch and other
    _Fixed().start()
    with _Plain("redis:7.4") as plain:
        assert plain
"""


def test_a_subclass_starts_the_image_its_init_passes_on(tmp_path: Path) -> None:
    assert images(SUBCLASS_DEFAULT) == [
        (4, 10, "postgres:16.4", "_Fixed"),
        (8, 38, "clickhouse/clickhouse-server:24.3-alpine", "_ClickHouseContainer"),
        (14, 39, "clickhouse/clickhouse-server:25.1", "_Keyword"),
        (33, 32, "clickhouse/clickhouse-server:24.8", "_ClickHouseContainer"),
        (35, 47, "clickhouse/clickhouse-server:25.2", "_Keyword"),
        (38, 18, "redis:7.4", "_Plain"),
    ]
    # (what a *args or **kwargs may give is not known; a subclass only made starts nothing)
    unknown = SUBCLASS_DEFAULT.replace("_ClickHouseContainer() as", "_ClickHouseContainer(**o) as")
    assert (8, 38, "clickhouse/clickhouse-server:24.3-alpine", "_ClickHouseContainer") not in (
        images(unknown)
    )
    made = SUBCLASS_DEFAULT.replace("    _Fixed().start()\n", "    _Fixed()\n")
    assert (4, 10, "postgres:16.4", "_Fixed") not in images(made)
    # (a class of another base is none of them)
    other = SUBCLASS_DEFAULT.replace("(DockerContainer):\n    def", "(object):\n    def")
    assert [found for found in images(other) if "clickhouse" in found[2]] == []

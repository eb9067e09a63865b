"""A shell script that lies in a test-data directory but that the project runs is a script,
not a test's input (tagsense.sources.testdata.run_script): its own pulls are read, and so are
the compose files it brings up.

jembi/openhim-core-js's package.json runs ``./test/resources/replica-set-test/setup.sh``,
which runs ``docker-compose up`` on the compose file beside it (khezen/mongo:slim); the Go
test of kubereboot/kured's ``tests/kind/main_test.go`` runs ``bash testfiles/podblocker.sh``,
which applies a pod of ``nginx`` (surveys 59a, 59d: both missed as "test data").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tagsense.sources import scan_paths
from tagsense.sources.context import forget

if TYPE_CHECKING:
    from pathlib import Path

    from tagsense.occurrence import Scan


@pytest.fixture(autouse=True)
def _afresh() -> None:
    forget()


def write(root: Path, files: dict[str, str]) -> None:
    (root / ".git").mkdir()  # (the project's root)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def notes(scan: Scan) -> list[str]:
    return [str(error.path) for error in scan.errors if error.note]


SETUP = "(cd ./test/resources/rs ; docker-compose build && docker-compose up -d)\n"
COMPOSE = "services:\n  r1:\n    image: khezen/mongo:slim\n"
WORKFLOW = (
    "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
    "      - uses: actions/checkout@v4\n      - run: ./test/resources/rs/setup.sh\n"
)


@pytest.mark.parametrize(
    ("runner", "text"),
    [
        ("package.json", '{"name": "x", "scripts": {"test:rs": "./test/resources/rs/setup.sh"}}'),
        ("Makefile", "rs:\n\t./test/resources/rs/setup.sh\n"),
        (".github/workflows/test.yml", WORKFLOW),
    ],
)
def test_a_compose_file_a_test_data_script_the_project_runs_brings_up_is_read(
    tmp_path: Path, runner: str, text: str
) -> None:
    write(
        tmp_path,
        {
            runner: text,
            "test/resources/rs/setup.sh": SETUP,
            "test/resources/rs/docker-compose.yml": COMPOSE,
        },
    )
    scan = scan_paths([str(tmp_path)])
    assert [(o.text, o.kind) for o in scan.occurrences if o.text.startswith("khezen")] == [
        ("khezen/mongo:slim", "compose")
    ]
    assert notes(scan) == []


def test_a_test_data_script_nothing_runs_stays_the_test_s_input(tmp_path: Path) -> None:
    # a unit test reads the script as text; nothing runs it, nor the compose file it names
    write(
        tmp_path,
        {
            "go.mod": "module example.com/x\n\ngo 1.22\n",
            "parse_test.go": (
                'package x\n\nimport (\n\t"os"\n\t"testing"\n)\n\n'
                "func TestParse(t *testing.T) {\n"
                '\t_, _ = os.ReadFile("test/resources/rs/setup.sh")\n}\n'
            ),
            "test/resources/rs/setup.sh": SETUP,
            "test/resources/rs/docker-compose.yml": COMPOSE,
        },
    )
    scan = scan_paths([str(tmp_path)])
    assert [o.text for o in scan.occurrences] == []
    assert notes(scan) == [str(tmp_path / "test" / "resources")]


POD_SCRIPT = (
    "#!/usr/bin/env bash\n"
    'kubectl --context "$1" apply -f - << EOF\n'
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: nginx\nspec:\n  containers:\n"
    "    - name: nginx\n      image: nginx\nEOF\n"
)


def go_test(command: str) -> str:
    return (
        'package kind\n\nimport (\n\t"os/exec"\n\t"testing"\n)\n\n'
        "type scenario struct {\n\ttestScript string\n}\n\n"
        "func run(t *testing.T, s scenario) {\n"
        f"\tif err := {command}; err != nil {{\n\t\tt.Fatal(err)\n\t}}\n}}\n\n"
        "func TestPodBlocker(t *testing.T) {\n"
        '\trun(t, scenario{testScript: "testfiles/podblocker.sh"})\n}\n'
    )


@pytest.mark.parametrize(
    ("command", "runs"),
    [
        ('exec.Command("bash", s.testScript, "ctx").Run()', True),
        ('exec.Command("/bin/sh", s.testScript).Run()', True),
        # the test names the script without running a shell: its input
        ('exec.Command("shellcheck", s.testScript).Run()', False),
    ],
)
def test_a_test_data_script_a_go_test_runs_with_a_shell_is_read(
    tmp_path: Path, command: str, runs: bool
) -> None:
    write(
        tmp_path,
        {
            "tests/kind/go.mod": "module example.com/x\n\ngo 1.22\n",
            "tests/kind/main_test.go": go_test(command),
            "tests/kind/testfiles/podblocker.sh": POD_SCRIPT,
        },
    )
    scan = scan_paths([str(tmp_path)])
    assert [o.text for o in scan.occurrences] == (["nginx"] if runs else [])
    assert notes(scan) == ([] if runs else [str(tmp_path / "tests" / "kind" / "testfiles")])

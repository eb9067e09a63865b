"""`tagsense check` and `tagsense rules`: the linter's command line."""

from __future__ import annotations

import io
import json
import os
import platform
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from tagsense.cli import main

if TYPE_CHECKING:
    from pathlib import Path

DOCKERFILE = """\
FROM redis:latest
# tagsense: ignore[TS004]
FROM node:18-bookworm-slim AS assets
FROM python:3.12
COPY --from=assets /x /y
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_WORKSPACE", "CI_PROJECT_DIR"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_text_report_and_exit_code(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--as-of", "2026-01-01")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("Dockerfile:1:6: TS001 latest-tag  'redis:latest'")
    assert lines[1].startswith("Dockerfile:4:6: TS004 floating-version  floating minor version")
    assert lines[-1] == "Found 1 error and 1 warning in 1 file."


def test_json_contract(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--format", "json", "--as-of", "2026-01-01", ".")
    document = json.loads(out)
    assert code == 1
    assert list(document) == ["version", "findings", "errors", "summary"]
    assert document["version"] == 1
    first = document["findings"][0]
    assert list(first) == [
        "path", "line", "column", "code", "name", "severity", "message", "reference",
        "end_line", "end_column", "url",
    ]  # fmt: skip
    assert (first["path"], first["line"], first["column"], first["code"]) == (
        "Dockerfile",
        1,
        6,
        "TS001",
    )


def test_fail_on_exit_zero_select_ignore(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "check", "--select", "TS004", "--as-of", "2026-01-01")[0] == 0
    assert run(capsys, "check", "--select", "TS004", "--fail-on", "warning")[0] == 1
    assert run(capsys, "check", "--exit-zero")[0] == 0
    # (a suppression of a rule that is not enabled is unused: TS900, ignored here too)
    code, out, _ = run(
        capsys, "check", "--ignore", "latest-tag,TS004,TS900", "--as-of", "2026-01-01"
    )
    assert code == 0
    assert out.strip() == "All checks passed."


def test_preset_and_config(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--preset", "strict", "--format", "json")
    assert code == 1
    codes = {finding["code"] for finding in json.loads(out)["findings"]}
    assert "TS007" in codes
    (project / "pyproject.toml").write_text("[tool.tagsense]\nignore = ['TS001']\n")
    _code, out, _ = run(capsys, "check", "--format", "json", "--as-of", "2026-01-01")
    assert {f["code"] for f in json.loads(out)["findings"]} == {"TS004"}


def test_configuration_errors_exit_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text("[tool.tagsense]\nmin-precison = 'minor'\n")
    code, out, err = run(capsys, "check")
    assert code == 2
    assert out == ""
    assert err.startswith("tagsense: configuration error: ")
    assert "pyproject.toml:2: min-precison: unknown key" in err
    assert "Traceback" not in err
    code, _, err = run(capsys, "check", "--config", str(project / "missing.toml"))
    assert code == 2
    assert "cannot read" in err


def test_missing_path_exits_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "check", "no-such-dir")
    assert code == 2


def test_github_format_is_automatic_on_actions(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, out, _ = run(capsys, "check", "--as-of", "2026-01-01")
    assert out.splitlines()[0].startswith(
        "::error file=Dockerfile,line=1,col=6,endColumn=17,title=TS001 latest-tag::"
    )


def test_sarif(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", "--format", "sarif", "--as-of", "2026-01-01")
    document = json.loads(out)
    assert document["version"] == "2.1.0"
    results = document["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["TS001", "TS004"]


def test_stdin(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The buffer differs from the file on disk: its own suppression comments count.
    # (A Dockerfile comment is a line of its own: the suppression goes above.)
    monkeypatch.setattr(sys, "stdin", io.StringIO("# tagsense: ignore[TS004]\nFROM redis:7\n"))
    code, out, _ = run(capsys, "check", "-", "--stdin-filename", "Dockerfile")
    assert (code, out.strip()) == (0, "All checks passed.")
    monkeypatch.setattr(sys, "stdin", io.StringIO("FROM redis:latest\n"))
    code, out, _ = run(capsys, "check", "-", "--stdin-filename", "Dockerfile", "-q")
    assert code == 1
    assert out.startswith("Dockerfile:1:6: TS001")
    assert "Found" not in out  # quiet: no summary


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "skaffold.yaml",
            "apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:\n"
            "  - image: app\n    jib: {fromImage: 'eclipse-temurin:latest'}\n",
            "skaffold.yaml:6:23: TS001",
        ),
        (
            "docker-bake.hcl",
            'target "a" {\n  contexts = { b = "docker-image://redis:latest" }\n}\n',
            "docker-bake.hcl:2:21: TS001",
        ),
        (".ko.yaml", "defaultBaseImage: alpine\n", ".ko.yaml:1:19: TS002"),
        # A Nomad job named .hcl (learn-nomad-consul/demo-stack) is one by its text; a playbook
        # and a Molecule scenario are read as a scan reads them (geerlingguy/ansible-for-devops).
        (
            "nomad/jobs/web.hcl",
            'job "web" {\n  group "g" {\n    task "t" {\n      driver = "docker"\n'
            '      config { image = "nginx:latest" }\n    }\n  }\n}\n',
            "nomad/jobs/web.hcl:5:25: TS001",
        ),
        (
            "site.yml",
            "- hosts: all\n  tasks:\n    - docker_container:\n        image: redis:latest\n",
            "site.yml:4:16: TS001",
        ),
        (
            "molecule/default/molecule.yml",
            "platforms:\n  - name: a\n    image: ${DISTRO:-debian}:latest\n",
            "molecule/default/molecule.yml:3:12: TS001",
        ),
    ],
)
def test_stdin_build_files(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    text: str,
    expected: str,
) -> None:
    # An editor or pre-commit passing a build tool's file on standard input: read as the
    # file of that name would be (it was an internal error).
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    code, out, err = run(capsys, "check", "-", "--stdin-filename", name, "-q")
    assert "internal error" not in err
    assert code == 1
    assert out.startswith(expected), out


def test_rules(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules")
    assert code == 0
    assert out.splitlines()[0].split()[:3] == ["TS001", "latest-tag", "error"]
    assert "TS007* missing-digest" in out
    code, out, _ = run(capsys, "rules", "floating-version")
    assert code == 0
    assert out.startswith("TS004 floating-version: default severity warning")
    assert "## Why is this bad?" in out
    code, _, err = run(capsys, "rules", "latest-tags")
    assert code == 2
    assert "did you mean 'latest-tag'" in err
    code, out, _ = run(capsys, "rules", "--json")
    assert [rule["code"] for rule in json.loads(out)][-1] == "TS900"


def test_a_large_scan_on_every_core_finds_what_one_core_finds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import tagsense.sources.find

    for number in range(30):
        service = tmp_path / f"service-{number:02d}"
        service.mkdir()
        (service / "Dockerfile").write_text(f"FROM redis:{number}\nFROM python:3.12.{number}\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    _, serial, _ = run(capsys, "refs", "--format", "json", ".")
    monkeypatch.setattr(tagsense.sources.find, "PARALLEL_FROM", 2)
    _, parallel, _ = run(capsys, "refs", "--format", "json", ".")
    assert json.loads(parallel) == json.loads(serial)
    assert len(json.loads(serial)["references"]) == 60


def test_checking_one_dockerfile_imports_only_what_it_needs(project: Path) -> None:
    # The pre-commit case is one cold process: start-up is most of its time. With no build
    # file in the project, finding its context imports none of what reads one; nor does a
    # pyproject.toml whose tables hold no task runner's scripts (most Python projects' own).
    (project / ".git").mkdir()
    (project / "pyproject.toml").write_text(
        '[project]\nname = "app"\ndescription = "docker build helpers"\n\n'
        '[tool.hatch.build.targets.wheel]\npackages = ["src/app"]\n'
    )
    code = (
        "import sys\n"
        "from tagsense.cli import main\n"
        "status = main(['check', '--exit-zero', 'Dockerfile'])\n"
        "heavy = ['pathlib', 'typing', 'json', 'urllib.parse', 'ipaddress', 'shutil',\n"
        "         'subprocess', 'tomllib', 'yaml', 'pyparsing', 'packaging', 'importlib.util',\n"
        "         'zlib', 'tagsense.sources.compose', 'tagsense.sources.ci',\n"
        "         'tagsense.sources.project', 'tagsense.sources._context_cache',\n"
        "         'tagsense.sources.builds', 'tagsense.report.sarif']\n"
        "print(status, [m for m in heavy if m in sys.modules], file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.startswith("Dockerfile:1:6: TS001")
    assert result.stderr.splitlines()[-1] == "0 []"


def test_the_one_file_path_compiles_no_pattern_as_it_is_imported() -> None:
    # Compiling is most of what importing a reader costs, and a one-file check imports many
    # readers whose patterns it never uses: theirs are compiled at their first use.
    code = (
        "import re\n"
        "from tagsense import _anatomy\n"
        "from tagsense.sources import context, discover, find\n"
        "from tagsense.sources.dockerfile import _instructions, _parser\n"
        "modules = [_anatomy, context, discover, find, _instructions, _parser]\n"
        "print([f'{m.__name__}.{name}' for m in modules for name, value in vars(m).items()\n"
        "       if isinstance(value, re.Pattern) or type(value).__name__ == 'builtin_method'\n"
        "       and isinstance(getattr(value, '__self__', None), re.Pattern)])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr


@pytest.mark.parametrize(
    "name",
    [
        "Dockerfile",
        "compose.yaml",
        "k8s/deployment.yaml",
        "k8s/kustomization.yaml",
        "k8s/rendered.yaml",  # (a `helm template` render of another chart: a GitOps one's)
    ],
)
def test_a_one_file_check_imports_no_costly_standard_module(tmp_path: Path, name: str) -> None:
    # typing, dataclasses (with inspect and ast) cost a one-file check more than a reader's
    # whole work; measured in instructions, dataclasses alone was a fifth of a manifest's.
    (tmp_path / ".git").mkdir()
    (tmp_path / "Dockerfile").write_text("FROM python:3.12-slim\n")
    (tmp_path / "compose.yaml").write_text(
        "services:\n  app:\n    build: .\n  db:\n    image: postgres:16\n"
    )
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "deployment.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n"
        "    spec:\n      containers:\n      - {name: web, image: nginx:1.27}\n"
    )
    (tmp_path / "k8s" / "kustomization.yaml").write_text(
        "resources: [deployment.yaml]\nimages:\n- {name: nginx, newTag: 1.27.3}\n"
    )
    (tmp_path / "k8s" / "rendered.yaml").write_text(
        "---\n# Source: grafana/templates/pod.yaml\napiVersion: v1\nkind: Pod\n"
        "metadata: {name: g}\nspec:\n  containers:\n  - {name: g, image: grafana/grafana:11.4.0}\n"
    )
    code = (
        "import sys\n"
        "from tagsense.cli import main\n"
        f"main(['check', '--exit-zero', {name!r}])\n"
        "print(sorted({'typing', 'dataclasses', 'inspect', 'ast'} & set(sys.modules)))\n"
    )
    env = dict(os.environ, TAGSENSE_CACHE_DIR=str(tmp_path / "cache"))
    for _ in range(2):  # (without the context's cache, then with it)
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env
        )
        assert result.stdout.splitlines()[-1] == "[]", result.stdout + result.stderr


def test_a_one_file_check_imports_no_reader_its_project_does_not_need(tmp_path: Path) -> None:
    # A Kubernetes deployment.yaml is no Kamal configuration, and a compose file no Cloud Build
    # or Azure pipeline: their readers are not imported by a Dockerfile's check (Kamal's three
    # modules were, for a deployment.yaml's name). Nor is datetime's pure-Python module on
    # CPython, whose C one gives the same types (6.6M instructions, a twentieth of the check).
    (tmp_path / ".git").mkdir()
    (tmp_path / "Dockerfile").write_text("\ufeffFROM python:3.12-slim\n")
    (tmp_path / "compose.yaml").write_text("services:\n  app:\n    build: .\n")
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "deployment.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n"
        "    spec:\n      containers:\n      - {name: web, image: nginx:1.27}\n"
    )
    readers = ["platforms.kamal", "_cloudbuild_shape", "_azure_shape"]
    unwanted = [f"tagsense.sources.{name}" for name in readers]
    if platform.python_implementation() == "CPython":
        unwanted.append("datetime")
    # (nor modules for what a builtin does: math.isinf, the "utf-8-sig" codec's own module)
    unwanted += ["math", "encodings.utf_8_sig"]
    code = (
        "import sys\n"
        "from tagsense.cli import main\n"
        "main(['check', '--exit-zero', 'Dockerfile'])\n"
        f"print(sorted(set({unwanted!r}) & set(sys.modules)))\n"
    )
    env = dict(os.environ, TAGSENSE_CACHE_DIR=str(tmp_path / "cache"))
    for _ in range(2):  # (the second with the context's cache: PyYAML imports datetime)
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env
        )
    assert result.stdout.splitlines()[-1] == "[]", result.stdout + result.stderr


def test_a_pattern_compiled_at_first_use_is_the_compiled_pattern_from_then_on() -> None:
    from tagsense import _lazy

    names: dict[str, object] = {}
    exec(
        "from tagsense._lazy import lazy_method, lazy_pattern\n"
        "WORDS = lazy_pattern(r'[a-z]+', 0)\n"
        "ALIAS = WORDS\n"
        "DIGITS = lazy_method(rb'[0-9]+', 'fullmatch')\n",
        names,
    )
    import re

    assert not isinstance(names["WORDS"], re.Pattern)
    assert names["WORDS"].findall("two words") == ["two", "words"]  # type: ignore[attr-defined]
    assert isinstance(names["WORDS"], re.Pattern)
    assert names["ALIAS"] is names["WORDS"]  # (every name of the module that held it)
    assert names["DIGITS"](b"123") is not None  # type: ignore[operator]
    assert names["DIGITS"](b"12a") is None  # type: ignore[operator]
    assert not isinstance(names["DIGITS"], _lazy._Method)
    held = _lazy.lazy_pattern(r"(?P<word>\w+)")  # (held by no module's name: stays itself)
    assert held.match("held").group("word") == "held"
    assert held.groupindex == {"word": 1}
    with pytest.raises(AttributeError):
        held.no_such_attribute  # type: ignore[attr-defined]  # noqa: B018


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--format", "json", "--select", "TS001", "a", "b"],
        ["check", "-", "--stdin-filename", "Dockerfile", "--build-arg", "A=1"],
        ["rules", "TS004", "--json"],
        ["refs", "--format", "json", "."],
        ["parse", "--json", "redis"],
        ["explain", "--as-of", "2026-01-01", "redis:7"],
    ],
)
def test_the_parser_of_one_command_reads_as_the_whole_parser(argv: list[str]) -> None:
    from tagsense.cli import build_parser, invoked

    assert invoked(argv) == argv[0]
    assert build_parser(only=argv[0]).parse_args(argv) == build_parser().parse_args(argv)


def test_an_image_one_service_builds_is_built_for_every_service(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # An image the project builds is a build output wherever it is named (issue 12): a
    # service that names app:local without building it runs what the other one built.
    (project / "Dockerfile").unlink()
    (project / "compose.yaml").write_text(
        "x-app: &app\n  image: app:local\n"
        "services:\n  built:\n    <<: *app\n    build: .\n  pulled:\n    <<: *app\n"
        "  own:\n    image: own:local\n    build: .\n  other:\n    image: redis:local\n"
    )
    _, out, _ = run(capsys, "check", "--exit-zero", "compose.yaml")
    assert [line.split(": ", 1)[0] for line in out.splitlines() if "TS0" in line] == [
        "compose.yaml:13:12"
    ]
    _, out, _ = run(capsys, "refs", "--json", "compose.yaml")
    references = {ref["text"]: ref for ref in json.loads(out)["references"]}
    assert references["app:local"]["built"] == {
        "tool": "compose",
        "path": "compose.yaml",
        "line": 6,
    }
    assert references["own:local"]["built"] == {
        "tool": "compose",
        "path": "compose.yaml",
        "line": 11,
    }
    assert references["redis:local"]["built"] is None

"""The reports as CI systems read them: GitHub code scanning and annotations, GitLab.

The command line runs in a subdirectory of a temporary git repository, and every
format machines read must name the repository's files from its root. The SARIF
checks are those GitHub documents for an upload ("SARIF support for code
scanning": the required properties, the limits); the Action's steps run with a
stand-in for tagsense, as the runner runs a composite action's steps.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from tagsense.cli import main
from tagsense.policy import RULES
from tagsense.policy.finding import RULE_DOCS_URL, rule_url
from tagsense.report import WORKSPACE_VARIABLES, repository_root

ROOT = Path(__file__).parents[1]
CI_VARIABLES = (
    "GITHUB_ACTIONS",
    "GITHUB_STEP_SUMMARY",
    "GITHUB_SERVER_URL",
    "GITHUB_REPOSITORY",
    "GITHUB_SHA",
    *WORKSPACE_VARIABLES,
)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def git_init(root: Path) -> None:
    """A git work tree at ``root`` (git itself when installed, else its ``.git`` directory)."""
    root.mkdir(parents=True, exist_ok=True)
    if shutil.which("git") is None:
        (root / ".git" / "objects").mkdir(parents=True)
        return
    environment = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(
        ["git", "init", "-q"], cwd=root, env=environment, check=True, capture_output=True
    )


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in CI_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def repository(tmp_path: Path, clean_environment: None) -> Path:
    """A repository with findings in two directories of ``services/``, and a broken file."""
    root = tmp_path / "repo"
    git_init(root)
    write(root / "services" / "api" / "Dockerfile", "FROM redis:latest\nFROM node:20 AS build\n")
    write(root / "services" / "web" / "compose.yaml", "services:\n  web:\n    image: nginx\n")
    write(root / "services" / "broken.Dockerfile", "FORM scratch\n")
    write(root / "Dockerfile", "FROM alpine:latest\n")
    return root.resolve()


def check(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(["check", "--as-of", "2026-01-01", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def paths_in(output_format: str, out: str) -> list[str]:
    """Every file path a report names, as it names it."""
    if output_format == "json":
        document = json.loads(out)
        return [item["path"] for item in document["findings"] + document["errors"]]
    if output_format == "gitlab":
        return [issue["location"]["path"] for issue in json.loads(out)]
    if output_format == "github":
        return [
            unquote(match.replace("%2C", ",").replace("%3A", ":"))
            for match in re.findall(r"^::(?:error|warning) file=([^,:]+)", out, re.M)
        ]
    assert output_format == "sarif"
    (run,) = json.loads(out)["runs"]
    locations = [result["locations"][0]["physicalLocation"] for result in run["results"]]
    assert all(loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%" for loc in locations)
    return [unquote(loc["artifactLocation"]["uri"]) for loc in locations]


MACHINE_FORMATS = ("json", "sarif", "github", "gitlab")
EXPECTED_PATHS = {
    "services/api/Dockerfile",
    "services/web/compose.yaml",
    "services/broken.Dockerfile",
}


@pytest.mark.parametrize("output_format", MACHINE_FORMATS)
@pytest.mark.parametrize(
    ("directory", "paths"),
    [
        ("services", ["api", "web", "broken.Dockerfile"]),
        ("services/api", [".", "../web", "../broken.Dockerfile"]),
        (".", ["services"]),
    ],
)
def test_machine_formats_give_paths_from_the_repository_root(
    repository: Path,
    output_format: str,
    directory: str,
    paths: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(repository / directory)
    status, out, _ = check("--format", output_format, *paths, capsys=capsys)
    assert status == 1
    named = paths_in(output_format, out)
    assert set(named) == EXPECTED_PATHS
    assert all((repository / path).is_file() for path in named)
    if output_format == "sarif":
        run = json.loads(out)["runs"][0]
        assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": repository.as_uri() + "/"}}


def test_text_keeps_paths_from_the_current_directory(
    repository: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repository / "services")
    _, out, _ = check("api", capsys=capsys)
    assert out.startswith("api/Dockerfile:1:6: TS001 latest-tag")


@pytest.mark.parametrize("variable", WORKSPACE_VARIABLES)
def test_a_ci_checkout_without_git_is_the_root(
    tmp_path: Path,
    variable: str,
    clean_environment: None,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    workspace = tmp_path / "workspace"
    write(workspace / "app" / "Dockerfile", "FROM redis:latest\n")
    monkeypatch.setenv(variable, str(workspace))
    monkeypatch.chdir(workspace / "app")
    _, out, _ = check("--format", "gitlab", ".", capsys=capsys)
    assert paths_in("gitlab", out) == ["app/Dockerfile"]


# --- where the root is -------------------------------------------------------------------


def test_the_root_is_the_top_of_the_work_tree(tmp_path: Path) -> None:
    top = tmp_path / "repo"
    git_init(top)
    (top / "a" / "b").mkdir(parents=True)
    assert repository_root(top / "a" / "b", environ={}) == str(top)
    assert repository_root(top, environ={}) == str(top)
    # A linked worktree or a submodule: .git is a file.
    linked = tmp_path / "linked"
    write(linked / ".git", "gitdir: /elsewhere/.git/worktrees/linked\n")
    (linked / "src").mkdir()
    assert repository_root(linked / "src", environ={}) == str(linked)
    # Outside any work tree: the directory itself.
    alone = tmp_path / "alone"
    alone.mkdir()
    assert repository_root(alone, environ={}) == str(alone)


def test_the_root_is_found_through_symbolic_links(tmp_path: Path) -> None:
    top = tmp_path / "repo"
    git_init(top)
    (top / "deep").mkdir()
    (tmp_path / "link").symlink_to(top / "deep")
    assert repository_root(tmp_path / "link", environ={}) == str(top)


def test_the_root_with_a_ci_workspace(tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    (workspace / "app").mkdir(parents=True)
    for variable in WORKSPACE_VARIABLES:
        environ = {variable: str(workspace)}
        # No work tree: the checkout.
        assert repository_root(workspace / "app", environ=environ) == str(workspace)
        # A directory outside the checkout: the checkout says nothing about it.
        assert repository_root(tmp_path, environ=environ) == str(tmp_path)
    # A repository checked out into a subdirectory of the workspace: the repository.
    nested = workspace / "checkout"
    git_init(nested)
    (nested / "src").mkdir()
    environ = {"GITHUB_WORKSPACE": str(workspace)}
    assert repository_root(nested / "src", environ=environ) == str(nested)
    # A checkout made without git inside some other work tree: the checkout.
    outer = tmp_path / "outer"
    git_init(outer)
    inner = outer / "runner" / "work"
    (inner / "app").mkdir(parents=True)
    assert repository_root(inner / "app", environ={"CI_PROJECT_DIR": str(inner)}) == str(inner)
    # An empty variable counts as unset.
    assert repository_root(workspace / "app", environ={"GITHUB_WORKSPACE": ""}) == str(
        workspace / "app"
    )


def test_finding_the_root_runs_nothing_and_reads_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = tmp_path / "repo"
    git_init(top)
    (top / "x").mkdir()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("repository_root must not run a process or open a file")

    monkeypatch.setattr(subprocess, "run", refuse)
    monkeypatch.setattr(subprocess, "Popen", refuse)
    monkeypatch.setattr("builtins.open", refuse)
    assert repository_root(top / "x", environ={}) == str(top)


# --- the rules' documentation -------------------------------------------------------------


def test_every_rule_url_names_its_documentation_in_this_repository() -> None:
    # The URL is the repository's file that holds the rule's page (its module docstring).
    assert RULE_DOCS_URL.startswith("https://github.com/tagsense/tagsense/blob/main/")
    for rule in RULES:
        url = rule_url(rule.code)
        assert url is not None and url.startswith(RULE_DOCS_URL)
        path = ROOT / url.removeprefix("https://github.com/tagsense/tagsense/blob/main/")
        assert path.is_file(), url
        assert rule.doc.splitlines()[0] in path.read_text(encoding="utf-8")
    assert rule_url("ACME001") is None


# --- SARIF as GitHub code scanning takes it -----------------------------------------------

#: "SARIF support for code scanning" (docs.github.com): what an upload must have, and
#: the limits past which it is rejected.
PRECISIONS = {"very-high", "high", "medium", "low"}
PROBLEM_SEVERITIES = {"error", "warning", "recommendation"}
LEVELS = {"note", "warning", "error", "none"}


def github_upload_problems(log: dict[str, Any]) -> list[str]:
    """What GitHub code scanning would refuse, or not show, in a SARIF log."""
    problems = []

    def require(condition: bool, what: str) -> None:
        if not condition:
            problems.append(what)

    def text(value: Any, limit: int | None = None) -> bool:
        return isinstance(value, str) and value != "" and (limit is None or len(value) <= limit)

    require(text(log.get("$schema")), "$schema")
    require(log.get("version") == "2.1.0", "version")
    runs = log.get("runs")
    require(isinstance(runs, list) and 1 <= len(runs) <= 20, "runs: 1 to 20")
    for run in runs or []:
        driver = run.get("tool", {}).get("driver", {})
        require(text(driver.get("name")), "tool.driver.name")
        rules = driver.get("rules")
        require(isinstance(rules, list) and len(rules) <= 25_000, "rules: at most 25,000")
        ids = [rule.get("id") for rule in rules or []]
        require(len(set(ids)) == len(ids), "rule ids are unique")
        for rule in rules or []:
            where = f"rule {rule.get('id')}"
            require(text(rule.get("id")), f"{where}: id")
            require(text(rule.get("name", "x"), 255), f"{where}: name, at most 255")
            short = rule.get("shortDescription", {}).get("text")
            require(text(short, 1024), f"{where}: shortDescription.text, at most 1024")
            full = rule.get("fullDescription", {}).get("text")
            require(text(full, 1024), f"{where}: fullDescription.text, at most 1024")
            require(text(rule.get("help", {}).get("text")), f"{where}: help.text")
            level = rule.get("defaultConfiguration", {}).get("level", "warning")
            require(level in {"note", "warning", "error"}, f"{where}: defaultConfiguration")
            properties = rule.get("properties", {})
            tags = properties.get("tags", [])
            require(len(tags) <= 20 and all(text(t) for t in tags), f"{where}: tags")
            require(properties.get("precision", "high") in PRECISIONS, f"{where}: precision")
            severity = properties.get("problem.severity", "warning")
            require(severity in PROBLEM_SEVERITIES, f"{where}: problem.severity")
            if "helpUri" in rule:
                require(urlsplit(rule["helpUri"]).scheme == "https", f"{where}: helpUri")
        if "automationDetails" in run:
            require(text(run["automationDetails"].get("id")), "automationDetails.id")
        results = run.get("results")
        require(isinstance(results, list) and len(results) <= 25_000, "results: at most 25,000")
        for number, result in enumerate(results or []):
            where = f"result {number}"
            require(result.get("ruleId") in ids, f"{where}: ruleId names a rule")
            if "ruleIndex" in result:
                index = result["ruleIndex"]
                require(0 <= index < len(ids) and ids[index] == result["ruleId"], f"{where}: index")
            require(result.get("level", "warning") in LEVELS, f"{where}: level")
            require(text(result.get("message", {}).get("text")), f"{where}: message.text")
            fingerprints = result.get("partialFingerprints")
            require(isinstance(fingerprints, dict) and fingerprints, f"{where}: fingerprints")
            locations = result.get("locations")
            require(isinstance(locations, list) and 1 <= len(locations) <= 10, f"{where}: loc")
            for location in locations or []:
                physical = location.get("physicalLocation", {})
                uri = physical.get("artifactLocation", {}).get("uri")
                require(text(uri), f"{where}: artifactLocation.uri")
                if isinstance(uri, str):
                    # Relative to the repository's root, "/" separators, inside it.
                    require(not urlsplit(uri).scheme, f"{where}: a relative uri")
                    require(not uri.startswith("/") and "\\" not in uri, f"{where}: uri form")
                    require(".." not in uri.split("/"), f"{where}: uri inside the root")
                region = physical.get("region")
                if region is not None:
                    start, end = region.get("startLine", 0), region.get("endLine")
                    require(start >= 1, f"{where}: startLine")
                    if "startColumn" in region:
                        require(end is not None and end >= start, f"{where}: endLine")
                        require(region.get("endColumn", 0) >= 1, f"{where}: endColumn")
    return problems


def sarif_of_repository(
    repository: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *argv: str,
) -> tuple[int, dict[str, Any]]:
    monkeypatch.chdir(repository / "services")
    status, out, _ = check("--format", "sarif", *argv, capsys=capsys)
    log: dict[str, Any] = json.loads(out)
    return status, log


def schema_errors(log: dict[str, Any]) -> list[str]:
    """What the official SARIF 2.1.0 schema (see tests/test_report.py) says of a log."""
    import jsonschema

    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
    validator = jsonschema.Draft4Validator(schema)
    return sorted(error.message for error in validator.iter_errors(log))


def test_sarif_of_a_scan_passes_githubs_upload_checks(
    repository: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, log = sarif_of_repository(repository, capsys, monkeypatch, "--sarif-category", "svc", ".")
    assert github_upload_problems(log) == []
    assert schema_errors(log) == []
    (run,) = log["runs"]
    assert run["automationDetails"] == {"id": "svc/"}
    assert {result["ruleId"] for result in run["results"]} >= {"TS001", "source-error"}
    latest = next(r for r in run["results"] if r["ruleId"] == "TS001")
    assert latest["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 1,
        "startColumn": 6,
        "endLine": 1,
        "endColumn": 18,  # just past 'redis:latest'
    }


def test_the_upload_checks_are_not_vacuous(
    repository: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, log = sarif_of_repository(repository, capsys, monkeypatch, ".")
    (run,) = log["runs"]
    run["tool"]["driver"]["rules"][0]["fullDescription"]["text"] = "x" * 1025
    run["tool"]["driver"]["rules"][1]["help"] = {"text": ""}
    run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = (
        "file:///tmp/elsewhere/Dockerfile"
    )
    del run["results"][1]["partialFingerprints"]
    run["results"][2]["locations"][0]["physicalLocation"]["region"].pop("endLine", None)
    assert len(github_upload_problems(log)) == 5


def test_sarif_describes_the_rules_of_every_configuration_found(
    repository: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # services/api is strict (TS007 on); services/web has a rule of its own.
    write(repository / "services" / "api" / ".tagsense.toml", 'preset = "strict"\n')
    write(
        repository / "services" / "web" / ".tagsense.toml",
        '[[rules]]\ncode = "WEB001"\nname = "no-nginx"\nmessage = "use our nginx build"\n'
        "when = 'app == \"nginx\"'\n",
    )
    _, log = sarif_of_repository(repository, capsys, monkeypatch, ".")
    assert github_upload_problems(log) == []
    assert schema_errors(log) == []
    (run,) = log["runs"]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert {"TS007", "WEB001", "source-error"} <= set(rules)
    web = rules["WEB001"]
    assert web["shortDescription"] == {"text": "use our nginx build"}
    assert web["fullDescription"]["text"] == (
        "use our nginx build (a rule of the configuration services/web/.tagsense.toml: "
        'when app == "nginx")'
    )
    assert web["name"] == "NoNginx"
    assert [r["ruleId"] for r in run["results"] if r["ruleId"] == "WEB001"] == ["WEB001"]


def test_sarif_says_the_run_failed_when_the_check_exits_2(
    repository: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    status, log = sarif_of_repository(repository, capsys, monkeypatch, "api", "no-such-dir")
    assert status == 2
    (run,) = log["runs"]
    assert run["invocations"][0]["executionSuccessful"] is False
    missing = [r for r in run["results"] if r["ruleId"] == "source-error"]
    assert [r["message"]["text"] for r in missing] == ["no such file or directory"]
    status, log = sarif_of_repository(repository, capsys, monkeypatch, "--exit-zero", "api")
    assert status == 0
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_a_sarif_report_github_would_reject_is_a_clear_error(
    repository: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tagsense.report import sarif

    monkeypatch.setattr(sarif, "MAX_RESULTS", 1)
    monkeypatch.chdir(repository / "services")
    status, out, err = check("--format", "sarif", ".", capsys=capsys)
    assert (status, out) == (2, "")
    assert err.startswith("tagsense: error: the SARIF report would have ")
    assert "GitHub code scanning accepts at most 1 in a run" in err
    assert "Traceback" not in err


def test_the_sarif_category_goes_with_the_sarif_format(
    repository: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repository)
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--sarif-category", "x", "."])
    assert exit_info.value.code == 2
    assert "--sarif-category goes with --format sarif" in capsys.readouterr().err


# --- GitHub annotations and the step summary ----------------------------------------------


def many_findings(root: Path, count: int) -> None:
    for number in range(count):
        write(root / f"svc{number:02d}" / "Dockerfile", "FROM redis:latest\nFROM node:20\n")


def test_github_in_ci_annotates_within_the_limits_and_summarises_everything(
    tmp_path: Path,
    clean_environment: None,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = tmp_path / "repo"
    git_init(root)
    many_findings(root, 14)
    summary_file = tmp_path / "summary.md"
    summary_file.write_text("earlier\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(root))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary_file))
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "acme/app")
    monkeypatch.setenv("GITHUB_SHA", "0123abc")
    monkeypatch.chdir(root / "svc03")
    status, out, _ = check("..", capsys=capsys)  # the github format: GITHUB_ACTIONS
    assert status == 1
    lines = out.splitlines()
    annotations = [line for line in lines if line.startswith(("::error ", "::warning "))]
    assert len(annotations) == 20
    assert all(line.startswith("::error ") for line in annotations[:10])
    notice = next(line for line in lines if line.startswith("::notice "))
    assert "Found 14 errors and 14 warnings in 14 files." in notice
    assert "listed in the job summary and this step's log" in notice
    summary = summary_file.read_text(encoding="utf-8")
    assert summary.startswith("earlier\n## tagsense\n")
    assert summary.count("| error | TS001 latest-tag |") == 14
    assert summary.count("| warning | TS004 floating-version |") == 14
    assert "(https://github.com/acme/app/blob/0123abc/svc13/Dockerfile#L2)" in summary


def test_a_step_summary_that_cannot_be_written_is_a_warning(
    repository: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(repository / "no" / "such" / "summary.md"))
    monkeypatch.chdir(repository / "services")
    status, out, err = check("--format", "github", "api", capsys=capsys)
    assert status == 1
    assert out.startswith("::error file=services/api/Dockerfile,line=1,col=6,endColumn=17,")
    assert err.startswith("tagsense: warning: cannot write the step summary ")


# --- the Action -----------------------------------------------------------------------------

ACTION = ROOT / "action.yml"
EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")


def run_action(
    tmp_path: Path, inputs: dict[str, str], exits: dict[str, int]
) -> tuple[int, list[str], list[list[str]]]:
    """Run the Action's steps as the runner runs a composite action, with a stand-in tagsense.

    ``exits`` says what the stand-in exits with for each ``--format`` (``text`` for
    none). Returns the exit status of the step that failed (0: none), the names of
    the steps that ran, and the stand-in's command lines.
    """
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    values = {f"inputs.{name}": spec.get("default", "") for name, spec in action["inputs"].items()}
    values |= {f"inputs.{name}": value for name, value in inputs.items()}
    values["github.action_path"] = str(ROOT)
    runner_temp = tmp_path / "runner"
    stand_in = runner_temp / "tagsense-venv" / "bin" / "tagsense"
    calls = tmp_path / "calls"
    write(
        stand_in,
        "#!/bin/bash\n"
        f'printf "%s\\n" "$*" >> {calls}\n'
        'format=text; prev=""\n'
        'for arg in "$@"; do [ "$prev" = --format ] && format=$arg; prev=$arg; done\n'
        + "".join(f'[ "$format" = {name} ] && exit {code}\n' for name, code in exits.items())
        + "exit 0\n",
    )
    stand_in.chmod(0o755)

    def evaluate(text: str) -> str:
        return EXPRESSION.sub(lambda match: values.get(match[1], ""), text)

    ran: list[str] = []
    for step in action["runs"]["steps"]:
        if step["name"] == "Install tagsense":
            continue  # (the stand-in is installed)
        condition = step.get("if")
        if condition is not None:
            left, _, right = condition.partition("!=")
            if values[left.strip()] == right.strip().strip("'"):
                continue
        assert step["shell"] == "bash"
        output = tmp_path / f"output-{len(ran)}"
        output.write_text("")
        environment = {
            **os.environ,
            "RUNNER_TEMP": str(runner_temp),
            "GITHUB_OUTPUT": str(output),
            **{name: evaluate(str(value)) for name, value in step.get("env", {}).items()},
        }
        # The runner's bash: `bash --noprofile --norc -eo pipefail {0}`.
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", evaluate(step["run"])],
            cwd=tmp_path,
            env=environment,
            capture_output=True,
            text=True,
        )
        ran.append(step["name"])
        for line in output.read_text().splitlines():
            name, _, value = line.partition("=")
            values[f"steps.{step['id']}.outputs.{name}"] = value
        if result.returncode != 0:
            lines = calls.read_text().splitlines() if calls.exists() else []
            return result.returncode, ran, [line.split() for line in lines]
    lines = calls.read_text().splitlines() if calls.exists() else []
    return 0, ran, [line.split() for line in lines]


needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")


@needs_bash
def test_the_action_annotates_even_when_the_sarif_step_fails(tmp_path: Path) -> None:
    inputs = {"sarif": "out.sarif", "paths": "services", "sarif-category": "svc"}
    status, ran, calls = run_action(tmp_path, inputs, {"sarif": 2, "text": 0})
    assert ran == ["Write SARIF", "Check"]  # the annotations are written
    assert status == 2  # and the job fails, at the end
    assert calls == [
        ["check", "--format", "sarif", "--exit-zero", "--sarif-category", "svc", "services"],
        ["check", "services"],
    ]


@needs_bash
@pytest.mark.parametrize(
    ("exits", "expected"),
    [
        ({"sarif": 0, "text": 0}, 0),
        ({"sarif": 0, "text": 1}, 1),  # findings: the check fails
        ({"sarif": 2, "text": 1}, 1),  # the check's own status first
        ({"sarif": 0, "text": 2}, 2),
    ],
)
def test_the_action_fails_as_the_check_does(
    tmp_path: Path, exits: dict[str, int], expected: int
) -> None:
    status, ran, _ = run_action(tmp_path, {"sarif": "out.sarif"}, exits)
    assert (status, ran) == (expected, ["Write SARIF", "Check"])


@needs_bash
def test_the_action_without_sarif_only_checks(tmp_path: Path) -> None:
    status, ran, calls = run_action(tmp_path, {"args": "--preset strict"}, {"text": 1})
    assert (status, ran) == (1, ["Check"])
    assert calls == [["check", "--preset", "strict", "."]]


# --- the GitLab recipe ----------------------------------------------------------------------


def test_the_gitlab_recipe_keeps_the_report_without_hiding_errors() -> None:
    recipes = (ROOT / "docs" / "recipes.md").read_text(encoding="utf-8")
    section = recipes.split("(gitlab-ci)=", 1)[1].split("\n## ", 2)[1]
    block = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert block is not None
    job = yaml.safe_load(block[1])["tagsense"]
    script = "\n".join(job["script"])
    assert "|| true" not in script and "--exit-zero" not in script
    report = job["artifacts"]["reports"]["codequality"]
    assert f"tagsense check --format gitlab > {report}" in script
    assert job["artifacts"]["when"] == "always"  # the report, even when the job fails
    # Findings (exit 1) allowed, a configuration or usage error (exit 2) fails the job.
    assert job["allow_failure"] == {"exit_codes": 1}

"""The reports: text, json, sarif, github and gitlab, on one fixed set of findings.

The SARIF schema in ``tests/data/sarif-schema-2.1.0.json`` is the official OASIS
SARIF 2.1.0 JSON schema (errata 01, the document whose ``id`` is
https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json),
copied unchanged from the project's shared conformance data
(``conformance/sarif-schema-2.1.0.json``; SHA-256 c3b4bb2d6093897483348925aaa73af0
3b3e3f4bd4ca38cef26dcb4212a2682e). It is a draft-04 JSON schema.
"""

from __future__ import annotations

import doctest
import importlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import tagsense
from tagsense.errors import TagsenseError
from tagsense.occurrence import Occurrence, SourceError
from tagsense.policy import RULES, Config, Finding
from tagsense.report import FORMATS, render, summary
from tagsense.report import text as text_report
from tagsense.report.github import escape_data, escape_property
from tagsense.report.sarif import SCHEMA_URI, pascal_case

SCHEMA_PATH = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
RULE = {rule.code: rule for rule in RULES}

MESSAGE_LATEST = "'redis:latest' uses the 'latest' tag; pin a version tag, or a digest"
MESSAGE_NODE = "floating major version '20' — the image moves with every 20.x release ✓"
MESSAGE_MISSING = "'redis' has no tag: Docker pulls « latest »"
MESSAGE_EOL = "'node:18-buster' runs on Debian 10 (buster), past its regular support"
MESSAGE_ACME = "alpine images are not allowed here"
MESSAGE_UNUSED = "'# tagsense: ignore[TS005]' suppressed nothing (TS005); remove it"


def finding(
    code: str,
    message: str,
    reference: str,
    path: str | None = None,
    line: int | None = None,
    column: int | None = None,
    *,
    severity: str | None = None,
    name: str | None = None,
    raw: str | None = None,
) -> Finding:
    rule = RULE.get(code)
    occurrence = None
    if raw is not None:
        assert path is not None and line is not None and column is not None
        occurrence = Occurrence(
            path=path, line=line, column=column, kind="from", raw=raw, text=raw, reference=None
        )
    return Finding(
        code=code,
        name=name or (rule.name if rule else "?"),
        severity=severity or (rule.severity if rule else "error"),
        message=message,
        reference=reference,
        path=path,
        line=line,
        column=column,
        occurrence=occurrence,
    )


def sample(root: Path) -> tuple[list[Finding], list[SourceError]]:
    """Findings with and without locations, unicode messages, a user rule, source errors."""
    dockerfile = str(root / "Dockerfile")
    api = str(root / "services" / "api" / "Dockerfile")
    findings = [
        finding("TS001", MESSAGE_LATEST, "redis:latest", dockerfile, 1, 6, raw="redis:latest"),
        # TS006 decides its severity: a warning here, while the rule's default is error.
        finding("TS006", MESSAGE_EOL, "node:18-buster", dockerfile, 2, 6, severity="warning"),
        finding("TS004", MESSAGE_NODE, "node:20", api, 3, 6),
        finding("ACME001", MESSAGE_ACME, "alpine:3.21", api, 4, 6, name="no-alpine"),
        finding("TS900", MESSAGE_UNUSED, "", api, 9, None),
        finding("TS002", MESSAGE_MISSING, "redis"),  # given as text: no location
    ]
    errors = [
        SourceError(str(root / "broken.Dockerfile"), 7, "unknown instruction: FORM"),
        SourceError(str(root / "gone"), None, "no such file or directory"),
    ]
    return findings, errors


def rendered(
    format: str, findings: list[Finding], errors: list[SourceError], **options: Any
) -> str:
    stream = io.StringIO()
    render(format, findings, errors, stream=stream, **options)
    return stream.getvalue()


# --- the package -------------------------------------------------------------------


def test_the_formats() -> None:
    assert FORMATS == ("text", "json", "sarif", "github", "gitlab")


@pytest.mark.parametrize("format", FORMATS)
def test_every_format_writes_a_report_ending_in_a_newline(format: str, tmp_path: Path) -> None:
    findings, errors = sample(tmp_path)
    output = rendered(format, findings, errors, root=tmp_path)
    assert output.endswith("\n")
    assert "redis:latest" in output


@pytest.mark.parametrize("format", FORMATS)
def test_every_format_takes_an_empty_report(format: str) -> None:
    output = rendered(format, [], [])
    assert output.endswith("\n") or (format == "github" and output == "")


def test_an_unknown_format_is_a_tagsense_error() -> None:
    with pytest.raises(TagsenseError, match=r"unknown report format 'xml' \(choose from text, "):
        rendered("xml", [], [])


def test_summary_counts_by_severity_code_files_and_errors(tmp_path: Path) -> None:
    findings, errors = sample(tmp_path)
    assert summary(findings, errors) == {
        "findings": 6,
        "by_severity": {"error": 3, "warning": 3},
        "by_code": {"ACME001": 1, "TS001": 1, "TS002": 1, "TS004": 1, "TS006": 1, "TS900": 1},
        "files": 2,
        "errors": 2,
    }
    assert list(summary(findings, errors)) == [
        "findings",
        "by_severity",
        "by_code",
        "files",
        "errors",
    ]
    assert summary([], []) == {
        "findings": 0,
        "by_severity": {"error": 0, "warning": 0},
        "by_code": {},
        "files": 0,
        "errors": 0,
    }


def python(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_import_tagsense_does_not_import_the_reports() -> None:
    code = (
        "import sys, tagsense\nprint([m for m in sys.modules if m.startswith('tagsense.report')])"
    )
    assert python(code) == "[]"


def test_a_report_imports_only_its_own_format() -> None:
    code = (
        "import io, sys\n"
        "import tagsense.report as report\n"
        "heavy = ['json', 'hashlib', 'tagsense.policy.rules'] + [\n"
        "    f'tagsense.report.{name}' for name in report.FORMATS]\n"
        "print([m for m in heavy if m in sys.modules])\n"
        "report.render('text', [], [], stream=io.StringIO())\n"
        "print([m for m in heavy if m in sys.modules])\n"
    )
    assert python(code).splitlines() == ["[]", "['tagsense.report.text']"]


@pytest.mark.parametrize(
    "module",
    [
        "tagsense.report",
        "tagsense.report.text",
        "tagsense.report.sarif",
        "tagsense.report.github",
    ],
)
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0
    assert result.attempted > 0


# --- text --------------------------------------------------------------------------


def test_text_is_one_ruff_like_line_a_finding_then_errors_then_a_summary(tmp_path: Path) -> None:
    findings, errors = sample(tmp_path)
    assert rendered("text", findings, errors, root=tmp_path).splitlines() == [
        f"Dockerfile:1:6: TS001 latest-tag  {MESSAGE_LATEST}",
        f"Dockerfile:2:6: TS006 eol-os  {MESSAGE_EOL}",
        f"services/api/Dockerfile:3:6: TS004 floating-version  {MESSAGE_NODE}",
        f"services/api/Dockerfile:4:6: ACME001 no-alpine  {MESSAGE_ACME}",
        f"services/api/Dockerfile:9: TS900 unused-suppression  {MESSAGE_UNUSED}",
        f"redis: TS002 missing-tag  {MESSAGE_MISSING}",
        "broken.Dockerfile:7: error: unknown instruction: FORM",
        "gone: error: no such file or directory",
        "Found 3 errors and 3 warnings in 2 files; 2 source errors.",
    ]


def test_text_paths_outside_the_root_or_without_a_root_are_shown_as_found(tmp_path: Path) -> None:
    inside = finding("TS001", "m", "redis:latest", str(tmp_path / "a" / "Dockerfile"), 1, 6)
    outside = finding("TS001", "m", "redis:latest", "/elsewhere/Dockerfile", 1, 6)
    relative = finding("TS001", "m", "redis:latest", "a/Dockerfile", 1, 6)
    lines = rendered("text", [inside, outside], [], root=tmp_path / "a").splitlines()
    assert lines[:2] == [
        "Dockerfile:1:6: TS001 latest-tag  m",
        "/elsewhere/Dockerfile:1:6: TS001 latest-tag  m",
    ]
    assert (
        rendered("text", [relative], []).splitlines()[0] == "a/Dockerfile:1:6: TS001 latest-tag  m"
    )


@pytest.mark.parametrize(
    ("severities", "paths", "sources", "expected"),
    [
        ([], [], 0, "All checks passed."),
        ([], [], 1, "No findings; 1 source error."),
        ([], [], 3, "No findings; 3 source errors."),
        (["error"], ["a"], 0, "Found 1 error in 1 file."),
        (["error", "error"], ["a", "b"], 0, "Found 2 errors in 2 files."),
        (["warning"], ["a"], 0, "Found 1 warning in 1 file."),
        (
            ["error", "warning", "warning"],
            ["a", "a", "b"],
            0,
            "Found 1 error and 2 warnings in 2 files.",
        ),
        (["error"], [None], 0, "Found 1 error."),
        (["warning", "warning"], ["a", None], 1, "Found 2 warnings in 1 file; 1 source error."),
    ],
)
def test_text_summary_line(
    severities: list[str], paths: list[str | None], sources: int, expected: str
) -> None:
    findings = [
        finding("TS001", "m", "redis:latest", path, 1 if path else None, severity=severity)
        for severity, path in zip(severities, paths, strict=True)
    ]
    errors = [SourceError("x", None, "bad")] * sources
    assert text_report.summary_line(findings, errors) == expected
    assert rendered("text", findings, errors).splitlines()[-1] == expected


def test_text_has_no_colour_unless_asked(tmp_path: Path) -> None:
    findings, errors = sample(tmp_path)
    assert "\033[" not in rendered("text", findings, errors, root=tmp_path, show_source=True)


def test_text_colours_the_path_bold_errors_red_and_warnings_yellow(tmp_path: Path) -> None:
    findings, errors = sample(tmp_path)
    lines = rendered("text", findings, errors, root=tmp_path, color=True).splitlines()
    assert lines[0] == (
        f"\033[1mDockerfile\033[0m:1:6: \033[1;31mTS001\033[0m latest-tag  {MESSAGE_LATEST}"
    )
    assert lines[2] == (
        "\033[1mservices/api/Dockerfile\033[0m:3:6: \033[33mTS004\033[0m floating-version"
        f"  {MESSAGE_NODE}"
    )
    assert lines[6] == (
        "\033[1mbroken.Dockerfile\033[0m:7: \033[1;31merror\033[0m: unknown instruction: FORM"
    )
    assert lines[-1] == "Found 3 errors and 3 warnings in 2 files; 2 source errors."


def write(path: Path, data: str | bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return str(path)


def test_text_shows_the_source_line_with_carets_under_the_reference(tmp_path: Path) -> None:
    path = write(tmp_path / "Dockerfile", "FROM redis:latest\nFROM node:20 AS build\n")
    findings = [
        finding("TS001", "m1", "redis:latest", path, 1, 6, raw="redis:latest"),
        finding("TS004", "m2", "node:20", path, 2, 6),  # no occurrence: one caret
    ]
    assert rendered("text", findings, [], root=tmp_path, show_source=True) == (
        "Dockerfile:1:6: TS001 latest-tag  m1\n"
        " 1 | FROM redis:latest\n"
        "   |      ^^^^^^^^^^^^\n"
        "Dockerfile:2:6: TS004 floating-version  m2\n"
        " 2 | FROM node:20 AS build\n"
        "   |      ^\n"
        "Found 1 error and 1 warning in 1 file.\n"
    )


def test_text_source_lines_with_colour_paint_the_carets(tmp_path: Path) -> None:
    path = write(tmp_path / "Dockerfile", "FROM redis:latest\n")
    found = finding("TS001", "m", "redis:latest", path, 1, 6, raw="redis:latest")
    lines = rendered("text", [found], [], root=tmp_path, color=True, show_source=True).splitlines()
    assert lines[1:3] == [" 1 | FROM redis:latest", "   |      \033[1;31m^^^^^^^^^^^^\033[0m"]


def test_text_source_lines_keep_the_caret_aligned(tmp_path: Path) -> None:
    # A BOM and CRLF line ends as the sources read them; a tab kept on both lines; wide
    # characters take two columns; control characters are shown as U+FFFD.
    text = "\ufeffARG X=構築\r\nFROM\tnode:20 AS 構築\r\nLABEL a=\x1b[31m FROM redis\r\n"
    path = write(tmp_path / "Dockerfile", text)
    findings = [
        finding("TS004", "m", "node:20", path, 2, 6, raw="node:20"),
        finding("TS002", "m", "redis", path, 3, 20, raw="redis"),
        finding("TS011", "m", "x", path, 1, 7, raw="構築"),
    ]
    lines = rendered("text", findings, [], root=tmp_path, show_source=True).splitlines()
    assert lines[1:3] == [" 2 | FROM\tnode:20 AS 構築", "   | " + "    \t" + "^" * 7]
    assert lines[4:6] == [" 3 | LABEL a=\ufffd[31m FROM redis", "   | " + " " * 19 + "^" * 5]
    assert lines[7:9] == [" 1 | ARG X=構築", "   | " + " " * 6 + "^" * 4]


def test_text_source_lines_point_past_the_end_and_widen_the_gutter(tmp_path: Path) -> None:
    path = write(tmp_path / "Dockerfile", "\n" * 11 + "FROM\n")
    found = finding("TS012", "m", "", path, 12, 6)
    lines = rendered("text", [found], [], root=tmp_path, show_source=True).splitlines()
    assert lines[1:3] == [" 12 | FROM", "    |      ^"]


def test_text_source_is_left_out_when_it_cannot_be_quoted(tmp_path: Path) -> None:
    archive = write(tmp_path / "image.tar", b"manifest.json\0\0\0\0")
    latin1 = write(tmp_path / "latin1.Dockerfile", b"FROM caf\xe9:latest\n")
    short = write(tmp_path / "short.Dockerfile", "FROM redis:latest\n")
    findings = [
        finding("TS001", "archive", "redis:latest", archive, 1, 1),
        finding("TS001", "latin-1", "redis:latest", latin1, 1, 6),
        finding("TS001", "missing", "redis:latest", str(tmp_path / "missing"), 1, 6),
        finding("TS001", "directory", "redis:latest", str(tmp_path), 1, 6),
        finding("TS001", "past the end", "redis:latest", short, 5, 1),
        finding("TS001", "no line", "redis:latest", short, None, None),
        finding("TS001", "as text", "redis:latest"),
    ]
    lines = rendered("text", findings, [], root=tmp_path, show_source=True).splitlines()
    assert [line.split("  ", 1)[1] for line in lines[:-1]] == [f.message for f in findings]


def test_text_reads_each_quoted_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "Dockerfile", "FROM redis:latest\nFROM redis\n")
    reads: list[str] = []
    read_lines = text_report._read_lines

    def counting(path: str) -> list[str] | None:
        reads.append(path)
        return read_lines(path)

    monkeypatch.setattr(text_report, "_read_lines", counting)
    findings = [
        finding("TS001", "m", "redis:latest", path, 1, 6),
        finding("TS007", "m", "redis:latest", path, 1, 6),
        finding("TS002", "m", "redis", path, 2, 6),
    ]
    output = rendered("text", findings, [], show_source=True)
    assert reads == [path]
    assert output.count(" 1 | FROM redis:latest\n") == 2


# --- json --------------------------------------------------------------------------


def test_json_is_the_documented_contract(tmp_path: Path) -> None:
    findings, errors = sample(tmp_path)
    output = rendered("json", findings, errors, root=tmp_path)
    document = json.loads(output)

    def entry(path: str | None, line: int | None, column: int | None, f: Finding) -> dict[str, Any]:
        return {
            "path": path,
            "line": line,
            "column": column,
            "code": f.code,
            "name": f.name,
            "severity": f.severity,
            "message": f.message,
            "reference": f.reference,
        }

    assert document == {
        "version": 1,
        "findings": [
            entry("Dockerfile", 1, 6, findings[0]),
            entry("Dockerfile", 2, 6, findings[1]),
            entry("services/api/Dockerfile", 3, 6, findings[2]),
            entry("services/api/Dockerfile", 4, 6, findings[3]),
            entry("services/api/Dockerfile", 9, None, findings[4]),
            entry(None, None, None, findings[5]),
        ],
        "errors": [
            {"path": "broken.Dockerfile", "line": 7, "message": "unknown instruction: FORM"},
            {"path": "gone", "line": None, "message": "no such file or directory"},
        ],
        "summary": summary(findings, errors),
    }
    # The order of the keys is part of the contract.
    assert list(document) == ["version", "findings", "errors", "summary"]
    assert list(document["findings"][0]) == [
        "path", "line", "column", "code", "name", "severity", "message", "reference",
    ]  # fmt: skip
    assert list(document["errors"][0]) == ["path", "line", "message"]
    assert list(document["summary"]) == ["findings", "by_severity", "by_code", "files", "errors"]
    assert document["findings"][0]["severity"] == "error"
    assert document["findings"][2]["message"] == MESSAGE_NODE  # unicode round-trips


def test_json_is_indented_ascii_with_a_final_newline(tmp_path: Path) -> None:
    findings, errors = sample(tmp_path)
    output = rendered("json", findings, errors, root=tmp_path)
    assert output.isascii()  # \u escapes: any stream can carry it
    assert output.startswith('{\n  "version": 1,\n  "findings": [\n    {\n      "path": ')
    assert output.endswith("}\n")


def test_json_of_nothing() -> None:
    assert json.loads(rendered("json", [], [])) == {
        "version": 1,
        "findings": [],
        "errors": [],
        "summary": {
            "findings": 0,
            "by_severity": {"error": 0, "warning": 0},
            "by_code": {},
            "files": 0,
            "errors": 0,
        },
    }


def test_json_without_a_root_keeps_paths_as_found() -> None:
    found = finding("TS001", "m", "redis:latest", "./app/Dockerfile", 1, 6)
    document = json.loads(rendered("json", [found], [SourceError(None, 2, "bad")]))
    assert document["findings"][0]["path"] == "./app/Dockerfile"
    assert document["errors"] == [{"path": None, "line": 2, "message": "bad"}]


# --- sarif -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert schema["id"] == SCHEMA_URI
    cls = jsonschema.validators.validator_for(schema)
    assert cls is jsonschema.Draft4Validator
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def sarif(findings: list[Finding], errors: list[SourceError], **options: Any) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(rendered("sarif", findings, errors, **options))
    return document


#: RFC 3986 characters: unreserved, reserved and percent-escapes.
URI_CHARACTERS = re.compile(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-F]{2})*")


def test_sarif_validates_against_the_official_schema(
    tmp_path: Path, validator: jsonschema.protocols.Validator
) -> None:
    findings, errors = sample(tmp_path)
    odd = finding(
        "TS001", "m", "redis:latest", str(tmp_path / "a dir" / "ü,x:y#1.Dockerfile"), 1, 6
    )
    outside = finding("TS001", "m", "redis:latest", "/elsewhere/Dockerfile", 1, 6)
    for document in (
        sarif(findings, errors, root=tmp_path),
        sarif([*findings, odd, outside], errors, root=tmp_path),
        sarif(findings, errors),
        sarif([], []),
        sarif([], errors, root=tmp_path),
    ):
        errors_found = sorted(validator.iter_errors(document), key=str)
        assert not errors_found, errors_found[0].message


def test_the_schema_check_is_not_vacuous(
    tmp_path: Path, validator: jsonschema.protocols.Validator
) -> None:
    findings, errors = sample(tmp_path)
    document = sarif(findings, errors, root=tmp_path)
    result = document["runs"][0]["results"][0]
    result["locations"][0]["physicalLocation"]["region"]["startLine"] = 0  # regions are 1-based
    result["level"] = "fatal"
    result["severity"] = "error"  # not a SARIF property
    messages = sorted(error.message for error in validator.iter_errors(document))
    assert len(messages) == 3, messages


def test_sarif_log_and_tool(tmp_path: Path) -> None:
    findings, errors = sample(tmp_path)
    document = sarif(findings, errors, root=tmp_path)
    assert document["$schema"] == SCHEMA_URI
    assert document["version"] == "2.1.0"
    (run,) = document["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "tagsense"
    assert driver["version"] == tagsense.__version__
    assert driver["informationUri"] == "https://github.com/tagsense/tagsense"
    assert run["columnKind"] == "unicodeCodePoints"


def test_sarif_has_one_rule_a_code_used_with_its_documentation(tmp_path: Path) -> None:
    findings, errors = sample(tmp_path)
    rules = sarif(findings, errors, root=tmp_path)["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [
        "ACME001",
        "TS001",
        "TS002",
        "TS004",
        "TS006",
        "TS900",
    ]
    by_id = {rule["id"]: rule for rule in rules}
    latest = by_id["TS001"]
    doc = RULE["TS001"].doc
    assert latest == {
        "id": "TS001",
        "name": "LatestTag",
        "shortDescription": {"text": "The tag is ``latest``."},
        "fullDescription": {"text": doc, "markdown": doc},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": "error"},
        "properties": {"name": "latest-tag"},
    }
    assert "## Why is this bad?" in latest["help"]["markdown"]
    # The rule's default, not the finding's severity (TS006 decided "warning").
    assert by_id["TS006"]["defaultConfiguration"] == {"level": "error"}
    assert by_id["TS006"]["name"] == "EolOs"
    assert by_id["TS900"]["defaultConfiguration"] == {"level": "warning"}
    # A rule written in the configuration: no documentation, described by its finding.
    assert by_id["ACME001"] == {
        "id": "ACME001",
        "name": "NoAlpine",
        "shortDescription": {"text": "no-alpine"},
        "defaultConfiguration": {"level": "error"},
        "properties": {"name": "no-alpine"},
    }


def test_sarif_knows_the_built_in_rules_whatever_rules_are_given(tmp_path: Path) -> None:
    found = finding("TS001", "m", "redis:latest", str(tmp_path / "Dockerfile"), 1, 6)
    for rules in (None, [], [RULE["TS001"]], [RULE["TS004"]]):
        (rule,) = sarif([found], [], rules=rules)["runs"][0]["tool"]["driver"]["rules"]
        assert rule["help"]["markdown"] == RULE["TS001"].doc


def test_sarif_describes_user_rules_by_their_message(tmp_path: Path) -> None:
    config = Config.from_dict(
        {
            "rules": [
                {
                    "code": "ACME001",
                    "name": "no-alpine",
                    "message": MESSAGE_ACME,
                    "severity": "warning",
                    "when": 'os.family == "alpine"',
                }
            ]
        }
    )
    findings, errors = sample(tmp_path)
    document = sarif(findings, errors, root=tmp_path, rules=config.user_rules)
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    assert rules[0] == {
        "id": "ACME001",
        "name": "NoAlpine",
        "shortDescription": {"text": MESSAGE_ACME},
        "defaultConfiguration": {"level": "warning"},  # the rule's; this finding says error
        "properties": {"name": "no-alpine"},
    }
    assert document["runs"][0]["results"][3]["level"] == "error"
    assert rules[1]["help"]["markdown"] == RULE["TS001"].doc


@pytest.mark.parametrize(
    ("name", "expected"),
    [("latest-tag", "LatestTag"), ("eol-os", "EolOs"), ("no_alpine", "NoAlpine"), ("x", "X")],
)
def test_sarif_rule_names_are_pascal_case(name: str, expected: str) -> None:
    assert pascal_case(name) == expected


def test_sarif_results_levels_regions_and_rule_indexes(tmp_path: Path) -> None:
    findings, errors = sample(tmp_path)
    run = sarif(findings, errors, root=tmp_path)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert [r["ruleId"] for r in results] == [f.code for f in findings]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    assert [r["level"] for r in results] == [
        "error", "warning", "warning", "error", "warning", "error",
    ]  # fmt: skip
    assert [r["message"] for r in results] == [{"text": f.message} for f in findings]
    first = results[0]
    assert first["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "Dockerfile", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 1, "startColumn": 6},
            }
        }
    ]
    assert results[2]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "services/api/Dockerfile",
        "uriBaseId": "%SRCROOT%",
    }
    # A line without a column; no location at all for a reference given as text.
    assert results[4]["locations"][0]["physicalLocation"]["region"] == {"startLine": 9}
    assert "locations" not in results[5]


def test_sarif_location_without_a_line_has_no_region(tmp_path: Path) -> None:
    found = finding("TS001", "m", "redis:latest", str(tmp_path / "image.tar"))
    (result,) = sarif([found], [], root=tmp_path)["runs"][0]["results"]
    assert result["locations"] == [
        {"physicalLocation": {"artifactLocation": {"uri": "image.tar", "uriBaseId": "%SRCROOT%"}}}
    ]


def test_sarif_uris_are_relative_to_srcroot_and_percent_encoded(tmp_path: Path) -> None:
    inside = finding("TS001", "m", "r", str(tmp_path / "a dir" / "ü,x:y#1.Dockerfile"), 1, 6)
    outside = finding("TS001", "m", "r", "/elsewhere/my file", 1, 6)
    run = sarif([inside, outside], [], root=tmp_path)["runs"][0]
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == tmp_path.as_uri() + "/"
    assert base.startswith("file:///") and base.endswith("/")
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert uris == [
        {"uri": "a%20dir/%C3%BC%2Cx%3Ay%231.Dockerfile", "uriBaseId": "%SRCROOT%"},
        {"uri": "file:///elsewhere/my%20file"},
    ]
    assert all(URI_CHARACTERS.fullmatch(uri["uri"]) for uri in uris)


def test_sarif_without_a_root(tmp_path: Path) -> None:
    relative = finding("TS001", "m", "r", "./app/Dockerfile", 1, 6)
    absolute = finding("TS001", "m", "r", str(tmp_path / "Dockerfile"), 1, 6)
    run = sarif([relative, absolute], [])["runs"][0]
    assert "originalUriBaseIds" not in run
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert uris == [
        {"uri": "app/Dockerfile", "uriBaseId": "%SRCROOT%"},
        {"uri": (tmp_path / "Dockerfile").as_uri()},
    ]


def test_sarif_source_errors_are_tool_execution_notifications(tmp_path: Path) -> None:
    findings, errors = sample(tmp_path)
    (invocation,) = sarif(findings, errors, root=tmp_path)["runs"][0]["invocations"]
    assert invocation == {
        "executionSuccessful": True,
        "toolExecutionNotifications": [
            {
                "level": "error",
                "message": {"text": "unknown instruction: FORM"},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {
                                "uri": "broken.Dockerfile",
                                "uriBaseId": "%SRCROOT%",
                            },
                            "region": {"startLine": 7},
                        }
                    }
                ],
            },
            {
                "level": "error",
                "message": {"text": "no such file or directory"},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": "gone", "uriBaseId": "%SRCROOT%"}
                        }
                    }
                ],
            },
        ],
    }
    assert sarif([], [])["runs"][0]["invocations"] == [{"executionSuccessful": True}]


def sarif_fingerprints(findings: list[Finding], root: Path) -> list[str]:
    results = sarif(findings, [], root=root)["runs"][0]["results"]
    return [result["partialFingerprints"]["tagsense/v1"] for result in results]


def test_sarif_fingerprints_are_stable(tmp_path: Path) -> None:
    first, _ = sample(tmp_path / "one")
    again, _ = sample(tmp_path / "two")  # another checkout of the same tree
    prints = sarif_fingerprints(first, tmp_path / "one")
    assert prints == sarif_fingerprints(again, tmp_path / "two")
    assert len(set(prints)) == len(prints)
    assert all(re.fullmatch(r"[0-9a-f]{32}", value) for value in prints)
    # Lines moved, message reworded: the same alert.
    path = str(tmp_path / "Dockerfile")
    before = finding("TS001", "old", "redis:latest", path, 1, 6)
    after = finding("TS001", "new wording", "redis:latest", path, 5, 8)
    assert sarif_fingerprints([before], tmp_path) == sarif_fingerprints([after], tmp_path)
    # The same reference twice in one file: two alerts.
    twice = sarif_fingerprints([before, after], tmp_path)
    assert twice[0] == sarif_fingerprints([before], tmp_path)[0] != twice[1]


# --- github ------------------------------------------------------------------------


def test_github_workflow_commands(tmp_path: Path) -> None:
    findings, errors = sample(tmp_path)
    assert rendered("github", findings, errors, root=tmp_path).splitlines() == [
        f"::error file=Dockerfile,line=1,col=6,title=TS001 latest-tag::{MESSAGE_LATEST}",
        f"::warning file=Dockerfile,line=2,col=6,title=TS006 eol-os::{MESSAGE_EOL}",
        "::warning file=services/api/Dockerfile,line=3,col=6,title=TS004 floating-version::"
        + MESSAGE_NODE,
        "::error file=services/api/Dockerfile,line=4,col=6,title=ACME001 no-alpine::"
        + MESSAGE_ACME,
        "::warning file=services/api/Dockerfile,line=9,title=TS900 unused-suppression::"
        "'# tagsense: ignore[TS005]' suppressed nothing (TS005); remove it",
        f"::error title=TS002 missing-tag::{MESSAGE_MISSING}",
        "::error file=broken.Dockerfile,line=7::unknown instruction: FORM",
        "::error file=gone::no such file or directory",
    ]


def test_github_escapes_messages_and_properties(tmp_path: Path) -> None:
    path = str(tmp_path / "a,b:c%d" / "Dockerfile")
    found = finding(
        "TS001", "100% wrong\r\nsecond line: a, b", "r", path, 1, 6, name="latest,tag:x"
    )
    error = SourceError(None, None, "one\ntwo%")
    assert rendered("github", [found], [error], root=tmp_path).splitlines() == [
        "::error file=a%2Cb%3Ac%25d/Dockerfile,line=1,col=6,title=TS001 latest%2Ctag%3Ax::"
        "100%25 wrong%0D%0Asecond line: a, b",
        "::error::one%0Atwo%25",
    ]


@pytest.mark.parametrize(
    ("text", "data", "property"),
    [
        ("plain", "plain", "plain"),
        ("%", "%25", "%25"),
        ("%0A", "%250A", "%250A"),
        ("\r\n", "%0D%0A", "%0D%0A"),
        ("a:b,c", "a:b,c", "a%3Ab%2Cc"),
        ("::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"),
        ("é ✓", "é ✓", "é ✓"),
    ],
)
def test_github_escaping(text: str, data: str, property: str) -> None:
    assert escape_data(text) == data
    assert escape_property(text) == property


def test_github_messages_are_one_line_each() -> None:
    found = finding("TS001", "a\nb\rc", "r", "Dockerfile", 1, 6)
    assert rendered("github", [found], []).count("\n") == 1


# --- gitlab ------------------------------------------------------------------------

GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def test_gitlab_code_quality_report(tmp_path: Path) -> None:
    findings, errors = sample(tmp_path)
    report = json.loads(rendered("gitlab", findings, errors, root=tmp_path))
    assert isinstance(report, list)
    assert len(report) == len(findings) + len(errors)
    for issue in report:
        assert list(issue) == ["description", "check_name", "fingerprint", "severity", "location"]
        assert issue["severity"] in GITLAB_SEVERITIES
        assert re.fullmatch(r"[0-9a-f]{32}", issue["fingerprint"])
    stripped = [{k: v for k, v in issue.items() if k != "fingerprint"} for issue in report]

    def expected(
        description: str, check: str, severity: str, path: str, line: int
    ) -> dict[str, Any]:
        return {
            "description": description,
            "check_name": check,
            "severity": severity,
            "location": {"path": path, "lines": {"begin": line}},
        }

    assert stripped == [
        expected(MESSAGE_LATEST, "TS001", "major", "Dockerfile", 1),
        expected(MESSAGE_EOL, "TS006", "minor", "Dockerfile", 2),
        expected(MESSAGE_NODE, "TS004", "minor", "services/api/Dockerfile", 3),
        expected(MESSAGE_ACME, "ACME001", "major", "services/api/Dockerfile", 4),
        expected(MESSAGE_UNUSED, "TS900", "minor", "services/api/Dockerfile", 9),
        expected(MESSAGE_MISSING, "TS002", "major", "-", 1),
        expected("unknown instruction: FORM", "source-error", "major", "broken.Dockerfile", 7),
        expected("no such file or directory", "source-error", "major", "gone", 1),
    ]
    assert len({issue["fingerprint"] for issue in report}) == len(report)


def gitlab_fingerprints(findings: list[Finding], root: Path | None) -> list[str]:
    return [
        issue["fingerprint"] for issue in json.loads(rendered("gitlab", findings, [], root=root))
    ]


def test_gitlab_fingerprints_are_stable_and_unique(tmp_path: Path) -> None:
    first, _ = sample(tmp_path / "one")
    again, _ = sample(tmp_path / "two")
    assert gitlab_fingerprints(first, tmp_path / "one") == gitlab_fingerprints(
        again, tmp_path / "two"
    )
    path = str(tmp_path / "Dockerfile")
    before = finding("TS001", "old", "redis:latest", path, 1, 6)
    moved = finding("TS001", "new wording", "redis:latest", path, 7, 2)
    other_code = finding("TS007", "old", "redis:latest", path, 1, 6)
    other_file = finding("TS001", "old", "redis:latest", str(tmp_path / "b" / "Dockerfile"), 1, 6)
    other_ref = finding("TS001", "old", "nginx:latest", path, 1, 6)
    (value,) = gitlab_fingerprints([before], tmp_path)
    assert gitlab_fingerprints([moved], tmp_path) == [value]
    for different in (other_code, other_file, other_ref):
        assert gitlab_fingerprints([different], tmp_path) != [value]
    # The same reference twice in one file: two issues, the first one unchanged.
    twice = gitlab_fingerprints([before, moved], tmp_path)
    assert twice[0] == value != twice[1]
    # Pinned values: a changed hash would reopen every issue in every project.
    pinned = finding("TS001", "m", "redis:latest", "Dockerfile", 1, 6)
    assert gitlab_fingerprints([pinned], None) == ["ac4611a05ef907efd14dd042a6c5105b"]


def test_gitlab_is_ascii_json(tmp_path: Path) -> None:
    findings, errors = sample(tmp_path)
    output = rendered("gitlab", findings, errors, root=tmp_path)
    assert output.isascii()
    assert json.loads(output)[2]["description"] == MESSAGE_NODE
    assert json.loads(rendered("gitlab", [], [])) == []

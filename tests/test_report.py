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
from tagsense.policy.finding import RULE_DOCS_URL
from tagsense.report import FORMATS, render, summary
from tagsense.report import text as text_report
from tagsense.report.github import escape_data, escape_property
from tagsense.report.sarif import SCHEMA_URI, pascal_case

SCHEMA_PATH = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
RULE = {rule.code: rule for rule in RULES}
#: Each rule's module file, where its documentation is written.
RULE_FILES = {
    "TS001": "ts001_latest_tag.py",
    "TS002": "ts002_missing_tag.py",
    "TS004": "ts004_floating_version.py",
    "TS006": "ts006_eol_os.py",
    "TS900": "ts900_unused_suppression.py",
}

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
        "notes": 0,
    }
    assert list(summary(findings, errors)) == [
        "findings",
        "by_severity",
        "by_code",
        "files",
        "errors",
        "notes",
    ]
    assert summary([], []) == {
        "findings": 0,
        "by_severity": {"error": 0, "warning": 0},
        "by_code": {},
        "files": 0,
        "errors": 0,
        "notes": 0,
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


def test_text_names_the_reference_where_one_place_reads_as_several(tmp_path: Path) -> None:
    # pimcore's `image: "${{ matrix.database }}"` is mysql:8.0 and percona:8.0, and shopware's
    # GitLab `.base` image is read with each job's CI_IMAGE_TAG: two lines that read the same
    # (survey s43d). One reference with several findings (TS004, TS006) needs no name.
    ci = str(tmp_path / "ci.yml")
    eight = "floating minor version '8.0'"
    findings = [
        finding("TS004", eight, "mysql:8.0", ci, 69, 25),
        finding("TS004", eight, "percona:8.0", ci, 69, 25),
        finding("TS004", "floating minor version '3.11'", "python:3.11-bullseye", ci, 80, 9),
        finding("TS006", MESSAGE_EOL, "python:3.11-bullseye", ci, 80, 9, severity="warning"),
    ]
    assert rendered("text", findings, [], root=tmp_path).splitlines()[:4] == [
        f"ci.yml:69:25: TS004 floating-version  [mysql:8.0] {eight}",
        f"ci.yml:69:25: TS004 floating-version  [percona:8.0] {eight}",
        "ci.yml:80:9: TS004 floating-version  floating minor version '3.11'",
        f"ci.yml:80:9: TS006 eol-os  {MESSAGE_EOL}",
    ]


@pytest.mark.parametrize("format_name", ["text", "github"])
def test_a_reading_with_no_reference_is_not_named_by_empty_brackets(
    tmp_path: Path, format_name: str
) -> None:
    # absmach/magistrala's tools/atom-migration: compose's `image: ${ATOM_IMAGE}` is read as
    # migrate.sh's ghcr.io/absmach/atom:latest and as the value a run gives (TS011, no
    # reference): its line read `TS011 unresolved-variable  [] '${ATOM_IMAGE}' …` (survey 44e).
    compose = str(tmp_path / "compose.yaml")
    unresolved = "'${ATOM_IMAGE}' depends on ATOM_IMAGE"
    findings = [
        finding("TS001", "uses the 'latest' tag", "ghcr.io/absmach/atom:latest", compose, 139, 12),
        finding("TS011", unresolved, "", compose, 139, 12, severity="warning"),
    ]
    lines = rendered(format_name, findings, [], root=tmp_path).splitlines()
    messages = [line.rpartition("::")[2].rpartition("  ")[2] for line in lines[:2]]
    assert messages == ["[ghcr.io/absmach/atom:latest] uses the 'latest' tag", unresolved]


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

    def entry(
        path: str | None, start: tuple[int | None, ...], end: tuple[int | None, ...], f: Finding
    ) -> dict[str, Any]:
        return {
            "path": path,
            "line": start[0],
            "column": start[1],
            "code": f.code,
            "name": f.name,
            "severity": f.severity,
            "message": f.message,
            "reference": f.reference,
            "end_line": end[0],
            "end_column": end[1],
            "url": None if f.code == "ACME001" else RULE_DOCS_URL + RULE_FILES[f.code],
        }

    assert document == {
        "version": 1,
        "findings": [
            # The end: the column just past the reference ('redis:latest' is 12 characters).
            entry("Dockerfile", (1, 6), (1, 18), findings[0]),
            entry("Dockerfile", (2, 6), (2, 20), findings[1]),
            entry("services/api/Dockerfile", (3, 6), (3, 13), findings[2]),
            entry("services/api/Dockerfile", (4, 6), (4, 17), findings[3]),
            entry("services/api/Dockerfile", (9, None), (9, None), findings[4]),
            entry(None, (None, None), (None, None), findings[5]),
        ],
        "errors": [
            {
                "path": "broken.Dockerfile",
                "line": 7,
                "message": "unknown instruction: FORM",
                "level": "error",
            },
            {
                "path": "gone",
                "line": None,
                "message": "no such file or directory",
                "level": "error",
            },
        ],
        "summary": summary(findings, errors),
    }
    # The order of the keys is part of the contract.
    assert list(document) == ["version", "findings", "errors", "summary"]
    assert list(document["findings"][0]) == [
        "path", "line", "column", "code", "name", "severity", "message", "reference",
        "end_line", "end_column", "url",
    ]  # fmt: skip
    assert list(document["errors"][0]) == ["path", "line", "message", "level"]
    assert list(document["summary"]) == [
        "findings",
        "by_severity",
        "by_code",
        "files",
        "errors",
        "notes",
    ]
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
            "notes": 0,
        },
    }


def test_json_without_a_root_keeps_paths_as_found() -> None:
    found = finding("TS001", "m", "redis:latest", "./app/Dockerfile", 1, 6)
    document = json.loads(rendered("json", [found], [SourceError(None, 2, "bad")]))
    assert document["findings"][0]["path"] == "./app/Dockerfile"
    assert document["errors"] == [{"path": None, "line": 2, "message": "bad", "level": "error"}]


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
    over_two = occurrence_finding("re\\\ndis:7", 2, 6)
    config = Config.from_dict(
        {
            "preset": "strict",
            "rules": [{"code": "ACME001", "message": MESSAGE_ACME, "when": 'app == "alpine"'}],
        },
        path=str(tmp_path / ".tagsense.toml"),
    )
    bug = SourceError(str(tmp_path / "x.yaml"), 2, "internal error", internal=True)
    for document in (
        sarif(findings, errors, root=tmp_path),
        sarif([*findings, odd, outside, over_two], errors, root=tmp_path),
        sarif(findings, errors),
        sarif([], []),
        sarif([], errors, root=tmp_path),
        sarif(findings, [*errors, bug], root=tmp_path, configs=[config], successful=False),
        sarif(findings, errors, root=tmp_path, category="tagsense/services"),
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


def test_sarif_describes_every_rule_the_configurations_enable(tmp_path: Path) -> None:
    findings, errors = sample(tmp_path)
    rules = sarif(findings, errors, root=tmp_path)["runs"][0]["tool"]["driver"]["rules"]
    # Without configurations, the default one's rules; and the rules with findings.
    enabled = set(Config.default().enabled)
    assert "TS007" not in enabled  # (off by default)
    expected = sorted(enabled | {f.code for f in findings} | {"source-error"})
    assert [rule["id"] for rule in rules] == expected
    strict = Config.from_dict({"preset": "strict", "ignore": ["TS001"]})
    document = sarif([], [], root=tmp_path, configs=[Config.default(), strict])
    ids = [rule["id"] for rule in document["runs"][0]["tool"]["driver"]["rules"]]
    assert "TS007" in ids and "TS001" in ids  # each configuration's rules
    assert ids == sorted(ids)
    assert sarif([], [], configs=[strict])["runs"][0]["tool"]["driver"]["rules"][0]["id"] == (
        "TS002"
    )


def test_sarif_describes_a_rule_by_its_documentation(tmp_path: Path) -> None:
    findings, errors = sample(tmp_path)
    rules = sarif(findings, errors, root=tmp_path)["runs"][0]["tool"]["driver"]["rules"]
    by_id = {rule["id"]: rule for rule in rules}
    doc = RULE["TS001"].doc
    assert by_id["TS001"] == {
        "id": "TS001",
        "name": "LatestTag",
        "shortDescription": {"text": "The tag is ``latest``."},
        "fullDescription": {
            "text": "The tag is ``latest``. Reports references whose tag is ``latest``, "
            "written out (``redis:latest``). On a registry that never moves a published tag "
            "(``registry.k8s.io``; see TS004) ``latest`` does not move either, and is still "
            "reported: it says no version, and it is the image first published under it, not "
            "the newest release."
        },
        "help": {"text": doc, "markdown": doc},
        "helpUri": RULE_DOCS_URL + "ts001_latest_tag.py",
        "defaultConfiguration": {"level": "error"},
        "properties": {
            "name": "latest-tag",
            "tags": ["container-image"],
            "precision": "high",
            "problem.severity": "error",
        },
    }
    assert "## Why is this bad?" in by_id["TS001"]["help"]["markdown"]
    # The rule's default, not the finding's severity (TS006 decided "warning").
    assert by_id["TS006"]["defaultConfiguration"] == {"level": "error"}
    assert by_id["TS006"]["name"] == "EolOs"
    assert by_id["TS900"]["defaultConfiguration"] == {"level": "warning"}
    assert by_id["TS900"]["properties"]["problem.severity"] == "warning"
    # A rule known only from its finding (its configuration was not given).
    acme = by_id["ACME001"]
    assert (acme["name"], acme["shortDescription"]) == ("NoAlpine", {"text": "no-alpine"})
    assert acme["help"]["text"] and "helpUri" not in acme


def test_sarif_descriptions_fit_githubs_limits() -> None:
    # GitHub cuts shortDescription and fullDescription at 1,024 characters, a name at 255.
    long = "x" * 300
    message = "word " * 400
    config = Config.from_dict(
        {"rules": [{"code": "ACME9", "name": long, "message": message, "when": 'app == "a"'}]}
    )
    rules = sarif([], [], configs=[config])["runs"][0]["tool"]["driver"]["rules"]
    assert len(rules) > len(RULES)  # every rule of the configuration, and source-error
    for rule in rules:
        assert 0 < len(rule["shortDescription"]["text"]) <= 1024, rule["id"]
        assert 0 < len(rule["fullDescription"]["text"]) <= 1024, rule["id"]
        assert 0 < len(rule["name"]) <= 255, rule["id"]
    acme = next(rule for rule in rules if rule["id"] == "ACME9")
    assert acme["shortDescription"]["text"].endswith("word…")
    assert acme["help"]["text"].startswith(message)  # the help keeps all of it


def test_sarif_describes_user_rules_by_their_message_and_condition(tmp_path: Path) -> None:
    config_path = tmp_path / "services" / ".tagsense.toml"
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
        },
        path=str(config_path),
    )
    findings, errors = sample(tmp_path)
    document = sarif(findings, errors, root=tmp_path, configs=[config])
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    acme = rules[0]
    help_text = acme["help"]["markdown"]
    assert acme == {
        "id": "ACME001",
        "name": "NoAlpine",
        "shortDescription": {"text": MESSAGE_ACME},
        "fullDescription": {
            "text": f"{MESSAGE_ACME} (a rule of the configuration services/.tagsense.toml: "
            'when os.family == "alpine")'
        },
        "help": {"text": help_text, "markdown": help_text},
        "defaultConfiguration": {"level": "warning"},  # the rule's; this finding says error
        "properties": {
            "name": "no-alpine",
            "tags": ["container-image", "configured"],
            "precision": "high",
            "problem.severity": "warning",
        },
    }
    assert help_text.startswith(MESSAGE_ACME)
    assert "`services/.tagsense.toml`" in help_text
    assert '\nos.family == "alpine"\n' in help_text
    assert document["runs"][0]["results"][3]["level"] == "error"
    assert rules[1]["help"]["markdown"] == RULE["TS001"].doc
    # Given as rules (no configuration known): the same, without the file.
    given = sarif(findings, errors, rules=config.user_rules)["runs"][0]["tool"]["driver"]
    assert "(a rule of a configuration: when" in given["rules"][0]["fullDescription"]["text"]


def test_sarif_knows_the_built_in_rules_whatever_rules_are_given(tmp_path: Path) -> None:
    found = finding("TS001", "m", "redis:latest", str(tmp_path / "Dockerfile"), 1, 6)
    for rules in (None, [], [RULE["TS001"]], [RULE["TS004"]]):
        described = sarif([found], [], rules=rules)["runs"][0]["tool"]["driver"]["rules"]
        (rule,) = (rule for rule in described if rule["id"] == "TS001")
        assert rule["help"]["markdown"] == RULE["TS001"].doc


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
    assert [r["ruleId"] for r in results] == [f.code for f in findings] + ["source-error"] * 2
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    assert [r["level"] for r in results] == [
        "error", "warning", "warning", "error", "warning", "error", "error", "error",
    ]  # fmt: skip
    assert [r["message"] for r in results[:6]] == [{"text": f.message} for f in findings]
    first = results[0]
    assert first["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "Dockerfile", "uriBaseId": "%SRCROOT%"},
                # The end: the column just past 'redis:latest' (12 characters from column 6).
                "region": {"startLine": 1, "startColumn": 6, "endLine": 1, "endColumn": 18},
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


def occurrence_finding(raw: str, line: int, column: int, **ends: int) -> Finding:
    """A finding of an occurrence whose text is ``raw`` (its end from the occurrence)."""
    occurrence = Occurrence(
        path="Dockerfile", line=line, column=column, kind="from", raw=raw, text=raw,
        reference=None, **ends,
    )  # fmt: skip
    return Finding(
        code="TS012",
        name="invalid-reference",
        severity="error",
        message="m",
        reference=occurrence.text,
        path=occurrence.path,
        line=occurrence.line,
        column=occurrence.column,
        end_line=occurrence.end_line,
        end_column=occurrence.end_column,
        occurrence=occurrence,
    )


@pytest.mark.parametrize(
    ("raw", "start", "ends", "region"),
    [
        ("redis:7", (2, 6), {}, {"startLine": 2, "startColumn": 6, "endLine": 2, "endColumn": 13}),
        # Written over two lines (a continuation): the end is on the second.
        (
            "re\\\ndis:7",
            (2, 6),
            {},
            {"startLine": 2, "startColumn": 6, "endLine": 3, "endColumn": 6},
        ),
        # Nothing written (FROM without an image): an empty region, an insertion point.
        ("", (4, 5), {}, {"startLine": 4, "startColumn": 5, "endLine": 4, "endColumn": 5}),
        # An end before the start is no end.
        ("x", (4, 5), {"end_line": 3, "end_column": 9}, {"startLine": 4, "startColumn": 5}),
    ],
)
def test_sarif_regions_end_where_the_reference_ends(
    raw: str, start: tuple[int, int], ends: dict[str, int], region: dict[str, int]
) -> None:
    found = occurrence_finding(raw, *start, **ends)
    (result,) = sarif([found], [])["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"] == region


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


def test_sarif_source_errors_are_results_of_their_own_rule(tmp_path: Path) -> None:
    findings, errors = sample(tmp_path)
    run = sarif(findings, errors, root=tmp_path)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"][len(findings) :]
    assert [{k: v for k, v in r.items() if k != "partialFingerprints"} for r in results] == [
        {
            "ruleId": "source-error",
            "ruleIndex": len(rules) - 1,
            "level": "error",
            "message": {"text": "unknown instruction: FORM"},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": "broken.Dockerfile", "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": 7},
                    }
                }
            ],
        },
        {
            "ruleId": "source-error",
            "ruleIndex": len(rules) - 1,
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
    ]
    source_error = rules[-1]
    assert source_error["id"] == "source-error"
    assert source_error["defaultConfiguration"] == {"level": "error"}
    assert source_error["properties"]["problem.severity"] == "error"
    assert source_error["help"]["markdown"].startswith("A file that the tool")
    # Code scanning reads results, not notifications: an ordinary source error is no
    # notification, and the run succeeded.
    assert run["invocations"] == [{"executionSuccessful": True}]
    assert sarif([], [])["runs"][0]["invocations"] == [{"executionSuccessful": True}]
    prints = [r["partialFingerprints"]["tagsense/v1"] for r in run["results"]]
    assert len(set(prints)) == len(prints)


def test_sarif_says_when_the_run_failed(tmp_path: Path) -> None:
    bug = SourceError(str(tmp_path / "odd.yaml"), 3, "internal error: KeyError", internal=True)
    run = sarif([], [bug], root=tmp_path, successful=False)["runs"][0]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error"
    assert notification["message"] == {"text": "internal error: KeyError"}
    assert notification["locations"][0]["physicalLocation"]["region"] == {"startLine": 3}
    assert [result["ruleId"] for result in run["results"]] == ["source-error"]


@pytest.mark.parametrize(
    ("category", "expected"),
    [("services", "services/"), ("tagsense/services/", "tagsense/services/"), (None, None)],
)
def test_sarif_category_is_the_automation_id(category: str | None, expected: str | None) -> None:
    run = sarif([], [], category=category)["runs"][0]
    # GitHub reads automationDetails.id as category/run-id: a category ends with "/".
    assert run.get("automationDetails") == (None if expected is None else {"id": expected})


def test_sarif_too_large_for_github_is_an_error_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tagsense.report import sarif as sarif_module

    findings, errors = sample(tmp_path)
    stream = io.StringIO()
    monkeypatch.setattr(sarif_module, "MAX_RESULTS", len(findings) + len(errors) - 1)
    with pytest.raises(sarif_module.SarifTooLarge, match=r"8 results; GitHub code scanning"):
        render("sarif", findings, errors, stream=stream, root=tmp_path)
    assert stream.getvalue() == ""
    monkeypatch.setattr(sarif_module, "MAX_RESULTS", len(findings) + len(errors))
    render("sarif", findings, errors, stream=stream, root=tmp_path)  # at the limit: written
    assert json.loads(stream.getvalue())["runs"][0]["results"]
    # The size is the gzip-compressed size GitHub counts: repetitive text compresses well.
    size = len(stream.getvalue())
    monkeypatch.setattr(sarif_module, "MAX_GZIP_BYTES", size // 2)
    render("sarif", findings, errors, stream=io.StringIO(), root=tmp_path)
    monkeypatch.setattr(sarif_module, "MAX_GZIP_BYTES", 100)
    with pytest.raises(TagsenseError, match=r"MB gzip-compressed; GitHub code scanning accepts"):
        render("sarif", findings, errors, stream=io.StringIO(), root=tmp_path)


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
        # endColumn: the reference's last character ('redis:latest' is 12 characters).
        f"::error file=Dockerfile,line=1,col=6,endColumn=17,title=TS001 latest-tag::"
        f"{MESSAGE_LATEST}",
        f"::warning file=Dockerfile,line=2,col=6,endColumn=19,title=TS006 eol-os::{MESSAGE_EOL}",
        "::warning file=services/api/Dockerfile,line=3,col=6,endColumn=12,"
        f"title=TS004 floating-version::{MESSAGE_NODE}",
        "::error file=services/api/Dockerfile,line=4,col=6,endColumn=16,"
        f"title=ACME001 no-alpine::{MESSAGE_ACME}",
        "::warning file=services/api/Dockerfile,line=9,title=TS900 unused-suppression::"
        "'# tagsense: ignore[TS005]' suppressed nothing (TS005); remove it",
        f"::error title=TS002 missing-tag::{MESSAGE_MISSING}",
        "::error file=broken.Dockerfile,line=7,title=source-error::unknown instruction: FORM",
        "::error file=gone,title=source-error::no such file or directory",
    ]


def test_github_names_the_reference_where_one_place_reads_as_several(tmp_path: Path) -> None:
    # (as the text report: two annotations on one line must not read alike; survey s43d)
    ci = str(tmp_path / "ci.yml")
    eight = "floating minor version '8.0'"
    findings = [
        finding("TS004", eight, "mysql:8.0", ci, 69, 25),
        finding("TS004", eight, "percona:8.0", ci, 69, 25),
        finding("TS004", eight, "redis:8.0", ci, 80, 9),
    ]
    lines = rendered("github", findings, [], root=tmp_path).splitlines()
    assert [line.rpartition("::")[2] for line in lines] == [
        f"[mysql:8.0] {eight}",
        f"[percona:8.0] {eight}",
        eight,
    ]


def test_github_positions_of_a_reference_over_two_lines_and_of_nothing() -> None:
    over_two = occurrence_finding("re\\\ndis:7", 2, 6)
    empty = occurrence_finding("", 4, 5)
    lines = rendered("github", [over_two, empty], []).splitlines()
    # GitHub takes columns on one line only; an empty reference is one column wide.
    assert lines[0].startswith("::error file=Dockerfile,line=2,endLine=3,title=TS012 ")
    assert lines[1].startswith("::error file=Dockerfile,line=4,col=5,endColumn=5,title=TS012 ")


def test_github_escapes_messages_and_properties(tmp_path: Path) -> None:
    path = str(tmp_path / "a,b:c%d" / "Dockerfile")
    found = finding(
        "TS001", "100% wrong\r\nsecond line: a, b", "r", path, 1, 6, name="latest,tag:x"
    )
    error = SourceError(None, None, "one\ntwo%")
    assert rendered("github", [found], [error], root=tmp_path).splitlines() == [
        "::error file=a%2Cb%3Ac%25d/Dockerfile,line=1,col=6,endColumn=6,"
        "title=TS001 latest%2Ctag%3Ax::100%25 wrong%0D%0Asecond line: a, b",
        "::error title=source-error::one%0Atwo%25",
    ]


def many(tmp_path: Path) -> tuple[list[Finding], list[SourceError]]:
    """More findings than GitHub annotates in a step: 12 errors, 11 warnings, a source error."""
    findings = []
    for number in range(12):
        path = str(tmp_path / f"s{number:02d}" / "Dockerfile")
        findings.append(finding("TS001", f"latest {number:02d}", "redis:latest", path, 1, 6))
        if number < 11:
            findings.append(finding("TS004", f"floating {number:02d}", "node:20", path, 2, 6))
    errors = [SourceError(str(tmp_path / "broken.Dockerfile"), 7, "unknown instruction: FORM")]
    return findings, errors


def test_github_annotates_the_most_severe_within_the_runners_limits(tmp_path: Path) -> None:
    findings, errors = many(tmp_path)
    lines = rendered("github", findings, errors, root=tmp_path).splitlines()
    commands = [line.split(" ", 1)[0] for line in lines if line.startswith("::")]
    # 10 errors (the source error first), 10 warnings, a notice, then a group of the others.
    assert commands == (
        ["::error"] * 10 + ["::warning"] * 10 + ["::notice", "::group::tagsense:", "::endgroup::"]
    )
    messages = [line.rsplit("::", 1)[1] for line in lines[:20]]
    assert messages == (
        ["unknown instruction: FORM"]
        + [f"latest {n:02d}" for n in range(9)]
        + [f"floating {n:02d}" for n in range(10)]
    )
    notice = lines[20]
    assert notice.startswith("::notice title=tagsense::Found 12 errors and 11 warnings in 12 ")
    assert "at most 10 error and 10 warning annotations a step: 20 are annotated" in notice
    assert "every one is listed in this step's log" in notice
    assert lines[21] == "::group::tagsense: 4 more, not annotated"
    assert lines[22:] == [
        "s09/Dockerfile:1:6: TS001 latest-tag  latest 09",
        "s10/Dockerfile:1:6: TS001 latest-tag  latest 10",
        "s10/Dockerfile:2:6: TS004 floating-version  floating 10",
        "s11/Dockerfile:1:6: TS001 latest-tag  latest 11",
        "::endgroup::",
    ]
    # Every finding and error is in the log, once.
    for item in [*findings, *errors]:
        assert sum(item.message in line for line in lines) == 1
    # Within the limits, the report's order, and no notice.
    assert "::notice" not in rendered("github", findings[:18], errors, root=tmp_path)


def test_github_step_summary_lists_everything(tmp_path: Path) -> None:
    findings, errors = many(tmp_path)
    findings.append(finding("ACME001", "no | pipes <b>here</b>", "alpine", None, name="no-alp"))
    summary_file = io.StringIO("### an earlier step's summary\n")
    summary_file.seek(0, io.SEEK_END)
    output = rendered(
        "github",
        findings,
        errors,
        root=tmp_path,
        step_summary=summary_file,
        source_url="https://github.com/o/r/blob/abc123/",
    )
    assert "the job summary and this step's log" in output
    text = summary_file.getvalue()
    assert text.startswith("### an earlier step's summary\n## tagsense\n\n")
    assert "Found 13 errors and 11 warnings in 12 files; 1 source error.\n" in text
    # The rule counts, with the rules' pages.
    assert f"| [TS001]({RULE_DOCS_URL}ts001_latest_tag.py) latest-tag | 12 |" in text
    assert f"| [TS004]({RULE_DOCS_URL}ts004_floating_version.py) floating-version | 11 |" in text
    assert "| ACME001 no-alp | 1 |" in text
    assert "| source-error | 1 |" in text
    # A table a file, each finding a row linked to its line.
    assert text.count("| Line | Severity | Rule | Message |") == 14
    assert "### [s03/Dockerfile](https://github.com/o/r/blob/abc123/s03/Dockerfile)" in text
    assert (
        "| [2:6](https://github.com/o/r/blob/abc123/s03/Dockerfile#L2) | warning | "
        "TS004 floating-version | floating 03 |"
    ) in text
    assert (
        "| [7](https://github.com/o/r/blob/abc123/broken.Dockerfile#L7) | error | "
        "source-error | unknown instruction: FORM |"
    ) in text
    for item in [*findings[:-1], *errors]:
        assert f"| {item.message} |" in text
    # Markdown in a message is shown as text.
    assert "| no \\| pipes \\<b\\>here\\</b\\> |" in text
    assert "### References given as text" in text


def test_github_step_summary_stays_within_githubs_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tagsense.report import github

    findings, errors = many(tmp_path)
    monkeypatch.setattr(github, "STEP_SUMMARY_BYTES", 3000)
    summary_file = io.StringIO()
    rendered("github", findings, errors, root=tmp_path, step_summary=summary_file)
    text = summary_file.getvalue()
    assert len(text.encode()) <= 3000
    rows = text.count("| error |") + text.count("| warning |")
    assert 0 < rows < len(findings) + len(errors)
    left = len(findings) + len(errors) - rows
    assert text.endswith(
        f"\n{left} more not listed: GitHub keeps at most 1 MiB of summary a step; "
        "this step's log has every one.\n"
    )


def test_github_without_findings_writes_nothing_but_a_summary_line() -> None:
    summary_file = io.StringIO()
    assert rendered("github", [], [], step_summary=summary_file) == ""
    assert summary_file.getvalue() == "## tagsense\n\nAll checks passed.\n"


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
        description: str, check: str, severity: str, path: str, where: dict[str, Any]
    ) -> dict[str, Any]:
        return {
            "description": description,
            "check_name": check,
            "severity": severity,
            "location": {"path": path, **where},
        }

    def positions(line: int, column: int, last: int) -> dict[str, Any]:
        # Code Climate's positions are characters: the end is the reference's last one.
        return {
            "positions": {
                "begin": {"line": line, "column": column},
                "end": {"line": line, "column": last},
            }
        }

    def lines(begin: int, end: int) -> dict[str, Any]:
        return {"lines": {"begin": begin, "end": end}}

    assert stripped == [
        expected(MESSAGE_LATEST, "TS001", "major", "Dockerfile", positions(1, 6, 17)),
        expected(MESSAGE_EOL, "TS006", "minor", "Dockerfile", positions(2, 6, 19)),
        expected(MESSAGE_NODE, "TS004", "minor", "services/api/Dockerfile", positions(3, 6, 12)),
        expected(MESSAGE_ACME, "ACME001", "major", "services/api/Dockerfile", positions(4, 6, 16)),
        expected(MESSAGE_UNUSED, "TS900", "minor", "services/api/Dockerfile", lines(9, 9)),
        expected(MESSAGE_MISSING, "TS002", "major", "-", lines(1, 1)),
        expected("unknown instruction: FORM", "source-error", "major", "broken.Dockerfile",
                 lines(7, 7)),
        expected("no such file or directory", "source-error", "major", "gone", lines(1, 1)),
    ]  # fmt: skip
    assert len({issue["fingerprint"] for issue in report}) == len(report)


def test_gitlab_positions_of_a_reference_over_two_lines_and_of_nothing() -> None:
    report = json.loads(
        rendered(
            "gitlab", [occurrence_finding("re\\\ndis:7", 2, 6), occurrence_finding("", 4, 5)], []
        )
    )
    assert [issue["location"]["positions"] for issue in report] == [
        {"begin": {"line": 2, "column": 6}, "end": {"line": 3, "column": 5}},
        {"begin": {"line": 4, "column": 5}, "end": {"line": 4, "column": 5}},
    ]


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

"""The command line: output, the JSON contract, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tagsense import __version__
from tagsense.cli import main

EXAMPLES = Path(__file__).parents[1] / "examples" / "references.txt"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_parse_prints_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "parse", "redis:7.0-rc-bullseye", "ghcr.io/acme/api:1.4.2")
    assert code == 0
    assert err == ""
    header, *rows = out.splitlines()
    assert header.split() == ["REFERENCE", "REGISTRY", "REPOSITORY", "TAG", "DIGEST"]
    assert rows[0].split() == ["redis", "docker.io", "library/redis", "7.0-rc-bullseye", "-"]
    assert rows[1].split() == ["ghcr.io/acme/api", "ghcr.io", "acme/api", "1.4.2", "-"]


def test_an_invalid_reference_is_shown_with_a_caret_and_exits_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "parse", "redis", "redis:7 alpine")
    assert code == 1
    assert "redis" in out
    assert "redis:7 alpine: invalid-format" in err
    assert err.rstrip().endswith("         ^")
    assert "Traceback" not in err


def test_json_is_a_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "parse", "--json", "bitnami/redis:7", "Redis")
    assert code == 1
    document = json.loads(out)
    assert document["version"] == 1
    valid, invalid = document["references"]
    assert valid == {
        "input": "bitnami/redis:7",
        "valid": True,
        "canonical": "docker.io/bitnami/redis:7",
        "registry": "docker.io",
        "namespace": "bitnami",
        "app": "redis",
        "repository": "bitnami/redis",
        "name": "docker.io/bitnami/redis",
        "tag": "7",
        "digest": None,
        "familiar": "bitnami/redis:7",
        "normalized": "docker.io/bitnami/redis:7",
    }
    assert invalid["input"] == "Redis"
    assert invalid["valid"] is False
    assert invalid["error"]["kind"] == "uppercase"
    assert invalid["error"]["position"] == 0
    assert "lowercase" in invalid["error"]["message"]


def test_no_normalize(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "parse", "--json", "--no-normalize", "redis")
    assert code == 0
    assert json.loads(out)["references"][0]["registry"] == ""


def test_from_file_reads_the_examples(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "parse", "--json", "--from-file", str(EXAMPLES))
    assert code == 0, err
    references = json.loads(out)["references"]
    expected = [
        line.split("#")[0].strip()
        for line in EXAMPLES.read_text().splitlines()
        if line.split("#")[0].strip()
    ]
    assert [item["input"] for item in references] == expected
    assert all(item["valid"] for item in references)


def test_from_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("redis\n# a comment\n\nnginx:1.27 # pinned\n"))
    code, out, _ = run(capsys, "parse", "--json", "-f", "-")
    assert code == 0
    assert [item["input"] for item in json.loads(out)["references"]] == ["redis", "nginx:1.27"]


def test_unreadable_file_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "parse", "-f", str(tmp_path / "missing.txt"))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "cannot read" in err
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00redis")
    code, _, err = run(capsys, "parse", "-f", str(binary))
    assert code == 2
    assert "not UTF-8" in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["parse", "--no-such-option"])
    assert info.value.code == 2
    assert main([]) == 2  # no command: help, and a usage error


def test_parse_without_references_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["parse"])
    assert info.value.code == 0
    assert "examples:" in capsys.readouterr().out


def test_the_console_script_and_python_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tagsense", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == f"tagsense {__version__}"
    result = subprocess.run(
        [sys.executable, "-m", "tagsense", "parse", "a b"], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "^" in result.stderr


def test_a_command_run_in_process_leaves_the_cyclic_collector_as_it_found_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The command makes the collector run rarely while it runs (start-up allocates much and
    # frees little); a caller's process gets its thresholds back, even after an error.
    import gc

    before = gc.get_threshold()
    assert run(capsys, "parse", "redis:7.2.4")[0] == 0
    assert gc.get_threshold() == before
    with pytest.raises(SystemExit):
        main(["parse", "--no-such-option"])
    assert gc.get_threshold() == before
    assert gc.isenabled()


def test_a_parser_is_built_without_a_gettext_lookup_and_argparse_is_left_as_it_was(
    tmp_path: Path,
) -> None:
    # argparse's constructor asks gettext for its headings, and gettext imports locale to look
    # for a catalogue: 5.1M instructions of a one-file check (3 %). The parsers are built
    # untranslated; argparse's own gettext is back afterwards, even after a usage error.
    (tmp_path / "Dockerfile").write_text("FROM python:3.12.8-slim\n")
    code = (
        "import argparse, sys\n"
        "from tagsense.cli import main\n"
        "translate = argparse._\n"
        "main(['check', '--exit-zero', 'Dockerfile'])\n"
        "imported = 'locale' in sys.modules\n"
        "try:\n"
        "    main(['check', '--no-such-option'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(imported, argparse._ is translate)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.stdout.splitlines()[-1] == "False True", result.stdout + result.stderr


def test_the_help_keeps_argparse_s_headings(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    out = capsys.readouterr().out
    assert "\npositional arguments:\n" in out
    assert "\noptions:\n  -h, --help " in out
    assert "show this help message and exit" in out

"""`tagsense check --fix` and `registry = true`: concrete advice and fixes from a real registry;
`tagsense.registry.answer` and `plan_fixes`."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from tagsense import check, scan_paths
from tagsense.cli import main
from tagsense.registry import answer, plan_fixes

from ._cli import run, write
from .harness import free_port

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from tagsense.registry import Client

    from .conftest import Seeded

DAY = "2026-01-01"


def test_fix_writes_the_precise_tag_and_reports_what_remains(
    registry: Seeded, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    h = registry.host
    dockerfile = (
        f"FROM {h}/library/python:3.12-slim AS build\r\n"  # TS004
        f"FROM {h}/library/redis:latest\r\n"  # TS001
        f"FROM {h}/library/python\r\n"  # TS002
        f"FROM {h}/library/python:3.12.99-slim\r\n"  # TS013: no such tag
    )
    compose = f"services:\n  db:\n    image: '{h}/library/redis:7'  # the cache\n"
    write(project, {"Dockerfile": dockerfile, "compose.yaml": compose})
    code, out, err = run(capsys, "check", "--fix", "--as-of", DAY)
    assert code == 1  # TS013 remains
    assert (project / "Dockerfile").read_bytes().decode() == (
        f"FROM {h}/library/python:3.12.8-slim AS build\r\n"
        f"FROM {h}/library/redis:7.2.4\r\n"
        f"FROM {h}/library/python:3.13.1\r\n"
        f"FROM {h}/library/python:3.12.99-slim\r\n"
    )
    assert (project / "compose.yaml").read_text() == compose.replace("redis:7'", "redis:7.2.4'")
    assert out.splitlines() == [
        f"Dockerfile:4:6: TS013 tag-not-found  '{h}/library/python:3.12.99-slim' does not exist: "
        f"{h} has no tag '3.12.99-slim' for {h}/library/python; pulling it fails",
        "Found 1 error in 1 file.",
    ]
    assert err.splitlines() == [
        f"Dockerfile:1: fixed TS004: {h}/library/python:3.12-slim -> "
        f"{h}/library/python:3.12.8-slim",
        f"Dockerfile:2: fixed TS001: {h}/library/redis:latest -> {h}/library/redis:7.2.4",
        f"Dockerfile:3: fixed TS002: {h}/library/python -> {h}/library/python:3.13.1",
        f"compose.yaml:3: fixed TS004: {h}/library/redis:7 -> {h}/library/redis:7.2.4",
        "Fixed 4 references in 2 files.",
    ]
    assert run(capsys, "check", "--fix", "--as-of", DAY, "-q")[1:] == (
        out.splitlines()[0] + "\n",
        "",
    )


def test_with_ts007_the_digest_is_written_too(
    registry: Seeded, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    h = registry.host
    write(project, {"Dockerfile": f"FROM {h}/library/python:3.12-slim\nFROM {h}/acme/api:1.4.2\n"})
    code, out, _ = run(capsys, "check", "--fix", "--preset", "strict", "--as-of", DAY)
    assert (code, out) == (0, "All checks passed.\n")
    python = registry.digest("library/python", "3.12.8-slim")
    api = registry.digest("acme/api", "1.4.2")
    assert (project / "Dockerfile").read_text() == (
        f"FROM {h}/library/python:3.12.8-slim@{python}\nFROM {h}/acme/api:1.4.2@{api}\n"
    )


def test_helm_values_are_fixed_in_their_tag(
    registry: Seeded, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    h = registry.host
    values = f"image:\n  repository: {h}/library/redis\n  tag: 7  # major only\n"
    write(
        project,
        {
            "chart/Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n",
            "chart/values.yaml": values,
            "chart/templates/pod.yaml": (
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: c\nspec:\n  containers:\n"
                "    - name: c\n"
                '      image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n'
            ),
        },
    )
    assert run(capsys, "check", "--fix", "--as-of", DAY)[0] == 0
    assert (project / "chart/values.yaml").read_text() == values.replace("tag: 7 ", "tag: 7.2.4 ")


def test_registry_true_names_the_tag_to_use_and_writes_nothing(
    registry: Seeded, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    h = registry.host
    dockerfile = f"FROM {h}/library/python:3.12-slim\n"
    write(project, {"Dockerfile": dockerfile, ".tagsense.toml": "registry = true\n"})
    code, out, _ = run(capsys, "check", "--as-of", DAY)
    assert code == 0  # (a warning)
    assert out.splitlines()[0] == (
        "Dockerfile:1:6: TS004 floating-version  floating minor version '3.12': the image moves "
        f"with every 3.12.x release; use '{h}/library/python:3.12.8-slim' (the same image today)"
    )
    assert (project / "Dockerfile").read_text() == dockerfile
    # Without registry access, the same finding gives the general advice.
    (project / ".tagsense.toml").write_text("")
    assert "pin a full version (3.12.x), or a digest" in run(capsys, "check", "--as-of", DAY)[1]


def test_a_registry_that_cannot_answer_is_exit_2_and_its_file_is_not_written(
    registry: Seeded, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    h = registry.host
    port = free_port()
    broken = f"FROM {h}/library/python:3.12-slim\nFROM 127.0.0.1:{port}/app:1\n"
    write(project, {"a.Dockerfile": broken, "b.Dockerfile": f"FROM {h}/library/redis:7\n"})
    code, _, err = run(capsys, "check", "--fix", "--as-of", DAY)
    assert code == 2
    assert (project / "a.Dockerfile").read_text() == broken
    assert (project / "b.Dockerfile").read_text() == f"FROM {h}/library/redis:7.2.4\n"
    assert (
        f"tagsense: error: unavailable: cannot connect to 127.0.0.1:{port}: connection refused "
        "(a.Dockerfile:2)"
    ) in err.splitlines()
    assert "a.Dockerfile:1: not fixed: not written: a.Dockerfile:2 could not be pinned" in err


def test_offline_fixes_from_the_cache_or_says_what_is_not_in_it(
    registry: Seeded, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    h = registry.host
    dockerfile = f"FROM {h}/library/redis:7\n"
    write(project, {"Dockerfile": dockerfile})
    code, _, err = run(capsys, "check", "--fix", "--offline", "--as-of", DAY)
    assert code == 2
    assert "not in the cache (offline)" in err
    assert (project / "Dockerfile").read_text() == dockerfile
    (project / ".tagsense.toml").write_text("registry = true\n")
    assert run(capsys, "check", "--as-of", DAY)[0] == 0  # asked: now cached
    (project / ".tagsense.toml").write_text("registry = false\n")
    with pytest.raises(SystemExit) as exit:
        main(["check", "--fix", "--as-of", DAY])
    assert exit.value.code == 2
    assert "says registry = false (add --offline" in capsys.readouterr().err
    assert run(capsys, "check", "--fix", "--offline", "--as-of", DAY)[0] == 0
    assert (project / "Dockerfile").read_text() == f"FROM {h}/library/redis:7.2.4\n"


def test_usage_errors(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["check", "--fix", "-"], ["check", "--offline", "--refresh"]):
        with pytest.raises(SystemExit) as exit:
            main(argv)
        assert exit.value.code == 2
    assert "--fix rewrites files: it cannot fix standard input" in capsys.readouterr().err


def test_check_without_registry_access_imports_no_registry_code(project: Path) -> None:
    (project / "Dockerfile").write_text("FROM redis:latest\n")
    (project / ".tagsense.toml").write_text("registry = false\n")
    code = (
        "import sys\n"
        "from tagsense.cli import main\n"
        "status = main(['check', '--exit-zero', 'Dockerfile'])\n"
        "heavy = [m for m in sys.modules if m.startswith(('tagsense.registry', 'urllib3', "
        "'tagsense.answers', 'tagsense._sites', 'socket', 'ssl', 'http'))]\n"
        "print(status, heavy, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.startswith("Dockerfile:1:6: TS001")
    assert result.stderr.splitlines()[-1] == "0 []"


def test_the_api(registry: Seeded, project: Path, make_client: Callable[..., Client]) -> None:
    h = registry.host
    write(project, {"Dockerfile": f"FROM {h}/library/python:3.12-slim\nFROM {h}/library/nope:1\n"})
    scan = scan_paths(["."])
    refs = [o.reference for o in scan if o.reference is not None]
    answers = answer(refs, make_client(), precise=refs[:1])
    first, second = answers.values()
    assert (first.precise, first.digest, first.exists) == (
        "3.12.8-slim",
        registry.digest("library/python", "3.12-slim"),
        True,
    )
    assert (second.missing, second.exists, second.precise) == ("repository", False, None)
    findings = check(scan, answers=answers, as_of=None)
    assert [f.code for f in findings] == ["TS004", "TS004", "TS013"]
    plan = plan_fixes(findings, answers)
    assert [(r.action, r.reason, r.new) for r in plan.results] == [
        ("fix", "TS004", f"{h}/library/python:3.12.8-slim")
    ]
    assert plan.diff().count("\n+FROM") == 1
    assert plan.write() == ["Dockerfile"]


def test_a_tag_that_no_tag_of_its_repository_refines_is_not_floating(
    registry: Seeded, make_client: Callable[..., Client]
) -> None:
    # From a survey of real repositories: google-samples' gb-frontend is tagged v1 … v6, never
    # v5.x, so `gb-frontend:v5` is as precise as the image gets; the registry can tell.
    from tagsense import parse_reference

    registry.seeder.image("samples/gb-frontend", ["v5"], platform="linux/amd64")
    registry.seeder.image("samples/gb-frontend", ["v6"], platform="linux/amd64")
    h = registry.host
    refs = [parse_reference(f"{h}/samples/gb-frontend:v5"), parse_reference(f"{h}/acme/api:1.4")]
    answers = answer(refs, make_client(), precise=refs)
    assert [a.finer for a in answers.values()] == [False, True]
    only = {"select": ["TS004"]}
    assert len(check(refs, config=only, as_of=None)) == 2  # without the registry: unknown
    found = check(refs, config=only, answers=answers, as_of=None)
    assert [str(f.reference) for f in found] == [f"{h}/acme/api:1.4"]

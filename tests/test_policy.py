"""The policy engine: every rule, presets, configuration, suppression."""

from __future__ import annotations

import datetime
import os
from typing import TYPE_CHECKING

import pytest

from tagsense import check
from tagsense.policy import RULES, Config, ConfigError, Finding
from tagsense.policy.config import find_config_file
from tagsense.sources import BuildSite, Occurrence, find_references

if TYPE_CHECKING:
    from pathlib import Path

DAY = datetime.date(2026, 5, 1)  # bookworm supported, alpine 3.20 ended, bullseye in LTS
DIGEST = "@sha256:" + "a" * 64


def codes(items: list[str], config: object = None, as_of: datetime.date = DAY) -> list[str]:
    return [f.code for f in check(items, config=config, as_of=as_of)]  # type: ignore[arg-type]


# --- every rule, firing and not (one row a case) ---------------------------------

CASES = [
    # reference, the codes it gets with the default preset
    ("redis:latest", ["TS001"]),
    ("redis", ["TS002"]),
    ("redis:7.2.4", []),
    ("redis:7", ["TS004"]),
    ("redis:7.0", ["TS004"]),
    ("redis:7.0.11-alpine3.20", ["TS006"]),  # alpine 3.20 ended 2026-04-01
    ("node:lts-alpine", ["TS003"]),
    ("nginx:mainline-alpine3.21-slim", ["TS003"]),
    ("nginx:stable", ["TS003"]),
    # A channel beside a version: one finding, the channel's (not also "pin 2022.x.y").
    ("mcr.microsoft.com/mssql/server:2022-latest", ["TS003"]),  # real tag, from MCR
    ("node:18-lts", ["TS003"]),
    ("node:alpine", ["TS003"]),
    ("gcr.io/distroless/static-debian12:nonroot", ["TS003"]),
    ("ubuntu:jammy", []),  # the codename is the OS image's version
    ("ubuntu:22.04", []),
    ("debian:12", []),
    ("debian:bookworm-slim", []),
    ("alpine:3.23", []),
    ("mcr.microsoft.com/windows/servercore:ltsc2022", []),
    ("ubuntu:jammy-20240111", []),  # a date pins the build
    ("python:3.13.0rc1", ["TS005"]),
    ("mcr.microsoft.com/dotnet/sdk:8.0.100-preview.7-bookworm-slim", ["TS005"]),
    ("node:18-buster-slim", ["TS004", "TS006"]),
    ("debian:bullseye", ["TS006"]),  # past regular support (a warning: LTS remains)
    ("bitnami/redis:7.2-debian-12-r5", []),  # a revision pins the build
    ("kube-cross:v1.30.0-go1.20rc1-bookworm", []),  # the toolchain's prerelease
    ("Redis:7", ["TS012"]),
    ("redis:7 alpine", ["TS012"]),
    ("redis:latest" + DIGEST, []),  # a digest pins the image
    ("redis" + DIGEST, []),
    ("redis:7" + DIGEST, []),
]


@pytest.mark.parametrize(("reference", "expected"), CASES)
def test_default_preset(reference: str, expected: list[str]) -> None:
    assert sorted(codes([reference])) == expected


def test_strict_preset_wants_digests_and_makes_floating_tags_errors() -> None:
    strict = {"preset": "strict"}
    assert codes(["redis:7.2.4"], strict) == ["TS007"]
    assert codes(["redis:7.2.4" + DIGEST], strict) == []
    severities = {f.code: f.severity for f in check(["redis:7"], config=strict, as_of=DAY)}
    assert severities == {"TS004": "error", "TS007": "error"}


def test_eol_is_judged_on_the_check_date() -> None:
    # Debian 11: regular support to 2024-08-14, LTS to 2026-08-31.
    def severity(day: datetime.date, **eol: object) -> list[tuple[str, str]]:
        config = {"eol": eol} if eol else None
        found = check(["debian:bullseye"], config=config, as_of=day)
        return [(f.code, f.severity) for f in found]

    assert severity(datetime.date(2024, 8, 14)) == []
    assert severity(datetime.date(2025, 1, 1)) == [("TS006", "warning")]
    assert severity(datetime.date(2026, 9, 1)) == [("TS006", "error")]
    assert severity(datetime.date(2025, 1, 1), support="regular") == [("TS006", "error")]
    assert severity(datetime.date(2026, 9, 1), **{"grace-days": 30}) == [("TS006", "warning")]


def test_min_precision() -> None:
    assert codes(["redis:7.0"], {"min-precision": "minor"}) == []
    assert codes(["redis:7"], {"min-precision": "minor"}) == ["TS004"]
    assert codes(["redis:7"], {"min-precision": "major"}) == []


def test_allowed_registries() -> None:
    config = {"allowed-registries": ["ghcr.io/acme/*", "docker.io", "*.azurecr.io"]}
    assert codes(["ghcr.io/acme/api:1.0.0", "ghcr.io/acme/team/api:1.0.0"], config) == []
    assert codes(["redis:7.2.4", "acme.azurecr.io/x:1.0.0"], config) == []
    assert codes(["ghcr.io/other/api:1.0.0", "quay.io/x/y:1.0.0"], config) == ["TS008", "TS008"]
    assert codes(["quay.io/x/y:1.0.0"]) == []  # not configured: silent


def test_trusted_publishers() -> None:
    config = {"trusted-publishers": ["bitnami", "acme-*"]}
    assert codes(["redis:7.2.4", "bitnami/redis:7.2.4", "acme-ops/tool:1.0.0"], config) == []
    assert codes(["randomuser/redis:7.2.4"], config) == ["TS009"]
    assert codes(["ghcr.io/randomuser/redis:7.2.4"], config) == []  # Docker Hub only


def test_version_ranges() -> None:
    config = {"versions": {"postgres": ">=14,<17", "bitnami/*": ">=2"}}
    assert codes(["postgres:16.3.0", "postgres:14.0.0"], config) == []
    assert codes(["postgres:12.19.0", "postgres:17.0.0"], config) == ["TS010", "TS010"]
    assert codes(["bitnami/redis:1.0.0", "redis:1.0.0"], config) == ["TS010"]


def test_select_ignore_and_severity() -> None:
    assert codes(["redis:latest", "redis:7"], {"ignore": ["latest-tag"]}) == ["TS004"]
    assert codes(["redis:latest", "redis:7"], {"select": ["TS004"]}) == ["TS004"]
    assert codes(["redis:7.2.4"], {"extend-select": ["missing-digest"]}) == ["TS007"]
    found = check(["redis:7"], config={"severity": {"floating-version": "error"}})
    assert [f.severity for f in found] == ["error"]
    assert codes(["redis:latest" + DIGEST], {"trust-digests": False}) == ["TS001"]


def test_check_never_raises_on_bad_references() -> None:
    found = check(["", "a b", "x@sha256:abc", "-x"], as_of=DAY)
    assert [f.code for f in found] == ["TS012"] * 4
    assert all(isinstance(f, Finding) for f in found)


def test_every_rule_is_documented() -> None:
    for rule in RULES:
        assert rule.code.startswith("TS") and rule.name
        for section in ("## What it does", "## Why is this bad?", "## Example"):
            assert section in rule.doc, (rule.code, section)
        assert rule.summary


# --- configuration --------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("text", "line", "key", "words"),
    [
        (
            "[tool.tagsense]\npreset = 'default'\nmin-precison = 'minor'\n",
            3,
            "min-precison",
            "did you mean 'min-precision'",
        ),
        ("[tool.tagsense]\nmin-precision = 'micro'\n", 2, "min-precision", "must be one of"),
        ("[tool.tagsense]\npreset = 'paranoid'\n", 2, "preset", "unknown preset"),
        ("[tool.tagsense]\nignore = ['TS999']\n", 2, "ignore", "unknown rule"),
        ("[tool.tagsense]\nselect = ['latest-tags']\n", 2, "select", "did you mean 'latest-tag'"),
        ("[tool.tagsense.severity]\nTS001 = 'fatal'\n", 2, "severity.TS001", "must be one of"),
        ("[tool.tagsense.eol]\nsupport = 'forever'\n", 2, "eol.support", "regular"),
        ("[tool.tagsense.eol]\ngrace = 3\n", 2, "eol.grace", "unknown key"),
        ("[tool.tagsense]\nallowed-registries = 'ghcr.io'\n", 2, "allowed-registries", "list"),
        ("[tool.tagsense.versions]\npostgres = '>>14'\n", 1, "versions", "not a version range"),
    ],
)
def test_configuration_errors_name_file_line_and_key(
    tmp_path: Path, text: str, line: int, key: str, words: str
) -> None:
    path = write(tmp_path / "pyproject.toml", text)
    with pytest.raises(ConfigError) as info:
        Config.load(path)
    error = info.value
    assert (error.path, error.key) == (str(path), key)
    assert error.line == line
    assert words in str(error)
    assert str(error).startswith(f"{path}:{line}: {key}: ")
    assert isinstance(error, ValueError)


def test_invalid_toml(tmp_path: Path) -> None:
    path = write(tmp_path / ".tagsense.toml", "preset = \n")
    with pytest.raises(ConfigError) as info:
        Config.load(path)
    assert "invalid TOML" in str(info.value)
    assert info.value.line == 1


def test_nearest_configuration_wins(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.tagsense]\nignore = ['TS004']\n")
    sub = tmp_path / "service"
    sub.mkdir()
    write(sub / ".tagsense.toml", "select = ['TS004']\n")
    other = tmp_path / "other"
    other.mkdir()
    assert "TS004" in Config.discover(sub / "Dockerfile").enabled
    assert "TS004" not in Config.discover(other / "Dockerfile").enabled
    plain = tmp_path / "plain"
    plain.mkdir()
    write(plain / "pyproject.toml", "[project]\nname = 'x'\n")  # no [tool.tagsense]: keep looking
    assert "TS004" not in Config.discover(plain).enabled


def occurrence(
    path: Path, line: int, text: str, kind: str = "from", **fields: object
) -> Occurrence:
    return Occurrence.of_text(
        path=str(path), line=line, column=6, kind=kind, raw=text, text=text, **fields
    )


def test_suppression_comments(tmp_path: Path) -> None:
    dockerfile = write(
        tmp_path / "Dockerfile",
        "FROM redis:7.2.4\nCOPY --from=redis:latest /a /b  # tagsense: ignore[TS001]\n"  # 1-2
        "# tagsense: ignore[floating-version]\n"  # 3: the line above, by name
        "FROM redis:7\n"  # 4
        "FROM redis:latest\n"  # 5: not suppressed
        "# tagsense: ignore[TS005]\n"  # 6: unused -> TS900
        "FROM redis:7.2.4\n"  # 7
        "# tagsense: ignore\n"  # 8: bare
        "FROM python\n",  # 9
    )
    found = [(f.line, f.code) for f in check(find_references(dockerfile), config={}, as_of=DAY)]
    # (A Dockerfile has no comment at the end of a line: "#" there is the instruction's text.)
    assert found == [(2, "TS001"), (5, "TS001"), (6, "TS900")]


def test_suppression_comments_in_yaml_at_the_end_of_a_line(tmp_path: Path) -> None:
    compose = write(
        tmp_path / "compose.yaml",
        "services:\n"
        "  a:\n"
        "    image: redis:latest  # tagsense: ignore[TS001]\n"
        "  b:\n"
        "    image: 'redis:latest#x'\n"
        "    command: ['echo', '# tagsense: ignore']\n"  # a string, not a comment
        "  c:\n"
        "    image: redis:latest\n",
    )
    found = [(f.line, f.code) for f in check(find_references(compose), config={}, as_of=DAY)]
    assert found == [(5, "TS012"), (8, "TS001")]


def test_a_suppression_inside_a_string_suppresses_nothing(tmp_path: Path) -> None:
    # A "#" inside an instruction is its text, not a comment (the bug of issue 11).
    dockerfile = write(
        tmp_path / "Dockerfile",
        'FROM alpine:3.21.0\nRUN echo "# tagsense: ignore"\nFROM redis:latest\n',
    )
    found = check(find_references(dockerfile), config={}, as_of=DAY)
    assert [(f.line, f.code) for f in found] == [(3, "TS001")]
    # In a heredoc, too: its lines are the command's input.
    heredoc = write(
        tmp_path / "heredoc.Dockerfile",
        "FROM alpine:3.21.0\nRUN <<EOF\n# tagsense: ignore\nEOF\nFROM redis:latest\n",
    )
    found = check(find_references(heredoc), config={}, as_of=DAY)
    assert [(f.line, f.code) for f in found] == [(5, "TS001")]


def test_suppression_comments_are_case_insensitive(tmp_path: Path) -> None:
    # The directive is read whatever its case, as ruff reads its own (so is a rule name).
    dockerfile = write(tmp_path / "Dockerfile", "# TagSense: IGNORE[ts001]\nFROM redis:latest\n")
    assert check(find_references(dockerfile), config={}, as_of=DAY) == []


def test_disable_file_and_per_file_ignores(tmp_path: Path) -> None:
    disabled = write(tmp_path / "a.Dockerfile", "# tagsense: disable-file[TS004]\nFROM redis:7\n")
    assert check(find_references(disabled), config={}, as_of=DAY) == []
    legacy = write(tmp_path / "legacy.Dockerfile", "FROM redis:7\n")
    other = write(tmp_path / "Dockerfile", "FROM redis:7\n")
    config = Config.from_dict({"per-file-ignores": {"*.Dockerfile": ["TS004"]}})
    assert check([occurrence(legacy, 1, "redis:7")], config=config, as_of=DAY) == []
    assert [f.code for f in check([occurrence(other, 1, "redis:7")], config=config)] == ["TS004"]
    # A suppression of a rule that is not enabled there suppresses nothing.
    found = check(find_references(disabled), config=config, as_of=DAY)
    assert [f.code for f in found] == ["TS900"]


def test_unresolved_variables(tmp_path: Path) -> None:
    dockerfile = write(tmp_path / "Dockerfile", "ARG BASE\nFROM $BASE\n")
    unresolved = Occurrence(
        path=str(dockerfile),
        line=2,
        column=6,
        kind="from",
        raw="$BASE",
        text="",
        reference=None,
        unresolved=("BASE",),
    )
    assert [f.code for f in check([unresolved], config={}, as_of=DAY)] == ["TS011"]
    assert [f.code for f in check(find_references(dockerfile), config={}, as_of=DAY)] == ["TS011"]


def test_exclude_and_per_file_ignores_are_relative_to_the_configuration(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    write(
        project / ".tagsense.toml",
        'exclude = ["vendor/*"]\n[per-file-ignores]\n"legacy/*" = ["TS004"]\n',
    )
    link = tmp_path / "link"
    link.symlink_to(project, target_is_directory=True)
    # Reached through a symbolic link, the files are still the project's.
    found = find_config_file(link / "legacy" / "Dockerfile")
    assert found == os.path.join(os.path.realpath(project), ".tagsense.toml")
    config = Config.discover(link / "legacy")
    assert config.root == os.path.realpath(project)
    assert config.excludes(str(link / "vendor" / "Dockerfile"))
    assert not config.excludes(str(project / "Dockerfile"))
    assert not config.excludes(str(tmp_path / "vendor" / "Dockerfile"))  # outside the root
    assert "TS004" not in config.enabled_for(str(link / "legacy" / "Dockerfile"))
    assert "TS004" in config.enabled_for(str(project / "app" / "legacy.Dockerfile"))


def test_the_name_a_build_gives_its_result_is_judged_only_for_validity(tmp_path: Path) -> None:
    # compose's image: beside build: names what is built here, not what is pulled.
    compose = write(tmp_path / "compose.yaml", "services: {}\n")

    def built(line: int, text: str) -> Occurrence:
        site = BuildSite("compose", str(compose), 1)
        return occurrence(compose, line, text, kind="compose", built=site)

    config = {"preset": "strict", "rules": [{"code": "ACME1", "message": "m", "when": "true"}]}
    found = check([built(1, "web:local"), built(2, "Web:1")], config=config, as_of=DAY)
    assert [(f.line, f.code) for f in found] == [(2, "TS012")]
    pulled = check([occurrence(compose, 3, "web:local", kind="compose")], config={}, as_of=DAY)
    assert [f.code for f in pulled] == ["TS003"]
    pulled = check([occurrence(compose, 3, "web:local", kind="compose")], config=config)
    assert {"TS003", "ACME1"} <= {f.code for f in pulled}

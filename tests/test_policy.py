"""The policy engine: every rule, presets, configuration, suppression."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest

from tagsense import check
from tagsense.policy import RULES, Config, ConfigError
from tagsense.policy.config import find_config_file
from tagsense.sources import Occurrence

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
    # `lts` after a version is the kind of release it is, no channel: the version floats
    ("node:18-lts", ["TS004"]),
    ("openeuler/openeuler:24.03-lts-sp1", []),  # openEuler 24.03 LTS SP1
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


def test_select_ignore_and_severity() -> None:
    assert codes(["redis:latest", "redis:7"], {"ignore": ["latest-tag"]}) == ["TS004"]
    assert codes(["redis:latest", "redis:7"], {"select": ["TS004"]}) == ["TS004"]
    assert codes(["redis:7.2.4"], {"extend-select": ["missing-digest"]}) == ["TS007"]
    found = check(["redis:7"], config={"severity": {"floating-version": "error"}})
    assert [f.severity for f in found] == ["error"]
    assert codes(["redis:latest" + DIGEST], {"trust-digests": False}) == ["TS001"]


def test_every_rule_is_documented_and_has_its_own_tests() -> None:
    rules_tests = Path(__file__).parent / "rules"
    for rule in RULES:
        assert rule.code.startswith("TS") and rule.name
        for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
            assert section in rule.doc, (rule.code, section)
        assert rule.summary
        module = rules_tests / f"test_{rule.code.lower()}_{rule.name.replace('-', '_')}.py"
        assert module.is_file(), f"{rule.code} has no test module {module.name}"
        # (a rule that judges registry answers is tried with a registry client)
        called = f'check_documented_examples("{rule.code}"' + (
            ", registry=" if rule.needs_registry else ")"
        )
        assert called in module.read_text()


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
        ("[tool.tagsense]\npreset = 'default'\nown-images = 'yes'\n", 3, "own-images", "'flag'"),
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


def test_own_images_is_built_unless_the_configuration_says_flag(tmp_path: Path) -> None:
    assert Config.default().own_images == "built"
    assert Config.from_dict({}).own_images == "built"
    assert Config.from_dict({"own-images": "flag"}).own_images == "flag"
    path = write(tmp_path / ".tagsense.toml", 'own-images = "flag"\n')
    assert Config.load(path).own_images == "flag"
    with pytest.raises(ConfigError, match="own-images: must be one of 'flag', 'built'"):
        Config.from_dict({"own-images": True})


def test_a_configuration_is_parsed_once_while_its_text_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tomllib

    parsed: list[str] = []
    loads = tomllib.loads
    monkeypatch.setattr(tomllib, "loads", lambda text: parsed.append(text) or loads(text))
    path = write(tmp_path / ".tagsense.toml", "ignore = ['TS001']\n")
    first = Config.load(path)
    assert Config.load(path) is first
    assert Config.discover(tmp_path) is first
    assert len(parsed) == 1
    write(path, "ignore = ['TS002']\n")  # (same size, same moment: the text tells)
    assert "TS001" in Config.load(path).enabled
    assert "TS002" not in Config.load(path).enabled
    assert len(parsed) == 2
    monkeypatch.chdir(tmp_path)
    assert Config.load(".tagsense.toml").root == first.root
    other = tmp_path / "other"
    other.mkdir()
    write(other / ".tagsense.toml", "ignore = ['TS002']\n")
    monkeypatch.chdir(other)  # (the same relative path: another file)
    assert Config.load(".tagsense.toml").root == str(other.resolve())


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


def test_a_prereleases_own_release_directory_ships_that_prerelease(tmp_path: Path) -> None:
    # kserve/kserve's install/v0.7.0-rc0/kserve.yaml installs its own v0.7.0-rc0 images
    # (install/ keeps one directory a release): 8 false TS005 before (survey s28a).
    release = tmp_path / "install" / "v0.7.0-rc0"
    release.mkdir(parents=True)
    own = occurrence(release / "kserve.yaml", 9, "kserve/models-web-app:v0.7.0-rc0", "kubernetes")
    bare = occurrence(release / "x.yaml", 9, "acme/app:0.7.0-rc0", "kubernetes")
    other = occurrence(release / "kserve.yaml", 9, "acme/app:v0.8.0-rc1", "kubernetes")
    elsewhere = occurrence(tmp_path / "v0.7.0-rc0.yaml", 9, "acme/app:v0.7.0-rc0", "kubernetes")
    found = check([own, bare, other, elsewhere], as_of=DAY)
    assert [(f.code, f.occurrence.text) for f in found] == [
        ("TS005", "acme/app:v0.8.0-rc1"),
        ("TS005", "acme/app:v0.7.0-rc0"),
    ]

"""ko: base images pulled, ko:// names built (sources.builds.ko)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense.sources.builds import is_ko_reference
from tagsense.sources.builds.ko import read_ko, scan_ko

if TYPE_CHECKING:
    from pathlib import Path


def test_base_images_are_occurrences_with_positions() -> None:
    text = """\
# tagsense: ignore[TS001]
defaultBaseImage: cgr.dev/chainguard/static:latest
baseImageOverrides:
  github.com/acme/app/cmd/api: "gcr.io/distroless/base:debug"
  github.com/acme/app/cmd/tool:
builds:
  - id: api
    main: ./cmd/api
"""
    result = scan_ko(text, path=".ko.yaml")
    found = [(o.line, o.column, o.text, dict(o.context)) for o in result.scan]
    assert found == [
        (2, 19, "cgr.dev/chainguard/static:latest", {"field": "defaultBaseImage"}),
        (
            4,
            33,
            "gcr.io/distroless/base:debug",
            {"field": "baseImageOverrides", "importpath": "github.com/acme/app/cmd/api"},
        ),
    ]
    assert all(o.kind == "ko" and o.reference is not None for o in result.scan)
    assert [s.line for s in result.scan.suppressions] == [1]
    assert result.builds == () and result.built == ()


def test_keys_are_not_case_sensitive_and_bad_values_are_errors() -> None:
    result = scan_ko("DefaultBaseImage: alpine:3.20\nbaseImageOverrides: [a]\n")
    assert [o.text for o in result.scan] == ["alpine:3.20"]
    assert [(e.line, e.message) for e in result.scan.errors] == [
        (2, "baseImageOverrides must be a mapping")
    ]
    assert [e.message for e in scan_ko("defaultBaseImage: {a: b}\n").scan.errors] == [
        "defaultBaseImage must be a string"
    ]
    assert scan_ko("- a\n").scan.errors[0].message == "must be a mapping"
    assert scan_ko("a: [\n").scan.errors[0].message.startswith("invalid YAML")


def test_an_unreadable_file_is_one_error(tmp_path: Path) -> None:
    (error,) = read_ko(str(tmp_path)).scan.errors
    assert error.message == "cannot read: a directory"


def test_ko_references() -> None:
    assert is_ko_reference("ko://github.com/acme/app/cmd/api")
    assert is_ko_reference("ko://./cmd/api")
    assert not is_ko_reference("ko://")
    assert not is_ko_reference("github.com/acme/app")
    assert not is_ko_reference("KO://x")

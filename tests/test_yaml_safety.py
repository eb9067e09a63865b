"""Hostile YAML is one clear error, quickly, whichever YAML source reads it."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pytest

from tagsense import find_references

if TYPE_CHECKING:
    from pathlib import Path

BOMB = "\n".join(
    ["a: &a [" + ", ".join(['"lol"'] * 9) + "]"]
    + [
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]"
        for i in range(8)
    ]
)
MANIFEST_BOMB = (
    "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n"
    "spec:\n  containers: [{name: c, image: 'redis:7.2.4'}]\n" + BOMB.replace("a:", "x-a:", 1)
)


@pytest.mark.parametrize("name", ["compose.yaml", "pod.yaml", ".gitlab-ci.yml"])
def test_an_alias_bomb_costs_nothing(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(MANIFEST_BOMB if name == "pod.yaml" else "services: {}\n" + BOMB)
    start = time.perf_counter()
    scan = find_references(path)
    assert time.perf_counter() - start < 5.0  # generous: it takes milliseconds
    assert len(scan.errors) <= 1


@pytest.mark.parametrize("name", ["compose.yaml", "deployment.yaml", ".gitlab-ci.yml"])
def test_huge_binary_and_bad_utf8_files_are_one_error(tmp_path: Path, name: str) -> None:
    cases = {
        "huge": b"apiVersion: v1\nkind: Pod\n# " + b"x" * (50 * 1024 * 1024) + b"\n",
        "binary": b"apiVersion: v1\nkind: Pod\n\x00\x01\x02\x03",
        "latin-1": "apiVersion: v1\nkind: Pod\nmetadata: {name: caf\u00e9}\n".encode("latin-1"),
    }
    for label, data in cases.items():
        path = tmp_path / label / name
        path.parent.mkdir()
        path.write_bytes(data)
        start = time.perf_counter()
        scan = find_references(path)
        assert time.perf_counter() - start < 5.0, label
        assert len(scan.errors) == 1, (label, scan.errors)
        assert scan.occurrences == (), label
        message = scan.errors[0].message
        assert any(word in message for word in ("large", "binary", "UTF-8")), (label, message)


def test_the_size_limit_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "pod.yaml"
    path.write_text(
        "apiVersion: v1\nkind: Pod\nspec: {containers: [{name: c, image: 'redis:7.2.4'}]}\n"
    )
    assert len(find_references(path).occurrences) == 1
    small = find_references(path, max_bytes=20)
    assert small.occurrences == ()
    assert len(small.errors) == 1
    assert "large" in small.errors[0].message

"""A tag of an image's own name that the project makes is built at that tag only: the name's
other tags are still pulled."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from tagsense import find_references

if TYPE_CHECKING:
    from pathlib import Path

# containers/podman-compose@e3df104 tests/integration/up_down/ (GPL-2.0; shortened): the test's
# setUp retags the debian it pulls, and its compose file runs the retagged image.
SET_UP = """\
class TestUpDown(unittest.TestCase):
    def setUp(self) -> None:
        tag_cmd = [
            "podman",
            "tag",
            "docker.io/library/debian:bookworm-slim",
            "docker.io/library/debian:up-down-test",
        ]
        self.run_subprocess_assert_returncode(tag_cmd)
"""
COMPOSE = """\
services:
  app:
    image: docker.io/library/debian:up-down-test
  base:
    image: debian:bookworm-slim
"""


def _built(tmp_path: Path) -> list[tuple[str, bool]]:
    found = find_references(os.fspath(tmp_path / "up_down" / "docker-compose.yml"))
    return [(o.text, o.built is not None) for o in found]


def test_a_python_test_s_retag_makes_that_tag_only(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "up_down").mkdir()
    (tmp_path / "up_down" / "docker-compose.yml").write_text(COMPOSE)
    assert _built(tmp_path) == [
        ("docker.io/library/debian:up-down-test", False),
        ("debian:bookworm-slim", False),
    ]
    (tmp_path / "up_down" / "test_up_down.py").write_text(SET_UP)
    assert _built(tmp_path) == [
        ("docker.io/library/debian:up-down-test", True),
        ("debian:bookworm-slim", False),
    ]


def test_a_script_s_retag_makes_that_tag_only_wherever_it_is_named(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "up_down").mkdir()
    (tmp_path / "up_down" / "docker-compose.yml").write_text(COMPOSE)
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "setup.sh").write_text(
        "docker pull redis:7.4\ndocker tag redis:7.4 redis:custom\n"
        "docker tag debian:bookworm-slim debian:up-down-test\n"
        "docker tag debian:bookworm-slim debian:$SHA\n"  # (a run's tag: no name made)
    )
    assert _built(tmp_path) == [
        ("docker.io/library/debian:up-down-test", True),
        ("debian:bookworm-slim", False),
    ]
    (tmp_path / "up_down" / "docker-compose.yml").write_text(
        "services:\n  a:\n    image: redis:custom\n  b:\n    image: redis:7.4\n"
        "  c:\n    image: debian:${TAG}\n"
    )
    assert _built(tmp_path) == [("redis:custom", True), ("redis:7.4", False), ("debian:", False)]


def test_a_retag_that_drops_the_digest_makes_no_tag_of_the_project(tmp_path: Path) -> None:
    # kubernetes-sigs/kueue's hack/testing/e2e-common.sh (Apache-2.0), cut down: the pulled
    # image is named again without its digest, to load it into kind; it stays a pull (the
    # lead's regression set, session 26).
    (tmp_path / ".git").mkdir()
    (tmp_path / "up_down").mkdir()
    (tmp_path / "up_down" / "docker-compose.yml").write_text(
        "services:\n  a:\n    image: registry.k8s.io/e2e-test-images/agnhost:2.52\n"
    )
    (tmp_path / "e2e.sh").write_text(
        "AGNHOST_WITH_SHA=registry.k8s.io/e2e-test-images/agnhost:2.52@sha256:" + "b" * 64 + "\n"
        "AGNHOST=${AGNHOST_WITH_SHA%%@*}\n"
        'docker pull "$AGNHOST_WITH_SHA"\n'
        'docker tag "$AGNHOST_WITH_SHA" "$AGNHOST"\n'
    )
    assert _built(tmp_path) == [("registry.k8s.io/e2e-test-images/agnhost:2.52", False)]

"""A registry a script's own container serves: what it pulls from there is no public pull
(sources.builds._engine_commands.served_images)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense.sources import scan_paths
from tagsense.sources.context import forget

if TYPE_CHECKING:
    from pathlib import Path

# google/nixery's scripts/integration-test.sh (Apache-2.0; cut down): the nixery image it
# built runs on port 8080, and images nixery makes on demand are pulled from it.
NIXERY = """\
#!/usr/bin/env bash
IMG=$(docker load -q -i "$(nix-build -A nixery-image)" | awk '{ print $3 }')
docker run --privileged --rm -p 8080:8080 --name nixery \\
  -e PORT=8080 \\
  "${IMG}" &
case $(uname -m) in
  x86_64)
    docker run --rm localhost:8080/hello hello
    ;;
esac
docker pull localhost:8080/arm64/hello
docker pull localhost:5000/other
docker pull redis
"""


def test_a_registry_the_script_s_own_container_serves_is_the_project_s(tmp_path: Path) -> None:
    # (survey 31c: nixery's 4 false TS002)
    (tmp_path / ".git").mkdir()
    (tmp_path / "integration-test.sh").write_text(NIXERY)
    forget()
    scan = scan_paths([str(tmp_path)])
    built = {o.text: o.built is not None for o in scan.occurrences}
    assert built == {
        "localhost:8080/hello": True,
        "localhost:8080/arm64/hello": True,
        "localhost:5000/other": False,  # (no container of the script publishes 5000)
        "redis": False,
    }


def test_a_pull_before_the_container_runs_is_not_served(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "run.sh").write_text(
        "#!/bin/sh\ndocker pull localhost:5000/before\n"
        "docker run -d --publish=127.0.0.1:5000:5000/tcp registry:2\n"
        "docker pull 127.0.0.1:5000/app:1\n"
        "docker run -d -p 6000 registry:2\n"  # (a host port the engine picks)
        "docker pull localhost:6000/other:1\n"
    )
    forget()
    scan = scan_paths([str(tmp_path)])
    assert sorted((o.text, o.built is not None) for o in scan.occurrences) == [
        ("127.0.0.1:5000/app:1", True),
        ("localhost:5000/before", False),
        ("localhost:6000/other:1", False),
        ("registry:2", False),
        ("registry:2", False),
    ]

"""The Buildpacks CLI: ``pack build NAME --builder B`` builds NAME and pulls its builder."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from tagsense.cli import main
from tagsense.sources.builds.script import scan_shell_script

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


def test_pack_build_pulls_its_builder_and_run_image(tmp_path: Path) -> None:
    # nestybox/sysbox, tests/buildx/buildpack.bats: `pack build my-go-app --builder
    # paketobuildpacks/builder-jammy-tiny`, then `docker run --rm my-go-app` (survey s53c)
    script = tmp_path / "pack.sh"
    script.write_text(
        "#!/bin/sh\n"
        "pack build my-go-app --builder paketobuildpacks/builder-jammy-tiny:0.1\n"
        "pack build ghcr.io/acme/app -B cnbs/sample-builder:jammy --run-image gcr.io/x/run:1 \\\n"
        "  --buildpack paketo-buildpacks/go@1.0 -b docker://gcr.io/x/bp:2 --publish\n"
        "pack build app --builder b/never:1 --pull-policy never\n"
        "webpack build --mode production\n"
    )
    scan = scan_shell_script(str(script))
    assert [(o.line, o.text, o.context["engine"]) for o in scan] == [
        (2, "paketobuildpacks/builder-jammy-tiny:0.1", "pack"),
        (3, "cnbs/sample-builder:jammy", "pack"),
        (3, "gcr.io/x/run:1", "pack"),
        (4, "gcr.io/x/bp:2", "pack"),
    ]


def test_the_image_pack_build_makes_is_built_not_pulled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "ci.yml").write_text(
        "on: push\n"
        "jobs:\n"
        "  b:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: pack build ghcr.io/acme/app -B paketobuildpacks/builder-jammy-base:0.4\n"
        "      - run: docker run --rm ghcr.io/acme/app\n"
    )
    assert main(["refs", "--json", str(tmp_path)]) == 0
    refs = {r["raw"]: r for r in json.loads(capsys.readouterr().out)["references"]}
    assert refs["paketobuildpacks/builder-jammy-base:0.4"]["built"] is None
    assert refs["paketobuildpacks/builder-jammy-base:0.4"]["context"]["engine"] == "pack"
    assert refs["ghcr.io/acme/app"]["built"] is not None

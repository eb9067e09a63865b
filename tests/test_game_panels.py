"""Game server panels' eggs: the images Pterodactyl's and Pelican's Wings pulls for a server.

An egg's ``docker_images`` are the images a server of the egg runs in (the user picks one),
``scripts.installation.container`` the image its install script runs in.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from tagsense import check, find_references
from tagsense.sources.platforms.pterodactyl import scan_egg_json, scan_egg_yaml

if TYPE_CHECKING:
    from pathlib import Path

#: parkervcp/eggs' database/sql/postgres/egg-postgres14.json at commit fcfd5a35 (MIT),
#: shortened: Pterodactyl's PTDL_v2 export, with JSON's escaped slashes.
PTDL_V2 = r"""{
    "_comment": "DO NOT EDIT: FILE GENERATED AUTOMATICALLY BY PTERODACTYL PANEL - PTERODACTYL.IO",
    "meta": {
        "version": "PTDL_v2",
        "update_url": null
    },
    "name": "Postgres 14",
    "features": null,
    "docker_images": {
        "ghcr.io\/parkervcp\/yolks:postgres_14": "ghcr.io\/parkervcp\/yolks:postgres_14"
    },
    "startup": "postgres  -D \/home\/container\/postgres_db\/",
    "scripts": {
        "installation": {
            "script": "#! \/bin\/ash\r\nadduser -D -h \/home\/container container\r\n",
            "container": "postgres:14-alpine",
            "entrypoint": "bash"
        }
    },
    "variables": []
}
"""

#: pelican-eggs/games-steamcmd's gmod/egg-garrys-mod.yaml at commit 3d43bc9a (MIT),
#: shortened: Pelican's PLCN_v3 export in YAML, whose ``image`` is the egg's icon.
PLCN_V3 = """\
_comment: 'DO NOT EDIT: FILE GENERATED AUTOMATICALLY BY PANEL'
meta:
  version: PLCN_v3
  update_url: 'https://raw.githubusercontent.com/pelican-eggs/games-steamcmd/refs/heads/main/gmod/egg-garrys-mod.yaml'
name: 'Garrys Mod'
image: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAZAAAAGQ'
docker_images:
  Source: 'ghcr.io/pelican-eggs/games:source'
scripts:
  installation:
    script: |-
      #!/bin/bash
      cd /tmp
    container: 'ghcr.io/pelican-eggs/installers:debian'
    entrypoint: bash
"""

#: Pterodactyl 0.7's PTDL_v1 export: one ``image`` (the importer makes it ``docker_images``).
PTDL_V1 = """{
    "meta": {"version": "PTDL_v1"},
    "name": "Vanilla",
    "image": "quay.io/pterodactyl/core:java",
    "scripts": {"installation": {"container": "openjdk:8-jdk-alpine", "entrypoint": "ash"}}
}
"""


def _texts(scan: object) -> list[tuple[str, int, object]]:
    return [(o.text, o.line, o.context.get("field")) for o in scan.occurrences]  # type: ignore[attr-defined]


def test_a_json_egg_pulls_its_images_and_its_installer() -> None:
    scan = scan_egg_json(PTDL_V2, "egg-postgres14.json")
    assert scan is not None
    assert _texts(scan) == [
        ("ghcr.io/parkervcp/yolks:postgres_14", 10, "docker_images"),
        ("postgres:14-alpine", 16, "scripts.installation.container"),
    ]
    assert all(o.kind == "egg" for o in scan.occurrences)


def test_a_yaml_egg_pulls_its_images_not_its_icon() -> None:
    scan = scan_egg_yaml(PLCN_V3, "egg-garrys-mod.yaml")
    assert scan is not None
    assert _texts(scan) == [
        ("ghcr.io/pelican-eggs/games:source", 8, "docker_images"),
        ("ghcr.io/pelican-eggs/installers:debian", 14, "scripts.installation.container"),
    ]
    assert scan.occurrences[0].context["image"] == "Source"


def test_the_first_format_names_its_image_in_image() -> None:
    scan = scan_egg_json(PTDL_V1)
    assert scan is not None
    assert [text for text, _, _ in _texts(scan)] == [
        "quay.io/pterodactyl/core:java",
        "openjdk:8-jdk-alpine",
    ]


def test_a_list_of_docker_images_gives_each() -> None:
    # (pelican-eggs/minecraft's java/feather/egg-feather.json at commit 80cc4958 writes a list)
    egg = '{"meta": {"version": "PTDL_v2"}, "docker_images": ["ghcr.io/parkervcp/yolks:debian"]}'
    scan = scan_egg_json(egg)
    assert scan is not None
    assert [o.text for o in scan.occurrences] == ["ghcr.io/parkervcp/yolks:debian"]
    yaml_egg = "meta:\n  version: PLCN_v3\ndocker_images:\n  - 'ghcr.io/a/b:c'\n"
    scan = scan_egg_yaml(yaml_egg)
    assert scan is not None
    assert [o.text for o in scan.occurrences] == ["ghcr.io/a/b:c"]


def test_json_and_yaml_that_are_no_eggs_give_nothing() -> None:
    assert scan_egg_json('{"meta": {"version": "2"}, "docker_images": {"a": "redis"}}') is None
    assert scan_egg_yaml("meta:\n  version: 3\ndocker_images:\n  a: redis\n") is None


def test_a_catalog_directory_is_read(tmp_path: Path) -> None:
    (tmp_path / "database" / "postgres").mkdir(parents=True)
    (tmp_path / "database" / "postgres" / "egg-postgres14.json").write_text(PTDL_V2)
    (tmp_path / "gmod").mkdir()
    (tmp_path / "gmod" / "egg-garrys-mod.yaml").write_text(PLCN_V3)
    scan = find_references(str(tmp_path))
    found = {((o.path or "").split("/")[-1], o.text, o.kind) for o in scan}
    assert found == {
        ("egg-postgres14.json", "ghcr.io/parkervcp/yolks:postgres_14", "egg"),
        ("egg-postgres14.json", "postgres:14-alpine", "egg"),
        ("egg-garrys-mod.yaml", "ghcr.io/pelican-eggs/games:source", "egg"),
        ("egg-garrys-mod.yaml", "ghcr.io/pelican-eggs/installers:debian", "egg"),
    }
    assert not scan.errors
    findings = check(scan, as_of=date(2026, 12, 5))
    assert {(f.code, f.occurrence.text) for f in findings} >= {
        ("TS003", "ghcr.io/pelican-eggs/games:source"),
        ("TS004", "postgres:14-alpine"),
    }

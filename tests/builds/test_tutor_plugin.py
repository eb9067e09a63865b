"""A Tutor plugin's settings: the images Tutor runs the services the plugin adds from
(sources.builds.tutor_plugin)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense import check
from tagsense.sources.builds.python import scan_python_source
from tagsense.sources.discover import discover

if TYPE_CHECKING:
    from pathlib import Path

# The shape of overhangio/tutor-minio's and tutor-discovery's tutor*/plugin.py (survey s43a):
# defaults in a `config` dict added under the plugin's prefix, and pairs added directly.
PLUGIN = """\
from tutor import hooks

config = {
    "defaults": {
        "VERSION": "19.0.0",
        "DOCKER_IMAGE": "docker.io/minio/minio:RELEASE.2022-03-26T06-49-28Z",
        "MC_DOCKER_IMAGE": "docker.io/minio/mc:latest",
        "OWN_DOCKER_IMAGE": "{{ DOCKER_REGISTRY }}acme/openedx-x:{{ X_VERSION }}",
        "DOCKER_IMAGE_ELASTICSEARCH": "docker.io/elasticsearch:7.17.13",
        "HOST": "files.{{ LMS_HOST }}",
    },
}
hooks.Filters.CONFIG_DEFAULTS.add_items(
    [(f"MINIO_{key}", value) for key, value in config["defaults"].items()]
)
hooks.Filters.CONFIG_DEFAULTS.add_items([("X_DOCKER_IMAGE_REDIS", "docker.io/redis:7.4.1")])
"""


def test_the_images_of_a_plugin_s_settings_are_pulled(tmp_path: Path) -> None:
    plugin = tmp_path / "tutorx" / "plugin.py"
    plugin.parent.mkdir()
    plugin.write_text(PLUGIN)
    assert str(plugin) in [path for path, _ in discover([str(tmp_path)])]
    scan = scan_python_source(PLUGIN, path=str(plugin))
    assert [(o.kind, o.text, o.line, o.context["field"]) for o in scan.occurrences] == [
        ("tutor", "docker.io/minio/minio:RELEASE.2022-03-26T06-49-28Z", 6, "DOCKER_IMAGE"),
        ("tutor", "docker.io/minio/mc:latest", 7, "MC_DOCKER_IMAGE"),
        ("tutor", "docker.io/elasticsearch:7.17.13", 9, "DOCKER_IMAGE_ELASTICSEARCH"),
        ("tutor", "docker.io/redis:7.4.1", 16, "X_DOCKER_IMAGE_REDIS"),
    ]
    assert [f.code for f in check(scan.occurrences)] == ["TS001"]


def test_a_source_that_does_not_import_tutor_is_not_read(tmp_path: Path) -> None:
    source = tmp_path / "settings.py"
    source.write_text('SETTINGS = {"DOCKER_IMAGE": "busybox:1.37"}\n')
    assert discover([str(tmp_path)]) == []
    assert scan_python_source(source.read_text(), path=str(source)).occurrences == ()

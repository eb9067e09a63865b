"""JupyterHub's configuration: the images DockerSpawner and KubeSpawner start users' servers
from (sources.builds.jupyterhub_config)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense import check
from tagsense.sources.builds.python import scan_python_source
from tagsense.sources.discover import discover

if TYPE_CHECKING:
    from pathlib import Path

# jupyterhub/dockerspawner's examples/simple/jupyterhub_config.py at commit 785a75299f18
# (BSD-3-Clause), cut down: the user's server is started from this image (survey 34c).
DOCKERSPAWNER_SIMPLE = """\
c = get_config()  # noqa

# launch with docker
c.JupyterHub.spawner_class = "docker"

# pick a docker image. This should have the same version of jupyterhub
# in it as our Hub.
c.DockerSpawner.image = 'jupyter/base-notebook'

# tell the user containers to connect to our docker network
c.DockerSpawner.network_name = 'jupyterhub'
"""

# (the other settings that name images, as the spawners' documentation writes them)
SETTINGS = """\
import os

c = get_config()
SCIPY = "quay.io/jupyter/scipy-notebook:2025-03-14"
c.DockerSpawner.allowed_images = {"Scipy": SCIPY, "R": "quay.io/jupyter/r-notebook:2025-03-14"}
c.SwarmSpawner.image_whitelist = ["jupyter/minimal-notebook:2023-10-20"]
c.DockerSpawner.allowed_images = "*"
if os.environ.get("ON_K8S"):
    c.KubeSpawner.image = os.environ.get("NOTEBOOK_IMAGE", "jupyter/base-notebook:2024-12-02")
c.KubeSpawner.profile_list = [
    {"display_name": "Small", "default": True},
    {"display_name": "GPU", "kubespawner_override": {"image": "cschranz/gpu-jupyter:v1.9"}},
]
c.DockerSpawner.image = os.environ["DOCKER_NOTEBOOK_IMAGE"]


def pre_spawn_hook(spawner):
    spawner.image = "per-user/image:1"
    c.DockerSpawner.image = "set/when-a-spawn-runs:1"
"""


def test_the_image_dockerspawner_starts_is_pulled(tmp_path: Path) -> None:
    config = tmp_path / "jupyterhub_config.py"
    config.write_text(DOCKERSPAWNER_SIMPLE)
    assert str(config) in [path for path, _ in discover([str(tmp_path)])]
    scan = scan_python_source(DOCKERSPAWNER_SIMPLE, path=str(config))
    assert [(o.kind, o.text, o.line, o.column, dict(o.context)) for o in scan.occurrences] == [
        ("jupyterhub", "jupyter/base-notebook", 8, 26, {"field": "DockerSpawner.image"}),
    ]
    assert [f.code for f in check(scan.occurrences)] == ["TS002"]


def test_the_images_a_user_may_pick_and_the_defaults_the_source_writes() -> None:
    scan = scan_python_source(SETTINGS, path="jupyterhub_config.py")
    assert [(o.text, o.line, o.context["field"]) for o in scan.occurrences] == [
        ("quay.io/jupyter/scipy-notebook:2025-03-14", 4, "DockerSpawner.allowed_images"),
        ("quay.io/jupyter/r-notebook:2025-03-14", 5, "DockerSpawner.allowed_images"),
        ("jupyter/minimal-notebook:2023-10-20", 6, "SwarmSpawner.image_whitelist"),
        ("jupyter/base-notebook:2024-12-02", 9, "KubeSpawner.image"),
        ("cschranz/gpu-jupyter:v1.9", 12, "KubeSpawner.profile_list"),
    ]


def test_a_source_that_configures_no_spawner_is_not_read(tmp_path: Path) -> None:
    source = tmp_path / "app.py"
    source.write_text('image = "busybox:1.37"\nself.spawner.image = "alpine:3.20"\n')
    assert discover([str(tmp_path)]) == []

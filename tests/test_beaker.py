"""Beaker hosts files: the images beaker-docker starts its hosts from."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tagsense import find_references
from tagsense.sources.beaker import may_be_hosts_file, scan_beaker

if TYPE_CHECKING:
    from pathlib import Path

# (OSC/ondemand spec/e2e/nodesets/el9.yml at e5bbaf1d7c4b518685c5d11c5e3a932b32fe1f93, MIT,
# shortened: its CI's `rake test:e2e` runs Beaker on these hosts with beaker-docker)
EL9 = """\
HOSTS:
  el9:
    roles:
      - agent
    platform: el-9-x86_64
    hypervisor: docker
    image: rockylinux/rockylinux:9
    docker_preserve_image: true
    docker_cmd: '/usr/sbin/init'
    docker_image_commands:
      - 'dnf install -y dnf-utils'
CONFIG:
  log_level: debug
  type: foss
"""

# (a nodeset of several hosts: a Vagrant box and a host built from a Dockerfile pull nothing)
MIXED = """\
---
HOSTS:
  centos7:
    platform: el-7-x86_64
    hypervisor: container_podman
    image: quay.io/centos/centos:7
  box:
    platform: ubuntu-2204-x86_64
    hypervisor: vagrant
    box: generic/ubuntu2204
    image: not-a-container
  built:
    platform: debian-12-amd64
    hypervisor: docker
    dockerfile: spec/acceptance/Dockerfile
    image: debian:12
CONFIG:
  type: aio
"""


def test_a_docker_host_s_image_is_pulled() -> None:
    scan = scan_beaker(EL9, "spec/e2e/nodesets/el9.yml")
    assert scan is not None
    assert [(o.line, o.column, o.kind, o.text) for o in scan] == [
        (7, 12, "beaker", "rockylinux/rockylinux:9")
    ]
    assert scan.occurrences[0].context == {"hypervisor": "docker", "host": "el9", "field": "image"}
    assert not scan.errors


def test_only_container_hosts_without_a_dockerfile_pull_their_image() -> None:
    scan = scan_beaker(MIXED, "nodesets/default.yml")
    assert scan is not None
    assert [(o.line, o.text, o.context["host"]) for o in scan] == [
        (6, "quay.io/centos/centos:7", "centos7")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "hosts:\n  a:\n    hypervisor: docker\n    image: x:1\n",  # (not Beaker's key)
        "HOSTS: [a]\nhypervisor: docker\n",  # (no mapping of hosts)
        "services:\n  web:\n    image: x:1\n",
    ],
)
def test_other_yaml_is_no_hosts_file(text: str) -> None:
    assert scan_beaker(text, "x.yml") is None


@given(st.text(max_size=200))
def test_never_raises(text: str) -> None:
    if may_be_hosts_file(text):
        scan_beaker(text, "x.yml")


def test_a_project_s_nodesets_are_read(tmp_path: Path) -> None:
    nodesets = tmp_path / "spec" / "e2e" / "nodesets"
    nodesets.mkdir(parents=True)
    (nodesets / "el9.yml").write_text(EL9)
    (nodesets / "mixed.yml").write_text(MIXED)
    found = find_references(tmp_path)
    assert sorted((o.path or "").rsplit("/", 1)[-1] + f":{o.line}" for o in found) == [
        "el9.yml:7",
        "mixed.yml:6",
    ]
    assert {o.kind for o in found} == {"beaker"}

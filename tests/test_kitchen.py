"""Test Kitchen files: the images kitchen-dokken, kitchen-docker and kitchen-podman start."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tagsense import check, find_references
from tagsense.sources.kitchen import is_kitchen_file, render_erb, scan_kitchen

if TYPE_CHECKING:
    from pathlib import Path

DAY = date(2026, 12, 5)

# (dev-sec/chef-os-hardening .kitchen.dokken.yml, Apache-2.0, shortened: its CI runs
# `kitchen test` with KITCHEN_YAML=.kitchen.dokken.yml; survey 32a)
DOKKEN = """\
# this file is used for kitchen dokken
---
driver:
  name: dokken
  privileged: true # because Docker and systemd
  chef_image: cincproject/cinc
  chef_version: <%= ENV['CINC_VERSION'] || '18.4.12' %>

provisioner:
  name: dokken

platforms:
- name: centos-7
  driver:
    image: dokken/centos-7
    pid_one_command: /usr/lib/systemd/systemd
- name: debian-11
  driver:
    image: dokken/debian-11:<%= ENV['TAG'] %>
"""

# (elastic/ansible-elasticsearch .kitchen.yml, Apache-2.0, shortened: kitchen-docker with
# the older `driver_config`, and a statement tag)
DOCKER = """\
---
driver:
  name: docker
provisioner:
  name: ansible_playbook
  <% if ENV['VERSION'] %>
  attributes:
    extra_vars:
      es_major_version: "<%= ENV['VERSION'] %>"
  <% end %>
platforms:
  - name: ubuntu-20.04
    driver_config:
      image: ubuntu:20.04
      privileged: true
"""

# (dev-sec/chef-os-hardening .kitchen.yml: Vagrant boxes, no container)
VAGRANT = """\
---
driver:
  name: vagrant
platforms:
- name: ubuntu-20-04
  driver_config:
    box: bento/ubuntu-20.04
    image: not-a-container
"""


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("kitchen.yml", True),
        (".kitchen.yml", True),
        ("kitchen.dokken.yml", True),
        (".kitchen.docker.yaml", True),
        ("kitchen.local.yml", True),
        ("kitchenette.yml", False),
        ("my-kitchen.yml", False),
    ],
)
def test_a_kitchen_file_is_known_by_its_name(name: str, expected: bool) -> None:
    assert is_kitchen_file(f"cookbook/{name}") is expected


def test_erb_gives_an_environment_default_and_names_what_it_cannot_know() -> None:
    text = (
        "a: <%= ENV['A'] || 'one' %>\n<% if x %>\nb: <%= ENV.fetch(\"B\", 'two') %>\n"
        "<% end %>\nc: <%= ENV['C'] %>-<%= node.name %>\n<%# a comment %>\n"
    )
    rendered, unknown = render_erb(text)
    assert rendered.split("\n") == [
        "a: one", "", "b: two", "", "c: __tagsense_erb_0__-__tagsense_erb_1__", "", "",
    ]  # fmt: skip
    assert unknown == ("C", "node.name")


def test_a_dokken_file_s_platform_images_and_its_chef_image() -> None:
    scan = scan_kitchen(DOKKEN, ".kitchen.dokken.yml")
    assert [(o.line, o.kind, o.text, o.unresolved) for o in scan] == [
        (15, "kitchen", "dokken/centos-7", ()),
        (7, "kitchen", "cincproject/cinc:18.4.12", ()),
        (19, "kitchen", "dokken/debian-11:<%= TAG %>", ("TAG",)),
    ]
    assert scan.occurrences[0].context == {
        "driver": "dokken", "platform": "centos-7", "field": "image",
    }  # fmt: skip
    assert not scan.errors


def test_kitchen_files_in_a_project_are_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".kitchen.dokken.yml").write_text(DOKKEN)
    (tmp_path / ".kitchen.yml").write_text(VAGRANT)
    (tmp_path / "elasticsearch").mkdir()
    (tmp_path / "elasticsearch" / ".kitchen.yml").write_text(DOCKER)
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    assert sorted((o.path, o.line, o.text) for o in scan) == [
        (".kitchen.dokken.yml", 7, "cincproject/cinc:18.4.12"),
        (".kitchen.dokken.yml", 15, "dokken/centos-7"),
        (".kitchen.dokken.yml", 19, "dokken/debian-11:<%= TAG %>"),
        ("elasticsearch/.kitchen.yml", 14, "ubuntu:20.04"),
    ]
    assert not scan.errors
    codes = sorted((f.line, f.code) for f in check(scan, as_of=DAY))
    assert codes == [(14, "TS006"), (15, "TS002"), (19, "TS011")]


#: Text of any shape, and text made of the characters these files are written with.
_ANY_TEXT = st.one_of(
    st.text(max_size=300),
    st.text(
        alphabet="{}[]:-\"' \n\tabimage=<%>ENV|.#$ releases chart values set source", max_size=300
    ),
)


@given(_ANY_TEXT)
def test_any_text_is_read_without_an_exception(text: str) -> None:
    found = scan_kitchen(text, "kitchen.yml")
    assert all(occurrence.line >= 1 for occurrence in found)


# (dev-sec/chef-os-hardening .github/workflows/test.yml, Apache-2.0, shortened: the dokken job)
WORKFLOW = """\
jobs:
  kitchen-dokken:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        cinc_version: [ '17', '18' ]
        kitchen_distro: [centos-7, debian-11]
    steps:
      - name: kitchen
        env:
          CINC_VERSION: ${{ matrix.cinc_version }}
          KITCHEN_LOCAL_YAML: .kitchen.dokken.yml
        run: |
          kitchen test --color --destroy=always ${{ matrix.kitchen_distro }}
"""


@pytest.mark.parametrize(
    ("run", "env", "expected"),
    [
        ("kitchen test", "KITCHEN_LOCAL_YAML: .kitchen.dokken.yml", ["18.4.12", "17", "18"]),
        ("KITCHEN_YAML=.kitchen.dokken.yml kitchen converge", "X: y", ["18.4.12", "17", "18"]),
        ("kitchen test", "KITCHEN_YAML: kitchen.vagrant.yml", ["18.4.12"]),
        ("kitchen list", "KITCHEN_LOCAL_YAML: .kitchen.dokken.yml", ["18.4.12"]),
    ],
)
def test_a_workflow_s_matrix_gives_the_kitchen_file_s_environment(
    tmp_path: Path, run: str, env: str, expected: list[str]
) -> None:
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    workflow = WORKFLOW.replace("KITCHEN_LOCAL_YAML: .kitchen.dokken.yml", env)
    (workflows / "test.yml").write_text(workflow.replace("kitchen test", run, 1))
    path = tmp_path / ".kitchen.dokken.yml"
    path.write_text(DOKKEN)
    scan = scan_kitchen(DOKKEN, str(path))
    chef = [o for o in scan if o.context["field"] == "chef_image"]
    assert [o.text.rpartition(":")[2] for o in chef] == expected
    assert all(o.line == 7 for o in chef)
    if len(chef) > 1:
        assert chef[1].context["env"] == {"CINC_VERSION": "17"}

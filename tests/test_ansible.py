"""Ansible playbooks and task files: the images their container modules run and pull.

Fixtures are modelled on geerlingguy/ansible-for-devops: docker-hubot/main.yml (a play's
``vars: {base_image: node:14}`` pulled by ``docker_image`` and run by ``docker_container``),
docker-flask/provisioning/docker.yml (``docker_image`` builds ``data``, ``flask``, ``db`` in a
``with_items`` loop; ``docker_container`` runs them), and a role's ``defaults/main.yml``.
"""

from __future__ import annotations

import os
from datetime import date
from typing import TYPE_CHECKING

from tagsense import check, find_references
from tagsense.sources.ansible import scan_ansible

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

DAY = date(2026, 12, 4)

PLAYBOOK = """\
---
- hosts: localhost
  vars:
    base_image: node:14
  pre_tasks:
    - name: Make the base image available.
      docker_image:
        name: '{{ base_image }}'
        source: pull
    - name: Create the Docker container.
      docker_container:
        image: '{{ base_image }}'
        name: hubot
  tasks:
    - name: Build images.
      docker_image:
        name: "{{ item.name }}"
        tag: "{{ item.tag }}"
        source: build
        build:
          path: "/vagrant/{{ item.name }}"
      with_items:
        - { name: data, tag: latest }
        - { name: flask, tag: latest }
    - name: Run Flask.
      community.docker.docker_container:
        image: flask:latest
        name: www
    - block:
        - name: Cache.
          containers.podman.podman_container:
            image: "redis:{{ redis_tag | default('7.4.1') }}"
        - name: Extra.
          docker_container:
            image: "{{ extra_image }}"
        - name: Gone.
          docker_container:
            name: old
            image: busybox
            state: absent
"""


def test_a_playbook_s_container_tasks_with_its_vars() -> None:
    scan = scan_ansible(PLAYBOOK, "site.yml")
    assert not scan.errors
    found = [(o.line, o.text, o.unresolved, o.built is not None) for o in scan.occurrences]
    assert found == [
        (8, "node:14", (), False),
        (12, "node:14", (), False),
        (27, "flask:latest", (), True),  # (built by the loop's docker_image above)
        (32, "redis:7.4.1", (), False),
        (35, "{{ extra_image }}", ("extra_image",), False),
    ]
    assert scan.occurrences[0].column == 16
    assert dict(scan.occurrences[1].context) == {
        "module": "docker_container",
        "field": "image",
        "task": "Create the Docker container.",
    }


def test_a_role_s_tasks_take_its_defaults_and_the_findings_follow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    role = tmp_path / "roles" / "app"
    (role / "tasks").mkdir(parents=True)
    (role / "defaults").mkdir()
    (role / "defaults" / "main.yml").write_text("app_image: ghcr.io/acme/app:latest\n")
    (role / "tasks" / "main.yml").write_text(
        "- name: Run the app.\n  community.docker.docker_container:\n"
        "    name: app\n    image: '{{ app_image }}'\n"
    )
    # (ansible-for-devops includes/provisioning/tasks/composer.yml: tasks of no container)
    (tmp_path / "tasks.yml").write_text("- name: Install.\n  command: make install\n")
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    path = os.path.join("roles", "app", "tasks", "main.yml")
    assert [(o.path, o.line, o.kind, o.text) for o in scan] == [
        (path, 4, "ansible", "ghcr.io/acme/app:latest")
    ]
    assert not scan.errors
    assert [f.code for f in check(scan, as_of=DAY)] == ["TS001"]


def test_a_mapping_with_a_module_s_name_as_a_key_is_no_task_file() -> None:
    # (conda-forge/numpy-feedstock .ci_support/linux_64_….yaml: `docker_image:` lists the
    # build's image for its scripts; novuhq/novu's workflows pass `docker_image:` as an input)
    from tagsense.sources.ansible import may_be_ansible

    assert not may_be_ansible("docker_image:\n- quay.io/condaforge/linux-anvil-x86_64:alma9\n")
    assert not may_be_ansible("jobs:\n  deploy:\n    with:\n      docker_image: app:1\n")
    assert may_be_ansible("---\n# tasks\n- name: Run.\n  docker_container:\n    image: x:1\n")


def test_a_molecule_scenario_s_platform_images(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (geerlingguy/ansible-for-devops: molecule/molecule/default/molecule.yml, whose CI sets
    # MOLECULE_DISTRO from a matrix; without it the default is what Molecule pulls)
    scenario = tmp_path / "molecule" / "default"
    scenario.mkdir(parents=True)
    (scenario / "molecule.yml").write_text(
        "driver:\n  name: docker\nplatforms:\n  - name: instance\n"
        '    image: "geerlingguy/docker-${MOLECULE_DISTRO:-rockylinux9}-ansible:latest"\n'
        "    pre_build_image: true\n  - name: other\n    image: $IMAGE\n"
    )
    vagrant = tmp_path / "molecule" / "vm"
    vagrant.mkdir()
    (vagrant / "molecule.yml").write_text(
        "driver:\n  name: vagrant\nplatforms:\n  - name: vm\n    box: generic/alma9\n"
        "    image: not-a-container\n"
    )
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    assert [(o.line, o.column, o.kind, o.text, o.unresolved) for o in scan] == [
        (5, 13, "molecule", "geerlingguy/docker-rockylinux9-ansible:latest", ()),
        (8, 12, "molecule", "$IMAGE", ("IMAGE",)),
    ]
    assert [f.code for f in check(scan, as_of=DAY)] == ["TS001", "TS011"]

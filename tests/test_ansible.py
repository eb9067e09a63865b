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

from hypothesis import given, settings
from hypothesis import strategies as st

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


K8S_PLAYBOOK = """\
- hosts: localhost
  vars:
    agent_version: 3.2.3
  tasks:
    - name: Create a Namespace
      k8s:
        state: present
        definition:
          apiVersion: v1
          kind: Namespace
          metadata:
            name: kerberos
    - name: Deploy Kerberos Agent
      kubernetes.core.k8s:
        state: present
        definition:
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: agent
          spec:
            template:
              spec:
                initContainers:
                  - name: download-config
                    image: busybox:1.36.1
                containers:
                  - name: agent
                    image: "kerberos/agent:{{ agent_version }}"
    - name: Remove the old one
      k8s:
        state: absent
        definition:
          apiVersion: batch/v1
          kind: CronJob
          spec:
            jobTemplate:
              spec:
                template:
                  spec:
                    containers:
                      - image: acme/old:1.0
"""


def test_a_k8s_task_s_definition_runs_its_pod_spec_images(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # kerberos-io/agent's deployments/ansible-openshift/playbook.yml (trimmed): `k8s:` tasks
    # create a Namespace and a Deployment written in the playbook, whose containers run
    # kerberos/agent:latest; the playbook was read as none (its text says apiVersion), and
    # `k8s` was no task of a container (1 missed pull, survey s48d)
    scan = scan_ansible(K8S_PLAYBOOK, "playbook.yml")
    assert not scan.errors
    assert [(o.line, o.text) for o in scan.occurrences] == [
        (26, "busybox:1.36.1"),
        (29, "kerberos/agent:3.2.3"),  # (the play's vars, as for a container module)
    ]  # (a `state: absent` task removes its objects: it pulls nothing)
    assert dict(scan.occurrences[1].context) == {
        "module": "k8s", "field": "image", "task": "Deploy Kerberos Agent",
    }  # fmt: skip
    (tmp_path / "deployments").mkdir()
    (tmp_path / "deployments" / "playbook.yml").write_text(K8S_PLAYBOOK)
    monkeypatch.chdir(tmp_path)
    found = find_references(".")
    assert [(o.kind, o.text) for o in found] == [
        ("ansible", "busybox:1.36.1"), ("ansible", "kerberos/agent:3.2.3"),
    ]  # fmt: skip


def test_a_k8s_key_is_a_task_s_only_in_a_list_of_tasks() -> None:
    from tagsense.sources.ansible import may_be_ansible

    assert may_be_ansible("- name: Deploy.\n  kubernetes.core.k8s:\n    definition: {}\n")
    assert not may_be_ansible("k8s:\n- version: 1.30\n")
    assert not may_be_ansible("- name: x\n  settings:\n    mk8s: 1\n")


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


def test_an_execution_environment_s_images(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # ansible/ansible-dev-tools' execution-environment.yml (version 3) and a version 1 file
    # (ansible-builder's schema): `ansible-builder build` starts from these (survey 29b).
    _write(
        tmp_path,
        {
            "execution-environment.yml": (
                "---\nversion: 3\n\nimages:\n  base_image:\n"
                "    name: quay.io/fedora/fedora-minimal:44\n"
            ),
            "v1/execution-environment.yaml": (
                "version: 1\nbuild_arg_defaults:\n"
                '  EE_BASE_IMAGE: "quay.io/ansible/ansible-runner:stable-2.10-devel"\n'
                "  EE_BUILDER_IMAGE: quay.io/ansible/ansible-builder:3.1.0\n"
            ),
            "default/execution-environment.yml": "version: 1\ndependencies:\n  python: r.txt\n",
            "other/environment.yml": "images:\n  base_image:\n    name: not/read:1\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    assert [(o.path, o.line, o.column, o.kind, o.text, dict(o.context)["field"]) for o in scan] == [
        (
            "execution-environment.yml", 6, 11, "ansible-builder",
            "quay.io/fedora/fedora-minimal:44", "images.base_image.name",
        ),
        (
            os.path.join("v1", "execution-environment.yaml"), 3, 19, "ansible-builder",
            "quay.io/ansible/ansible-runner:stable-2.10-devel", "build_arg_defaults.EE_BASE_IMAGE",
        ),
        (
            os.path.join("v1", "execution-environment.yaml"), 4, 21, "ansible-builder",
            "quay.io/ansible/ansible-builder:3.1.0", "build_arg_defaults.EE_BUILDER_IMAGE",
        ),
    ]  # fmt: skip


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def test_a_compose_file_a_template_task_renders_gives_its_services_images(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (geerlingguy/internet-pi tasks/pi-hole.yml renders templates/pi-hole-docker-compose.yml.j2
    # to docker-compose.yml and starts it with docker_compose_v2; notthebee/infra the same
    # from roles/containers/templates/compose.yaml, its services in {% if %} blocks)
    _write(
        tmp_path,
        {
            "roles/web/defaults/main.yml": "web_version: '1.27.3'\n",
            "roles/web/tasks/main.yml": (
                "- name: Copy the compose file.\n"
                "  ansible.builtin.template:\n"
                "    src: docker-compose.yml.j2\n"
                "    dest: '{{ app_dir }}/docker-compose.yml'\n"
                "- name: Up.\n"
                "  community.docker.docker_compose_v2:\n"
                "    project_src: '{{ app_dir }}'\n"
            ),
            "roles/web/templates/docker-compose.yml.j2": (
                "# {{ ansible_managed }}\n"
                "services:\n"
                "{% if proxy_enabled %}\n"
                "  proxy:\n"
                "    image: nginxproxy/nginx-proxy:latest\n"
                "{% endif %}\n"
                "  web:\n"
                '    image: "nginx:{{ web_version }}"  # pinned\n'
                "  app:\n"
                "    build:\n"
                "      context: .\n"
                "      args:\n"
                "        image: not-this\n"
                "    image: acme/app:{{ web_version }}\n"
                "{% for name in extra %}\n"
                "  {{ name.service }}:\n"
                "    image: {{ name.image }}\n"
                "{% endfor %}\n"
                "volumes:\n"
                "  image: {}\n"
            ),
            # (a template that renders no compose file is not read)
            "roles/web/templates/nginx.conf.j2": "image: nothing:latest\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    template = os.path.join("roles", "web", "templates", "docker-compose.yml.j2")
    assert [(o.path, o.line, o.column, o.text, o.unresolved) for o in scan] == [
        (template, 5, 12, "nginxproxy/nginx-proxy:latest", ()),
        (template, 8, 13, "nginx:1.27.3", ()),
        (template, 14, 12, "acme/app:1.27.3", ()),
        (template, 17, 12, "{{ name.image }}", ("name.image",)),
    ]
    assert [o.built is not None for o in scan] == [False, False, True, False]
    tasks = os.path.join("roles", "web", "tasks", "main.yml")
    assert scan.occurrences[1].context["rendered_by"] == f"{tasks}:2"
    assert scan.occurrences[1].raw == "nginx:{{ web_version }}"
    assert [f.code for f in check(scan, as_of=DAY)] == ["TS001", "TS011"]
    # (named alone, as pre-commit passes a changed file: read through the task that renders it)
    alone = find_references(template)
    assert [(o.path, o.line, o.text) for o in alone] == [(o.path, o.line, o.text) for o in scan]
    assert not alone.errors
    assert find_references(os.path.join("roles", "web", "templates", "nginx.conf.j2")).errors


def test_a_template_s_image_of_a_repository_the_project_builds_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (ansible/awx: its Makefile builds ghcr.io/ansible/awx_devel:$(COMPOSE_TAG) and runs the
    # play with `-e awx_image_tag=$(COMPOSE_TAG)`; the template's `{{ awx_image }}` is the
    # role's default, the repository built; survey 21c: three false TS011)
    _write(
        tmp_path,
        {
            "Makefile": (
                "COMPOSE_TAG ?= devel\n"
                "build:\n\tdocker build -t ghcr.io/acme/app_devel:$(COMPOSE_TAG) .\n"
            ),
            "Dockerfile": "FROM scratch\n",
            "roles/web/defaults/main.yml": "awx_image: ghcr.io/acme/app_devel\n",
            "roles/web/tasks/main.yml": (
                "- ansible.builtin.template:\n"
                "    src: docker-compose.yml.j2\n"
                "    dest: /srv/docker-compose.yml\n"
            ),
            "roles/web/templates/docker-compose.yml.j2": (
                "services:\n"
                "  web:\n"
                "    image: '{{ awx_image }}:{{ awx_image_tag }}'\n"
                "  other:\n"
                "    image: '{{ other_image }}:{{ awx_image_tag }}'\n"
            ),
        },
    )
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    scan = [o for o in find_references(".") if o.path and o.path.endswith(".j2")]
    assert [(o.line, o.text, o.built is not None) for o in scan] == [
        (3, "ghcr.io/acme/app_devel:{{ awx_image_tag }}", True),
        (5, "{{ other_image }}:{{ awx_image_tag }}", False),
    ]
    assert [(f.code, f.line) for f in check(scan, as_of=DAY)] == [("TS011", 5)]


def test_a_template_task_written_inline_and_one_of_a_playbook(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "site.yml": (
                "- hosts: all\n  vars:\n    tag: '16.4'\n  tasks:\n"
                "    - template: src=templates/db.yml.j2 dest=/srv/db/compose.yaml\n"
                "    - template:\n        src: templates/db.yml.j2\n"
                "        dest: /etc/db.conf\n"
            ),
            "templates/db.yml.j2": "services:\n  db:\n    image: 'postgres:{{ tag }}'\n",
        },
    )
    path = str(tmp_path / "site.yml")
    scan = scan_ansible((tmp_path / "site.yml").read_text(), path)
    assert [(o.path, o.line, o.text) for o in scan.occurrences] == [
        (str(tmp_path / "templates" / "db.yml.j2"), 3, "postgres:16.4")
    ]


def test_a_loop_of_templates_and_a_version_the_play_reads_from_a_file(tmp_path: Path) -> None:
    # (from LemmyNet/lemmy-ansible@03f27fd lemmy.yml: one template task renders
    # `{{ item.src }}` to `{{ item.dest }}` over a loop whose dests name the inventory's
    # `lemmy_base_dir`, with `lemmy_docker_image: "dessalines/lemmy:{{ lemmy_version |
    # default(lookup('file', 'VERSION')) }}"`; survey 35m: 8 pulled images missed)
    _write(
        tmp_path,
        {
            "VERSION": "0.19.20\n",
            "NOTES": "one\ntwo\n",
            "lemmy.yml": (
                "- hosts: all\n  tasks:\n"
                "    - name: Deploy configuration files\n      block:\n"
                "        - name: Add template files\n"
                "          ansible.builtin.template:\n"
                '            src: "{{ item.src }}"\n            dest: "{{ item.dest }}"\n'
                "          loop:\n"
                '            - src: "templates/docker-compose.yml"\n'
                '              dest: "{{ lemmy_base_dir }}/{{ domain }}/docker-compose.yml"\n'
                '            - src: "templates/nginx.conf"\n'
                '              dest: "/etc/nginx/sites-available/{{ domain }}.conf"\n'
                "          vars:\n"
                '            lemmy_docker_image: "dessalines/lemmy:{{ lemmy_version'
                " | default(lookup('file', 'VERSION')) }}\"\n"
                '            notes_image: "acme/notes:{{ v'
                " | default(lookup('file', 'NOTES')) }}\"\n"
                "            gone_image: \"acme/gone:{{ v | default(lookup('file', 'GONE')) }}\"\n"
            ),
            "templates/docker-compose.yml": (
                "services:\n"
                "  lemmy:\n    image: {{ lemmy_docker_image }}\n"
                "{% if notes is defined %}\n  notes:\n    image: {{ notes_image }}\n{% endif %}\n"
                "  gone:\n    image: {{ gone_image }}\n"
                "  pictrs:\n    image: docker.io/asonix/pictrs:0.5\n"
            ),
            "templates/nginx.conf": "image: nothing:latest\n",
        },
    )
    path = str(tmp_path / "lemmy.yml")
    scan = scan_ansible((tmp_path / "lemmy.yml").read_text(), path)
    template = str(tmp_path / "templates" / "docker-compose.yml")
    assert [(o.path, o.line, o.text, o.unresolved) for o in scan.occurrences] == [
        (template, 3, "dessalines/lemmy:0.19.20", ()),
        # (a file of several lines, or none, is no value a lookup puts in here)
        (template, 6, "{{ notes_image }}", ("v | default(lookup('file', 'NOTES'))",)),
        (template, 9, "{{ gone_image }}", ("v | default(lookup('file', 'GONE'))",)),
        (template, 11, "docker.io/asonix/pictrs:0.5", ()),
    ]


def test_a_loop_over_a_role_default_s_list(tmp_path: Path) -> None:
    # (mrlesmithjr/ansible-docker tasks/images.yml: `name: "{{ item['name'] }}"` over
    # `loop: "{{ docker_images }}"`, which defaults/main.yml leaves empty)
    _write(
        tmp_path,
        {
            "defaults/main.yml": (
                "docker_images: []\nservices:\n  - {name: redis, tag: '7.4'}\n  - {name: nats}\n"
            ),
            "tasks/main.yml": (
                "- docker_image:\n    name: \"{{ item['name'] }}\"\n"
                '  loop: "{{ docker_images }}"\n'
                "- docker_container:\n    name: x\n"
                "    image: \"{{ item['name'] }}:{{ item.tag | default('2.10') }}\"\n"
                "  loop: '{{ services }}'\n"
            ),
        },
    )
    path = str(tmp_path / "tasks" / "main.yml")
    scan = scan_ansible((tmp_path / "tasks" / "main.yml").read_text(), path)
    assert [o.text for o in scan.occurrences] == ["redis:7.4", "nats:2.10"]


def test_a_choice_on_a_role_s_setting_and_the_role_s_dependencies(tmp_path: Path) -> None:
    # (spantaleev/matrix-docker-ansible-deploy: `{{ 'localhost/' if self_build else
    # upstream }}` in defaults/main.yml, tasks in tasks/synapse/; community.docker's test
    # targets take docker_test_image_alpine from the setup_docker role they depend on)
    _write(
        tmp_path,
        {
            "roles/setup/vars/main.yml": "alpine_image: quay.io/acme/alpine:3.20.3\n",
            "roles/bot/meta/main.yml": "dependencies:\n  - setup\n  - role: missing\n",
            "roles/bot/defaults/main.yml": (
                "bot_self_build: false\n"
                "bot_prefix: \"{{ 'localhost/' if bot_self_build | bool else 'ghcr.io/' }}\"\n"
                "bot_image: '{{ bot_prefix }}acme/bot:{{ bot_version }}'\n"
                "bot_version: v1.25.0\n"
                "bot_other: \"{{ 'a' if bot_version == 'latest' else ('r-' + bot_version) }}\"\n"
                "bot_arch: \"{{ 'x' if ansible_architecture == 'arm64' else 'y' }}\"\n"
            ),
            "roles/bot/tasks/run/main.yml": (
                "- community.docker.docker_image_pull:\n    name: '{{ bot_image }}'\n"
                "- docker_container:\n    name: t\n    image: '{{ alpine_image }}'\n"
                "- docker_container:\n    name: o\n    image: 'x/{{ bot_other }}:1'\n"
                "- docker_container:\n    name: a\n    image: 'x/{{ bot_arch }}:1'\n"
            ),
        },
    )
    path = str(tmp_path / "roles" / "bot" / "tasks" / "run" / "main.yml")
    scan = scan_ansible(
        (tmp_path / "roles" / "bot" / "tasks" / "run" / "main.yml").read_text(), path
    )
    assert [(o.text, o.unresolved) for o in scan.occurrences] == [
        ("ghcr.io/acme/bot:v1.25.0", ()),
        ("quay.io/acme/alpine:3.20.3", ()),
        ("x/r-v1.25.0:1", ()),
        ("x/{{ bot_arch }}:1", ("'x' if ansible_architecture == 'arm64' else 'y'",)),
    ]


def test_a_role_s_tasks_docker_compose_yml_is_a_task_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (geerlingguy/ansible-role-docker tasks/docker-compose.yml installs Compose)
    _write(
        tmp_path,
        {
            "tasks/docker-compose.yml": "---\n- name: Install Compose.\n  get_url:\n    url: x\n",
            "handlers/docker-compose.yml": "- docker_container:\n    image: redis:7.4.1\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    assert not scan.errors
    assert [(o.kind, o.text) for o in scan] == [("ansible", "redis:7.4.1")]


def test_a_molecule_scenario_takes_the_values_its_ci_matrix_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (geerlingguy/ansible-role-docker .github/workflows/ci.yml: `molecule test` with
    # MOLECULE_DISTRO: ${{ matrix.distro }}; dev-sec/ansible-collection-hardening runs
    # `molecule test -s os_hardening` with an `include` entry and no default in the image)
    _write(
        tmp_path,
        {
            ".github/workflows/ci.yml": (
                "jobs:\n  molecule:\n    strategy:\n      matrix:\n"
                "        distro: [debian12, ubuntu2404]\n"
                "        include:\n          - distro: fedora43\n"
                "    steps:\n      - run: pip install molecule\n"
                "      - run: molecule test -s os\n"
                "        env:\n          DISTRO: ${{ matrix.distro }}\n"
                "          OTHER: ${{ secrets.X }}\n"
            ),
            "molecule/os/molecule.yml": (
                "platforms:\n  - name: i\n    image: acme/${DISTRO}-ansible:1.0.0\n"
                "  - name: j\n    image: acme/${DISTRO:-rocky9}:1.0.0\n"
            ),
            "molecule/default/molecule.yml": (
                "platforms:\n  - name: i\n    image: acme/${DISTRO:-rocky9}:1.0.0\n"
            ),
        },
    )
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    assert sorted((o.path, o.text) for o in scan) == sorted(
        [
            (os.path.join("molecule", "default", "molecule.yml"), "acme/rocky9:1.0.0"),
            *[
                (os.path.join("molecule", "os", "molecule.yml"), f"acme/{d}-ansible:1.0.0")
                for d in ("debian12", "ubuntu2404", "fedora43")
            ],
            *[
                (os.path.join("molecule", "os", "molecule.yml"), f"acme/{d}:1.0.0")
                for d in ("rocky9", "debian12", "ubuntu2404", "fedora43")
            ],
        ]
    )
    assert {dict(o.context).get("env", {}).get("DISTRO") for o in scan} >= {"fedora43"}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "services:",
                "  web:",
                "    image: a:1",
                "    build: .",
                "{% if x %}",
                "{% endif %}",
                "    image: {{ v }}",
                "  {{ n }}:",
                "x:",
                "    image: '",
                "{#",
                "#}",
                "      image: b",
                "  - image: c",
                "\t",
                "",
            ]
        )
        | st.text(max_size=30),
        max_size=30,
    )
)
def test_reading_a_compose_template_never_raises(lines: list[str]) -> None:
    from tagsense.sources._ansible_templates import images_of_template

    found = images_of_template("\n".join(lines), "t.j2", lambda text: (text, ()), {})
    assert all(o.line >= 1 and o.column >= 1 for o in found)


def test_the_jinja_choices_roles_write() -> None:
    from tagsense.sources._jinja_expr import evaluate

    values = {"v": "4.0.0", "latest": "latest", "off": "false", "on": "True"}
    assert evaluate("'a' if v == 'latest' else ('release-' + v)", values.get) == "release-4.0.0"
    assert evaluate("'a' if latest == 'latest' else 'b'", values.get) == "a"
    assert evaluate("'l/' if off | bool else 'd/'", values.get) == "d/"
    assert evaluate("'l/' if not on else v ~ '-x'", values.get) == "4.0.0-x"
    assert evaluate("'a' if v != '4.0.0' else 'b'", values.get) == "b"
    for unknown in ("'a' if arch == 'x' else 'b'", "v[0]", "f(v)", "'a' if v", "", "v + 1"):
        assert evaluate(unknown, values.get) is None
    # (spantaleev/matrix-docker-ansible-deploy@c0681e4 roles/custom/matrix-bridge-mautrix-meta-
    # instagram/defaults/main.yml: a commit's tag takes the architecture, a version's does not;
    # survey 35m: 2 false TS011)
    tag = "'ig-' ~ v ~ (('-' ~ arch) if (v | length == 40) else '')"
    assert evaluate(tag, values.get) == "ig-4.0.0"
    assert evaluate(tag, {**values, "v": "0" * 40}.get) is None  # (the run's architecture)
    assert evaluate("v | length", values.get) == "5"
    assert evaluate("'a' if v | length != 5 else 'b'", values.get) == "b"
    # (a number is no string: `5 == '5'` is false, as in Jinja)
    assert evaluate("'a' if v | length == '5' else 'b'", values.get) == "b"
    # (apache/openwhisk's roles: `couchdb.docker_image | default('apache/couchdb:' ~ …)`)
    assert evaluate("x.image | default('couchdb:' ~ v)", values.get) == "couchdb:4.0.0"
    assert evaluate("v | d('other')", values.get) == "4.0.0"
    assert evaluate("x | default() ~ 'app'", values.get) == "app"
    assert evaluate("x | default(y)", values.get) is None


def test_a_when_of_and_and_or_with_an_unknown_part() -> None:
    # (kolla-ansible's `(enable_openvswitch | bool) and (enable_ovs_dpdk | bool)` with
    # enable_ovs_dpdk false, and `inventory_hostname == groups[…]` parts the run decides)
    from tagsense.sources._jinja_expr import evaluate, holds

    values = {"off": "false", "on": "yes", "name": "x"}
    assert holds("(unknown | bool) and (off | bool)", values.get) is False
    assert holds("unknown or on", values.get) is True
    assert holds("on and unknown", values.get) is None
    assert holds("off or unknown == 'a'", values.get) is None
    assert holds("not (off or on) or off", values.get) is False
    assert evaluate("name or 'default'", values.get) == "x"
    assert evaluate("off and name", values.get) == "false"
    assert evaluate("unknown or 'default'", values.get) is None


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "'a'",
                "v",
                "w",
                "if",
                "else",
                "not",
                "and",
                "or",
                "==",
                "!=",
                "(",
                ")",
                "+",
                "~",
                "|",
                "bool",
                "lower",
                "length",
                "40",
                "0",
                "x.y",
                '"q"',
                "'",
            ]
        )
        | st.text(max_size=8),
        max_size=20,
    )
)
def test_a_jinja_expression_gives_a_string_or_nothing(words: list[str]) -> None:
    from tagsense.sources._jinja_expr import evaluate

    value = evaluate(" ".join(words), {"v": "1", "w": "false"}.get)
    assert value is None or isinstance(value, str)


def test_ansible_s_own_files_are_no_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (spantaleev/matrix-docker-ansible-deploy roles/custom/matrix-user-creator/tasks/util/*.yml,
    # ceph-ansible's infrastructure-playbooks/*.yml: Jinja statements in a task's shell script)
    script = "    cmd: |\n      {% if x %}\n      services: a\n      {% endif %}\n"
    _write(
        tmp_path,
        {
            "roles/r/tasks/util/a.yml": "- name: Run.\n  ansible.builtin.shell:\n" + script,
            "roles/r/defaults/main/b.yml": "r_list: |\n  {% for x in y %}{{ x }}{% endfor %}\n",
            "site.yml": "- name: Site.\n  hosts: all\n  tasks:\n    - shell:\n" + script,
            # (a Tekton catalog's tasks/ folder holds manifests: read as ever)
            "tekton/tasks/build.yaml": (
                "apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: b\nspec:\n"
                "  steps:\n    - name: s\n      image: alpine:3.20.3\n"
            ),
        },
    )
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    assert not scan.errors
    assert [o.text for o in scan] == ["alpine:3.20.3"]


def test_a_task_that_a_setting_turns_off_pulls_nothing(tmp_path: Path) -> None:
    # (spantaleev/matrix-docker-ansible-deploy roles/custom/matrix-client-commet: the pull has
    # `when: "not matrix_client_commet_container_image_self_build | bool"`, and the role's
    # default builds the image: `localhost/matrix-client-commet:main` is never pulled; as
    # davestephens/ansible-nas roles/stats's speedtest-exporter, `when:
    # stats_internet_speed_test_enabled`, off in its defaults)
    _write(
        tmp_path,
        {
            "defaults/main.yml": (
                "self_build: true\nprefix: \"{{ 'localhost/' if self_build else 'ghcr.io/' }}\"\n"
                "image: '{{ prefix }}acme/app:main'\nspeedtest: false\n"
            ),
            "tasks/main.yml": (
                "- docker_image_pull:\n    name: '{{ image }}'\n"
                '  when: "not self_build | bool"\n'
                "- when: [self_build, other == 'x']\n  block:\n"
                "    - docker_container:\n        name: a\n        image: b:1.0.0\n"
                "- docker_container:\n    name: c\n    image: c:1.0.0\n"
                "  when: speedtest\n"
            ),
        },
    )
    path = str(tmp_path / "tasks" / "main.yml")
    scan = scan_ansible((tmp_path / "tasks" / "main.yml").read_text(), path)
    assert [o.text for o in scan.occurrences] == ["b:1.0.0"]


def test_a_manifest_a_template_task_renders_gives_its_known_images(tmp_path: Path) -> None:
    # (techno-tim/k3s-ansible roles/k3s_server: vip.yaml.j2 rendered to k3s's
    # server/manifests, `image: ghcr.io/kube-vip/kube-vip:{{ kube_vip_tag_version }}` with
    # the tag in defaults/main.yml; kubespray's nvidia_gpu defaults an image to `false`)
    _write(
        tmp_path,
        {
            "defaults/main.yml": "vip_tag: v0.7.2\ndriver_image: false\n",
            "tasks/main.yml": (
                "- name: Copy the manifest.\n  ansible.builtin.template:\n"
                "    src: vip.yaml.j2\n    dest: /var/lib/rancher/k3s/server/manifests/vip.yaml\n"
                "- template:\n    src: notes.yaml.j2\n    dest: /etc/notes.yaml\n"
            ),
            "templates/vip.yaml.j2": (
                "apiVersion: apps/v1\nkind: DaemonSet\nspec:\n  template:\n    spec:\n"
                "      containers:\n        - image: ghcr.io/kube-vip/kube-vip:{{ vip_tag }}\n"
                "{% if driver %}\n      initContainers:\n        - name: d\n"
                "          image: '{{ driver_image }}'\n        - name: e\n"
                "          image: {{ inventory_image }}\n{% endif %}\n"
            ),
            # (YAML that is no manifest: its image keys are no pulls)
            "templates/notes.yaml.j2": "image: nothing:1.0.0\n",
        },
    )
    path = str(tmp_path / "tasks" / "main.yml")
    scan = scan_ansible((tmp_path / "tasks" / "main.yml").read_text(), path)
    assert [(o.line, o.column, o.text, dict(o.context)["field"]) for o in scan.occurrences] == [
        (7, 18, "ghcr.io/kube-vip/kube-vip:v0.7.2", "image")
    ]


def test_a_role_sees_the_defaults_of_the_roles_its_plays_run(tmp_path: Path) -> None:
    # (kubernetes-sigs/kubespray: playbooks/cluster.yml runs `kubespray_defaults` before
    # each role, whose templates name `{{ kube_image_repo }}`; a role reached through a
    # `meta` dependency under `when: addon_enabled`, false in those defaults, runs nothing;
    # a name two plays give two values is each play's)
    _write(
        tmp_path,
        {
            "playbooks/cluster.yml": (
                "- hosts: all\n  roles:\n    - { role: defaults }\n    - { role: apps/core }\n"
                "- hosts: all\n  roles:\n    - role: defaults\n    - role: other\n"
                "  tasks:\n    - import_role:\n        name: apps/core\n"
            ),
            "playbooks/reset.yml": (
                "- hosts: all\n  roles:\n    - defaults\n    - other\n    - apps/core\n"
            ),
            "roles/defaults/defaults/main/download.yml": (
                "image_repo: registry.k8s.io\npause_tag: '3.10'\naddon_enabled: false\n"
                "disputed: one\n"
            ),
            "roles/other/defaults/main.yml": "disputed: two\n",
            "roles/apps/core/meta/main.yml": (
                "dependencies:\n  - role: apps/addon\n    when:\n      - addon_enabled\n"
            ),
            "roles/apps/core/tasks/main.yml": (
                "- community.docker.docker_image_pull:\n    name: '{{ image_repo }}/pause'\n"
                "    tag: '{{ pause_tag }}'\n"
                "- docker_container:\n    name: d\n    image: 'x/{{ disputed }}:1'\n"
            ),
            "roles/apps/addon/tasks/main.yml": (
                "- docker_container:\n    name: a\n    image: '{{ image_repo }}/addon:latest'\n"
            ),
        },
    )
    core = tmp_path / "roles" / "apps" / "core" / "tasks" / "main.yml"
    scan = scan_ansible(core.read_text(), str(core))
    assert [(o.text, o.unresolved) for o in scan.occurrences] == [
        ("registry.k8s.io/pause:3.10", ()),
        ("x/one:1", ()),  # (each play's value: ceph-nfs's plays pull ceph/daemon)
        ("x/two:1", ()),
    ]
    addon = tmp_path / "roles" / "apps" / "addon" / "tasks" / "main.yml"
    assert scan_ansible(addon.read_text(), str(addon)).occurrences == ()
    # (a playbook's own tasks see its play's roles: ceph-ansible's cephadm-adopt.yml imports
    # ceph-defaults, then pulls `{{ image_repo }}/…`; an include_role's are its own)
    (tmp_path / "playbooks" / "adopt.yml").write_text(
        "- hosts: all\n  tasks:\n    - import_role:\n        name: defaults\n"
        "    - include_role:\n        name: other\n"
        '    - command: "podman pull {{ image_repo }}/pause:{{ pause_tag }}"\n'
        '    - command: "podman pull x/{{ disputed }}:1"\n'
    )
    adopt = tmp_path / "playbooks" / "adopt.yml"
    assert [o.text for o in scan_ansible(adopt.read_text(), str(adopt)).occurrences] == [
        "registry.k8s.io/pause:3.10",
        "x/one:1",
    ]


def test_kolla_s_services_from_the_playbook_s_group_vars(tmp_path: Path) -> None:
    # (openstack/kolla-ansible: ansible/group_vars/all/common.yml gives docker_registry and
    # openstack_tag, a role's defaults a mapping of services; a handler takes `service:
    # "{{ nova_services[service_name] }}"` and runs `{{ service.image }}` with
    # kolla_container's `recreate_or_restart_container`; `compare_image` pulls nothing; a
    # play of `hosts: [trove-api, "&enable_trove_True"]` runs where the setting is true)
    _write(
        tmp_path,
        {
            "ansible/site.yml": (
                "- hosts: all\n  tasks:\n    - group_by:\n        key: '{{ item }}'\n"
                "      with_items:\n        - enable_nova_{{ enable_nova | bool }}\n"
                "        - enable_trove_{{ enable_trove | bool }}\n"
                "- hosts: [nova-api, '&enable_nova_True']\n  roles:\n"
                "    - { role: nova, tags: nova }\n"
                "- hosts: trove-api:&enable_trove_True\n  roles:\n    - trove\n"
            ),
            "ansible/group_vars/all/trove.yml": (
                'enable_trove: false\nenable_nova: "{{ enable_core | bool }}"\nenable_core: yes\n'
            ),
            "ansible/roles/trove/handlers/main.yml": (
                "- kolla_container:\n    action: start_container\n    image: trove:1\n"
            ),
            "ansible/group_vars/all/common.yml": (
                "docker_registry: quay.io\ndocker_namespace: openstack.kolla\n"
                "docker_image_url: \"{{ docker_registry ~ '/' if docker_registry else '' }}"
                '{{ docker_namespace }}/"\n'
                "distro: rocky\ndistro_versions: {'rocky': '10', 'debian': 'bookworm'}\n"
                'openstack_tag: "2025.1-{{ distro }}-{{ distro_versions[distro] }}"\n'
            ),
            "ansible/roles/nova/defaults/main.yml": (
                "nova_services:\n  nova-api:\n    container_name: nova_api\n"
                '    image: "{{ nova_api_image_full }}"\n'
                "  nova-sriov:\n    enabled: \"{{ enable_sriov | bool and distro == 'rocky' }}\"\n"
                "    image: nova-sriov:1\nenable_sriov: false\n"
                'nova_api_image_full: "{{ docker_image_url }}nova-api:{{ openstack_tag }}"\n'
            ),
            "ansible/roles/nova/handlers/main.yml": (
                "- name: Restart nova-api container\n  vars:\n    service_name: nova-api\n"
                '    service: "{{ nova_services[service_name] }}"\n  kolla_container:\n'
                '    action: "recreate_or_restart_container"\n'
                '    name: "{{ service.container_name }}"\n    image: "{{ service.image }}"\n'
                "- kolla_container:\n    action: compare_image\n    image: other:1\n"
                # (a service the defaults leave off: its handler is never notified)
                "- vars:\n    service: \"{{ nova_services['nova-sriov'] }}\"\n"
                "  kolla_container:\n    action: start_container\n"
                "    image: '{{ service.image }}'\n"
            ),
        },
    )
    handlers = tmp_path / "ansible" / "roles" / "nova" / "handlers" / "main.yml"
    scan = scan_ansible(handlers.read_text(), str(handlers))
    assert [(o.text, dict(o.context)["module"]) for o in scan.occurrences] == [
        ("quay.io/openstack.kolla/nova-api:2025.1-rocky-10", "kolla_container")
    ]
    # (site.yml's group_by makes enable_trove_False of the setting: no host runs trove)
    trove = tmp_path / "ansible" / "roles" / "trove" / "handlers" / "main.yml"
    assert scan_ansible(trove.read_text(), str(trove)).occurrences == ()


def test_a_playbook_s_group_vars_file_without_an_extension(tmp_path: Path) -> None:
    # (apache/openwhisk: ansible/group_vars/all, a file, gives `redis: {version: 4.0}` to
    # the redis role's `image: redis:{{ redis.version }}`)
    _write(
        tmp_path,
        {
            "ansible/redis.yml": "- hosts: redis\n  roles:\n    - redis\n",
            "ansible/group_vars/all": "redis:\n  version: 4.0.14\n  port: 6379\n",
            "ansible/roles/redis/tasks/deploy.yml": (
                '- docker_container:\n    name: redis\n    image: "redis:{{ redis.version }}"\n'
            ),
        },
    )
    tasks = tmp_path / "ansible" / "roles" / "redis" / "tasks" / "deploy.yml"
    scan = scan_ansible(tasks.read_text(), str(tasks))
    assert [(o.text, o.unresolved) for o in scan.occurrences] == [("redis:4.0.14", ())]


def test_a_command_that_pulls_with_an_engine_s_cli(tmp_path: Path) -> None:
    # (ceph/ceph-ansible roles/ceph-container-common/tasks/fetch_image.yml:
    # `{{ timeout_command }} {{ container_binary }} pull {{ registry }}/{{ image }}:{{ tag }}`
    # and a loop of images; kubespray's `{{ bin_dir }}/nerdctl -n k8s.io pull --quiet`)
    _write(
        tmp_path,
        {
            "defaults/main.yml": (
                "ceph_registry: quay.io\nceph_image: ceph/daemon-base\nceph_tag: v18.2.4\n"
            ),
            "tasks/main.yml": (
                '- ansible.builtin.command: "{{ timeout_command }} {{ container_binary }} pull'
                ' {{ ceph_registry }}/{{ ceph_image }}:{{ ceph_tag }}"\n'
                '- command: "{{ container_binary }} pull {{ item }}"\n'
                "  loop: ['prom/prometheus:v2.7.2']\n"
                "- shell: |\n    set -e\n"
                "    {{ bin_dir }}/nerdctl -n k8s.io pull --quiet nginx:1.27.3 && echo ok\n"
                "- shell: docker pull $IMAGE; git pull origin main; helm pull x/y\n"
                "- command:\n    cmd: podman image pull --platform linux/amd64 alpine:3.20\n"
                # (a copy from the host's docker, and a setting left empty: no pulls)
                '- command: "podman pull docker-daemon:{{ ceph_image }}"\n'
                '- command: "{{ container_cli }} pull {{ empty_image }}"\n'
                "  vars:\n    empty_image: ''\n"
            ),
        },
    )
    path = tmp_path / "tasks" / "main.yml"
    scan = scan_ansible(path.read_text(), str(path))
    assert [(o.line, o.column, o.text, dict(o.context)["module"]) for o in scan.occurrences] == [
        (1, 29, "quay.io/ceph/daemon-base:v18.2.4", "command"),  # (the command's start)
        (2, 13, "prom/prometheus:v2.7.2", "command"),
        (6, 50, "nginx:1.27.3", "shell"),  # (the word, in a literal block)
        (9, 10, "alpine:3.20", "command"),
    ]


def test_a_command_s_pulls_are_read_as_a_script_s() -> None:
    # (the shell reader reads the command, its Jinja put aside: containerd's `ctr`, a
    # transport, a digest, a wrapper before the engine, quotes; runs are not read here)
    from tagsense.sources._ansible_commands import pulled_images

    assert pulled_images(
        "{{ bin_dir }}/ctr -n k8s.io images pull {{ registry }}/pause:{{ pause_tag }}\n"
        "sudo {{ podman_bin }} pull docker://{{ image }}@{{ digest }}\n"
        "timeout 60 docker pull 'acme/app@sha256:{{ app_digest }}'\n"
        "docker run --rm alpine:3.20 true; podman pull oci-archive:{{ archive }}"
    ) == [
        "{{ registry }}/pause:{{ pause_tag }}",
        "{{ image }}@{{ digest }}",
        "acme/app@sha256:{{ app_digest }}",
    ]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=" -'\"{}$|;&\nabcdpulmnrkeio/:._", max_size=80))
def test_reading_a_command_never_raises(command: str) -> None:
    from tagsense.sources._ansible_commands import pulled_images

    for image in pulled_images(command):
        assert image and not image.startswith("-")


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "- hosts: all\n",
                "  roles:\n",
                "    - r\n",
                "    - { role: q, when: x }\n",
                "  vars:\n",
                "    x: '{{ y and not z }}'\n",
                "  tasks:\n",
                "    - import_role: {name: r}\n",
                "    - group_by: {key: 'e_{{ x | bool }}'}\n",
                "- hosts: '&e_True'\n",
                "dependencies: [q, {role: r, when: [a, b]}]\n",
                "x: [1, {a: b}]\n",
                "  when: '{{ (x'\n",
                "- {{ }}\n",
                ":\n",
                "- [\n",
            ]
        )
        | st.text(max_size=10),
        max_size=12,
    )
)
def test_reading_the_plays_that_run_a_role_never_raises(lines: list[str]) -> None:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as root:
        text = "".join(lines)
        _write(
            Path(root),
            {
                "site.yml": text, "roles/r/meta/main.yml": text,
                "roles/q/defaults/main.yml": text, "roles/r/defaults/main.yml": "x: '1'\n",
                "roles/r/tasks/main.yml": "- docker_container:\n    image: 'a/{{ x }}:1'\n",
            },
        )  # fmt: skip
        path = Path(root) / "roles" / "r" / "tasks" / "main.yml"
        scan = scan_ansible(path.read_text(), str(path))
        assert all(o.kind == "ansible" for o in scan.occurrences)


def test_a_container_of_a_name_its_role_builds_elsewhere_runs_that_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (containers/ansible-podman-collections tests/integration/targets/podman_container_
    # idempotency: build_test_container.yml builds "{{ idem_image }}", which a playbook's
    # include_role gives; idem_all.yml and nineteen other task files run it: 208 TS011)
    role = "targets/podman_container_idempotency/tasks"
    _write(
        tmp_path,
        {
            f"{role}/build_test_container.yml": (
                "- name: Build test docker image for regular user\n"
                "  containers.podman.podman_image:\n"
                '    name: "{{ idem_image }}"\n    path: /tmp/usr_img\n'
                "    build:\n      format: docker\n"
            ),
            f"{role}/idem_all.yml": (
                "- name: Run container\n  containers.podman.podman_container:\n"
                '    name: idempotency\n    image: "{{idem_image}}"\n'
                "- name: Run another\n  containers.podman.podman_container:\n"
                '    name: other\n    image: "{{ other_image }}"\n'
            ),
        },
    )
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    built = {o.line: o.built for o in scan if o.path.endswith("idem_all.yml")}
    assert built[4] is not None
    assert (built[4].path, built[4].line) == (os.path.join(role, "build_test_container.yml"), 3)
    assert built[8] is None
    assert [(f.line, f.code) for f in check(scan, as_of=DAY)] == [(8, "TS011")]


def test_a_container_of_a_name_a_command_builds_or_tags_runs_that_image(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (ansible-collections/community.docker tests/integration/targets/docker_container/tasks/
    # tests/options.yml: `docker build --tag {{ iname_labels }} -` then containers of it, and
    # docker_image_tag's `repository: "{{ iname_name_mismatch }}:latest"`: 13 TS011)
    _write(
        tmp_path,
        {
            "role/tasks/main.yml": (
                "- name: build image with labels\n  ansible.builtin.command:\n"
                '    cmd: "docker build --label img_label=base --tag {{ iname_labels }} -"\n'
                "- name: Tag\n  community.docker.docker_image_tag:\n"
                "    name: nginx:1.27.3\n"
                '    repository: "{{ iname_name_mismatch }}:latest"\n'
            ),
            "role/tasks/run.yml": (
                "- community.docker.docker_container:\n    name: a\n"
                '    image: "{{ iname_labels }}"\n'
                "- community.docker.docker_container:\n    name: b\n"
                '    image: "{{ iname_name_mismatch }}:latest"\n'
                "- community.docker.docker_container:\n    name: c\n"
                '    image: "{{ other }}"\n'
            ),
        },
    )
    monkeypatch.chdir(tmp_path)
    scan = find_references(os.path.join("role", "tasks", "run.yml"))
    assert [(o.line, o.built is not None) for o in scan] == [(3, True), (6, True), (9, False)]
    assert [(f.line, f.code) for f in check(scan, as_of=DAY)] == [(9, "TS011")]


def test_a_registered_result_s_image_and_a_rootfs_directory_are_no_pulls() -> None:
    # (community.docker's image-ids.yml runs `{{ image_info.images[0].Id }}` after
    # docker_image_info registers it; ansible-podman-collections' podman_container tasks run
    # `rootfs: true` containers of a directory: 10 false findings)
    scan = scan_ansible(
        "- community.docker.docker_image_info:\n    name: alpine:3.21.0\n"
        "  register: image_info\n"
        "- community.docker.docker_container:\n    name: a\n"
        '    image: "{{ image_info.images[0].Id }}"\n'
        "- containers.podman.podman_container:\n    name: b\n"
        '    image: "{{ container_tempdir.path }}"\n    rootfs: true\n'
        "- community.docker.docker_container:\n    name: c\n"
        '    image: "{{ image_info_other }}"\n',
        "tasks.yml",
    )
    assert [(o.line, o.raw) for o in scan] == [(13, "{{ image_info_other }}")]


def test_a_molecule_scenario_takes_each_matrix_entry_s_paired_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (robertdebock/ansible-role-docker .github/workflows/molecule.yml, Apache-2.0: entries
    # {image: debian, tag: bookworm} give `image: ${{ matrix.distro.image }}` and `tag: ${{
    # matrix.distro.tag }}` to `${namespace:-robertdebock}/${image:-fedora}:${tag:-latest}`;
    # 7 pulls were missed, and no entry pairs alpine with bookworm)
    _write(
        tmp_path,
        {
            ".github/workflows/molecule.yml": (
                "jobs:\n  molecule:\n    strategy:\n      matrix:\n        distro:\n"
                '          - image: "alpine"\n            tag: "latest"\n'
                '          - image: "debian"\n            tag: "bookworm"\n'
                "    steps:\n      - name: Test with molecule\n        run: |\n"
                "          cd ansible-role-docker\n          molecule test\n"
                "        env:\n          image: ${{ matrix.distro.image }}\n"
                "          tag: ${{ matrix.distro.tag }}\n"
            ),
            "molecule/default/molecule.yml": (
                "driver:\n  name: docker\nplatforms:\n"
                '  - name: "docker-${image:-fedora}-${tag:-latest}"\n'
                '    image: "${namespace:-robertdebock}/${image:-fedora}:${tag:-latest}"\n'
            ),
        },
    )
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    assert [o.text for o in scan] == [
        "robertdebock/fedora:latest", "robertdebock/alpine:latest", "robertdebock/debian:bookworm",
    ]  # fmt: skip
    assert scan.occurrences[2].context["env"] == {"image": "debian", "tag": "bookworm"}


def test_a_play_s_vars_files_give_its_tasks_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (linux-system-roles/podman tests/tests_prune_images.yml, MIT: `vars_files:
    # [vars/test_vars.yml]` gives `mysql_image: quay.io/linux-system-roles/mysql:5.6`, which a
    # podman_image task pulls; one false TS011)
    _write(
        tmp_path,
        {
            "tests/vars/test_vars.yml": "mysql_image: quay.io/linux-system-roles/mysql:5.6\n",
            "tests/tests_prune_images.yml": (
                "- name: Ensure that podman_prune_images works\n  hosts: all\n"
                "  vars_files:\n    - vars/test_vars.yml\n    - '{{ chosen }}.yml'\n"
                "  vars:\n    mysql_image: overridden:1\n  tasks:\n"
                "    - name: Pull an extra image\n      containers.podman.podman_image:\n"
                '        name: "{{ mysql_image }}"\n'
            ),
        },
    )
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    assert [(o.line, o.text) for o in scan] == [(11, "quay.io/linux-system-roles/mysql:5.6")]


def test_an_integration_target_s_playbook_finds_the_targets_as_roles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (ansible-collections/community.docker tests/integration/targets/
    # inventory_docker_containers/playbooks/docker_setup.yml, GPL-3.0: `import_role: name:
    # setup_docker`, the target beside it, whose vars name the test image; one false TS011)
    targets = "tests/integration/targets"
    _write(
        tmp_path,
        {
            f"{targets}/setup_docker/vars/main.yml": (
                "docker_test_image_alpine: quay.io/ansible/docker-test-containers:alpine3.8\n"
            ),
            f"{targets}/setup_docker/tasks/main.yml": "- debug: msg=hi\n",
            f"{targets}/inventory_docker_containers/playbooks/docker_setup.yml": (
                "- hosts: 127.0.0.1\n  tasks:\n    - name: Setup docker\n"
                "      ansible.builtin.import_role:\n        name: setup_docker\n"
                "    - name: Start containers\n      community.docker.docker_container:\n"
                '        name: a\n        image: "{{ docker_test_image_alpine }}"\n'
            ),
            "playbooks/other.yml": (
                "- hosts: all\n  tasks:\n    - ansible.builtin.import_role:\n"
                "        name: setup_docker\n    - community.docker.docker_container:\n"
                '        name: a\n        image: "{{ docker_test_image_alpine }}"\n'
            ),
        },
    )
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    assert sorted((o.path.split(os.sep)[0], o.text) for o in scan) == [
        ("playbooks", "{{ docker_test_image_alpine }}"),
        ("tests", "quay.io/ansible/docker-test-containers:alpine3.8"),
    ]


def test_a_podman_image_that_does_not_pull_names_no_pull() -> None:
    # (containers/ansible-podman-collections tests/integration/targets/podman_image/tasks/
    # idem_push.yml, GPL-3.0: `pull: false` with `push: true` pushes the host's own image;
    # 17 false findings)
    scan = scan_ansible(
        "- containers.podman.podman_image:\n    name: quay.io/testing/testimage:draft\n"
        "    pull: false\n    push: true\n"
        "- containers.podman.podman_image:\n    name: quay.io/testing/pulled:1.0.0\n"
        "    pull: true\n",
        "tasks.yml",
    )
    assert [o.text for o in scan] == ["quay.io/testing/pulled:1.0.0"]


def test_a_pull_of_a_name_the_role_pushes_pulls_back_its_own_image(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (community.docker tests/integration/targets/docker_image/tasks/tests/docker_image.yml:
    # `repository: "{{ hello_world_image_base }}:latest"` with `push: true`, then pulls of that
    # name from the test's own registry; 8 false TS011)
    _write(
        tmp_path,
        {
            "target/tasks/main.yml": (
                "- name: Push image to test registry\n  community.docker.docker_image:\n"
                '    name: "{{ docker_test_image_hello_world }}"\n'
                '    repository: "{{ hello_world_image_base }}:latest"\n'
                "    push: true\n    source: local\n"
                "- name: Pull image from test registry\n  community.docker.docker_image:\n"
                '    name: "{{ hello_world_image_base }}:latest"\n    source: pull\n'
                "- name: Pull another\n  community.docker.docker_image:\n"
                '    name: "{{ other_base }}:latest"\n    source: pull\n'
            ),
        },
    )
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    assert [(o.line, o.built is not None) for o in scan] == [(9, True), (13, False)]
    assert [(f.line, f.code) for f in check(scan, as_of=DAY)] == [(13, "TS011")]


def test_a_loop_s_loop_var_names_its_items() -> None:
    # (community.docker tests/integration/targets/docker_container/tasks/tests/image-ids.yml:
    # `loop_control: {loop_var: image}` over the test images; one false TS011)
    scan = scan_ansible(
        "- name: Pull images\n  community.docker.docker_image_pull:\n"
        '    name: "{{ image }}"\n  loop:\n    - alpine:3.21.0\n    - busybox:1.37.0\n'
        "  loop_control:\n    loop_var: image\n",
        "tasks.yml",
    )
    assert [o.text for o in scan] == ["alpine:3.21.0", "busybox:1.37.0"]

"""Salt states: the images docker_container, docker_image and cmd.run states pull."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense import check, find_references
from tagsense.sources.salt import scan_salt_state

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

DAY = date(2026, 12, 5)

# (a minimal state file in the shapes of Salt's docker_container and docker_image state
# documentation, Apache-2.0, and of states seen in public salt trees: a pillar default, a
# `set`, an image the file builds, the older dockerng functions, a commented-out state)
STATE = """\
{% set registry_version = salt['pillar.get']('registry:version', '2.8.3') %}
{% from "app/map.jinja" import app with context %}

get_registry_image:
  docker_image.present:
    - name: docker.io/library/registry
    - tag: {{ registry_version }}

run_registry:
  docker_container.running:
    - name: registry
    - image: 'docker.io/library/registry:{{ registry_version }}'
    - port_bindings:
      - '5000:5000/tcp'

docker_build_salt_master:
  docker_image.present:
    - name: salt-master
    - build: /srv/dockerfiles/salt-master
    - tag: latest

docker_run_salt_master:
  docker_container.running:
    - image: salt-master:latest

app:
  docker_container.running:
    - image: {{ app.image }}

"Run old registry":
  dockerng.running:
    - image: nimblestratus/rpi-docker-registry

pull_tools:
  cmd.run:
    - name: docker pull alpine:3.20

{# disabled_ui:
  docker_container.running:
    - image: 'docker.io/joxit/docker-registry-ui:latest' #}

{% for name in ['a', 'b'] %}
web_{{ name }}:
  docker_container.running:
    - image: {{ salt['pillar.get']('web:image', 'nginx:1.27') }}
{% endfor %}
"""


def test_the_images_a_state_file_pulls() -> None:
    scan = scan_salt_state(STATE, "salt/app/init.sls")
    assert [(o.line, o.text, o.context["state"], o.built is not None) for o in scan] == [
        (6, "docker.io/library/registry:2.8.3", "get_registry_image", False),
        (12, "docker.io/library/registry:2.8.3", "run_registry", False),
        (24, "salt-master:latest", "docker_run_salt_master", True),
        (32, "nimblestratus/rpi-docker-registry", "Run old registry", False),
        (36, "alpine:3.20", "pull_tools", False),
        (45, "nginx:1.27", "web_{{ … }}", False),
    ]
    assert scan.occurrences[0].kind == "salt"
    assert scan.occurrences[0].context["function"] == "docker_image.present"
    assert scan.occurrences[4].column == 25


def test_a_file_without_docker_states_gives_nothing() -> None:
    text = "nginx:\n  pkg.installed: []\n  service.running:\n    - name: nginx\n"
    assert not scan_salt_state(text, "top.sls")


def test_state_files_in_a_tree_are_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "salt" / "web").mkdir(parents=True)
    (tmp_path / "salt" / "web" / "init.sls").write_text(
        "web:\n  docker_container.running:\n    - image: nginx\n"
    )
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    assert [(o.path, o.line, o.text) for o in scan] == [("salt/web/init.sls", 3, "nginx")]
    assert [(f.line, f.code) for f in check(scan, as_of=DAY)] == [(3, "TS002")]
    (tmp_path / "salt" / "top.sls").write_text("base:\n  '*':\n    - web\n")  # (no pull)
    assert [o.text for o in find_references(".")] == ["nginx"]
    assert [o.text for o in find_references("salt/web/init.sls")] == ["nginx"]  # (named)


@given(st.text(alphabet=st.sampled_from(list("docker_image.present:-{}%# \n'name:tagimage"))))
def test_any_text_is_read_without_error(text: str) -> None:
    scan = scan_salt_state(text, "x.sls")
    assert all(o.line >= 1 and o.column >= 1 for o in scan)

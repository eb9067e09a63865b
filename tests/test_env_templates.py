"""Compose files that are Go templates over the environment (dockerize, gomplate), read as
they render, with the values of the ``dockerize -template`` command that renders them."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tagsense import check, find_references
from tagsense.sources._env_templates import environment_template

if TYPE_CHECKING:
    from pathlib import Path

# from bigbluebutton/docker@f6e71fc9e32b0041796a7448f417c47cd9719085 docker-compose.tmpl.yml
# (LGPL-3.0; survey 36d), cut down: scripts/generate-compose renders it with jwilder/dockerize
TEMPLATE = """\
{{/* if you read this, you can ignore the following lines */}}
{{ $ignore_tls_cert_errors :=  or (isTrue .Env.DEV_MODE) (isTrue .Env.IGNORE_TLS_CERT_ERRORS)}}

services:
  nginx:
    build:
      context: mod/nginx
      additional_contexts:
        - src-learning-dashboard=./repos/bigbluebutton/bbb-learning-dashboard
      args:
        BBB_BUILD_TAG: {{ .Env.BBB_BUILD_TAG }}
        TAG_BBB: {{ .Env.TAG_BBB }}
    image: alangecker/bbb-docker-nginx:{{ .Env.TAG_BBB }}-{{ .Env.TAG_PLAYBACK }}-1.25
  bbb-graphql-actions:
    build:
      context: mod/bbb-graphql-actions
      {{ if isTrue .Env.DEV_MODE }}
      dockerfile: Dockerfile.dev
      {{ else }}
      additional_contexts:
        - src=./repos/bigbluebutton/bbb-graphql-actions
      {{ end }}
      args:
        BBB_BUILD_TAG: {{ .Env.BBB_BUILD_TAG }}
    image: alangecker/bbb-docker-graphql-actions:{{ .Env.TAG_BBB }}
    environment:
      IGNORE_TLS_CERT_ERRORS: {{ $ignore_tls_cert_errors }}
  redis:
    image: redis:7.2-alpine
{{ if isTrue .Env.ENABLE_GREENLIGHT }}
  greenlight:
    image: bigbluebutton/greenlight:v3.5.0
{{end}}
"""
# from bigbluebutton/docker@f6e71fc9e32b0041796a7448f417c47cd9719085 scripts/generate-compose
SCRIPT = """\
#!/bin/bash
set -e

cd $(dirname $0)/..

# https://hub.docker.com/r/bigbluebutton/bbb-build
BBB_BUILD_TAG=v3.0.x-release--2025-02-06-143818

docker run  \\
    --rm  \\
    -v $(pwd)/docker-compose.tmpl.yml:/docker-compose.tmpl.yml \\
    -e TAG_BBB=$(get_tag repos/bigbluebutton) \\
    -e BBB_BUILD_TAG=${BBB_BUILD_TAG} \\
    -e DEV_MODE=${DEV_MODE:-false} \\
    jwilder/dockerize -template /docker-compose.tmpl.yml \\
    > docker-compose.yml
"""
# from bigbluebutton/docker@f6e71fc9e32b0041796a7448f417c47cd9719085 mod/nginx/Dockerfile
# (the last line's path cut short)
NGINX = """\
ARG BBB_BUILD_TAG
FROM bigbluebutton/bbb-build:$BBB_BUILD_TAG AS builder-learning-dashboard
COPY --from=src-learning-dashboard / /bbb-learning-dashboard

FROM nginx:1.27.4-alpine
COPY --from=builder-learning-dashboard /bbb-learning-dashboard/build /www/learning-dashboard
"""
# from bigbluebutton/docker@f6e71fc9e32b0041796a7448f417c47cd9719085
#   mod/bbb-graphql-actions/Dockerfile
ACTIONS = """\
ARG BBB_BUILD_TAG
FROM bigbluebutton/bbb-build:$BBB_BUILD_TAG AS builder

COPY --from=src / /app
"""


def _project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "docker-compose.tmpl.yml").write_text(TEMPLATE)
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "generate-compose").write_text(SCRIPT)
    os.chmod(tmp_path / "scripts" / "generate-compose", 0o755)  # (a script by its #!)
    for name, text in (("nginx", NGINX), ("bbb-graphql-actions", ACTIONS)):
        (tmp_path / "mod" / name).mkdir(parents=True)
        (tmp_path / "mod" / name / "Dockerfile").write_text(text)
    return tmp_path


def test_a_dockerize_template_is_read_with_the_values_its_script_gives(tmp_path: Path) -> None:
    # bigbluebutton/docker: 18 false TS011 (BBB_BUILD_TAG "has no value here") and a false
    # TS002 (the named context src-learning-dashboard), 8 pulled images missed
    root = _project(tmp_path)
    scan = find_references(str(root))
    where = {(os.path.relpath(o.path, root), o.line): o.text for o in scan.occurrences}
    build = "bigbluebutton/bbb-build:v3.0.x-release--2025-02-06-143818"
    assert where[("mod/nginx/Dockerfile", 2)] == build
    assert where[("mod/bbb-graphql-actions/Dockerfile", 2)] == build
    assert where[("docker-compose.tmpl.yml", 29)] == "redis:7.2-alpine"
    assert where[("docker-compose.tmpl.yml", 32)] == "bigbluebutton/greenlight:v3.5.0"
    assert not scan.errors  # (no "template, not read")
    found = {(os.path.relpath(f.path, root), f.line, f.code) for f in check(scan)}
    assert found == {
        ("docker-compose.tmpl.yml", 29, "TS004"),  # redis:7.2-alpine
        ("scripts/generate-compose", 15, "TS002"),  # jwilder/dockerize
    }


def test_a_dockerfile_alone_is_judged_with_the_template_s_values(tmp_path: Path) -> None:
    root = _project(tmp_path)
    scan = find_references(str(root / "mod" / "nginx" / "Dockerfile"))
    assert [o.text for o in scan.occurrences if o.line == 2] == [
        "bigbluebutton/bbb-build:v3.0.x-release--2025-02-06-143818"
    ]
    assert check(scan) == []


def test_a_template_no_command_renders_leaves_its_variables_to_the_run(tmp_path: Path) -> None:
    path = tmp_path / "docker-compose.tmpl.yml"
    path.write_text("services:\n  app:\n    image: nginx:{{ .Env.NGINX_TAG }}\n")
    scan = find_references(str(path))
    [occurrence] = scan.occurrences
    assert occurrence.unresolved == ("NGINX_TAG",)
    assert not scan.errors


def test_a_dockerize_run_in_the_shell_gives_its_environment(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "compose.tmpl.yml").write_text(
        "services:\n  db:\n    image: postgres:{{ .Env.PG_VERSION }}\n"
    )
    (tmp_path / "render.sh").write_text(
        "#!/bin/sh\nexport PG_VERSION=17.2-alpine\n"
        "dockerize -template compose.tmpl.yml:compose.yml\n"
    )
    scan = find_references(str(tmp_path / "compose.tmpl.yml"))
    assert [o.text for o in scan.occurrences] == ["postgres:17.2-alpine"]


@pytest.mark.parametrize(
    "text",
    [
        # (a function's output, a chain of else if, an action inside a line, a trim marker,
        # a loop: what they render to is not guessed at)
        'services:\n  a:\n    image: {{ default .Env.IMAGE "nginx:1.27.4" }}\n',
        "{{ if .Env.A }}\nx: 1\n{{ else if .Env.B }}\nx: 2\n{{ end }}\n",
        "services:\n  a:\n    image: app{{ if .Env.DEV }}-dev{{ end }}:{{ .Env.TAG }}\n",
        "services:\n{{- if .Env.A }}\n  a:\n    image: x:{{ .Env.TAG }}\n{{ end }}\n",
        "{{ range .Env.LIST }}\n- {{ .Env.X }}\n{{ end }}\n",
        "{{ if .Env.A }}\nx: {{ .Env.X }}\n",
    ],
)
def test_a_template_that_needs_more_is_not_read(text: str) -> None:
    assert environment_template(text) is None


def test_the_else_part_is_read_and_a_part_alone_kept() -> None:
    text = "a:\n{{ if .Env.X }}\n  b: 1\n{{ else }}\n  b: 2\n{{ end }}\n"
    text += "{{ if .Env.Y }}\n  c: 3\n{{end}}\n"
    rendered = environment_template(text)
    assert rendered is not None
    lines = [line.strip() for line in rendered[0].splitlines()]
    assert [line for line in lines if line] == ["a:", "b: 2", "c: 3"]


_LINE = st.sampled_from(
    [
        "services:",
        "  a:",
        "    image: x:{{ .Env.TAG }}",
        "{{ if isTrue .Env.A }}",
        "{{ else }}",
        "{{ end }}",
        "{{/* a\ncomment */}}",
        "{{ $v := .Env.V }}",
        "    x: {{ $v }}",
        "    y: 'plain'",
    ]
)


@given(st.lists(_LINE, max_size=30))
def test_a_rendering_keeps_every_line_where_it_was(lines: list[str]) -> None:
    text = "".join(line + "\n" for line in lines) + "x: {{ .Env.Z }}\n"
    rendered = environment_template(text)
    if rendered is None:
        return
    assert rendered[0].count("\n") == text.count("\n")
    assert all(name.isidentifier() for name in rendered[1])

"""Templates of sources are not sources: one note each, never an error a line, no failed gate."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references

if TYPE_CHECKING:
    from pathlib import Path


def note_of(path: Path) -> str | None:
    scan = find_references(str(path))
    notes = [error for error in scan.errors if error.note]
    if not notes:
        return None
    assert (scan.occurrences, len(scan.errors)) == ((), 1)  # the note, and nothing else
    assert check(scan) == []
    return notes[0].message


@pytest.mark.parametrize(
    ("name", "text", "why"),
    [
        ("Dockerfile.j2", "FROM {{ base }}\nRUN true\n", "named Dockerfile.j2"),
        ("Dockerfile", "{% if debug %}\nFROM busybox\n{% endif %}\nFROM alpine\n", "Jinja"),
        ("Dockerfile", "FROM {{ registry }}/app:{{ tag }}\n", "in its instructions"),
        ("compose.yaml", 'services:\n  app:\n    image: "{{ app_image }}"\n', "where images go"),
        (
            "deploy.yaml",
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: {{ image }}\n",
            "where the file needs values",  # (valid YAML: a mapping where a string goes)
        ),
        (
            "deploy.yaml",
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n"
            "    - image: {{ registry }}/app:1.0\n",
            "not valid YAML",
        ),
        (
            "deploy.yaml",
            "apiVersion: v1\nkind: Pod\n{% for c in containers %}\n- {{ c }}\n{% endfor %}\n",
            "Jinja",
        ),
        # (indented among keys, not in a block scalar's text)
        (
            "pod.yaml",
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  {% for c in cs %}\n"
            "  - image: nginx:1.27.3\n  {% endfor %}\n  script: |\n    run\n",
            "Jinja",
        ),
        # langgenius/dify: docker/generate_docker_compose writes docker-compose.yaml from it
        (
            "docker-compose-template.yaml",
            "services:\n  nginx:\n    image: nginx:latest\n",
            "named docker-compose-template.yaml",
        ),
        # garden-io/garden examples/k8s-deploy-shared-manifests/manifests/deployment.yaml:
        # Garden's template strings, which it fills in with the image its Build action makes
        (
            "deployment.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n"
            "      containers:\n        - name: ${var.appName}\n"
            '          image: "${actions.build[var.appName].outputs.deployment-image-id}"\n',
            "(${…}) where images go",
        ),
        # superfly/flyctl scanner/templates/ruby/Dockerfile, which `fly launch` renders
        (
            "Dockerfile",
            "ARG RUBY_VERSION={{ .rubyVersion }}\nFROM ruby:$RUBY_VERSION-slim as base\n",
            "in its instructions",
        ),
        (
            "Dockerfile",
            'ARG DOTNET_OS_VERSION="-alpine"\nARG DOTNET_SDK_VERSION="{{ .sdk }}"\n'
            "FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_SDK_VERSION}${DOTNET_OS_VERSION}\n",
            "in its instructions",
        ),
        # dotnet/dotnet-docker eng/dockerfile-templates: Cottle blocks over several lines
        (
            "Dockerfile.linux.copy-files",
            "{{\n    _ ARGS:\n        srcStage: stage to copy from\n}}{{\n"
            'for file in ARGS["files"]:COPY --from={{ARGS["srcStage"]}} /{{file}} /x/\n}}\n',
            "in its instructions",
        ),
        # gocd/gocd buildSrc/src/main/resources/gocd-docker-agent/Dockerfile.agent.ftl
        # (FreeMarker, which its Gradle build renders: 34 source errors, survey s40b)
        (
            "Dockerfile.agent.ftl",
            "FROM docker.io/chainguard/bash:latest AS gocd-agent-unzip\n"
            "<#list additionalFiles as source, target>\nCOPY ${source} ${target}\n</#list>\n",
            "named Dockerfile.agent.ftl",
        ),
        # rails/rails railties/lib/rails/generators/rails/app/templates/Dockerfile.tt (ERB, which
        # `rails new` renders: 24 source errors and 1 false TS012), by its name or its tags
        (
            "Dockerfile.tt",
            "ARG RUBY_VERSION=<%= gem_ruby_version %>\n"
            "FROM docker.io/library/ruby:$RUBY_VERSION-slim AS base\n",
            "named Dockerfile.tt",
        ),
        # phoenixframework/phoenix priv/templates/phx.gen.release/Dockerfile.eex (EEx)
        (
            "Dockerfile",
            'ARG ELIXIR_VERSION=<%= elixir_vsn %>\nFROM "hexpm/elixir:${ELIXIR_VERSION}"\n'
            "<%= if ecto do %>\nRUN mix ecto.setup\n<% end %>\n",
            "embedded template tags (<% … %>)",
        ),
        # PowerDNS builder-support/dockerfiles: pdns-builder expands @INCLUDE, @IF, @EXEC
        (
            "Dockerfile.target.debian-bookworm",
            "@INCLUDE Dockerfile.target.sdist\nFROM debian:bookworm AS dist-base\n"
            '@IF [ -n "$M_all" ]\nADD a/ b/\n@ENDIF\n',
            "preprocessor directives",
        ),
        # PrestaShop/docker Dockerfile-nightly.model, which prestashop_docker/generator.py
        # fills with Python's string.Template ($$ its escape; 4 false findings)
        (
            "Dockerfile-nightly.model",
            "FROM --platform=linux/amd64 gcr.io/google.com/cloudsdktool/google-cloud-cli:alpine"
            " AS gcloud_amd64\nFROM gcloud_$${TARGETARCH} AS gcloud\n"
            "\nENV PS_VERSION=$ps_version\n",
            "template escapes ($$)",
        ),
        # xwiki/xwiki-docker template/Dockerfile and docker-compose.yml (Groovy templates that
        # its build.gradle expands per version and database; 80 source errors and an invalid
        # YAML error): a block of code opens a line and closes lines below
        (
            "Dockerfile",
            "FROM tomcat:${tomcatImageTag.tomcatVersion}-jre${tomcatImageTag.javaVersion}\n"
            '<%\nif (db == \'mysql\') {\n  println "ENV MYSQL_JDBC_VERSION=\\"$v\\""\n}\n%>\n',
            "embedded template tags (<% … %>)",
        ),
        (
            "compose.yaml",
            'services:\n  db:\n    <% if (db == "mysql") print \'\'\'image: "mysql:9"\n'
            "    environment:\n      - MYSQL_DATABASE=xwiki''' %>\n",
            "embedded template tags (<% … %>)",
        ),
    ],
)
def test_a_template_is_one_note(tmp_path: Path, name: str, text: str, why: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    if "compose" in name:  # (beside the compose file it makes)
        (tmp_path / "docker-compose.yaml").write_text("services: {}\n")
    message = note_of(path)
    assert message is not None and why in message
    assert "tagsense check - --stdin-filename" in message  # how to check what it renders to


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # An @ inside an instruction, or a heredoc's line, is no directive.
        ("Dockerfile", "FROM alpine:3.21.3\nRUN echo @INCLUDE x && \\\n  @true\n"),
        # $$ is a shell's process id in a RUN (a heredoc's too), no template's escape.
        ("Dockerfile", "FROM alpine:3.21.3\nRUN echo $$ > /tmp/pid\n"),
        # An ARG whose default holds a command's Go template further on is none either.
        ("Dockerfile", "ARG FMT=x{{.Id}}\nFROM alpine:3.21.3\n"),
        # CloudFormation's (SAM's) template.yaml is no compose file's template.
        (
            "template.yaml",
            "Resources:\n  F:\n    Type: AWS::Serverless::Function\n"
            "    Properties: {PackageType: Image, ImageUri: nginx:1.27.3}\n",
        ),
        # A here-document that writes an ERB file is none: no line of the Dockerfile opens a tag.
        ("Dockerfile", "FROM ruby:3.4.1\nRUN echo '<%= ENV[\"HOME\"] %>' > /a.erb\n"),
        # Nor is a YAML file with ERB tags and no image, Rails' config/database.yml.
        ("database.yml", "default:\n  <% if ENV['X'] %>\n  host: <%= ENV['X'] %>\n  <% end %>\n"),
        # Nor is GitHub's ${{matrix.image}} written without spaces a name in braces.
        (
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  t:\n    runs-on: x\n    container: ${{matrix.image}}\n",
        ),
        # A Go template a command prints with: the Dockerfile is not a template.
        ("Dockerfile", "FROM docker:27.4.1\nRUN docker inspect --format '{{.Id}}' x\n"),
        # GitHub's expressions are CI syntax.
        (
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  t:\n    runs-on: x\n    container: node:${{ matrix.node }}\n",
        ),
        # A ConfigMap that carries Go templates of its own, as valid YAML.
        (
            "alerts.yaml",
            "apiVersion: v1\nkind: ConfigMap\ndata:\n  msg: '{{ $labels.instance }} is down'\n",
        ),
        # Nor a JSP page in a ConfigMap's block scalar, its code over lines.
        (
            "page.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n"
            "    - name: a\n      image: tomcat:10.1.34\n---\n"
            "apiVersion: v1\nkind: ConfigMap\ndata:\n  index.jsp: |\n"
            '    <%\n      out.println("up");\n    %>\n',
        ),
        # Nor a Dockerfile's line that opens a tag no later line closes.
        ("Dockerfile", "FROM alpine:3.21.3\nRUN printf '%s\\n' \\\n<%\n"),
        # Nor Jinja statements in a block scalar: vLLM's chat template in a ConfigMap
        # (GoogleCloudPlatform/kubernetes-engine-samples' ai-ml/adk-vllm/deploy-llm.yaml).
        (
            "deploy-llm.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n"
            "    - name: a\n      image: vllm/vllm-openai:v0.8.5\n---\n"
            "apiVersion: v1\nkind: ConfigMap\ndata:\n  chat.jinja: |\n"
            "    {{- bos_token }}\n    {%- if custom_tools is defined %}\n"
            "        {%- set tools = custom_tools %}\n    {%- endif %}\n",
        ),
    ],
)
def test_text_with_braces_is_not_a_template(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    assert note_of(path) is None


@pytest.mark.parametrize("elision", ["...", "\u2026", "[...]"])
def test_a_dockerfile_excerpt_is_one_note(tmp_path: Path, elision: str) -> None:
    # skaffold's docs: Dockerfile.app with a "..." line. BuildKit rejects the line (unknown
    # instruction), so nothing builds the file: one note, not an error and findings.
    path = tmp_path / "Dockerfile.app"
    path.write_text(f"FROM golang:1.15-alpine AS build\n{elision}\nFROM alpine:3\n")
    scan = find_references(str(path))
    assert list(scan) == []
    (note,) = scan.errors
    assert note.note
    assert note.message.startswith(f"an excerpt (line 2 is {elision!r}), not read")
    # A Dockerfile that is wrong otherwise keeps its error and its references.
    path.write_text("FROM golang:1.15-alpine AS build\nFOO bar\nFROM alpine:3\n")
    scan = find_references(str(path))
    assert [e.message for e in scan.errors] == ["unknown instruction: FOO"]
    assert [o.text for o in scan] == ["golang:1.15-alpine", "alpine:3"]


def test_a_dockerfile_fragment_is_one_note(tmp_path: Path) -> None:
    # growthbook/growthbook's preview/Dockerfile.append, which its preview workflow appends
    # to the Dockerfile (`cat Dockerfile preview/Dockerfile.append > …`): no FROM of its own,
    # two source errors before (survey s22m).
    path = tmp_path / "preview" / "Dockerfile.append"
    path.parent.mkdir()
    path.write_text("# Appended to the main Dockerfile\nCOPY preview/idle.js /app/idle.js\n")
    message = note_of(path)
    assert message is not None and message.startswith("no FROM: a fragment of a Dockerfile")
    # A file that is wrong otherwise keeps its errors; one with a FROM is read.
    path.write_text("invalid dockerfile\n")
    assert [e.message for e in find_references(str(path)).errors] == [
        "unknown instruction: invalid",
        "dockerfile contains no stages to build",
    ]
    path.write_text("COPY a b\nFROM alpine:3.20.3\n")
    scan = find_references(str(path))
    assert [o.text for o in scan] == ["alpine:3.20.3"]
    assert [e.message for e in scan.errors] == ["no build stage in current context"]


def test_a_template_whose_rendering_is_beside_it_gives_no_note(tmp_path: Path) -> None:
    # webdevops/Dockerfile: each docker/*/*/Dockerfile.jinja2 beside the Dockerfile its
    # generator writes from it (145 notes for templates whose rendering is read; survey 26m).
    (tmp_path / "Dockerfile.jinja2").write_text("FROM {{ base }}\nRUN true\n")
    (tmp_path / "Dockerfile").write_text("FROM php:8.4.1-fpm\nRUN true\n")
    assert list(find_references(str(tmp_path / "Dockerfile.jinja2")).errors) == []
    scan = find_references(str(tmp_path))
    assert [o.text for o in scan] == ["php:8.4.1-fpm"]
    assert list(scan.errors) == []
    # Without the rendering, the template is one note.
    (tmp_path / "Dockerfile").unlink()
    message = note_of(tmp_path / "Dockerfile.jinja2")
    assert message is not None and message.startswith("a template (named Dockerfile.jinja2)")


def test_a_dockerfile_of_comments_alone_is_one_note(tmp_path: Path) -> None:
    # ddev/ddev's pkg/ddevapp/dotddev_assets/web-build/Dockerfile.example ("You can copy this
    # Dockerfile.example to Dockerfile"): BuildKit's "file with no instructions" was a source
    # error that failed the gate (survey 26m).
    path = tmp_path / "Dockerfile.example"
    path.write_text(
        "## #ddev-generated\n## You can copy this Dockerfile.example to Dockerfile\n"
        '# RUN echo "Built on $(date)" > /build-date.txt\n'
    )
    message = note_of(path)
    assert message is not None and message.startswith("comments only: no instruction")
    # An empty file, and one with an instruction BuildKit rejects, keep their errors.
    path.write_text("")
    assert [e.note for e in find_references(str(path)).errors] == [False]
    path.write_text("# a comment\nFOO bar\n")
    errors = find_references(str(path)).errors
    assert errors[0].message == "unknown instruction: FOO"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # devcontainers/images build/assets/alpine.Dockerfile: prep.js replaces the line
        ("alpine.Dockerfile", 'ARG VARIANT=""\nFROM REPLACE-ME\nRUN apk add git\n'),
        ("Dockerfile", "FROM @BASE_IMAGE@\n"),
        ("deploy.yaml", "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - image: IMAGE_NAME\n"),
        ("compose.yaml", "services:\n  web:\n    image: __WEB_IMAGE__\n"),
        # cert-manager make/config/bind/deployment.yaml: sed -e "s|{IMAGE}|$(IMAGE)|g"
        (
            "deployment.yaml",
            'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - image: "{IMAGE}"\n',
        ),
        # astronomer/astro-sdk python-sdk/tests/benchmark/infrastructure/kubernetes/job.yaml:
        # its Makefile's `sed s/%VERSION%/${GIT_HASH}/g` fills the tag in
        (
            "job.yaml",
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n"
            "  - image: gcr.io/astronomer-dag-authoring/benchmark:%VERSION%\n",
        ),
        ("Dockerfile", "FROM registry.example.com/{NAME}/app:1.0\n"),
        # spring-projects/spring-boot module/*/src/dockerTest/resources/**/*-compose.yaml: the
        # test fills {imageName} in with the image under test (68 false TS012)
        ("redis-compose.yaml", "services:\n  redis:\n    image: '{imageName}'\n"),
        ("Dockerfile", "FROM registry.example.com/{name}/app:1.0\n"),
        # kubeedge/kubeedge's build/edgesite/edgesite-agent.yaml
        (
            "edgesite-agent.yaml",
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n"
            "  - image: kubeedge/edgesite-agent-amd64:[YOUR-VERSION]\n",
        ),
        # kubernetes/examples _archived/volumes/flexvolume/deploy/ds.yaml
        (
            "ds.yaml",
            'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - image: "<image_url>"\n',
        ),
        # hyperledger/fabric-samples test-network-k8s/kube/application-deployment.yaml (words)
        (
            "application-deployment.yaml",
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - image: <image name goes here>\n",
        ),
        # laradock/laradock's production/providers/google-cloud-run.yaml and
        # aws-ecs-task-definition.json ("your pushed image": upper-case words with _ as parts)
        (
            "google-cloud-run.yaml",
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n"
            "  - image: us-central1-docker.pkg.dev/PROJECT_ID/REPO/laradock-app:latest\n",
        ),
        (
            "compose.yaml",
            "services:\n  app:\n"
            "    image: ACCOUNT_ID.dkr.ecr.REGION.amazonaws.com/laradock-app:latest\n",
        ),
        # NVIDIA/gpu-operator's assets/state-driver/0500_daemonset.yaml (the operator fills
        # each image in from its ClusterPolicy: 52 TS012 in its assets/ before)
        (
            "0500_daemonset.yaml",
            "apiVersion: apps/v1\nkind: DaemonSet\nspec:\n  template:\n    spec:\n"
            '      containers:\n      - image: "FILLED BY THE OPERATOR"\n'
            '      - image: "FILLED BY OPERATOR"\n',
        ),
        # argoproj/argo-workflows' examples/k8s-resource-log-selector.yaml: a description
        # where the image goes (three words or more, any case)
        (
            "k8s-resource-log-selector.yaml",
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n"
            '  - image: "Placeholder for TensorFlow distributed training image"\n',
        ),
        # kserve/kserve's docs/samples/v1beta1/transformer/feast/feast_server.yaml
        (
            "feast_server.yaml",
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n"
            '  - image: "{username}/feast-server:latest"\n',
        ),
        # kubernetes/autoscaler's cluster-autoscaler/cloudprovider/huaweicloud/examples/
        # cluster-autoscaler-deployment.yaml (Apache-2.0; survey 32b): words in braces
        (
            "cluster-autoscaler-deployment.yaml",
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n"
            "  - image: swr.cn-north-4.myhuaweicloud.com/{Organization name}/"
            "cluster-autoscaler:dev\n",
        ),
        # dapr/dapr's tests/apps/*/service.yaml (upper-case words with a space, bare or in
        # brackets: "your" Docker Hub ID, which the reader writes in)
        (
            "service.yaml",
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n"
            "  - image: docker.io/YOUR ID/e2e-runtime:dev\n",
        ),
        (
            "service.yaml",
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n"
            "  - image: docker.io/[YOUR ALIAS]/e2e-service_invocation:dev\n",
        ),
        # quarkusio/quarkus-quickstarts's funqy-quickstarts/funqy-knative-events-quickstart/
        # src/main/k8s/funqy-service.yaml (commit ddfa3a6c, Apache-2.0): the reader's Docker
        # Hub account
        (
            "funqy-service.yaml",
            "apiVersion: serving.knative.dev/v1\nkind: Service\nspec:\n  template:\n"
            "    spec:\n      containers:\n"
            "        - image: docker.io/yourAccountName/funqy-knative-events-quickstart\n",
        ),
        # dataease/dataease's installer/dataease/docker-compose.yml (commit 09e05f84, GPL-3.0):
        # a tag its release packaging fills in (survey 30a)
        (
            "docker-compose.yml",
            "services:\n  dataease:\n"
            "    image: registry.cn-qingdao.aliyuncs.com/dataease/dataease:DE_TAG\n",
        ),
        # atuinsh/atuin's k8s/atuin.yaml (MIT, survey s63b): words with spaces in angle
        # brackets as the tag, the user's to fill in (a false TS012 before)
        (
            "atuin.yaml",
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n"
            "  - image: ghcr.io/atuinsh/atuin:<LATEST TAGGED RELEASE>\n",
        ),
        (
            "app.yaml",
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n"
            "  - image: <your registry>/app:1.2.3\n",
        ),
        # percona/percona-xtradb-cluster-operator's e2e-tests/demand-backup/conf/client.yml:
        # the suffix its cat_config's `sed -e "s#image:.*-backup$#image: $IMAGE_BACKUP#"` finds
        (
            "client.yml",
            "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n"
            "      containers:\n      - name: backup\n        image: -backup\n",
        ),
    ],
)
def test_a_placeholder_a_script_fills_in_makes_a_template(
    tmp_path: Path, name: str, text: str
) -> None:
    (tmp_path / name).write_text(text)
    scan = find_references(tmp_path / name)
    assert list(scan) == []
    assert [e.note for e in scan.errors] == [True]
    assert "a placeholder" in scan.errors[0].message


def test_a_placeholder_the_env_file_fills_in_makes_a_template(tmp_path: Path) -> None:
    # NVIDIA/nim-deploy's cloud-service-providers/nvidia/nvcf (survey s42e): the compose file
    # names `nvcr.io/${NIM_NGC_ORG}/…`, the .env beside it, which compose reads, gives
    # `NIM_NGC_ORG=YOUR_ORG_ID` for the reader to replace: no invalid reference (was TS012)
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  nim:\n    image: nvcr.io/${NIM_NGC_ORG}/nvcf-nim:${TAG}\n"
    )
    (tmp_path / ".env").write_text("NIM_NGC_ORG=YOUR_ORG_ID\nTAG=meta-llama3-8b-instruct\n")
    scan = find_references(tmp_path / "docker-compose.yml")
    assert list(scan) == []
    assert [e.note for e in scan.errors] == [True]
    assert "a placeholder" in scan.errors[0].message


def test_an_invalid_value_the_env_file_gives_is_no_placeholder(tmp_path: Path) -> None:
    # (an upper-case word with no `_`, a mistake rather than a placeholder: still invalid)
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  nim:\n    image: nvcr.io/${ORG}/nvcf-nim:1.0\n"
    )
    (tmp_path / ".env").write_text("ORG=Nvidia\n")
    scan = find_references(tmp_path / "docker-compose.yml")
    assert [o.text for o in scan] == ["nvcr.io/Nvidia/nvcf-nim:1.0"]
    assert scan.errors == ()


def test_a_placeholder_tag_beside_a_digest_is_pulled_as_written(tmp_path: Path) -> None:
    # The digest names the image whatever the tag (Docker since 1.13, containerd and
    # Kubernetes ignore a tag beside a digest): no placeholder left to fill in (found by
    # the dev profile's random examples: cgr.dev/0:A_A@sha256:0… in a workflow's docker run)
    written = "cgr.dev/acme/app:DE_TAG@sha256:" + "0" * 64
    (tmp_path / "docker-compose.yml").write_text(f"services:\n  app:\n    image: {written}\n")
    scan = find_references(tmp_path / "docker-compose.yml")
    assert [o.text for o in scan] == [written]
    assert scan.errors == ()


@pytest.mark.parametrize(
    ("name", "text", "read", "placeholder"),
    [
        # GoogleCloudPlatform/kubernetes-engine-samples' ai-ml/gke-slurm/autopilot/
        # slurm-worker-allowlist.yaml: the reader writes the tag in; alpine runs as written
        (
            "slurm-worker-allowlist.yaml",
            "apiVersion: v1\nkind: Pod\nspec:\n  initContainers:\n"
            "  - image: docker.io/library/alpine:latest\n  containers:\n"
            "  - image: gcr.io/gke-release/slinky/slurmd:IMAGE_TAG\n",
            ["docker.io/library/alpine:latest"],
            7,
        ),
        # docker/labs' windows-modernize-aspnet-dev/v2-src/docker-compose.yml: the reader's
        # Docker ID names the images they build; the database and NATS are pulled
        (
            "docker-compose.yml",
            "services:\n  db:\n    image: microsoft/mssql-server-windows-express\n"
            "  web:\n    image: <DockerID>/modernize-aspnet-web:v2\n",
            ["microsoft/mssql-server-windows-express"],
            5,
        ),
    ],
)
def test_a_placeholder_leaves_the_file_s_other_images_read(
    tmp_path: Path, name: str, text: str, read: list[str], placeholder: int
) -> None:
    (tmp_path / name).write_text(text)
    scan = find_references(tmp_path / name)
    assert [o.text for o in scan] == read
    assert [(e.line, e.note) for e in scan.errors] == [(placeholder, True)]
    assert "a placeholder where an image goes" in scan.errors[0].message


@pytest.mark.parametrize("tag", ["LTS", "V1_2", "RC_1", "Lts_Jdk", "lts_jdk"])
def test_an_upper_case_tag_that_is_no_placeholder_is_read(tmp_path: Path, tag: str) -> None:
    # (one upper-case word, or words that do not all start with a letter: a tag as likely)
    (tmp_path / "Dockerfile").write_text(f"FROM acme/app:{tag}\n")
    scan = find_references(tmp_path / "Dockerfile")
    assert [o.text for o in scan] == [f"acme/app:{tag}"]
    assert list(scan.errors) == []


def test_a_variable_with_a_dotted_default_is_no_template(tmp_path: Path) -> None:
    # (a shell or compose variable's default may hold dots: ${TAG:-1.2.3} is no expression)
    path = tmp_path / "deploy.yaml"
    path.write_text("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - image: app:${T:-1.2.3}\n")
    scan = find_references(path)
    assert [o.text for o in scan] == ["app:1.2.3"]
    assert list(scan.errors) == []


def test_a_placeholder_beside_a_variable_makes_a_template(tmp_path: Path) -> None:
    # Azure/iotedge's e2e_deployment_files/nestededge_middleLayerBaseDeployment_amqp.json (survey
    # s48c): the pipeline writes the tag in; `$upstream` is IoT Edge's name for the parent
    # device, no variable the dev tools give (were 13 false TS011 in the repository)
    path = tmp_path / "nestededge_middleLayerBaseDeployment_amqp.json"
    image = "$upstream:443/microsoft/azureiotedge-agent:<Build.BuildNumber>-linux-<Architecture>"
    path.write_text(
        '{"modulesContent": {"$edgeAgent": {"properties.desired": {"systemModules": {'
        '"edgeAgent": {"type": "docker", "settings": {"image": "' + image + '"}}}}}}}\n'
    )
    scan = find_references(path)
    assert list(scan) == []
    assert [e.note for e in scan.errors] == [True]
    assert "a placeholder" in scan.errors[0].message


def test_a_word_of_any_case_in_double_underscores_is_a_placeholder(tmp_path: Path) -> None:
    # open-horizon/anax's agent-install/k8s/deployment-template.yml (survey s48c): its
    # agent-install.sh writes `sed -e "s#__ImagePath__#${…}#g"` over it (were 2 false TS012)
    path = tmp_path / "deployment-template.yml"
    path.write_text(
        "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n"
        "      initContainers:\n      - name: init\n        image: __InitContainerImagePath__\n"
        "      containers:\n      - name: anax\n        image: busybox:1.36\n"
    )
    scan = find_references(path)
    assert [o.text for o in scan] == ["busybox:1.36"]
    assert [(e.note, e.line) for e in scan.errors] == [(True, 8)]


def test_a_variable_beside_no_placeholder_stays_unresolved(tmp_path: Path) -> None:
    # (the variable's braces and upper-case name are no marker: TS011 as before)
    path = tmp_path / "docker-compose.yml"
    path.write_text("services:\n  app:\n    image: ${REGISTRY_HOST}/acme/app:1.0\n")
    scan = find_references(path)
    assert [o.unresolved for o in scan] == [("REGISTRY_HOST",)]
    assert not any(e.note for e in scan.errors)


def test_a_variable_in_braces_is_no_placeholder(tmp_path: Path) -> None:
    # ray-project/kuberay's historyserver/config/raycluster-gcs.yaml: envsubst's ${NAME}
    path = tmp_path / "raycluster.yaml"
    path.write_text(
        "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - image: ${COLLECTOR_IMAGE}\n"
    )
    scan = find_references(path)
    assert [o.unresolved for o in scan] == [("COLLECTOR_IMAGE",)]
    assert list(scan.errors) == []


@pytest.mark.parametrize(
    "text",
    [
        "FROM Ubuntu:22.04\n",  # a typo, which BuildKit rejects: reported
        "FROM acme/My_App:1.0\n",  # (not all upper-case)
        "FROM acme/MYAPP:1.0\n",  # (an upper-case word with no _: a mistake as likely)
        "FROM yourls/yourApp:1.0\n",  # (a name that starts with "your": no placeholder's part)
        "FROM golang:1.23 AS build\nFROM alpine:3.20\nCOPY --from=BUILDER /a /a\n",
    ],
)
def test_an_invalid_reference_that_is_no_placeholder_is_reported(tmp_path: Path, text: str) -> None:
    (tmp_path / "Dockerfile").write_text(text)
    scan = find_references(tmp_path / "Dockerfile")
    assert not any(e.note for e in scan.errors)
    assert any(o.reference is None for o in scan)


@pytest.mark.parametrize(
    ("place", "text"),
    [
        # (cookiecutter-django's {{cookiecutter.project_slug}}/.devcontainer/devcontainer.json)
        (
            ".devcontainer/devcontainer.json",
            '{\n  "image": "python:3.12",\n  "customizations": {\n'
            '    {%- if cookiecutter.editor == "VS Code" %}\n    "vscode": {}\n'
            "    {%- endif %}\n  }\n}\n",
        ),
        (
            "skaffold.yaml",
            "apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:\n"
            "{% for app in apps %}\n    - image: {{ app }}\n{% endfor %}\n",
        ),
    ],
)
def test_a_build_tool_s_file_that_is_a_template_is_one_note(
    tmp_path: Path, place: str, text: str
) -> None:
    path = tmp_path / place
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    note = note_of(path)
    assert note is not None and "Jinja statements" in note


def test_a_build_tool_s_own_template_syntax_keeps_its_errors(tmp_path: Path) -> None:
    # (a devcontainer.json that is not JSON, without Jinja: the tool's error stands)
    path = tmp_path / ".devcontainer" / "devcontainer.json"
    path.parent.mkdir()
    path.write_text('{\n  "image": "python:3.12",\n  oops\n}\n')
    scan = find_references(str(path))
    assert [error.note for error in scan.errors] == [False]


def test_a_kustomization_that_is_a_template_is_one_note(tmp_path: Path) -> None:
    # (overhangio/tutor's templates/kustomization.yml: `{{ patch("…") }}` where a key goes,
    # rendered by tutor before kustomize reads it: no "invalid YAML" error)
    path = tmp_path / "templates" / "kustomization.yml"
    path.parent.mkdir()
    path.write_text(
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n"
        '- k8s/deployments.yml\n{{ patch("kustomization-resources") }}\n\n'
        "namespace: {{ K8S_NAMESPACE }}\n"
    )
    note = note_of(path)
    assert note is not None and "not valid YAML as it is" in note
    # (a kustomization that is only broken keeps its error)
    path.write_text("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n- x: [\n")
    assert [error.note for error in find_references(str(tmp_path)).errors] == [False]


def test_a_kustomization_s_resource_with_a_placeholder_image_is_a_template(
    tmp_path: Path,
) -> None:
    # GoogleCloudPlatform/kubernetes-engine-samples' ai-ml/gke-a100-jax/kubernetes: job.yaml
    # runs gcr.io/<<PROJECT>>/jax/hello:latest, the reader's own build, and the kustomization
    # reads it: a template note, not TS012 (named alone, job.yaml was one already).
    directory = tmp_path / "kubernetes"
    directory.mkdir()
    (directory / "kustomization.yaml").write_text(
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- job.yaml\n"
    )
    (directory / "job.yaml").write_text(
        "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n"
        "    spec:\n      containers:\n      - name: w\n"
        "        image: gcr.io/<<PROJECT>>/jax/hello:latest\n"
    )
    scan = find_references(str(directory / "kustomization.yaml"))
    assert list(scan) == []
    assert [e.note for e in scan.errors] == [True]
    assert "gcr.io/<<PROJECT>>/jax/hello:latest" in scan.errors[0].message


def test_a_chart_value_left_to_a_placeholder_is_a_note_at_its_line(tmp_path: Path) -> None:
    # kubefirst/gitops-template@82e6d79f's metaphor chart: `repository: <CONTAINER_REGISTRY_URL>`,
    # which kubefirst's CLI fills in when it copies the template (a false TS012); the chart's
    # other images are read.
    chart = tmp_path / "metaphor"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text(
        "apiVersion: v2\nname: metaphor\nversion: 0.1.0\nappVersion: 8c5fd0ea4e05\n"
    )
    (chart / "values.yaml").write_text(
        "image:\n  repository: <CONTAINER_REGISTRY_URL>\nsidecar: busybox:1.37.0\n"
    )
    (chart / "templates" / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: m}\nspec:\n  containers:\n"
        '  - name: app\n    image: "{{ .Values.image.repository }}:{{ .Chart.AppVersion }}"\n'
        "  - name: side\n    image: {{ .Values.sidecar }}\n"
    )
    scan = find_references(str(chart))
    assert [o.text for o in scan] == ["busybox:1.37.0"]
    assert [(os.path.basename(e.path or ""), e.line, e.note) for e in scan.errors] == [
        ("values.yaml", 2, True)
    ]
    assert "a placeholder" in scan.errors[0].message
    assert not check(scan)
    # (MISP/misp-docker@6d915d5's chart: `repository: path/to/image/misp-configurator` and no
    # registry, joined as "{{ registry }}/{{ repository }}": a false TS012, survey 37a)
    (chart / "values.yaml").write_text(
        "image:\n  registry: ''\n  repository: path/to/image/misp-configurator\n"
        "sidecar: busybox:1.37.0\n"
    )
    (chart / "templates" / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: m}\nspec:\n  containers:\n"
        '  - name: app\n    image: "{{ .Values.image.registry }}/{{ .Values.image.repository'
        ' }}:1.0.20"\n  - name: side\n    image: {{ .Values.sidecar }}\n'
    )
    scan = find_references(str(chart))
    assert [o.text for o in scan] == ["busybox:1.37.0"]
    assert [(e.line, e.note) for e in scan.errors] == [(3, True)]
    assert not check(scan)
    # (GreptimeTeam/helm-charts@96842fe's enterprise-dashboard and remote-compaction charts:
    # `repository: "Please set the image repository"`, an instruction: 3 false TS012, s39d)
    (chart / "values.yaml").write_text(
        'image:\n  registry: "Please set the registry"\n'
        '  repository: "Please set the repository"\n  tag: "Please set the tag"\n'
        "sidecar: busybox:1.37.0\n"
    )
    (chart / "templates" / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: m}\nspec:\n  containers:\n"
        '  - name: app\n    image: "{{ .Values.image.registry }}/{{ .Values.image.repository'
        ' }}:{{ .Values.image.tag }}"\n  - name: side\n    image: {{ .Values.sidecar }}\n'
    )
    scan = find_references(str(chart))
    assert [o.text for o in scan] == ["busybox:1.37.0"]
    assert [e.note for e in scan.errors] == [True]
    assert not check(scan)


def test_a_backstage_skeleton_is_a_template(tmp_path: Path) -> None:
    # cnoe-io/stacks@4571105's backstage-templates/entities/*/skeleton: the scaffolder's
    # fetch:template fills in ${{ values.name }} when it copies a skeleton into a new
    # repository (2 errors there: a kustomization's resource, its Jinja `{%- if %}`). An
    # image made of values gave TS012; a Dockerfile, "FROM requires … arguments".
    skeleton = tmp_path / "skeleton"
    skeleton.mkdir()
    (skeleton / "deployment.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${{ values.name }}\n"
        "spec:\n  template:\n    spec:\n      containers:\n      - name: app\n"
        "        image: ${{ values.image }}:${{ values.tag }}\n"
    )
    (skeleton / "Dockerfile").write_text("FROM ${{ values.baseImage }}\nRUN make\n")
    (skeleton / "kustomization.yaml").write_text("resources:\n  - ${{ values.name }}.yaml\n")
    (skeleton / "overlay").mkdir()
    (skeleton / "overlay" / "kustomization.yaml").write_text(
        "{%- if values.bucket %}\nresources:\n  - ../\n{%- endif %}\nnamespace: default\n"
    )
    scan = find_references(str(skeleton))
    assert list(scan) == []
    assert sorted(os.path.relpath(e.path or "", skeleton) for e in scan.errors) == [
        "Dockerfile", "deployment.yaml", "kustomization.yaml", "overlay/kustomization.yaml",
    ]  # fmt: skip
    assert all(e.note and "a template" in e.message for e in scan.errors)
    # (a GitHub workflow's own ${{ … }} expressions are CI syntax, not a template)
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "ci.yml").write_text(
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n"
        "    container: node:${{ github.run_id }}\n"
    )
    assert [o.line for o in find_references(str(workflows / "ci.yml"))] == [5]


def test_a_file_rejected_at_a_placeholder_in_angle_brackets_is_a_template(
    tmp_path: Path,
) -> None:
    # kubefirst/gitops-template@82e6d79f: `kubefirst` writes its values over <CLUSTER_NAME>-style
    # placeholders, some on lines of their own (`<CERT_MANAGER_ISSUER_ANNOTATION_1>` among an
    # ingress's annotations, in manifests and chart values): 64 errors there, "invalid YAML"
    # and "cannot load values.yaml". A file that is invalid elsewhere keeps its error.
    (tmp_path / "ingress.yaml").write_text(
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: argocd\n"
        "  annotations:\n    nginx.ingress.kubernetes.io/ssl-redirect: 'true'\n"
        "    <CERT_MANAGER_ISSUER_ANNOTATION_1>\nspec: {}\n"
    )
    chart = tmp_path / "metaphor"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: metaphor\nversion: 0.1.0\n")
    (chart / "values.yaml").write_text(
        "image: nginx:1.27.3\ningress:\n  annotations:\n    <CERT_MANAGER_ISSUER_ANNOTATION_1>\n"
        "    nginx.ingress.kubernetes.io/service-upstream: 'true'\n"
    )
    (chart / "templates" / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: m}\nspec:\n  containers:\n"
        "  - name: app\n    image: {{ .Values.image }}\n"
    )
    (tmp_path / "broken.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: <POD_NAME>\n  labels: {}\nspec:\n"
        "  containers: [\n"
    )
    # (a manifest's invalid YAML is an error where a kustomization reads it)
    (tmp_path / "kustomization.yaml").write_text("resources:\n- ingress.yaml\n- broken.yaml\n")
    scan = find_references(str(tmp_path))
    assert list(scan) == []
    found = sorted((os.path.relpath(e.path or "", tmp_path), e.note) for e in scan.errors)
    assert found == [("broken.yaml", False), ("ingress.yaml", True), ("metaphor/values.yaml", True)]
    assert all("placeholders in angle brackets" in e.message for e in scan.errors if e.note)


def test_a_file_rejected_at_a_configure_time_variable_is_a_template(tmp_path: Path) -> None:
    # eProsima/Fast-DDS: test/examples/CMakeLists.txt `configure_file(hello_world.compose.yml
    # … @ONLY)` writes the compose file docker compose runs, replacing each @NAME@ (a whole
    # `@DOCKER_BUILD_COMPOSE@` line, `image: @DOCKER_IMAGE_NAME@`): the source, which YAML
    # rejects (`@` starts no token), was 16 "invalid YAML" errors. A file rejected at a line
    # without one (an address's `@`) keeps its error.
    examples = tmp_path / "examples"
    examples.mkdir()
    (examples / "hello_world.compose.yml").write_text(
        "services:\n  subscriber:\n    @DOCKER_BUILD_COMPOSE@\n"
        "    image: @DOCKER_IMAGE_NAME@\n    volumes:\n"
        "      - @PROJECT_BINARY_DIR_COMPOSE_VOLUME@\n"
    )
    (examples / "CMakeLists.txt").write_text(
        "configure_file(hello_world.compose.yml\n"
        "  ${CMAKE_CURRENT_BINARY_DIR}/hello_world.compose.yml @ONLY)\n"
    )
    (tmp_path / "compose.yaml").write_text(
        "services:\n  app:\n    image: nginx:1.27.3\n    labels:\n"
        "      maintainer: ops@example.com\n    environment: [\n"
    )
    scan = find_references(str(tmp_path))
    assert list(scan) == []
    found = sorted((os.path.relpath(e.path or "", tmp_path), e.note) for e in scan.errors)
    assert found == [("compose.yaml", False), ("examples/hello_world.compose.yml", True)]
    assert all("configure-time variables, @NAME@" in e.message for e in scan.errors if e.note)
    single = find_references(str(examples / "hello_world.compose.yml"))
    assert list(single) == []
    assert [e.note for e in single.errors] == [True]


def test_a_compose_template_with_no_compose_file_beside_it_is_read(tmp_path: Path) -> None:
    # (Openpanel-dev/openpanel's self-hosting/quiz.ts copies docker-compose.template.yml to
    # docker-compose.yml, which the repository does not hold, and starts it: 7 pulls missed)
    path = tmp_path / "self-hosting" / "docker-compose.template.yml"
    path.parent.mkdir()
    path.write_text("services:\n  op-db:\n    image: postgres:14-alpine\n")
    assert note_of(path) is None
    assert [o.text for o in find_references(str(path))] == ["postgres:14-alpine"]
    (path.parent / "docker-compose.yml").write_text("services: {}\n")  # (what it makes)
    message = note_of(path)
    assert message is not None and "named docker-compose.template.yml" in message


def test_a_terraform_file_that_is_jinja_is_one_note(tmp_path: Path) -> None:
    # Orange-Cyberdefense/GOAD@HEAD (GPL-3.0; survey 33m): its Python renders each provider's
    # template with Jinja, `{{linux_vms}}` where a map's entries go, and each lab's
    # `providers/aws/linux.tf` is one such entry (44 "not HCL" errors). Terraform that parses,
    # or that Terraform refuses with no Jinja in it, keeps its images and its errors.
    (tmp_path / "template").mkdir()
    (tmp_path / "template" / "linux.tf").write_text(
        'variable "linux_vms" {\n  default = {\n    {{linux_vms}}\n  }\n}\n'
    )
    (tmp_path / "lab").mkdir()
    (tmp_path / "lab" / "linux.tf").write_text(
        '"lx01" = {\n  name = "lx01"\n  private_ip_address = "{{ip_range}}.12"\n}\n'
    )
    (tmp_path / "ok.tf").write_text(
        'resource "docker_container" "a" {\n  image = "nginx:1.27.3"\n'
        '  command = ["echo", "{{ .Values }}"]\n}\n'
    )
    (tmp_path / "broken.tf").write_text('"x" = {\n  name = "a"\n}\n')
    scan = find_references(str(tmp_path))
    assert [o.text for o in scan] == ["nginx:1.27.3"]
    found = sorted((os.path.relpath(e.path or "", tmp_path), e.note) for e in scan.errors)
    assert found == [("broken.tf", False), ("lab/linux.tf", True), ("template/linux.tf", True)]
    assert all("not valid HCL as it is" in e.message for e in scan.errors if e.note)

"""Jenkins pipelines (``Jenkinsfile``): Docker agents, Docker Pipeline steps, Kubernetes pod
templates and shell steps, with the values the file gives them.

Cases follow the Jenkins documentation ("Using Docker with Pipeline", the Pipeline Syntax
reference for ``agent``, ``environment`` and ``parameters``, the Kubernetes plugin's README)
and two published pipelines: goharbor/harbor-helm's ``test/e2e/Jenkinsfile`` (a class of a
shared library whose ``script.sh`` steps build and run the deployer image) and
linuxserver/docker-baseimage-alpine's ``Jenkinsfile`` (``sh`` steps that ``docker run`` and
``docker pull`` with variables of its ``environment``), whose images tagsense did not read.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense import check, find_references
from tagsense.occurrence import RUN_TIME
from tagsense.sources.ci import built_images, ci_system, scan_ci
from tagsense.sources.discover import command_file_kind

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

DAY = "2026-12-04"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def found(text: str) -> list[tuple[int, int, str, str]]:
    scan = scan_ci(text, system="jenkins")
    assert scan.errors == ()
    return [(o.line, o.column, o.text, str(o.context.get("field", o.kind))) for o in scan]


DECLARATIVE = """\
pipeline {
    agent none
    environment {
        NODE_VERSION = '22.12.0'
        REGISTRY = "registry.example.com"
        TOKEN = credentials('token')
    }
    parameters {
        string(name: 'GO_VERSION', defaultValue: '1.23.4', description: 'Go')
        choice(name: 'DISTRO', choices: ['bookworm', 'trixie'])
    }
    stages {
        stage('Build') {
            agent {
                docker {
                    image "node:${NODE_VERSION}-alpine"
                    args '-u root'
                }
            }
            steps { sh 'npm ci' }
        }
        stage('Test') {
            agent { docker 'maven:3.9.9-eclipse-temurin-21' }
            steps { sh 'mvn test' }
        }
        stage('Go') {
            agent {
                docker {
                    image "golang:${params.GO_VERSION}-${params.DISTRO}"
                    registryUrl 'https://mirror.example.com/'
                }
            }
            steps { sh 'go test ./...' }
        }
        stage('Token') {
            agent { docker { image "acme/tool:${TOKEN}" } }
            steps { sh 'true' }
        }
    }
}
"""


def test_declarative_docker_agents_with_the_files_values() -> None:
    assert found(DECLARATIVE) == [
        (16, 28, "node:22.12.0-alpine", "agent"),
        (23, 29, "maven:3.9.9-eclipse-temurin-21", "agent"),
        # (registryUrl: a name without a registry is pulled from there; params: defaults)
        (29, 28, "mirror.example.com/golang:1.23.4-bookworm", "agent"),
        (36, 37, "acme/tool:${TOKEN}", "agent"),
    ]
    (token,) = [o for o in scan_ci(DECLARATIVE, system="jenkins") if o.line == 36]
    # (a credential only a build has)
    assert token.unresolved == ("env.TOKEN",) and token.run_time == RUN_TIME["variables"]
    assert token.context["stage"] == "Token" and token.context["known_prefix"] == "acme/tool:"


def test_single_quoted_strings_are_not_interpolated() -> None:
    # Groovy interpolates "…" (GStrings) only: '${V}' is sent as written, and a shell step's
    # $V is its environment's, which a `def` does not set.
    text = (
        "def V = '3.20.3'\n"
        "node {\n"
        '  docker.image("alpine:${V}").pull()\n'
        "  sh 'docker run alpine:$V'\n"
        "  withEnv(['V=3.21.2']) { sh 'docker run alpine:$V' }\n"
        "}\n"
    )
    assert found(text) == [
        (3, 17, "alpine:3.20.3", "docker.image"),
        (5, 42, "alpine:3.21.2", "shell"),
    ]


def test_scripted_docker_pipeline_steps() -> None:
    text = (
        "def tools = 'acme/tools:1.0.0'\n"
        "node {\n"
        "  docker.withRegistry('https://ghcr.io', 'creds') {\n"
        "    docker.image('acme/ci:2.4.1').inside { sh 'make' }\n"
        "    docker.image('quay.io/acme/lint:0.3.0').pull()\n"
        "    docker.image('redis:7.4.1').withRun('-p 6379:6379') { c -> sh 'make test' }\n"
        "  }\n"
        "  docker.withRegistry('https://registry.hub.docker.com', 'hub') {\n"
        "    docker.image(tools).inside('-v /tmp:/tmp') { sh 'pytest' }\n"
        "  }\n"
        "}\n"
    )
    assert found(text) == [
        (4, 19, "ghcr.io/acme/ci:2.4.1", "docker.image"),
        (5, 19, "quay.io/acme/lint:0.3.0", "docker.image"),  # (it names its registry)
        # (Docker.groovy: run and withRun run the id as written, inside and pull qualify it)
        (6, 19, "redis:7.4.1", "docker.image"),
        (9, 18, "acme/tools:1.0.0", "docker.image"),  # (Docker Hub: the name as it is)
    ]


def test_the_with_docker_container_step_pulls_its_image() -> None:
    # influxdata/influxdb v1.6.7's Jenkinsfile (survey 29a): `sh "docker pull …"`, then the
    # step Docker Pipeline's `inside` is made of, given the image by name or alone.
    text = (
        "node {\n"
        '  sh "docker pull jsternberg/changelog"\n'
        '  withDockerContainer(image: "jsternberg/changelog") {\n'
        "    sh 'git changelog'\n"
        "  }\n"
        "  withDockerContainer('maven:3.9.9-eclipse-temurin-21') { sh 'mvn -v' }\n"
        "  withDockerContainer(args: '-v /tmp:/tmp', image: 'node:22.11.0') { sh 'npm ci' }\n"
        "  withDockerRegistry(url: 'https://ghcr.io') { sh 'make push' }\n"
        "}\n"
    )
    assert found(text) == [
        (2, 19, "jsternberg/changelog", "shell"),
        (3, 31, "jsternberg/changelog", "withDockerContainer"),
        (6, 24, "maven:3.9.9-eclipse-temurin-21", "withDockerContainer"),
        (7, 53, "node:22.11.0", "withDockerContainer"),
    ]


def test_kubernetes_pod_templates() -> None:
    text = (
        "pipeline {\n"
        "  agent {\n"
        "    kubernetes {\n"
        "      yaml '''\n"
        "apiVersion: v1\n"
        "kind: Pod\n"
        "spec:\n"
        "  containers:\n"
        "  - name: kaniko\n"
        "    image: gcr.io/kaniko-project/executor:v1.23.2-debug\n"
        "  initContainers:\n"
        "  - {name: init, image: 'busybox:1.37.0'}\n"
        "'''\n"
        "    }\n"
        "  }\n"
        "  stages { stage('a') { steps { sh 'true' } } }\n"
        "}\n"
        "podTemplate(containers: [\n"
        "  containerTemplate(name: 'jnlp', image: 'jenkins/inbound-agent:3283.v92c105e0f819-1'),\n"
        "]) { node(POD_LABEL) { sh 'true' } }\n"
    )
    assert found(text) == [
        (10, 12, "gcr.io/kaniko-project/executor:v1.23.2-debug", "pod"),
        (12, 26, "busybox:1.37.0", "pod"),
        (19, 43, "jenkins/inbound-agent:3283.v92c105e0f819-1", "containerTemplate"),
    ]


def test_shell_steps_pull_with_the_stage_environment() -> None:
    text = (
        "pipeline {\n"
        "  agent any\n"
        "  environment { PG = '16.4' }\n"
        "  stages {\n"
        "    stage('Test') {\n"
        "      environment { REDIS = 'redis:7.4.1' }\n"
        "      steps {\n"
        "        sh '''\n"
        "          docker run --rm $REDIS redis-cli ping\n"
        "          docker pull postgres:${PG}\n"
        "        '''\n"
        '        sh(script: "docker run alpine:${env.BUILD_NUMBER}", returnStatus: true)\n'
        "      }\n"
        "    }\n"
        "    stage('Other') { steps { sh 'docker run $REDIS' } }\n"
        "  }\n"
        "}\n"
    )
    scan = scan_ci(text, system="jenkins")
    # (REDIS is the Test stage's only; BUILD_NUMBER only a build knows: neither is read)
    assert [(o.line, o.column, o.text, o.context["job"]) for o in scan] == [
        (9, 11, "redis:7.4.1", "Test"),  # (at its command: written $REDIS)
        (10, 23, "postgres:16.4", "Test"),
    ]


def test_a_shared_library_class_runs_script_sh() -> None:
    # goharbor/harbor-helm test/e2e/Jenkinsfile (abridged): `script.sh """…"""` in a class,
    # `\$` a shell's dollar, `${namespace}` a field of the class (a build's).
    text = (
        "class Executor implements Serializable {\n"
        "    Script script\n"
        "    void preInstall() {\n"
        '        script.sh """\n'
        "            docker build -t deployer:dev -f test/e2e/Dockerfile test/e2e\n"
        "            docker run -i --rm -v \\${KUBE}:/root/.kube/config deployer:dev \\\n"
        "                kubectl delete namespace ${namespace}\n"
        "            docker run --rm bitnami/kubectl:1.31.3 version\n"
        '        """\n'
        "    }\n"
        "}\n"
    )
    assert [(o.line, o.text) for o in scan_ci(text, system="jenkins")] == [
        (6, "deployer:dev"),
        (8, "bitnami/kubectl:1.31.3"),
    ]
    assert [i.name for i in built_images(text, system="jenkins", path="Jenkinsfile").built] == [
        "deployer"
    ]


def test_what_a_pipeline_builds_is_not_a_pull(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        tmp_path / "Jenkinsfile",
        "pipeline {\n"
        "  agent { dockerfile { filename 'ci/Dockerfile'; additionalBuildArgs '-t acme/ci:1' } }\n"
        "  stages { stage('x') { steps {\n"
        "    script { docker.build(\"acme/web:${env.BUILD_ID}\", '-f web/Dockerfile .') }\n"
        "    sh 'docker build -t acme/api:latest api'\n"
        "  } } }\n"
        "}\n",
    )
    write(
        tmp_path / "k8s" / "app.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
        "  - {name: a, image: 'acme/web:latest'}\n  - {name: b, image: 'acme/api:latest'}\n"
        "  - {name: c, image: 'acme/ci:latest'}\n  - {name: d, image: 'acme/other:latest'}\n",
    )
    monkeypatch.chdir(tmp_path)
    manifest = os.path.join("k8s", "app.yaml")
    for scan in (find_references("."), find_references(manifest)):  # (alone as in the scan)
        built = {o.text: o.built.line if o.built else None for o in scan if o.kind == "kubernetes"}
        assert built == {
            "acme/web:latest": 4,
            "acme/api:latest": 5,
            "acme/ci:latest": 2,
            "acme/other:latest": None,
        }
        assert [f.line for f in check(scan, as_of=DAY) if f.path == manifest] == [9]


def test_suppression_comments(tmp_path: Path) -> None:
    text = (
        "node {\n"
        "  // tagsense: ignore[TS001]\n"
        "  docker.image('redis:latest').pull()\n"
        "  docker.image('nginx:latest').pull()  /* tagsense: ignore */\n"
        "  echo 'the line after a comment is covered too'\n"
        "  docker.image('mongo:latest').pull()\n"
        "}\n"
    )
    path = write(tmp_path / "Jenkinsfile", text)
    findings = check(find_references(str(path)), as_of=DAY)
    assert [(f.line, f.code) for f in findings] == [(6, "TS001")]


def test_jenkinsfiles_are_found_by_their_names(tmp_path: Path) -> None:
    for name in ("Jenkinsfile", "ci/Jenkinsfile.release", "jenkins/deploy.jenkinsfile"):
        write(tmp_path / name, f"node {{ docker.image('alpine:3.21.{len(name)}').pull() }}\n")
    write(tmp_path / "Jenkinsfiles" / "README", "not one\n")
    # (jenkinsci/docker's tests/jenkinsfile.bats is a test of one, not one)
    write(tmp_path / "tests" / "jenkinsfile.bats", "docker.image('alpine:3.21.0').pull()\n")
    texts = sorted(o.text for o in find_references(str(tmp_path)))
    assert texts == ["alpine:3.21.11", "alpine:3.21.22", "alpine:3.21.26"]
    assert ci_system("a/Jenkinsfile-nightly") == "jenkins"
    assert ci_system("JenkinsfileHelper.groovy") is None
    assert command_file_kind("Jenkinsfile") == "ci"


#: Pieces of Groovy that make pipelines, and broken ones.
_PIECES = [
    *"{}()[].,:=$\\\n ", "agent", "docker", "image", "sh", "environment", "withEnv",
    "registryUrl", "yaml", "containers", "containerTemplate", "params", "env", "def", "A",
    "'x:1'", '"y:${A}"', "'" * 3, '"' * 3, "//", "/*", "*/", "'https://r.io'", "- image: z:2",
]  # fmt: skip


@given(st.lists(st.sampled_from(_PIECES), max_size=80).map("".join))
def test_any_text_is_read_without_an_exception(text: str) -> None:
    scan = scan_ci(text, system="jenkins")
    lines = text.count("\n") + 1
    for occurrence in scan:
        assert 1 <= occurrence.line <= lines and occurrence.column >= 1


def test_a_stray_quote_ends_at_its_line() -> None:
    # A one-quote Groovy string never spans lines: an unclosed one does not hide the rest.
    text = "node {\n  echo \"it's\n  docker.image('alpine:3.21.2').pull()\n}\n"
    assert found(text) == [(3, 17, "alpine:3.21.2", "docker.image")]


def test_a_declarative_matrix_gives_each_combination() -> None:
    # Jenkins' `matrix` (Pipeline Syntax): each axis is an environment variable of the cells;
    # an `exclude` drops the combinations all its axes match (`notValues`: none of those).
    # After 00p513-dev/rootfs-builder-debos' Jenkinsfile (VARIANT by ARCHITECTURE, two excludes).
    text = (
        "pipeline {\n  agent none\n  stages { stage('all') { matrix {\n"
        "    axes {\n"
        "      axis { name 'VARIANT'; values 'hybris', 'pdk' }\n"
        "      axis { name 'ARCHITECTURE'; values 'arm64', 'amd64' }\n"
        "    }\n"
        "    excludes { exclude {\n"
        "      axis { name 'VARIANT'; notValues 'pdk' }\n"
        "      axis { name 'ARCHITECTURE'; values 'amd64' }\n"
        "    } }\n"
        "    stages { stage('build') {\n"
        '      agent { docker { image "acme/builder-${ARCHITECTURE}:1.2.0" } }\n'
        "      steps { sh 'docker run --rm acme/${VARIANT}:${ARCHITECTURE}' }\n"
        "    } }\n"
        "  } } }\n}\n"
    )
    assert sorted(o.text for o in scan_ci(text, system="jenkins")) == [
        "acme/builder-amd64:1.2.0",
        "acme/builder-arm64:1.2.0",
        "acme/hybris:arm64",  # (hybris on amd64 is excluded)
        "acme/pdk:amd64",
        "acme/pdk:arm64",
    ]


def test_an_image_handle_only_pushed_is_no_pull() -> None:
    # Docker Pipeline's `docker.image(id)` is a handle: `inside`, `pull`, `run` and `withRun`
    # pull; `push` and `tag` publish what the job built (a published pipeline builds with
    # `sh "docker build -t ${REGISTRY}/citd-backend ."`, then pushes through such a handle).
    text = (
        "node {\n"
        '  def built = docker.image("${env.REGISTRY}/citd-backend")\n'
        "  built.push('dev')\n"
        "  def tools = docker.image('acme/tools:1.0.0')\n"
        "  tools.inside { sh 'make' }\n"
        "  docker.image('acme/app:2.0.0').tag('stable')\n"
        "}\n"
    )
    assert found(text) == [(4, 29, "acme/tools:1.0.0", "docker.image")]


def test_a_dockerfile_agent_builds_its_dockerfile_with_its_arguments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Docker Pipeline's DockerPipelineFromDockerfileScript runs
    # `docker build -t HASH ADDITIONAL_ARGS -f "DIR/FILENAME" "DIR"`: the build feeds the
    # Dockerfile its arguments, as a compose build does.
    write(
        tmp_path / "Jenkinsfile",
        "pipeline {\n"
        "  agent {\n"
        "    dockerfile {\n"
        "      dir 'ci'\n"
        "      filename 'build.Dockerfile'\n"
        "      additionalBuildArgs '--build-arg BASE=alpine:3.21.2'\n"
        "    }\n"
        "  }\n"
        "  stages { stage('x') { steps { sh 'make' } } }\n"
        "}\n",
    )
    write(tmp_path / "ci" / "build.Dockerfile", "ARG BASE=alpine:latest\nFROM ${BASE}\n")
    monkeypatch.chdir(tmp_path)
    dockerfile = os.path.join("ci", "build.Dockerfile")
    for scan in (find_references("."), find_references(dockerfile)):
        (base,) = [o for o in scan if o.path == dockerfile]
        assert base.text == "alpine:3.21.2"  # (not the ARG's default, latest)


def test_a_string_joined_with_plus_is_known_only_up_to_the_join() -> None:
    # `image "…:" + VERSION` (a Groovy expression a build evaluates): unresolved, not the
    # string alone (which would be an image nobody pulls).
    text = "def VERSION = params.V\nnode { docker.image('acme/app:' + VERSION).pull() }\n"
    (occurrence,) = scan_ci(text, system="jenkins")
    assert (occurrence.text, occurrence.unresolved) == ("acme/app:${VERSION}", ("VERSION",))
    assert occurrence.context["known_prefix"] == "acme/app:"


def test_a_file_that_is_no_text_is_one_error() -> None:
    assert [e.message for e in scan_ci(b"\x00\x01pipeline", system="jenkins").errors] == [
        "binary file (not Groovy)"
    ]
    big = scan_ci("node {}\n" * 10, system="jenkins", max_bytes=20).errors
    assert [e.message for e in big] == ["file is 80 bytes; Groovy files over 20 are skipped"]


# fabric8io/fabric8-pipeline-library@8f3562d vars/mavenTemplate.groovy (Apache-2.0;
# shortened): a shared library's step, whose images are what its caller gets by default.
SHARED_STEP = """\
def call(Map parameters = [:], body) {
    def mavenImage = parameters.get('mavenImage', 'openshift/jenkins-slave-maven-centos7:v3.11')
    def goImage = config.goImage ?: 'fabric8/go-builder:1.8.1.2'
    def label = parameters.get('label', defaultLabel)
    def joined = parameters.get('x', 'busybox') + ':1'
    podTemplate(label: label, containers: [
            containerTemplate(name: 'maven', image: "${mavenImage}", command: '/bin/sh -c'),
            containerTemplate(name: 'go', image: "${goImage}"),
            containerTemplate(name: 'other', image: "${joined}")]) {
        body()
    }
}
"""


def test_a_shared_library_step_runs_its_parameters_defaults(tmp_path: Path) -> None:
    assert ci_system("vars/mavenTemplate.groovy") == "jenkins"
    assert ci_system("src/io/fabric8/Utils.groovy") is None
    scan = scan_ci(SHARED_STEP, path="vars/mavenTemplate.groovy")
    assert [(o.line, o.text, o.unresolved) for o in scan] == [
        (7, "openshift/jenkins-slave-maven-centos7:v3.11", ()),
        (8, "fabric8/go-builder:1.8.1.2", ()),
        (9, "${joined}", ("joined",)),
    ]
    (tmp_path / "vars").mkdir()
    (tmp_path / "vars" / "mavenTemplate.groovy").write_text(SHARED_STEP)
    found = find_references(os.fspath(tmp_path))
    assert [o.line for o in found] == [7, 8, 9]


def test_a_name_given_one_of_two_images_by_a_condition_pulls_each() -> None:
    # (fabric8-pipeline-library's vars/mavenTemplate.groovy: the jnlp container's image)
    step = (
        "def jnlpImage = (flow.isOpenShift()) ? 'quay.io/openshift/origin-jenkins-agent-base:v4.0'"
        " : 'jenkinsci/jnlp-slave:2.62'\n"
        "def other = x ? 'a:1' : 'b:1'\nother = 'c:1'\n"
        "podTemplate(containers: [containerTemplate(name: 'jnlp', image: \"${jnlpImage}\"),\n"
        "    containerTemplate(name: 'o', image: \"${other}\")]) { sh 'make' }\n"
    )
    scan = scan_ci(step, path="vars/mavenTemplate.groovy")
    assert [(o.line, o.text, o.unresolved) for o in scan] == [
        (4, "quay.io/openshift/origin-jenkins-agent-base:v4.0", ()),
        (4, "jenkinsci/jnlp-slave:2.62", ()),
        (5, "${other}", ("other",)),
    ]


WHEN_GUARDED = """\
pipeline {
  agent any
  environment { BASE = 'alpine' }
  stages {
    stage('Defaults') { steps { script { env.SUITE = 'stable' } } }
    stage('Set ENV live build') {
      when { branch "master" }
      steps { script { env.TAG = 'latest'; env.SUITE = 'edge' } }
    }
    stage('Set ENV dev build') {
      when { not { branch "master" } }
      steps { script { env.TAG = 'develop' } }
    }
    stage('Test') {
      steps {
        sh '''docker pull ghcr.io/example/ci:${TAG}
docker run busybox:${SUITE}'''
      }
    }
    stage('Pin') { steps { script { env.SUITE = 'pinned' } } }
    stage('After') { steps { sh 'docker run debian:${SUITE}' } }
  }
}
"""


def test_env_values_of_when_guarded_stages_are_each_an_alternative() -> None:
    """linuxserver/docker-duplicati's Jenkinsfile (the template of every linuxserver docker-*
    repository) sets ``env.CITEST_IMAGETAG`` to 'latest' in a stage ``when { branch "master"
    }`` and to 'develop' in the others: a later ``docker pull …:${CITEST_IMAGETAG}`` pulls
    each, as Jenkins runs one branch's pipeline. A value no guarded stage changes is one;
    a name a guarded stage may leave alone keeps its earlier value too; an unguarded stage
    after them all decides alone."""
    texts = sorted({(o.line, o.text) for o in scan_ci(WHEN_GUARDED, system="jenkins")})
    assert texts == [
        (16, "ghcr.io/example/ci:develop"),
        (16, "ghcr.io/example/ci:latest"),
        (17, "busybox:edge"),
        (17, "busybox:stable"),
        (21, "debian:pinned"),
    ]


def test_a_script_a_shell_step_runs_sees_each_guarded_stage_s_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The step's own text need not name the variable: the script it runs reads it from the
    environment (linuxserver/docker-duplicati's shape, its pull moved to a script)."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TAG", raising=False)
    write(tmp_path / "ci" / "pull.sh", "#!/bin/sh\ndocker pull ghcr.io/example/ci:${TAG}\n")
    stages = WHEN_GUARDED.split("    stage('Test')")[0]
    write(
        tmp_path / "Jenkinsfile",
        stages + "    stage('Test') { steps { sh './ci/pull.sh' } }\n  }\n}\n",
    )
    pulled = sorted(o.text for o in find_references(".") if o.path == os.path.join("ci", "pull.sh"))
    assert pulled == ["ghcr.io/example/ci:develop", "ghcr.io/example/ci:latest"]


def test_inside_a_guarded_stage_its_own_values_are_no_alternatives() -> None:
    """A step of the stage that set the value runs only in the runs that stage runs in."""
    text = (
        "pipeline {\n  agent any\n  stages {\n"
        "    stage('Dev') {\n      when { not { branch 'main' } }\n"
        "      steps { script { env.TAG = 'develop' } }\n    }\n"
        "    stage('Live') {\n      when { branch 'main' }\n"
        "      steps {\n        script { env.TAG = 'latest' }\n"
        "        sh 'docker pull ghcr.io/example/ci:${TAG}'\n      }\n    }\n"
        "    stage('Test') { steps { sh 'docker pull ghcr.io/example/ci:${TAG}' } }\n"
        "  }\n}\n"
    )
    assert sorted({(o.line, o.text) for o in scan_ci(text, system="jenkins")}) == [
        (12, "ghcr.io/example/ci:latest"),
        (15, "ghcr.io/example/ci:develop"),
        (15, "ghcr.io/example/ci:latest"),
    ]

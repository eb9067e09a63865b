"""Skaffold: built names, Dockerfile builds, profiles, requires (sources.builds.skaffold)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from tagsense.sources import BuildSite
from tagsense.sources.builds.skaffold import read_skaffold

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


def write(directory: Path, name: str, text: str) -> str:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return str(path)


def names(result: object) -> list[str]:
    return [image.name for image in result.built]  # type: ignore[attr-defined]


def test_artifacts_are_built_names_and_docker_builds(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "skaffold.yaml",
        """\
apiVersion: skaffold/v4beta11
kind: Config
build:
  platforms: [linux/amd64]
  artifacts:
    - image: api
      context: services/api
      docker:
        dockerfile: build/Dockerfile
        target: release
        buildArgs:
          GO_VERSION: "1.22"
          TAG: "{{.TAG}}"
          FROM_ENV:
    - image: web
    - image: worker
      ko: {}
    - image: ghcr.io/acme/jib
      jib: {}
""",
    )
    result = read_skaffold(path)
    assert result.scan.errors == ()
    assert names(result) == ["api", "web", "worker", "ghcr.io/acme/jib"]
    assert [image.site for image in result.built][:2] == [
        BuildSite("skaffold", path, 6),
        BuildSite("skaffold", path, 15),
    ]
    api, web = result.builds
    assert api.name == "api"
    assert api.context == os.path.join(str(tmp_path), "services", "api")
    assert api.dockerfile == os.path.join(str(tmp_path), "services", "api", "build", "Dockerfile")
    assert api.target == "release"
    assert dict(api.args) == {"GO_VERSION": "1.22"}  # a template and a null are left out
    assert api.tags == ("api",)
    assert api.platforms == ("linux/amd64",)
    assert web.context == str(tmp_path)
    assert web.dockerfile == os.path.join(str(tmp_path), "Dockerfile")


def test_a_relative_path_stays_relative(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "apiVersion: skaffold/v3\nkind: Config\nbuild: {artifacts: [{image: a, context: src/a}]}"
    write(tmp_path, "skaffold.yaml", text)
    monkeypatch.chdir(tmp_path)
    (build,) = read_skaffold("skaffold.yaml").builds
    assert (build.context, build.dockerfile) == ("src/a", os.path.join("src", "a", "Dockerfile"))


def test_profiles_and_their_patches_build_names_too(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "skaffold.yaml",
        """\
apiVersion: skaffold/v4beta11
kind: Config
build:
  artifacts:
    - image: api
profiles:
  - name: extra
    build:
      artifacts:
        - image: debugger
          kaniko:
            dockerfile: Dockerfile.debug
  - name: patched
    patches:
      - op: add
        path: /build/artifacts/-
        value:
          image: added
      - op: replace
        path: /build/artifacts/0/image
        value: renamed
      - op: replace
        path: /build/artifacts/0/docker/dockerfile
        value: Dockerfile.other
""",
    )
    result = read_skaffold(path)
    assert names(result) == ["api", "debugger", "added", "renamed"]
    assert [build.name for build in result.builds] == ["api", "debugger", "added"]
    assert result.builds[1].dockerfile == os.path.join(str(tmp_path), "Dockerfile.debug")


def test_multi_config_files_and_requires_are_followed_once(tmp_path: Path) -> None:
    write(
        tmp_path,
        "base/skaffold.yaml",
        """\
apiVersion: skaffold/v4beta11
kind: Config
metadata: {name: db}
build: {artifacts: [{image: db}]}
---
apiVersion: skaffold/v4beta11
kind: Config
metadata: {name: cache}
build: {artifacts: [{image: cache}]}
""",
    )
    other = (
        "apiVersion: skaffold/v4\nkind: Config\nbuild: {artifacts: [{image: other}]}\n"
        "requires: [{path: skaffold.yaml}]\n"
    )
    write(tmp_path, "other.yaml", other)
    path = write(
        tmp_path,
        "skaffold.yaml",
        """\
apiVersion: skaffold/v4beta11
kind: Config
metadata: {name: app}
requires:
  - path: base
    configs: [db]
  - path: ./other.yaml
  - path: ./other.yaml
  - git: {repo: "https://github.com/acme/shared", path: skaffold.yaml}
  - configs: [tools]
build: {artifacts: [{image: app}]}
---
apiVersion: skaffold/v4beta11
kind: Config
metadata: {name: tools}
build: {artifacts: [{image: tools}]}
""",
    )
    result = read_skaffold(path)
    assert result.scan.errors == ()
    assert sorted(names(result)) == ["app", "db", "other", "tools"]
    db = next(image for image in result.built if image.name == "db")
    assert db.site == BuildSite("skaffold", os.path.join(str(tmp_path), "base", "skaffold.yaml"), 4)


def test_what_skaffold_rejects_is_an_error_never_an_exception(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "skaffold.yaml",
        """\
apiVersion: skaffold/v4beta11
kind: Config
requires: [{path: missing.yaml}]
build:
  artifacts:
    - context: x
    - image: ok
    - just-text
---
apiVersion: v1
kind: Pod
---
apiVersion: skaffold/v4
kind: Config
build: {artifacts: {image: a}}
""",
    )
    result = read_skaffold(path)
    assert names(result) == ["ok"]
    messages = [(error.line, error.message.split(":")[0]) for error in result.scan.errors]
    assert (3, "requires") in messages
    assert (6, "an artifact must name its image") in messages
    assert (8, "each of build.artifacts must be a mapping") in messages
    assert (10, "not a Skaffold configuration (apiVersion skaffold/…)") in messages
    assert (15, "build.artifacts must be a list") in messages
    bad = write(tmp_path, "bad.yaml", "build: [\n")
    assert read_skaffold(bad).scan.errors[0].message.startswith("invalid YAML")
    missing = read_skaffold(str(tmp_path / "nothing.yaml"))
    assert missing.scan.errors[0].message.startswith("cannot read")


def test_a_requires_cycle_and_a_chain_are_bounded(tmp_path: Path) -> None:
    for index in range(40):
        write(
            tmp_path,
            f"s{index}.yaml",
            f"apiVersion: skaffold/v4\nkind: Config\nbuild: {{artifacts: [{{image: i{index}}}]}}\n"
            f"requires: [{{path: s{index + 1}.yaml}}, {{path: s0.yaml}}]\n",
        )
    result = read_skaffold(str(tmp_path / "s0.yaml"))
    assert len(result.built) == 33
    assert any("deeper than 32" in error.message for error in result.scan.errors)


# --- what Skaffold's builders do with the fields (issue 12's survey) -----------------


def test_a_required_artifact_is_a_build_argument_under_its_alias(tmp_path: Path) -> None:
    # Skaffold's docker builder passes each required artifact's image as the build argument
    # its alias names (default: its image); buildArgs win over them (build_args.go).
    path = write(
        tmp_path,
        "skaffold.yaml",
        """\
apiVersion: skaffold/v4beta11
kind: Config
build:
  artifacts:
  - image: app
    context: app
    requires: [{image: base, alias: BASE}, {image: tools}, {image: other, alias: OTHER}]
    docker:
      buildArgs: {OTHER: given}
  - image: base
    context: base
  - image: kaniko-app
    requires: [{image: base, alias: BASE}]
    kaniko: {dockerfile: Dockerfile.k, target: run}
""",
    )
    result = read_skaffold(path)
    assert result.scan.errors == ()
    app, _, kaniko = result.builds
    assert dict(app.args) == {"BASE": "base", "tools": "tools", "OTHER": "given"}
    assert dict(kaniko.args) == {"BASE": "base"}
    assert kaniko.dockerfile == os.path.join(str(tmp_path), "Dockerfile.k")
    assert kaniko.target == "run"


def test_build_argument_templates_read_the_environment(tmp_path: Path) -> None:
    # Skaffold evaluates each buildArgs value as a Go template over the environment
    # (util.EvaluateEnvTemplateMap); what it cannot know here is left out.
    path = write(
        tmp_path,
        "skaffold.yaml",
        """\
apiVersion: skaffold/v4beta11
kind: Config
build:
  artifacts:
  - image: app
    requires: [{image: base, alias: BASE}]
    docker:
      buildArgs:
        VERSION: "{{.VERSION}}"
        FULL: "v{{ .MAJOR }}.{{.MINOR}}"
        UNSET: "{{.NOT_SET}}"
        PIPED: '{{default "1" .MAJOR}}'
        BASE: "{{.NOT_SET}}"
""",
    )
    env = {"VERSION": "1.22", "MAJOR": "2", "MINOR": "5"}
    (build,) = read_skaffold(path, env=env).builds
    # (BASE: buildArgs win over the alias, and its value is not known here)
    assert dict(build.args) == {"VERSION": "1.22", "FULL": "v2.5"}
    (build,) = read_skaffold(path).builds
    assert dict(build.args) == {}


def test_other_builders_base_images_are_pulled_where_they_are_written(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "skaffold.yaml",
        """\
apiVersion: skaffold/v4beta11
kind: Config
build:
  artifacts:
  - {image: app,  jib: {fromImage: gcr.io/distroless/java21-debian12:debug}}
  - {image: app2, buildpacks: {builder: gcr.io/buildpacks/builder:v1}}
  - {image: app3, ko: {fromImage: gcr.io/distroless/static-debian11:nonroot}}
  - image: app4
    buildpacks: {builder: "paketobuildpacks/builder-jammy-base:0.4", runImage: BASE}
    requires: [{image: base, alias: BASE}]
  - {image: base, jib: {}}
  - {image: app5, ko: {}, kaniko: {image: "gcr.io/kaniko-project/executor:v1.23.2"}}
  googleCloudBuild: {dockerImage: "gcr.io/cloud-builders/docker:24"}
profiles:
  - name: p
    build:
      artifacts:
      - {image: app6, jib: {fromImage: "eclipse-temurin:21-jre"}}
""",
    )
    result = read_skaffold(path)
    assert result.scan.errors == ()
    with open(path) as handle:
        lines = handle.read().splitlines()

    def at(line: int, raw: str) -> tuple[int, int]:
        return line, lines[line - 1].index(raw) + 1

    found = [((o.line, o.column), o.raw, o.text, dict(o.context)) for o in result.scan]
    assert all(o.kind == "skaffold" for o in result.scan)
    assert found == [
        (at(5, "gcr.io"), "gcr.io/distroless/java21-debian12:debug",
         "gcr.io/distroless/java21-debian12:debug",
         {"artifact": "app", "field": "jib.fromImage"}),
        (at(6, "gcr.io"), "gcr.io/buildpacks/builder:v1", "gcr.io/buildpacks/builder:v1",
         {"artifact": "app2", "field": "buildpacks.builder"}),
        (at(7, "gcr.io"), "gcr.io/distroless/static-debian11:nonroot",
         "gcr.io/distroless/static-debian11:nonroot",
         {"artifact": "app3", "field": "ko.fromImage"}),
        (at(9, "paketo"), "paketobuildpacks/builder-jammy-base:0.4",
         "paketobuildpacks/builder-jammy-base:0.4",
         {"artifact": "app4", "field": "buildpacks.builder"}),
        (at(9, "BASE"), "BASE", "base",
         {"artifact": "app4", "field": "buildpacks.runImage", "alias": "BASE"}),
        (at(12, "gcr.io"), "gcr.io/kaniko-project/executor:v1.23.2",
         "gcr.io/kaniko-project/executor:v1.23.2",
         {"artifact": "app5", "field": "kaniko.image"}),
        (at(13, "gcr.io"), "gcr.io/cloud-builders/docker:24", "gcr.io/cloud-builders/docker:24",
         {"field": "googleCloudBuild.dockerImage"}),
        (at(18, "eclipse"), "eclipse-temurin:21-jre", "eclipse-temurin:21-jre",
         {"artifact": "app6", "field": "jib.fromImage"}),
    ]  # fmt: skip
    # A required artifact's alias is that artifact's image: built where it is built.
    runs = [o for o in result.scan if o.context.get("alias")]
    assert [o.built for o in runs] == [BuildSite("skaffold", path, 11)]
    assert all(o.built is None for o in result.scan if o not in runs)
    # (ko and kaniko together: the Dockerfile builder is kaniko)
    assert [build.name for build in result.builds] == ["app5"]


def test_builder_defaults_are_not_written_so_not_reported(tmp_path: Path) -> None:
    text = (
        "apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:\n"
        "  - {image: a, jib: {}}\n  - {image: b, buildpacks: {}}\n"
        "  - {image: c, ko: {fromImage: }}\n"
        "  - {image: d, jib: {fromImage: 3}}\n"
    )
    result = read_skaffold(write(tmp_path, "skaffold.yaml", text))
    assert list(result.scan) == []
    assert [(e.line, e.message) for e in result.scan.errors] == [
        (8, "jib.fromImage must be a string")
    ]


def test_the_first_schemas_say_imagename_and_workspace(tmp_path: Path) -> None:
    # skaffold/v1alpha1 to v1alpha3: imageName, workspace, dockerfilePath (Skaffold upgrades
    # them when it reads them; v1alpha1 has dockerfilePath and buildArgs on the artifact).
    path = write(
        tmp_path,
        "skaffold.yaml",
        """\
apiVersion: skaffold/v1alpha1
kind: Config
build:
  artifacts:
  - imageName: gcr.io/acme/old
    workspace: src
    dockerfilePath: Dockerfile.prod
    buildArgs: {V: "1"}
---
apiVersion: skaffold/v1alpha2
kind: Config
build:
  artifacts:
  - imageName: two
    workspace: two
    docker: {dockerfilePath: build/Dockerfile, target: t}
""",
    )
    result = read_skaffold(path)
    assert result.scan.errors == ()
    assert names(result) == ["gcr.io/acme/old", "two"]
    old, two = result.builds
    assert old.dockerfile == os.path.join(str(tmp_path), "src", "Dockerfile.prod")
    assert dict(old.args) == {"V": "1"}
    assert two.dockerfile == os.path.join(str(tmp_path), "two", "build", "Dockerfile")
    assert two.target == "t"
    # From v1alpha4 on, imageName is no field of an artifact.
    later = write(
        tmp_path,
        "later.yaml",
        "apiVersion: skaffold/v1alpha4\nkind: Config\nbuild: {artifacts: [{imageName: x}]}\n",
    )
    (error,) = read_skaffold(later).scan.errors
    assert error.message == "an artifact must name its image"


def test_another_tools_skaffold_yaml_is_no_source(tmp_path: Path) -> None:
    # (triage-party's configuration is called skaffold.yaml; Skaffold never reads it)
    path = write(tmp_path, "skaffold.yaml", "settings:\n  name: triage\ncollections: []\n")
    result = read_skaffold(path)
    assert (result.builds, result.built, list(result.scan), result.scan.errors) == ((), (), [], ())
    # A file that requires it still hears that it is no Skaffold configuration.
    requiring = write(
        tmp_path,
        "main.yaml",
        "apiVersion: skaffold/v4\nkind: Config\nrequires: [{path: skaffold.yaml}]\n",
    )
    (error,) = read_skaffold(requiring).scan.errors
    assert error.message.startswith("not a Skaffold configuration")


def test_helm_releases_are_charts_rendered_with_the_values_skaffold_sets(
    tmp_path: Path,
) -> None:
    # pkg/skaffold/helm/args.go: setValues, then setValueTemplates (each sorted), the images
    # Skaffold builds as IMAGE_REPO_<name>, IMAGE_TAG_<name>…; valuesFiles as -f.
    path = write(
        tmp_path,
        "skaffold.yaml",
        """\
apiVersion: skaffold/v4beta11
kind: Config
build:
  artifacts:
  - image: gcr.io/acme/app
  - image: worker
manifests:
  helm:
    releases:
    - name: app
      chartPath: charts/app
      valuesFiles: [values-dev.yaml]
      setValues: {replicas: "2", env: "{{.STAGE}}"}
      setValueTemplates:
        image.repository: "{{.IMAGE_REPO_gcr_io_acme_app}}"
        image.tag: "{{.IMAGE_TAG_gcr_io_acme_app}}@{{.IMAGE_DIGEST_gcr_io_acme_app}}"
        worker:
          image: "{{.IMAGE_FULLY_QUALIFIED_worker}}"
        unknown: '{{default "x" .NOTHING}}'
    - name: remote
      remoteChart: bitnami/redis
""",
    )
    (release,) = read_skaffold(path, env={"STAGE": "dev"}).charts
    assert release.site == BuildSite("skaffold", path, 10)
    assert (release.name, release.chart) == ("app", os.path.join(str(tmp_path), "charts", "app"))
    assert release.values_files == (os.path.join(str(tmp_path), "values-dev.yaml"),)
    assert release.set_values == (
        "env=dev",
        "replicas=2",
        "image.repository=gcr.io/acme/app",
        "image.tag=latest",  # (the tag and digest only a build knows; "@" dropped as Skaffold does)
        "worker.image=worker",
    )


def test_the_older_schemas_artifact_overrides_set_the_images(tmp_path: Path) -> None:
    # Up to skaffold/v2beta29: deploy.helm.releases[].artifactOverrides (values before it),
    # upgraded by Skaffold into setValueTemplates (v2beta29/upgrade.go).
    path = write(
        tmp_path,
        "skaffold.yaml",
        """\
apiVersion: skaffold/v2beta29
kind: Config
build: {artifacts: [{image: gcr.io/acme/app}, {image: web}]}
deploy:
  helm:
    releases:
    - {name: a, chartPath: chart, artifactOverrides: {image: gcr.io/acme/app, other: nginx}}
    - name: b
      chartPath: chart
      artifactOverrides: {web: {image: web}}
      imageStrategy: {helm: {}}
    - name: c
      chartPath: chart
      artifactOverrides: {image: gcr.io/acme/app}
      imageStrategy: {helm: {explicitRegistry: true}}
---
apiVersion: skaffold/v1beta2
kind: Config
deploy: {helm: {releases: [{name: d, chartPath: old, values: {image: web}}]}}
""",
    )
    releases = read_skaffold(path).charts
    assert [(r.name, r.set_values) for r in releases] == [
        ("a", ("image=gcr.io/acme/app",)),
        ("b", ("web.image.repository=web", "web.image.tag=latest")),
        ("c", ("image.registry=gcr.io", "image.repository=acme/app", "image.tag=latest")),
        ("d", ("image=web",)),
    ]

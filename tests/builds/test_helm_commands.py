"""``helm install|upgrade|template`` and ``ct install --helm-extra-set-args`` commands of a
project's scripts and CI render its charts with their values (see ``.builds._helm_cmd``)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tagsense import find_references
from tagsense.sources.builds._helm_cmd import chart_command

if TYPE_CHECKING:
    from pathlib import Path

_TEMPLATE = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: "{{ .Values.image }}"
        {{- if .Values.proxy.enabled }}
        - name: proxy
          image: "{{ .Values.proxy.repository }}:{{ .Values.proxy.tag }}"
        {{- end }}
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # (a chart whose proxy only its test values turn on, as nextcloud/helm's nginx: survey 12)
    (tmp_path / ".git").mkdir()
    chart = tmp_path / "charts" / "web"
    write(chart / "Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n")
    write(
        chart / "values.yaml",
        "image: nginx:1.27.3\nproxy:\n  enabled: false\n  repository: haproxy\n  tag: '3.2'\n",
    )
    write(chart / "templates" / "deployment.yaml", _TEMPLATE)
    write(chart / "test-values" / "proxy.yaml", "proxy: {enabled: true}\n")
    write(chart / "test-values" / "old.yaml", "proxy: {enabled: true, tag: '3.0'}\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def found(path: str = ".") -> list[tuple[str, str, str | None, str | None, int | None]]:
    scan = find_references(path)
    assert scan.errors == ()
    rows = []
    for occurrence in scan:
        release = occurrence.context.get("release", {})
        rows.append(
            (occurrence.path, occurrence.text, release.get("tool"), release.get("path"),
             release.get("line"))
        )  # fmt: skip
    return sorted(rows)


_VALUES = os.path.join("charts", "web", "values.yaml")
_OLD = os.path.join("charts", "web", "test-values", "old.yaml")


def test_a_script_s_helm_install_renders_the_chart_with_its_values(project: Path) -> None:
    write(
        project / "scripts" / "deploy.sh",
        "#!/bin/sh\nset -e\n"
        "helm upgrade --install --wait web ./charts/web \\\n"
        "  --values=charts/web/test-values/proxy.yaml --set proxy.tag=3.3\n",
    )
    script = os.path.join("scripts", "deploy.sh")
    assert found() == [
        (_VALUES, "haproxy:3.3", "helm", script, 3),
        (_VALUES, "nginx:1.27.3", None, None, None),
    ]


@pytest.mark.parametrize(
    "go_there",
    ['cd "$(dirname "$0")"', 'SCRIPT_DIR="$(cd "$(dirname "$0")" && pwd)"\npushd "${SCRIPT_DIR}"'],
)
def test_a_script_s_install_from_its_own_directory_renders_the_chart(
    project: Path, go_there: str
) -> None:
    # NVIDIA/nim-deploy's cds-blueprint-aks/k8s_up.sh (survey 42e) goes to its own directory
    # (`pushd "${SCRIPT_DIR}"`) and installs the chart beside it with the values.yaml there:
    # the reading from anywhere, not knowing where the `pushd` goes, left the install out,
    # and the chart alone wrote an unresolved image the install's values give.
    write(
        project / "charts" / "up.sh",
        f"#!/bin/bash\n{go_there}\n"
        "helm upgrade --install web web --values web/test-values/proxy.yaml\n",
    )
    script = os.path.join("charts", "up.sh")
    line = 3 + go_there.count("\n")
    assert found() == [
        (_VALUES, "haproxy:3.2", "helm", script, line),
        (_VALUES, "nginx:1.27.3", None, None, None),
    ]


def test_a_set_value_only_the_run_knows_leaves_the_rest_of_the_install_read(
    project: Path,
) -> None:
    # zulip/docker-zulip's CI (survey s17c) installs its chart with a values file of each matrix
    # leg and `--set image.tag=pr-${{ github.event.pull_request.number }}`: before, the whole
    # command was skipped; now the image the run's tag writes is the install's (unresolved,
    # not reported), and what the values file turns on is read.
    write(
        project / ".github" / "workflows" / "helm-test.yaml",
        "on: pull_request\njobs:\n  install:\n    runs-on: ubuntu-24.04\n"
        "    strategy:\n      matrix:\n        values: [proxy, old]\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: |\n          helm install web charts/web/ \\\n"
        '            -f "charts/web/test-values/${{ matrix.values }}.yaml" \\\n'
        "            --set image=nginx:${{ github.sha }},proxy.repository=haproxy\n",
    )
    workflow = os.path.join(".github", "workflows", "helm-test.yaml")
    assert found() == [
        (_OLD, "haproxy:3.0", "helm", workflow, 11),
        (_VALUES, "haproxy:3.2", "helm", workflow, 11),
        (_VALUES, "nginx:1.27.3", None, None, None),
    ]


def test_ct_install_in_a_workflow_matrix_renders_each_leg_s_values(project: Path) -> None:
    write(
        project / ".github" / "workflows" / "lint-test.yaml",
        "on: pull_request\njobs:\n  install:\n    runs-on: ubuntu-24.04\n"
        "    strategy:\n      matrix:\n        test_cases: [proxy, old]\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: ct install --target-branch main --helm-extra-set-args"
        ' "--values charts/web/test-values/${{ matrix.test_cases }}.yaml"\n',
    )
    rows = found()
    assert [(path, text, tool) for path, text, tool, _, _ in rows] == [
        (_OLD, "haproxy:3.0", "ct"),
        (_VALUES, "haproxy:3.2", "ct"),
        (_VALUES, "nginx:1.27.3", None),
    ]


def test_a_script_a_workflow_runs_installs_the_chart_with_its_values(project: Path) -> None:
    # trinodb/charts (commit c4a100f, Apache-2.0), cut down: its workflow runs
    # ./tests/trino/test.sh, which cds to its own directory and runs `ct install
    # --charts=../../charts/trino --helm-extra-set-args "$HELM_EXTRA_SET_ARGS
    # ${testCases[$test_name]}"` (the first empty but for its `-a` option, the second `--values
    # test-values.yaml`): two levels down, no scan of the chart reads the script itself, and the
    # installs of a script a workflow runs were dropped; the run's word skipped the command
    # (survey s40c: 7 images of the test values and test pods missed).
    write(
        project / ".github" / "workflows" / "ci.yaml",
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: ./tests/web/test.sh\n",
    )
    write(project / "tests" / "web" / "test-values.yaml", "proxy: {enabled: true, tag: '3.1'}\n")
    script = write(
        project / "tests" / "web" / "test.sh",
        '#!/usr/bin/env bash\ncd "$(dirname "$0")"\nEXTRA=\n'
        'declare -A cases=(\n  [default]=""\n  [proxy]="--values test-values.yaml"\n)\n'
        "for name in default proxy; do\n"
        '  ct install --charts=../../charts/web --helm-extra-set-args "$EXTRA ${cases[$name]}"\n'
        "done\n",
    )
    script.chmod(0o755)
    rows = found()
    assert [(path, text) for path, text, _, _, _ in rows] == [
        (_VALUES, "nginx:1.27.3"),
        (os.path.join("tests", "web", "test-values.yaml"), "haproxy:3.1"),
    ]
    # (a word of the extra arguments that is wholly a run's is options a user may add)
    program, *arguments = [
        "ct",
        "install",
        "--charts",
        "c",
        "--helm-extra-set-args",
        "\ue000 -f a.yaml",
    ]
    chart = chart_command(program, arguments, 1, "")
    assert chart is not None
    assert list(chart.values_files) == ["a.yaml"]
    # (one that a run only completes is no file known)
    arguments[-1] = "-f a\ue000.yaml"
    assert chart_command(program, arguments, 1, "") is None


def test_helm_template_installs_only_what_kubectl_applies(project: Path) -> None:
    # jupyterhub/zero-to-jupyterhub-k8s test-chart.yaml renders its chart with mock images to
    # validate it (`helm template --validate … --values …`): nothing is pulled. Piped into
    # `kubectl apply -f -`, the rendered release is installed.
    workflow = write(
        project / ".github" / "workflows" / "test.yaml",
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - run: helm template --validate web ./charts/web"
        " --values charts/web/test-values/proxy.yaml\n"
        "      - run: helm template web ./charts/web -f charts/web/test-values/old.yaml"
        " | kubeconform -strict\n",
    )
    assert found() == [(_VALUES, "nginx:1.27.3", None, None, None)]
    workflow.write_text(
        workflow.read_text()
        + "      - run: helm template web ./charts/web --values charts/web/test-values/old.yaml"
        " | sudo kubectl apply -n web -f -\n"
    )
    rows = found()
    assert [(path, text, tool, line) for path, text, tool, _, line in rows] == [
        (_OLD, "haproxy:3.0", "helm", 8),
        (_VALUES, "nginx:1.27.3", None, None),
    ]


@pytest.mark.parametrize("applied", [True, False])
def test_helm_template_alone_installs_nothing(applied: bool) -> None:
    arguments = ["-n", "ns", "template", "./c", "-f", "a.yaml"]
    chart = chart_command("helm", arguments, 1, "", applied=applied)
    assert (chart is not None) is applied
    install = chart_command(
        "helm", ["install", "web", "./c", "-f", "a.yaml"], 1, "", applied=applied
    )
    assert install is not None


def test_values_of_no_chart_and_remote_charts_are_not_the_project_s(project: Path) -> None:
    write(project / "ci-values" / "proxy.yaml", "proxy: {enabled: true}\n")
    write(
        project / ".github" / "workflows" / "test.yaml",
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-24.04\n    steps:\n"
        '      - run: ct install --helm-extra-set-args "--values ci-values/proxy.yaml"\n'
        "      - run: helm install redis bitnami/redis -f charts/web/test-values/proxy.yaml\n"
        "      - run: helm install web ./charts/web -f charts/web/test-values/missing.yaml\n"
        "      - run: helm install web ./charts/web --set-file proxy=x.txt"
        " -f charts/web/test-values/proxy.yaml\n",
    )
    assert found() == [(_VALUES, "nginx:1.27.3", None, None, None)]


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (
            "helm install web ./c -f a.yaml --values=b.yaml,c.yaml",
            ("web", ["a.yaml", "b.yaml", "c.yaml"], []),
        ),
        ("helm -n ns template ./c -fa.yaml --set x=1", ("", ["a.yaml"], ["x=1"])),
        ("helm upgrade -i --namespace ns web ./c --set-string tag=v1", ("web", [], ["tag=v1"])),
        ("helm install -g ./c -f a.yaml", ("", ["a.yaml"], [])),
    ],
)
def test_helm_commands_are_read_as_helm_reads_them(
    command: str, expected: tuple[str, list[str], list[str]]
) -> None:
    program, *arguments = command.split()
    chart = chart_command(program, arguments, 1, "")
    assert chart is not None
    assert chart.charts == ("./c",)
    assert (chart.name, list(chart.values_files), list(chart.set_values)) == expected


@pytest.mark.parametrize(
    "command",
    [
        "helm lint ./c -f a.yaml",
        "helm install web ./c -f -",  # (from stdin)
        "helm install web ./c -f https://example.com/v.yaml",
        "helm install web ./c --set-string tag=1.0",  # (--set would read a number)
        "helm install web ./c --set-json x={}",
        "helm install web ./c -f",
        "helm install web ./c --set \ue000=1",  # (which key, a run decides: the shell's mark)
        "ct install --charts c",  # (chart-testing's own installs: ci/*-values.yaml)
        "ct lint --helm-extra-set-args --values=a.yaml",
        'ct install --helm-extra-set-args "--set x=1"',  # (for every chart: none told apart)
    ],
)
def test_what_helm_or_ct_renders_unknowably_is_no_install(command: str) -> None:
    import shlex

    program, *arguments = shlex.split(command)
    assert chart_command(program, arguments, 1, "") is None


def test_options_only_a_run_gives_after_the_chart_leave_the_install_read(
    project: Path,
) -> None:
    # openreplay's scripts/helmcharts/init.sh: `helm upgrade --install openreplay ./openreplay
    # -n app --create-namespace --wait -f ./vars.yaml --atomic --debug ${HELM_OPTIONS}`, with
    # HELM_OPTIONS set nowhere (what a user may add): the install was skipped, vars.yaml unread.
    write(
        project / "scripts" / "deploy.sh",
        "#!/bin/sh\nhelm upgrade --install web ./charts/web "
        "-f charts/web/test-values/proxy.yaml --atomic ${HELM_OPTIONS}\n",
    )
    script = os.path.join("scripts", "deploy.sh")
    assert found() == [
        (_VALUES, "haproxy:3.2", "helm", script, 2),
        (_VALUES, "nginx:1.27.3", None, None, None),
    ]
    # (a second word only a run knows is no options word: which operands, a run decides)
    program, *arguments = ["helm", "install", "\ue000", "./c", "-f", "a.yaml"]
    assert chart_command(program, arguments, 1, "") is None


def test_an_image_the_chart_leaves_to_its_installs_is_the_installs(project: Path) -> None:
    # openreplay's subcharts write `{{ tpl .Values.image.registry . }}/alerts:…`, whose
    # registry is `{{ .Values.global.openReplayContainerRegistry }}`, set only in the
    # vars.yaml its install passes: alone, the chart renders `/alerts:v1.27.2` (19 false
    # TS012); as the project installs it, `public.ecr.aws/p1t3u8a3/alerts:v1.27.2`.
    chart = project / "charts" / "web"
    write(
        chart / "values.yaml",
        "global: {}\nimage: '{{ .Values.global.registry }}/web:1.4.2'\n"
        "proxy: {enabled: true, repository: '{{ .Values.global.registry }}/proxy', tag: '3.2'}\n",
    )
    write(
        chart / "templates" / "deployment.yaml",
        _TEMPLATE.replace(".Values.image }}", "tpl .Values.image . }}"),
    )
    # (and its `/connector:v1.27.0`, a part every install of the project turns off)
    write(project / "vars.yaml", "global: {registry: ghcr.io/acme}\nproxy: {enabled: false}\n")
    assert [(o.text, o.reference) for o in find_references(".")] == [
        ("/web:1.4.2", None),
        ("{{ .Values.global.registry }}/proxy:3.2", None),
    ]
    write(project / "deploy.sh", "#!/bin/sh\nhelm install web ./charts/web -f vars.yaml\n")
    assert found() == [(_VALUES, "ghcr.io/acme/web:1.4.2", "helm", "deploy.sh", 2)]


def test_a_makefile_recipe_s_helm_install_renders_the_chart_with_its_values(
    project: Path,
) -> None:
    # `make deploy`: Make's variables put in, the recipe run in the Makefile's directory.
    write(
        project / "Makefile",
        "CHART := ./charts/web\n"
        # (a directory only a run makes; the repository's top would be known, see test_make)
        "VALUES ?= $(shell mktemp -d)/charts/web/test-values/proxy.yaml\n"
        "TEST_VALUES = charts/web/test-values\n"
        ".PHONY: deploy\ndeploy:\n"
        "\t$(HELM) upgrade --install web $(CHART) -f $(TEST_VALUES)/proxy.yaml"
        " --set proxy.tag=3.3\n"
        "undecided:\n\thelm install web $(CHART) -f $(VALUES)\n",
    )
    assert found() == [
        (_VALUES, "haproxy:3.3", "helm", "Makefile", 6),
        (_VALUES, "nginx:1.27.3", None, None, None),
    ]


def test_a_chart_s_example_makefile_two_levels_down_installs_it(project: Path) -> None:
    # elastic/helm-charts@2fd64d0a: each chart's examples/NAME/Makefile installs it with the
    # example's values (`helm upgrade --install --values values.yaml R ../../`); the oss
    # example's image was missed from a scan of the repository (3 charts, survey s39d)
    chart = project / "charts" / "web"
    write(chart / "examples" / "proxy" / "values.yaml", "proxy: {enabled: true, tag: '3.1'}\n")
    write(
        chart / "examples" / "proxy" / "Makefile",
        "RELEASE := web-proxy\ninstall:\n"
        "\thelm upgrade --wait --install --values values.yaml $(RELEASE) ../../\n",
    )
    assert found() == [
        (
            "charts/web/examples/proxy/values.yaml",
            "haproxy:3.1",
            "helm",
            "charts/web/examples/proxy/Makefile",
            3,
        ),
        (_VALUES, "nginx:1.27.3", None, None, None),
    ]


def test_a_values_file_named_by_an_absolute_path_is_reported_relative(project: Path) -> None:
    # vdaas/vald@02b97d9's Makefile.d/k8s.mk: `-f $(ROOTDIR)/charts/vald/values/…`, the
    # repository's top; its images were reported at an absolute path (survey s39d)
    write(
        project / "Makefile",
        "ROOTDIR = $(shell git rev-parse --show-toplevel)\ndeploy:\n"
        "\thelm install web charts/web -f $(ROOTDIR)/charts/web/test-values/old.yaml\n",
    )
    rows = found()
    assert rows[0][:2] == ("charts/web/test-values/old.yaml", "haproxy:3.0")


def test_a_taskfile_task_s_helm_install_renders_the_chart_with_its_values(
    project: Path,
) -> None:
    # `task deploy`: the task's vars put in, run in the task's dir.
    write(
        project / "Taskfile.yml",
        "version: '3'\nvars:\n  CHART: web\ntasks:\n  deploy:\n    dir: charts\n"
        "    vars:\n      VALUES: '{{.CHART}}/test-values/old.yaml'\n"
        "    cmds:\n      - helm upgrade --install {{.CHART}} ./{{.CHART}} -f {{.VALUES}}\n"
        "  unknown:\n    cmds:\n      - helm install web ./charts/web -f {{.CLI_ARGS}}\n",
    )
    assert found() == [
        (_OLD, "haproxy:3.0", "helm", "Taskfile.yml", 10),
        (_VALUES, "nginx:1.27.3", None, None, None),
    ]


def test_a_values_file_no_make_or_task_command_passes_stays_unread(project: Path) -> None:
    # (precision: example values a user may pass are not the project's installs)
    write(
        project / "Makefile",
        "lint:\n\thelm lint ./charts/web -f charts/web/test-values/proxy.yaml\n",
    )
    write(
        project / "Taskfile.yml",
        "version: '3'\ntasks:\n  show:\n    cmds:\n"
        "      - echo helm install web ./charts/web -f charts/web/test-values/proxy.yaml\n",
    )
    assert found() == [(_VALUES, "nginx:1.27.3", None, None, None)]


def test_what_is_kept_between_runs_is_found_from_another_directory(
    project: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What a Makefile says is kept on disk with paths as found from where tagsense ran:
    # a run from inside the chart lost the install a run from the root had kept.
    monkeypatch.delenv("TAGSENSE_NO_CACHE", raising=False)
    monkeypatch.setenv("TAGSENSE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    write(
        project / "Makefile",
        "deploy:\n\thelm install web charts/web -f charts/web/test-values/old.yaml\n",
    )
    assert "haproxy:3.0" in [text for _, text, _, _, _ in found()]
    monkeypatch.chdir(project / "charts" / "web")
    for _ in range(2):  # (kept, then found again)
        assert "haproxy:3.0" in [text for _, text, _, _, _ in found()]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (".gitlab-ci.yml", "deploy:\n  script:\n    - helm install web ./charts/web {values}\n"),
        (
            "azure-pipelines.yml",
            "steps:\n  - script: helm install web ./charts/web {values}\n  - template: t.yml\n",
        ),
    ],
)
def test_a_gitlab_or_azure_job_s_helm_install_renders_the_chart(
    project: Path, name: str, text: str
) -> None:
    # (their readers dropped the installs their jobs' scripts run; GitHub's kept them)
    write(project / "t.yml", "steps:\n  - script: echo\n")
    write(project / name, text.format(values="-f charts/web/test-values/old.yaml"))
    assert (_OLD, "haproxy:3.0", "helm", name, 3 if name.startswith(".") else 2) in found()


#: dragonflyoss/dragonfly@66db4564 .github/workflows/e2e-compatibility.yml (Apache-2.0; trimmed):
#: the chart is a submodule's (deploy/helm-charts), not in the checkout; each matrix leg sets
#: one component's image whole.
_SUBMODULE_CHART_WORKFLOW = """\
name: E2E Test With Compatibility(API v2 - Rust Client)
on: push
env:
  DRAGONFLY_CHARTS_PATH: deploy/helm-charts/charts/dragonfly
jobs:
  compatibility_e2e_tests:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        module:
          - manager
          - scheduler
        include:
          - module: manager
            image: manager
            image-tag: v2.5.1
            chart-name: manager
          - module: scheduler
            image: scheduler
            image-tag: v2.5.1
            chart-name: scheduler
    steps:
      - name: Setup dragonfly
        run: |
          helm install --wait --timeout 15m --dependency-update --create-namespace \
            --namespace dragonfly-system \
            --set ${{ matrix.chart-name }}.image.tag=${{ matrix.image-tag }} \
            --set ${{ matrix.chart-name }}.image.repository=dragonflyoss/${{ matrix.image }} \
            -f test/testdata/charts/config.yaml dragonfly ${{ env.DRAGONFLY_CHARTS_PATH }}
"""


def test_set_images_of_a_chart_not_in_the_checkout_are_pulls(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".github" / "workflows" / "e2e.yml", _SUBMODULE_CHART_WORKFLOW)
    write(tmp_path / "test" / "testdata" / "charts" / "config.yaml", "manager: {}\n")
    scan = find_references(str(tmp_path))
    assert sorted((o.line, o.kind, o.text, o.context["engine"]) for o in scan) == [
        (25, "shell", "dragonflyoss/manager:v2.5.1", "helm"),
        (25, "shell", "dragonflyoss/scheduler:v2.5.1", "helm"),
    ]


def test_set_images_of_a_registry_s_chart_and_not_of_the_project_s(project: Path) -> None:
    write(
        project / ".github" / "workflows" / "test.yaml",
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - run: helm install x oci://ghcr.io/acme/charts/x"
        " --set image.repository=acme/x --set image.tag=1.2.3\n"
        "      - run: helm install y bitnami/redis --set image.registry=docker.io"
        " --set image.repository=bitnami/redis,image.tag=7.4.2\n"
        "      - run: helm install z oci://ghcr.io/acme/charts/z --set image.tag=1.0.0\n"
        "      - run: helm install web ./charts/web --set image.repository=nope"
        " --set image.tag=9.9.9\n",
    )
    rows = [(row[1], row[2]) for row in found() if row[0].startswith(".github")]
    # (the project's chart renders its own values with them; z's repository: the chart's)
    assert rows == [("acme/x:1.2.3", None), ("docker.io/bitnami/redis:7.4.2", None)]


@given(
    st.from_regex(r"[a-z][a-zA-Z0-9]{0,8}(\.[a-z][a-z0-9]{0,5}){0,2}", fullmatch=True),
    st.from_regex(r"[a-z0-9]+(/[a-z0-9-]+){0,2}", fullmatch=True),
    st.from_regex(r"[\w][\w.-]{0,20}", fullmatch=True),
    st.text(max_size=30),
)
def test_an_image_map_set_whole_is_one_image_whatever_else_is_set(
    prefix: str, repository: str, tag: str, other: str
) -> None:
    from tagsense.sources.builds._helm_cmd import ShellChart, set_images

    sets = (f"{prefix}.image.tag={tag}", f"{prefix}.image.repository={repository}", other)
    chart = ShellChart(
        line=1, tool="helm", name="x", charts=("oci://r/c",), chart_dirs=(), values_files=(),
        set_values=sets, workdir="",
    )  # fmt: skip
    assert f"{repository}:{tag}" in set_images(chart)

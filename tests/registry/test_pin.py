"""`tagsense pin` and `tagsense.registry.plan_pins`, end to end against a real registry."""

from __future__ import annotations

import os
import re
import stat
from typing import TYPE_CHECKING

import pytest

from tagsense import scan_paths
from tagsense._edit import FileChanged
from tagsense.cli import main
from tagsense.registry import plan_pins

from ._cli import run, write
from .harness import free_port

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from tagsense.registry import Client

    from .conftest import Seeded


def pinned(registry: Seeded, text: str, *refs: str) -> str:
    """``text`` with each of ``refs`` (``repository:tag``) given its digest in the registry."""
    for ref in refs:
        repository, _, tag = ref.partition(":")
        full = f"{registry.host}/{ref}"
        digest = registry.digest(repository, tag)
        # (the whole reference only: python:3.13 is not in python:3.13.1)
        text = re.sub(re.escape(full) + r"(?![\w.@-])", f"{full}@{digest}", text)
    return text


# --- every source, in place ----------------------------------------------------------------------


def test_every_kind_of_source_is_pinned_in_place_byte_for_byte(
    registry: Seeded, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    h = registry.host
    files: dict[str, str | bytes] = {
        # A BOM, CRLF, a continuation line, a directive, no final newline.
        "Dockerfile": (
            f"\ufeff# syntax={h}/acme/api:1.4\r\n"
            f"FROM \\\r\n    {h}/library/python:3.12-slim AS build\r\n"
            "RUN echo hi  # a comment\r\n"
            f"FROM {h}/library/redis:7.2\r\n"
            f"COPY --from={h}/acme/oci:2 /x /y"
        ),
        "compose.yaml": (
            "services:\n"
            "  web:\n"
            f'    image: "{h}/library/redis:7.2.4"   # quoted\n'
            f"  api: {{image: '{h}/acme/api:1.4'}}\n"
            "  tool:\n"
            f"    image: &tool {h}/library/python:3.13\n"
        ),
        "k8s/deploy.yaml": (
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n"
            "  template:\n    spec:\n      containers:\n"
            f"        - name: web\n          image: {h}/library/python:3.12.8-slim\n"
        ),
        ".github/workflows/ci.yml": (
            "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
            f"    container: {h}/library/python:3.13.1\n"
            f"    steps:\n      - uses: docker://{h}/acme/api:1.4.2\n"
        ),
    }
    write(project, files)
    code, out, err = run(capsys, "pin")
    assert code == 0, err
    dockerfile = (project / "Dockerfile").read_bytes().decode()
    assert isinstance(files["Dockerfile"], str)
    assert dockerfile == pinned(
        registry,
        files["Dockerfile"],
        "acme/api:1.4",
        "library/python:3.12-slim",
        "library/redis:7.2",
        "acme/oci:2",
    )
    assert (project / "Dockerfile").read_bytes().startswith(b"\xef\xbb\xbf# syntax=")
    assert not (project / "Dockerfile").read_bytes().endswith(b"\n")
    for name in ("compose.yaml", "k8s/deploy.yaml", ".github/workflows/ci.yml"):
        content = files[name]
        assert isinstance(content, str)
        expected = pinned(
            registry,
            content,
            "library/redis:7.2.4",
            "acme/api:1.4",
            "library/python:3.13",
            "library/python:3.12.8-slim",
            "library/python:3.13.1",
            "acme/api:1.4.2",
        )
        assert (project / name).read_text() == expected, name
    line = next(line for line in out.splitlines() if line.startswith("Dockerfile:3 "))
    assert line.split() == [
        "Dockerfile:3",
        f"{h}/library/python:3.12-slim",
        "->",
        f"{h}/library/python:3.12-slim@{registry.digest('library/python', '3.12-slim')[:19]}…",
        "(pinned)",
    ]
    assert out.splitlines()[-1] == "Pinned 10 references in 4 files."
    # Once pinned, nothing more to do.
    code, out, _ = run(capsys, "pin", "--check")
    assert (code, out) == (0, "Nothing to pin.\n")


#: A chart's template that writes its images as Bitnami's and ``helm create``'s do.
HELM_POD = (
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: shop\nspec:\n  containers:\n"
    "    - name: main\n"
    '      image: "{{ .Values.image.registry }}/{{ .Values.image.repository }}'
    "{{ if .Values.image.digest }}@{{ .Values.image.digest }}{{ else }}:{{ .Values.image.tag }}"
    '{{ end }}"\n'
    "    - name: worker\n"
    '      image: "{{ .Values.worker.image.repository }}:{{ .Values.worker.image.tag }}"\n'
    "    {{- range .Values.sidecars }}\n"
    "    - name: {{ .name }}\n"
    "      image: {{ .image | quote }}\n"
    "    {{- end }}\n"
    "    - name: from-chart\n"
    '      image: "{{ .Values.fromChart.image.repository }}:{{ .Chart.AppVersion }}"\n'
)


def test_helm_values_and_kustomize_images(
    registry: Seeded, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    h = registry.host
    values = (
        "image:\n"
        f"  registry: {h}\n"
        "  repository: library/redis\n"
        '  tag: "7.2"\n'
        '  digest: ""\n'
        "worker:\n"
        f"  image: {{repository: {h}/acme/api, tag: '1.4'}}\n"
        "sidecars:\n"
        f"  - {{name: shipper, image: '{h}/acme/oci:2'}}\n"
        "fromChart:\n"
        f"  image: {{repository: {h}/acme/api}}\n"
    )
    kustomization = (
        "resources: [deploy.yaml]\n"
        "images:\n"
        f"  - name: {h}/library/python\n"
        '    newTag: "3.13"  # the newest\n'
    )
    deploy = (
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
        f"    - name: a\n      image: {h}/library/python:3.12\n"
    )
    write(
        project,
        {
            "chart/Chart.yaml": "apiVersion: v2\nname: shop\nversion: 1.0.0\nappVersion: 1.4.2\n",
            "chart/values.yaml": values,
            "chart/templates/pod.yaml": HELM_POD,
            "deploy/kustomization.yaml": kustomization,
            "deploy/deploy.yaml": deploy,
        },
    )
    code, out, err = run(capsys, "pin")
    assert code == 0, err
    redis = registry.digest("library/redis", "7.2")
    assert (project / "chart/values.yaml").read_text() == values.replace(
        '  digest: ""', f'  digest: "{redis}"'
    ).replace(f"{h}/acme/oci:2", f"{h}/acme/oci:2@{registry.digest('acme/oci', '2')}")
    python = registry.digest("library/python", "3.13")
    assert (project / "deploy/kustomization.yaml").read_text() == (
        kustomization + f"    digest: {python}\n"
    )
    assert (project / "deploy/deploy.yaml").read_text() == deploy  # the entry pins it
    assert "(pinned in deploy/kustomization.yaml)" in out
    assert "the image block has no 'digest' key" in out  # worker
    assert "the tag comes from the chart's appVersion" in out  # fromChart
    # kubectl kustomize would now deploy python:3.13@<digest>: read back, it is pinned.
    found = scan_paths(["deploy"])
    assert [o.text for o in found] == [f"{h}/library/python:3.13@{python}"]


# --- what is not rewritten, and saying why -------------------------------------------------------


def test_variables_and_missing_tags_are_not_rewritten_and_say_why_once(
    registry: Seeded, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    h = registry.host
    dockerfile = (
        f"ARG PY=3.12-slim\nFROM {h}/library/python:${{PY}} AS a\n"
        f"FROM {h}/library/python AS b\nFROM a\n"
    )
    write(project, {"Dockerfile": dockerfile})
    code, out, err = run(capsys, "pin")
    assert (code, err) == (0, "")
    assert (project / "Dockerfile").read_text() == dockerfile
    lines = out.splitlines()
    assert lines[0].startswith(f"Dockerfile:2  {h}/library/python:${{PY}}  (not rewritten: built")
    assert lines[1].startswith(f"Dockerfile:3  {h}/library/python  (not rewritten: no tag")
    assert lines[2] == "Nothing to pin; 2 not rewritten."
    assert len(lines) == 3
    assert run(capsys, "pin", "-q")[1:] == ("", "")


def test_built_images_and_stages_are_left_alone(
    registry: Seeded, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    h = registry.host
    compose = (
        f"services:\n  app:\n    build: .\n    image: {h}/acme/app:1\n"
        f"  db:\n    image: {h}/library/redis:7\n"
    )
    write(project, {"compose.yaml": compose, "Dockerfile": "FROM scratch\nCOPY a /a\n"})
    code, out, _ = run(capsys, "pin")
    assert code == 0
    assert (project / "compose.yaml").read_text() == pinned(registry, compose, "library/redis:7")
    assert "acme/app" not in out


# --- --diff and --check --------------------------------------------------------------------------


def test_diff_and_check_write_nothing(
    registry: Seeded, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    h = registry.host
    dockerfile = f"FROM {h}/library/redis:7.2\n"
    write(project, {"Dockerfile": dockerfile})
    digest = registry.digest("library/redis", "7.2")
    code, out, err = run(capsys, "pin", "--diff")
    assert code == 0
    assert out == (
        "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1 +1 @@\n"
        f"-FROM {h}/library/redis:7.2\n+FROM {h}/library/redis:7.2@{digest}\n"
    )
    assert "(would pin)" in err and err.endswith("Would pin 1 reference in 1 file.\n")
    code, out, _ = run(capsys, "pin", "--check")
    assert code == 1
    assert "(would pin)" in out
    assert (project / "Dockerfile").read_text() == dockerfile
    code, out, _ = run(capsys, "pin", "--check", "--diff")
    assert code == 1 and out.startswith("--- a/Dockerfile\n")


# --- failures ------------------------------------------------------------------------------------


def test_nothing_is_written_to_a_file_where_anything_failed(
    registry: Seeded, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    h = registry.host
    broken = f"FROM {h}/library/redis:7.2\nFROM {h}/library/redis:6.0.99\n"
    fine = f"FROM {h}/library/redis:7.2\n"
    write(project, {"a.Dockerfile": broken, "b.Dockerfile": fine})
    code, out, err = run(capsys, "pin")
    assert code == 2
    assert (project / "a.Dockerfile").read_text() == broken
    assert (project / "b.Dockerfile").read_text() == pinned(registry, fine, "library/redis:7.2")
    assert err == (
        f"tagsense: error: not-found: {h}/library/redis:6.0.99 not found (no such repository, "
        "or no such tag) (a.Dockerfile:2)\n"
    )
    assert "a.Dockerfile:1  " in out and "(not written: a.Dockerfile:2 could not be pinned)" in out
    assert out.splitlines()[-1] == (
        "Pinned 1 reference in 1 file; 1 error; 1 not written (an error in the same file)."
    )


def test_a_registry_that_cannot_be_reached_is_one_clear_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    port = free_port()
    dockerfile = f"FROM 127.0.0.1:{port}/app:1\nFROM 127.0.0.1:{port}/other:2\n"
    write(project, {"Dockerfile": dockerfile})
    code, out, err = run(capsys, "pin", "-q")
    assert (code, out) == (2, "")
    # One line an error (the registry is asked once a run, not once a reference).
    assert err == (
        f"tagsense: error: unavailable: cannot connect to 127.0.0.1:{port}: connection refused "
        "(Dockerfile:1, Dockerfile:2)\n"
    )
    assert (project / "Dockerfile").read_text() == dockerfile


def test_offline_answers_from_the_cache_or_says_what_is_not_in_it(
    registry: Seeded, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    h = registry.host
    dockerfile = f"FROM {h}/library/redis:7.2\n"
    write(project, {"Dockerfile": dockerfile})
    code, _, err = run(capsys, "pin", "--offline")
    assert code == 2
    assert f"not-cached: the digest of {h}/library/redis:7.2 not in the cache (offline)" in err
    assert (project / "Dockerfile").read_text() == dockerfile
    assert run(capsys, "pin", "--check")[0] == 1  # asks the registry: now cached
    assert run(capsys, "pin", "--offline")[0] == 0
    assert (project / "Dockerfile").read_text() == pinned(registry, dockerfile, "library/redis:7.2")
    with pytest.raises(SystemExit) as exit:
        main(["pin", "--offline", "--refresh"])
    assert exit.value.code == 2


def test_usage_errors(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit:
        main(["pin", "--platform", "linux"])
    assert exit.value.code == 2
    assert "--platform: invalid platform 'linux'" in capsys.readouterr().err


# --- stale pins, platforms -----------------------------------------------------------------------


def test_update_refreshes_a_stale_pin(
    registry: Seeded, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    h = registry.host
    old, _ = registry.seeder.image("pin/stale", ["1.0"])
    write(project, {"Dockerfile": f"FROM {h}/pin/stale:1.0\n"})
    assert run(capsys, "pin")[0] == 0
    assert (project / "Dockerfile").read_text() == f"FROM {h}/pin/stale:1.0@{old}\n"
    new, _ = registry.seeder.image("pin/stale", ["1.0"])  # the tag moves
    code, out, _ = run(capsys, "pin", "--refresh")
    assert (code, out) == (0, "Nothing to pin.\n")  # a pin is kept unless --update
    code, out, _ = run(capsys, "pin", "--update", "--refresh")
    assert code == 0
    assert "(updated)" in out and out.endswith("Updated 1 digest in 1 file.\n")
    assert (project / "Dockerfile").read_text() == f"FROM {h}/pin/stale:1.0@{new}\n"


def test_a_platform_pin_stays_a_platform_pin(
    registry: Seeded, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    h = registry.host
    registry.seeder.index("pin/multi", ["2.0"])
    arm = registry.platform_digest("pin/multi", "2.0", "linux/arm64/v8")
    write(project, {"Dockerfile": f"FROM {h}/pin/multi:2.0@{arm}\n"})
    assert run(capsys, "pin", "--update")[1] == "Nothing to pin.\n"
    registry.seeder.index("pin/multi", ["2.0"])  # a new index: a new arm64 image
    new_arm = registry.platform_digest("pin/multi", "2.0", "linux/arm64/v8")
    assert new_arm != arm
    assert run(capsys, "pin", "--update", "--refresh")[0] == 0
    assert (project / "Dockerfile").read_text() == f"FROM {h}/pin/multi:2.0@{new_arm}\n"


def test_platform_pins_one_platform_s_manifest(
    registry: Seeded, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    h = registry.host
    write(project, {"Dockerfile": f"FROM {h}/library/python:3.12-slim\n"})
    assert run(capsys, "pin", "--platform", "linux/arm64")[0] == 0
    arm = registry.platform_digest("library/python", "3.12-slim", "linux/arm64/v8")
    assert (project / "Dockerfile").read_text() == f"FROM {h}/library/python:3.12-slim@{arm}\n"


# --- the API -------------------------------------------------------------------------------------


def test_plan_pins_writes_nothing_until_asked_and_never_over_a_change(
    registry: Seeded, project: Path, make_client: Callable[..., Client]
) -> None:
    h = registry.host
    write(
        project,
        {"Dockerfile": f"FROM {h}/library/redis:7.2\n", "b.Dockerfile": f"FROM {h}/acme/api:1\n"},
    )
    os.chmod(project / "Dockerfile", 0o640)
    client = make_client()
    plan = plan_pins(scan_paths(["."]), client)
    assert [(r.action, r.occurrence.path) for r in plan.results] == [
        ("pin", "Dockerfile"),
        ("pin", "b.Dockerfile"),
    ]
    assert plan.changed and not plan.failed
    assert (project / "Dockerfile").read_text() == f"FROM {h}/library/redis:7.2\n"
    (project / "b.Dockerfile").write_text(f"FROM {h}/acme/api:1.4\n")  # edited meanwhile
    first, second = plan.files
    assert first.write()
    with pytest.raises(FileChanged):
        second.write()
    assert (project / "b.Dockerfile").read_text() == f"FROM {h}/acme/api:1.4\n"
    assert stat.S_IMODE(os.stat(project / "Dockerfile").st_mode) == 0o640
    digest = registry.digest("library/redis", "7.2")
    assert (project / "Dockerfile").read_text() == f"FROM {h}/library/redis:7.2@{digest}\n"


def test_a_progress_line_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from tagsense.cli import _common
    from tagsense.registry import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(_common, "PROGRESS_AFTER", 0.0)
    batch = Progress(3, 10, 1.5, slow=(("ghcr.io", 1.2),))
    shown = Terminal()
    progress = _common.RegistryProgress(shown)
    progress(batch)
    progress.finish()
    assert shown.getvalue() == (
        "\r\033[Ktagsense: asking registries 3/10 (ghcr.io: 1.2 s)…\r\033[K"
    )
    for stream, quiet in ((Terminal(), True), (io.StringIO(), False)):
        progress = _common.RegistryProgress(stream, quiet=quiet)
        progress(batch)
        progress.finish()
        assert stream.getvalue() == ""

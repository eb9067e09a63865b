"""The per-scan index of the YAML files that mention what a whole-repository reader looks for.

Argo CD's reader (``_argocd_charts``) and Flux's (``kustomize._flux_paths``) each read every
YAML file of the repository to find their API group; in a scan where both ask (a chart and
a kustomization reaching outside its directory, FAForever/gitops-stack's kind of layout), each
file is now read once for both (:func:`tagsense.sources._listing.yaml_files_mentioning`).
"""

from __future__ import annotations

import builtins
import json
import os
import shutil
import subprocess
from typing import TYPE_CHECKING

import pytest

from tagsense.cli import main
from tagsense.sources import _listing
from tagsense.sources.context import forget

if TYPE_CHECKING:
    from pathlib import Path

ARGO = b"argoproj.io/"
FLUX = b"kustomize.toolkit.fluxcd.io"
APPLICATION = "apiVersion: argoproj.io/v1alpha1\nkind: Application\n"
FLUX_KUSTOMIZATION = "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\n"


def _tree(root: Path) -> None:
    (root / ".git").mkdir()
    for relative, text in {
        "apps/app.yaml": APPLICATION,
        "clusters/sync.yml": FLUX_KUSTOMIZATION,
        "both.yaml": APPLICATION + "---\n" + FLUX_KUSTOMIZATION,
        "plain.yaml": "kind: ConfigMap\n",
        "notes.txt": APPLICATION,
        "vendor/lib/app.yaml": APPLICATION,
        ".hidden/app.yaml": APPLICATION,
    }.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text)


def test_each_reader_s_files_are_the_yaml_files_mentioning_its_group(tmp_path: Path) -> None:
    _tree(tmp_path)
    forget()
    assert _listing.yaml_files_mentioning(str(tmp_path), ARGO) == [
        ("apps", "app.yaml"),
        ("both.yaml",),
    ]  # (not a .txt, nor a hidden or vendored directory's)
    assert _listing.yaml_files_mentioning(str(tmp_path), FLUX) == [
        ("both.yaml",),
        ("clusters", "sync.yml"),
    ]
    # a text no reader registered is looked for alike
    assert _listing.yaml_files_mentioning(str(tmp_path), b"ConfigMap") == [("plain.yaml",)]


def test_each_yaml_file_is_read_once_for_both_readers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path)
    forget()
    opened: list[str] = []
    real_open = builtins.open

    def counting_open(file: object, *args: object, **kwargs: object) -> object:
        if isinstance(file, str) and file.startswith(str(tmp_path)):
            opened.append(os.path.relpath(file, tmp_path))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(builtins, "open", counting_open)
    _listing.yaml_files_mentioning(str(tmp_path), ARGO)
    _listing.yaml_files_mentioning(str(tmp_path), FLUX)
    _listing.yaml_files_mentioning(str(tmp_path), ARGO)
    expected = ["apps/app.yaml", "both.yaml", "clusters/sync.yml", "plain.yaml"]
    assert sorted(opened) == expected  # (each once: neither .txt nor others' directories)


def test_a_new_scan_sees_a_file_edited_since_the_last(tmp_path: Path) -> None:
    _tree(tmp_path)
    forget()
    assert ("plain.yaml",) not in _listing.yaml_files_mentioning(str(tmp_path), ARGO)
    (tmp_path / "plain.yaml").write_text(APPLICATION)
    (tmp_path / "apps" / "app.yaml").write_text("kind: ConfigMap\n")
    forget()  # (what each scan does first)
    assert _listing.yaml_files_mentioning(str(tmp_path), ARGO) == [
        ("both.yaml",),
        ("plain.yaml",),
    ]


CHART = "apiVersion: v2\nname: web\nversion: 0.1.0\n"
DEPLOYMENT = (
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n"
    "    spec:\n      containers:\n      - name: web\n"
    '        image: "acme/web:{{ .Values.image.tag }}"\n'
)
APP = """\
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: web}
spec:
  source:
    path: chart
    helm:
      valueFiles: [values-prod.yaml]
"""


def _texts(capsys: pytest.CaptureFixture[str], path: Path) -> list[str]:
    main(["refs", str(path), "--format", "json"])
    found = json.loads(capsys.readouterr().out)["references"]
    return sorted(str(ref["text"]) for ref in found)


def test_a_second_scan_reads_an_application_written_after_the_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "chart" / "templates").mkdir(parents=True)
    (tmp_path / "chart" / "Chart.yaml").write_text(CHART)
    (tmp_path / "chart" / "values.yaml").write_text("replicas: 1\n")
    (tmp_path / "chart" / "values-prod.yaml").write_text("image:\n  tag: 1.4.2\n")
    (tmp_path / "chart" / "templates" / "deployment.yaml").write_text(DEPLOYMENT)
    (tmp_path / "app.yaml").write_text("kind: ConfigMap\n")
    forget()
    before = _texts(capsys, tmp_path)
    assert "acme/web:1.4.2" not in before  # (no Application yet: the chart read alone)
    (tmp_path / "app.yaml").write_text(APP)
    assert "acme/web:1.4.2" in _texts(capsys, tmp_path)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_s_files_are_listed_in_the_order_of_their_parts(tmp_path: Path) -> None:
    # (a name's parts in order: "a/b" before "a-b/x", though "-" sorts before "/")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True, capture_output=True)
    names = ["a/b", "a-b/x", "a.b", "a/b-c/d", "ab", "a/b.c", "a b/c", "é/x", "z"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x\n")
    forget()
    listed = _listing.listed_files(str(tmp_path))
    assert listed == sorted(tuple(name.split("/")) for name in names)
    assert listed == _listing._git_files(str(tmp_path))  # (git's list, not a walk's)

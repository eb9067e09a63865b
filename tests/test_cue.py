"""CUE configurations: the images KubeVela's addons and definitions name in CUE
(sources.platforms.cue)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense import find_references
from tagsense.sources.discover import discover, kind_of_file
from tagsense.sources.platforms.cue import scan_cue

if TYPE_CHECKING:
    from pathlib import Path

# from kubevela/catalog@d439627ed96fdcf9d13f76eb3e2c09e248864ead addons/grafana/parameter.cue
# and addons/vela-prism/resources/vela-prism.cue, cut down
PARAMETER = """\
parameter: {
\t// +usage=Specify the image of kube-state-metrics
\timage: *"grafana/grafana:8.5.3" | string
\t// +usage=Specify the imagePullPolicy of the image
\timagePullPolicy: *"IfNotPresent" | "Never" | "Always"
}
"""
RESOURCE = """\
\t}, {
\t\ttype: "init-container"
\t\tproperties: {
\t\t\tname:  "init-config"
\t\t\timage: "oamdev/openssl-curl:v0.1.0"
\t\t}
\t}, {
\t\timage: "oamdev/velaux:" + _version
\t\timage: parameter.image
\t\t"image": "Image"
"""


def found(text: str) -> list[tuple[int, int, str, object]]:
    return [(o.line, o.column, o.text, o.context.get("default")) for o in scan_cue(text, "a.cue")]


def test_a_default_and_a_literal_are_read() -> None:
    assert found(PARAMETER) == [(3, 11, "grafana/grafana:8.5.3", True)]
    assert found(RESOURCE) == [(5, 12, "oamdev/openssl-curl:v0.1.0", None)]
    (occurrence,) = scan_cue(PARAMETER, "parameter.cue")
    assert occurrence.kind == "cue"


def test_cue_files_are_found(tmp_path: Path) -> None:
    addon = tmp_path / "addons" / "grafana"
    addon.mkdir(parents=True)
    (addon / "parameter.cue").write_text(PARAMETER)
    assert kind_of_file("addons/grafana/parameter.cue") == "deploy"
    assert (str(addon / "parameter.cue"), "deploy") in discover([str(tmp_path)])
    assert [o.text for o in find_references(str(tmp_path))] == ["grafana/grafana:8.5.3"]


def test_a_suppression_comment() -> None:
    text = 'image: "busybox" // tagsense: ignore[TS002]\n'
    assert [set(s.keys) for s in scan_cue(text, "a.cue").suppressions] == [{"TS002"}]


@given(st.text(alphabet='image:*"| string\n/\\+ab', max_size=60))
def test_any_text_reads_without_raising(text: str) -> None:
    scan_cue(text, "a.cue")


def test_a_default_repository_a_template_completes_is_not_read(tmp_path: Path) -> None:
    # (kubevela/catalog's addons/kube-trigger: parameter.cue's image: *"oamdev/kube-trigger-
    # manager" | string, and resources/deployment.cue's "\(parameter.image):\(parameter.version)")
    addon = tmp_path / "kube-trigger"
    (addon / "resources").mkdir(parents=True)
    parameter = addon / "parameter.cue"
    parameter.write_text('parameter: {\n\timage: *"oamdev/kube-trigger-manager" | string\n}\n')
    assert [o.text for o in scan_cue(parameter.read_text(), str(parameter))] == [
        "oamdev/kube-trigger-manager"
    ]
    (addon / "resources" / "deployment.cue").write_text(
        'image: "\\(parameter.image):\\(parameter.version)"\n'
    )
    assert list(scan_cue(parameter.read_text(), str(parameter))) == []

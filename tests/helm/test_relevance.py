"""Which named templates may print an image or change data: their texts, then their nodes.

A helper whose text has none of the words the analysis looks for, and calls
only helpers like it, is settled by its text (not analysed); every answer must
be the one the analysis alone gives, on every helper of the fixture charts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tagsense._gotemplate import clear_caches, relevance
from tagsense.sources.helm._load import load_chart
from tagsense.sources.helm._render import _prepare

DATA = Path(__file__).resolve().parent.parent / "data" / "helm"
CHARTS = sorted(p.parent for p in DATA.glob("*/chart/Chart.yaml"))


def _answers(chart: Path) -> dict[str, tuple[bool, bool]]:
    """(may print, may mutate) of every named template of the chart, in one order."""
    clear_caches()
    render = _prepare(load_chart(str(chart)), {}, "release-name", "default")
    engine = render.engine
    names = sorted(engine._index or ())
    return {
        name: (
            relevance.may_print(engine, name),
            relevance._may_mutate(engine, name, engine.may_mutate, set()),
        )
        for name in names
    }


@pytest.mark.parametrize("chart", CHARTS, ids=lambda p: p.parent.name)
def test_a_text_settles_what_the_analysis_would(
    chart: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    screened = _answers(chart)
    monkeypatch.setattr(relevance, "_surely_not", lambda *_: False)
    analysed = _answers(chart)
    assert screened == analysed
    if screened:
        assert not all(p for p, _ in screened.values())  # (some helpers print no image)


def test_a_helper_of_plain_words_is_not_analysed(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 0.1.0\n")
    (tmp_path / "templates" / "_helpers.tpl").write_text(
        '{{- define "c.name" -}}{{ .Chart.Name | trunc 63 }}{{- end }}\n'
        '{{- define "c.labels" -}}app: {{ include "c.name" . }}{{- end }}\n'
        '{{- define "c.image" -}}{{ .Values.image }}{{- end }}\n'
        '{{- define "c.set" -}}{{ $_ := set . "x" 1 }}{{- end }}\n'
        '{{- define "c.calls" -}}{{ include "c.set" . }}{{- end }}\n'
    )
    clear_caches()
    engine = _prepare(load_chart(str(tmp_path)), {}, "release-name", "default").engine
    assert not relevance.may_print(engine, "c.labels")
    assert relevance.may_print(engine, "c.image")
    assert not relevance._may_mutate(engine, "c.labels", engine.may_mutate, set())
    assert relevance._may_mutate(engine, "c.calls", engine.may_mutate, set())
    analysed = {id(body) for body, _ in relevance._ANALYSED.values()}
    assert id(engine.defines["c.labels"][0]) not in analysed
    assert id(engine.defines["c.name"][0]) not in analysed
    assert id(engine.defines["c.image"][0]) in analysed


#: The forward pattern of a key that shapes objects (what the reversed search must find).
_KEYS = sorted(relevance.STRUCTURAL_KEYS | {"kind", "apiVersion"})
_FORWARD = re.compile(r"(?:{})\s*:".format("|".join(_KEYS)))


def _shapes_forward(text: str) -> bool:
    if text.startswith("---") or "\n---" in text:
        return True
    return relevance.word_found(_FORWARD, text, re.compile(r"[\w.-]"))


_PIECES = st.sampled_from(
    [*_KEYS, ":", " ", "\n", "\t", "-", ".", "_", "x", "Spec", "---", "pod", "s", "é"]
)


@given(st.lists(_PIECES, max_size=12).map("".join))
@settings(max_examples=500, deadline=None)
def test_a_key_that_shapes_objects_is_found_as_a_forward_search_finds_it(text: str) -> None:
    assert relevance._shapes_objects(text) == _shapes_forward(text)


@pytest.mark.parametrize(
    ("text", "shapes"),
    [
        ("spec:", True),
        ("  initContainers :\n", True),
        ("podspec: 1", False),
        ("x.spec: 1", False),
        ("-containers:", False),
        ("containers", False),
        ("a\n---\n", True),
    ],
)
def test_keys_that_shape_objects(text: str, shapes: bool) -> None:
    assert relevance._shapes_objects(text) is shapes

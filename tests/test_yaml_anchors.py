"""An anchor name defined again is YAML, not an error (issue #12): the later one wins from there."""

from __future__ import annotations

import pytest

from tagsense.sources._yaml import items, load_yaml, scalar, sequence


def _values(text: str) -> dict[str, object]:
    loaded = load_yaml(text)
    assert loaded.errors == []
    (document,) = loaded.documents
    result: dict[str, object] = {}
    for key, value, _ in items(document):
        result[key] = (
            scalar(value)
            if scalar(value) is not None
            else [scalar(item) for item in sequence(value)]
        )
    return result


def test_an_alias_names_the_latest_definition_before_it() -> None:
    text = "a: &x one\nb: *x\nc: &x two\nd: *x\n"
    assert _values(text) == {"a": "one", "b": "one", "c": "two", "d": "two"}


def test_merge_keys_follow_the_redefinition() -> None:
    text = (
        "base: &defaults {image: 'node:20'}\nfirst:\n  <<: *defaults\n"
        "other: &defaults {image: 'node:22'}\nsecond:\n  <<: *defaults\n"
    )
    loaded = load_yaml(text)
    assert loaded.errors == []
    found = {
        key: scalar({k: v for k, v, _ in items(value)}["image"])
        for key, value, _ in items(loaded.documents[0])
    }
    assert found == {"base": "node:20", "first": "node:20", "other": "node:22", "second": "node:22"}


def test_positions_are_kept() -> None:
    loaded = load_yaml("a: &x 1\nb: &x 2\nc: *x\n")
    (document,) = loaded.documents
    c = {k: v for k, v, _ in items(document)}["c"]
    assert (c.start_mark.line, c.start_mark.column) == (1, 3)  # the node of line 2


def test_each_document_has_its_own_anchors() -> None:
    loaded = load_yaml("a: &x 1\n---\nb: &x 2\nc: *x\n---\nd: &x 3\n")
    assert loaded.errors == []
    assert len(loaded.documents) == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: *x\n", "invalid YAML: found undefined alias"),
        ("a: &x 1\nb: &x [\n", "invalid YAML"),
    ],
)
def test_other_composer_errors_stay_errors(text: str, message: str) -> None:
    loaded = load_yaml(text)
    assert len(loaded.errors) == 1
    assert loaded.errors[0].message.startswith(message)


def test_suppressions_and_duplicate_keys_still_read() -> None:
    text = "a: &x 1\nb: &x 2  # tagsense: ignore[TS001]\nb: 3\n"
    loaded = load_yaml(text)
    assert [e.message for e in loaded.errors] == [
        "duplicate key 'b' (first on line 2); the last one wins"
    ]
    assert [(s.line, s.keys) for s in loaded.suppressions] == [(2, frozenset({"TS001"}))]


@pytest.mark.parametrize(
    ("bad", "line"),
    [
        pytest.param("c: *x\n", 5, id="an earlier document's anchor"),
        pytest.param("c: [\n", 6, id="a syntax error"),  # found at the end of the text
    ],
)
def test_the_documents_before_a_bad_one_are_kept(bad: str, line: int) -> None:
    # A stream's documents are composed one by one: kubectl applies the objects before the
    # document it cannot decode (roundcube's examples/kubernetes.yaml).
    loaded = load_yaml("a: &x 1\n---\nb: 2\n---\n" + bad)
    assert [[k for k, _, _ in items(d)] for d in loaded.documents] == [["a"], ["b"]]
    assert len(loaded.errors) == 1
    assert loaded.errors[0].message.startswith("invalid YAML")
    assert loaded.errors[0].line == line


def test_a_repeated_anchor_and_a_bad_document_keep_the_documents_before_it() -> None:
    loaded = load_yaml("a: &x 1\nb: &x 2\n---\nc: *y\n")
    assert [[k for k, _, _ in items(d)] for d in loaded.documents] == [["a", "b"]]
    (error,) = loaded.errors
    assert error.message.startswith("invalid YAML: found undefined alias")

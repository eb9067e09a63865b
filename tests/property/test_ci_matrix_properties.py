"""GitHub's ``strategy.matrix``: :func:`matrix_combinations` against the documentation.

The reference below is the documentation's wording, step by step ("For each
object in the include list, the key:value pairs in the object will be added to
each of the matrix combinations if none of the key:value pairs overwrite any of
the original matrix values. If the object cannot be added to any of the matrix
combinations, a new matrix combination will be created instead. Note that the
original matrix values will not be overwritten, but added matrix values can be
overwritten."; "An excluded configuration only has to be a partial match";
"All include combinations are processed after exclude").
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from tagsense.sources.ci import scan_ci
from tagsense.sources.ci._github import matrix_combinations

Combination = dict[str, object]


def reference(
    axes: dict[str, list[object]], include: list[Combination], exclude: list[Combination]
) -> list[Combination]:
    names = list(axes)
    product = (
        [dict(zip(names, values, strict=True)) for values in itertools.product(*axes.values())]
        if axes
        else []
    )
    kept = []
    for combination in product:
        partial_match = any(
            all(combination.get(k, object()) == v for k, v in entry.items()) for entry in exclude
        )
        if not partial_match:
            kept.append(combination)
    originals = [dict(c) for c in kept]  # the values "the original matrix" gave each
    created: list[Combination] = []
    for entry in include:
        fits = [
            index
            for index, original in enumerate(originals)
            if not any(k in original and original[k] != v for k, v in entry.items())
        ]
        for index in fits:
            kept[index] = {**kept[index], **entry}
        if not fits:
            created.append(dict(entry))
    return kept + created


def test_the_documentations_example() -> None:
    result = matrix_combinations(
        {"fruit": ["apple", "pear"], "animal": ["cat", "dog"]},
        [
            {"color": "green"},
            {"color": "pink", "animal": "cat"},
            {"fruit": "apple", "shape": "circle"},
            {"fruit": "banana"},
            {"fruit": "banana", "animal": "cat"},
        ],
        [],
    )
    assert result == [
        {"fruit": "apple", "animal": "cat", "color": "pink", "shape": "circle"},
        {"fruit": "apple", "animal": "dog", "color": "green", "shape": "circle"},
        {"fruit": "pear", "animal": "cat", "color": "pink"},
        {"fruit": "pear", "animal": "dog", "color": "green"},
        {"fruit": "banana"},
        {"fruit": "banana", "animal": "cat"},
    ]


def test_the_documentations_exclude_example() -> None:
    result = matrix_combinations(
        {"os": ["macos", "windows"], "version": [12, 14, 16], "environment": ["staging", "prod"]},
        [],
        [{"os": "macos", "version": 12, "environment": "prod"}, {"os": "windows", "version": 16}],
    )
    assert len(result) == 9


def test_include_alone_is_one_job_an_entry() -> None:
    entries: list[Combination] = [{"site": "production"}, {"site": "staging"}]
    assert matrix_combinations({}, entries, []) == entries


def test_too_many_is_an_error() -> None:
    with pytest.raises(ValueError, match="GitHub runs at most 256"):
        matrix_combinations({f"a{i}": [1, 2] for i in range(9)}, [], [])


_values = st.sampled_from(["a", "b", "c", 1, 2])
_names = st.sampled_from(["x", "y", "z", "w"])


@st.composite
def _matrices(
    draw: st.DrawFn,
) -> tuple[dict[str, list[object]], list[Combination], list[Combination]]:
    names = draw(st.lists(st.sampled_from(["x", "y", "z"]), unique=True, max_size=3))
    axes = {name: draw(st.lists(_values, min_size=1, max_size=3, unique=True)) for name in names}
    entry = st.dictionaries(_names, _values, min_size=1, max_size=3)
    include = draw(st.lists(entry, max_size=4))
    exclude = draw(st.lists(entry, max_size=2))
    return axes, include, exclude


@given(_matrices())
@example(({"x": ["a"]}, [{"y": "b"}, {"y": "c"}], []))
@example(({"x": ["a", "b"]}, [{"x": "c"}, {"x": "c", "y": 1}], [{"x": "a"}]))
def test_against_the_documentations_wording(
    matrix: tuple[dict[str, list[object]], list[Combination], list[Combination]],
) -> None:
    axes, include, exclude = matrix
    assert matrix_combinations(axes, include, exclude) == reference(axes, include, exclude)


def test_the_limit_counts_the_jobs_left_after_exclude() -> None:
    # sqlalchemy/sqlalchemy's .github/workflows/run-test.yaml (its `run-test` job): 5 OSes,
    # 7 Pythons, 3 build types and 3 architectures are 315 combinations, which its `exclude`
    # brings to 115, and one `include` of its own (PyPy) to 116; GitHub runs them all.
    path = Path(__file__).parent.parent / "data" / "realworld" / "sqlalchemy-f35da7e2"
    workflow = yaml.safe_load((path / ".github" / "workflows" / "run-test.yaml").read_text())
    matrix = dict(workflow["jobs"]["run-test"]["strategy"]["matrix"])
    include, exclude = matrix.pop("include"), matrix.pop("exclude")
    assert len(matrix_combinations(matrix, include, exclude)) == 116
    with pytest.raises(ValueError, match="GitHub runs at most 100"):
        matrix_combinations(matrix, include, exclude, limit=100)
    text = (path / ".github" / "workflows" / "run-test.yaml").read_text()
    assert scan_ci(text, path=".github/workflows/run-test.yaml").errors == ()

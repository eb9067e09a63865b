"""Chainsaw's expressions in the files its tests apply (tagsense.sources.chainsaw_bindings):
`image: ($APP_IMAGE)` is the image the test binds, not an invalid reference.

The real case: open-telemetry/opentelemetry-operator's chainsaw suites (survey 14a), which bind
an app's image in `chainsaw-test.yaml` (a literal, or `(join(':', [repository, $TAG]))`) and
apply one manifest twice with two tags; 3 false TS012 before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tagsense.sources import scan_paths
from tagsense.sources.chainsaw_bindings import evaluate_inline
from tagsense.sources.context import forget

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture(autouse=True)
def _afresh() -> None:
    forget()


POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
    - name: app
      image: ($APP_IMAGE)
"""


def chainsaw_test(steps: str, bindings: str = "") -> str:
    return (
        "apiVersion: chainsaw.kyverno.io/v1alpha1\nkind: Test\nmetadata:\n  name: t\nspec:\n"
        f"{bindings}  steps:\n{steps}"
    )


def apply(file: str, *bindings: tuple[str, str]) -> str:
    listed = "".join(f"        - name: {n}\n          value: {v}\n" for n, v in bindings)
    return f"  - try:\n    - apply:\n        file: {file}\n" + (
        f"        bindings:\n{listed}" if bindings else ""
    )


def images(root: Path, files: dict[str, str]) -> list[tuple[str, tuple[str, ...], str | None]]:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    scan = scan_paths([str(root)])
    return sorted((o.text, o.unresolved, o.run_time) for o in scan.occurrences)


def test_a_binding_of_the_operation_or_the_test_is_the_image(tmp_path: Path) -> None:
    outer = "  bindings:\n  - name: APP_IMAGE\n    value: redis:7.4.1\n"
    files = {
        "op/chainsaw-test.yaml": chainsaw_test(apply("pod.yaml", ("APP_IMAGE", "nginx:1.27.3"))),
        "op/pod.yaml": POD,
        "test/chainsaw-test.yaml": chainsaw_test(apply("pod.yaml"), outer),
        "test/pod.yaml": POD,
        # (the operation's binding hides the test's)
        "both/chainsaw-test.yaml": chainsaw_test(
            apply("pod.yaml", ("APP_IMAGE", "busybox:1.37.0")), outer
        ),
        "both/pod.yaml": POD,
    }
    assert images(tmp_path, files) == [
        ("busybox:1.37.0", (), None),
        ("nginx:1.27.3", (), None),
        ("redis:7.4.1", (), None),
    ]


def test_join_of_bindings_and_one_image_for_each_application(tmp_path: Path) -> None:
    join = "(join(':', ['ghcr.io/acme/app', $TAG]))"
    steps = apply("pod.yaml", ("TAG", "main"), ("APP_IMAGE", join)) + apply(
        "pod.yaml", ("TAG", "main-3.10"), ("APP_IMAGE", join)
    )
    files = {"e2e/chainsaw-test.yaml": chainsaw_test(steps), "e2e/pod.yaml": POD}
    assert images(tmp_path, files) == [
        ("ghcr.io/acme/app:main", (), None),
        ("ghcr.io/acme/app:main-3.10", (), None),
    ]


def test_what_only_the_run_knows_is_unresolved(tmp_path: Path) -> None:
    run_time = "the chainsaw test's bindings"
    files = {
        "env/chainsaw-test.yaml": chainsaw_test(
            apply("pod.yaml", ("APP_IMAGE", "(env('APP_IMG'))"))
        ),
        "env/pod.yaml": POD,
        "unbound/chainsaw-test.yaml": chainsaw_test(apply("pod.yaml")),
        "unbound/pod.yaml": POD,
        "loop/chainsaw-test.yaml": chainsaw_test(apply("pod.yaml", ("APP_IMAGE", "($APP_IMAGE)"))),
        "loop/pod.yaml": POD,
    }
    found = images(tmp_path, files)
    assert {time for _, _, time in found} == {run_time}
    # (unbound, and a binding that names itself: what is not known, as written)
    assert sorted(names for _, names, _ in found) == [
        ("$APP_IMAGE",),
        ("$APP_IMAGE",),
        ("env('APP_IMG')",),
    ]


def test_without_a_chainsaw_test_that_applies_it_the_text_is_read_as_written(
    tmp_path: Path,
) -> None:
    files = {
        "alone/pod.yaml": POD,
        "other/chainsaw-test.yaml": chainsaw_test(apply("another.yaml", ("APP_IMAGE", "redis:7"))),
        "other/pod.yaml": POD,  # (beside a test that names it not: read by nothing)
        "other/pod-applied.yaml": POD,
        "Makefile": "e2e:\n\tkubectl apply -f other/pod-applied.yaml\n",
    }
    scan_images = images(tmp_path, files)
    assert scan_images == [("($APP_IMAGE)", (), None), ("($APP_IMAGE)", (), None)]
    scan = scan_paths([str(tmp_path)])
    assert all(o.reference is None for o in scan.occurrences)  # (invalid, TS012, as before)


INLINE_TEST = """\
apiVersion: chainsaw.kyverno.io/v1alpha1
kind: Test
metadata:
  name: tablespace-enabled
spec:
  bindings:
  - name: psql
    value:
      image: ($values.images.psql)
  - name: tool
    value: busybox:1.37.0
  steps:
  - try:
    - apply:
        resource:
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: psql-connect
          spec:
            template:
              spec:
                containers:
                - name: psql
                  image: ($psql.image)
                  env:
                  - name: PGURI
                    value: postgres://db
                  - ($psql.connect)
                - name: tool
                  image: ($tool)
"""


def test_a_resource_written_inline_in_the_test_is_templated_with_its_bindings(
    tmp_path: Path,
) -> None:
    # CrunchyData/postgres-operator's testing/chainsaw/e2e: a Job inline in the Test runs
    # `($psql.image)`, a field of a binding whose value is the run's `--values` file's
    # (3 false TS012 before, and an error for the `- ($psql.connect)` item chainsaw fills in).
    (tmp_path / "e2e").mkdir()
    (tmp_path / "e2e" / "chainsaw-test.yaml").write_text(INLINE_TEST)
    scan = scan_paths([str(tmp_path)])
    assert scan.errors == ()
    found = sorted((o.text, o.unresolved, o.run_time) for o in scan.occurrences)
    assert found == [
        ("($psql.image)", ("$psql.image",), "the chainsaw test's bindings"),
        ("busybox:1.37.0", (), None),
    ]


def test_a_name_bound_twice_in_a_test_is_not_known_inline(tmp_path: Path) -> None:
    steps = apply("other.yaml", ("tool", "redis:7.4.2"))
    test = INLINE_TEST.replace("  steps:\n", "  steps:\n" + steps)
    (tmp_path / "e2e").mkdir()
    (tmp_path / "e2e" / "chainsaw-test.yaml").write_text(test)
    scan = scan_paths([str(tmp_path)])
    tool = [o for o in scan.occurrences if o.context.get("container") == "tool"]
    assert [(o.text, o.unresolved) for o in tool] == [("($tool)", ("$tool",))]


@given(
    text=st.text(alphabet="()$'.,[]_ab:join", max_size=40),
    bound=st.dictionaries(st.sampled_from(["a", "b", "ab"]), st.text(max_size=12), max_size=3),
)
def test_an_inline_expression_is_an_image_or_unresolved_never_an_error(
    text: str, bound: dict[str, str]
) -> None:
    found = evaluate_inline(text, bound)
    if not (text.startswith("(") and text.endswith(")")):
        assert found is None
    else:
        assert found is not None
        image, unresolved = found
        assert isinstance(image, str)
        if unresolved:  # (what is not known keeps the expression as written)
            assert image == text


COLLECTOR = """\
apiVersion: opentelemetry.io/v1beta1
kind: OpenTelemetryCollector
metadata:
  name: simplest
spec:
  image: {image}
"""


def test_a_custom_resource_s_image_field_that_is_an_expression_is_evaluated(
    tmp_path: Path,
) -> None:
    # (opentelemetry-operator's smoke-collector suites, survey s41b: `spec.image: (join('',
    # ['ghcr.io/…/opentelemetry-collector-contrib:', $collectorVersion]))`, the version a
    # script step's `outputs` gives: 5 such images were not read at all)
    joined = "(join('', ['ghcr.io/acme/collector:', $collectorVersion]))"
    files = {
        "run/chainsaw-test.yaml": chainsaw_test(apply("00-install.yaml")),
        "run/00-install.yaml": COLLECTOR.format(image=joined),
        "bound/chainsaw-test.yaml": chainsaw_test(
            apply("00-install.yaml", ("collectorVersion", "0.120.0"))
        ),
        "bound/00-install.yaml": COLLECTOR.format(image=joined),
        # (an expression that names no image's path, unknown: not taken for one)
        "disk/chainsaw-test.yaml": chainsaw_test(apply("00-install.yaml")),
        "disk/00-install.yaml": COLLECTOR.format(image="($disk)"),
    }
    assert images(tmp_path, files) == [
        (joined, ("$collectorVersion",), "the chainsaw test's bindings"),
        ("ghcr.io/acme/collector:0.120.0", (), None),
    ]

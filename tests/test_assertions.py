"""A chainsaw or KUTTL test's assertion files are expected state, not manifests
(tagsense.sources.assertions): their images are no pulls, their patterns no errors.

The real case: open-telemetry/opentelemetry-operator's chainsaw suites (survey 14a), whose
`02-assert.yaml` files repeated their step's images (7 findings) and whose JMESPath checks
(`volumes: {(length(...) > 0): true}`) and patterns gave 6 errors.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tagsense.sources import scan_paths
from tagsense.sources.assertions import is_assertion
from tagsense.sources.context import forget


@pytest.fixture(autouse=True)
def _afresh() -> None:
    forget()


def deployment(image: str) -> str:
    return (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n"
        f"    spec:\n      containers:\n        - name: app\n          image: {image}\n"
    )


#: What chainsaw compares a cluster with: a JMESPath check where a list belongs.
PATTERN = (
    "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  template:\n"
    "    spec:\n      containers:\n        - name: agent\n          image: rabbitmq:latest\n"
    "      volumes:\n        (length([?name == 'data']) > `0`): true\n"
)

CHAINSAW_TEST = """\
apiVersion: chainsaw.kyverno.io/v1alpha1
kind: Test
metadata:
  name: smoke
spec:
  steps:
  - try:
    - apply:
        file: install-app.yaml
    - assert:
        file: app-ready.yaml
    - error:
        file: ./no-agent.yaml
    - apply:
        file: shared.yaml
    catch:
    - assert:
        file: shared.yaml
"""


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def images(root: Path) -> tuple[list[tuple[str, str]], list[str]]:
    scan = scan_paths([str(root)])
    pulled = sorted((str(Path(str(o.path)).relative_to(root)), o.text) for o in scan.occurrences)
    errors = sorted(str(Path(str(e.path)).relative_to(root)) for e in scan.errors if not e.note)
    return pulled, errors


def test_the_files_a_chainsaw_test_asserts_are_not_read(tmp_path: Path) -> None:
    write(tmp_path, {
        "e2e/smoke/chainsaw-test.yaml": CHAINSAW_TEST,
        "e2e/smoke/install-app.yaml": deployment("rabbitmq:3"),
        "e2e/smoke/app-ready.yaml": deployment("rabbitmq:3"),
        "e2e/smoke/no-agent.yaml": PATTERN,
        "e2e/smoke/shared.yaml": deployment("redis:7"),  # (applied, and asserted too)
    })  # fmt: skip
    pulled, errors = images(tmp_path)
    assert pulled == [
        ("e2e/smoke/install-app.yaml", "rabbitmq:3"),
        ("e2e/smoke/shared.yaml", "redis:7"),
    ]
    assert errors == []


def test_kuttl_and_chainsaw_conventional_names_are_assertions(tmp_path: Path) -> None:
    write(tmp_path, {
        "kuttl/basic/00-install.yaml": deployment("nginx:1.27.0"),
        "kuttl/basic/00-assert.yaml": deployment("nginx:1.27.0"),
        "kuttl/basic/01-errors.yaml": PATTERN,
        "chainsaw/basic/02-error.yml": PATTERN,
        # (not the convention: a manifest like any other)
        "deploy/assert.yaml": deployment("busybox:1.36.1"),
        "deploy/00-asserts.yaml": deployment("busybox:1.37.0"),
    })  # fmt: skip
    pulled, errors = images(tmp_path)
    assert pulled == [
        ("deploy/00-asserts.yaml", "busybox:1.37.0"),
        ("deploy/assert.yaml", "busybox:1.36.1"),
        ("kuttl/basic/00-install.yaml", "nginx:1.27.0"),
    ]
    assert errors == []


def test_a_conventional_name_that_a_chainsaw_test_applies_is_read(tmp_path: Path) -> None:
    test = CHAINSAW_TEST.replace("install-app.yaml", "01-assert.yaml")
    write(tmp_path, {"smoke/chainsaw-test.yaml": test,
                     "smoke/01-assert.yaml": deployment("rabbitmq:3")})  # fmt: skip
    assert images(tmp_path) == ([("smoke/01-assert.yaml", "rabbitmq:3")], [])


def test_what_a_test_file_cannot_say_leaves_files_as_they_were(tmp_path: Path) -> None:
    # Not chainsaw's (another tool's "assert"), broken YAML, or a file of another directory.
    write(tmp_path, {
        "other/chainsaw-test.yaml": "kind: Test\nassert:\n  file: app.yaml\n",
        "other/app.yaml": deployment("redis:7"),
        "broken/chainsaw-test.yaml": "apiVersion: chainsaw.kyverno.io/v1alpha1\n- [\n",
        "broken/app.yaml": deployment("redis:7"),
        "up/chainsaw-test.yaml": CHAINSAW_TEST.replace("app-ready.yaml", "../app.yaml"),
        "app.yaml": deployment("redis:7"),
    })  # fmt: skip
    for name in ("other/app.yaml", "broken/app.yaml", "app.yaml"):
        assert not is_assertion(str(tmp_path / name)), name
    assert is_assertion(str(tmp_path / "up" / "no-agent.yaml"))

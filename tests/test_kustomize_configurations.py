"""Kustomize ``configurations:``: the image field specs a kustomization adds.

mariadb-operator's ``hack/manifests/catalog/`` (a field survey): its ``kustomizeconfig.yaml``
adds ``spec/image`` of ``CatalogSource`` to the images transformer, so ``images:`` rewrites the
catalog's ``catalog:latest`` (what ``kubectl kustomize`` prints).
"""

from __future__ import annotations

from tagsense.sources.kustomize import scan_kustomization

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

CATALOG = """\
apiVersion: operators.coreos.com/v1alpha1
kind: CatalogSource
metadata: {name: mariadb-catalog}
spec:
  sourceType: grpc
  image: catalog:latest
"""
IMAGES = "images:\n- {name: catalog, newName: mariadb/catalog, newTag: v0.0.31}\n"


def write(directory: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text(text)
    return directory


def texts(directory: Path) -> list[str]:
    return [occurrence.text for occurrence in scan_kustomization(directory)]


def catalog(tmp_path: Path, config: str, extra: str = "") -> Path:
    return write(
        tmp_path,
        {
            "catalogsource.yaml": CATALOG + extra,
            "kustomizeconfig.yaml": config,
            "kustomization.yaml": "resources: [catalogsource.yaml]\n"
            "configurations: [kustomizeconfig.yaml]\n" + IMAGES,
        },
    )


def test_a_configured_field_is_rewritten_by_images(tmp_path: Path) -> None:
    catalog(tmp_path, "images:\n- path: spec/image\n  kind: CatalogSource\n")
    scan = scan_kustomization(tmp_path)
    assert scan.errors == ()
    [occurrence] = scan
    assert (occurrence.raw, occurrence.text) == ("catalog:latest", "mariadb/catalog:v0.0.31")
    assert (occurrence.path, occurrence.line) == (str(tmp_path / "catalogsource.yaml"), 6)
    assert occurrence.context["transformed_from"] == "catalog:latest"
    assert occurrence.context["transformed_by"] == (str(tmp_path / "kustomization.yaml"),)


def test_without_configurations_the_field_is_left_alone(tmp_path: Path) -> None:
    catalog(tmp_path, "images:\n- path: spec/image\n  kind: CatalogSource\n")
    (tmp_path / "kustomization.yaml").write_text("resources: [catalogsource.yaml]\n" + IMAGES)
    assert texts(tmp_path) == ["catalog:latest"]


def test_a_field_spec_selects_objects_by_kind_group_and_version(tmp_path: Path) -> None:
    for selector, rewritten in (
        ("kind: Subscription", False),
        ("group: operators.coreos.com", True),
        ("group: apps", False),
        ("version: v1alpha1", True),
        ("group: operators.coreos.com, version: v1", False),
        ("kind: CatalogSource, version: v1alpha1", True),
    ):
        catalog(tmp_path, f"images:\n- {{path: /spec/image, {selector}}}\n")
        assert scan_kustomization(tmp_path).errors == (), selector
        expected = "mariadb/catalog:v0.0.31" if rewritten else "catalog:latest"
        assert texts(tmp_path) == [expected], selector


def test_a_path_walks_through_lists(tmp_path: Path) -> None:
    workers = "  workers:\n  - {name: a, image: catalog:1}\n  - {name: b, image: catalog:2}\n"
    for path, rewritten in (
        ("spec/workers/image", True),  # kustomize walks each item of a list met on the way
        ("spec/workers[]/image", True),
        ("spec/image/workers", False),
        ("spec/workers", False),  # (a path cannot end at a list's item)
    ):
        catalog(tmp_path, f"images:\n- path: {path}\n  kind: CatalogSource\n", workers)
        found = texts(tmp_path)
        assert found[0] == "catalog:latest", path  # spec/image: not configured here
        expected = ["mariadb/catalog:v0.0.31"] * 2 if rewritten else ["catalog:1", "catalog:2"]
        assert found[1:] == expected, path


def test_a_field_reached_by_two_field_specs_is_transformed_twice(tmp_path: Path) -> None:
    # `containers/image` is not written as the default `containers[]/image`: kustomize keeps
    # both, and with the legacy filter the field is transformed three times.
    write(
        tmp_path,
        {
            "deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\n"
            "spec:\n  template:\n    spec:\n      containers:\n      - {name: a, image: nginx:1}\n",
            "config.yaml": "images:\n"
            "- {path: spec/template/spec/containers/image, kind: Deployment}\n",
            "kustomization.yaml": "resources: [deployment.yaml]\nconfigurations: [config.yaml]\n"
            "images:\n- {name: nginx, tagSuffix: -x}\n",
        },
    )
    assert texts(tmp_path) == ["nginx:1-x-x-x"]


def test_configurations_of_a_base_apply_to_its_overlay(tmp_path: Path) -> None:
    # kustomize merges a base's transformer config into its overlay's accumulator.
    write(
        tmp_path,
        {
            "base/catalogsource.yaml": CATALOG,
            "base/config.yaml": "images:\n- {path: spec/image, kind: CatalogSource}\n",
            "base/kustomization.yaml": "resources: [catalogsource.yaml]\n"
            "configurations: [config.yaml]\n",
            "overlay/kustomization.yaml": "resources: [../base]\n" + IMAGES,
        },
    )
    [occurrence] = scan_kustomization(tmp_path / "overlay")
    assert occurrence.text == "mariadb/catalog:v0.0.31"
    assert occurrence.context["transformed_by"] == (str(tmp_path / "overlay/kustomization.yaml"),)


def test_configurations_of_an_overlay_do_not_reach_its_base_images(tmp_path: Path) -> None:
    # The base's own `images:` runs with the base's config: the overlay's is not there yet.
    write(
        tmp_path,
        {
            "base/catalogsource.yaml": CATALOG,
            "base/kustomization.yaml": "resources: [catalogsource.yaml]\n"
            "images:\n- {name: catalog, newTag: from-base}\n",
            "overlay/config.yaml": "images:\n- {path: spec/image, kind: CatalogSource}\n",
            "overlay/kustomization.yaml": "resources: [../base]\nconfigurations: [config.yaml]\n"
            "images:\n- {name: catalog, newName: mariadb/catalog}\n",
        },
    )
    assert texts(tmp_path / "overlay") == ["mariadb/catalog:latest"]


def test_configurations_of_a_component_apply_to_its_includer(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "catalogsource.yaml": CATALOG,
            "component/config.yaml": "images:\n- {path: spec/image, kind: CatalogSource}\n",
            "component/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1alpha1\n"
            "kind: Component\nconfigurations: [config.yaml]\n",
            "kustomization.yaml": "resources: [catalogsource.yaml]\ncomponents: [component]\n"
            + IMAGES,
        },
    )
    assert texts(tmp_path) == ["mariadb/catalog:v0.0.31"]


def test_a_missing_configurations_file_is_an_error(tmp_path: Path) -> None:
    catalog(tmp_path, "")
    (tmp_path / "kustomizeconfig.yaml").unlink()
    scan = scan_kustomization(tmp_path)
    assert [o.text for o in scan] == ["catalog:latest"]
    assert [(e.path, e.line, e.message) for e in scan.errors] == [
        (
            str(tmp_path / "kustomization.yaml"),
            2,
            "configurations: 'kustomizeconfig.yaml' not found",
        )
    ]


def test_a_configurations_file_outside_the_kustomization_is_refused(tmp_path: Path) -> None:
    write(tmp_path, {"config.yaml": "images:\n- {path: spec/image, kind: CatalogSource}\n"})
    app = catalog(tmp_path / "app", "")
    (app / "kustomization.yaml").write_text(
        "resources: [catalogsource.yaml]\nconfigurations: [../config.yaml]\n" + IMAGES
    )
    scan = scan_kustomization(app)
    assert [o.text for o in scan] == ["catalog:latest"]
    assert [e.message.split(";")[0] for e in scan.errors] == ["security"]


def test_invalid_configurations_are_errors(tmp_path: Path) -> None:
    for config, line, message in (
        ("- images\n", 1, "a transformer configuration must be a mapping"),
        ("images: {path: spec/image}\n", 1, "images must be a list of field specs"),
        ("images:\n- {path: spec/image, kinds: CatalogSource}\n", 2, "unknown field 'kinds'"),
        ("images:\n- {path: spec/image, kind: 1}\n", 2, "images[0].kind must be a string"),
        ("images:\n- {path: spec/image, create: 'yes'}\n", 2, "create must be true or false"),
        ("images:\n- {kind: CatalogSource}\n", 2, "empty field name"),
        ("images: [\n", 2, ""),
        # The default `spec/containers[]/image` is created when missing: this one is not.
        ("images:\n- {path: 'spec/containers[]/image'}\n", 2, "conflicting fieldspecs"),
    ):
        catalog(tmp_path, config)
        scan = scan_kustomization(tmp_path)
        assert [o.text for o in scan] == ["catalog:latest"], config
        [error] = scan.errors
        assert (error.path, error.line) == (str(tmp_path / "kustomizeconfig.yaml"), line), config
        assert message in error.message, config


def test_other_transformer_configurations_are_not_read(tmp_path: Path) -> None:
    catalog(
        tmp_path,
        "namePrefix:\n- {path: metadata/name}\ncommonLabels: 3\n"
        "images:\n- {path: spec/image, kind: CatalogSource, create: true}\n",
    )
    scan = scan_kustomization(tmp_path)
    assert scan.errors == ()
    assert [o.text for o in scan] == ["mariadb/catalog:v0.0.31"]

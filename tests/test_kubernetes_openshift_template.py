"""An OpenShift Template's objects are read with its parameters put in, as ``oc process``
puts them (survey 31b).

ansible/galaxy_ng's ``openshift/clowder/`` Templates (``apiVersion: v1``) run
``quay.io/cloudservices/iqe-tests:automation-hub`` in a ``Job`` of ``deploy-acceptance.yaml``
(missed: a v1 ``Template`` was no kind read) and ``${NGINX_IMAGE}:${NGINX_IMAGE_TAG}`` in a
ClowdApp of ``clowd-app.yaml`` (the parameters' values: missed); ``run-job.yaml``'s
``${IMAGE_NAME}:${IMAGE_TAG}`` has ``IMAGE_NAME``'s value, and ``IMAGE_TAG`` is ``required``:
the one name left to ``oc process -p``.
"""

from __future__ import annotations

import datetime
import os

from tagsense import check, find_references
from tagsense.sources.kubernetes import substitute_openshift

DAY = datetime.date(2026, 12, 5)
CLOWDER = os.path.join(
    os.path.dirname(__file__), "data", "realworld", "galaxy_ng-c3e62501", "openshift", "clowder"
)
HUB = "quay.io/redhat-user-workloads/ansible-automationhu-tenant/automation-hub-main/"


def test_a_v1_template_s_objects_are_read() -> None:
    found = find_references(os.path.join(CLOWDER, "deploy-acceptance.yaml"))
    assert [(o.text, o.context.get("kind"), o.context.get("template")) for o in found] == [
        ("quay.io/cloudservices/iqe-tests:automation-hub", "Job", "automation-hub-post-deploy-test")
    ]


def test_a_template_s_parameters_are_put_in() -> None:
    found = find_references(os.path.join(CLOWDER, "clowd-app.yaml"))
    assert [o.text for o in found] == [HUB + "automation-hub-nginx:latest"]
    (job,) = find_references(os.path.join(CLOWDER, "run-job.yaml"))
    assert job.text == HUB + "automation-hub-galaxy-ng:${IMAGE_TAG}"
    assert job.unresolved == ("IMAGE_TAG",)
    (finding,) = check([job], as_of=DAY)
    assert finding.code == "TS011"
    assert "`oc process`" in finding.message and "IMAGE_TAG" in finding.message


def test_a_parameter_written_for_any_value_and_one_not_given() -> None:
    parameters = {"REPO": "quay.io/acme/app", "TAG": "1.2.3", "EMPTY": None}
    assert substitute_openshift("${REPO}:${{TAG}}", parameters) == ("quay.io/acme/app:1.2.3", ())
    assert substitute_openshift("${REPO}:${EMPTY}${OTHER}", parameters) == (
        "quay.io/acme/app:${EMPTY}${OTHER}",
        ("EMPTY", "OTHER"),
    )


def test_a_template_s_object_outside_its_objects_and_a_plain_manifest_are_as_before(
    tmp_path: os.PathLike[str],
) -> None:
    manifest = os.path.join(tmp_path, "job.yaml")
    with open(manifest, "w", encoding="utf-8") as file:
        file.write(
            "apiVersion: template.openshift.io/v1\nkind: Template\nmetadata: {name: t}\n"
            "parameters: [{name: TAG, value: '3.22'}]\nobjects:\n"
            "- apiVersion: v1\n  kind: Pod\n  metadata: {name: p}\n"
            "  spec: {containers: [{name: c, image: 'alpine:${TAG}'}]}\n"
            "---\napiVersion: v1\nkind: Pod\nmetadata: {name: q}\n"
            "spec: {containers: [{name: c, image: 'alpine:${TAG}'}]}\n"
        )
    found = find_references(manifest)
    assert [(o.text, o.unresolved) for o in found] == [
        ("alpine:3.22", ()),
        ("alpine:${TAG}", ("TAG",)),  # (envsubst's, as before: no template's parameter)
    ]


KEYCLOAK = os.path.join(
    os.path.dirname(__file__), "data", "realworld", "keycloak-quickstarts-c93be999", "openshift"
)


def test_a_v1_deployment_config_in_a_template_is_read() -> None:
    # keycloak/keycloak-quickstarts (c93be999) openshift/keycloak.yaml: `oc process -f … |
    # oc create -f -` runs Keycloak from a `v1` DeploymentConfig (survey 37c: missed).
    found = find_references(os.path.join(KEYCLOAK, "keycloak.yaml"))
    assert [(o.text, o.line, o.context.get("kind"), o.context.get("template")) for o in found] == [
        ("quay.io/keycloak/keycloak:26.6.4", 68, "DeploymentConfig", "keycloak")
    ]


def test_only_openshift_s_own_kinds_are_read_in_v1(tmp_path: os.PathLike[str]) -> None:
    manifest = os.path.join(tmp_path, "objects.yaml")
    pod_template = "  template: {spec: {containers: [{name: c, image: 'nginx:1.27.3'}]}}\n"
    with open(manifest, "w", encoding="utf-8") as file:
        file.write(
            "apiVersion: v1\nkind: DeploymentConfig\nmetadata: {name: dc}\nspec:\n"
            + pod_template
            + "---\napiVersion: v1\nkind: Widget\nmetadata: {name: w}\nspec:\n"
            + pod_template  # (no core kind, no OpenShift kind: nothing runs it)
        )
    found = find_references(manifest)
    assert [(o.text, o.context.get("kind")) for o in found] == [
        ("nginx:1.27.3", "DeploymentConfig")
    ]


def test_a_blank_image_an_image_change_trigger_fills_is_no_reference(
    tmp_path: os.PathLike[str],
) -> None:
    # (wekan's OpenShift template, survey s38d: its DeploymentConfig writes ``image: " "``,
    # which the ImageChange trigger fills from an ImageStreamTag; it was TS012, "a space")
    manifest = os.path.join(tmp_path, "dc.yaml")
    with open(manifest, "w", encoding="utf-8") as file:
        file.write(
            "apiVersion: v1\nkind: DeploymentConfig\nmetadata: {name: db}\nspec:\n"
            "  template:\n    spec:\n      containers:\n"
            '      - name: mongodb\n        image: " "\n'
            "  triggers:\n  - type: ImageChange\n    imageChangeParams:\n"
            "      containerNames: [mongodb]\n"
            "      from: {kind: ImageStreamTag, name: 'mongodb:3.2', namespace: openshift}\n"
        )
    found = find_references(manifest)
    assert list(found) == [] and not found.errors
    assert check(found, as_of=DAY) == []

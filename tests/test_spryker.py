"""Spryker deploy files: the platform and frontend images Spryker's Docker SDK pulls.

Shapes after spryker-shop/b2c-demo-shop's ``deploy.yml`` and ``deploy.dev.yml`` (commit
f95c0f52), abridged and written here, not copied; survey s46a: 14 pulled images missed.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references
from tagsense.sources.platforms.spryker import is_deploy_file_name, scan_deploy_file

if TYPE_CHECKING:
    from pathlib import Path

DAY = date(2026, 12, 7)

DEPLOY = """\
version: '0.1'

namespace: spryker_b2c
tag: '1.0'

environment: docker.production
image:
    tag: spryker/php:8.4.1
    php:
        enabled-extensions:
            - otel

assets:
    image: spryker/nginx-brotli:latest
    mode: production

regions:
    EU:
        services:
            database:
                database: eu-docker

groups:
    EU:
        region: EU
        applications:
            yves_eu:
                application: yves

services:
    database:
        engine: mysql
        version: mariadb-10.4
    broker:
        engine: rabbitmq
        version: '4.1'
    tools:
        engine: custom
        image: acme/tools:2.1.0
"""

DEV = """\
version: '0.1'
namespace: spryker_b2c_dev
environment: docker.dev
image: spryker/php:8.4.1
regions:
    EU: {}
"""


def test_a_deploy_file_s_platform_frontend_and_custom_images(tmp_path: Path) -> None:
    (tmp_path / "deploy.yml").write_text(DEPLOY)
    found = find_references(str(tmp_path / "deploy.yml"))
    assert [(o.line, o.kind, o.text, o.context.get("field")) for o in found] == [
        (8, "spryker", "spryker/php:8.4.1", "image.tag"),
        (14, "spryker", "spryker/nginx-brotli:latest", "assets.image"),
        (39, "spryker", "acme/tools:2.1.0", "services.tools.image"),
    ]
    findings = check(found, as_of=DAY)
    assert [(f.code, f.reference) for f in findings] == [("TS001", "spryker/nginx-brotli:latest")]


def test_the_platform_image_written_as_one_string(tmp_path: Path) -> None:
    (tmp_path / "deploy.dev.yml").write_text(DEV)
    (found,) = find_references(str(tmp_path / "deploy.dev.yml"))
    assert (found.kind, found.text, found.context.get("field")) == (
        "spryker",
        "spryker/php:8.4.1",
        "image.tag",
    )


def test_a_deploy_file_is_found_in_its_project(tmp_path: Path) -> None:
    (tmp_path / "deploy.ci.api.mariadb.yml").write_text(DEV)
    assert [o.kind for o in find_references(str(tmp_path))] == ["spryker"]


@pytest.mark.parametrize(
    ("name", "deploy_file"),
    [
        ("deploy.yml", True),
        ("deploy.dev.yml", True),
        ("deploy.ci.acceptance.mariadb.cypress.yml", True),
        ("deploy.yaml", True),
        ("deployment.yml", False),
        ("my-deploy.yml", False),
    ],
)
def test_the_names_of_deploy_files(name: str, deploy_file: bool) -> None:
    assert is_deploy_file_name(f"project/{name}") is deploy_file


@pytest.mark.parametrize(
    "text",
    [
        # (a deploy.yml of another tool: no groups nor regions, no version)
        "version: '3'\nimage: nginx:1.27.3\nservices: {}\n",
        "image: nginx:1.27.3\nregions: {}\n",
        # (an Ansible playbook)
        "- hosts: all\n  tasks: []\n",
    ],
)
def test_another_deploy_yml_is_no_deploy_file(text: str) -> None:
    assert scan_deploy_file(text, "deploy.yml") is None


def test_a_workflow_named_deploy_yml_is_read_as_a_workflow(tmp_path: Path) -> None:
    workflow = tmp_path / ".github" / "workflows" / "deploy.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(
        "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n"
        "    container: node:22.12.0\n    steps:\n      - run: echo hi\n"
    )
    assert [o.kind for o in find_references(str(workflow))] == ["ci"]

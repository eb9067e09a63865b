"""A build tagged in a registry service's host that a run names (``${ACR_NAME}.azurecr.io/app``,
``${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/app``) builds that repository in whichever
account it is: the project's manifests, Terraform and compose files that name the same
shape are its output, not an unresolved TS011.

ajdunney/fastapi-azure-deployment (survey 33f): its workflow writes ``ACR_NAME`` from ``terraform
output`` to ``$GITHUB_ENV`` and runs ``docker build -t ${{ env.ACR_NAME
}}.azurecr.io/myapi:latest .``; its Terraform deploys ``"${var.acr_name}.azurecr.io/myapi:latest"``
twice (2 false TS011).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references

if TYPE_CHECKING:
    from pathlib import Path

DAY = datetime.date(2026, 12, 5)

WORKFLOW = """\
on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Get Terraform Outputs
        run: |
          echo "ACR_NAME=$(terraform output -raw acr_name)" >> $GITHUB_ENV
        working-directory: ./terraform
      - name: Build Docker Image
        run: |
          docker build -t ${{ env.ACR_NAME }}.azurecr.io/myapi:latest .
        working-directory: ./app
"""

DEPLOYMENT = """\
variable "acr_name" {
  type = string
}

resource "kubernetes_deployment" "api" {
  metadata {
    name = "api"
  }
  spec {
    template {
      metadata {
        labels = { app = "api" }
      }
      spec {
        container {
          name  = "api"
          image = "%s"
        }
      }
    }
  }
}
"""


def project(tmp_path: Path, image: str) -> str:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    workflow = tmp_path / ".github" / "workflows" / "tf.yaml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(WORKFLOW)
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "Dockerfile").write_text("FROM python:3.10.6-slim\n")
    (tmp_path / "terraform").mkdir()
    deployments = tmp_path / "terraform" / "deployments.tf"
    deployments.write_text(DEPLOYMENT % image)
    return str(deployments)


@pytest.mark.parametrize(
    ("image", "built"),
    [
        ("${var.acr_name}.azurecr.io/myapi:latest", True),
        ("${var.acr_name}.azurecr.io/myapi:${var.tag}", True),
        # (another repository; another registry service; a host only a run names whole)
        ("${var.acr_name}.azurecr.io/worker:latest", False),
        ("${var.account}.dkr.ecr.eu-west-1.amazonaws.com/myapi:latest", False),
        ("${var.registry}/myapi:latest", False),
    ],
)
def test_the_same_shape_in_a_registry_service_is_the_build_s(
    tmp_path: Path, image: str, built: bool
) -> None:
    path = project(tmp_path, image)
    (found,) = find_references(path)
    assert (found.built is not None) == built
    codes = [f.code for f in check(find_references(path), as_of=DAY)]
    assert ("TS011" in codes) != built

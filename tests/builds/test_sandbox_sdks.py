"""Code sandboxes' Python SDKs: the images SWE-ReX, E2B, Modal and llm-sandbox start from
(sources.builds.sandbox_sdks)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense import check
from tagsense.sources import scan_paths
from tagsense.sources.builds.python import scan_python_source

if TYPE_CHECKING:
    from pathlib import Path

# SWE-agent/SWE-agent@3ea751c087f3 sweagent/environment/swe_env.py (trimmed): the default
# deployment SWE-ReX starts (survey 35e).
SWE_REX = """\
from pydantic import BaseModel, Field
from swerex.deployment.config import DeploymentConfig, DockerDeploymentConfig, get_deployment


class EnvironmentConfig(BaseModel):
    deployment: DeploymentConfig = Field(
        default_factory=lambda: DockerDeploymentConfig(image="python:3.11"),
        description="Deployment options.",
    )
"""
# e2b-dev/code-interpreter@7df1757bfd5b template/template.py (trimmed): E2B's template SDK;
# then a template only written out, and a shorthand with the SDK's default.
E2B = """\
from e2b import ReadyCmd, Template, wait_for_url


def make_template(kernels=("python",)):
    template = (
        Template()
        .from_image("python:3.13")
        .set_user("root")
    )
    text = Template().from_ubuntu_image("24.04").run_cmd("true").to_dockerfile()
    node = Template().from_node_image()
    return template
"""
# SWE-bench/SWE-bench@7a21e0577295 swebench/harness/modal_eval/run_evaluation_modal.py
# (trimmed): the public image Modal builds its own on.
MODAL = """\
import modal

image = modal.Image.from_registry("ubuntu:22.04", add_python="3.11")
other = modal.Image.debian_slim().pip_install("requests")
"""
# vndee/llm-sandbox@5f7478df4096 examples/existing_container_demo.py and
# tests/test_custom_image_libraries.py (trimmed): a session's image; a mock client's is none.
LLM_SANDBOX = """\
from llm_sandbox import SandboxSession

with SandboxSession(lang="python", image="ghcr.io/vndee/sandbox-python-311-bullseye") as s:
    s.run("print(1)")
session = SandboxSession(client=mock_client, lang="python", image="custom-python:latest")
"""


def test_sandbox_sdks_pull_the_images_they_start_from() -> None:
    found = [
        (o.line, o.text, o.context["tool"], o.context["call"])
        for text in (SWE_REX, E2B, MODAL, LLM_SANDBOX)
        for o in scan_python_source(text, path="src/app.py")
    ]
    assert found == [
        (7, "python:3.11", "swe-rex", "DockerDeploymentConfig"),
        (7, "python:3.13", "e2b", "from_image"),
        (11, "node:lts", "e2b", "from_node_image"),
        (3, "ubuntu:22.04", "modal", "from_registry"),
        (3, "ghcr.io/vndee/sandbox-python-311-bullseye", "llm-sandbox", "SandboxSession"),
    ]


def test_a_test_module_s_configurations_are_not_started(tmp_path: Path) -> None:
    # (SWE-agent's tests/test_batch_instance.py checks a configuration's fields; its
    # conftest.py's fixture starts the environment)
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "test_batch.py").write_text(SWE_REX)
    (tests / "conftest.py").write_text(SWE_REX)
    scan = scan_paths([str(tmp_path)])
    assert [(o.path.rpartition("/")[2], o.kind) for o in scan] == [("conftest.py", "sandbox-sdk")]
    assert [f.code for f in check(scan)] == ["TS004"]


@given(st.text(max_size=300))
def test_any_text_is_read_without_raising(text: str) -> None:
    scan_python_source("from e2b import Template\nimport swerex, modal, llm_sandbox\n" + text)

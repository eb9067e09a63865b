"""Terraform configurations and Nomad job files: the container images their resources and
tasks run, with the values the files give (variable defaults, ``terraform.tfvars``, locals).

Fixtures are modelled on published projects:
terraform-aws-modules/terraform-aws-ecs (examples/fargate/main.tf: an ECS service module's
``container_definitions`` keyed by ``(local.container_name)``; an image from an SSM parameter),
kreuzwerker/terraform-provider-docker (examples/: ``docker_image`` / ``docker_container`` /
``docker_service``; ``docker_image`` with a ``build`` block),
hashicorp-education/learn-nomad-getting-started (jobs/*.nomad.hcl) and
learn-nomad-consul/demo-stack (nomad/jobs/*.hcl: job files named ``.hcl``).
"""

from __future__ import annotations

import os
from datetime import date
from typing import TYPE_CHECKING

from tagsense import check, find_references
from tagsense.sources.discover import discover
from tagsense.sources.nomad import scan_nomad_job
from tagsense.sources.terraform import scan_terraform_file

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

DAY = date(2026, 12, 4)

MAIN_TF = """\
locals {
  container_name = "ecsdemo"
  registry       = "public.ecr.aws/aws-containers"
}

resource "docker_image" "ubuntu" {
  name = "ubuntu:${var.ubuntu_tag}"
}

resource "docker_container" "web" {
  name  = "web"
  image = docker_image.ubuntu.image_id
}

resource "docker_image" "zoo" {
  name = "zoo"
  build {
    context = "."
  }
}

resource "docker_service" "foo" {
  task_spec {
    container_spec {
      image = "repo.mycompany.com:8080/foo-service:${var.service_tag}"
    }
  }
}

module "ecs_service" {
  source = "../../modules/service"
  container_definitions = {
    fluent-bit = {
      image = nonsensitive(data.aws_ssm_parameter.fluentbit.value)
    }
    (local.container_name) = {
      image = "${local.registry}/ecsdemo-frontend:776fd50"
    }
  }
}

resource "aws_ecs_task_definition" "app" {
  family = "app"
  container_definitions = jsonencode([
    {
      name  = "app"
      image = format("%s:%s", var.app_image, var.app_tag)
    }
  ])
}

resource "google_compute_instance" "vm" {
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-11"  # a machine image, no container
    }
  }
}
"""

VARIABLES_TF = """\
variable "ubuntu_tag" {
  default = "24.04"
}

variable "service_tag" {
  type = string
}

variable "app_image" {
  default = "nginx"
}

variable "app_tag" {
  default = "1.27.0"
}
"""


def _module(tmp_path: Path) -> str:
    (tmp_path / "main.tf").write_text(MAIN_TF)
    (tmp_path / "variables.tf").write_text(VARIABLES_TF)
    (tmp_path / "terraform.tfvars").write_text('app_tag = "1.27.3"\n')
    return str(tmp_path / "main.tf")


def test_terraform_images_with_the_module_s_values(tmp_path: Path) -> None:
    path = _module(tmp_path)
    scan = scan_terraform_file(MAIN_TF, path)
    assert not scan.errors
    found = [(o.line, o.text, o.unresolved, o.context.get("field")) for o in scan.occurrences]
    assert found == [
        (7, "ubuntu:24.04", (), "name"),  # (variables.tf's default, a sibling file's)
        # (docker_container's image is docker_image.ubuntu's: judged there; zoo is built)
        (
            25,
            "repo.mycompany.com:8080/foo-service:${var.service_tag}",
            ("var.service_tag",),
            "task_spec.container_spec.image",
        ),
        (
            34,
            "nonsensitive(data.aws_ssm_parameter.fluentbit.value)",
            ("data.aws_ssm_parameter.fluentbit.value",),
            "container_definitions.fluent-bit.image",
        ),
        (
            37,
            "public.ecr.aws/aws-containers/ecsdemo-frontend:776fd50",
            (),
            "container_definitions.(local.container_name).image",
        ),
        # (terraform.tfvars sets app_tag over its default, as terraform plan reads it)
        (47, "nginx:1.27.3", (), "container_definitions.image"),
    ]
    assert [o.kind for o in scan.occurrences] == ["terraform"] * 5
    first = scan.occurrences[0]
    assert (first.column, first.raw) == (11, "ubuntu:${var.ubuntu_tag}")
    assert first.context["resource"] == "docker_image.ubuntu"


def test_a_module_that_passes_on_its_input_is_no_image_of_its_own(tmp_path: Path) -> None:
    # (terraform-aws-modules/terraform-aws-ecs: modules/service/main.tf passes each container
    # definition on, wrappers/container-definition/main.tf each wrapped module's inputs)
    text = (
        'module "container_definition" {\n'
        '  source   = "../container-definition"\n'
        "  for_each = var.container_definitions\n"
        "  image    = each.value.image\n"
        "}\n"
        'module "wrapper" {\n'
        "  image = try(each.value.image, var.defaults.image, null)\n"
        "}\n"
        'module "sidecar" {\n'
        "  image = nonsensitive(data.aws_ssm_parameter.fluentbit.value)\n"
        "}\n"
        'resource "kubernetes_pod" "p" {\n'
        "  spec {\n    container {\n      image = var.image\n    }\n  }\n}\n"
    )
    scan = scan_terraform_file(text, str(tmp_path / "main.tf"))
    assert [(o.line, o.unresolved) for o in scan.occurrences] == [
        (10, ("data.aws_ssm_parameter.fluentbit.value",)),  # (a run's: still unresolved)
        (15, ("var.image",)),  # (a resource's own: the variable has no default)
    ]


def test_a_module_given_an_empty_image_is_given_no_image(tmp_path: Path) -> None:
    # kubernetes-sigs/kubespray's contrib/terraform/openstack/kubespray.tf: the compute module's
    # `image` is the Glance image to boot, a variable whose default is "" (none chosen)
    (tmp_path / "variables.tf").write_text('variable "image" {\n  default = ""\n}\n')
    text = 'module "compute" {\n  source = "./modules/compute"\n  image  = var.image\n}\n'
    assert scan_terraform_file(text, str(tmp_path / "main.tf")).occurrences == ()
    text = 'module "compute" {\n  source = "./modules/compute"\n  image  = "nginx:1.27.3"\n}\n'
    scan = scan_terraform_file(text, str(tmp_path / "main.tf"))
    assert [o.text for o in scan.occurrences] == ["nginx:1.27.3"]


# coder/registry, registry/coder/templates/docker-envbuilder/main.tf (Apache-2.0; trimmed)
CODER_TEMPLATE = """\
data "coder_parameter" "devcontainer_builder" {
  name         = "devcontainer_builder"
  display_name = "Devcontainer Builder"
  mutable      = true
  default      = "ghcr.io/coder/envbuilder:latest"
}
data "coder_parameter" "other" {
  name = "other"
}
variable "cache_repo" {
  default = ""
}
locals {
  devcontainer_builder_image = data.coder_parameter.devcontainer_builder.value
}
resource "docker_container" "workspace" {
  image = var.cache_repo == "" ? local.devcontainer_builder_image : envbuilder_cached.c.0.image
}
resource "docker_container" "other" {
  image = data.coder_parameter.other.value
}
"""


def test_a_coder_template_parameter_gives_its_default() -> None:
    # coder/registry's envbuilder templates: 5 false TS011 for the builder image a workspace
    # starts with (survey s34e); a parameter without a default is the owner's to give
    scan = scan_terraform_file(CODER_TEMPLATE, "main.tf")
    assert [(o.line, o.text, o.unresolved) for o in scan.occurrences] == [
        (17, "ghcr.io/coder/envbuilder:latest", ()),
        (20, "data.coder_parameter.other.value", ("data.coder_parameter.other.value",)),
    ]


def test_a_tf_file_alone_means_what_it_means_in_its_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _module(tmp_path)
    monkeypatch.chdir(tmp_path)
    whole = [(o.path, o.line, o.text) for o in find_references(".")]
    alone = [(o.path, o.line, o.text) for o in find_references("main.tf")]
    assert alone == whole
    assert ("main.tf", 7, "ubuntu:24.04") in alone


def test_terraform_findings_and_an_unresolved_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "docker_image" "a" {\n  name = "busybox:latest"\n}\n'
        'resource "kubernetes_deployment" "b" {\n  spec {\n    template {\n      spec {\n'
        "        container {\n          image = var.image\n        }\n"
        "      }\n    }\n  }\n}\n"
        'variable "image" {}\n'
    )
    monkeypatch.chdir(tmp_path)
    findings = check(find_references("."), as_of=DAY)
    assert [(f.line, f.code) for f in findings] == [(2, "TS001"), (9, "TS011")]
    unresolved = next(f for f in findings if f.code == "TS011")
    assert "only terraform apply" in unresolved.message


NOMAD_JOB = """\
variable "redis_tag" {
  default = "7.0.7-alpine"
}

job "pytechco" {
  group "web" {
    task "redis" {
      driver = "docker"
      template {
        data        = <<EOH
{{ range nomadService "redis-svc" }}REDIS_HOST={{ .Address }}{{ end }}
EOH
        destination = "local/env.txt"
      }
      config {
        image = "redis:${var.redis_tag}"
      }
    }
    task "app" {
      driver = "podman"
      config {
        image = "ghcr.io/acme/app:${NOMAD_META_version}"
      }
    }
    task "script" {
      driver = "exec"
      config {
        image = "not-a-container"
      }
    }
  }
}
"""


def test_nomad_tasks_run_their_config_images() -> None:
    scan = scan_nomad_job(NOMAD_JOB, "jobs/pytechco.nomad.hcl")
    assert not scan.errors
    found = [(o.line, o.column, o.text, o.unresolved) for o in scan.occurrences]
    assert found == [
        (16, 18, "redis:7.0.7-alpine", ()),
        (22, 18, "ghcr.io/acme/app:${NOMAD_META_version}", ("NOMAD_META_version",)),
    ]
    assert dict(scan.occurrences[0].context) == {
        "job": "pytechco",
        "group": "web",
        "task": "redis",
        "driver": "docker",
        "field": "config.image",
    }


def test_nomad_and_terraform_files_are_discovered(tmp_path: Path) -> None:
    jobs = tmp_path / "nomad" / "jobs"
    jobs.mkdir(parents=True)
    (jobs / "web.hcl").write_text('job "web" {\n}\n')
    (jobs / "agent.hcl").write_text('datacenter = "dc1"\n')  # (an agent's configuration)
    (tmp_path / "a.nomad").write_text('job "a" {\n}\n')
    (tmp_path / "b.nomad.hcl").write_text('job "b" {\n}\n')
    (tmp_path / "main.tf").write_text("")
    found = {os.path.relpath(path, tmp_path): kind for path, kind in discover([str(tmp_path)])}
    assert found == {
        os.path.join("nomad", "jobs", "web.hcl"): "nomad",
        "a.nomad": "nomad",
        "b.nomad.hcl": "nomad",
        "main.tf": "terraform",
    }


def test_a_nomad_job_with_a_go_template_is_read_not_taken_for_a_template(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "redis.nomad").write_text(NOMAD_JOB)
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    assert [o.text for o in scan] == [
        "redis:7.0.7-alpine",
        "ghcr.io/acme/app:${NOMAD_META_version}",
    ]
    assert not scan.errors


# As OpenTTD/infra writes its job files (app/bananas/files/bananas-api.nomad): its Pulumi code
# replaces `[[ version ]]` (Levant's delimiters) before Nomad reads the file. Survey s48a: 15
# false TS012 ("a space is not allowed") on them before.
LEVANT_JOB = """\
job "bananas-api-[[ stack ]]" {
  group "bananas-api" {
    task "app" {
      driver = "docker"
      config {
        image = "ghcr-proxy.openttd.org/openttd/bananas-api[[ version ]]"
      }
    }
    task "levant" {
      driver = "docker"
      config {
        image = "redis:[[ .redis_tag ]]"
      }
    }
    task "plain" {
      driver = "docker"
      config {
        image = "redis:7.0.11"
      }
    }
  }
}
"""


def test_a_template_placeholder_in_a_job_s_image_is_the_render_s_not_invalid() -> None:
    scan = scan_nomad_job(LEVANT_JOB, "app/bananas/files/bananas-api.nomad")
    found = [(o.line, o.text, o.unresolved) for o in scan.occurrences]
    assert found == [
        (6, "ghcr-proxy.openttd.org/openttd/bananas-api[[ version ]]", ("version",)),
        (12, "redis:[[ .redis_tag ]]", ("redis_tag",)),
        (18, "redis:7.0.11", ()),
    ]
    findings = check(scan, config={"select": ["TS011", "TS012"]}, as_of=DAY)
    assert [(f.line, f.code) for f in findings] == [(6, "TS011"), (12, "TS011")]
    assert "template's render" in findings[0].message


def test_hcl_that_does_not_parse_is_one_error(tmp_path: Path) -> None:
    scan = scan_terraform_file('resource "docker_image" "a" {\n  name = \n}\n', "main.tf")
    assert not scan.occurrences
    assert [e.line for e in scan.errors] == [2]


PACK_VARIABLES = """\
variable "version_tag" {
  default = "1.21.6"
}

variable "task_config" {
  type = object({ image = string, version = string })
  default = {
    image   = "otel/opentelemetry-collector-contrib"
    version = "0.115.1"
  }
}

variable "redis_image" {
  default = "redis:latest"
}

variable "app_image" {
  type = string
}
"""

PACK_TEMPLATE = """\
job [[ template "job_name" . ]] {
  group "nginx" {
    task "nginx" {
      driver = "docker"
      config {
        image = "nginx:[[ var "version_tag" . ]]"
      }
    }
    task "collector" {
      driver = "docker"
      config {
        image = "[[ var "task_config.image" . ]]:[[ .my.task_config.version ]]"
      }
    }
    task "redis" {
      driver = "docker"
      config {
        image = [[ var "redis_image" . | quote ]]
      }
    }
    task "app" {
      driver = "docker"
      config {
        image = "[[ var "app_image" . ]]"
      }
    }
  }
}
"""


def test_a_nomad_pack_template_s_images_take_the_pack_s_variable_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (hashicorp/nomad-pack-community-registry: packs/nginx/templates/nginx.nomad.tpl,
    # packs/opentelemetry_collector, packs/redis; nomad-pack render without --var)
    pack = tmp_path / "packs" / "nginx"
    (pack / "templates").mkdir(parents=True)
    (pack / "metadata.hcl").write_text('pack {\n  name = "nginx"\n}\n')
    (pack / "variables.hcl").write_text(PACK_VARIABLES)
    (pack / "templates" / "nginx.nomad.tpl").write_text(PACK_TEMPLATE)
    (tmp_path / "other.nomad.tpl").write_text(PACK_TEMPLATE)  # (in no pack: not read)
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    found = [(o.path, o.line, o.column, o.text, o.unresolved) for o in scan]
    template = os.path.join("packs", "nginx", "templates", "nginx.nomad.tpl")
    assert found == [
        (template, 6, 18, "nginx:1.21.6", ()),
        (template, 12, 18, "otel/opentelemetry-collector-contrib:0.115.1", ()),
        (template, 18, 17, "redis:latest", ()),
        (template, 24, 18, '[[ var "app_image" . ]]', ("app_image",)),
    ]
    assert not scan.errors
    codes = [(f.line, f.code) for f in check(scan, as_of=DAY)]
    assert codes == [(18, "TS001"), (24, "TS011")]


def test_a_pack_s_templates_are_found_from_a_directory_above_the_working_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (hashicorp/nomad-pack-community-registry@2e5e93a scanned as `tagsense check REGISTRY`
    # from the directory above it: its packs' metadata.hcl was looked for from the working
    # directory, and no template of its 46 packs was read; survey 35c)
    pack = tmp_path / "registry" / "packs" / "nginx"
    (pack / "templates").mkdir(parents=True)
    (pack / "metadata.hcl").write_text('pack {\n  name = "nginx"\n}\n')
    (pack / "variables.hcl").write_text(PACK_VARIABLES)
    (pack / "templates" / "nginx.nomad.tpl").write_text(PACK_TEMPLATE)
    monkeypatch.chdir(tmp_path)
    template = os.path.join("registry", "packs", "nginx", "templates", "nginx.nomad.tpl")
    assert (template, "nomad") in discover(["registry"])
    found = [(o.path, o.text) for o in find_references("registry")]
    assert found[0] == (template, "nginx:1.21.6")


def test_a_pack_s_printf_of_a_variable_is_formatted(tmp_path: Path) -> None:
    # (hashicorp/nomad-pack-community-registry: packs/nomad_autoscaler/templates/…nomad.tpl)
    from tagsense.sources._nomad_pack import scan_pack_template

    pack = tmp_path / "nomad_autoscaler"
    (pack / "templates").mkdir(parents=True)
    (pack / "metadata.hcl").write_text("")
    (pack / "variables.hcl").write_text(
        'variable "task" {\n  default = {\n    version = "0.3.3"\n  }\n}\n'
    )
    template = pack / "templates" / "autoscaler.nomad.tpl"
    text = (
        '        image   = [[ printf "\\"hashicorp/nomad-autoscaler:%s\\""'
        ' (var "task.version" .) ]]\n'
    )
    template.write_text(text)
    scan = scan_pack_template(text, str(template), "nomad")
    assert [(o.column, o.text, o.unresolved) for o in scan.occurrences] == [
        (19, "hashicorp/nomad-autoscaler:0.3.3", ())
    ]

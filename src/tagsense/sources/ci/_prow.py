"""Prow: the images a job's pod runs (``.prow.yaml``, ``.prow/*.yaml``).

Prow's in-repository configuration is a mapping with ``presubmits`` and ``postsubmits``, each a
list of jobs (a central job configuration keys those lists by repository, ``org/repo: […]``,
and adds ``periodics``); a job runs its ``spec`` (a Kubernetes PodSpec) as a pod:
``spec.containers[*].image`` and ``spec.initContainers[*].image``. Prow puts nothing into an
image: it is pulled as written. feast-dev/feast's ``.prow.yaml`` publishes its Java SDK in
``maven:3.6-jdk-11``.
"""

from __future__ import annotations

from .._yaml import items, scalar, sequence
from ._scanner import fields, is_mapping, is_sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

    from ._scanner import Scanner

__all__ = ["prow"]

#: The kinds of jobs, each a list of jobs (or a mapping of repositories to lists).
_JOB_KINDS = ("presubmits", "postsubmits", "periodics")
#: A pod's containers, by field.
_CONTAINER_FIELDS = ("containers", "initContainers")


def prow(scanner: Scanner, documents: list[yaml.Node]) -> None:
    for document in documents:
        if not is_mapping(document):
            continue
        root = fields(document)
        for kind in _JOB_KINDS:
            node = root.get(kind)
            if is_sequence(node):
                _jobs(scanner, node, kind, None)
            elif is_mapping(node):
                for repository, jobs, _ in items(node):
                    _jobs(scanner, jobs, kind, repository)


def _jobs(scanner: Scanner, jobs: yaml.Node | None, kind: str, repository: str | None) -> None:
    for job in sequence(jobs):
        job_fields = fields(job)
        context: dict[str, object] = {"jobs": kind}
        if repository is not None:
            context["repository"] = repository
        name = scalar(job_fields.get("name"))
        if name is not None:
            context["job"] = name
        spec = fields(job_fields.get("spec"))
        for field in _CONTAINER_FIELDS:
            for container in sequence(spec.get(field)):
                image = fields(container).get("image")
                if image is not None:
                    scanner.image(image, f"spec.{field}.image", {**context, "field": field})

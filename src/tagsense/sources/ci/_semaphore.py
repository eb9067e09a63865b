"""Semaphore: the images a pipeline's jobs run in (``.semaphore/*.yml``).

Semaphore (https://docs.semaphoreci.com/reference/pipeline-yaml) starts with
``.semaphore/semaphore.yml`` and goes on with the pipelines its ``promotions`` name (any file
of ``.semaphore/``). A pipeline's ``agent`` runs its jobs on a machine (``machine.type``,
``machine.os_image``: VM images, not read) or, with ``containers``, in a Docker-based
environment: the first container runs the commands, the others run beside it (a database, a
cache), each ``containers[*].image``. A block's ``task.agent`` replaces the pipeline's for
its jobs. Semaphore puts nothing into an image: it is pulled as written. The jobs'
``commands`` (and the ``prologue``'s and ``epilogue``'s) are scripts, read as any CI
system's (``docker run IMAGE``).
"""

from __future__ import annotations

from .._yaml import scalar, sequence
from ._scanner import fields, is_mapping

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

    from ._scanner import Scanner

__all__ = ["semaphore"]


def semaphore(scanner: Scanner, documents: list[yaml.Node]) -> None:
    for document in documents:
        if not is_mapping(document):
            continue
        root = fields(document)
        _agent(scanner, root.get("agent"), {"section": "pipeline"})
        for block in sequence(root.get("blocks")):
            body = fields(block)
            context: dict[str, object] = {}
            name = scalar(body.get("name"))
            if name is not None:
                context["block"] = name
            _agent(scanner, fields(body.get("task")).get("agent"), context)
        after = fields(fields(root.get("after_pipeline")).get("task"))
        _agent(scanner, after.get("agent"), {"section": "after_pipeline"})


def _agent(scanner: Scanner, node: yaml.Node | None, context: dict[str, object]) -> None:
    for index, container in enumerate(sequence(fields(node).get("containers"))):
        body = fields(container)
        extra: dict[str, object] = {"field": "containers", "primary": index == 0}
        name = scalar(body.get("name"))
        if name is not None:
            extra["container"] = name
        scanner.image(body.get("image"), "agent.containers.image", {**context, **extra})

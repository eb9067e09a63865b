"""Which files are a GitLab pipeline at a custom path, by place and text.

GitLab runs a project's pipeline from ``.gitlab-ci.yml`` unless the project's settings name
another file, its `CI/CD configuration file
<https://docs.gitlab.com/ci/pipelines/settings/#specify-a-custom-cicd-configuration-file>`_.
NVIDIA's projects mirrored to its GitLab run ``.nvidia-ci.yml`` so (NVIDIA/k8s-device-plugin,
NVIDIA/nvidia-container-toolkit: ``default: image: docker`` with a ``docker:dind`` service).
The setting is not in the repository, so the file is known by place and text together: a
YAML file at the root of a checkout (beside its ``.git``) that has none of its own
``.gitlab-ci.yml`` (else that one is the pipeline, and the others count through its
``include``), whose name says it is CI's (``ci`` a word of it: ``.nvidia-ci.yml``,
``ci.yml``, ``gitlab-ci.yaml``), and whose text has a GitLab pipeline's shape
(:func:`is_gitlab_text`): ``stages`` a list of names, and a job (a top-level mapping that is
no global keyword) with a ``script``.
"""

from __future__ import annotations

import os
import re

from .._lazy import lazy_pattern
from ._yaml import head_text

__all__ = ["is_custom_file", "is_custom_place", "is_gitlab_text"]

#: How much of a file the look at its shape reads.
_SNIFF_BYTES = 256 * 1024
#: A quick look before any YAML is parsed: a top-level ``stages`` list and a ``script``.
_QUICK = lazy_pattern(r"^stages[ \t]*:.*^[ \t]+script[ \t]*:", re.MULTILINE | re.DOTALL)
#: A name that says CI: ``ci`` a word of it (``.nvidia-ci.yml``, ``ci.yaml``).
_CI_NAME = lazy_pattern(r"(?:^|[._-])ci(?:[._-]|$)", re.IGNORECASE)
#: GitLab's global keywords (https://docs.gitlab.com/ci/yaml/): not jobs.
_GLOBAL = frozenset(
    {"default", "include", "stages", "variables", "workflow", "image", "services", "cache",
     "before_script", "after_script", "spec", "pages"}
)  # fmt: skip
#: Top-level keys of other systems' files, which a GitLab pipeline does not have.
_OTHERS = frozenset({"on", "jobs", "steps", "pipeline", "kind", "apiVersion", "version", "trigger"})


def is_custom_place(path: str | os.PathLike[str]) -> bool:
    """Whether a file is where a custom pipeline may be: a YAML file with ``ci`` in its name
    at the root of a checkout (beside ``.git``) that has no ``.gitlab-ci.yml`` (see the
    module).

    >>> is_custom_place("no/such/.nvidia-ci.yml")
    False
    """
    path = os.fspath(path)
    name = os.path.basename(path)
    stem, extension = os.path.splitext(name)
    if extension not in (".yml", ".yaml") or name in (".gitlab-ci.yml", ".gitlab-ci.yaml"):
        return False
    if _CI_NAME.search(stem) is None:
        return False
    directory = os.path.dirname(path) or os.curdir
    return os.path.exists(os.path.join(directory, ".git")) and not os.path.exists(
        os.path.join(directory, ".gitlab-ci.yml")
    )


def is_custom_file(path: str | os.PathLike[str]) -> bool:
    """Whether a file is a GitLab pipeline at a custom path, by place and text; never raises."""
    if not is_custom_place(path):
        return False
    text = head_text(path, _SNIFF_BYTES)
    return text is not None and is_gitlab_text(text)


def is_gitlab_text(text: str) -> bool:
    """Whether YAML text has a GitLab pipeline's shape: a mapping whose ``stages`` is a list
    of names, with a job that has a ``script``, and none of another system's top-level keys.

    >>> is_gitlab_text("stages: [build]\\nbuild:\\n  stage: build\\n  script: [make]\\n")
    True
    >>> is_gitlab_text("stages:\\n  - stage: B\\n    jobs:\\n      - job: x\\n        script: y\\n")
    False
    >>> is_gitlab_text("on: push\\nstages: [a]\\njobs:\\n  a:\\n    script: x\\n")
    False
    """
    if _QUICK.search(text) is None:
        return False
    import yaml

    try:
        document = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return False
    if not isinstance(document, yaml.MappingNode):
        return False
    fields = {getattr(key, "value", None): value for key, value in document.value}
    if any(key in _OTHERS for key in fields):
        return False
    stages = fields.get("stages")
    if not isinstance(stages, yaml.SequenceNode) or not stages.value:
        return False
    if not all(isinstance(stage, yaml.ScalarNode) for stage in stages.value):
        return False
    return any(
        isinstance(key, str)
        and key not in _GLOBAL
        and isinstance(job, yaml.MappingNode)
        and any(getattr(field, "value", None) == "script" for field, _ in job.value)
        for key, job in fields.items()
    )

"""Which files are GitLab CI/CD component templates, by place and text.

A components project keeps each component in ``templates/NAME.yml`` or
``templates/NAME/template.yml`` (https://docs.gitlab.com/ci/components/), and a component
starts with a header document, ``spec:`` alone with its ``inputs``, then ``---`` and the jobs.
Its users' pipelines run those jobs with the inputs they pass, else the defaults; the
project's own ``.gitlab-ci.yml`` may test it (then it is read through that file, with those
inputs: see ``.ci._gitlab_inputs``). One nothing in the repository includes is read alone,
with its inputs' defaults, as a CircleCI orb's source is: the images its users run unless
they pass others (shortlink-org/gitlab-templates' and GNOME/citemplates' templates). A Helm
chart's ``templates/`` hold manifests, whose first document is no lone ``spec`` with
``inputs``.
"""

from __future__ import annotations

import os
import re

from .._lazy import lazy_pattern
from ._yaml import head_text

__all__ = ["component_root", "is_component_file", "is_component_place", "is_component_text"]

#: How much of a file the look at its shape reads.
_SNIFF_BYTES = 256 * 1024
#: A quick look before any YAML is parsed: a top-level ``spec`` and a document after it.
_QUICK = lazy_pattern(r"^spec[ \t]*:.*?^---", re.MULTILINE | re.DOTALL)


def is_component_place(path: str | os.PathLike[str]) -> bool:
    """``templates/NAME.yml`` or ``templates/NAME/template.yml`` (GitLab takes ``.yml`` only).

    >>> is_component_place("templates/build.yml"), is_component_place("x/templates/a/template.yml")
    (True, True)
    >>> is_component_place("chart/templates/deploy.yaml"), is_component_place("templates/a/b.yml")
    (False, False)
    """
    from .discover import path_parts

    parts = path_parts(path)
    if not parts or not parts[-1].endswith(".yml"):
        return False
    if len(parts) >= 2 and parts[-2] == "templates":
        return True
    return len(parts) >= 3 and parts[-3] == "templates" and parts[-1] == "template.yml"


def component_root(path: str) -> str | None:
    """The directory of the components project a template at ``path`` is of (the one above
    ``templates/``), from which its ``include: local`` files are read; ``None``: no
    component's place.

    >>> component_root("p/templates/build.yml"), component_root("templates/lint/template.yml")
    ('p', '')
    """
    if not is_component_place(path):
        return None
    up = 2 if os.path.basename(os.path.dirname(path)) == "templates" else 3
    for _ in range(up):
        path = os.path.dirname(path)
    return path


def is_component_file(path: str | os.PathLike[str]) -> bool:
    """Whether a file is a component template by place and text; never raises."""
    if not is_component_place(path):
        return False
    text = head_text(path, _SNIFF_BYTES)
    return text is not None and is_component_text(text)


def is_component_text(text: str) -> bool:
    """Whether YAML text starts with a component's header: a document that is ``spec:``
    alone, a mapping with ``inputs`` (or ``component``), and a document after it.

    >>> is_component_text("spec:\\n  inputs:\\n    s: {default: t}\\n---\\nj: {script: x}\\n")
    True
    >>> is_component_text("apiVersion: v1\\nkind: Pod\\nspec:\\n  containers: []\\n---\\na: 1\\n")
    False
    """
    if _QUICK.search(text) is None:
        return False
    import yaml

    try:
        for document in yaml.compose_all(text, Loader=yaml.SafeLoader):
            if not isinstance(document, yaml.MappingNode) or len(document.value) != 1:
                return False
            key, spec = document.value[0]
            if getattr(key, "value", None) != "spec" or not isinstance(spec, yaml.MappingNode):
                return False
            return any(getattr(k, "value", None) in ("inputs", "component") for k, _ in spec.value)
    except yaml.YAMLError:
        return False
    return False

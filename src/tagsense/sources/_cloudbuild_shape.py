"""Which files are Google Cloud Build configurations, by their name, their place and their text.

``gcloud builds submit`` and a trigger read ``cloudbuild.yaml`` (or ``.json``) unless told
another file (``--config FILE``, a trigger's ``filename``), so a project also keeps build
configurations under other names: ``cloudbuild-prod.yaml``, ``deploy.cloudbuild.yaml``, or
any YAML in a ``cloudbuild/`` directory (bank-of-anthos's ``.github/cloudbuild/ci-pr.yaml``).
The standard names are Cloud Build's by their name alone (:func:`is_cloudbuild_name`); the
others when their name or directory says so (:func:`is_cloudbuild_place`) *and* their text
has Cloud Build's shape (:func:`is_cloudbuild_text`).

The shape is strict, so that a Drone or Woodpecker pipeline, a GitHub composite action, an
Ansible play or a Kubernetes manifest with a ``steps:`` list is never taken for one: the
file is one mapping whose every key is a field of Cloud Build's ``Build`` (the schema's
``steps``, ``images``, ``substitutions``, ``options``…; ``apiVersion`` and ``kind`` are
none), ``steps`` is a list of mappings, each with a ``name`` and only the fields of a
``BuildStep`` (``name``, ``args``, ``entrypoint``, ``script``, ``id``, ``waitFor``, ``env``…;
Drone's ``image``, GitHub's ``run`` and ``uses`` are none), and at least one step says what
it runs or where it stands (``args``, ``entrypoint``, ``script``, ``id``, ``waitFor``).
gcloud takes the fields in snake case too (``wait_for``), as here.
"""

from __future__ import annotations

import re

from .._lazy import lazy_pattern
from ._yaml import head_text, is_mapping, is_sequence, items, scalar, sequence, sole_mapping

TYPE_CHECKING = False
if TYPE_CHECKING:
    import os

    import yaml

__all__ = [
    "CLOUDBUILD_DIRECTORIES",
    "CLOUDBUILD_FILE_NAMES",
    "camel",
    "is_cloudbuild_file",
    "is_cloudbuild_name",
    "is_cloudbuild_place",
    "is_cloudbuild_text",
]

#: What ``gcloud builds submit`` and a trigger read when told no other file.
CLOUDBUILD_FILE_NAMES = ("cloudbuild.yaml", "cloudbuild.yml", "cloudbuild.json")
#: Directories whose YAML and JSON files may be build configurations (at any depth below).
CLOUDBUILD_DIRECTORIES = frozenset({"cloudbuild", ".cloudbuild"})

#: The fields of a ``Build`` a configuration file may give (the schema's, and the request's).
_BUILD_KEYS = frozenset(
    {"steps", "timeout", "queueTtl", "logsBucket", "options", "substitutions", "tags",
     "serviceAccount", "secrets", "availableSecrets", "artifacts", "images", "source",
     "dependencies", "gitConfig"}
)  # fmt: skip
#: The fields of a ``BuildStep``.
_STEP_KEYS = frozenset(
    {"name", "args", "env", "allowFailure", "allowExitCodes", "dir", "id", "waitFor",
     "entrypoint", "secretEnv", "volumes", "timeout", "script", "automapSubstitutions",
     "results"}
)  # fmt: skip
#: The fields of which one step at least has one (what a step runs, or its place in the build).
_STEP_MARKS = frozenset({"args", "entrypoint", "script", "id", "waitFor"})
_YAML_OR_JSON = (".yaml", ".yml", ".json")
#: How much of a file the look at its shape reads.
_SNIFF_BYTES = 256 * 1024
#: A quick look before any YAML is parsed: a top-level ``steps`` (YAML), or a ``"steps"`` key.
_QUICK = lazy_pattern(r"^steps[ \t]*:|\"steps\"[ \t\r\n]*:", re.MULTILINE)
#: The stem of a name that says Cloud Build (``cloudbuild-dev``, ``app.cloudbuild``).
_NAMED = lazy_pattern(r"^cloudbuild[-_.]|[-_.]cloudbuild$")


def camel(key: str) -> str:
    """A field's name as the API spells it (gcloud takes ``wait_for`` for ``waitFor``).

    >>> camel("wait_for"), camel("waitFor")
    ('waitFor', 'waitFor')
    """
    head, *rest = key.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def is_cloudbuild_name(path: str | os.PathLike[str]) -> bool:
    """``cloudbuild.yaml``, ``cloudbuild.yml`` or ``cloudbuild.json``, anywhere."""
    from .discover import path_parts

    parts = path_parts(path)
    return bool(parts) and parts[-1] in CLOUDBUILD_FILE_NAMES


def is_cloudbuild_place(path: str | os.PathLike[str]) -> bool:
    """Where build configurations of other names are kept: a YAML or JSON file named
    ``cloudbuild-*``, ``cloudbuild_*``, ``cloudbuild.*.yaml`` or ``*.cloudbuild.yaml`` (``-`` and
    ``_`` too), or below a directory of :data:`CLOUDBUILD_DIRECTORIES`.

    >>> is_cloudbuild_place(".github/cloudbuild/ci-pr.yaml"), is_cloudbuild_place("ci/build.yml")
    (True, False)
    """
    from .discover import path_parts

    parts = path_parts(path)
    name = parts[-1] if parts else ""
    if not name.endswith(_YAML_OR_JSON):
        return False
    if _NAMED.search(name.rpartition(".")[0]) is not None:
        return True
    return not CLOUDBUILD_DIRECTORIES.isdisjoint(parts[:-1])


def is_cloudbuild_file(path: str | os.PathLike[str]) -> bool:
    """Whether a file's text has Cloud Build's shape (:func:`is_cloudbuild_text`); never
    raises."""
    text = head_text(path, _SNIFF_BYTES)
    return text is not None and is_cloudbuild_text(text)


def is_cloudbuild_text(text: str) -> bool:
    """Whether YAML (or JSON) text is a Cloud Build configuration (see the module).

    >>> is_cloudbuild_text("steps:\\n- name: gcr.io/cloud-builders/docker\\n  args: [version]\\n")
    True
    >>> is_cloudbuild_text("steps:\\n- name: build\\n  image: golang:1.22\\n")
    False
    """
    if _QUICK.search(text) is None:
        return False
    document = sole_mapping(text)
    if document is None:
        return False
    root = _fields(document)
    if any(key not in _BUILD_KEYS for key in root):
        return False
    steps = root.get("steps")
    if not is_sequence(steps) or not sequence(steps):
        return False
    marked = False
    for step in sequence(steps):
        if not is_mapping(step):
            return False
        fields = _fields(step)
        if scalar(fields.get("name")) is None or any(key not in _STEP_KEYS for key in fields):
            return False
        marked = marked or not _STEP_MARKS.isdisjoint(fields)
    return marked


def _fields(node: yaml.Node | None) -> dict[str, yaml.Node]:
    """A mapping's values by the API's name of each key (merge keys resolved)."""
    return {camel(key): value for key, value, _ in items(node)}

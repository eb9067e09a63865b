"""A Tutor plugin's settings: the images Open edX's Tutor runs the services it adds from.

`Tutor <https://docs.tutor.edly.io/>`_, Open edX's distribution, runs each service of a
deployment from the image a setting names, and a plugin (a Python module that imports
``tutor``'s ``hooks``) gives its settings' defaults in Python: a ``config = {"defaults":
{"DOCKER_IMAGE": "docker.io/minio/minio:RELEASE…"}}`` dict it adds under its prefix with
``hooks.Filters.CONFIG_DEFAULTS.add_items(…)``, or the ``("NAME", VALUE)`` pairs it adds so
itself. Its compose and Kubernetes patches run them (overhangio/tutor-minio's
``local-docker-compose-services``: ``image: {{ MINIO_DOCKER_IMAGE }}``), so ``tutor local
launch`` pulls them: tutor-minio's MinIO and ``mc`` images, tutor-discovery's Elasticsearch.

A setting names an image when its name has ``DOCKER_IMAGE`` as a part (``DOCKER_IMAGE``,
``MC_DOCKER_IMAGE``, ``DOCKER_IMAGE_ELASTICSEARCH``), Tutor's own convention. A value that is
Jinja (``{{ DOCKER_REGISTRY }}overhangio/openedx-mfe:{{ MFE_VERSION }}``, the plugin's own
image, which ``tutor images build`` builds) is Tutor's rendering's: not read. Each image is an
:class:`~tagsense.sources.Occurrence` of kind ``"tutor"`` at its literal, with ``context``
``field`` (the setting as the plugin writes it).
"""

from __future__ import annotations

import ast

from ..._lazy import lazy_pattern
from ...occurrence import Occurrence
from ._python_source import literal

__all__ = ["KIND", "MARKERS", "setting_images"]

#: The ``kind`` of the occurrences.
KIND = "tutor"
#: What a plugin that sets an image says: it imports Tutor, and names an image setting.
MARKERS = ("tutor", "DOCKER_IMAGE")
#: A setting's name with ``DOCKER_IMAGE`` as one of its ``_``-separated parts.
_IMAGE_SETTING = lazy_pattern(r"(?:[A-Z0-9]+_)*DOCKER_IMAGE(?:_[A-Z0-9]+)*")


def imports_tutor(tree: ast.Module) -> bool:
    """Whether the module imports Tutor (``from tutor import hooks``, ``import tutor``)."""
    for statement in tree.body:
        if isinstance(statement, ast.ImportFrom):
            names = [statement.module or ""]
        elif isinstance(statement, ast.Import):
            names = [alias.name for alias in statement.names]
        else:
            continue
        if any(name.partition(".")[0] == "tutor" for name in names):
            return True
    return False


def setting_images(tree: ast.Module, lines: list[str], path: str | None) -> list[Occurrence]:
    """The images a Tutor plugin's settings name (see the module); none when the module does
    not import Tutor."""
    if not imports_tutor(tree):
        return []
    found: list[Occurrence] = []
    for key, node in _settings(tree):
        if not isinstance(key.value, str) or _IMAGE_SETTING.fullmatch(key.value) is None:
            continue
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            continue
        if "{{" in node.value or "{%" in node.value:
            continue  # (Jinja: Tutor renders it from other settings)
        written = literal(node, lines)
        if written is None:
            continue
        text, line, column = written
        found.append(
            Occurrence.of_text(
                path=path, line=line, column=column, kind=KIND, raw=text, text=text,
                context={"field": key.value},
            )
        )  # fmt: skip
    return found


def _settings(tree: ast.Module) -> list[tuple[ast.Constant, ast.expr]]:
    """Each setting the module writes with its value: a dict display's string keys
    (``"DOCKER_IMAGE": …``) and a pair's (``("MINIO_DOCKER_IMAGE", …)``)."""
    found: list[tuple[ast.Constant, ast.expr]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            found.extend(
                (key, item)
                for key, item in zip(node.keys, node.values, strict=True)
                if isinstance(key, ast.Constant)
            )
        elif isinstance(node, ast.Tuple) and len(node.elts) == 2:
            key, item = node.elts
            if isinstance(key, ast.Constant):
                found.append((key, item))
    return found

"""Helm's own engine as the oracle: ``helm-python-sdk`` (Helm v4's Go SDK through ctypes).

The tests never write Helm's answer by hand: they render a chart with Helm
(what ``helm template`` does on the client: load, process dependencies,
coalesce values, render with release ``release-name``) and read the images
in its output with the same Kubernetes walk tagsense uses
(:func:`tagsense.sources.kubernetes.find_images`), so what is compared is the
*rendering*. Without the SDK (not installed, or a platform without a wheel)
these tests are skipped, with the reason.
"""

from __future__ import annotations

import os
import posixpath
from typing import Any

import pytest

from tagsense.sources._yaml import load_yaml
from tagsense.sources.kubernetes import find_images

try:  # pragma: no cover - depends on the environment
    import helm_python

    HELM: Any = helm_python
    REASON = ""
    helm_python.disable_logging()
except (ImportError, OSError) as error:  # (OSError: the shared library does not load)
    HELM = None
    REASON = f"helm-python-sdk is not available ({error}): Helm's engine is the oracle"

needs_helm = pytest.mark.skipif(HELM is None, reason=REASON or "helm-python-sdk")

#: The Helm version the oracle runs (tagsense follows Helm v4.2.3).
HELM_VERSION = "v4.2.3"


def plain(value: object) -> object:
    """Values as JSON-able Python values (traced strings and numbers made plain)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, int):
        return int(value)
    return value


def render(
    chart: str | os.PathLike[str], values: dict[str, object] | None = None
) -> dict[str, str]:
    """Helm's render of a chart: template name -> text (raises Helm's errors)."""
    assert HELM is not None, REASON
    with HELM.Chart.load(os.fspath(chart)) as loaded:
        rendered: dict[str, str] = loaded.render(plain(values) if values else None)
    return rendered


def manifests(rendered: dict[str, str]) -> dict[str, str]:
    """The rendered files Helm installs: not partials, not ``NOTES.txt``."""
    return {
        name: text
        for name, text in rendered.items()
        if not posixpath.basename(name).startswith("_") and not name.endswith("NOTES.txt")
    }


def images(chart: str | os.PathLike[str], values: dict[str, object] | None = None) -> set[str]:
    """The images Helm's render of the chart deploys."""
    found: set[str] = set()
    for name, text in manifests(render(chart, values)).items():
        for item in find_images(load_yaml(text, path=name)):
            found.add(item.value)
    return found

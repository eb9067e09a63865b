"""The builds of Docker's reusable workflows, ``docker/github-builder``.

A job that calls ``docker/github-builder/.github/workflows/build.yml@REF`` (or
``bake.yml``) builds as ``docker/build-push-action`` (or ``docker/bake-action``) does:
the reusable workflow runs that action on the repository at the commit, with the
job's ``with:`` inputs (the workflow's README and its ``workflow_call`` inputs):

- ``output``: ``image`` pushes the images ``meta-images`` names (one a line, or
  ``name=IMAGE,enable=…``, as ``docker/metadata-action`` reads them, lower-cased),
  whatever tags ``meta-tags`` gives them; ``local`` exports files, and names none;
- ``build.yml``: ``context`` (default ``.``) is a directory of the Git context, the
  repository at the commit (its checkout here); ``file`` is relative to it (default its
  ``Dockerfile``); ``build-args`` (one ``NAME=VALUE`` a line), ``target``, ``platforms``;
- ``bake.yml``: bake runs in the Git context's directory ``context`` (default ``.``) on
  ``files`` (default ``docker-bake.hcl`` there, that one only) for ``target`` (default
  ``default``), with the ``set`` overrides and the variables of ``vars`` (its only
  environment: a called workflow does not get the caller's ``env``); the workflow clears
  each target's ``tags`` (``*.tags=``): the names it pushes are ``meta-images``.

``build-args`` and ``set`` are Handlebars templates (``{{meta.version}}``): what they put
in only a run knows. moby/buildkit builds its images and its Dockerfile frontend so
(``meta-images: ${{ matrix.imageName }}``, a matrix a script of the run makes: no name
known here).
"""

from __future__ import annotations

import re

from ..._lazy import lazy_pattern
from .._yaml import items, position, scalar
from ..builds._shell_values import UNKNOWN
from ._actions import (
    _DEFAULT_CONTEXT,
    _config,
    _evaluated,
    _metadata_images,
    _metadata_written,
    _run_decides,
    _Value,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    import yaml

    from ..project import BuildConfig, BuiltImage
    from ._scanner import Scanner

__all__ = ["BUILDER_WORKFLOWS", "builder_builds"]

#: The reusable workflows (``uses: PATH@REF``, GitHub's names ignore case), by what they run.
BUILDER_WORKFLOWS = {
    "docker/github-builder/.github/workflows/build.yml": "build",
    "docker/github-builder/.github/workflows/bake.yml": "bake",
}
#: A Handlebars expression of the workflow's templates (``{{meta.version}}``).
_HANDLEBARS = lazy_pattern(r"\{\{(.*?)\}\}")


def builder_builds(
    documents: list[yaml.Node],
    scanner: Scanner,
    checkout: str | None,
    read: dict[str, tuple[int, int] | None] | None = None,
    written: dict[BuiltImage, None] | None = None,
) -> Iterator[tuple[BuildConfig | None, list[BuiltImage]]]:
    """Each call's build (``None`` when which Dockerfile is not known here) and the names it
    pushes (``BuildSite`` tool: the system, at the job's ``uses:``), once a matrix
    combination; as :func:`._actions.action_builds` gives a step's."""
    from ...occurrence import BuildSite
    from ..project import BuiltImage
    from ._bake_action import bake_builds
    from ._shell import github_calls

    for uses, given_node, known in github_calls(documents, scanner):
        workflow = BUILDER_WORKFLOWS.get((scalar(uses) or "").partition("@")[0].lower())
        if workflow is None:
            continue
        given = {key: scalar(node) or "" for key, node, _ in items(given_node)}
        inputs = {key: _evaluated(text, known) for key, text in given.items()}
        site = BuildSite(scanner.system, scanner.path_of(uses), position(uses)[0])
        output = inputs.get("output")
        names: list[str] = []
        if output is not None and output.text.strip() != "local":
            images = inputs.get("meta-images")
            lowered = _Value(images.text.lower(), images.unknowns) if images else None
            names = _metadata_images(lowered)
            if written is not None:
                as_written = _metadata_written(given.get("meta-images", "").lower())
                found = _run_decides(as_written, known)
                written.update((BuiltImage(name, site), None) for name in found)
        built = [BuiltImage(name, site) for name in names]
        if workflow == "bake":
            if checkout is not None:
                bake = _bake_inputs(inputs)
                for config, _ in bake_builds(bake, uses, known, (), site, checkout, read):
                    if config is not None:
                        yield config, []
            yield None, built
            continue
        build = _build_inputs(inputs)
        yield _config(build, site, checkout, names, {}, given.get("build-args", "")), built


def _in_git_context(inputs: dict[str, _Value]) -> _Value:
    """``context``: a directory of the Git context (``{{defaultContext}}:DIR``)."""
    context = inputs.get("context")
    directory = context.text.strip() if context is not None else ""
    unknowns = context.unknowns if context is not None else ()
    return _Value(f"{_DEFAULT_CONTEXT}:{directory or '.'}", unknowns)


def _build_inputs(inputs: dict[str, _Value]) -> dict[str, _Value]:
    """What ``build.yml`` gives ``docker/build-push-action``, by its input names."""
    given: dict[str, _Value] = {
        key: inputs[key] for key in ("file", "target", "platforms") if key in inputs
    }
    given["context"] = _in_git_context(inputs)
    if "build-args" in inputs:
        given["build-args"] = _rendered(inputs["build-args"])
    return given


def _bake_inputs(inputs: dict[str, _Value]) -> dict[str, _Value]:
    """What ``bake.yml`` gives ``docker/bake-action``, by its input names."""
    files = inputs.get("files")
    target = inputs.get("target")
    overrides = _rendered(inputs["set"]) if "set" in inputs else _Value("")
    given = {
        "source": _in_git_context(inputs),
        "files": files if files is not None and files.text.strip() else _Value("docker-bake.hcl"),
        "targets": target if target is not None and target.text.strip() else _Value("default"),
        # (the workflow's own override after the caller's: the names are meta-images')
        "set": _Value(f"{overrides.text}\n*.tags=", overrides.unknowns),
    }
    if "vars" in inputs:
        given["vars"] = inputs["vars"]
    return given


def _rendered(value: _Value) -> _Value:
    """A template input with each Handlebars expression a run's value (what it needs: its
    text), in order among the parts the workflow's expressions left unknown.

    >>> made = _rendered(_Value("A=" + UNKNOWN + "\\nB={{ meta.version }}", (("github.sha",),)))
    >>> made.text == "A=" + UNKNOWN + "\\nB=" + UNKNOWN, made.unknowns
    (True, (('github.sha',), ('meta.version',)))
    """
    if "{{" not in value.text:
        return value
    parts = re.split(f"({_HANDLEBARS.pattern}|{re.escape(UNKNOWN)})", value.text)
    text: list[str] = []
    unknowns: list[tuple[str, ...]] = []
    given = iter(value.unknowns)
    index = 0
    while index < len(parts):
        part = parts[index]
        if index % 3 == 1:  # (a separator: an expression, or an unknown part)
            text.append(UNKNOWN)
            if part == UNKNOWN:
                unknowns.append(next(given, ()))
            else:
                unknowns.append((parts[index + 1].strip(),))
            index += 2
            continue
        text.append(part)
        index += 1
    return _Value("".join(text), tuple(unknowns))

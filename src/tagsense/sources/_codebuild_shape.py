"""Which files are AWS CodeBuild build specifications, by their name and their text.

CodeBuild reads ``buildspec.yml`` at the top of the source unless the project names another
file (``buildspec`` of ``create-project``, ``buildspecOverride`` of ``start-build``, a
CloudFormation ``Source.BuildSpec``), relative to the source's top, so projects keep them
anywhere and under other names: ``buildspec_release.yml``, ``deploy/build/buildspec-arm.yml``
(https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html, "Buildspec file
name and storage location"). A file is a build specification here when its name says so
(:func:`is_codebuild_name`: ``buildspec*.yml`` or ``.yaml``, anywhere) *and* its text has the
shape of one (:func:`is_codebuild_text`): a mapping with a ``version`` and ``phases`` (a
mapping of CodeBuild's phases) or a batch configuration (``batch`` with ``build-list``,
``build-graph`` or ``build-matrix``), and no key that a build specification has not. A file
named so that is something else (a CDK or SAM template, notes) is not one.
"""

from __future__ import annotations

from ._yaml import head_text, is_mapping, items, scalar, sole_mapping

TYPE_CHECKING = False
if TYPE_CHECKING:
    import os

__all__ = ["BATCH_KINDS", "PHASES", "is_codebuild_file", "is_codebuild_name", "is_codebuild_text"]

#: CodeBuild's phases, in the order a build runs them.
PHASES = ("install", "pre_build", "build", "post_build")
#: The top-level keys of a build specification (its syntax, version 0.2).
_KEYS = frozenset(
    {"version", "run-as", "env", "proxy", "batch", "phases", "reports", "artifacts", "cache"}
)
#: The kinds of batch build, one of which a batch configuration has.
BATCH_KINDS = ("build-graph", "build-list", "build-matrix")
_YAML = (".yml", ".yaml")
#: How much of a file the look at its shape reads.
_SNIFF_BYTES = 256 * 1024


def is_codebuild_name(path: str | os.PathLike[str]) -> bool:
    """A YAML file whose name starts with ``buildspec``, anywhere.

    >>> is_codebuild_name("deploy/build/buildspec-arm.yml"), is_codebuild_name("build.yml")
    (True, False)
    """
    from .discover import path_parts

    parts = path_parts(path)
    name = parts[-1] if parts else ""
    return name.startswith("buildspec") and name.endswith(_YAML)


def is_codebuild_file(path: str | os.PathLike[str]) -> bool:
    """Whether a file's text has a build specification's shape (:func:`is_codebuild_text`);
    never raises."""
    text = head_text(path, _SNIFF_BYTES)
    return text is not None and is_codebuild_text(text)


def is_codebuild_text(text: str) -> bool:
    """Whether YAML text is a CodeBuild build specification (see the module).

    >>> is_codebuild_text("version: 0.2\\nphases:\\n  build:\\n    commands: [make]\\n")
    True
    >>> is_codebuild_text("version: 1\\nphases:\\n  - name: build\\n")
    False
    """
    if "version" not in text or ("phases" not in text and "batch" not in text):
        return False
    document = sole_mapping(text)
    if document is None:
        return False
    root = {key: value for key, value, _ in items(document)}
    if scalar(root.get("version")) is None or any(key not in _KEYS for key in root):
        return False
    phases = root.get("phases")
    if is_mapping(phases):
        named = [key for key, _, _ in items(phases)]
        return bool(named) and all(key in PHASES for key in named)
    batch = root.get("batch")
    return phases is None and any(key in BATCH_KINDS for key, _, _ in items(batch))

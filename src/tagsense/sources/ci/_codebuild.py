"""AWS CodeBuild build specifications (``buildspec*.yml``): the shell their builds run, and the
images a batch build's entries run in.

As CodeBuild documents them (https://docs.aws.amazon.com/codebuild/latest/userguide/
build-spec-ref.html, batch-build-buildspec.html):

- a build runs ``phases.install``, ``pre_build``, ``build`` and ``post_build`` in that order,
  each phase's ``commands`` and then its ``finally`` block; in version 0.2 all of them in one
  instance of the shell (a variable one command sets, a later one sees), in version 0.1 each
  command in a shell of its own. ``env.shell`` names the shell (``bash``, ``/bin/sh``; a
  Windows build's ``powershell.exe`` or ``cmd.exe`` reads no POSIX shell text);
- ``env.variables`` are values the file gives (put in); ``env.parameter-store`` and
  ``env.secrets-manager`` are values kept in AWS, and ``env.exported-variables`` names
  variables for the pipeline: what a run has (unresolved). CodeBuild's own variables
  (``CODEBUILD_RESOLVED_SOURCE_VERSION``, ``AWS_DEFAULT_REGION``…) and the project's are a
  run's too;
- a batch build (``batch.build-list``, ``build-graph``, ``build-matrix``) runs builds with
  their own ``env``: ``env.image`` is the image CodeBuild runs that build in (a CI job's
  image, kind ``ci``; CodeBuild's managed images, ``aws/codebuild/…``, are no registry's),
  and ``env.variables`` are the build's own, over those of the file it runs: this one, or
  the ``buildspec`` it names (a path from the source's top; its commands are placed in that
  file); a ``build-matrix``'s ``dynamic`` variables give one build a combination.
"""

from __future__ import annotations

import itertools

from .._codebuild_shape import BATCH_KINDS, PHASES
from .._yaml import scalar, sequence
from ..builds._shell_values import UNKNOWN
from ._bitbucket import variables_of_a_run
from ._scanner import fields, is_custom, is_mapping, is_sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    import yaml

    from ._scanner import Scanner
    from ._shell import Script, Session

__all__ = ["codebuild", "codebuild_sessions"]

#: The start of CodeBuild's managed images' names (``aws/codebuild/standard:7.0``): images
#: CodeBuild keeps on its hosts, named by no registry.
MANAGED_PREFIX = "aws/codebuild/"
#: The most builds a ``build-matrix``'s dynamic values make.
_MAX_COMBINATIONS = 256
#: The shells of a Windows build, which read no POSIX shell text.
_WINDOWS_SHELLS = frozenset({"powershell.exe", "powershell", "pwsh", "cmd.exe", "cmd"})


def codebuild(scanner: Scanner, documents: list[yaml.Node]) -> None:
    """The images the builds of a batch run in (``env.image`` of each entry)."""
    for document in documents[:1]:
        batch = fields(fields(document).get("batch"))
        for kind in BATCH_KINDS:
            for entry, name in _entries(batch.get(kind), kind):
                for image in _images(fields(entry).get("env")):
                    context: dict[str, object] = {"field": "image", "section": f"batch.{kind}"}
                    if name is not None:
                        context["job"] = name
                    _image(scanner, image, context)


def _entries(node: yaml.Node | None, kind: str) -> Iterator[tuple[yaml.Node, str | None]]:
    """The builds of a batch of ``kind``, each with its ``identifier``: a list's or a graph's
    items, a matrix's ``static`` and ``dynamic`` parts."""
    if kind == "build-matrix":
        for part in ("static", "dynamic"):
            body = fields(node).get(part)
            if body is not None and is_mapping(body):
                yield body, part
        return
    for entry in sequence(node):
        if is_mapping(entry):
            yield entry, scalar(fields(entry).get("identifier"))


def _images(env: yaml.Node | None) -> list[yaml.Node]:
    """The ``image`` of an entry's ``env`` (a list of them in a matrix's ``dynamic`` part)."""
    image = fields(env).get("image")
    if image is None or is_custom(image):
        return []
    return list(sequence(image)) if is_sequence(image) else [image]


def _image(scanner: Scanner, node: yaml.Node, context: dict[str, object]) -> None:
    text = scanner.text(node, "env.image")
    if text is None or text.startswith(MANAGED_PREFIX):
        return  # (CodeBuild's managed image: no pull from a registry)
    scanner.image(node, "env.image", context, resolve=variables_of_a_run)


# --- the shells -----------------------------------------------------------------------


def codebuild_sessions(
    documents: list[yaml.Node],
    scanner: Scanner,
    read: dict[str, tuple[int, int] | None] | None = None,
) -> list[Session]:
    """The shells the file's builds run: its own, with the variables of its ``env``, and
    those of each batch entry, with the entry's variables over those of the file it runs
    (this one, or the ``buildspec`` it names: ``read`` collects the files read so)."""
    from ._shell import Session

    found: list[Session] = []
    for document in documents[:1]:  # (CodeBuild reads one document)
        for name, build, path, given in _builds(fields(document), scanner, read):
            env = fields(build.get("env"))
            shell = scalar(env.get("shell")) or ""
            posix = shell.rpartition("/")[2].rpartition("\\")[2].lower() not in _WINDOWS_SHELLS
            scripts = _phases(fields(build.get("phases")), scanner, path)
            # (version 0.1: each command in a shell of its own)
            one_each = scalar(build.get("version")) == "0.1"
            runs = [[script] for script in scripts] if one_each else [scripts] if scripts else []
            variables = {**_variables(env), **given}
            found.extend(Session(variables, run, name, posix=posix) for run in runs)
    return found


def _variables(env: dict[str, yaml.Node]) -> dict[str, str]:
    """The variables a build specification's ``env`` gives: its ``variables`` as written, and
    a run's (:data:`UNKNOWN`) for those of the parameter store, Secrets Manager and exported
    to the pipeline."""
    variables: dict[str, str] = {}
    for key in ("parameter-store", "secrets-manager"):
        variables.update(dict.fromkeys(fields(env.get(key)), UNKNOWN))
    for item in sequence(env.get("exported-variables")):
        name = scalar(item)
        if name:
            variables[name] = UNKNOWN
    for name, node in fields(env.get("variables")).items():
        value = scalar(node)
        variables[name] = UNKNOWN if value is None else value
    return variables


#: A build the file starts: its name, the build specification's top level, the path of the file
#: it is in (``None``: this one), and the variables the batch gives it.
_Build = tuple[str | None, dict[str, "yaml.Node"], str | None, dict[str, str]]


def _builds(
    root: dict[str, yaml.Node], scanner: Scanner, read: dict[str, tuple[int, int] | None] | None
) -> Iterator[_Build]:
    """The file's own build, then each batch build that gives variables, with the build
    specification it runs (this file's, or the one its ``buildspec`` names)."""
    yield None, root, None, {}
    others: dict[str, dict[str, yaml.Node] | None] = {}
    batch = fields(root.get("batch"))
    for kind in BATCH_KINDS:
        for entry, name in _entries(batch.get(kind), kind):
            body = fields(entry)
            given = fields(fields(body.get("env")).get("variables"))
            if not given:
                continue  # (it runs a file as that file's own build does)
            if kind == "build-matrix" and name == "dynamic":
                rows = _combinations(given)
            else:
                rows = [_variables(fields(body.get("env")))]
            written = body.get("buildspec")
            if _runs_this_file(written, scanner):
                yield from ((name, root, None, row) for row in rows)
                continue
            for path in _written(written):
                other = _other_file(path, scanner, read, others)
                if other is not None:
                    yield from ((name, other[1], other[0], row) for row in rows)


def _written(node: yaml.Node | None) -> list[str]:
    """The paths a ``buildspec`` names (a matrix's list of them)."""
    items = sequence(node) if is_sequence(node) else [node] if node is not None else []
    return [text for item in items if (text := scalar(item))]


def _other_file(
    written: str,
    scanner: Scanner,
    read: dict[str, tuple[int, int] | None] | None,
    known: dict[str, dict[str, yaml.Node] | None],
) -> tuple[str, dict[str, yaml.Node]] | None:
    """The build specification a batch entry runs, from the source's top (``None`` when it
    is not there, or is none: a path in S3 or an ARN), read once."""
    import os

    from .._codebuild_shape import is_codebuild_text
    from .._context_cache import stat_of
    from .._yaml import MAX_BYTES, decoded, load_yaml
    from . import _project_checkout

    if not scanner.path or ":" in written:
        return None
    file = os.path.normpath(os.path.join(_project_checkout(scanner.path) or "", written))
    if file not in known:
        known[file] = None
        limit = scanner.max_bytes or MAX_BYTES
        try:
            with open(file, "rb") as handle:
                data = handle.read(limit + 1)
        except OSError:
            return None
        if read is not None:
            read[file] = stat_of(file)
        text, _ = decoded(data, max_bytes=limit, kind="YAML")
        if text is not None and is_codebuild_text(text):
            documents = load_yaml(text, path=file).documents
            known[file] = fields(documents[0]) if documents else None
    found = known[file]
    return None if found is None else (file, found)


def _runs_this_file(node: yaml.Node | None, scanner: Scanner) -> bool:
    """Whether a batch entry's ``buildspec`` is this file: none (the entry runs the batch's
    own), or a path from the source's top (a matrix's list of them) that names this one."""
    import os

    from . import _project_checkout

    if node is None:
        return True
    if not scanner.path:
        return False
    written = [scalar(item) for item in sequence(node)] if is_sequence(node) else [scalar(node)]
    top = _project_checkout(scanner.path) or ""
    here = os.path.normpath(scanner.path)
    return any(
        path is not None and os.path.normpath(os.path.join(top, path)) == here for path in written
    )


def _combinations(given: dict[str, yaml.Node]) -> list[dict[str, str]]:
    """The variables of each build of a matrix's ``dynamic`` part: one a combination of the
    values of each variable (a list, or one value)."""
    names = list(given)
    values = [
        [scalar(item) or UNKNOWN for item in sequence(node)]
        if is_sequence(node)
        else [scalar(node) or UNKNOWN]
        for node in given.values()
    ]
    product = itertools.islice(itertools.product(*values), _MAX_COMBINATIONS)
    return [dict(zip(names, row, strict=True)) for row in product]


def _phases(phases: dict[str, yaml.Node], scanner: Scanner, path: str | None) -> list[Script]:
    """The commands of the phases, in CodeBuild's order, each phase's ``finally`` after its
    ``commands`` (``path``: the file they are in, when not the scanner's)."""
    from ._shell import Script, _line, folded_last
    from ._travis import _as_written

    found: list[Script] = []
    for phase in PHASES:
        body = fields(phases.get(phase))
        for key in ("commands", "finally"):
            node = body.get(key)
            for command in sequence(node) if is_sequence(node) else [node] if node else []:
                if is_custom(command):
                    continue
                text = scalar(command)
                if text:
                    if path is None:  # (its lines are the scanner's file's)
                        text = _as_written(command, scanner) or text
                    at = path or scanner.path_of(command)
                    found.append(Script(at, _line(command), text, folded_last(command)))
    return found

"""Where :class:`.shell.ShellReader`'s commands run: ``cd``, the workspace, a script's start.

``cd``/``pushd``/``popd`` move the session's directory; a path below ``$GITHUB_WORKSPACE`` is
the checkout's; a build's context and files, and a compose command's, are placed from the
directory the command runs in and where the script was started. These are the reader's
methods, defined here.
"""

from __future__ import annotations

import os

from ..._lazy import lazy_pattern
from ._engine_commands import FROM_ENVIRONMENT, known
from ._shell_values import REPOSITORY_TOP, UNKNOWN, plain_text, repository_path, script_directory

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from ._shell_text import SimpleCommand
    from ._shell_values import ShellBuild
    from .shell import ShellReader


#: How a path in a GitHub job's workspace is written (``$GITHUB_WORKSPACE/``).
_WORKSPACE_PATH = lazy_pattern(r"(?:\$GITHUB_WORKSPACE|\$\{GITHUB_WORKSPACE\})/+")


def _placed_from_start(path: str) -> bool:
    """Whether a build's path is one :meth:`ShellReader._from_start` places: in the script's
    directory, or under the repository's top (``$(git rev-parse --show-toplevel)/…``)."""
    return script_directory(path) is not None or repository_path(path) is not None


def _set(self: ShellReader, name: str, value: str | None) -> None:
    if value is None:
        self.variables.pop(name, None)
    else:
        self.variables[name] = value


def _change_directory(self: ShellReader, program: str, arguments: list[str]) -> None:
    """``cd DIR`` (``pushd DIR``): where the commands after it run; ``cd``, ``cd -``,
    ``popd`` and a directory a run decides leave it to a run."""
    operands = [word for word in arguments if not word.startswith("-") or word == "-"]
    target = operands[0] if len(operands) == 1 and program != "popd" else None
    moved, self._moved = self._moved, None
    if (
        moved is not None
        and self.cwd is None
        and target is not None
        and target != "-"
        and not os.path.isabs(target)
        and plain_text(target) == target
        and known(target) is not None
    ):
        # (`cd ..` in a script read alone: from its own directory, where it is run, there;
        # see _started_in_own_directory)
        self._moved = os.path.normpath(os.path.join(moved, target))
    workspace, self._workspace = self._workspace, None
    if workspace is not None and target is not None and known(target) is not None:
        # (from a workspace that holds the checkout at `workspace`: into it, or out)
        path = os.path.normpath(target)
        if path == workspace or path.startswith(workspace + "/"):
            self.cwd = path[len(workspace) + 1 :]
            return
    marked = script_directory(target) if target is not None else None
    top = f"{UNKNOWN}{REPOSITORY_TOP}{UNKNOWN}"
    if target is not None and target.startswith(top):
        # (`cd "$(git rev-parse --show-toplevel)"`: the repository's top, when known)
        rest = target[len(top) :].lstrip("/")
        known_rest = known(rest) is not None or not rest
        top_known = self.repository is not None and known_rest
        self.cwd = (
            os.path.normpath(os.path.join(self.repository or "", rest)) if top_known else None
        )
        if self.cwd == ".":
            self.cwd = ""
    elif marked is not None:
        # (`cd "$(dirname "$0")"`: the script's own directory, when it is known)
        from ._runs import in_script_directory

        sourced = self.sourcing is not None and self.sourcing.in_sourced_file
        self.cwd = in_script_directory(*marked, self.script, sourced=sourced)
    elif target is None or target == "-" or known(target) is None:
        self.cwd = None
    elif os.path.isabs(target):
        self.cwd = os.path.normpath(target)
    elif self.cwd is not None:
        self.cwd = os.path.normpath(os.path.join(self.cwd, target))


def _from_workspace(self: ShellReader, words: list[str]) -> tuple[list[str], str | None]:
    """A ``make`` command's arguments (expanded) and the directory it runs in, a ``-C``
    directory in a CI job's workspace (``$GITHUB_WORKSPACE/…``) made one in the checkout,
    from its top: containerd's CI checks out at ``src/github.com/containerd/containerd``
    and runs ``make -C $GITHUB_WORKSPACE/src/github.com/containerd/containerd/integration/
    images/volume-copy-up build-registry``."""
    arguments = self.arguments(words)
    checkout = self._checkout_path
    if checkout is None and self.repository is None:
        return arguments, self.cwd
    for index, word in enumerate(words[:-1]):
        if word not in ("-C", "--directory"):
            continue
        found = _WORKSPACE_PATH.match(words[index + 1].strip("\"'"))
        if found is None:
            continue
        rest = os.path.normpath(self.expand(words[index + 1].strip("\"'")[found.end() :]))
        if known(rest) is None or rest.startswith(".."):
            continue
        if checkout is not None:
            if rest != checkout and not rest.startswith(checkout + "/"):
                continue
            rest = rest[len(checkout) + 1 :] or "."
        elif self.repository:
            rest = os.path.join(self.repository, rest)
        given = [*self.arguments(words[:index]), "-C", rest]
        return [*given, *self.arguments(words[index + 2 :])], ""
    return arguments, self.cwd


def _situated(
    self: ShellReader, build: ShellBuild, command: SimpleCommand, environment: Mapping[str, str]
) -> ShellBuild:
    """A build command with what its shell gives it: the directory it runs in, the file
    its standard input is (``-f -``), the variables ``--build-arg NAME`` passes on."""
    dockerfile, context, decided = build.dockerfile, build.context, build.decided
    stdin = self._stdin(command)
    inline, inline_line = build.inline, build.inline_line
    if dockerfile == "-" or (context == "-" and dockerfile is None):
        # (`docker build - < Dockerfile`: the Dockerfile alone, no context)
        dockerfile = stdin
        document = command.document if stdin is None else None
        if document is not None:  # (`docker build -f - . <<EOF`: the text is the file)
            inline = "\n".join(self._dockerfile_lines(document))
            inline_line = document.line
        elif stdin is None and (echoed := self._echoed_document(command)) is not None:
            inline, inline_line = echoed
        decided = decided and (stdin is not None or inline is not None)
        context = None if context == "-" else context
    elif context == "-":
        context = None
    workdir = self.cwd
    if any(_placed_from_start(path) for path in (dockerfile, context) if path):
        # (`-f "${REPO_ROOT}/cmd/jaeger/Dockerfile"`, REPO_ROOT the script's `../..`)
        plain = dockerfile if dockerfile and not _placed_from_start(dockerfile) else None
        (dockerfile, found), (context, placed) = map(self._from_start, (dockerfile, context))
        if plain is not None and not found and self._started_in_own_directory(plain):
            # (`-f Dockerfile` beside a context of the script's `${SCRIPT_DIR}/..`: docker
            # reads `-f` from where it is run, which can only be the script's own directory,
            # where that file is; carla-simulator/ros-bridge's docker/build.sh)
            dockerfile, found = os.path.normpath(os.path.join(self._moved or "", plain)), True
        if dockerfile is not None and found and not placed:
            # (`--file="$(dirname $(realpath $0))/Dockerfile" .`: the context is a run's
            # directory, but the FROM lines are the Dockerfile's, wherever it runs;
            # FRRouting/frr's docker/ubi8-minimal/build.sh)
            context, placed = None, True
        decided, workdir = decided and found and placed, ""
    elif dockerfile and self._only_beside_script(dockerfile):
        # (a script run by nothing, whose `-f FILE` is beside it and not at the project's
        # top: it is run from its own directory, or that build fails; apache/rocketmq-docker's
        # image-build-ci/build-image-local.sh, `docker build -f Dockerfile-ubuntu … .`)
        self.reads_beside = True
    args = dict(build.args)
    unresolved = list(build.unresolved)
    leading = dict(build.leading)
    for name in build.unresolved:
        if name.startswith(FROM_ENVIRONMENT):
            unresolved.remove(name)
            name = name[len(FROM_ENVIRONMENT) :]
            value = environment.get(name)
            if value is None:
                continue  # (not passed, as buildx leaves an unset one: the ARG's default)
            if known(value) is not None or not value:
                args[name] = value
            else:
                unresolved.append(name)
                # (the known text a run's value starts with, as for `--build-arg N=V`:
                # overleaf's Makefile exports `OVERLEAF_BASE_TAG ?= sharelatex/
                # sharelatex-base:$(BRANCH_NAME_TAG_SAFE)-$(MONOREPO_REVISION)`, which
                # its build-base target tags, and passes `--build-arg OVERLEAF_BASE_TAG`)
                start = plain_text(value).partition(UNKNOWN)[0]
                if start:
                    leading[name] = start
    return build.replaced(
        dockerfile=dockerfile,
        context=context,
        args=args.items(),
        unresolved=dict.fromkeys(unresolved),
        leading=leading.items(),
        workdir=workdir,
        decided=decided,
        inline=inline,
        inline_line=inline_line if inline is not None else 0,
    )


def _started_in_own_directory(self: ShellReader, path: str) -> bool:
    """Whether a relative ``path`` a run's directory decides may be read from the script's
    own directory: a script read alone (run there, as ``./build.sh``) whose directory has
    that file, or the directory its relative ``cd`` commands lead to from there has it (pitstop's
    ``src/scripts/RebuildAllDockerImages.sh``: ``cd ..``, then ``docker build … -f
    dotnet-sdk-base-dockerfile``, a file of ``src/``)."""
    if self.cwd is not None or self.script_directory is None or os.path.isabs(path):
        return False
    if self._moved is None:
        return False
    return os.path.isfile(os.path.join(self.script_directory, self._moved, path))


def _only_beside_script(self: ShellReader, path: str) -> bool:
    """Whether a relative ``path`` a run's directory decides names a file beside the script
    read alone (see :meth:`_started_in_own_directory`), or where its ``cd`` commands lead from
    there inside the project, and none at the project's top."""
    if not self._started_in_own_directory(path) or plain_text(path) != path:
        return False
    from ..context import project_root

    assert self.script_directory is not None
    top = project_root(os.path.join(self.script_directory, "_"))
    where = os.path.realpath(os.path.join(self.script_directory or os.curdir, self._moved or ""))
    if top is None or where == top or not where.startswith(os.path.join(top, "")):
        return False
    return not os.path.exists(os.path.join(top, path))


def _from_start(self: ShellReader, path: str | None) -> tuple[str | None, bool]:
    """A build's path from where the shell started, and whether it is known: one in the
    script's directory (see :func:`script_directory`), or one from the directory the
    command runs in."""
    if path is None:
        return None, True
    rest = repository_path(path)
    if rest is not None:
        # (`$(git rev-parse --show-toplevel)/src/test/docker/checks`: from the repository's
        # top, when the run's checkout is known; flux-framework/flux-core's CI runs
        # docker-run-checks.sh, whose build's context is `$TOP/src/test/docker/checks`)
        if self.repository is None:
            return None, False
        return os.path.normpath(os.path.join(self.repository, rest)), True
    marked = script_directory(path)
    if marked is not None:
        from ._runs import in_script_directory

        sourced = self.sourcing is not None and self.sourcing.in_sourced_file
        found = in_script_directory(*marked, self.script, sourced=sourced)
        return found, found is not None
    if self.cwd is None or os.path.isabs(path):
        return (path, True) if os.path.isabs(path) else (None, False)
    return os.path.normpath(os.path.join(self.cwd, path)), True

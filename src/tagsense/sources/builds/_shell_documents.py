"""What :class:`.shell.ShellReader` makes of text a script writes or prints.

Here-documents and ``echo``/``printf`` written to a file: a Dockerfile (its ``FROM`` images), a
compose file, a kind cluster's configuration, an image list, a dotenv file (the variables a later
``docker compose`` reads), and a build or compose command that then uses the written file
(``-f FILE``); what a command gives a pipe's reader on its standard input. These are the reader's
methods, defined here.
"""

from __future__ import annotations

import os
import re

from ..._lazy import lazy_pattern
from ._branches import SetEmpty
from ._engine_commands import file_option, known, name_at
from ._shell_parameters import _names_in
from ._shell_text import closing
from ._shell_values import DOLLAR, SPLIT, UNKNOWN, ShellPull, script_directory

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from ._compose_cmd import ShellCompose
    from ._shell_text import HereDocument, SimpleCommand
    from ._shell_values import ShellBuild
    from .shell import ShellReader


#: Words before a command that run it (``if docker build …``, ``! docker tag …``).
#: A Dockerfile's ``FROM`` line: its image, and the stage it names.
_FROM_LINE = lazy_pattern(
    r"^\s*FROM\s+(?:--\S+\s+)*(?P<image>\S+)(?:\s+AS\s+(?P<stage>\S+))?\s*$", re.IGNORECASE
)


def _from_images(lines: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    """The images the ``FROM`` lines of a Dockerfile's text name, each at its line: not a
    stage named before, nor ``scratch``.

    >>> _from_images([(1, "FROM golang:1.22 AS build"), (2, "RUN make"),
    ...               (3, "FROM build"), (4, "from --platform=linux/amd64 alpine:3.20")])
    [(1, 'golang:1.22'), (4, 'alpine:3.20')]
    """
    stages: set[str] = set()
    found: list[tuple[int, str]] = []
    for number, text in lines:
        match = _FROM_LINE.match(text)
        if match is None:
            continue
        image = match["image"]
        if image.lower() not in stages and image != "scratch":
            found.append((number, image))
        if match["stage"]:
            stages.add(match["stage"].lower())
    return found


def _local_context(context: str) -> bool:
    """Whether a build's context is a directory (not ``-``, a Git or HTTP URL).

    >>> _local_context("ctx"), _local_context("-"), _local_context("https://x/y.git")
    (True, False, False)
    """
    return context != "-" and "://" not in context and not context.startswith("git@")


def _only_run_values(line: str) -> bool:
    """Whether a line of a here-document is only what a run gives: values this reading does
    not know, or one command substitution (``$(if [[ -n "$X" ]]; then echo …; fi)``)."""
    text = line.strip()
    if text.startswith("$(") and text.endswith(")"):
        return True
    return bool(text) and not text.replace(UNKNOWN, "")


def _keyed_run_values(line: str) -> str:
    """A here-document's line without the values a run gives that follow a key's colon
    (``netbird_traefik_letsencrypt:${proxy_volumes}``, lines of YAML of their own, or none):
    the key, with no value."""
    text = line.rstrip()
    kept = text.rstrip(UNKNOWN)
    return kept if kept != text and _YAML_KEY.fullmatch(kept.strip()) else line


#: A YAML mapping's key alone on its line (``letsencrypt:``).
_YAML_KEY = lazy_pattern(r"[A-Za-z0-9_.-]+:")


def _names_a_dockerfile(name: str) -> bool:
    """Whether a file's name is a Dockerfile's, or one's after a prefix of a run's
    (``${TEST_ID}_Dockerfile.sleep``).

    >>> [_names_a_dockerfile(n) for n in ("Dockerfile.minio", "x_Dockerfile.sleep", "notes")]
    [True, True, False]
    """
    from ..discover import is_dockerfile_name

    if is_dockerfile_name(name):
        return True
    for base in ("Dockerfile", "Containerfile"):
        head, found, _ = name.partition(base)
        if found and head[-1:] in ("_", "-", "."):
            return is_dockerfile_name(name[len(head) :])
    return False


#: ``$NAME`` or ``${NAME}``, a variable's whole text as one word (its quotes, which keep
#: its lines, already taken off).
_ECHOED_VARIABLE = lazy_pattern(r"\$(?:\{(\w+)\}|(\w+))")


#: A shell's whole script that writes its input to one file: ``cat > FILE``, ``tee FILE``
#: (``-a`` not: it adds to what is there), its output maybe dropped.
_WRITES_STDIN = lazy_pattern(
    r"\s*(?:cat\s*>\s*(?P<cat>[\w./-]+)|tee\s+(?P<tee>[\w./-]+)(?:\s*>\s*/dev/null)?)\s*"
)


def _echo(self: ShellReader, command: SimpleCommand, words: list[str]) -> None:
    """``echo …`` into the file :attr:`env_file` reads (see ``._env_file``), once for each
    way the branches before it left its variables: several values are a run's."""
    env_file = self.env_file
    outputs = [output.removeprefix(SPLIT) for output in command.outputs]
    if env_file is None or not any(map(env_file.names_file, outputs)):
        return
    names = {name for word in words for name in _names_in(word)}
    written: list[list[str]] = []
    for variant in self._engine_variants(names):
        saved = {name: self.variables.get(name) for name in variant}
        for name, value in variant.items():
            self._set(name, value)
        written.append(self.arguments(words))
        for name, value in saved.items():
            self._set(name, value)
    arguments = written[0] if written else []
    choices: tuple[list[str], ...] = ()
    if len({" ".join(each) for each in written}) > 1 and arguments:
        arguments = [f"{arguments[0].partition('=')[0]}={UNKNOWN}"]
        choices = tuple(written)
    certain = (
        not command.joined
        and command.depth == 0
        and not self._cases
        and all(state == "taken" for state in self._conditionals)
    )
    env_file.echo(arguments, certain=certain, unknown=UNKNOWN, choices=choices)


def _printf(self: ShellReader, command: SimpleCommand, words: list[str]) -> None:
    """``printf FORMAT NAME=VALUE…`` into the file :attr:`env_file` reads: each line it
    prints one ``echo`` of it (bioconda-utils' ``printf %s\\\\n "image=${image_name}"
    "tags=…" >> $GITHUB_OUTPUT``). The caller reads only those whose every line names
    its variable as written (``._step_outputs``): one a run names is not read here."""
    from ._dotenv_writes import printed

    env_file = self.env_file
    outputs = [output.removeprefix(SPLIT) for output in command.outputs]
    if env_file is None or not any(map(env_file.names_file, outputs)):
        return
    text = printed("printf", self.arguments(words))
    if text is None:
        return
    certain = (
        not command.joined
        and command.depth == 0
        and not self._cases
        and all(state == "taken" for state in self._conditionals)
    )
    for line in text.split("\n"):
        if line:
            env_file.echo([line], certain=certain, unknown=UNKNOWN)


def _write_dotenv(
    self: ShellReader, program: str, command: SimpleCommand, words: list[str]
) -> bool:
    """``echo``/``printf`` into a ``.env`` file (whether it is one): its lines kept for the
    compose commands after it (see ``._dotenv_writes``). A variable never set writes
    nothing: ``echo NAME=$NAME > .env`` run as the project documents, with no environment
    of its own, writes ``NAME=`` (compose then has it, empty)."""
    from ._dotenv_writes import DotenvWrites, names_dotenv, printed

    targets = [
        (self.expand(output.removeprefix(SPLIT)), output in command.appends)
        for output in command.outputs
    ]
    targets = [(target, append) for target, append in targets if names_dotenv(target)]
    if not targets or self.cwd is None:
        return False
    unset = {
        name
        for word in words
        for name in _names_in(word)
        if name not in self.variables and name not in self.arrays
    }
    for name in unset:
        self.variables[name] = SetEmpty()
    try:
        text = printed(program, self.arguments(words))
    finally:
        for name in unset:
            self.variables.pop(name, None)
    if text is None:
        return False
    if self._dotenv is None:
        self._dotenv = DotenvWrites()
    for target, append in targets:
        self._dotenv.write(self._written_key(target), text, append=append)
    return True


def _write_rendered(
    self: ShellReader,
    program: str,
    command: SimpleCommand,
    words: list[str],
    environment: dict[str, str],
    line: int,
    last: int,
) -> bool:
    """``sed … FILE > OUT`` (``sed … < FILE``, ``envsubst < FILE > OUT``), ``FILE`` one of
    the project's: what it writes is ``FILE``'s lines filled in (see ``._sed_render``;
    envsubst puts in each ``$NAME``, ``${NAME}`` the value ``environment`` gives it, one it
    does not give a run's). Written to a ``.env``, its lines are that file's, as those
    ``echo`` writes are (see :meth:`_write_dotenv`): loomio/loomio-deploy's
    ``create_env.sh`` fills in the hostname and secrets of its ``env_template`` with ``sed -e
    "s|REPLACE_WITH_HOSTNAME|${1}|g" … env_template > .env``, and keeps its
    ``LOOMIO_CONTAINER_TAG=stable``, which ``docker compose pull`` then reads. Written to any
    file by sed, a kind cluster's configuration it makes gives its node images, as one a
    here-document writes does (:meth:`_kind_document`), at the command. Whether it was
    read (and written to a ``.env``)."""
    from ._dotenv_writes import DotenvWrites, names_dotenv

    targets = [
        (self.expand(output.removeprefix(SPLIT)), output in command.appends)
        for output in command.outputs
        if not output.startswith("&")
    ]
    if not targets:
        return False
    dotenvs = [(target, append) for target, append in targets if names_dotenv(target)]
    # (a kind configuration envsubst renders is read as its render: ._shell_tools._envsubst)
    kind = program == "sed" and self.pulls is not None
    if not (kind or (dotenvs and self.cwd is not None)):
        return False
    text = self._rendered(program, command, words, environment)
    if text is None:
        return False
    if kind and self.pulls is not None and "kind.x-k8s.io" in text and "Cluster" in text:
        from ._kubectl import manifest_pulls

        self.pulls.extend(
            ShellPull(line, last, "kind", "create cluster", found.image)
            for found in manifest_pulls("kind", "create cluster", text, line)
        )
    if not dotenvs or self.cwd is None:
        return False
    if self._dotenv is None:
        self._dotenv = DotenvWrites()
    for target, append in dotenvs:
        self._dotenv.write(self._written_key(target), text, append=append)
    return True


def _rendered(
    self: ShellReader,
    program: str,
    command: SimpleCommand,
    words: list[str],
    environment: dict[str, str],
) -> str | None:
    """What ``sed``/``envsubst`` writes of a file of the project (see
    :meth:`_write_rendered`); ``None`` when what it reads, or does, is not known here."""
    from ._common import read_text
    from ._shell_values import MAX_BYTES

    arguments = self.arguments(words)
    if program == "sed":
        from ._sed_render import render, sed_script

        parsed = sed_script(arguments)
        if parsed is None:
            return None
        commands, files = parsed
        if not files and self._stdin(command) is None:
            return None
        sources = files or [self._stdin(command) or ""]
    else:
        operands = [word for word in arguments if not word.startswith("-")]
        if len(operands) > 1 or any(word.startswith("-") for word in arguments):
            return None
        source = self._stdin(command)
        if source is None:
            return None
        sources = [source]
    texts: list[str] = []
    for source in sources:
        path = self._project_file(source)
        text = read_text(path, MAX_BYTES) if path is not None else None
        if not isinstance(text, str):
            return None
        texts.append(text)
    joined = "".join(text if text.endswith("\n") else text + "\n" for text in texts)
    if program == "sed":
        return render(commands, joined)
    return _envsubst_text(joined, environment, operands[0] if operands else None)


#: What envsubst puts in: ``$NAME``, ``${NAME}`` (GNU gettext's envsubst, no other form).
_ENVSUBST_NAME = lazy_pattern(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")


def _envsubst_text(text: str, environment: dict[str, str], shell_format: str | None) -> str:
    """``text`` as ``envsubst [SHELL-FORMAT]`` writes it with ``environment``: each
    variable it names (only those ``SHELL-FORMAT`` names, when given) its value there; one
    the environment does not give, a run's (envsubst puts in the value the environment
    it runs in has).

    >>> _envsubst_text("A=${A} B=$B C=${C:-x}", {"A": "1"}, None).replace(UNKNOWN, "?")
    'A=1 B=? C=${C:-x}'
    >>> _envsubst_text("A=$A B=$B", {"A": "1", "B": "2"}, "$A")
    'A=1 B=$B'
    """
    named = None
    if shell_format is not None:
        named = {found[1] or found[2] for found in _ENVSUBST_NAME.finditer(shell_format)}

    def value(found: re.Match[str]) -> str:
        name = found[1] or found[2]
        if named is not None and name not in named:
            return found[0]
        return environment.get(name, UNKNOWN)

    return _ENVSUBST_NAME.sub(value, text)


def _copy_dotenv(self: ShellReader, program: str, command: SimpleCommand, words: list[str]) -> None:
    """``cp FILE .env`` (``mv FILE .env``, ``cat FILE… > .env``): the ``.env`` is now a
    copy of those files, noted for a ``sed -i`` that edits it after (:meth:`_edit_in_place`).
    A copy alone gives compose nothing (a template's values are the user's: see
    ``.._script_dotenv``); a file the run names (``/home/deploy/.env``) is a copy of what
    is not known here."""
    from ._dotenv_writes import DotenvWrites, names_dotenv

    if self.cwd is None:
        return
    arguments = [word for word in self.arguments(words) if not word.startswith("-")]
    if program == "cat":
        targets = [
            self.expand(output.removeprefix(SPLIT))
            for output in command.outputs
            if not output.startswith("&") and output not in command.appends
        ]
        sources = arguments
    else:
        if len(arguments) != 2:
            return
        sources, target = arguments[:1], arguments[1]
        if target in (".", "./") or target.endswith("/"):
            target = os.path.join(target, os.path.basename(sources[0]))
        targets = [target]
    targets = [target for target in targets if names_dotenv(target)]
    if not targets or not sources:
        return
    paths = tuple(self._project_file(source) or "" for source in sources)
    if self._dotenv is None:
        self._dotenv = DotenvWrites()
    for target in targets:
        self._dotenv.copy(self._written_key(target), paths if all(paths) else ())


def _edit_in_place(self: ShellReader, words: list[str]) -> bool:
    """``sed -i … .env`` (GNU's ``-i``, BSD's ``-i ''``): the ``.env``'s lines with the
    substitutions made (``._sed_render``), written back for the compose commands after, as
    one ``sed … FILE > .env`` writes is (:meth:`_write_rendered`). The lines edited are those
    this shell wrote to it, else those of the files of the project a copy made it of
    (:meth:`_copy_dotenv`: ``cp env.template .env``, then ``sed -i
    "s|^TAG=.*|TAG=$VERSION|" .env``), else those of the project's own ``.env`` there; a
    replacement only a run knows makes its line's value a run's. Whether it was read so."""
    from ._common import read_text
    from ._dotenv_writes import DotenvWrites, names_dotenv
    from ._sed_render import in_place_script, render
    from ._shell_values import MAX_BYTES

    if self.cwd is None:
        return False
    parsed = in_place_script(self.arguments(words))
    if parsed is None:
        return False
    commands, files = parsed
    edited = False
    for target in files:
        if not names_dotenv(target):
            continue
        key = self._written_key(target)
        text = self._dotenv.text(key) if self._dotenv is not None else None
        if text is None:
            copied = self._dotenv.copied(key) if self._dotenv is not None else None
            if copied is None:
                own = self._project_file(target)
                copied = (own,) if own is not None else ()
            texts = [read_text(path, MAX_BYTES) for path in copied]
            if not texts or not all(isinstance(text, str) for text in texts):
                continue
            text = "".join(
                text if text.endswith("\n") else text + "\n"
                for text in texts
                if isinstance(text, str)
            )
        if self._dotenv is None:
            self._dotenv = DotenvWrites()
        self._dotenv.write(key, render(commands, text), append=False)
        edited = True
    return edited


def dotenv_values(self: ShellReader, path: str) -> dict[str, str] | None:
    """The variables of the ``.env`` at ``path`` (from where the session started) as the
    commands read wrote it with ``echo``/``printf`` (``None``: they did not)."""
    return self._dotenv.values(path) if self._dotenv is not None else None


def _dotenv_document(
    self: ShellReader,
    paths: list[str],
    command: SimpleCommand,
    document: HereDocument,
    *,
    append: bool,
) -> None:
    """``cat > .env <<EOF`` (``>>``, ``tee .env``): the here-document's lines are written
    to the ``.env`` as ``echo`` writes them (see :meth:`_write_dotenv`)."""
    targets = [
        (self.expand(path.removeprefix(SPLIT)), append or path in command.appends) for path in paths
    ]
    from ._dotenv_writes import DotenvWrites, names_dotenv

    targets = [(target, added) for target, added in targets if names_dotenv(target)]
    if not targets or self.cwd is None:
        return

    text = "\n".join(self._document_lines(document))
    if self._dotenv is None:
        self._dotenv = DotenvWrites()
    for target, added in targets:
        self._dotenv.write(self._written_key(target), text, append=added)


def _dotenv_of(self: ShellReader, found: ShellCompose) -> dict[str, str]:
    """The variables of the ``.env`` this shell wrote where the compose command
    ``found`` reads its ``.env`` (its project's directory: ``--project-directory``, else
    its first file's, else where it runs); none when it names ``--env-file``s."""
    if self._dotenv is None or found.env_files or found.anchored or self.cwd is None:
        return {}
    if found.project_directory is not None:
        directory = found.project_directory
    else:
        directory = os.path.dirname(found.files[0]) if found.files else ""
    values = self._dotenv.values(self._written_key(os.path.join(directory, ".env")))
    return values or {}


def _print(self: ShellReader, command: SimpleCommand, words: list[str]) -> None:
    """``echo …`` in a function read for what it prints (see :meth:`_function_printed`)."""
    if command.outputs or command.pipes_into is not None or self._printed is None:
        return  # (written to a file, or to another command)
    arguments = self.arguments(words)
    while arguments and arguments[0] in ("-n", "-e", "-E"):
        arguments = arguments[1:]
    self._printed.append((" ".join(arguments), self._surely_runs(command)))


def _surely_runs(self: ShellReader, command: SimpleCommand) -> bool:
    """Whether a command of a function read for what it prints runs whenever it does."""
    return (
        not command.joined
        and command.depth == 0
        and not self._cases
        and all(state == "taken" for state in self._conditionals)
    )


def _print_read(self: ShellReader, command: SimpleCommand, program: str, words: list[str]) -> None:
    """``yq``, ``jq`` or ``cat`` in a function read for what it prints: what it prints of a
    file of the project, read as a command substituted is (:meth:`_file_printed`), its
    words as the call gives them. scylladb/scylla-operator's ``hack/lib/assets.sh``:
    ``get-yaml-value() { yq -e "$key" "${file}" || {…}; }``, ``get-config() {
    get-yaml-value "${config_file}" "${1}"; }``, then ``kind_node_image="$( get-config
    '.operatorTests.kindNodeImage' )"``. What is not known here prints a run's value."""
    import shlex

    if command.outputs or command.pipes_into is not None or self._printed is None:
        return  # (written to a file, or to another command)
    arguments = self.arguments(words)
    known = command.stdin is None and command.document is None
    known = known and not any(
        UNKNOWN in (found[1] if (found := script_directory(argument)) else argument)
        for argument in arguments
    )  # (a path from the script's directory is found as a `$(cat FILE)`'s is)
    text = shlex.join([program, *arguments]) if known else ""
    printed = self._file_printed(text) if known else None
    self._printed.append((printed or UNKNOWN, self._surely_runs(command)))


def _write_document(
    self: ShellReader, program: str, command: SimpleCommand, arguments: list[str]
) -> None:
    """``cat > FILE <<EOF`` (``cat <<EOF >FILE``, ``tee FILE <<EOF``): the here-document is
    the text of ``FILE`` from here on, kept for a build whose ``-f FILE`` reads it (see
    :meth:`_from_written`). A ``cat`` of files of its own does not read the document."""
    document = command.document
    if document is None:
        return
    if program == "cat":
        if arguments not in ([], ["-"]):
            return
        paths = [path for path in command.outputs if not path.startswith("&")]
        if not command.outputs and command.pipes_into is None:
            # (a function's `cat <<EOF` writes where its call's output goes: netbirdio's
            # getting-started.sh runs `render_docker_compose_traefik > docker-compose.yml`)
            paths = list(self._stdout)
    else:
        paths = [word for word in arguments if not word.startswith("-")]
    for path in paths:
        self._written[self._written_key(self.expand(path))] = document
    tee_appends = program == "tee" and bool({"-a", "--append"} & set(arguments))
    self._dotenv_document(paths, command, document, append=tee_appends)
    self._image_list(paths, self._numbered(document))
    self._compose_document(paths, document)
    self._dockerfile_document(paths, document)
    self._kind_document(paths, document)


def _shell_writes_document(self: ShellReader, command: SimpleCommand, arguments: list[str]) -> None:
    """``sudo sh -c "cat > FILE" <<EOF`` (``tee FILE``): the shell's ``cat`` reads the
    here-document the shell is given, as a ``cat > FILE <<EOF`` of this one would
    (folio-org/folio-install's Vagrant provisioning writes its compose file so)."""
    document = command.document
    if document is None or len(arguments) != 2 or arguments[0] != "-c":
        return
    found = _WRITES_STDIN.fullmatch(self.expand(arguments[1]))
    if found is None:
        return
    path = found["cat"] or found["tee"]
    self._written[self._written_key(path)] = document
    self._image_list([path], self._numbered(document))
    self._compose_document([path], document)
    self._dockerfile_document([path], document)


def _numbered(self: ShellReader, document: HereDocument) -> list[tuple[int, str]]:
    """A here-document's lines as the command reads them, each with its number."""
    lines = self._document_lines(document)
    return [(document.line + number, text) for number, text in enumerate(lines)]


def _image_list(self: ShellReader, paths: list[str], lines: list[tuple[int, str]]) -> None:
    """The pulls of an image list the script writes to one of ``paths`` (see
    ``._image_lists``), one an image at its line."""
    if self.pulls is None:
        return
    from ._image_lists import listed, names_image_list

    if not any(names_image_list(self.expand(p)) for p in paths):
        return
    self.pulls.extend(
        ShellPull(number, number, "image-list", "list", image) for number, image in listed(lines)
    )


def _compose_document(self: ShellReader, paths: list[str], document: HereDocument) -> None:
    """The pulls of a compose file the script writes to one of ``paths``
    (``docker-compose.yml``, ``compose.yaml``): each service's image that it does not
    build, as compose reads the text (its ``${NAME:-default}`` with no value given),
    at its line. frain-dev/convoy's ``install-local.sh`` writes the stack it then runs
    with ``docker compose -f``. An image the script or compose leaves to a run is not
    read."""
    if self.pulls is None:
        return
    from ..discover import is_compose_name

    if not any(is_compose_name(os.path.basename(self.expand(p))) for p in paths):
        return
    from ..compose import scan_compose

    # (a line that is only values a run gives, or the output of a command, `$(if …; fi)`,
    # is left empty: the rest of the file is still YAML; netbirdio's getting-started.sh
    # puts `$traefik_file_provider`, set in a branch a run decides, on a line of its own)
    lines: list[str] = []
    origins: list[int] = []  # (the document's line each comes from: a value may be lines)
    for origin, expanded in enumerate(self._document_lines(document)):
        for piece in expanded.split("\n"):
            lines.append("" if _only_run_values(piece) else _keyed_run_values(piece))
            origins.append(origin)
    text = "\n".join(lines) + "\n"
    for occurrence in scan_compose(text, env={}):
        image = occurrence.text
        if (
            occurrence.reference is None
            or occurrence.built is not None
            or occurrence.context.get("field") != "image"
            or UNKNOWN in image
            or "$" in image
        ):
            continue
        line = document.line + origins[min(occurrence.line, len(origins)) - 1]
        self.pulls.append(ShellPull(line, line, "compose", "file", image))


def _dockerfile_document(self: ShellReader, paths: list[str], document: HereDocument) -> None:
    """The pulls of a Dockerfile the script writes to one of ``paths`` (a Dockerfile by
    its name, ``Dockerfile.minio``, ``${TEST_ID}_Dockerfile.sleep``): each ``FROM`` image
    that is no stage of its own, at its line. A file written so is written to be built,
    by a command this reading may not follow: minio/directpv's sidecar release writes
    ``Dockerfile.minio`` for the goreleaser configuration it writes next, and its
    multi-node tests build theirs with ``podman`` on a machine they reach by ``ssh``. A
    build here whose ``-f`` reads the file reads its ``FROM`` lines itself (see
    :meth:`_from_written`: these are taken back). An image a run decides is not read."""
    if self.pulls is None:
        return
    names = [os.path.basename(self.expand(path)) for path in paths]
    if not any(map(_names_a_dockerfile, names)):
        return
    for number, image in _from_images(self._numbered(document)):
        if UNKNOWN not in image and "$" not in image and known(image) is not None:
            self.pulls.append(ShellPull(number, number, "dockerfile", "from", image))


def _kind_document(self: ShellReader, paths: list[str], document: HereDocument) -> None:
    """The node images of a kind cluster configuration (``apiVersion:
    kind.x-k8s.io/…``, ``kind: Cluster``) the script writes to a file: its
    ``nodes[].image``, each at its line. Such a file is written for kind to create a
    cluster with, by ``kind create cluster --config FILE`` or by a later CI step:
    dapr/dapr's kind-e2e workflow writes ``kind.yaml`` with ``cat > kind.yaml <<EOF`` and
    gives it to ``helm/kind-action``'s ``config`` (kind.sigs.k8s.io/docs/user/configuration).
    An image a run decides is not read."""
    if self.pulls is None or not paths:
        return
    text = "\n".join(self._document_lines(document))
    if "kind.x-k8s.io" not in text or "Cluster" not in text:
        return
    from ._kubectl import manifest_pulls

    self.pulls.extend(manifest_pulls("kind", "create cluster", text, document.line))


def _written_key(self: ShellReader, path: str) -> str:
    """Where a file is, as :attr:`_written` keeps it: a relative path from the directory
    the command runs in (a path a run decides, as expanded: the same unknown directory
    written in the same way, ``$RUNNER_TEMP/inject.Dockerfile``)."""
    if path.startswith(("/", UNKNOWN)) or self.cwd is None:
        return path
    return os.path.normpath(os.path.join(self.cwd, path))


def _from_written(self: ShellReader, build: ShellBuild, arguments: list[str]) -> ShellBuild:
    """``build``, when its ``-f FILE`` (with none, its context's ``Dockerfile``) is a file
    a here-document of this script wrote (:meth:`_write_document`), as one of that
    text: SigNoz/signoz's CI writes
    ``$RUNNER_TEMP/inject.Dockerfile`` with ``cat > … <<'EOF'`` (``FROM busybox:1.37``),
    then runs ``docker build -f "$RUNNER_TEMP/inject.Dockerfile" "$RUNNER_TEMP/cacheci"``."""
    given = file_option(arguments)
    document = self._written.get(self._written_key(given)) if given else None
    context = build.context
    if given is None and build.dockerfile is None and context and _local_context(context):
        # (no `-f`: the context's Dockerfile, or buildah's and podman's Containerfile)
        document = next(
            (
                self._written[key]
                for name in ("Dockerfile", "Containerfile")
                if (key := self._written_key(os.path.join(context, name))) in self._written
            ),
            None,
        )
    if document is None:
        return build
    if self.pulls is not None:  # (its FROM lines are the build's: not pulls of their own)
        end = document.line + len(document.lines)
        self.pulls[:] = [
            pull
            for pull in self.pulls
            if pull.engine != "dockerfile" or not document.line <= pull.line < end
        ]
    target_known = build.target is not None or not any(
        word == "--target" or word.startswith("--target=") for word in arguments
    )
    return build.replaced(
        dockerfile=None,
        decided=target_known,
        inline="\n".join(self._dockerfile_lines(document)),
        inline_line=document.line,
    )


def _document_lines(self: ShellReader, document: HereDocument) -> list[str]:
    """A here-document's lines as the command reads them (``<<EOF``: the shell puts its
    variables in; ``<<'EOF'``: as written)."""
    if document.literal:
        return list(document.lines)
    return [self.expand(text.replace("\\$", DOLLAR)) for text in document.lines]


def _dockerfile_lines(self: ShellReader, document: HereDocument) -> list[str]:
    """A here-document's lines as the Dockerfile ``docker build -f -`` reads: as
    :meth:`_document_lines` gives them, but a variable whose value only a run knows stays a
    Dockerfile variable (``V=$1`` then ``FROM ubuntu:$V``: ``ubuntu:${V}``, which the
    Dockerfile reader reports unresolved, not a run's mark inside a reference)."""
    if document.literal:
        return list(document.lines)
    return [self._dockerfile_line(text.replace("\\$", DOLLAR)) for text in document.lines]


def _dockerfile_line(self: ShellReader, text: str) -> str:
    """One line of :meth:`_dockerfile_lines`."""
    out: list[str] = []
    index = 0
    dollar = text.find("$")
    while 0 <= dollar < len(text) - 1:
        following = text[dollar + 1]
        if following == "{":
            end = closing(text, dollar + 1) + 1
            name = name_at(text, dollar + 2)
        elif following.isdigit():
            end, name = dollar + 2, following
        else:
            name = name_at(text, dollar + 1)
            end = dollar + 1 + len(name)
        if end <= dollar + 1:  # (no parameter: `$(…)`, `$$`, an unclosed `${`)
            dollar = text.find("$", dollar + 1)
            continue
        out.append(self.expand(text[index:dollar]))
        expanded = self.expand(text[dollar:end])
        if name and expanded and known(expanded) is None:
            expanded = "${" + name + "}"
        out.append(expanded)
        index = end
        dollar = text.find("$", end)
    out.append(self.expand(text[index:]))
    return "".join(out)


def _echoed_document(self: ShellReader, command: SimpleCommand) -> tuple[str, int] | None:
    """``echo "$NAME" |`` before the command, ``NAME`` a text written at a line of the
    file read (see ``documents``): that text, which the shell prints as it is (a value's
    ``$ARCH`` is no variable of the shell's), and its line. bluenviron/mediamtx's
    ``scripts/binaries.mk`` so builds its ``define DOCKERFILE_BINARIES``, ``FROM
    $(BASE_IMAGE)``, which make exports to the recipe's shell."""
    piped = command.piped
    if not self._documents or not piped or len(piped) != 2 or piped[0] != "echo":
        return None
    echoed = _ECHOED_VARIABLE.fullmatch(piped[1])
    name = echoed.group(1) or echoed.group(2) if echoed else None
    if name is None or name not in self._documents or name not in self.variables:
        return None
    text = self.variables[name]
    if UNKNOWN in text:  # (a value only a run gives, `$(BASE_IMAGE)` of a file read alone)
        return None
    return text, self._documents[name]


def _stdin(self: ShellReader, command: SimpleCommand) -> str | None:
    """The file a command reads on its standard input, when a run cannot change it: ``<
    PATH``, or ``cat PATH |`` before it."""
    if command.stdin is not None:
        return known(self.expand(command.stdin))
    piped = command.piped
    if piped and piped[0] == "cat" and len(piped) == 2 and not piped[1].startswith("-"):
        return known(self.expand(piped[1]))
    return None

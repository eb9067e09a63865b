"""The tools :class:`.shell.ShellReader` reads beside the engines' own commands.

An engine's run by a script or a variable, ``kubectl``, ``docker compose``, ``envsubst`` and
``dockerize`` renders, kind's and industrial_ci's configurations, promu, mkctr, image ids written
by ``--iidfile``, and the variants of a command whose engine a run decides. These are the
reader's methods, defined here.
"""

from __future__ import annotations

import functools
import os
from itertools import pairwise

from ._common import read_text
from ._engine_commands import engine_of, is_known_image, known, kubectl_of
from ._shell_parameters import _assignment, _names_in
from ._shell_values import (
    DOLLAR,
    MAX_BYTES,
    SPLIT,
    UNKNOWN,
    ShellBuild,
    ShellPull,
    name_pattern,
    plain_text,
    script_directory,
)
from ._watched import WatchedVariables

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from ._shell_text import HereDocument, SimpleCommand
    from .shell import ShellReader


@functools.lru_cache(maxsize=1024)
def _run_decides(value: str) -> bool:
    """Whether a branch's value has a part a run decides: a path from the script's own
    directory does not (avalanchego's ``builder_dockerfile="${base_dockerfile}.builder-
    instrumented"``, ``.builder-uninstrumented`` on arm64, both below ``$AVALANCHE_PATH``),
    nor words of which some are known: the branch's own options, a run's part in one
    (searxng's ``params_build+=" --tag=localhost/searxng/searxng:$DOCKER_TAG"``)."""
    marked = script_directory(value)
    text = plain_text(value if marked is None else marked[1])
    return UNKNOWN in text and not any(UNKNOWN not in word for word in text.split())


def _note_image_id(self: ShellReader, name: str, line: int) -> None:
    """Whether the assignment to ``name``, the one command of the text read now, sets it
    to the id of an image a build of the script made (see ``._build_outputs``): kept,
    or forgotten."""
    from . import _build_outputs as outputs

    if not self._image_ids and not self._iidfiles and "$(" not in self._raw:
        return  # (a quick look: nothing gives an id)
    value = outputs.assigned_text(self._raw, name)
    if value is None:
        self._image_ids.pop(name, None)
        return
    given: int | None = None
    if outputs.prints_image_id(value):
        given = line
    elif outputs.substitutes(value):
        read = outputs.read_file_variable(value)
        if read is not None:
            given = self._iidfiles.get(read)  # (`$(cat "$iidfile")`)
        else:
            # (a filter of another such variable: `ids="$(printf %s "$ids" | sort -u)"`)
            held = [self._image_ids[n] for n in outputs.referred(value) if n in self._image_ids]
            given = held[0] if held else None
    else:
        variable = outputs.whole_variable(value)
        given = self._image_ids.get(variable) if variable is not None else None
    if given is None:
        self._image_ids.pop(name, None)
    else:
        self._image_ids[name] = given


def _walks(self: ShellReader, name: str, written: list[str]) -> None:
    """A ``for`` loop's variable walks the words ``written``: an image id when each is
    a variable that holds some (``for id in ${ids}``), else not."""
    from ._build_outputs import whole_variable

    lines = [self._image_ids.get(whole_variable(word.lstrip(SPLIT)) or "") for word in written]
    if lines and all(line is not None for line in lines):
        self._image_ids[name] = lines[0] or 0
    else:
        self._image_ids.pop(name, None)


def _with_outputs(self: ShellReader, build: ShellBuild, words: list[str], line: int) -> ShellBuild:
    """The build, with the arguments it passes an earlier build's image id (its
    ``outputs``), and the file its ``--iidfile`` writes noted (see ``._build_outputs``)."""
    if not self._image_ids and "--iidfile" not in " ".join(words):
        return build
    from ._build_outputs import iidfile_of, passed_variables

    iidfile = iidfile_of(words)
    if iidfile is not None:
        self._iidfiles[iidfile] = line
    passed = [
        (name, self._image_ids[variable])
        for name, variable in passed_variables(words)
        if variable in self._image_ids and name in build.unresolved
    ]
    return build.replaced(outputs=passed) if passed else build


def _engine_variants(self: ShellReader, names: Iterable[str]) -> list[dict[str, str | None]]:
    """The values of ``names`` an engine's command is read with: each way the branches of
    the conditionals before it left them (see ``._branches``). A variable a branch gives
    a value a run decides keeps the value last set: which value is used is the run's
    (conda-forge's ``if [ -z "$DOCKER_IMAGE" ]; then DOCKER_IMAGE=$(…); fi``, when the
    step running it gives one; manylinux's ``MANYLINUX_BUILDARCH=$(docker version …)``)."""
    values = self.branches.values
    if not values:
        return [{}]
    settled = [
        name
        for name in names
        if not any(_run_decides(value or "") for value in values.get(name, ()))
    ]
    return self.branches.variants(settled)


def _kind_config(
    self: ShellReader, arguments: list[str], document: HereDocument | None
) -> list[ShellPull]:
    """The node images of the cluster configuration a here-document gives ``kind create
    cluster --config -`` (``cat <<EOF | kind create cluster --config=-``, as kind's own
    guides write it): its ``nodes[].image``, each at its line. Without ``--image`` only:
    that flag runs every node with its own image."""
    if arguments[:2] != ["create", "cluster"] or document is None:
        return []
    words = arguments[2:]
    reads_stdin = "--config=-" in words or any(
        word == "--config" and following == "-" for word, following in pairwise(words)
    )
    if not reads_stdin:
        return []
    from ._kubectl import manifest_pulls

    lines = self._document_lines(document)
    return manifest_pulls("kind", "create cluster", "\n".join(lines), document.line)


def _infra_e2e(self: ShellReader, arguments: list[str], prefix: list[str], line: int) -> None:
    """What ``e2e run -c FILE`` (Apache SkyWalking's infra-e2e runner) starts: the compose
    file its configuration names, with the variables the command is given and those of the
    configuration's env file over them (see ``._infra_e2e``), kept as a compose command."""
    from ._compose_cmd import ShellCompose
    from ._infra_e2e import config_argument, env_file_values, expanded, parsed
    from .shell import ShellReader

    config = config_argument(arguments)
    path = self._project_file(config) if config is not None else None
    text = read_text(path, MAX_BYTES) if path is not None else None
    found, commands = parsed(text) if isinstance(text, str) else (None, ())
    if config is None or found is None:
        return
    directory = os.path.dirname(config)
    environment = self._environment(prefix)
    if found.env_file is not None:
        env_path = self._project_file(os.path.normpath(os.path.join(directory, found.env_file)))
        values = read_text(env_path, MAX_BYTES) if env_path is not None else None
        if isinstance(values, str):  # (the runner warns, and goes on without it)
            environment.update(env_file_values(values))

    def lookup(name: str) -> str | None:
        value = environment.get(name, "")
        return value if known(value) == value else None

    file = expanded(found.file, lookup) if found.file else None
    if found.environment == "compose" and file is not None and not os.path.isabs(file):
        compose_file = os.path.normpath(os.path.join(directory, file))
        self.composes.append(
            ShellCompose(line, "e2e run", (compose_file,), (), None, environment, self.cwd)
        )
    # (its setup steps then run where it runs, with its variables: what they render with
    # envsubst or start with compose is this command's)
    steps = ShellReader(
        environment, cwd=self.cwd, repository=self.repository, files=self.files,
        _depth=self._depth + 1,
    )  # fmt: skip
    for command in commands:
        steps.read(command)
    for started in steps.composes:
        started.line = line
        self.composes.append(started)


def _industrial_ci(
    self: ShellReader, given: list[str], words: list[str], line: int, last: int
) -> list[ShellPull]:
    """The container industrial_ci's entry script for GitLab (Bitbucket, Travis) runs in:
    its options are the variables the command gets, its ``NAME=value`` words last
    (ros-industrial/industrial_ci's ``.gitlab-ci.yml``: ``.industrial_ci/gitlab.sh
    ROS_DISTRO=kinetic``; see :mod:`..ci._industrial_ci`)."""
    from ..ci._industrial_ci import OPTIONS, image_of

    options = {name: self.variables.get(name, "") for name in OPTIONS if name in self.exported}
    for word in (*given, *self.arguments(words)):
        name, equals, value = self.expand(word).partition("=")
        if equals and name in OPTIONS:
            options[name] = value
    if any(known(value) is None for value in options.values()):
        return []  # (an option only a run has)
    image = image_of(options)
    if image is None or not is_known_image(image):
        return []
    return [ShellPull(line, last, "industrial_ci", "run", image)]


def _promu(self: ShellReader, arguments: list[str], line: int, last: int) -> list[ShellPull]:
    """The builder image ``promu crossbuild`` runs (see ``._promu``), its configuration
    read from the directory the command runs in (a file of the project's)."""
    from ._promu import builder_image

    def read(name: str) -> str | None:
        sourcing = self.sourcing
        if sourcing is None or self.cwd is None or os.path.isabs(name):
            return None
        file = sourcing.file_for(os.path.normpath(os.path.join(self.cwd, name)), None, "")
        text = read_text(file, MAX_BYTES) if file is not None else None
        return text if isinstance(text, str) else None

    image = builder_image(arguments, read)
    if image is None or not is_known_image(image):
        return []
    return [ShellPull(line, last, "promu", "crossbuild", image)]


def _mkctr(
    self: ShellReader, tool: str, arguments: list[str], line: int, last: int
) -> list[ShellBuild] | None:
    """What Tailscale's ``mkctr`` (or ``go run`` of its module) builds, and the base image
    it pulls (see ``._mkctr``); ``None``: a ``go`` command that does not run it."""
    from .._oci_labels import source_package
    from ._mkctr import is_mkctr_run, mkctr_images

    start = 0 if tool == "mkctr" else is_mkctr_run(arguments)
    if start is None:
        return None
    repos, sources, base = mkctr_images(arguments[start:])
    if self.pulls is not None and base is not None and is_known_image(base):
        self.pulls.append(ShellPull(line, last, "mkctr", "build", base))
    packages = [package for text in sources if (package := source_package(text))]
    names = [name for word in (*repos, *packages) if (name := name_pattern(word)) is not None]
    return [ShellBuild(line, "mkctr", "build", names)] if names else []


def _run(
    self: ShellReader,
    program: str,
    words: list[str],
    wrapped: list[str],
    prefix: list[str],
    line: int,
) -> bool:
    """A script of the project run (``./x.sh``, ``bash x.sh``; whether the command runs
    one): read with the environment and working directory this shell gives it (see
    ``._runs``)."""
    from ._runs import script_operand, wrapped_environment

    running = self.running
    operand = script_operand(program, [self.expand(word) for word in words[1:]])
    if running is None or operand is None:
        return False
    added, reset = wrapped_environment(wrapped)
    environment = {} if reset else self._environment(prefix)
    environment.update((name, self.expand(value)) for name, value in added)
    sourced = self.sourcing is not None and self.sourcing.in_sourced_file
    arguments = self._script_arguments(program, operand, words[1:])
    cwd = self.cwd
    if cwd is None and not sourced and arguments:
        # (a script run from where a run decides gives a wrapper its command, `tools/w.sh
        # docker pull …`, from where that path is a script of the project: its own
        # directory, or the project's root)
        cwd = running.start_of(operand)
    if running.may_read(operand, cwd=cwd, script=self.script, sourced=sourced):
        self._ran += 1
    running.run(
        operand,
        cwd=cwd,
        script=self.script,
        environment=environment,
        line=line,
        sourced=sourced,
        arguments=arguments,
        option_words=self._option_words(program, operand, words[1:]),
        repository=self.repository,
    )
    return True


def _option_words(
    self: ShellReader, program: str, operand: str, words: list[str]
) -> tuple[str, ...] | None:
    """The arguments a command gives the script ``operand`` it runs, for an option loop of
    the script (see ``._option_loop``): as :meth:`_script_arguments` gives them, but a
    word it cannot tell one (spaces, none: a run may split it) is a run's word, not the
    end of all (mockserver's ``run-in-docker.sh -i node:22 -- bash -c 'npm ci && npm
    test'``: the image is known, the command after ``--`` is not looked at)."""
    expanded = self.arguments(words)
    if program != operand:
        if operand not in expanded:
            return None
        expanded = expanded[expanded.index(operand) + 1 :]
    return tuple(
        UNKNOWN if not word or any(c.isspace() for c in word) else word
        for word in expanded
        if word[:1] not in "<>" and word[:2] not in ("1>", "2>", "&>")
    )


def _script_arguments(
    self: ShellReader, program: str, operand: str, words: list[str]
) -> tuple[str, ...] | None:
    """The arguments a command gives the script ``operand`` it runs (``./x.sh v2.12.0
    warning``, ``bash -e x.sh v2.12.0``), or ``None`` when a run decides them: a word
    that expands to several words, or a redirection (``2>&1``), which the words here do
    not tell apart from arguments. An empty word left (``""``, quoted: one that expands to
    none is gone) is an empty argument: podtato-head's Makefile runs ``build_images.sh ""
    "" "" gcr.io/distroless/static:latest distroless``, whose ``${4:-scratch}`` is the
    image (POSIX, *Field Splitting*: an empty quoted word stays a field)."""
    expanded = self.arguments(words)
    if program != operand:  # (a shell's operand: the words after it)
        if operand not in expanded:
            return None
        expanded = expanded[expanded.index(operand) + 1 :]
    if any(any(c.isspace() for c in word) for word in expanded):
        return None
    if any(word.startswith(("<", ">", "1>", "2>", "&>")) for word in expanded):
        return None
    return tuple(expanded)


def _default_engine(self: ShellReader, word: str) -> str | None:
    """The engine a command word that is one variable runs when the value last set is a
    run's (an option's ``"$2"``) and the script's own other value is an engine: its
    default, which the option may replace by another engine (eclipse-cyclonedds's
    ``scripts/docker/build_docker_image.sh``: ``CONTAINER_RUNTIME="docker"``, ``-r|--runtime)
    CONTAINER_RUNTIME="$2"``, then ``$CONTAINER_RUNTIME build … --tag ubuntu:cyclonedds``,
    the image its ``build_cyclonedds.sh`` runs). ``None`` when the variable has another
    value of the script's own (``DOCKER=echo`` for a dry run) or two engines."""
    from ._build_outputs import whole_variable

    name = whole_variable(word.lstrip(SPLIT))
    if name is None:
        return None
    defaults: set[str] = set()
    for value in self.branches.values.get(name, ()):
        if value is None or UNKNOWN in plain_text(value):
            continue
        words = value.split()
        if not words or engine_of(words[-1]) is None:
            return None
        defaults.add(value)
    return defaults.pop() if len(defaults) == 1 else None


def _surely_an_engine(self: ShellReader, word: str) -> bool:
    """Whether a command's first word runs an engine whatever branch of an ``if`` before
    it was taken: a variable the branches set (``CONTAINER_ENGINE=podman`` or
    ``docker``, getsentry/self-hosted) is one whose every value is an engine (or unset,
    which runs nothing); its value is the one last set, as any variable's. A branch that
    gives a run's value (searxng's ``container_engine="$1"``, when ``$1`` is ``podman`` or
    ``docker``, else ``podman`` or ``docker`` as installed) does not say otherwise when
    another gives an engine."""
    engines = runs = 0
    for name in _names_in(word):
        for value in self.branches.values.get(name, ()):
            words = (value or "").split()
            if value is None:
                continue
            if words and engine_of(words[-1]) is not None:
                engines += 1
            elif words and plain_text(value) == UNKNOWN:
                runs += 1
            else:
                return False
    return engines > 0 or runs == 0


def _kubectl(
    self: ShellReader, program: str, command: SimpleCommand, words: list[str], line: int, last: int
) -> list[ShellPull]:
    """The images a ``kubectl`` (``oc``) command has a cluster run: its own, or, for
    ``kubectl apply -f -``, those of the dry run piped into it, or of the manifest its
    here-document is (see ``._kubectl``)."""
    from ._kubectl import applies_stdin, kubectl_pulls, manifest_pulls

    arguments = self.arguments(words[1:])
    found = kubectl_pulls(program, arguments, line, last)
    verb = applies_stdin(arguments) if not found else None
    if verb is None:
        return found
    document = command.document
    if document is not None:
        lines = document.lines
        if not document.literal:  # (`<<EOF`: the shell puts its variables in)
            lines = [self.expand(text.replace("\\$", DOLLAR)) for text in lines]
        return manifest_pulls(program, verb, "\n".join(lines), document.line)
    piped = self._through_wrappers(command.piped or [])
    source = kubectl_of(self.expand(piped[0])) if piped else None
    if source is None:
        return []
    arguments = self.arguments(piped[1:])
    return kubectl_pulls(source, arguments, line, last, applied=True)


def _environment(self: ShellReader, prefix: list[str]) -> dict[str, str]:
    """The variables a command gets: those exported, and its own ``NAME=value`` words."""
    variables = self.variables
    environment = (
        {name: variables[name] for name in self.exported if name in variables}
        if not isinstance(variables, WatchedVariables)
        else variables.quiet_copy(self.exported)  # (read when a command looks at it)
    )
    for word in prefix:
        if (assigned := _assignment(word)) is not None:
            environment[assigned[0]] = self.expand(assigned[1])
    return environment


def _given(self: ShellReader, prefix: list[str], wrapped: list[str]) -> list[str]:
    """A command's ``NAME=value`` words: its own, and those of ``env`` before it, each
    expanded first as the shell expands it (arrow-adbc's ``env ${OS@U}=${OS_VERSION}
    docker compose run``: ``UBUNTU=22.04``)."""
    if "env" not in wrapped:
        return prefix
    from ._runs import wrapped_environment

    added, _ = wrapped_environment([self.expand(word) for word in wrapped])
    return [*prefix, *(f"{name}={value}" for name, value in added)]


def _compose(
    self: ShellReader, program: str, words: list[str], prefix: list[str], line: int
) -> bool:
    """A compose command (whether it is one): the files it reads, with the variables it
    is given; once for each combination of values the branches of an ``if`` before it
    leave the variables it is given (its own ``NAME=$VAR`` too)."""
    from ._compose_cmd import compose_command

    names = set(self.exported)
    if self.branches.values:
        names.update(name for word in prefix for name in _names_in(word))
    variants = self.branches.variants(names)
    found = None
    for variant in variants:
        saved = {name: self.variables.get(name) for name in variant}
        for name, value in variant.items():
            self._set(name, value)
        arguments = self.arguments(words[1:])
        environment = self._environment(prefix)
        for name, value in saved.items():
            self._set(name, value)
        sourced = self.sourcing is not None and self.sourcing.in_sourced_file
        found = compose_command(program, arguments, line, environment, self.cwd, sourced=sourced)
        if found is None:
            return False
        written = self._dotenv_of(found)
        if written:  # (the .env this shell wrote: below the environment, which wins)
            environment = {**written, **environment}
            found = compose_command(
                program, arguments, line, environment, self.cwd, sourced=sourced
            )
            if found is None:
                return False
        if self.moved and self.files is not None:
            from ._compose_moves import moved_compose

            found = moved_compose(found, self.moved, self._is_project_file)
        self.composes.append(found)
    return found is not None


def _move(self: ShellReader, arguments: list[str]) -> None:
    """A ``mv``/``cp`` of the project's files (see ``._compose_moves``), kept for the compose
    commands after it."""
    from ._compose_moves import moves_of

    self.moved.extend(moves_of(arguments, self.cwd, self._is_project_directory))


def _is_project_file(self: ShellReader, path: str) -> bool:
    """Whether ``path`` (from where the session started) is a file of the checkout."""
    if self.files is None:
        return False
    found = os.path.join(self.files, path)
    self.note_input(found)
    return os.path.isfile(found)


def _is_project_directory(self: ShellReader, path: str) -> bool:
    """Whether ``path`` (from where the session started) is a directory of the checkout."""
    if self.files is None:
        return False
    found = os.path.join(self.files, path)
    self.note_input(found)
    return os.path.isdir(found)


def _envsubst(
    self: ShellReader, command: SimpleCommand, arguments: list[str], prefix: list[str], line: int
) -> None:
    """An ``envsubst`` that renders a file of the project (``envsubst < FILE``, ``cat FILE |
    envsubst``), kept as a compose command is, with the variables it is given: those
    exported and its own ``NAME=value`` words, only those its ``SHELL-FORMAT`` names when
    it has one (``envsubst '$A $B'``). See ``._compose_cmd.render_command``."""
    from ._compose_cmd import render_command

    source = command.stdin
    if source is None:
        piped = command.piped or []
        if "<(" in piped:  # (`kubectl apply -f <(cat FILE | envsubst)`: its own pipeline)
            piped = piped[len(piped) - piped[::-1].index("<(") :]
        piped = self._through_wrappers(piped)
        if len(piped) == 2 and self.expand(piped[0]) == "cat":
            source = piped[1]
        elif piped:
            source = _kustomized(self, piped)
    if source is None:
        return  # (what it renders is another command's output, or a run's)
    environment = self._environment(prefix)
    operands = [word for word in self.arguments(arguments) if not word.startswith("-")]
    if operands:
        import re

        shell_format = operands[0].replace(DOLLAR, "$")
        named = set(re.findall(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)", shell_format))
        environment = {name: value for name, value in environment.items() if name in named}
    sourced = self.sourcing is not None and self.sourcing.in_sourced_file
    source = self.expand(source)
    found = render_command(source, line, environment, self.cwd, sourced=sourced)
    if found is not None:
        self.composes.append(found)


#: The options of ``kustomize build`` (``kubectl kustomize``) that take a value as the next
#: word (kustomize's ``kustomize/commands/build/flags*.go``, kubectl's ``kustomize`` command).
_KUSTOMIZE_VALUED = frozenset(
    {"-o", "--output", "--load-restrictor", "--reorder", "--helm-command", "--mount", "-e",
     "--env", "--network-name", "--helm-api-versions", "--helm-kube-version", "--context",
     "--kubeconfig", "-n", "--namespace"}
)  # fmt: skip


def _kustomized(self: ShellReader, piped: list[str]) -> str | None:
    """The kustomization directory (as written) whose build is piped into an ``envsubst``:
    ``kustomize build DIR`` or ``kubectl kustomize DIR`` (``oc kustomize``), ``.`` when it
    names none; ``None`` for any other command. devfile/devworkspace-operator's
    ``generate_deployment.sh`` runs ``${KUSTOMIZE} build "${DEPLOY_DIR}/templates/cert-manager"
    | envsubst "$SUBST_VARS"``: envsubst renders what the kustomization builds."""
    tool = self.expand(piped[0]).rpartition("/")[2]
    verb = {"kustomize": "build", "kubectl": "kustomize", "oc": "kustomize"}.get(tool)
    if verb is None or len(piped) < 2 or self.expand(piped[1]) != verb:
        return None
    rest = piped[2:]
    operands: list[str] = []
    valued = False
    for word in rest:
        if valued:
            valued = False
        elif word in ("-o", "--output") or word.startswith(("-o=", "--output=")):
            return None  # (the build is written to a file, not piped)
        elif word.startswith("-"):
            valued = "=" not in word and word in _KUSTOMIZE_VALUED
        else:
            operands.append(word)
    return operands[0] if len(operands) == 1 else "." if not operands else None


def _dockerize(
    self: ShellReader, program: str, words: list[str], prefix: list[str], line: int
) -> None:
    """A dockerize that renders a compose template of the project, kept as a compose
    command is, with the variables it is given (see ``._dockerize_cmd``)."""
    from ._dockerize_cmd import dockerize_command

    arguments = self.arguments(words)
    sourced = self.sourcing is not None and self.sourcing.in_sourced_file
    environment = self._environment(prefix)
    found = dockerize_command(program, arguments, line, environment, self.cwd, sourced=sourced)
    if found is not None:
        self.composes.append(found)

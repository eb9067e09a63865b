"""``e2e run``: Apache SkyWalking's end-to-end test runner, and the compose file it starts.

`skywalking-infra-e2e <https://github.com/apache/skywalking-infra-e2e>`_ reads one
configuration (``e2e run -c FILE``, ``e2e setup -c FILE``; ``-c``/``--config``, by default
``e2e.yaml`` where it runs) and sets up what it says (``internal/components/setup/
compose.go``, ``internal/config/e2eConfig.go``, ``internal/util``):

.. code-block:: yaml

    setup:
      env: compose
      file: docker-compose.yml
      init-system-environment: ../../script/env
    verify:
      cases: …

``init-system-environment`` names a file of ``NAME=VALUE`` lines (a line that starts with
``#``, or has no ``=``, is skipped), each set in the runner's environment over what was there;
then ``setup.file`` (its ``$NAME`` expanded with that environment) is started with ``docker
compose up`` and that environment. Both paths are relative to the configuration's directory.
Apache SkyWalking's CI runs its 149 cases so: ``image: elastic/elasticsearch:${ES_VERSION}``
takes the version the workflow's matrix writes to ``$GITHUB_ENV``, and
``ghcr.io/apache/skywalking-banyandb:${SW_BANYANDB_COMMIT}`` the commit of the shared env file.

A configuration is known by its shape (a ``setup`` mapping whose ``env`` is ``compose`` or
``kind``, and a ``verify``), never by its name alone. ``env: kind`` starts no compose file.
"""

from __future__ import annotations

import functools
import os
import re

from ..._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from ...occurrence import BuildSite
    from ..project import BuildFile, ComposeRun

__all__ = [
    "COMMANDS",
    "TOOL",
    "E2EConfig",
    "config_argument",
    "looks_like_config",
    "parsed",
    "read_config",
    "read_infra_e2e",
]

#: The program, and its verbs that set the environment up (``run`` is setup, trigger,
#: verify and cleanup in one).
PROGRAM = "e2e"
COMMANDS = frozenset({"run", "setup"})
#: The default configuration, where the runner runs.
DEFAULT_CONFIG = "e2e.yaml"
#: The environments a configuration sets up.
_ENVIRONMENTS = frozenset({"compose", "kind"})
#: A line of the env file (``internal/util/utils.go`` ``ExportEnvVars``: split at the first
#: ``=``, the name as written).
_ENV_LINE = lazy_pattern(r"([^=\n]+)=(.*)")
#: ``$NAME`` and ``${NAME}`` (Go's ``os.ExpandEnv``).
_VARIABLE = lazy_pattern(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")
#: The most of an env file read.
_MAX_ENV_BYTES = 64 * 1024


class E2EConfig:
    """What one configuration sets up: ``environment`` (``compose``, ``kind``), the compose
    file as written (``file``, ``None`` when there is none), and the env file's path as
    written (``env_file``, ``None`` when there is none)."""

    __slots__ = ("env_file", "environment", "file")

    def __init__(self, environment: str, file: str | None, env_file: str | None) -> None:
        self.environment = environment
        self.file = file
        self.env_file = env_file

    def __repr__(self) -> str:
        return f"<E2EConfig {self.environment} {self.file!r} {self.env_file!r}>"


def config_argument(arguments: list[str]) -> str | None:
    """The configuration ``e2e ARGUMENTS`` (expanded) reads, as written, when it is a verb that
    sets up (``run``, ``setup``); ``None`` otherwise.

    >>> config_argument(["run", "-c", "test/e2e/e2e.yaml"]), config_argument(["setup"])
    ('test/e2e/e2e.yaml', 'e2e.yaml')
    >>> config_argument(["verify", "-c", "e2e.yaml"]) is None
    True
    """
    config = DEFAULT_CONFIG
    verb = None
    index = 0
    while index < len(arguments):
        word = arguments[index]
        option, equals, value = word.partition("=")
        if option in ("-c", "--config"):
            if not equals:
                index += 1
                value = arguments[index] if index < len(arguments) else ""
            config = value
        elif not word.startswith("-") and verb is None:
            verb = word
        index += 1
    return config if verb in COMMANDS and config else None


@functools.lru_cache(maxsize=256)
def parsed(text: str) -> tuple[E2EConfig | None, tuple[str, ...]]:
    """:func:`read_config` and :func:`step_commands` of ``text``, its YAML read once (a
    project's CI runs each configuration once a matrix leg)."""
    found = read_config(text)
    return found, tuple(step_commands(text)) if found is not None else ()


def read_config(text: str) -> E2EConfig | None:
    """The configuration ``text`` says (see the module), ``None`` when it is none by its shape.

    >>> read_config("setup:\\n  env: compose\\n  file: dc.yml\\nverify: {}\\n")
    <E2EConfig compose 'dc.yml' None>
    >>> read_config("setup:\\n  env: compose\\n  file: dc.yml\\n") is None
    True
    """
    from .._yaml import get, is_mapping, scalar, sole_mapping

    if "setup" not in text or "verify" not in text:
        return None
    root = sole_mapping(text)
    setup = get(root, "setup")
    if not is_mapping(setup) or get(root, "verify") is None:
        return None
    environment = scalar(get(setup, "env"))
    if environment not in _ENVIRONMENTS:
        return None
    return E2EConfig(
        environment,
        scalar(get(setup, "file")) or None,
        scalar(get(setup, "init-system-environment")) or None,
    )


def step_commands(text: str) -> list[str]:
    """The commands of the configuration's setup steps, in order (they run after the compose
    file is up, or the cluster made, each with the variables the steps before it exported).

    >>> step_commands("setup:\\n  steps:\\n    - name: a\\n      command: export A=1\\n")
    ['export A=1']
    """
    from .._yaml import get, is_sequence, scalar, sequence, sole_mapping

    steps = get(get(sole_mapping(text), "setup"), "steps")
    found = []
    for step in sequence(steps) if is_sequence(steps) else []:
        command = scalar(get(step, "command"))
        if command:
            found.append(command)
    return found


def env_file_values(text: str) -> dict[str, str]:
    """The variables an env file sets, as the runner reads it (see the module).

    >>> env_file_values("# versions\\nA=1\\nB=x=y\\n\\nnot a line\\n")
    {'A': '1', 'B': 'x=y'}
    """
    values = {}
    for line in text.split("\n"):
        if line.startswith("#"):
            continue
        found = _ENV_LINE.fullmatch(line.removesuffix("\r"))
        if found is not None:
            values[found[1]] = found[2]
    return values


def expanded(text: str, lookup: Callable[[str], str | None]) -> str | None:
    """``text`` with its ``$NAME`` (``${NAME}``) put in (``lookup``: a variable's value,
    ``None`` when only a run knows it); ``None`` when one is a run's. An unset variable is
    empty, as Go's ``os.ExpandEnv`` makes it; ``lookup`` says so by giving ``""``.

    >>> expanded("cases/${CASE}/dc.yml", {"CASE": "es"}.get)
    'cases/es/dc.yml'
    """
    unknown = False

    def put(found: re.Match[str]) -> str:
        nonlocal unknown
        value = lookup(found[1] or found[2])
        if value is None:
            unknown = True
            return ""
        return value

    result = _VARIABLE.sub(put, text)
    return None if unknown else result


def config_directory(config: str) -> str:
    """The directory the configuration's paths are relative to, as written from where the
    runner runs (``config``: the configuration's path, as written)."""
    return os.path.dirname(config)


#: The tool of a configuration read alone (its compose run's site).
TOOL = "infra-e2e"
#: The command it stands for.
COMMAND = "e2e run"
#: The most of a file looked at for its shape, and read.
_MAX_BYTES = 1024 * 1024


def looks_like_config(path: str) -> bool:
    """A quick look at a YAML file: whether it may be a configuration (see the module): it
    has ``setup:``, ``env:`` and ``verify:`` at the start of lines."""
    from .._yaml import head_text

    text = head_text(path, 64 * 1024)
    return (
        text is not None
        and re.search(r"^setup:", text, re.MULTILINE) is not None
        and re.search(r"^verify:", text, re.MULTILINE) is not None
        and re.search(r"^[ \t]+env:[ \t]*['\"]?(?:compose|kind)\b", text, re.MULTILINE) is not None
    )


def read_infra_e2e(path: str) -> BuildFile:
    """The configuration at ``path`` read alone, as ``e2e run -c PATH`` run where it is would
    read it: for ``env: compose``, a compose run of its file, with the variables of its env
    file (those of the environment only a run knows: a file named with one is a run's)."""
    from ...occurrence import BuildSite
    from .._context_cache import stat_of
    from .._yaml import get, load_yaml, position
    from ..project import BuildFile, ComposeRun
    from ._common import read_text

    text = read_text(path, _MAX_BYTES)
    found, commands = parsed(text) if isinstance(text, str) else (None, ())
    if not isinstance(text, str) or found is None:
        return BuildFile(path=path)
    directory = os.path.dirname(path)
    env: dict[str, str] = {}
    inputs: dict[str, tuple[int, int] | None] = {}
    if found.env_file is not None and not os.path.isabs(found.env_file):
        env_path = os.path.normpath(os.path.join(directory, found.env_file))
        inputs[env_path] = stat_of(env_path)
        values = read_text(env_path, _MAX_ENV_BYTES)
        if isinstance(values, str):
            env = env_file_values(values)
    documents = load_yaml(text, path=path).documents
    node = get(get(documents[0], "setup"), "file") if documents else None
    site = BuildSite(TOOL, path, position(node)[0] if node is not None else 1)
    runs = []
    file = expanded(found.file, env.get) if found.file else None
    if found.environment == "compose" and file is not None and not os.path.isabs(file):
        runs.append(
            ComposeRun(
                site=site,
                command=COMMAND,
                files=[os.path.normpath(os.path.join(directory, file))],
                directory=directory,
                env=env,
            )
        )
    runs.extend(_steps_alone(commands, env, path, site))
    return BuildFile(path=path, composes=runs, inputs=inputs)


def _steps_alone(
    commands: tuple[str, ...], env: dict[str, str], path: str, site: BuildSite
) -> list[ComposeRun]:
    """What the setup steps of the configuration ``path`` render and start (``envsubst <
    FILE``, ``docker compose``), run where the runner runs: the project's root."""
    from ..ci import _project_checkout
    from ._compose_cmd import compose_run
    from .shell import ShellReader

    start = _project_checkout(path) if commands else None
    if start is None:
        return []
    reader = ShellReader(env, cwd="", repository="", files=start)
    for command in commands:
        reader.read(command)
    runs = (compose_run(found, site, start) for found in reader.composes)
    return [run for run in runs if run is not None]

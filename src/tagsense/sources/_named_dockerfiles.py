"""The Dockerfiles a scan's build files build, whatever they are called (issue 12).

Discovery knows Dockerfiles by their names (``Dockerfile``, ``app.Dockerfile``…), but a
build names its own: compose's ``dockerfile: base.df``, a bake target's ``dockerfile``,
a Skaffold artifact's or a Tiltfile's. What a build builds is read, so each Dockerfile a
build file of a directory scan names is scanned too, once, when it lies in a directory
the scan walks (a file named alone brings no other file: pre-commit names what changed).
What the scan's build files build also says which Dockerfiles in test data a build feeds
(see ``.testdata``).
"""

from __future__ import annotations

import os
import re

from .._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from .project import BuildConfig

__all__ = ["builds_in_scan", "with_named_dockerfiles"]


def with_named_dockerfiles(
    files: list[tuple[str, str]],
    directories: Sequence[str],
    *,
    env: Mapping[str, str] | None,
    max_bytes: int,
) -> list[tuple[str, str]]:
    """``files`` (path, kind), each Dockerfile a build file among them builds added after it.

    Only Dockerfiles under ``directories`` (the directories the scan walks) that are not
    among ``files`` already, each once.
    """
    tops = [os.path.realpath(directory) for directory in directories]
    if not tops or not any(
        _tool(path, kind) or kind in _COMMAND_TOOLS or kind == _YAML for path, kind in files
    ):
        return files
    seen = {os.path.realpath(path) for path, _ in files}
    heads = {path: _head(path, max_bytes) for path, kind in files if kind == "shell"}
    runs = _scripts_that_build_named(heads)
    result: list[tuple[str, str]] = []
    for path, kind in files:
        result.append((path, kind))
        tool = _tool(path, kind) or _NAMING_COMMANDS.get(kind)
        if kind == _YAML and _compose_by_shape(path, max_bytes):
            tool = "compose"
        # (one look at a script's text serves both questions below)
        if path in heads:
            head = heads[path]
        else:
            head = _head(path, max_bytes) if kind in _COMMAND_TOOLS else None
        if head is not None and b"-f" in head:
            for named in _compose_files_of_other_names(path, head, directories, tops, max_bytes):
                real = os.path.realpath(named)
                if real not in seen:
                    seen.add(real)
                    result.append((named, "compose"))
        if kind == "shell" and head is not None and _renders_a_yaml_template(head):
            for template, made in _rendered_yaml_templates(path, env=env, max_bytes=max_bytes):
                real = os.path.realpath(template)
                if real not in seen and _under(real, tops):
                    seen.add(real)
                    result.append((os.path.normpath(template), made))
        if (
            tool is None
            and head is not None
            and (_builds_a_named_dockerfile(head) or _runs_a_script(head, runs))
        ):
            tool = _COMMAND_TOOLS[kind]
        elif tool is None or not _names_a_dockerfile(path, max_bytes, ci=tool == "ci", runs=runs):
            continue
        if tool == "ci" and os.path.basename(path) == ".gitlab-ci.yml":
            tool = "gitlab"  # (read with what it includes, as the project context reads it)
        for build in _builds(path, tool, env=env, max_bytes=max_bytes):
            if build.dockerfile is None:
                continue
            dockerfile = os.path.normpath(build.dockerfile)
            real = os.path.realpath(dockerfile)
            if real in seen or not os.path.isfile(real) or not _under(real, tops):
                continue
            seen.add(real)
            result.append((dockerfile, "dockerfile"))
    return result


def builds_in_scan(
    files: list[tuple[str, str]], *, env: Mapping[str, str] | None, max_bytes: int
) -> dict[str, list[BuildConfig]]:
    """The builds of the scan's own build files (``files``: path, kind), by the real path of
    the Dockerfile each builds: those of the build tools and compose files, and the build
    commands of the Makefiles, scripts and CI files among them."""
    fed: dict[str, list[BuildConfig]] = {}
    for path, kind in files:
        tool = _tool(path, kind) or _COMMAND_TOOLS.get(kind)
        if kind == _YAML and _compose_by_shape(path, max_bytes):
            tool = "compose"
        if tool == "ci" and os.path.basename(path) == ".gitlab-ci.yml":
            tool = "gitlab"  # (read with what it includes, as the project context reads it)
        if tool is None:
            continue
        for build in _builds(path, tool, env=env, max_bytes=max_bytes):
            if build.dockerfile is not None:
                fed.setdefault(os.path.realpath(build.dockerfile), []).append(build)
    return fed


#: The kinds of discovered file whose commands may build, and the reader of each.
_COMMAND_TOOLS = {"make": "make", "shell": "shell", "ci": "ci"}
#: Of those, the files whose builds' Dockerfiles of any name are read (a CI step's ``docker
#: build -f ci/docker/focal .``: libgit2, celery's ``t/smoke/workers/docker/dev``); the
#: scripts and Makefiles of a scan are many, and reading them all first costs a scan a
#: third more: theirs only when a line says so (:func:`_builds_a_named_dockerfile`).
_NAMING_COMMANDS = {"ci": "ci"}


def _builds(
    path: str, tool: str, *, env: Mapping[str, str] | None, max_bytes: int
) -> list[BuildConfig]:
    """The builds of one build file, with those of the files it names as build files of
    its own (a devcontainer's compose files, whatever their name)."""
    from .context import read_build_file

    found = read_build_file(path, tool, env=env, max_bytes=max_bytes)
    builds = list(found.builds)
    for other, kind in found.named:
        if os.path.isfile(other):
            builds += read_build_file(other, kind, env=env, max_bytes=max_bytes).builds
    return builds


def _tool(path: str, kind: str) -> str | None:
    """The build tool of a discovered build file (``compose``, ``skaffold``…), or ``None``."""
    if kind == "compose":
        return "compose"
    if kind != "build":
        return None
    from .project import BUILD_TOOL_FILES

    name = os.path.basename(path)
    if name.endswith(".go"):
        from ._source_sniffs import builds_fixture_images

        # (a Go test that has stereoscope build its fixtures' Dockerfiles, in its testdata/)
        return "testcontainers" if builds_fixture_images(path) else None
    return BUILD_TOOL_FILES.get(name) or ("devcontainer" if name == "devcontainer.json" else None)


#: The kind discovery gives YAML that no name says more of (a manifest, or a compose file of
#: another name, which its reader tells by its shape: see ``find._compose_by_shape``).
_YAML = "kubernetes"


def _compose_by_shape(path: str, max_bytes: int) -> bool:
    """Whether YAML of another name is a compose file that builds from a Dockerfile it names
    (``docker compose -f oaignb.yaml``: herlesupreeth/docker_open5gs's ``build: {context: oai,
    dockerfile: gnb_dockerfile}``), as the compose reader takes it: by its shape, outside a
    chart. A cheap look first: most such files are manifests, which name no Dockerfile."""
    data = _head(path, max_bytes)
    if data is None or b"dockerfile" not in data or b"services" not in data:
        return False
    from ._compose_shape import is_compose_text
    from .discover import chart_of

    text = data.decode("utf-8", "replace")
    return is_compose_text(text) and chart_of(path) is None


def _names_a_dockerfile(
    path: str, max_bytes: int, *, ci: bool = False, runs: re.Pattern[bytes] | None = None
) -> bool:
    """A cheap look: most tools' key for a Dockerfile of another name is ``dockerfile``
    (without one, the build's is ``Dockerfile`` in its context, which discovery finds); a
    devcontainer's is ``dockerFile`` too, or its compose files' (``dockerComposeFile``); a
    workflow's build actions' are ``file`` and ``containerfiles`` (see below); a file that
    runs one of the scan's scripts that build from a file of another name (``runs``, see
    :func:`_scripts_that_build_named`) is read too."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes)
    except OSError:
        return False
    if (
        b"dockerfile" in data
        or b"dockerFile" in data
        or b"dockerComposeFile" in data
        or b" -f " in data  # (a command's `docker build -f ci/docker/focal .`: celery's CI)
        or b"--file" in data
        or _runs_a_script(data, runs)
    ):
        return True
    if not ci or b"uses:" not in data:
        return False
    if b"docker/build-push-action" in data or b"ontainerfile" in data:
        # (build-push-action's key is ``file`` (its README: "Path to the Dockerfile"), and
        # buildah-build's ``containerfiles``: jetify-com/devbox's release workflow builds
        # ``tmpl/DevboxImageDockerfileRootUser`` with ``file:``, no "dockerfile" in its text)
        return True
    from .ci._local_actions import used_action_files

    # (the steps of the repository's composite actions it uses: libgit2's)
    return any(
        _names_a_dockerfile(file, max_bytes, runs=runs) for file in used_action_files(path, data)
    )


def _scripts_that_build_named(heads: Mapping[str, bytes | None]) -> re.Pattern[bytes] | None:
    """A pattern of the names of the scan's scripts that build from a file whose name is not
    a Dockerfile's (:func:`_builds_a_named_dockerfile`), and of those that run one of them
    (a few levels), or ``None`` when there is none. A script is read with where it runs
    from, through the CI step, Makefile or script that runs it (alone, a relative ``-f``
    names no file): budtmo/docker-android's release workflow runs ``./app.sh push base``,
    whose ``docker build`` takes ``-f docker/base``; a CI file that names one of these
    scripts is read for its builds like one that says ``-f`` itself."""
    left = {path: head for path, head in heads.items() if head}
    names: set[str] = set()
    for _ in range(_SCRIPT_LEVELS):
        pattern = _names_pattern(names)
        found = [
            path
            for path, head in left.items()
            if _builds_a_named_dockerfile(head) or _runs_a_script(head, pattern)
        ]
        if not found:
            break
        for path in found:
            names.add(os.path.basename(path))
            del left[path]
    return _names_pattern(names)


#: How many levels of scripts that run scripts are followed (a CI step runs ``ci/build.sh``,
#: which runs ``./app.sh``).
_SCRIPT_LEVELS = 3


def _names_pattern(names: set[str]) -> re.Pattern[bytes] | None:
    """A pattern of a command's words that name one of the scripts ``names`` (their file
    names): as a word of their own, or at the end of a path; one without a suffix only at
    the end of a path (``scripts/build``: ``build`` alone is a word of many commands)."""
    if not names:
        return None
    alternatives = []
    for name in sorted(names):
        escaped = re.escape(name.encode())
        if "." in name.strip("."):
            alternatives.append(rb"(?<![\w.-])" + escaped)
        else:
            alternatives.append(rb"(?<=/)" + escaped)
    return re.compile(rb"(?:" + rb"|".join(alternatives) + rb")(?![\w.-])")


def _runs_a_script(data: bytes, pattern: re.Pattern[bytes] | None) -> bool:
    """Whether ``data`` names one of the scripts of ``pattern`` (see :func:`_names_pattern`)."""
    return pattern is not None and pattern.search(data) is not None


def _head(path: str, max_bytes: int) -> bytes | None:
    """A file's first ``max_bytes`` (``None`` when it cannot be read): the cheap looks below."""
    try:
        with open(path, "rb") as handle:
            return handle.read(max_bytes)
    except OSError:
        return None


def _renders_a_yaml_template(data: bytes) -> bool:
    """A cheap look at a script's text: whether it runs ``envsubst`` on a YAML file with a
    template's suffix (netbird's ``configure.sh``: ``envsubst <docker-compose.yml.tmpl
    >$artifacts_path/docker-compose.yml``; openyurtio/openyurt's K8s-on-K8s ``setup.sh``:
    ``envsubst "${SHELL_FORMAT}" < tenant-apiserver.yaml.template | kubectl apply -f -``)."""
    if b"envsubst" not in data:
        return False
    return _YAML_TEMPLATE_RENDER.search(data) is not None


#: An ``envsubst`` line that names a YAML file with a template's suffix.
_YAML_TEMPLATE_RENDER = lazy_pattern(
    rb"^[^\n#]*\benvsubst\b[^\n]*\.ya?ml\.(?:tmpl|tpl|template)\b", re.MULTILINE
)


def _rendered_yaml_templates(
    path: str, *, env: Mapping[str, str] | None, max_bytes: int
) -> list[tuple[str, str]]:
    """The YAML templates the script's ``envsubst`` commands render, each with the kind of
    the file it makes: a compose file when the name says compose, else a Kubernetes manifest
    (read as one only when it says apiVersion and kind). Each is read through that render
    (see ``find._through_runs`` and ``find._kubernetes``)."""
    from .context import read_build_file
    from .discover import is_compose_name, is_template_name, is_yaml_name

    found = read_build_file(path, "shell", env=env, max_bytes=max_bytes)
    rendered: list[tuple[str, str]] = []
    for run in found.composes:
        if not run.renders:
            continue
        for file in run.files:
            made = file[: file.rindex(".")] if "." in file else file
            if not is_template_name(file) or not is_yaml_name(made) or not os.path.isfile(file):
                continue
            rendered.append((file, "compose" if is_compose_name(made) else "kubernetes"))
    return rendered


def _builds_a_named_dockerfile(data: bytes) -> bool:
    """A cheap look at a Makefile or a script: whether a line of it builds from a file given
    by a path whose name discovery does not know as a Dockerfile's (influxdata/telegraf's
    ``docker build -t quay.io/influxdb/telegraf-ci:1.26.5 - < scripts/ci.docker``, cubefs's
    ``docker build -t cfs1 -f Dockerfile1 .``), or a command's words put together in a
    variable say so (budtmo/docker-android's ``app.sh``: ``cmd+="-f ${FOLDER_PATH} ."``, then
    ``${cmd}``). Most build with ``-f …/Dockerfile``, or none: they are not read first."""
    if b"build" not in data and b"bake" not in data:
        return False
    from itertools import chain

    from .discover import is_dockerfile_name

    for match in chain(_NAMED_BUILD.finditer(data), _ASSIGNED_FILE_OPTION.finditer(data)):
        named = match.group(1)
        if named is None:
            return True  # (standard input)
        path = named.decode("utf-8", "replace")
        if "$" in path:  # (a name made of variables: by what it says)
            if "ockerfile" not in path:
                return True
            continue
        name = os.path.basename(path)
        if not is_dockerfile_name(name) and not name.endswith(_BASES):
            return True
    return False


#: A build command's line with its Dockerfile on standard input (``- < FILE``) or named by
#: ``-f``/``--file`` (the path, group 1).
_NAMED_BUILD = lazy_pattern(
    rb"^[^\n#]*\b(?:build|bake)\b[^\n]*?(?:\s-\s+<\s*[\w./$({})-]+"
    rb"|\s(?:-f|--file)[ =][\"']?([^\s\"';|&<>]+))",
    re.MULTILINE,
)
#: A variable's value (a shell or make assignment, or an array's words) that holds a
#: ``-f``/``--file`` option: a command put together in a variable (the path, group 1).
_ASSIGNED_FILE_OPTION = lazy_pattern(
    rb"^[ \t]*(?:(?:export|local|readonly|declare(?:[ \t]+-\w+)*)[ \t]+)?"
    rb"\w+(?:\[[^\]\n]*\])?[ \t]*[:?+]?=[^\n#]*?(?<![\w-])(?:-f|--file)(?:[ \t]+|=)"
    rb"[\"']?([^\s\"';|&<>()]+)",
    re.MULTILINE,
)
#: Names discovery knows by their text when they end so (``DebugDockerfile``).
_BASES = ("Dockerfile", "Containerfile")


#: A compose command's ``-f FILE`` (``--file``), the file named as written: a name that does
#: not end in ``.yml`` or ``.yaml`` (discovery reads those, by name or by shape). The command
#: may be a variable's (``$(DOCKER_COMPOSE)``, ``${COMPOSE_CMD}``).
_COMPOSE_FILE_OPTION = lazy_pattern(
    rb"^[^\n#]*(?:\b(?:docker[ \t]+compose|docker-compose|podman-compose|podman[ \t]+compose)\b"
    rb"|\$[({]?\w*(?:COMPOSE|compose)\w*[)}]?)"
    rb"[^\n]*?(?<![\w-])(?:-f|--file)(?:[ \t]+|=)[\"']?([\w./-]+)",
    re.MULTILINE,
)


def _compose_files_of_other_names(
    path: str, head: bytes, directories: Sequence[str], tops: list[str], max_bytes: int
) -> list[str]:
    """The compose files the ``docker compose -f FILE`` commands of a Makefile, script or CI
    file (``head``, its text) run whose names say no YAML, as ``docker compose`` reads
    them: ``-f`` takes a file of any name (the Compose CLI reference, ``docker compose
    --file``). quay/quay's Makefile runs ``$(DOCKER_COMPOSE) -f docker-compose.static up``.
    Each is looked for beside the file and at the top of each directory the scan walks, and
    read when it is a compose file by its shape (see ``._compose_shape``), outside a chart."""
    if b"compose" not in head:
        return []
    found: list[str] = []
    for match in _COMPOSE_FILE_OPTION.finditer(head):
        name = match.group(1).decode("utf-8", "replace")
        if name.endswith((".yml", ".yaml")) or name in ("-", "/dev/stdin"):
            continue
        for place in (os.path.dirname(path), *directories):
            candidate = os.path.normpath(os.path.join(place, name))
            real = os.path.realpath(candidate)
            if not os.path.isfile(real) or not _under(real, tops) or candidate in found:
                continue
            data = _head(real, max_bytes)
            if data is None or b"services" not in data:
                continue
            from ._compose_shape import is_compose_text
            from .discover import chart_of

            if is_compose_text(data.decode("utf-8", "replace")) and chart_of(real) is None:
                found.append(candidate)
                break
    return found


def _under(real: str, tops: list[str]) -> bool:
    return any(real == top or real.startswith(top.rstrip(os.sep) + os.sep) for top in tops)

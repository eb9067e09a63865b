"""The ``.env`` a setup script writes beside a compose file, from files of the project.

Compose reads the ``.env`` of the project's directory. Some projects commit none: a setup
script of the compose file's directory writes it, copying in files the repository keeps.
StrangeBeeCorp/docker's ``prod1-thehive/scripts/init.sh`` (run there as
``./scripts/init.sh``) writes ``./.env`` and runs ``cat ../versions.env >> .env``, whose
``thehive_image_version = '5.7.5'`` the compose file's
``strangebee/thehive:${thehive_image_version}`` uses. When a compose file leaves variables
unset and no command of the project gives them, a shell script in its directory, or in a
directory just below it (``scripts/``), that copies a file of the project into ``.env``
(``cat FILE >> .env``, ``cat FILE > .env``, ``cp FILE .env``) gives the compose file that
file's values (:func:`script_env_run`), as ``docker compose --env-file FILE`` would;
several such files are read in the script's order, a later one winning. A path is taken
from the compose file's directory (where the script runs), else from the script's own.
A script that writes the ``.env`` line by line (``echo "NAME=value" > .env``, ``echo …
>> .env``, ``printf 'NAME=%s\n' "$V" >> .env``, or a here-document: ``cat > .env <<EOF``)
is read as its shell runs it, from the compose file's directory (see
``.builds._dotenv_writes``): the variables it writes, as expanded there, are the compose
file's (confluentinc/cp-all-in-one's ``create_env_file``).

The copy may be run through a wrapper (``sudo cp …``, ``${AS_OWNER} cp …``: eth-educators/
eth-docker's ``ethd``) and name its ``.env`` with a variable the script sets to it
(``__env_file=.env``, then ``cp default.env "${__env_file}"``); a script is a ``*.sh`` file,
or a file without an extension whose first line is a shell's ``#!`` (``ethd``).

A recipe of the Makefile of the compose file's directory that writes its ``.env`` so is
read too, as ``make TARGET`` run there writes it (:func:`_make_written_run`).

A file the user copies and fills in (``.env.example``, ``.env.sample``, ``env.template``,
``.env.dist``) gives nothing: its values are the user's to give, whether a README or a
script copies it (see "Compose builds" in docs/projects.md). One the script fills in itself
(``sed -e "s|REPLACE_WITH_HOSTNAME|${1}|g" … env_template > .env``, ``envsubst < FILE >
.env``) is read as its shell writes it (loomio/loomio-deploy's ``create_env.sh``: see
``.builds._shell_documents._write_rendered``): the script renders it, not the user.
"""

from __future__ import annotations

import os
import re

from .._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Collection

    from .project import ComposeRun

__all__ = ["script_env_run"]

#: ``cat FILE… >> .env`` (``>``), ``cp FILE .env``: the files copied into the ``.env`` of
#: the directory the script runs in (``.env``, ``./.env``, quoted or not).
_COPY = lazy_pattern(
    r"""^[ \t]*(?:(?:sudo|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?)[ \t]+)?"""
    r"""(?:cat[ \t]+((?:[^\s|;&<>'"$`]+[ \t]+)+)>>?"""
    r"""|cp[ \t]+([^\s|;&<>'"$`-][^\s|;&<>'"$`]*)[ \t]+)"""
    r"""[ \t]*(["']?)(?:(?:\./)?\.env|\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?)\3[ \t]*(?:$|[;&#])""",
    re.MULTILINE,
)
#: A variable the script sets to its ``.env`` (``ENV_FILE=.env``, ``ENV_FILE="./.env"``).
_NAMES_ENV = lazy_pattern(
    r"""^[ \t]*(?:(?:export|readonly|local|declare)[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)="""
    r"""(["']?)(?:\./)?\.env\2[ \t]*(?:$|[;&#])""",
    re.MULTILINE,
)
#: The first line of a script without an extension: a shell's ``#!``.
_SHEBANG = lazy_pattern(r"#![ \t]*/\S*/(?:env[ \t]+)?(?:ba|da|k|z)?sh\b")
#: A name that says the file is one the user copies and fills in.
_USERS = lazy_pattern(r"example|sample|template|dist|\.tpl$|\.in$", re.IGNORECASE)
#: ``echo``/``printf`` into the ``.env`` of the directory the script runs in (a quick look,
#: before the script is read as its shell runs it).
_PRINTS = lazy_pattern(
    r"""^[ \t]*(?:echo|printf)\b[^\n]*>>?[ \t]*(["']?)(?:\./)?\.env\1[ \t]*(?:$|[;&#|)])"""
    # (`cat > .env <<EOF`, `cat <<EOF >> .env`, `tee [-a] .env <<EOF`: a here-document)
    r"""|^[ \t]*(?=(?:cat|tee)\b[^\n]*<<)(?:cat\b[^\n]*?>>?|tee(?:[ \t]+-a)?[ \t])[ \t]*"""
    r"""(["']?)(?:\./)?\.env\2(?:[ \t]|$)"""
    # (`sed … FILE > .env`, `envsubst < FILE > .env`, their lines maybe continued: a file
    # of the project filled in, see .builds._shell_documents._write_rendered)
    r"""|^[ \t]*(?:sed|envsubst)\b(?:[^\n]*\\\n)*[^\n]*?>>?[ \t]*(["']?)(?:\./)?\.env\3"""
    r"""[ \t]*(?:$|[;&#|)])""",
    re.MULTILINE,
)
#: ``sed -i … .env`` (``-i ''``, ``-i.bak``, ``--in-place``): the ``.env`` a script copied or
#: wrote, edited in place (see .builds._shell_documents._edit_in_place).
_EDITS = lazy_pattern(
    r"""^[ \t]*(?:sudo[ \t]+)?sed[ \t]+(?:[^\n]*[ \t])?(?:-[Er]*i|--in-place)\b[^\n]*?"""
    r"""[ \t](["']?)(?:\./)?\.env\1[ \t]*(?:$|[;&#|)2>])""",
    re.MULTILINE,
)
#: The names ``make`` looks for in a directory, in its order (GNU Make, "What Name to Give
#: Your Makefile").
_MAKEFILES = ("GNUmakefile", "makefile", "Makefile")
#: A recipe's line that writes the ``.env`` of the directory ``make`` runs in (a quick look):
#: ``echo``/``printf`` into it, or a here-document ``cat`` or ``tee`` writes to it.
_MAKE_PRINTS = lazy_pattern(
    r"""^\t[@+\- \t]*(?:echo|printf|cat|tee)\b[^\n]*(?:>>?|tee(?:[ \t]+-a)?)[ \t]*"""
    r"""(["']?)(?:\./)?\.env\1(?:[ \t;|)]|$)""",
    re.MULTILINE,
)
#: A variable an ``.env`` file sets (compose-go's dotenv: ``NAME=…``, ``NAME = …``).
_SETS = lazy_pattern(r"^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=", re.MULTILINE)
#: How much of a script or an ``.env`` file the look reads.
_LIMIT = 256 * 1024
#: The directories just below the compose file's where its setup scripts are looked for.
_BELOW = ("scripts", "script", "bin", "tools")


def script_env_run(path: str, missing: Collection[str], root: str | None) -> ComposeRun | None:
    """``docker compose --env-file FILE…`` for the compose file ``path``, with the files a
    setup script of its directory copies into its ``.env`` (see the module), when they set
    one of ``missing``; ``None`` when there is none, or no ``root``."""
    if root is None or not missing:
        return None
    top = os.path.abspath(root)
    directory = os.path.dirname(path) or "."
    for script in _scripts(directory):
        text = _read(script)
        if text is None or ".env" not in text:
            continue
        if _EDITS.search(text) is not None:
            # (`cp versions.env .env`, then `sed -i … .env`: the copy as the script edits it)
            printed = _printed_run(path, script, text, missing, directory)
            if printed is not None:
                return printed
        files: list[str] = []
        first: tuple[int, str] | None = None
        env_names = {match[1] for match in _NAMES_ENV.finditer(text)}
        for match in _COPY.finditer(text):
            if match[4] is not None and match[4] not in env_names:
                continue  # (`cp FILE "$TARGET"`, whose TARGET is no `.env` the script names)
            line = text.count("\n", 0, match.start()) + 1
            for written in (match[1] or match[2] or "").split():
                copied = _copied(written, directory, os.path.dirname(script), top)
                if copied is None or copied in files:
                    continue
                files.append(copied)
                if first is None and _sets(copied, missing):
                    first = (line, written)
        if first is not None:
            from ..occurrence import BuildSite
            from .project import ComposeRun

            line, written = first
            return ComposeRun(
                site=BuildSite("shell", script, line),
                command=f"docker compose --env-file {written}",
                files=(path,),
                directory=directory,
                env_files=tuple(files),
            )
        printed = _printed_run(path, script, text, missing, directory)
        if printed is not None:
            return printed
    return _make_written_run(path, missing, directory)


def _printed_run(
    path: str, script: str, text: str, missing: Collection[str], directory: str
) -> ComposeRun | None:
    """The compose run with the variables ``script`` writes into the ``.env`` of the compose
    file's directory with ``echo``/``printf`` (see the module), when one is of ``missing``."""
    found = _PRINTS.search(text) or _EDITS.search(text)
    if found is None:
        return None
    from .builds._shell_values import MAX_BYTES
    from .builds.shell import ShellReader, sourcing_of

    # (run from the compose file's directory, without arguments, as a setup script is)
    named = os.path.relpath(script, directory)
    reader = ShellReader(
        cwd="", script=named, sourcing=sourcing_of(script, MAX_BYTES), defaults=True
    )
    reader.read(text)
    written = reader.dotenv_values(".env")
    if not written or not any(name in written for name in missing):
        return None
    from ..occurrence import BuildSite
    from .builds._compose_cmd import split_environment
    from .project import ComposeRun

    # (a value only a run knows, `SITE_NAME=${1}`, is a run's: not a value of its text)
    env, unknown, leading = split_environment(written)
    line = text.count("\n", 0, found.start()) + 1
    return ComposeRun(
        site=BuildSite("shell", script, line),
        command="docker compose",
        files=(path,),
        directory=directory,
        env=env,
        unknown=unknown,
        leading=leading,
    )


def _make_written_run(path: str, missing: Collection[str], directory: str) -> ComposeRun | None:
    """The compose run with the variables a recipe of the Makefile of the compose file's
    directory writes into its ``.env`` (``echo``/``printf``, a here-document under
    ``.ONESHELL:``), its ``$(NAME)`` the Makefile's values, as ``make TARGET`` run there with
    no variables of its own writes them; when one is of ``missing``. 3liz/lizmap-web-client's
    ``tests/Makefile`` says ``LZMQGSRVVERSION ?= 3.40`` and its ``env:`` target ``cat <<-EOF >
    .env`` … ``LZMQGSRVVERSION=$(LZMQGSRVVERSION)``; its ``run-docker`` and CI run ``make env``
    before ``docker compose``, whose ``3liz/qgis-map-server:${LZMQGSRVVERSION}`` is then
    ``3liz/qgis-map-server:3.40``."""
    for name in _MAKEFILES:
        makefile = os.path.join(directory, name)
        text = _read(makefile)
        if text is not None and ".env" in text and _MAKE_PRINTS.search(text):
            return _make_recipe_run(path, makefile, text, missing, directory)
    return None


def _make_recipe_run(
    path: str, makefile: str, text: str, missing: Collection[str], directory: str
) -> ComposeRun | None:
    """The compose run of the first recipe of ``makefile`` that writes a variable of ``missing``
    into the ``.env`` of the compose file's directory (see :func:`_make_written_run`)."""
    from .builds.make import MakeReader
    from .builds.shell import ShellReader

    reader = MakeReader(directory=directory)
    reader.parse(text, makefile)
    recipes: dict[tuple[str, ...], list[tuple[int, str]]] = {}
    for recipe in reader.recipes:
        if recipe.path == makefile:
            recipes.setdefault(recipe.targets, []).append((recipe.line, recipe.text))
    for targets, lines in recipes.items():
        if not any(".env" in line for _, line in lines):
            continue
        # (the recipe's lines as one shell reads them, their `@`, `-`, `+` prefixes left out)
        script = "\n".join(reader.expand(line, targets).lstrip("@-+ \t") for _, line in lines)
        shell = ShellReader(cwd="", defaults=True)
        shell.read(script)
        written = shell.dotenv_values(".env")
        if written and any(name in written for name in missing):
            from ..occurrence import BuildSite
            from .project import ComposeRun

            return ComposeRun(
                site=BuildSite("make", makefile, lines[0][0]),
                command=f"make {targets[0]} && docker compose",
                files=(path,),
                directory=directory,
                env=written,
            )
    return None


def _scripts(directory: str) -> list[str]:
    """The shell scripts of ``directory`` and of the directories just below it, in order."""
    found: list[str] = []
    for where in (directory, *(os.path.join(directory, below) for below in _BELOW)):
        try:
            names = sorted(os.listdir(where))
        except OSError:
            continue
        found.extend(
            os.path.join(where, name)
            for name in names
            if name.endswith(".sh")
            or ("." not in name and _shell_script(os.path.join(where, name)))
        )
    return found


def _shell_script(path: str) -> bool:
    """Whether a file without an extension is a shell script (its ``#!`` names a shell)."""
    try:
        with open(path, "rb") as handle:
            first = handle.read(64).decode("utf-8", "replace")
    except OSError:  # (a directory, or unreadable)
        return False
    return _SHEBANG.match(first) is not None


def _copied(written: str, directory: str, script_directory: str, top: str) -> str | None:
    """The file of the project ``written`` names, from the compose file's directory or the
    script's; ``None`` when it is a file the user fills in, or none of the project."""
    if _USERS.search(os.path.basename(written)) or os.path.isabs(written):
        return None
    for base in (directory, script_directory):
        candidate = os.path.normpath(os.path.join(base, written))
        absolute = os.path.abspath(candidate)
        if absolute.startswith(top + os.sep) and os.path.isfile(candidate):
            return candidate
    return None


def _read(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return handle.read(_LIMIT).decode("utf-8", "replace")
    except OSError:
        return None


def _sets(path: str, names: Collection[str]) -> bool:
    """Whether the ``.env`` file ``path`` sets one of ``names``."""
    text = _read(path)
    return text is not None and any(match[1] in names for match in _SETS.finditer(text))

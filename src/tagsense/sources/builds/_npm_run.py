"""A runner's command that runs a ``package.json`` script: ``npm run NAME`` and the like.

npm (``npm run`` / ``npm run-script``, and ``npm test``, ``start``, ``stop``, ``restart``),
Yarn (``yarn run NAME``, ``yarn NAME``) and pnpm (``pnpm run NAME``, ``pnpm NAME``) run the
script ``NAME`` of the ``package.json`` of the directory they run in (``--prefix DIR``,
``--cwd DIR``, ``-C DIR`` / ``--dir DIR``: that directory's), with ``sh -c`` in that directory,
in the environment of the command: what its runner exports and gives it (npm's own
``npm_*`` variables besides). npm runs ``preNAME`` before it and ``postNAME`` after it, when
the file has them (https://docs.npmjs.com/cli/v10/using-npm/scripts#pre--post-scripts).
redis/ioredis's workflow step gives ``REDIS_VERSION: ${{ matrix.redis }}`` to ``npm run
docker:setup``, whose ``docker compose -f test/docker-compose.yml up`` runs
``redislabs/client-libs-test:${REDIS_VERSION:-…}``: each version of the matrix.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .._jsonc import Value

__all__ = ["npm_script", "package_scripts"]

#: The programs that run a ``package.json`` script.
_RUNNERS = frozenset({"npm", "yarn", "pnpm"})
#: npm's commands that run the script of their own name.
_NPM_SCRIPTS = frozenset({"test", "start", "stop", "restart", "t", "tst"})
#: The commands of Yarn and pnpm that are their own, not a script's name (``yarn install``).
_OWN_COMMANDS = frozenset(
    {"add", "audit", "autoclean", "bin", "cache", "check", "config", "create", "dedupe", "dlx",
     "exec", "generate-lock-entry", "global", "help", "i", "import", "info", "init", "install",
     "licenses", "link", "list", "login", "logout", "ls", "node", "outdated", "owner", "pack",
     "patch", "policies", "prune", "publish", "rebuild", "remove", "rm", "set", "setup", "store",
     "tag", "team", "unlink", "up", "update", "upgrade", "upgrade-interactive", "version",
     "versions", "why", "workspace", "workspaces", "env", "fetch", "install-test", "it",
     "plugin", "npm", "explain", "doctor", "root", "server", "deploy", "recursive",
     "approve-builds"}
)  # fmt: skip
#: Options of the runners that take the next word as a directory to run in.
_DIRECTORY_OPTIONS = frozenset({"--prefix", "--cwd", "-C", "--dir"})


def npm_script(program: str, arguments: list[str]) -> tuple[str, str] | None:
    """The script a command runs and the directory it runs in (relative to the command's;
    "" its own), or ``None``: not a command that runs one of a ``package.json``. ``program``
    is the command's first word, ``arguments`` the words after it, expanded."""
    name = program.rpartition("/")[2]
    if name not in _RUNNERS:
        return None
    directory = ""
    words: list[str] = []
    index = 0
    while index < len(arguments):
        word = arguments[index]
        option, equals, value = word.partition("=")
        if option in _DIRECTORY_OPTIONS and not words:
            if equals:
                directory = value
            elif index + 1 < len(arguments):
                directory = arguments[index + 1]
                index += 1
        elif word == "--":
            break
        elif word.startswith("-") and not words:
            pass  # (`--silent`, `-s`: the runner's own options)
        else:
            words.append(word)
        index += 1
    if not words:
        return None
    first = words[0]
    if first in ("run", "run-script", "rum", "urn"):
        return (words[1], directory) if len(words) > 1 and not words[1].startswith("-") else None
    if name == "npm":
        script = {"t": "test", "tst": "test"}.get(first, first)
        return (script, directory) if first in _NPM_SCRIPTS else None
    if first in _OWN_COMMANDS or "/" in first or "$" in first:
        return None
    return first, directory


def package_scripts(text: str, path: str, name: str) -> list[tuple[str, Value]]:
    """The scripts ``npm run name`` runs of the ``package.json`` text at ``path``, in order
    (``preNAME``, ``NAME``, ``postNAME``, as the file has them), each with its value; none
    when the file has no ``NAME`` script."""
    found = _scripts(text, path)
    if name not in found:
        return []
    return [
        (script, found[script]) for script in (f"pre{name}", name, f"post{name}") if script in found
    ]


#: The scripts of the package.json texts parsed, by path and text (a workflow's steps run
#: one file's scripts many times over, once a matrix combination).
_PARSED: dict[tuple[str, str], dict[str, Value]] = {}
_MAX_PARSED = 16


def _scripts(text: str, path: str) -> dict[str, Value]:
    """The ``scripts`` of a ``package.json`` text, by name (parsed once)."""
    key = (path, text)
    found = _PARSED.get(key)
    if found is None:
        from .._jsonc import get, members, parse_jsonc

        scripts = get(parse_jsonc(text, path=path).value, "scripts")
        found = {key: value for key, _, value in members(scripts) if value.text is not None}
        if len(_PARSED) >= _MAX_PARSED:
            _PARSED.clear()
        _PARSED[(path, text)] = found
    return found

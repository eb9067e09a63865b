"""The commands a script runs inside a virtual machine through its front end: Lima's and
Colima's, with which container runtimes' projects test on macOS and other hosts.

- ``limactl shell [FLAGS] INSTANCE [--] COMMAND…`` runs the command in the instance (Lima's
  ``cmd/limactl/shell.go``: its flags end at the first operand, the instance);
- ``lima COMMAND…`` is ``limactl shell "$LIMA_INSTANCE" COMMAND…`` (Lima's ``cmd/lima``);
- ``nerdctl.lima``, ``docker.lima``, ``podman.lima``, ``kubectl.lima`` run that program so
  (Lima's ``cmd/*.lima``);
- ``colima nerdctl [--] ARGS…`` runs ``nerdctl ARGS…`` in Colima's VM, and ``colima ssh
  [--] COMMAND…`` (``exec``, ``x``) the command (Colima's ``cmd/nerdctl.go``, ``cmd/ssh.go``).

The images those commands pull are pulled in the VM, as surely as on the host: lima's
``hack/test-templates.sh`` runs ``limactl shell "$NAME" nerdctl pull IMAGE``, colima's CI
``colima nerdctl -- run --rm IMAGE uname -a``. Anything else (a flag not known here, no
command) says nothing: ``None``.
"""

from __future__ import annotations

__all__ = ["command_in_vm"]

#: ``limactl``'s own flags before its command that take a value, and ``shell``'s.
_LIMACTL_VALUES = frozenset({"--log-level", "--log-format"})
_SHELL_VALUES = frozenset({"--instance", "--shell", "--workdir", "--sync"})
_LIMACTL_FLAGS = frozenset({"--debug", "--tty", "-y", "--yes"})
_SHELL_FLAGS = frozenset({"--reconnect", "--preserve-env", "--start"})
#: Lima's wrappers of one program each.
_LIMA_PROGRAMS = frozenset({"nerdctl", "docker", "podman", "kubectl"})
#: Colima's flags before its command (``--profile`` takes a value), and its commands that
#: run something in the VM: ``nerdctl``'s (and aliases), ``ssh``'s.
_COLIMA_VALUES = frozenset({"-p", "--profile"})
_COLIMA_FLAGS = frozenset({"-v", "--verbose", "--very-verbose"})
_COLIMA_NERDCTL = frozenset({"nerdctl", "nerd", "n"})
_COLIMA_SSH = frozenset({"ssh", "exec", "x"})


def command_in_vm(words: list[str]) -> list[str] | None:
    """The command line ``words`` runs in a VM, when it is one of the front ends above.

    >>> command_in_vm(["limactl", "shell", "--workdir", "/", "default", "nerdctl", "pull", "a"])
    ['nerdctl', 'pull', 'a']
    >>> command_in_vm(["limactl", "shell", "--workdir=/", "k8s-0", "--", "kubectl", "get"])
    ['kubectl', 'get']
    >>> command_in_vm(["lima", "sudo", "nerdctl", "run", "a"]), command_in_vm(["lima"])
    (['sudo', 'nerdctl', 'run', 'a'], None)
    >>> command_in_vm(["nerdctl.lima", "run", "a"])
    ['nerdctl', 'run', 'a']
    >>> command_in_vm(["colima", "nerdctl", "--", "run", "a"])
    ['nerdctl', 'run', 'a']
    >>> command_in_vm(["colima", "ssh", "--", "docker", "pull", "a"])
    ['docker', 'pull', 'a']
    >>> command_in_vm(["colima", "start"]), command_in_vm(["limactl", "shell", "--new", "x"])
    (None, None)
    """
    if not words:
        return None
    program = words[0].rpartition("/")[2]
    if program == "limactl":
        return _limactl(words[1:])
    if program == "lima":
        return words[1:] if len(words) > 1 and not words[1].startswith("-") else None
    name, dot, suffix = program.partition(".")
    if dot and suffix == "lima" and name in _LIMA_PROGRAMS:
        return [name, *words[1:]]
    if program == "colima":
        return _colima(words[1:])
    return None


def _options_end(words: list[str], values: frozenset[str], flags: frozenset[str]) -> int | None:
    """Where the options ``words`` start with end (``None``: one not known here)."""
    index = 0
    while index < len(words) and words[index].startswith("-"):
        option, equals, _ = words[index].partition("=")
        if option in values and not equals:
            index += 2
        elif option in values or option in flags:
            index += 1
        else:
            return None
    return index


def _limactl(words: list[str]) -> list[str] | None:
    start = _options_end(words, _LIMACTL_VALUES, _LIMACTL_FLAGS)
    if start is None or start >= len(words) or words[start] != "shell":
        return None
    rest = words[start + 1 :]
    instance = _options_end(rest, _SHELL_VALUES, _SHELL_FLAGS)
    command = rest[instance + 1 :] if instance is not None else []
    if command[:1] == ["--"]:
        command = command[1:]  # (`limactl shell NAME -- kubectl …`, lima's k8s.bats)
    return command or None  # (none: a login shell)


def _colima(words: list[str]) -> list[str] | None:
    start = _options_end(words, _COLIMA_VALUES, _COLIMA_FLAGS)
    if start is None or start >= len(words):
        return None
    command, rest = words[start], words[start + 1 :]
    if command not in _COLIMA_NERDCTL and command not in _COLIMA_SSH:
        return None
    if "--" in rest:
        rest = rest[rest.index("--") + 1 :]
    elif any(word.startswith("-") for word in rest):
        return None  # (Colima's flags or the command's: without `--`, not told apart)
    if not rest:
        return None
    return ["nerdctl", *rest] if command in _COLIMA_NERDCTL else rest

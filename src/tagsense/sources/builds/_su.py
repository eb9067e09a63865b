"""The command ``su`` gives the other user's shell: an install script's steps run as a user.

``su [OPTIONS] [-] [USER [ARGUMENT…]]`` with ``-c COMMAND`` (``--command=COMMAND``,
``--session-command=COMMAND``) passes COMMAND to the user's shell with ``-c`` (util-linux's
``su(1)``), so the shell reads it as ``sh -c`` would. Its options may follow the user (GNU
``getopt`` permutes them): Submitty's ``install_system.sh`` pulls its grading images as its
daemon user with ``su -c 'docker pull submitty/autograding-default:latest' ${DAEMON_USER}``.

The options that take a value are util-linux's (``su-common.c``'s ``getopt_long`` string
``"c:fg:G:lmpPs:w:"``). Anything else (no ``-c``: ``su`` alone opens an interactive shell, or
runs the user's shell with ARGUMENTs that are not read here) says nothing: ``None``.
"""

from __future__ import annotations

__all__ = ["su_command"]

#: The short options that take a value, besides ``-c`` (the group, supplementary group,
#: shell and environment whitelist).
_VALUED = frozenset("gGsw")
#: The long options that take a value, besides the command's.
_LONG_VALUED = frozenset({"--group", "--supp-group", "--shell", "--whitelist-environment"})
#: The long options whose value is the command the shell runs.
_LONG_COMMAND = frozenset({"--command", "--session-command"})


def su_command(words: list[str]) -> str | None:
    """The command ``su WORDS…`` has the user's shell run with ``-c``, ``None`` without one.

    >>> su_command(["-c", "docker pull a:1", "daemon"])
    'docker pull a:1'
    >>> su_command(["-", "daemon", "-c", "docker pull a:1"])
    'docker pull a:1'
    >>> su_command(["-s", "/bin/bash", "-lc", "docker pull a:1", "u"])
    'docker pull a:1'
    >>> su_command(["--command=docker pull a:1", "u"]), su_command(["--login", "u"])
    ('docker pull a:1', None)
    >>> su_command(["-c"]), su_command([])
    (None, None)
    """
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        if word == "--":
            return None  # (what follows is the user and the shell's own arguments)
        name, equals, value = word.partition("=")
        if name in _LONG_COMMAND:
            if equals:
                return value
            return words[index] if index < len(words) else None
        if name in _LONG_VALUED and not equals:
            index += 1
            continue
        if word.startswith("--") or not word.startswith("-") or word == "-":
            continue  # (a long flag, the user, `-` for a login shell)
        for position, letter in enumerate(word[1:], start=1):
            if letter == "c" or letter in _VALUED:
                rest = word[position + 1 :]
                if not rest:
                    if index >= len(words):
                        return None
                    rest = words[index]
                    index += 1
                if letter == "c":
                    return rest
                break  # (the option's value: the rest of the word, or the next one)
    return None

"""The command ``ssh`` runs on the host it connects to: a deployment's remote half.

``ssh [OPTIONS] DESTINATION [COMMAND…]`` sends its operands after the destination, joined
by spaces, to the remote user's shell, which reads them as a command line (OpenSSH's
``ssh(1)``); with no command, that shell reads the commands ssh's standard input gives it
(a here-document: ``ssh HOST <<EOF … EOF``). A small project deploys so: nhatot-clone's
GitLab job runs ``ssh -i $SSH_KEY root@HOST "docker run … mysql:8.0 && docker run … redis:7.0-
alpine"``, and the images those commands run are pulled there, as surely as on the runner.

The options are OpenSSH's (``ssh.c``'s ``getopt`` string): those of :data:`_VALUED` take a
value, in the same word (``-p22``, ``-oStrictHostKeyChecking=no``) or the next one, the
others none; ``--`` ends them. Anything else (no destination, ``-N``, which runs nothing,
``-W``, which forwards) says nothing: ``None``.
"""

from __future__ import annotations

__all__ = ["remote_command"]

#: The options that take a value (``ssh.c``: ``"1246ab:c:e:fgi:kl:m:no:p:qstvx"
#: "AB:CD:E:F:GI:J:KL:MNO:P:Q:R:S:TVw:W:XYy"``).
_VALUED = frozenset("bceilmopBDEFIJLOPQRSwW")
#: The options that run no remote command: ``-N`` (forwarding only), ``-W`` (stdio to a
#: host), ``-O`` (a control command to the master), ``-Q`` (a query), ``-V`` (the version).
_NO_COMMAND = frozenset("NWOQV")


def remote_command(words: list[str]) -> list[str] | None:
    """The operands ``ssh WORDS…`` gives the remote shell as its command (``[]``: none, the
    remote shell reads ssh's input), ``None`` when it runs no command there.

    >>> remote_command(["-i", "key", "-oStrictHostKeyChecking=no", "root@h", "docker pull a"])
    ['docker pull a']
    >>> remote_command(["-p", "22", "-tt", "u@h", "docker", "run", "a"])
    ['docker', 'run', 'a']
    >>> remote_command(["u@h"]), remote_command(["-N", "-L", "1:h:2", "u@h"]), remote_command([])
    ([], None, None)
    """
    index = 0
    while index < len(words):
        word = words[index]
        if word == "--":
            index += 1
            break
        if not word.startswith("-") or word == "-":
            break
        for position, option in enumerate(word[1:], start=1):
            if option in _NO_COMMAND:
                return None
            if option in _VALUED:
                if position == len(word) - 1:
                    index += 1  # (its value is the next word)
                break
        index += 1
    if index >= len(words):
        return None  # (no destination)
    return words[index + 1 :]

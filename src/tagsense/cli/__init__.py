"""The ``tagsense`` command line: one module a command, over the library's own functions.

Exit codes: 0 all good, 1 findings (an invalid reference), 2 usage, configuration
or I/O error. Errors are one clear line (or a caret display) on stderr, never a
traceback. Only the invoked command's module is imported, and only its parser
built: a pre-commit run of ``tagsense check`` pays for nothing else.
"""

from __future__ import annotations

import sys

from .._version import __version__
from ._common import EXIT_ERROR, EXIT_OK, Formatter, Parser

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from types import ModuleType

__all__ = ["COMMANDS", "build_parser", "main"]

_DESCRIPTION = """\
tagsense knows what a container image reference means: it parses references
exactly as Docker does (registry, repository, tag, digest), normalises them
(redis is docker.io/library/redis) and says precisely what is wrong with a
bad one.
"""

#: The commands, in the order ``--help`` lists them: each a module of this package.
COMMANDS = ("parse", "explain", "refs", "check", "pin", "outdated", "rules")


def _module(command: str) -> ModuleType:
    # (__import__ rather than importlib: a one-file check should not import importlib.)
    name = f"{__name__}.{command}"
    __import__(name)
    return sys.modules[name]


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with ``only``, that command's alone (start-up is time)."""
    parser = Parser(
        prog="tagsense",
        description=_DESCRIPTION,
        formatter_class=Formatter,
        epilog="Run 'tagsense COMMAND --help' for a command's options and examples.",
    )
    parser.add_argument("--version", action="version", version=f"tagsense {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        if only is None or name == only:
            _module(name).add_parser(commands)
    return parser


def invoked(argv: Sequence[str]) -> str | None:
    """The command ``argv`` runs when it starts with one (else the full parser is needed)."""
    return argv[0] if argv and argv[0] in COMMANDS else None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    import gc

    # A command is one short process that keeps nearly all it allocates (its modules, the
    # scan): the cyclic collector's frequent passes over them free nothing and cost a tenth
    # of a one-file check. It runs rarely while the command runs (still often enough that a
    # long scan's cycles are freed; off, it saved no more), and as it was for a caller that
    # runs it in its own process; run as the command itself (no argv given), what is left at
    # exit is frozen: the interpreter's last collection need not walk it all.
    thresholds = gc.get_threshold()
    gc.set_threshold(100_000, 50, 1000)
    if argv is None:
        import atexit

        atexit.register(gc.freeze)
    try:
        return _run(sys.argv[1:] if argv is None else argv)
    finally:
        if argv is not None:
            gc.set_threshold(*thresholds)


def _run(argv: Sequence[str]) -> int:
    parser = build_parser(only=invoked(argv))
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    try:
        status: int = _module(args.command).run(args, parser)
        return status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error of ours.
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:  # an internal error: say so, never a traceback
        print(
            f"tagsense: internal error: {type(error).__name__}: {error}\n"
            "Please report it at https://github.com/tagsense/tagsense/issues",
            file=sys.stderr,
        )
        return EXIT_ERROR

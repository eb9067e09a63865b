"""What the commands share: exit codes, the parser's look, arguments, and output helpers.

Every command module (``parse``, ``explain``, ``refs``, ``check``, ``rules``)
has ``add_parser(commands)`` and ``run(args, parser) -> int``; only the one
invoked is imported. Commands only read arguments, call the library and print.
"""

from __future__ import annotations

import argparse
import os
import sys

from .._lazy import once

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from collections.abc import Sequence
    from typing import Any, TextIO

    from ..occurrence import Scan, SourceError
    from ..registry import Client
    from ..registry import Progress as BatchProgress

__all__ = [
    "EXIT_ERROR",
    "EXIT_FINDINGS",
    "EXIT_OK",
    "Formatter",
    "Parser",
    "Progress",
    "RegistryProgress",
    "add_build_arguments",
    "add_registry_arguments",
    "build_args",
    "iso_date",
    "os_reason",
    "print_source_errors",
    "registry_client",
    "scan",
    "short_digests",
    "use_color",
]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


class Formatter(argparse.RawDescriptionHelpFormatter):
    """argparse's formatter, sized without importing shutil (a pre-commit run pays for it)."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        super().__init__(prog, indent_increment, max_help_position, width or _width())


def _untranslated(message: str) -> str:
    return message


@once
def _width() -> int:
    # (argparse makes a formatter for each argument a parser is given: the terminal is
    # asked once)
    try:
        return os.get_terminal_size().columns - 2
    except (OSError, ValueError):
        return int(os.environ.get("COLUMNS", 80)) - 2


class Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # argparse's constructor names its headings and its --help through gettext
        # ("positional arguments", "options", "show this help message and exit"), and gettext
        # imports locale to look for a catalogue (each parser, each time): 5.1M instructions,
        # 3 % of a one-file check, for three strings no catalogue translates (Python ships
        # none for argparse; tagsense's own help is English). Built untranslated.
        names = vars(argparse)
        translate = names.get("_")
        if translate is None:  # (an argparse that names no gettext of its own)
            super().__init__(*args, **kwargs)
            return
        names["_"] = _untranslated
        try:
            super().__init__(*args, **kwargs)
        finally:
            names["_"] = translate

    def error(self, message: str) -> None:  # type: ignore[override]
        # Usage errors exit 2 with one line, as argparse does, plus a hint.
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message}\n")


def iso_date(text: str) -> datetime.date:
    """An ``--as-of`` value: a date written YYYY-MM-DD."""
    import datetime

    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def add_build_arguments(command: argparse.ArgumentParser, *, archives: bool = True) -> None:
    """The arguments of the commands that scan Dockerfiles: --build-arg, --target, --archives
    (not for the commands that ask registries about what is pulled: an archive is not)."""
    command.add_argument(
        "--build-arg",
        dest="build_args",
        action="append",
        default=[],
        type=_build_arg,
        metavar="NAME[=VALUE]",
        help="a build argument, as 'docker build --build-arg' (NAME alone: from the environment)",
    )
    command.add_argument(
        "--target", metavar="STAGE", help="the stage to build, as 'docker build --target'"
    )
    command.add_argument(
        "--values",
        dest="values_files",
        action="append",
        default=[],
        metavar="FILE",
        help="Helm charts: a values file, as 'helm template --values' (repeatable)",
    )
    command.add_argument(
        "--set",
        dest="set_values",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="Helm charts: a value, as 'helm template --set' (repeatable; after --values)",
    )
    command.add_argument(
        "--force-exclude",
        action="store_true",
        help="read the named files as a scan of the working directory finds them: none under "
        "vendor/ or node_modules/, a note for test data nothing uses (for pre-commit)",
    )
    if not archives:
        command.set_defaults(archives=False)
        return
    command.add_argument(
        "--archives",
        action="store_true",
        help="also read image archives found in directories (*.tar, *.tar.gz, *.tgz, OCI layouts)",
    )


def _build_arg(text: str) -> tuple[str, str | None]:
    name, equals, value = text.partition("=")
    if not name:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE or NAME: {text!r}")
    if not equals:  # as docker: the value of the environment variable, if it is set
        return name, os.environ.get(name)
    return name, value


def build_args(args: argparse.Namespace) -> dict[str, str]:
    """The ``--build-arg`` values that have one (``NAME`` alone with no such variable: none)."""
    return {name: value for name, value in args.build_args if value is not None}


def os_reason(error: OSError | UnicodeDecodeError) -> str:
    """Why a file could not be read, in a few words."""
    if isinstance(error, UnicodeDecodeError):
        return "not UTF-8 text"
    return error.strerror or str(error)


def use_color(stream: TextIO) -> bool:
    """Whether to colour output to ``stream`` (a terminal, and no ``NO_COLOR``)."""
    return _isatty(stream) and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def print_source_errors(errors: Sequence[SourceError], err: TextIO) -> None:
    """``path:line: message``, one a line, for input the real tool would reject."""
    color = use_color(err)
    red = "\033[31m" if color else ""
    reset = "\033[0m" if color else ""
    for error in errors:
        where = error.path or "<text>"
        if error.line is not None:
            where += f":{error.line}"
        note = "note: " if error.note else ""
        err.write(f"{red}{where}{reset}: {note}{error.message}\n")


#: Seconds a scan runs before a progress line appears (on a terminal).
PROGRESS_AFTER = 1.0


class Progress:
    """'scanning 120/5000 files' on a terminal's stderr, once a scan takes a while.

    Call it with (files done, files in all), as
    :func:`tagsense.sources.scan_paths` does; :meth:`finish` clears the line.
    """

    __slots__ = ("_active", "_last", "_start", "_stream")

    def __init__(self, stream: TextIO, *, quiet: bool = False) -> None:
        import time

        self._stream = stream
        self._active = not quiet and _isatty(stream)
        self._start = time.monotonic()
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if not self._active:
            return
        import time

        now = time.monotonic()
        if now - self._start < PROGRESS_AFTER or now - self._last < 0.1:
            return
        self._last = now
        self._stream.write(f"\rtagsense: scanning {done}/{total} files…")
        self._stream.flush()

    def finish(self) -> None:
        if self._last:
            self._stream.write("\r\033[K")
            self._stream.flush()


def add_registry_arguments(command: argparse.ArgumentParser) -> None:
    """The arguments of the commands that ask registries: --offline, --refresh."""
    group = command.add_argument_group("registry access")
    group.add_argument(
        "--offline",
        action="store_true",
        help="answer from the cache alone (earlier answers, however old); no network",
    )
    group.add_argument(
        "--refresh",
        action="store_true",
        help="ask the registries again, whatever the cache holds (and update it)",
    )


def registry_client(args: argparse.Namespace, progress: RegistryProgress | None = None) -> Client:
    """The registry client of a command's arguments (cache, --offline, --refresh, progress)."""
    from ..registry import Client

    return Client(
        offline=getattr(args, "offline", False),
        refresh=getattr(args, "refresh", False),
        progress=progress,
    )


class RegistryProgress:
    """'asking registries 3/10 (ghcr.io: 1.2 s)' on a terminal's stderr while registries answer.

    Given to a registry client as its ``progress``; shown after
    :data:`PROGRESS_AFTER` seconds, not with ``quiet``, not when stderr is not a
    terminal. :meth:`finish` clears the line.
    """

    __slots__ = ("_active", "_last", "_start", "_stream")

    def __init__(self, stream: TextIO, *, quiet: bool = False) -> None:
        import time

        self._stream = stream
        self._active = not quiet and _isatty(stream)
        self._start = time.monotonic()
        self._last = 0.0

    def __call__(self, progress: BatchProgress) -> None:
        if not self._active or progress.total == 0:
            return
        import time

        now = time.monotonic()
        if now - self._start < PROGRESS_AFTER or now - self._last < 0.1:
            return
        self._last = now
        self._stream.write(f"\r\033[Ktagsense: asking registries {progress}…")
        self._stream.flush()

    def finish(self) -> None:
        if self._last:
            self._stream.write("\r\033[K")
            self._stream.flush()
            self._last = 0.0


def short_digests(text: str) -> str:
    """``text`` with each sha256 digest cut to 12 hex digits and an ellipsis (for people).

    >>> short_digests("redis:7@sha256:" + "4e7d" * 16)
    'redis:7@sha256:4e7d4e7d4e7d…'
    """
    import re

    return re.sub(r"(sha256:[0-9a-f]{12})[0-9a-f]{52}", r"\1…", text)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def scan(
    args: argparse.Namespace,
    paths: Sequence[str],
    *,
    quiet: bool = False,
    own_images: str | None = None,
) -> tuple[Scan, int]:
    """The command line's paths through :func:`tagsense.sources.scan_paths`, and a status;
    ``own_images``: ``--config``'s ``own-images`` (``None``: each file's configuration's).

    The status is EXIT_ERROR when a named path does not exist (an error of its
    own) or a file hit a bug of ours (the scan goes on), else EXIT_OK. A
    progress line shows on a terminal once the scan takes a while.
    """
    import os

    from ..occurrence import Scan, SourceError
    from ..sources import scan_paths

    existing = [path for path in paths if os.path.exists(path)]
    missing = [
        SourceError(path, None, "no such file or directory")
        for path in paths
        if path not in existing
    ]
    progress = Progress(sys.stderr, quiet=quiet)
    try:
        found = scan_paths(
            existing,
            build_args=build_args(args),
            target=args.target,
            archives=args.archives,
            values_files=args.values_files,
            set_values=args.set_values,
            progress=progress,
            force_exclude=args.force_exclude,
            own_images=own_images,
        )
    finally:
        progress.finish()
    failed = missing or any(error.internal for error in found.errors)
    if missing:
        found = Scan(found.occurrences, (*missing, *found.errors), found.suppressions)
    return found, EXIT_ERROR if failed else EXIT_OK

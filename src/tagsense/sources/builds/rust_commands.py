"""Rust's ``std::process::Command`` (and tokio's): the engine commands a Rust source runs.

A Rust test or tool that runs ``docker`` or ``podman`` itself makes a command of it and gives
it its words: apache/iggy's connector fixtures create their buckets with
``Command::new("docker").args(["run", "--rm", …, "minio/mc", …])``, sccache's OAuth test starts
``selenium/standalone-chrome-debug:3.14.0`` from an array it names first. A source whose
command is ``Command::new("docker")`` (``"podman"``; ``std::process::`` or
``tokio::process::`` before it) is read for the words its calls give:

* ``.arg(WORD)`` and ``.args([WORD, …])`` chained to it (``&[…]``, ``vec![…]``, or a name the
  file binds once to such an array with ``let``), and the same calls of a name it is bound
  to (``let mut cmd = Command::new("docker"); cmd.args([…]);``), statement by statement,
  until a statement that is not a call of that name;
* a word is a string literal, or a constant the file declares with one; anything else
  (``&format!(…)``, a parameter) is a run's.

A ``run``, ``create`` or ``pull`` gives its image as a shell script's command does (kind
``shell``, ``tool`` ``std::process``, ``engine``, ``verb``), when the words say it: an image a
run decides is not reported, nor one the source builds itself (``.args(["build", "-t",
DIST_IMAGE, "-"])``: sccache's test harness). ``.rust`` reads the sources.

>>> from tagsense.sources.builds._rust_source import without_comments
>>> text = 'Command::new("docker").args(["run", "--rm", "minio/mc", &name]).output();'
>>> [(o.text, o.line, o.column) for o in command_pulls(text, without_comments(text), None)]
[('minio/mc', 1, 46)]
"""

from __future__ import annotations

from types import MappingProxyType

from ..._lazy import lazy_pattern
from ._rust_source import constants, elements
from ._source_code import literal_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from ...occurrence import Occurrence
    from ._shell_values import ShellPull
    from ._source_code import Written

__all__ = ["TOOL", "command_pulls", "runs_engine"]

#: The tool named in the occurrences' context.
TOOL = "std::process"

#: What a pull adds to its context (nothing: the tool, engine and verb are there).
_NO_CONTEXT: Mapping[str, object] = MappingProxyType({})


def runs_engine(code: str) -> bool:
    """Whether ``code`` makes a command of an engine (a quick look)."""
    return _MADE.search(code) is not None


def command_pulls(text: str, code: str, path: str | None) -> list[Occurrence]:
    """The images the commands ``code`` (``text`` without its comments) makes run or pull."""
    if "Command" not in code or not runs_engine(code):
        return []
    from .shell import pulls_scan

    known = constants(code)
    pulls = [(pull, _NO_CONTEXT) for pull in _pulls(code, known)]
    return list(pulls_scan(path, text.split("\n"), TOOL, pulls).occurrences)


def _pulls(code: str, known: Mapping[str, Written]) -> Iterator[ShellPull]:
    from ._engine_commands import engine_command, pull_command

    pulls: list[ShellPull] = []
    built: set[str] = set()
    for made in _MADE.finditer(code):
        words, last = _chained(code, made.end(), known)
        bound = made["bound"]
        if words is not None and bound is not None:
            words, last = _calls_of(code, bound, last, words, known)
        if not words:
            continue  # (none, or a slice whose words are not known)
        line, engine = code.count("\n", 0, made.start()) + 1, made["engine"]
        pulls += pull_command(engine, words, line, code.count("\n", 0, last) + 1)
        build = engine_command(engine, words, line)
        built.update(build.names if build is not None else ())
    # (an image the source builds, `docker build -t NAME`, is run from the engine's store)
    yield from (pull for pull in pulls if _repository(pull.image) not in built)


def _repository(image: str) -> str:
    """An image's name without its tag or digest."""
    name = image.partition("@")[0]
    head, _, last = name.rpartition("/")
    return f"{head}/{last.partition(':')[0]}" if head else last.partition(":")[0]


def _chained(code: str, index: int, known: Mapping[str, Written]) -> tuple[list[str] | None, int]:
    """The words of the ``.arg``/``.args`` calls chained from ``index`` (other calls of the
    chain skipped; ``None`` when one is given words not known), and where the chain ends."""
    words: list[str] = []
    while True:
        call = _METHOD.match(code, index)
        if call is None:
            return words, index
        arguments, close = elements(code, call.end() - 1)
        if call["method"] == "arg":
            words.extend(_word(text, known) for text, _ in arguments[:1])
        elif call["method"] == "args":
            given = _array(code, arguments[0][0] if arguments else "", index, known)
            if given is None:
                return None, close + 1
            words.extend(given)
        index = close + 1


def _calls_of(
    code: str, name: str, index: int, words: list[str], known: Mapping[str, Written]
) -> tuple[list[str] | None, int]:
    """``words`` and those the statements after ``index`` that call ``name``
    (``cmd.args([…]);``) give, up to the first statement that does not."""
    import re

    statement = re.compile(rf"\s*;?\s*{re.escape(name)}(?=\s*\.)")
    while True:
        found = statement.match(code, index)
        if found is None:
            return words, index
        more, end = _chained(code, found.end(), known)
        if more is None:
            return None, end
        if end == found.end():
            return words, index
        words = words + more
        index = end


def _array(code: str, given: str, before: int, known: Mapping[str, Written]) -> list[str] | None:
    """The words of the array an ``.args(…)`` is given, written there or bound once before it
    with ``let`` (``None`` for anything else: a slice whose words are not known)."""
    import re

    if _ARRAY_START.match(given):
        return [_word(text, known) for text, _ in elements(given, given.index("["))[0]]
    name = re.fullmatch(r"&?\s*([a-z_]\w*)", given)
    if name is None:
        return None
    bindings = list(re.finditer(rf"\blet\s+{name[1]}\s*(?::[^=;]*)?=\s*", code[:before]))
    if len(bindings) != 1 or not _ARRAY_START.match(code, bindings[0].end()):
        return None
    opening = code.index("[", bindings[0].end())
    return [_word(text, known) for text, _ in elements(code, opening)[0]]


def _word(text: str, known: Mapping[str, Written]) -> str:
    """A word a call is given: a literal's text, a constant's, else a run's."""
    from ._shell_values import UNKNOWN

    if text.startswith('"') and text.endswith('"') and len(text) > 1:
        written = literal_text(text, 0)
        return written[0] if written is not None else UNKNOWN
    written = known.get(text)
    return written[0] if written is not None else UNKNOWN


_MADE = lazy_pattern(
    r"(?:\blet\s+(?:mut\s+)?(?P<bound>[a-z_]\w*)\s*(?::[^=;]*)?=\s*)?"
    r"(?:(?:std|tokio)\s*::\s*process\s*::\s*)?\bCommand\s*::\s*new\s*\(\s*"
    r'"(?P<engine>docker|podman)"\s*\)'
)


_METHOD = lazy_pattern(r"\s*\.\s*(?P<method>[a-z_]\w*)\s*(?:::\s*<[^>]*>\s*)?\(")


_ARRAY_START = lazy_pattern(r"&?\s*(?:vec\s*!\s*)?\[")

"""A code checker's own test inputs: the files its rules and parsers are tested on.

A tool that checks code in many languages keeps what its tests read in one directory per
language: semgrep/semgrep's ``tests/parsing/dockerfile/`` and ``tests/patterns/dockerfile/``
sit beside ``tests/patterns/python/``, ``go/``, ``java/``…, and its pattern tests match each
``X.dockerfile`` with the ``X.sgrep`` beside it. A rule's test target lies beside the rule
(``semgrep --test``: ``tests/rules/compare-exposed-port.dockerfile`` beside the rule
``compare-exposed-port.yaml``; the semgrep-rules registries keep each rule so). Nothing
builds or deploys such a file: its images are nobody's pulls (survey 30m: 37 of semgrep's 41
false findings).
"""

from __future__ import annotations

import functools
import os

__all__ = ["language_corpus", "names_in", "rule_test_target"]

#: The names of a directory that holds one language's files, for the kinds of files tagsense
#: reads (lower case): a Dockerfile's, a YAML file's.
_FORMAT_NAMES = {
    "dockerfile": frozenset({"dockerfile", "dockerfiles", "docker", "containerfile"}),
    "yaml": frozenset({"yaml", "yml"}),
}
#: Directory names that name a programming language, as polyglot tools name their corpora
#: (lower case). Four of them beside a format's directory make a corpus of languages.
_LANGUAGES = frozenset(
    {"python", "py", "go", "golang", "java", "js", "javascript", "ts", "typescript", "ruby",
     "rb", "php", "c", "cpp", "c++", "csharp", "cs", "c#", "rust", "rs", "kotlin", "kt",
     "scala", "swift", "ocaml", "haskell", "hs", "lua", "perl", "r", "dart", "elixir", "ex",
     "erlang", "clojure", "julia", "bash", "shell", "sh", "powershell", "html", "css", "xml",
     "json", "jsonnet", "toml", "hcl", "terraform", "sql", "markdown", "solidity", "groovy",
     "fsharp", "zig", "nim", "elm", "vue", "svelte", "apex", "cobol", "fortran", "lisp",
     "scheme", "racket", "objc", "objective-c", "vb", "vbnet", "matlab", "verilog", "vhdl",
     "protobuf", "proto", "graphql"}
)  # fmt: skip
_LANGUAGES_BESIDE = 4
#: What a semgrep rule file holds (a YAML ``rules:`` list whose rules name their languages).
_RULE_MARKS = ("rules:", "languages:", "id:")
_PATTERN_EXTENSIONS = (".sgrep",)
_RULE_EXTENSIONS = (".yaml", ".yml")


def language_corpus(path: str, format_name: str) -> str | None:
    """The directory of ``path`` (as ``path`` names it) that holds one language's files of a
    polyglot tool's tests: named for ``format_name``'s language (``dockerfile``, ``yaml``),
    with at least four directories beside it named for other languages; else ``None``."""
    names = _FORMAT_NAMES[format_name]
    parts = os.path.normpath(path).split(os.sep)[:-1]
    for index in range(len(parts) - 1, 0, -1):
        if parts[index].lower() not in names:
            continue
        parent = os.sep.join(parts[:index]) or os.sep
        languages = sum(
            1
            for name in names_in(parent)
            if name.lower() in _LANGUAGES and os.path.isdir(os.path.join(parent, name))
        )
        if languages >= _LANGUAGES_BESIDE:
            return os.sep.join(parts[: index + 1])
    return None


def rule_test_target(path: str) -> str | None:
    """The rule or pattern beside ``path`` that tests a checker on it (``X.sgrep``, or a
    semgrep rule file ``X.yaml``, for ``X.dockerfile``), as ``path`` names it; else ``None``."""
    directory, name = os.path.split(path)
    stem = name.partition(".")[0]
    if not stem:
        return None
    beside = names_in(directory or os.curdir)
    for extension in _PATTERN_EXTENSIONS:
        if stem + extension in beside:
            return os.path.join(directory, stem + extension)
    for extension in _RULE_EXTENSIONS:
        rule = os.path.join(directory, stem + extension)
        if stem + extension in beside and stem + extension != name and _is_rule_file(rule):
            return rule
    return None


@functools.lru_cache(maxsize=512)
def names_in(directory: str) -> frozenset[str]:
    """The names in a directory (one listing for all the files a scan reads there, until
    ``.context.forget`` starts the next scan afresh), none when it cannot be listed."""
    try:
        return frozenset(os.listdir(directory))
    except OSError:
        return frozenset()


def _is_rule_file(path: str) -> bool:
    """Whether a YAML file is a semgrep rule file, by its first lines."""
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            head = file.read(4096)
    except OSError:
        return False
    return head.lstrip().startswith("rules:") and all(mark in head for mark in _RULE_MARKS)

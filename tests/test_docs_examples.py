"""The examples in the README, the docs and the docstrings run, and say what they show."""

from __future__ import annotations

import doctest
import importlib
import re
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^(?P<indent>[ ]*)```pycon\n(?P<body>.*?)^(?P=indent)```", re.M | re.S)


def _modules() -> list[str]:
    import pkgutil

    import tagsense

    names = ["tagsense"]
    for module in pkgutil.walk_packages(tagsense.__path__, "tagsense."):
        if module.name != "tagsense.__main__":
            names.append(module.name)
    return sorted(names)


#: Every module of the package: each docstring example runs.
MODULES = _modules()


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_pycon_blocks_in_markdown(page: Path) -> None:
    text = page.read_text()
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    namespace: dict[str, object] = {}
    for match in FENCE.finditer(text):
        line = text[: match.start()].count("\n") + 1
        body = textwrap.dedent(match.group("body"))
        test = parser.get_doctest(body, namespace, f"{page.name}:{line}", str(page), line)
        runner.run(test, clear_globs=False)
        namespace = test.globs
    result = runner.summarize(verbose=False)
    assert result.failed == 0
    assert result.attempted >= len(FENCE.findall(text))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    source = Path(module.__file__ or "").read_text()
    # A module that shows examples runs them all (none is hidden from doctest).
    assert (result.attempted > 0) == (">>> " in source)


CHECK_EXAMPLES = "$ tagsense check --as-of 2026-11-28 examples/"
TRANSCRIPT = re.compile(
    r"^```console\n" + re.escape(CHECK_EXAMPLES) + r"\n(?P<output>.*?)^```", re.M | re.S
)


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_the_check_of_the_examples_shows_what_the_check_prints(
    page: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The README's first example (and the pages that repeat it) is what a user sees first.
    shown = [match.group("output") for match in TRANSCRIPT.finditer(page.read_text())]
    if not shown:
        return
    from tagsense.cli import main

    monkeypatch.chdir(ROOT)
    main(CHECK_EXAMPLES.split()[2:])
    printed = capsys.readouterr().out
    assert shown == [printed] * len(shown)

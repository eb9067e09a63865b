"""Test code in a directory named for test data: the fixtures that start containers.

``fixtures`` names two things: a test's input data (what ``.testdata`` leaves unread), and,
in pytest, the functions that set up what a test needs. SigNoz/signoz's
``tests/fixtures/`` is a Python package (``__init__.py``) whose modules its
``conftest.py`` loads as ``pytest_plugins``; ``fixtures/postgres.py`` starts
``PostgresContainer(image=f"postgres:{version}")`` for every integration run (9 images
unread as "test data", survey 38e). Code that starts containers there runs, so its
images are pulled:

- a Python module in a package (an ``__init__.py`` beside it), or a ``conftest.py``:
  pytest imports it, it is not read as text;
- a Go file outside ``testdata``: the go tool compiles every directory of a module but
  ``testdata`` (and those named with a leading ``.`` or ``_``), so ``fixtures/*.go`` is
  part of a package (``go help packages``);
- a Java, Kotlin, Groovy or Scala file below ``src/test/``: Maven and Gradle compile the
  test sources of that tree (``src/test/resources`` is data, ``.testdata`` keeps it).

A file of another language, or of these elsewhere (Jest's ``__fixtures__/*.js``), stays
test data.
"""

from __future__ import annotations

import os

__all__ = ["is_test_code"]

#: The suffixes of the JVM languages whose test sources Maven and Gradle compile.
_JVM_SUFFIXES = (".java", ".kt", ".groovy", ".scala")


def is_test_code(path: str) -> bool:
    """Whether ``path``, a source file that runs containers (kind ``build``) below a
    test-data directory, is code the tests run rather than their input (see the module)."""
    directory = os.path.dirname(path) or os.curdir
    parts = [part.lower() for part in os.path.normpath(path).split(os.sep)[:-1]]
    if path.endswith(".py"):
        return os.path.basename(path) == "conftest.py" or os.path.isfile(
            os.path.join(directory, "__init__.py")
        )
    if path.endswith(".go"):
        return not any(
            part == "testdata" or (part not in (os.curdir, os.pardir) and part[:1] in ("_", "."))
            for part in parts
        )
    if path.endswith(_JVM_SUFFIXES):
        return (
            any(parts[index : index + 2] == ["src", "test"] for index in range(len(parts) - 1))
            and "resources" not in parts
        )
    return False

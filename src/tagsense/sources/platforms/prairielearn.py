"""PrairieLearn questions (``questions/…/info.json``): the images its graders and workspaces run.

A PrairieLearn course is a repository the server syncs; each question is a directory under
``questions/`` with an ``info.json``. Two of its settings name a Docker Hub image that
PrairieLearn pulls (``docker.pull``) before it starts a container:

* ``externalGradingOptions.image``, the grader of a question whose ``gradingMethod`` is
  ``"External"`` ("the question needs to be set to use the 'External' grading method",
  PrairieLearn's ``docs/externalGrading.md``);
* ``workspaceOptions.image``, the image serving a workspace question's IDE
  (``docs/workspaces/index.md``).

Each is read as written (kind ``prairielearn``, ``context`` ``field``); nothing else of the
file is read, and a file that is not JSON gives nothing. An image with no tag is pulled as
``latest``, as Docker pulls it (PrairieLearn/PrairieLearn's ``exampleCourse`` names
``prairielearn/grader-python`` so in 21 questions).
"""

from __future__ import annotations

import os

from ...occurrence import Occurrence, Scan
from .._jsonc import Value, get, parse_jsonc

__all__ = ["KIND", "QUICK", "is_question_path", "scan_question"]

KIND = "prairielearn"
#: What a question that runs a container says (any one of them), looked for before parsing.
QUICK = (b'"externalGradingOptions"', b'"workspaceOptions"')
_NAME = "info.json"
_QUESTIONS = "questions"
#: No value (a missing setting).
_NONE = Value("null", 0, 0)


def is_question_path(path: str) -> bool:
    """An ``info.json`` in a ``questions`` directory (at any depth below it): a question's."""
    parts = os.path.normpath(path).split(os.sep)
    return parts[-1] == _NAME and _QUESTIONS in parts[:-2]


def scan_question(text: str, path: str | None = None) -> Scan:
    """The images a question's external grader and workspace run (see the module). Never
    raises."""
    parsed = parse_jsonc(text, path=path)
    root = parsed.value
    if parsed.error is not None or root is None:
        return Scan((), ())
    external = (get(root, "gradingMethod") or _NONE).text == "External"
    occurrences: list[Occurrence] = []
    for key, used in (("externalGradingOptions", external), ("workspaceOptions", True)):
        image = get(get(root, key), "image")
        written = image.text if image is not None and used else None
        if image is None or not written:
            continue
        occurrences.append(
            Occurrence.of_text(
                path=path, line=image.line, column=image.column, kind=KIND, raw=written,
                text=written, context={"field": f"{key}.image"},
            )
        )  # fmt: skip
    return Scan(occurrences, ())

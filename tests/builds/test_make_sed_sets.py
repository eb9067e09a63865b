"""A ``sed`` that a Makefile's ``$(shell …)`` runs: the sets of its pattern (POSIX bracket
expressions) read as sed reads them. A ``[`` in a set is a plain character (the shell idiom
that escapes a text for sed, ``s/\\([[\\/.*]\\|\\]\\)/\\\\&/g``, in xwiki-docker's entrypoint,
made Python print "FutureWarning: Possible nested set" on every run of tagsense, survey
46b); ``[:blank:]`` is a space or a tab (it matched a backslash and a ``t`` too).
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

from tagsense.sources.builds.make import scan_makefile

if TYPE_CHECKING:
    from pathlib import Path

MAKEFILE = """\
IMAGE := $(shell echo 'alpine:latest ' | sed -e 's/[[:blank:]]*$$//')
SAFE := $(shell echo 'busybox:1.37.0' | sed -e 's/\\([[\\/*]\\|\\]\\)/\\\\&/g')
pull:
\tdocker pull $(IMAGE)
\tdocker pull $(SAFE)
"""


def test_a_sed_set_is_read_as_sed_reads_it(tmp_path: Path) -> None:
    makefile = tmp_path / "Makefile"
    makefile.write_text(MAKEFILE)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # (no FutureWarning from Python's own set syntax)
        scan = scan_makefile(str(makefile))
    assert [(o.line, o.text) for o in scan] == [(4, "alpine:latest"), (5, "busybox:1.37.0")]

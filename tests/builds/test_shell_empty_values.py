"""An empty value that nothing in the script sets again is empty for good: unquoted, it is no
word (survey s48c, Azure/iotedge: 5 missed images).

iotedge's ``edgelet/build/linux/package.sh`` says ``DOCKER_VOLUME_MOUNTS=''`` at its top and
never sets it again, then runs ``docker run --rm … $DOCKER_VOLUME_MOUNTS "$DOCKER_IMAGE" sh -c
"…"``. An empty value is otherwise taken for a placeholder that a run fills in (an option's
case arm, ``read``, a function: GNOME/glib's ``base=""``), whose words may be options or the
image, so the command was skipped.
"""

from __future__ import annotations

import pytest

from tagsense.sources.builds.shell import ShellReader


def pulls(text: str) -> list[tuple[int, str]]:
    reader = ShellReader(pulls=True)
    reader.read(text)
    assert reader.pulls is not None
    return sorted({(pull.line, pull.image) for pull in reader.pulls})


@pytest.mark.parametrize("empty", ["''", '""', ""])
def test_an_empty_value_set_once_is_no_word(empty: str) -> None:
    text = (
        f"MOUNTS={empty}\n"
        "case \"$OS\" in\n  a) IMAGE='redhat/ubi8:latest' ;;\n  b) IMAGE='debian:12' ;;\nesac\n"
        'docker run --rm -i \\\n  $MOUNTS \\\n  "$IMAGE" sh -c ". ~/.cargo/env && make"\n'
    )
    assert pulls(text) == [(6, "debian:12"), (6, "redhat/ubi8:latest")]


@pytest.mark.parametrize(
    "later",
    [
        '[ -n "$X" ] && MOUNTS="$(get_mounts)"',  # (set again to what a run says)
        "read -r MOUNTS",
        "printf -v MOUNTS '%s' -d",
        ". ./settings.sh",  # (a sourced file may set it)
        'eval "$SETTINGS"',
    ],
)
def test_an_empty_value_something_may_set_again_is_a_run_s(later: str) -> None:
    text = f"MOUNTS=''\n{later}\ndocker run --rm $MOUNTS alpine:3.20 sh\n"
    assert pulls(text) == []


def test_a_dot_that_sources_nothing_leaves_the_value_empty() -> None:
    # (`find . -name`, a build's `.` context: no file sourced)
    text = (
        "MOUNTS=''\nfind . -name '*.deb'\ndocker build -t x . && true\n"
        "docker run --rm $MOUNTS alpine:3.20 sh\n"
    )
    assert pulls(text) == [(4, "alpine:3.20")]

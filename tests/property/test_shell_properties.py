"""Shell text and Makefiles of any shape: reading them never raises, and what is kept is a name.

:class:`ShellReader` reads scripts and recipes tagsense did not write (every ``*.sh`` and
Makefile around a checked file): whatever the text, it gives builds or nothing, never an
exception, and every name it keeps is one :func:`name_pattern` keeps: a valid name, or a
pattern whose first component is written out.
"""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from tagsense.occurrence import parse_or_error
from tagsense.sources.builds._shell_values import UNKNOWN, name_pattern
from tagsense.sources.builds.make import MakeReader
from tagsense.sources.builds.shell import ShellReader

#: Pieces of shell that matter to the reader, to be glued in any order.
FRAGMENTS = [
    "docker", "podman", "buildah", "bud", "build", "buildx", "image", "tag", " ", " -t ",
    "--tag=", "-f", "acme/app", "ghcr.io/", ":1.0", ".", "/", "$X", "${X}", "${X:-a/b}", "${",
    "$(", ")", "(", "`", "'", '"', "\\", "\\\n", "\n", "#", ";", "&&", "||", "|", "&", ">",
    "2>&1", "<<EOF\n", "<<-'E'\n", "EOF\n", "X=", "export ", "sudo -E ", "sh -c ", "env A=1 ",
    "$$", "$(DOCKER)", "$(shell x)", "$@", "%", ":", "=", "?=", ":=", "\t", "ifeq (a,b)\n",
    "endif\n", "define D\n", "endef\n", "include ", UNKNOWN, "\ue002", "\r", "compose", " up",
    "docker-compose", " --env-file ", " --project-directory ", "if ", "then ", "else ", "fi",
    "$(call f,", ",", "$(1)", "make -C ", "make -f ", "$(MAKE) ", "$(CURDIR)", "A=b ",
]  # fmt: skip
shellish = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join) | st.text(max_size=80)


def _kept(name: str) -> bool:
    """A name the reader may keep: valid, or a pattern with its first component written out."""
    if "*" not in name:
        return parse_or_error(name)[0] is not None
    return name_pattern(name.replace("*", UNKNOWN)) == name


@given(shellish, st.integers(min_value=1, max_value=10_000))
@example("docker build -t acme/$X \\\n", 1)
@example("$(DOCKER) build -t '", 1)
@example("docker build -t ${X:-${Y:-a}}/b .", 1)
@example("docker build", 1)  # (a build with no name: its Dockerfile's pulls still count)
def test_a_script_reads_without_raising_and_keeps_only_names(text: str, line: int) -> None:
    lines = text.count("\n") + 1
    reader = ShellReader()
    for build in reader.read(text, line):
        assert line <= build.line < line + lines
        assert all(_kept(name) for name in build.names)
    assert all(line <= found.line < line + lines for found in reader.composes)


@given(shellish)
@example("A = $(A)$(A)\nb:\n\tdocker build -t acme/$(A) .\n")
@example("b:\n\t$(DOCKER) build -t acme/app \\\n")
@example("define X\n")
@example("f = $(call f,$(1)$(1))\nb:\n\tdocker build -t acme/$(call f,x) .\n")
@example("b:\n\t$(call f,$(call g,x)\n\tmake -C 'sub\n\t$(MAKE) -f\n")
def test_a_makefile_reads_without_raising_and_keeps_only_names(text: str) -> None:
    reader = MakeReader()
    reader.parse(text, None)
    # (with a root no Makefile is under: each `make` command is read, none followed)
    for _, _directory, builds, _composes, _charts in reader.builds("/nonexistent-root"):
        assert all(_kept(name) for build in builds for name in build.names)


PULL_FRAGMENTS = [
    *FRAGMENTS, "run", "pull", "create", "container", " --rm ", " -v ", " -e ", " -it ", " -w ",
    "--name=x ", "--", "alpine:3.20", "$IMAGE", "${{ matrix.x }}",
]  # fmt: skip
pullish = st.lists(st.sampled_from(PULL_FRAGMENTS), max_size=40).map("".join) | st.text(max_size=80)


@given(pullish, st.integers(min_value=1, max_value=10_000))
@example("docker run -it alpine:3.20 \\\n", 1)
@example("X=$(docker create $(", 1)
@example("docker run --rm -v", 1)
def test_pulls_read_without_raising_and_are_known_references(text: str, line: int) -> None:
    reader = ShellReader(pulls=True)
    reader.read(text, line)
    lines = text.count("\n") + 1
    for pull in reader.pulls or ():
        assert line <= pull.line <= pull.last_line < line + lines
        assert UNKNOWN not in pull.image and "$" not in pull.image
        assert parse_or_error(pull.image)[0] is not None


@given(pullish)
@example("A = $(A)$(A)\nb:\n\tdocker run acme/$(A) .\n")
@example("b:\n\t$(DOCKER) run -it \\\n")
def test_a_makefile_s_pulls_read_without_raising(text: str) -> None:
    reader = MakeReader()
    reader.parse(text, None)
    for _, pull in reader.pulls():
        assert parse_or_error(pull.image)[0] is not None

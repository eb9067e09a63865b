"""The repositories a GitLab pipeline's jobs build and name with variables only a run has,
as written.

GitLab's documentation has a pipeline build its own job images into its project's registry
(``docker build -t $CI_REGISTRY_IMAGE/builder:latest``) and later jobs run them
(``image: $CI_REGISTRY_IMAGE/builder:latest``). No name is known here, but within the
pipeline the same text is the same image: GitLab's predefined variables (``$CI_REGISTRY``,
``$CI_PROJECT_PATH``, ``$CI_REGISTRY_IMAGE``) have one value for every job of a pipeline.
So a repository a job's command tags, written with the pipeline's own variables put in and
a run's left as written (baserow's ``CI_UTIL_IMAGE: $CI_REGISTRY/$PROJECT_PATH_FOR_CI_UTIL_IMAGE
/ci/ci_util_image:latest`` with ``PROJECT_PATH_FOR_CI_UTIL_IMAGE: $CI_PROJECT_PATH``, then
``docker build -t $CI_UTIL_IMAGE .``), is the project's build wherever the pipeline names an
image whose text, before its tag, is the same.

Only a repository that cannot be another project's is kept: its own last name is written
out (``$CI_REGISTRY/$CI_PROJECT_PATH/ci/ci_util_image``), or every variable in it is one of
GitLab's ``CI_`` variables (``$CI_REGISTRY_IMAGE``), which a job cannot mean for another
project. The commands read are ``docker``, ``podman``, ``nerdctl`` and ``buildah`` builds
and tags (``-t``, ``--tag``; ``tag SOURCE TARGET``), Kaniko's ``--destination`` and the
image outputs of BuildKit's ``buildctl build`` (``--output type=image,name=NAME``); a
script's own simple assignments (``export TAG="$CI_REGISTRY_IMAGE/ci-$NAME:latest"``) are
put in, in order.
"""

from __future__ import annotations

import functools
import shlex

from ..._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Callable, Sequence

    from ..project import BuiltImage
    from ._shell import Session

__all__ = ["pipeline_repository", "tagged_as_written"]

#: The programs whose build and tag commands are read, and their verbs that tag.
_ENGINES = frozenset({"docker", "podman", "nerdctl", "buildah"})
_VERBS = frozenset({"build", "buildx", "bud", "tag", "image"})
#: BuildKit's client, alone or with a daemon of its own (moby/buildkit's rootless image,
#: kubernetes-sigs/kubespray's ``pipeline-image`` job).
_BUILDCTL = frozenset({"buildctl", "buildctl-daemonless.sh"})
_ASSIGNMENT = lazy_pattern(r"(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)")
_VARIABLE = lazy_pattern(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")


def tagged_as_written(
    session: Session, expand: Callable[[str], str], tool: str = "gitlab"
) -> list[BuiltImage]:
    """The repositories ``session``'s commands tag whose text a run fills in, as written
    (``expand``: the job's variables put in, a run's left as written), each at its line.

    >>> from tagsense.sources.ci._shell import Script, Session
    >>> script = Script(".gitlab-ci.yml", 9, "docker build -t $CI_REGISTRY_IMAGE/ci:$TAG .")
    >>> [image.name for image in tagged_as_written(Session({}, [script]), lambda text: text)]
    ['$CI_REGISTRY_IMAGE/ci']
    """
    from ...occurrence import BuildSite
    from ..project import BuiltImage

    found: list[BuiltImage] = []
    assigned: dict[str, str] = {}
    for script in session.scripts:
        for offset, line, words in _commands(script.text):
            assignment = _ASSIGNMENT.fullmatch(line.strip())
            if assignment is not None and 0 < len(words) <= 2:  # (none: unbalanced quotes)
                assigned[assignment.group(1)] = _put_in(words[-1].partition("=")[2], assigned)
                continue
            for word in _tagged(words):
                repository = _repository(expand(_put_in(word, assigned)))
                if repository is not None:
                    site = BuildSite(tool, script.path, script.line + offset)
                    found.append(BuiltImage(repository, site))
    return found


@functools.lru_cache(maxsize=256)
def _commands(text: str) -> tuple[tuple[int, str, tuple[str, ...]], ...]:
    """The script's lines (:func:`_lines`) with their words, split once a text: a matrix gives
    hundreds of jobs the same scripts (srsRAN_Project's pipelines: 1,484 jobs, 38 scripts)."""
    return tuple((offset, line, tuple(_words(line))) for offset, line in _lines(text))


def _lines(text: str) -> list[tuple[int, str]]:
    """The script's lines (from 0), each continued line (``\\`` at its end) joined to it."""
    found: list[tuple[int, str]] = []
    pending: tuple[int, str] | None = None
    for number, line in enumerate(text.split("\n")):
        if pending is not None:
            line = pending[1] + " " + line
            number = pending[0]
        if line.endswith("\\"):
            pending = (number, line[:-1])
            continue
        pending = None
        found.append((number, line))
    if pending is not None:
        found.append(pending)
    return found


def _words(line: str) -> list[str]:
    try:
        return shlex.split(line, comments=True)
    except ValueError:
        return []


def _tagged(words: Sequence[str]) -> list[str]:
    """The names a command's words tag: each ``-t``/``--tag`` (and Kaniko's
    ``--destination``) of an engine's build, the target of its ``tag``."""
    found: list[str] = []
    for start, word in enumerate(words):
        program = word.rpartition("/")[2]
        if program == "executor" and "kaniko" in word:
            found += _option_values(words[start + 1 :], ("--destination", "-d"))
            break
        if program in _BUILDCTL and "build" in words[start + 1 : start + 2]:
            found += _output_names(_option_values(words[start + 2 :], ("--output", "-o")))
            break
        if program not in _ENGINES:
            continue
        rest = words[start + 1 :]
        verbs = [w for w in rest[:3] if not w.startswith("-")]
        if not verbs or verbs[0] not in _VERBS:
            continue
        if verbs[0] == "tag" and len(rest) >= 3:
            found.append(rest[-1])
        else:
            found += _option_values(rest, ("--tag", "-t"))
        break
    return found


def _output_names(outputs: list[str]) -> list[str]:
    """The names BuildKit's image exports push (``--output type=image,name=NAME,push=true``,
    ``type=registry``: its CSV, ``name`` a name or several at commas, quoted)."""
    import csv

    found: list[str] = []
    for output in outputs:
        try:
            (fields,) = csv.reader([output])
        except (csv.Error, ValueError):
            continue
        pairs = [field.partition("=") for field in fields]
        kind = next((value for key, _, value in pairs if key == "type"), "")
        if kind in ("image", "registry"):
            found += [name for key, _, value in pairs if key == "name" for name in value.split(",")]
    return found


def _option_values(words: Sequence[str], options: tuple[str, ...]) -> list[str]:
    found: list[str] = []
    for index, word in enumerate(words):
        if word in options and index + 1 < len(words):
            found.append(words[index + 1])
        for option in options:
            if option.startswith("--") and word.startswith(option + "="):
                found.append(word[len(option) + 1 :])
    return found


def _put_in(text: str, assigned: dict[str, str]) -> str:
    """The script's own assignments put in (the others left as written)."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        return assigned.get(name, match.group(0))

    return _VARIABLE.sub(value, text)


def pipeline_repository(text: str) -> str:
    """The repository part of an image's text (before its tag or digest), each variable
    written one way (``${NAME}`` as ``$NAME``), for comparing texts as written.

    >>> pipeline_repository("${CI_REGISTRY_IMAGE}/ci:$CI_COMMIT_SHA")
    '$CI_REGISTRY_IMAGE/ci'
    """
    from ..project import repository_written

    return repository_written(_BRACED.sub(r"$\1", text.strip()))


_BRACED = lazy_pattern(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _repository(text: str) -> str | None:
    """The repository of a tag's text, when a run fills part of it in and it cannot be
    another project's (its last name written out, or only GitLab's ``CI_`` variables)."""
    repository = pipeline_repository(text)
    if "$" not in repository:
        return None  # (a name known here: the shell's reading of the build has it)
    last = repository.rpartition("/")[2]
    names = [a or b for a, b in _VARIABLE.findall(repository)]
    if "$" in last and not all(name.startswith("CI_") for name in names):
        return None
    return repository

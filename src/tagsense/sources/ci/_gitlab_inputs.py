"""GitLab CI/CD inputs: ``$[[ inputs.NAME | function … ]]`` and the includes of the project's
own files that pass them (a CI/CD component or a ``project:`` file of the same project).

GitLab's "CI/CD inputs" (https://docs.gitlab.com/ci/inputs/): a file's header document
``spec: inputs:`` declares its inputs and their ``default``; an ``include:`` passes values with
``inputs:``; ``$[[ inputs.NAME ]]`` outside the header is the value, put in when the file is
fetched, before any variable. An interpolation block may name functions after ``|``, applied
in order (``Gitlab::Ci::Config::Interpolation::FunctionsStack``):

* ``truncate(OFFSET, LENGTH)``: Ruby's ``value[OFFSET, LENGTH]``;
* ``expand_vars``: the value's ``$NAME`` are expanded with the variables an ``include`` may
  use (predefined, project, group and instance ones: never the file's own ``variables:``,
  GitLab's "Use variables with include"), names GitLab does not know left as written
  (``ExpandVariables.expand_existing``). Each of those is a run's, which this reading leaves
  as written anyway: the value is kept, and a job's image expands it as the runner does.

Any other function is not known here: the block is a run's, by its input's name.

A CI/CD component (https://docs.gitlab.com/ci/components/) is
``include: component: FQDN/GROUP/PROJECT/NAME@VERSION``: the file ``templates/NAME.yml``, else
``templates/NAME/template.yml``, of that project. A components project tests its own with
``$CI_SERVER_FQDN/$CI_PROJECT_PATH/NAME@$CI_COMMIT_SHA`` (GitLab's component project
template): those, and a ``project:`` include of ``$CI_PROJECT_PATH``, are this repository's
files. So is a project path written out that the checkout's ``origin`` remote names.

>>> interpolated("inputs.tag | truncate(0,4)", {"tag": "3.12-slim"})
'3.12'
>>> interpolated("inputs.image | expand_vars", {"image": "$REGISTRY/app:1"})
'$REGISTRY/app:1'
>>> interpolated("inputs.image | to_upper", {"image": "app"}) is None
True
>>> component_files("$CI_SERVER_FQDN/$CI_PROJECT_PATH/docker/build@$CI_COMMIT_SHA", ())
('templates/docker/build.yml', 'templates/docker/build/template.yml')
>>> component_files("gitlab.com/acme/ci/lint@1.0", ("acme/ci",))
('templates/lint.yml', 'templates/lint/template.yml')
>>> component_files("gitlab.com/other/ci/lint@1.0", ("acme/ci",)) is None
True
"""

from __future__ import annotations

from ..._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["component_files", "interpolated", "own_project", "project_paths"]

_TRUNCATE = lazy_pattern(r"truncate\(\s*(\d+)\s*,\s*(\d+)\s*\)")

#: How a file names the project it runs in: GitLab's predefined ``CI_PROJECT_PATH``.
_PROJECT_PATH = ("$CI_PROJECT_PATH", "${CI_PROJECT_PATH}")
#: ... and the server: ``CI_SERVER_FQDN`` (host and port), ``CI_SERVER_HOST``.
_SERVER = ("$CI_SERVER_FQDN", "${CI_SERVER_FQDN}", "$CI_SERVER_HOST", "${CI_SERVER_HOST}")


def interpolated(block: str, inputs: Mapping[str, str | None]) -> str | None:
    """The value of an interpolation block (the text between ``$[[`` and ``]]``), ``None``
    when it is not known here (an input given no value, a function not known)."""
    access, *functions = (part.strip() for part in block.split("|"))
    if not access.startswith("inputs."):
        return None
    value = inputs.get(access.removeprefix("inputs."))
    for function in functions:
        if value is None:
            break
        if function == "expand_vars":
            continue  # (a run's variables, left as written: see the module)
        found = _TRUNCATE.fullmatch(function)
        if found is None:
            return None
        offset, length = int(found.group(1)), int(found.group(2))
        value = value[offset : offset + length]
    return value


def own_project(project: str, own: tuple[str, ...]) -> bool:
    """Whether a project path an include names (its variables as written) is this one's."""
    return project in _PROJECT_PATH or project.strip("/").lower() in own


def component_files(component: str, own: tuple[str, ...]) -> tuple[str, ...] | None:
    """The files (in the order GitLab tries them) a component of this project reads,
    ``None`` for another project's component (see the module)."""
    address, _, _version = component.partition("@")
    server, _, path = address.partition("/")
    if not path:
        return None
    for prefix in _PROJECT_PATH:
        if path.startswith(prefix + "/"):
            name = path.removeprefix(prefix + "/")
            break
    else:
        if server not in _SERVER and "." not in server:
            return None  # (no server: not a component address GitLab takes)
        lowered = path.lower()
        project = next((p for p in own if lowered.startswith(p + "/")), None)
        if project is None:
            return None
        name = path[len(project) + 1 :]
    if not name or "$" in name or ".." in name.split("/"):
        return None
    return (f"templates/{name}.yml", f"templates/{name}/template.yml")


def project_paths(checkout: str | None) -> tuple[str, ...]:
    """The project paths (lower-cased) the checkout is of: its ``origin`` remote's path on a
    GitLab host, and those its pipeline's rules run jobs only in (see ``.._own_registry``)."""
    if checkout is None:
        return ()
    from .._own_registry import pipeline_projects, remote_project_path
    from ._repository import origin_url

    url = origin_url(checkout)
    remote = remote_project_path(url) if url is not None else None
    return tuple(dict.fromkeys((*((remote,) if remote else ()), *pipeline_projects(checkout))))

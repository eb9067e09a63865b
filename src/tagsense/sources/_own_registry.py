"""The project's own GitLab container registry: what its pipelines push, never a pull.

GitLab gives each project a container registry, which its jobs name ``$CI_REGISTRY_IMAGE``:
the registry's host and the project's path, lower-cased
(``registry.gitlab.gnome.org/gnome/gjs``). Only the project's members and jobs push there, so
an image under it is one the project builds — in a job of its pipeline, a script of its own,
or a template it includes from elsewhere (freedesktop's ci-templates) — not someone else's
image that it pulls: GNOME/gjs's jobs run ``registry.gitlab.gnome.org/gnome/gjs:fedora.
mozjs102-debug``, which its ``fedora.mozjs102-debug`` job builds with buildah as
``$CI_REGISTRY_IMAGE:$CI_JOB_NAME``, and mesa's jobs run ``$CI_REGISTRY_IMAGE/debian/
x86_build:…``, which ci-templates' container jobs build. Such an image is judged only for
validity, as any image the project builds.

The registry's host comes from the checkout's ``origin`` remote: a GitLab instance at
``HOST`` serves it at ``registry.HOST`` (gitlab.com, gitlab.gnome.org, salsa.debian.org),
at ``registry.DOMAIN`` when ``HOST`` is ``gitlab.DOMAIN`` (gitlab.freedesktop.org), or at
``HOST:5050`` (GitLab's own default). Another project of the same instance
(``registry.gitlab.gnome.org/gnome/mutter/…`` in gnome-shell) is that project's: a pull.

A checkout of a GitLab project's mirror elsewhere (F-Droid's fdroidserver, cloned from GitHub's
``f-droid/fdroidserver``) has no GitLab origin, but its pipeline may say which project it is:
a rule that runs a job only in the project itself, ``if: $CI_PROJECT_PATH ==
"fdroid/fdroidserver"`` in the root ``.gitlab-ci.yml``. A GitLab registry's repository of that
path (``registry.gitlab.com/fdroid/fdroidserver:buildserver``, which its ``docker`` job pushes as
``$CI_REGISTRY_IMAGE:buildserver``) is then the project's own too.

>>> for name in _registry_repositories("https://gitlab.freedesktop.org/Mesa/mesa.git"):
...     print(name)
registry.gitlab.freedesktop.org/mesa/mesa
registry.freedesktop.org/mesa/mesa
gitlab.freedesktop.org:5050/mesa/mesa
>>> _registry_repositories("git@github.com:acme/app.git")
()
>>> names_registry_variable("${CI_REGISTRY_IMAGE}/debian/build:1")
True
>>> names_registry_variable("$CI_REGISTRY_IMAGES")
False
"""

from __future__ import annotations

from functools import lru_cache

from .._lazy import lazy_pattern

__all__ = [
    "SITE_TOOL",
    "may_be_registry_name",
    "names_registry_variable",
    "own_registry_of",
    "pipeline_projects",
    "remote_project_path",
]

#: The tool a :class:`~tagsense.occurrence.BuildSite` of the project's registry names.
SITE_TOOL = "gitlab-registry"

#: ``$CI_REGISTRY_IMAGE`` (or ``${CI_REGISTRY_IMAGE}``) at the start of an image's text, as
#: the whole repository or the start of a longer one.
_VARIABLE = lazy_pattern(r"\$(?:CI_REGISTRY_IMAGE\b|\{CI_REGISTRY_IMAGE\})(?=$|[/:@])")

#: ``https://host/path``, ``ssh://git@host:port/path``, ``git@host:path`` (a remote's URL).
_URL = lazy_pattern(
    r"(?:[a-z+]+://(?:[^@/]+@)?(?P<host>[^/:]+)(?::\d+)?/|[^@/]+@(?P<scp>[^/:]+):)(?P<path>.+)"
)

#: Hosts without a GitLab registry (GitHub's packages are ``ghcr.io``'s).
_NOT_GITLAB = frozenset({"github.com", "bitbucket.org"})


def names_registry_variable(text: str) -> bool:
    """Whether an image's text starts with the project's registry, ``$CI_REGISTRY_IMAGE``."""
    # (a quick look first: the pattern is compiled only for a text that may match it)
    return "CI_REGISTRY_IMAGE" in text and _VARIABLE.match(text) is not None


def may_be_registry_name(name: str) -> bool:
    """A quick look at a normalised image name: whether it may be under a GitLab registry
    (most names are not, and need no look at the checkout's origin)."""
    return "registry." in name or ":5050/" in name


def own_registry_of(name: str, checkout: str | None) -> str | None:
    """The project's registry repository (``registry.gitlab.gnome.org/gnome/gjs``) that the
    normalised image name ``name`` is, or lies under, for the checkout ``checkout``; ``None``:
    not the project's own registry (or the checkout's origin is unknown)."""
    if checkout is None or not may_be_registry_name(name):
        return None
    from .ci._repository import origin_url

    url = origin_url(checkout)
    repositories = _registry_repositories(url) if url is not None else ()
    for repository in repositories:
        if name == repository or name.startswith(repository + "/"):
            return repository
    host, _, path = name.partition("/")
    for project in pipeline_projects(checkout):
        if path == project or path.startswith(project + "/"):
            return f"{host}/{project}"
    return None


#: ``$CI_PROJECT_PATH == "group/project"`` (either side, either quote) in a rule's condition.
_PROJECT_PATH_RULE = lazy_pattern(
    r"""\$\{?CI_PROJECT_PATH\}?\s*==\s*(["'])([\w.-]+(?:/[\w.-]+)+)\1"""
    r"""|(["'])([\w.-]+(?:/[\w.-]+)+)\3\s*==\s*\$\{?CI_PROJECT_PATH\b"""
)


def pipeline_projects(checkout: str) -> tuple[str, ...]:
    """The project paths (lower-cased) that the root ``.gitlab-ci.yml`` of ``checkout`` runs
    jobs only in (see the module)."""
    import os

    path = os.path.join(checkout, ".gitlab-ci.yml")
    try:
        status = os.stat(path)
    except OSError:
        return ()
    return _projects_in(path, status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=16)
def _projects_in(path: str, mtime: int, size: int) -> tuple[str, ...]:
    """:func:`_pipeline_projects` of the file ``path`` as it is (its time and size)."""
    try:
        with open(path, encoding="utf-8") as file:
            text = file.read(1024 * 1024)
    except (OSError, UnicodeDecodeError):
        return ()
    if "CI_PROJECT_PATH" not in text:
        return ()
    found = {
        (match.group(2) or match.group(4)).lower() for match in _PROJECT_PATH_RULE.finditer(text)
    }
    return tuple(sorted(found))


def remote_project_path(url: str) -> str | None:
    """The project path (lower-cased: ``mesa/mesa``) of a remote ``url`` on a host that may
    be a GitLab instance, else ``None``."""
    found = _host_and_path(url)
    return found[1] if found is not None else None


def _host_and_path(url: str) -> tuple[str, str] | None:
    found = _URL.fullmatch(url.strip())
    if found is None:
        return None
    host = (found.group("host") or found.group("scp") or "").lower()
    path = found.group("path").strip("/").removesuffix(".git").lower()
    if host in _NOT_GITLAB or "/" not in path or not host:
        return None
    return host, path


@lru_cache(maxsize=16)
def _registry_repositories(url: str) -> tuple[str, ...]:
    """The names the project of a remote ``url`` has in its GitLab registry (see the
    module), or none for a host that has no GitLab registry."""
    found = _host_and_path(url)
    if found is None:
        return ()
    host, path = found
    hosts = [f"registry.{host}"]
    if host.startswith("gitlab.") and host.count(".") > 1:
        hosts.append("registry." + host.removeprefix("gitlab."))
    hosts.append(f"{host}:5050")
    return tuple(f"{registry}/{path}" for registry in hosts)

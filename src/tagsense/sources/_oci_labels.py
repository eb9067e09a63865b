"""The GitHub repository an image says it is built from: the GitHub Container Registry's link.

GitHub connects a container package to the repository its
``org.opencontainers.image.source`` label names ("Connecting a repository to a package":
``LABEL org.opencontainers.image.source=https://github.com/OWNER/REPO``), and
``ghcr.io/OWNER/REPO`` is the package a repository publishes of its own name. A Dockerfile
the project builds that says so names the project's own package:
docker-mailserver's Dockerfile says ``…source="https://github.com/docker-mailserver/
docker-mailserver"``, its workflow pushes to a registry its secrets name, and its compose
files and ``setup.sh`` run ``ghcr.io/docker-mailserver/docker-mailserver:latest``, the image
this Dockerfile builds, not one to pin. The same text given to a build tool as an annotation
(``--annotations=org.opencontainers.image.source=https://github.com/tailscale/tailscale/
blob/main/build_docker.sh``) says the same.

Only a repository written out is read (``{{.GitURL}}``, ``${SOURCE}``: nothing); its
lower-case form is the package's name (GHCR's names are lower case).
"""

from __future__ import annotations

from .._lazy import lazy_pattern

TYPE_CHECKING = False

__all__ = ["GHCR", "labelled_packages", "source_package"]

#: The GitHub Container Registry.
GHCR = "ghcr.io"


def source_package(text: str) -> str | None:
    """The GHCR package an ``org.opencontainers.image.source`` value names, if it is a GitHub
    repository written out.

    >>> source_package("https://github.com/Acme/App.git")
    'ghcr.io/acme/app'
    >>> source_package("https://github.com/tailscale/tailscale/blob/main/build_docker.sh")
    'ghcr.io/tailscale/tailscale'
    >>> source_package("{{.GitURL}}") is None, source_package("https://gitlab.com/a/b") is None
    (True, True)
    """
    found = _REPOSITORY.fullmatch(text.strip().strip("\"'"))
    if found is None:
        return None
    return f"{GHCR}/{found['owner'].lower()}/{found['repo'].lower()}"


def labelled_packages(text: str) -> list[tuple[str, int]]:
    """The GHCR packages a Dockerfile's ``LABEL`` instructions name as the image's source
    (:func:`source_package`), each with the line of its label (1-based).

    >>> labelled_packages('FROM alpine\\nLABEL a=b \\\\\\n  org.opencontainers.image.source='
    ...     '"https://github.com/acme/app"\\n')
    [('ghcr.io/acme/app', 3)]
    """
    found: list[tuple[str, int]] = []
    if _KEY not in text:
        return found
    for match in _LABEL.finditer(text):
        package = source_package(match["value"])
        if package is not None:
            found.append((package, text.count("\n", 0, match.start("value")) + 1))
    return found


#: The label's key.
_KEY = "org.opencontainers.image.source"


#: A GitHub repository's address, with what may follow it (``.git``, ``/blob/…``).
_REPOSITORY = lazy_pattern(
    r"https?://(?:www\.)?github\.com/(?P<owner>[A-Za-z0-9-]+)/(?P<repo>[A-Za-z0-9._-]+?)"
    r"(?:\.git)?(?:/[^\s\"']*)?"
)


#: The key and its value in a ``LABEL`` instruction (its continuation lines too).
_LABEL = lazy_pattern(
    r"(?im)^[ \t]*LABEL[ \t](?:[^\n]*\\[ \t]*\n)*?[^\n]*?"
    r"(?<![\w.-])[\"']?org\.opencontainers\.image\.source[\"']?(?:[ \t]*=[ \t]*|[ \t]+)"
    r"(?P<value>\"[^\"\n]*\"|'[^'\n]*'|[^\s\\]+)"
)

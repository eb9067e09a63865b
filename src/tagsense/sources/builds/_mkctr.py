"""``mkctr``: the images Tailscale's container builder makes, and the base it pulls.

`mkctr <https://github.com/tailscale/mkctr>`_ builds Go binaries into an image without a
Dockerfile (as ko does): ``--base`` is the image it starts from (pulled), ``--repos`` the
comma-separated repositories it tags (``--tags``) and pushes. tailscale/tailscale's
``build_docker.sh`` runs ``go run github.com/tailscale/mkctr --base="${BASE}"
--repos="${REPOS}" …`` for each of its images (``tailscale/tailscale``,
``tailscale/k8s-operator``…), which its manifests and documentation then name; its
``--annotations`` say ``org.opencontainers.image.source=https://github.com/tailscale/…``,
so the GHCR package of that repository is built too (see ``.._oci_labels``).

The flags are Go's ``flag`` package's: ``-name`` or ``--name``, ``=value`` or the next word.
The command is ``mkctr`` itself, or ``go run`` of its module (``@version`` allowed).
"""

from __future__ import annotations

__all__ = ["MODULE", "is_mkctr_run", "mkctr_images"]

#: mkctr's Go module, which ``go run`` runs.
MODULE = "github.com/tailscale/mkctr"
#: ``go run``'s own flags that take a value (before the package).
_GO_RUN_VALUES = frozenset({"-C", "-exec", "-ldflags", "-gcflags", "-tags", "-mod", "-o"})


def is_mkctr_run(arguments: list[str]) -> int | None:
    """Where mkctr's own arguments start among ``go``'s, when they run mkctr's module.

    >>> is_mkctr_run(["run", "github.com/tailscale/mkctr@v0.1", "--repos=a"])
    2
    >>> is_mkctr_run(["run", "./cmd/app"]) is None, is_mkctr_run(["build", MODULE]) is None
    (True, True)
    """
    if arguments[:1] != ["run"]:
        return None
    index = 1
    while index < len(arguments) and arguments[index].startswith("-"):
        word = arguments[index]
        index += 2 if word in _GO_RUN_VALUES else 1
    if index < len(arguments) and arguments[index].partition("@")[0] == MODULE:
        return index + 1
    return None


def mkctr_images(arguments: list[str]) -> tuple[list[str], list[str], str | None]:
    """What mkctr ``arguments`` build: the repositories (``--repos``, each of its
    comma-separated names), the source annotations' values (``--annotations``'s
    ``org.opencontainers.image.source``) and the base image pulled (``--base``, or ``None``).

    >>> mkctr_images(["--base=alpine:3.22", "--repos", "a/b, ghcr.io/a/b", "--push=false"])
    (['a/b', 'ghcr.io/a/b'], [], 'alpine:3.22')
    >>> mkctr_images(["-annotations=x=1,org.opencontainers.image.source=https://github.com/a/b"])
    ([], ['https://github.com/a/b'], None)
    """
    values: dict[str, str] = {}
    index = 0
    while index < len(arguments):
        word = arguments[index]
        index += 1
        if not word.startswith("-") or word in ("-", "--"):
            continue
        name, equals, value = word.lstrip("-").partition("=")
        if not equals and name in _VALUES and index < len(arguments):
            value = arguments[index]
            index += 1
        values[name] = value
    repos = [name.strip() for name in values.get("repos", "").split(",") if name.strip()]
    sources = [
        annotation.partition("=")[2]
        for annotation in values.get("annotations", "").split(",")
        if annotation.strip().partition("=")[0] == "org.opencontainers.image.source"
    ]
    base = values.get("base", "").strip() or None
    return repos, sources, base


#: mkctr's flags that take a value (its boolean ones, ``--push``, take ``=value`` only).
_VALUES = frozenset(
    {"base", "repos", "tags", "annotations", "gopaths", "ldflags", "gotags", "target",
     "goarch", "files", "ko-build", "build-flags"}
)  # fmt: skip

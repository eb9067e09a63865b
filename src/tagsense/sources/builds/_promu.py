"""``promu crossbuild``: the Go builder image Prometheus' build tool runs.

The Prometheus projects build their release binaries with `promu
<https://github.com/prometheus/promu>`_: ``promu crossbuild`` pulls and runs
``quay.io/prometheus/golang-builder:<go version>-base`` (with cgo, ``-main``, the image with
the cross-compiling toolchains), the Go version being ``go.version`` of its configuration
(``.promu.yml``, or the file ``--config`` names; ``go.cgo`` says whether cgo is on). Its own
``--go VERSION`` and ``--cgo`` (``--no-cgo``) override them (promu's ``cmd/crossbuild.go``:
``fmt.Sprintf("%s:%s-base", dockerBuilderImageName, goVersion)``). ``crossbuild tarballs``
packs the binaries built and runs nothing. prometheus/node_exporter's CI runs ``promu
crossbuild`` and ``promu --config .promu-cgo.yml crossbuild``: ``golang-builder:1.26-base``
and ``golang-builder:1.25-main``.

The words are parsed as kingpin parses them: flags anywhere, ``--name=value`` and ``--name
value`` alike. A flag not known here, a configuration that is not there (promu's own default
Go version changes with its release) or a value a run decides: nothing is read.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["builder_image"]

#: The repository of promu's builder images.
BUILDER = "quay.io/prometheus/golang-builder"
#: promu's default configuration file.
DEFAULT_CONFIG = ".promu.yml"
#: The flags (promu's global ones and crossbuild's) that take a value, and those that do not.
_VALUES = frozenset({"-c", "--config", "--parallelism", "--parallelism-thread", "--go", "-p",
                     "--platforms"})  # fmt: skip
_FLAGS = frozenset({"-v", "--verbose", "--cgo", "--no-cgo", "-h", "--help"})
#: How YAML (gopkg.in/yaml.v2, promu's) writes true.
_TRUE = frozenset({"true", "yes", "on", "y"})


def builder_image(arguments: list[str], read: Callable[[str], str | None]) -> str | None:
    """The image ``promu ARGUMENTS`` (expanded) runs, when it is a ``crossbuild`` whose Go
    version is known; ``read(path)``: the text of the configuration file named (``None``:
    not there)."""
    options: dict[str, str] = {}
    operands: list[str] = []
    index = 0
    while index < len(arguments):
        word = arguments[index]
        index += 1
        if not word.startswith("-"):
            operands.append(word)
            continue
        name, equals, value = word.partition("=")
        if name in _VALUES:
            if not equals:
                if index >= len(arguments):
                    return None
                value, index = arguments[index], index + 1
            options[name.lstrip("-")[:1] if name in ("-c", "--config") else name] = value
        elif name in ("--cgo", "--no-cgo") and not equals:
            options["cgo"] = "true" if name == "--cgo" else "false"
        elif name not in _FLAGS:
            return None
    if operands != ["crossbuild"]:
        return None  # (another command, or `crossbuild tarballs`)
    version, cgo = _configured(read(options.get("c", DEFAULT_CONFIG)))
    version = options.get("--go", version)
    cgo = options.get("cgo", cgo)
    if not version:
        return None
    return f"{BUILDER}:{version}-{'main' if cgo.lower() in _TRUE else 'base'}"


def _configured(text: str | None) -> tuple[str | None, str]:
    """``go.version`` (as written: ``1.20`` is not ``1.2``) and ``go.cgo`` of a promu
    configuration (``None``, ``"false"`` when it does not say)."""
    if text is None:
        return None, "false"
    import yaml

    try:
        loaded = yaml.load(text, Loader=yaml.BaseLoader)  # (every scalar a string)
    except yaml.YAMLError:
        return None, "false"
    go = loaded.get("go") if isinstance(loaded, dict) else None
    if not isinstance(go, dict):
        return None, "false"
    version, cgo = go.get("version"), go.get("cgo", "false")
    return (version if isinstance(version, str) and version else None), (
        cgo if isinstance(cgo, str) else "false"
    )

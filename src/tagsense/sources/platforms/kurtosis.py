"""Kurtosis' Ethereum package arguments: the client images a devnet's participants run.

``kurtosis run github.com/ethpandaops/ethereum-package --args-file network_params.yaml`` (or
the ``kurtosis-assertoor-github-action``'s ``ethereum_package_args``) starts one container per
client a ``participants`` entry names (or each pairing of a ``participants_matrix``'s
``el`` and ``cl`` entries): ``el_image`` (the execution client), ``cl_image`` (the
consensus client), ``vc_image``, ``remote_signer_image``; the package's services take theirs
from their ``*_params`` (``assertoor_params.image``, ``mev_params.mev_boost_image``). Kurtosis
pulls each image as written (kind ``kurtosis``; a name without a tag is ``latest``). The
optimism package nests the same participants under its chains. Images the file leaves out are
the package's own defaults, which it does not say: not read.

A file is the package's arguments by its shape: a ``participants`` list whose entries say a
client's type or image (``el_type``, ``cl_image``…), in the document or under one of its keys.
"""

from __future__ import annotations

from ..._lazy import lazy_pattern
from ...occurrence import Occurrence, Scan, SourceError
from .._yaml import is_mapping, items, load_yaml, scalar, sequence
from ._common import image_at

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

__all__ = ["KIND", "may_be_package_args", "scan_package_args"]

KIND = "kurtosis"

#: The keys of a participant that say which client it runs.
_CLIENT_KEYS = frozenset(
    {"el_type", "cl_type", "vc_type", "el_image", "cl_image", "vc_image"}
)  # fmt: skip
#: The lists of a ``participants_matrix``: execution, consensus and validator clients.
_MATRIX_KEYS = frozenset({"el", "cl", "vc"})
#: A value in angle brackets, ``<image-placeholder>``: a script's to fill in.
_PLACEHOLDER = lazy_pattern(r"<[A-Za-z][A-Za-z0-9_.-]*>")
#: How deep the participants may be (the optimism package's ``optimism_package.chains[]``).
_MAX_DEPTH = 4


def may_be_package_args(text: str) -> bool:
    """A quick look: the package's arguments list ``participants`` by their clients."""
    return "participants" in text and ("el_" in text or "cl_" in text)


def scan_package_args(text: str, path: str | None = None) -> Scan | None:
    """The images the arguments' participants and services run; ``None`` when the file has
    no participants of the package. Never raises."""
    loaded = load_yaml(text, path=path)
    occurrences: list[Occurrence] = []
    notes: list[SourceError] = []
    found = False
    for document in loaded.documents:
        if not _has_participants(document, _MAX_DEPTH):
            continue
        found = True
        for key, node in _images(document, ""):
            written = scalar(node)
            if written and _PLACEHOLDER.fullmatch(written):
                # (nimbus-eth2's run-kurtosis-check.sh seds its own image in for
                # `cl_image: <image-placeholder>` before kurtosis reads the file)
                note = (
                    f"a placeholder where an image goes ({written}), filled in before kurtosis "
                    "runs: not read"
                )
                notes.append(SourceError(path, node.start_mark.line + 1, note, note=True))
            elif written:
                context: dict[str, object] = {"field": key}
                occurrences.append(image_at(node, written, path=path, kind=KIND, context=context))
    if not found:
        return None
    return Scan(occurrences, (*loaded.errors, *notes), loaded.suppressions)


def _has_participants(node: yaml.Node | None, depth: int) -> bool:
    """Whether a ``participants`` list of clients is in ``node``, at most ``depth`` down."""
    if depth < 0:
        return False
    if is_mapping(node):
        for key, value, _ in items(node):
            if key == "participants" and _clients(sequence(value)):
                return True
            if key == "participants_matrix" and is_mapping(value):
                # (the package runs each el entry with each cl entry, and a vc: its
                # input_parser.star; nimbus-eth2's kurtosis-network-params.yml)
                lists = [sequence(v) for k, v, _ in items(value) if k in _MATRIX_KEYS]
                if any(_clients(entries) for entries in lists):
                    return True
            if _has_participants(value, depth - 1):
                return True
        return False
    return any(_has_participants(entry, depth - 1) for entry in sequence(node))


def _clients(entries: list[yaml.Node]) -> bool:
    """Whether a list holds a participant's entry: one that says a client's type or image."""
    return any(
        is_mapping(entry) and any(k in _CLIENT_KEYS for k, _, _ in items(entry))
        for entry in entries
    )


def _images(node: yaml.Node, where: str) -> list[tuple[str, yaml.Node]]:
    """Each value of a key ``image`` or ``*_image`` below ``node``, with where it is."""
    import yaml

    found: list[tuple[str, yaml.Node]] = []
    if is_mapping(node):
        for key, value, _ in items(node):
            here = f"{where}.{key}" if where else key
            if (key == "image" or key.endswith("_image")) and isinstance(value, yaml.ScalarNode):
                found.append((here, value))
            else:
                found.extend(_images(value, here))
    else:
        for index, entry in enumerate(sequence(node)):
            found.extend(_images(entry, f"{where}[{index}]"))
    return found

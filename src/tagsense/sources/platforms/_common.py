"""What the readers of deployment platforms' configurations share: one occurrence of an image
a platform pulls, at the place its configuration writes it."""

from __future__ import annotations

from ..._lazy import lazy_pattern
from ...occurrence import Occurrence
from .._yaml import value_position

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

#: ``${NAME}``: what a platform (DigitalOcean's bindable variables, Copilot's environment)
#: puts in when it deploys; never known here.
DOLLAR_BRACED = lazy_pattern(r"\$\{([^}]*)\}")


def image_at(
    node: yaml.Node,
    written: str,
    *,
    path: str | None,
    kind: str,
    context: dict[str, object],
    text: str | None = None,
    unresolved: tuple[str, ...] = (),
) -> Occurrence:
    """The occurrence of an image the configuration names at ``node``: ``written`` as the
    file has it, ``text`` as the platform makes it (its parts joined, its registry put in)."""
    line, column = value_position(node)
    return Occurrence.of_text(
        path=path, line=line, column=column, kind=kind, raw=written,
        text=written if unresolved or text is None else text, unresolved=unresolved,
        context=context,
    )  # fmt: skip


def braced_names(text: str) -> tuple[str, ...]:
    """The names of the ``${NAME}`` in ``text``, each once, in order."""
    return tuple(dict.fromkeys(match.strip() for match in DOLLAR_BRACED.findall(text)))


#: How much of a JSON file is looked at before it is parsed.
_SNIFF_BYTES = 64 * 1024


def json_head(path: str) -> bytes | None:
    """A ``*.json`` file's first bytes, for quick looks before it is parsed (``None``: no
    ``*.json``, or unreadable); never raises."""
    if not path.endswith(".json"):
        return None
    try:
        with open(path, "rb") as handle:
            return handle.read(_SNIFF_BYTES)
    except OSError:
        return None


def json_says(path: str, *words: bytes) -> bool:
    """Whether a ``*.json`` file's first bytes hold each of ``words`` (a quick look before it
    is parsed: an ECS task definition's ``"containerDefinitions"``); never raises."""
    head = json_head(path)
    return head is not None and all(word in head for word in words)

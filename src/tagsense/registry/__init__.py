"""Talking to container registries: digests, tag lists, manifests; and which tag to use.

Nothing here is imported by ``import tagsense``, and the HTTP client (urllib3)
is imported only when a request is made: :mod:`tagsense.registry.suggestions`
(pure functions over a tag list) and the errors load without it.

>>> from tagsense.registry import suggest
>>> suggest("redis:7.2.4-alpine", ["7.2.5-alpine", "7.4.1-alpine", "7.4.1"]).patch.text
'7.2.5-alpine'
"""

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .suggestions import Suggestion, precise_tag, same_shape, shape, suggest

__all__ = ["Suggestion", "precise_tag", "same_shape", "shape", "suggest"]

_MODULES = {
    "Suggestion": "suggestions",
    "precise_tag": "suggestions",
    "same_shape": "suggestions",
    "shape": "suggestions",
    "suggest": "suggestions",
}


def __getattr__(name: str) -> object:
    # Each name loads its own module on first use: the suggestions need no network code.
    if name not in __all__:
        raise AttributeError(f"module 'tagsense.registry' has no attribute {name!r}")
    import importlib

    module = importlib.import_module(f".{_MODULES.get(name, 'errors')}", __name__)
    return getattr(module, name)

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
    from .advice import FixPlan, answer, plan_fixes
    from .cache import Cache
    from .client import Client
    from .errors import (
        AuthenticationFailed,
        AuthenticationRequired,
        InvalidResponse,
        NotCached,
        NotFound,
        RateLimited,
        RedirectRefused,
        RegistryError,
        RegistryTimeout,
        RegistryUnavailable,
        RegistryUsageError,
        ResponseTooLarge,
    )
    from .manifest import Descriptor, Manifest, Platform
    from .pinning import PinPlan, PinResult, plan_pins
    from .progress import Progress
    from .suggestions import Suggestion, precise_tag, same_shape, shape, suggest
    from .updates import Outdated, outdated

__all__ = [
    "AuthenticationFailed",
    "AuthenticationRequired",
    "Cache",
    "Client",
    "Descriptor",
    "FixPlan",
    "InvalidResponse",
    "Manifest",
    "NotCached",
    "NotFound",
    "Outdated",
    "PinPlan",
    "PinResult",
    "Platform",
    "Progress",
    "RateLimited",
    "RedirectRefused",
    "RegistryError",
    "RegistryTimeout",
    "RegistryUnavailable",
    "RegistryUsageError",
    "ResponseTooLarge",
    "Suggestion",
    "answer",
    "outdated",
    "plan_fixes",
    "plan_pins",
    "precise_tag",
    "same_shape",
    "shape",
    "suggest",
]

_MODULES = {
    "FixPlan": "advice",
    "answer": "advice",
    "plan_fixes": "advice",
    "Cache": "cache",
    "Client": "client",
    "Descriptor": "manifest",
    "Manifest": "manifest",
    "Platform": "manifest",
    "Outdated": "updates",
    "outdated": "updates",
    "PinPlan": "pinning",
    "PinResult": "pinning",
    "plan_pins": "pinning",
    "Progress": "progress",
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

"""The errors of talking to registries: each a :class:`RegistryError`, so a TagsenseError.

Each has a stable :attr:`~RegistryError.kind` and a message of one line that
says what failed, where, and what to do; none ever holds a credential (a
password, a token, an ``Authorization`` header).
"""

from __future__ import annotations

from ..errors import TagsenseError

__all__ = [
    "REGISTRY_ERROR_KINDS",
    "AuthenticationFailed",
    "AuthenticationRequired",
    "InvalidResponse",
    "NotCached",
    "NotFound",
    "RateLimited",
    "RedirectRefused",
    "RegistryError",
    "RegistryTimeout",
    "RegistryUnavailable",
    "RegistryUsageError",
    "ResponseTooLarge",
]

#: Every :attr:`RegistryError.kind`.
REGISTRY_ERROR_KINDS = (
    "unavailable",  # no connection, a TLS or proxy failure, 5xx after the retries
    "timeout",  # no connection or no answer in time
    "authentication-required",  # 401 and no credentials
    "authentication-failed",  # credentials refused, or access denied (403)
    "not-found",  # 404: repository, tag, manifest, or no image for the platform
    "rate-limited",  # 429
    "invalid-response",  # not JSON, a digest that does not match, a bad Link…
    "too-large",  # a response over the size cap
    "redirect-refused",  # a redirect to another host, or from HTTPS to HTTP
    "not-cached",  # offline, and the cache has no answer
    "usage",  # a bad argument: an unknown platform, a reference without a registry
)


class RegistryError(TagsenseError):
    """A registry could not answer, or its answer is unusable.

    ``name`` is what was asked about (``ghcr.io/acme/api:1.4``, or a registry
    host); ``kind`` is one of :data:`REGISTRY_ERROR_KINDS`. ``str()`` is one line.
    """

    kind = "unavailable"

    def __init__(self, message: str, *, name: str | None = None) -> None:
        super().__init__(message)
        #: What was asked about: a reference, a repository or a registry.
        self.name = name
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (type(self), self.message, self.name, dict(self.__dict__)))


def _rebuild(
    cls: type[RegistryError], message: str, name: str | None, state: dict[str, object]
) -> RegistryError:
    error = cls.__new__(cls)
    RegistryError.__init__(error, message, name=name)
    error.__dict__.update(state)
    return error


class RegistryUnavailable(RegistryError):
    """The registry cannot be reached, or keeps failing (5xx, connection reset, TLS, proxy)."""

    kind = "unavailable"


class RegistryTimeout(RegistryUnavailable):
    """No connection, or no answer, within the timeout. ``connect``: no connection at all."""

    kind = "timeout"

    def __init__(self, message: str, *, name: str | None = None, connect: bool = False) -> None:
        super().__init__(message, name=name)
        self.connect = connect


class AuthenticationRequired(RegistryError):
    """The registry wants credentials and there are none: the message says how to log in."""

    kind = "authentication-required"


class AuthenticationFailed(RegistryError):
    """The registry refused the credentials, or denied access with them."""

    kind = "authentication-failed"


class NotFound(RegistryError):
    """No such repository, tag or manifest (404), or no image for the platform asked."""

    kind = "not-found"


class RateLimited(RegistryError):
    """The registry answered 429 too many requests. ``retry_after`` is in seconds, if it said."""

    kind = "rate-limited"

    def __init__(
        self, message: str, *, name: str | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message, name=name)
        self.retry_after = retry_after


class InvalidResponse(RegistryError):
    """An answer that is not what the protocol says: not JSON, a wrong digest, a bad link."""

    kind = "invalid-response"


class ResponseTooLarge(InvalidResponse):
    """An answer larger than the client's cap: refused unread."""

    kind = "too-large"


class RedirectRefused(RegistryError):
    """A redirect that is not followed: to another host, or from HTTPS to plain HTTP."""

    kind = "redirect-refused"


class NotCached(RegistryError):
    """Offline, and the cache holds no answer to the question."""

    kind = "not-cached"


class RegistryUsageError(RegistryError):
    """A bad argument: an unknown platform, a reference that names no registry."""

    kind = "usage"

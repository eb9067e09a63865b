"""The pieces of registry authentication: challenges, and a cache of bearer tokens.

A registry answers ``401`` with ``WWW-Authenticate: Bearer realm="…",
service="…", scope="…"`` (the Docker token flow: a token is asked from the
realm, anonymously or with the user's credentials) or ``Basic realm="…"``
(credentials sent as they are). One header may carry several challenges.
The flows themselves are in :mod:`tagsense.registry.client`.
"""

from __future__ import annotations

import re
import threading
import time

from .._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["Challenge", "TokenCache", "parse_challenges"]

#: Tokens without ``expires_in`` live 60 seconds (distribution's token spec).
DEFAULT_EXPIRY = 60.0

_TOKEN68 = r"[A-Za-z0-9._~+/-]+=*"
_PARAM = lazy_pattern(
    r"""\s*(?P<key>[A-Za-z0-9_.-]+)\s*=\s*(?:"(?P<quoted>(?:[^"\\]|\\.)*)"|(?P<bare>[^\s,"]*))\s*""",
    re.S,
)
_SCHEME = lazy_pattern(r"\s*(?P<scheme>[A-Za-z][A-Za-z0-9_-]*)(?=\s|$|,)")


class Challenge:
    """One challenge of a ``WWW-Authenticate`` header: a scheme and its parameters."""

    __slots__ = ("params", "scheme")

    def __init__(self, scheme: str, params: dict[str, str]) -> None:
        self.scheme = scheme.lower()
        self.params = params

    def __repr__(self) -> str:
        return f"<Challenge {self.scheme} {sorted(self.params)}>"


def parse_challenges(header: str) -> list[Challenge]:
    """The challenges of a ``WWW-Authenticate`` header (RFC 7235), in order.

    >>> [(c.scheme, c.params) for c in parse_challenges(
    ...     'Bearer realm="https://auth.example/token",scope="a,b", Basic realm=x')]
    [('bearer', {'realm': 'https://auth.example/token', 'scope': 'a,b'}), ('basic', {'realm': 'x'})]
    """
    challenges: list[Challenge] = []
    at = 0
    size = len(header)
    while at < size:
        while at < size and header[at] in " \t,":
            at += 1
        match = _SCHEME.match(header, at)
        if match is None:
            break
        scheme = match["scheme"]
        at = match.end()
        params: dict[str, str] = {}
        while at < size:
            param = _PARAM.match(header, at)
            if param is None:
                # A token68 (Basic's encoded form) or nothing: skip to the next comma.
                token = re.match(r"\s*" + _TOKEN68 + r"\s*", header[at:])
                if token is not None and not params:
                    at += token.end()
                break
            quoted = param["quoted"]
            value = re.sub(r"\\(.)", r"\1", quoted) if quoted is not None else param["bare"] or ""
            params[param["key"].lower()] = value
            at = param.end()
            if at < size and header[at] == ",":
                # A comma ends this parameter; what follows is a parameter or a new scheme.
                following = _PARAM.match(header, at + 1)
                if following is None:
                    at += 1
                    break
                at += 1
        challenges.append(Challenge(scheme, params))
    return challenges


class TokenCache:
    """Bearer tokens by (realm, service, scope), each until it expires.

    A token is used until ``expires_in`` (60 s when absent) less a margin, so
    that one is not sent just as it expires. ``get_or_fetch`` asks once for a
    key however many threads want it at the same time.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._tokens: dict[tuple[str, ...], tuple[str, float]] = {}
        self._fetching: dict[tuple[str, ...], threading.Lock] = {}

    def get(self, key: tuple[str, ...]) -> str | None:
        with self._lock:
            found = self._tokens.get(key)
            if found is None:
                return None
            token, expires = found
            if self._clock() >= expires:
                del self._tokens[key]
                return None
            return token

    def put(self, key: tuple[str, ...], token: str, expires_in: float | None) -> None:
        lifetime = DEFAULT_EXPIRY if expires_in is None or expires_in <= 0 else expires_in
        # Renewed a little early: 10% of its life, at most 30 s.
        margin = min(30.0, lifetime / 10)
        with self._lock:
            self._tokens[key] = (token, self._clock() + lifetime - margin)

    def drop(self, key: tuple[str, ...]) -> None:
        with self._lock:
            self._tokens.pop(key, None)

    def get_or_fetch(
        self, key: tuple[str, ...], fetch: Callable[[], tuple[str, float | None]]
    ) -> str:
        token = self.get(key)
        if token is not None:
            return token
        with self._lock:
            lock = self._fetching.setdefault(key, threading.Lock())
        with lock:
            token = self.get(key)
            if token is not None:
                return token
            token, expires_in = fetch()
            self.put(key, token, expires_in)
            return token

    def secrets(self) -> tuple[str, ...]:
        with self._lock:
            return tuple(token for token, _ in self._tokens.values())

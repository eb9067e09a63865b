"""HTTP for the registry client: urllib3 pools, timeouts, retries, redirects, a size cap.

The only module that imports urllib3, and it is imported by the first
:class:`Transport`: nothing on the way to ``import tagsense`` or ``tagsense
check`` loads it. urllib3 gives connection pools per host (keep-alive), the
``CONNECT`` tunnel through a proxy, separate connect and read timeouts. The
loops around it are tagsense's own, so that they are bounded and seen:

- retries with exponential backoff on 429, 500, 502, 503 and 504, on read
  timeouts and on dropped connections, honouring ``Retry-After`` (seconds or
  an HTTP date) up to ``max_retry_after``; a longer wait is not waited for
  (the 429 is the answer). A refused connection or an unknown host is not
  retried: it will not change within seconds.
- redirects followed on the same origin with the same headers; to another
  host only where the caller allows it (blobs), and then without
  ``Authorization``; never from HTTPS to plain HTTP; at most five.
- every body read up to ``max_bytes``, and refused past it.
"""

from __future__ import annotations

import itertools
import logging
import random
import threading
import time
from collections import Counter
from urllib.parse import urljoin, urlsplit

from ._hosts import proxy_for, redact_url
from .errors import (
    RedirectRefused,
    RegistryTimeout,
    RegistryUnavailable,
    RegistryUsageError,
    ResponseTooLarge,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    import ssl
    from collections.abc import Callable, Mapping

    import urllib3

__all__ = ["Response", "TLSFailed", "Transport"]

log = logging.getLogger("tagsense.registry")

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
_CHUNK = 1 << 16


_TLS_LOCK = threading.Lock()
_TLS: list[ssl.SSLContext] = []


def _tls_context() -> ssl.SSLContext:
    """One TLS context a process: urllib3 would build one, and load the system's CA
    certificates (tens of milliseconds), for every new connection."""
    with _TLS_LOCK:
        if not _TLS:
            from urllib3.util.ssl_ import create_urllib3_context

            context = create_urllib3_context()
            context.load_default_certs()
            _TLS.append(context)
        return _TLS[0]


class TLSFailed(RegistryUnavailable):
    """The TLS handshake failed (a plain-HTTP server, or a certificate not trusted)."""


class Response:
    """A response read whole: status, headers (lower-case names), body, final URL."""

    __slots__ = ("body", "headers", "reason", "status", "url")

    def __init__(
        self, status: int, reason: str, headers: dict[str, str], body: bytes, url: str
    ) -> None:
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
        self.url = url

    def __repr__(self) -> str:
        return f"<Response {self.status} {self.url}>"


def origin(url: str) -> tuple[str, str]:
    """``(scheme, host[:port])`` with the default port made explicit."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port or (443 if scheme == "https" else 80)
    return scheme, f"{host}:{port}"


def _upgrade(start: tuple[str, str], target: tuple[str, str]) -> bool:
    """Whether ``target`` is ``start`` moved from plain HTTP to HTTPS (same host, default ports)."""
    return (
        start[0] == "http"
        and target[0] == "https"
        and start[1].endswith(":80")
        and target[1] == start[1][: -len(":80")] + ":443"
    )


def retry_after(value: str | None, now: Callable[[], float] = time.time) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds, or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - now())


class Tracker:
    """What is in flight, per host: for progress reports, and request counts."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ids = itertools.count()
        self._inflight: dict[int, tuple[str, float]] = {}
        self._waiting: dict[str, tuple[float, str]] = {}
        self.requests: Counter[str] = Counter()

    def start(self, host: str) -> int:
        with self._lock:
            ident = next(self._ids)
            self._inflight[ident] = (host, time.monotonic())
            self.requests[host] += 1
            return ident

    def end(self, ident: int) -> None:
        with self._lock:
            self._inflight.pop(ident, None)

    def wait(self, host: str, seconds: float, reason: str) -> None:
        with self._lock:
            self._waiting[host] = (time.monotonic() + seconds, reason)

    def waited(self, host: str) -> None:
        with self._lock:
            self._waiting.pop(host, None)

    def snapshot(self) -> tuple[tuple[tuple[str, float], ...], tuple[tuple[str, float, str], ...]]:
        """``(in flight, waiting)``: each host with the age of its oldest request, and each
        host backing off with the seconds left and why; slowest first."""
        now = time.monotonic()
        with self._lock:
            oldest: dict[str, float] = {}
            for host, started in self._inflight.values():
                oldest[host] = max(oldest.get(host, 0.0), now - started)
            waiting = [
                (host, max(0.0, until - now), reason)
                for host, (until, reason) in self._waiting.items()
            ]
        inflight = sorted(oldest.items(), key=lambda item: -item[1])
        return tuple(inflight), tuple(sorted(waiting, key=lambda item: -item[1]))


class Transport:
    """Requests with pools, proxies, timeouts, bounded retries and redirects, capped bodies."""

    def __init__(
        self,
        *,
        environ: Mapping[str, str],
        connect_timeout: float,
        read_timeout: float,
        retries: int,
        backoff: float,
        max_retry_after: float,
        max_bytes: int,
        pool_size: int,
        user_agent: str,
        sleep: Callable[[float], None] = time.sleep,
        tracker: Tracker | None = None,
    ) -> None:
        import urllib3

        self._urllib3 = urllib3
        self._environ = dict(environ)
        self._timeout = urllib3.Timeout(connect=connect_timeout, read=read_timeout)
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self._retries = max(0, retries)
        self._backoff = max(0.0, backoff)
        self._max_retry_after = max_retry_after
        self._max_bytes = max_bytes
        self._pool_size = max(1, pool_size)
        self._user_agent = user_agent
        self._sleep = sleep
        self.tracker = tracker or Tracker()
        self._lock = threading.Lock()
        self._direct: urllib3.PoolManager | None = None
        self._proxies: dict[str, urllib3.ProxyManager] = {}

    def _tls(self) -> ssl.SSLContext:
        return _tls_context()

    # --- pools -----------------------------------------------------------------

    def _manager(self, url: str) -> urllib3.PoolManager:
        scheme = origin(url)[0]
        proxy = proxy_for(scheme, urlsplit(url).netloc, self._environ)
        urllib3 = self._urllib3
        with self._lock:
            if proxy is None:
                if self._direct is None:
                    self._direct = urllib3.PoolManager(
                        num_pools=32,
                        maxsize=self._pool_size,
                        retries=False,
                        ssl_context=self._tls(),
                    )
                return self._direct
            manager = self._proxies.get(proxy)
            if manager is None:
                parts = urlsplit(proxy)
                if parts.scheme not in ("http", "https"):
                    raise RegistryUsageError(
                        f"unsupported proxy {redact_url(proxy)}: only http:// and https:// "
                        "proxies are supported"
                    )
                headers = None
                if parts.username is not None:
                    from urllib.parse import unquote

                    auth = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
                    headers = urllib3.make_headers(proxy_basic_auth=auth)
                manager = urllib3.ProxyManager(
                    redact_url(proxy),
                    num_pools=32,
                    maxsize=self._pool_size,
                    retries=False,
                    proxy_headers=headers,
                    ssl_context=self._tls(),
                )
                self._proxies[proxy] = manager
            return manager

    def close(self) -> None:
        with self._lock:
            managers = [self._direct, *self._proxies.values()]
            self._direct = None
            self._proxies = {}
        for manager in managers:
            if manager is not None:
                manager.clear()

    # --- requests --------------------------------------------------------------

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str],
        body: bytes | None = None,
        what: str,
        cross_host: bool = False,
        max_bytes: int | None = None,
    ) -> Response:
        """Send a request; follow redirects, retry what may be retried; read the body.

        ``what`` names what is asked for, in messages (``the manifest of
        ghcr.io/acme/api:1.4``). ``cross_host`` allows redirects to other
        hosts (sent without ``Authorization``). Answers with any status are
        returned (the caller gives them their meaning), except that a retried
        status is returned only once the retries are spent.
        """
        limit = self._max_bytes if max_bytes is None else max_bytes
        current_headers = {"User-Agent": self._user_agent, **headers}
        start_origin = origin(url)
        redirects = 0
        attempt = 0
        while True:
            host = urlsplit(url).netloc
            try:
                response = self._once(method, url, current_headers, body, limit, what)
            except (RegistryTimeout, _Dropped) as error:
                if attempt >= self._retries or (
                    isinstance(error, RegistryTimeout) and error.connect
                ):
                    if isinstance(error, _Dropped):
                        raise RegistryUnavailable(error.message, name=error.name) from None
                    raise
                self._back_off(host, self._delay(attempt), f"{error.message}; retrying")
                attempt += 1
                continue
            if response.status in RETRY_STATUSES and attempt < self._retries:
                wait = retry_after(response.headers.get("retry-after"))
                if wait is not None and wait > self._max_retry_after:
                    return response  # too long to wait for: the answer stands
                delay = wait if wait is not None else self._delay(attempt)
                self._back_off(host, delay, f"{response.status} {response.reason}")
                attempt += 1
                continue
            if response.status in REDIRECT_STATUSES and "location" in response.headers:
                redirects += 1
                target = urljoin(url, response.headers["location"])
                url, current_headers, method, body = self._redirect(
                    url,
                    target,
                    current_headers,
                    method,
                    body,
                    start_origin,
                    cross_host,
                    what,
                    response.status,
                )
                if redirects > MAX_REDIRECTS:
                    raise RedirectRefused(f"too many redirects asking {host} for {what}", name=what)
                continue
            return response

    def _redirect(
        self,
        url: str,
        target: str,
        headers: dict[str, str],
        method: str,
        body: bytes | None,
        start: tuple[str, str],
        cross_host: bool,
        what: str,
        status: int,
    ) -> tuple[str, dict[str, str], str, bytes | None]:
        here = urlsplit(url).netloc
        scheme, there = origin(target)
        if scheme not in ("http", "https"):
            raise RedirectRefused(f"{here} redirected {what} to a {scheme} URL: not followed")
        if origin(url)[0] == "https" and scheme == "http":
            raise RedirectRefused(
                f"{here} redirected {what} from HTTPS to plain HTTP ({urlsplit(target).netloc}):"
                " not followed",
                name=what,
            )
        new_headers = dict(headers)
        if (scheme, there) != start and not _upgrade(start, (scheme, there)):
            if not cross_host:
                raise RedirectRefused(
                    f"{here} redirected {what} to another host ({urlsplit(target).netloc}):"
                    " not followed",
                    name=what,
                )
            # Credentials never go to another host.
            new_headers = {
                k: v for k, v in headers.items() if k.lower() not in ("authorization", "cookie")
            }
        if method == "POST" and status in (301, 302, 303):
            method, body = "GET", None
        log.debug("redirect %s -> %s", url, target)
        return target, new_headers, method, body

    def _delay(self, attempt: int) -> float:
        return min(30.0, self._backoff * 2.0**attempt) * (1 + random.random() / 4)

    def _back_off(self, host: str, seconds: float, reason: str) -> None:
        log.debug("waiting %.2f s for %s: %s", seconds, host, reason)
        self.tracker.wait(host, seconds, reason)
        try:
            self._sleep(seconds)
        finally:
            self.tracker.waited(host)

    def _once(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | None,
        limit: int,
        what: str,
    ) -> Response:
        urllib3 = self._urllib3
        exceptions = urllib3.exceptions
        host = urlsplit(url).netloc
        manager = self._manager(url)
        ident = self.tracker.start(host)
        began = time.monotonic()
        raw = None
        try:
            try:
                raw = manager.urlopen(
                    method,
                    url,
                    body=body,
                    headers=dict(headers),
                    redirect=False,
                    retries=False,
                    preload_content=False,
                    timeout=self._timeout,
                    assert_same_host=False,
                )
                status = raw.status
                reason = raw.reason or ""
                found = {name.lower(): ", ".join(raw.headers.getlist(name)) for name in raw.headers}
                data = self._read(raw, found, limit, host, what)
            except exceptions.HTTPError as error:
                raise self._failure(error, host, what) from None
            except OSError as error:
                raise RegistryUnavailable(
                    f"cannot talk to {host}{_about(what)}: {error.strerror or error}", name=what
                ) from None
        finally:
            if raw is not None:
                raw.release_conn()
            self.tracker.end(ident)
        log.debug(
            "%s %s -> %s (%d ms)", method, url, status, int((time.monotonic() - began) * 1000)
        )
        return Response(status, reason, found, data, url)

    def _read(
        self,
        raw: urllib3.BaseHTTPResponse,
        headers: dict[str, str],
        limit: int,
        host: str,
        what: str,
    ) -> bytes:
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            raw.close()
            raise ResponseTooLarge(
                f"{host} sent {_size(int(length))} for {what}, more than the {_size(limit)} "
                "allowed: refused",
                name=what,
            )
        chunks: list[bytes] = []
        total = 0
        for chunk in raw.stream(_CHUNK):
            total += len(chunk)
            if total > limit:
                raw.close()
                raise ResponseTooLarge(
                    f"{host} sent more than the {_size(limit)} allowed for {what}: refused",
                    name=what,
                )
            chunks.append(chunk)
        return b"".join(chunks)

    def _failure(self, error: Exception, host: str, what: str) -> Exception:
        # Most specific first: NameResolutionError is a NewConnectionError, which is a
        # ConnectTimeoutError (in urllib3 2).
        exceptions = self._urllib3.exceptions
        if isinstance(error, exceptions.ProxyError):
            cause = _cause(error.original_error if hasattr(error, "original_error") else error)
            return RegistryUnavailable(
                f"cannot reach {host} through the proxy{_about(what)}: {cause}", name=what
            )
        if isinstance(error, exceptions.NameResolutionError):
            return RegistryUnavailable(f"cannot resolve the host {host}{_about(what)}", name=what)
        if isinstance(error, exceptions.NewConnectionError):
            return RegistryUnavailable(
                f"cannot connect to {host}{_about(what)}: {_cause(error)}", name=what
            )
        if isinstance(error, exceptions.ConnectTimeoutError):
            return RegistryTimeout(
                f"{host} did not accept a connection within {self._connect_timeout:g} s"
                f"{_about(what)}",
                name=what,
                connect=True,
            )
        if isinstance(error, exceptions.ReadTimeoutError | TimeoutError):
            return RegistryTimeout(
                f"{host} did not answer within {self._read_timeout:g} s{_about(what)}",
                name=what,
            )
        if isinstance(error, exceptions.SSLError):
            return TLSFailed(f"TLS with {host} failed{_about(what)}: {_cause(error)}", name=what)
        if isinstance(error, exceptions.ProtocolError | exceptions.DecodeError):
            return _Dropped(
                f"the connection to {host} failed{_about(what)}: {_cause(error)}", name=what
            )
        return RegistryUnavailable(
            f"cannot talk to {host}{_about(what)}: {_cause(error)}", name=what
        )


class _Dropped(RegistryUnavailable):
    """A connection dropped mid-answer: retried."""


def _cause(error: BaseException) -> str:
    """The innermost reason of a urllib3 error, in a few words."""
    seen = error
    for _ in range(5):
        inner = getattr(seen, "reason", None) or seen.__context__ or seen.__cause__
        if inner is None or not isinstance(inner, BaseException):
            break
        seen = inner
    if isinstance(seen, ConnectionRefusedError):
        return "connection refused"
    if isinstance(seen, ConnectionResetError):
        return "connection reset"
    text = str(seen) or type(seen).__name__
    # urllib3 prefixes "<urllib3.connection.HTTPConnection object at 0x…>: "
    if text.startswith("<") and ">: " in text:
        text = text.split(">: ", 1)[1]
    if "Connection refused" in text:
        return "connection refused"
    return text[:200]


def _about(what: str) -> str:
    return f" (asking for {what})" if what else ""


def _size(count: int) -> str:
    if count >= 1 << 20:
        return f"{count / (1 << 20):.1f} MiB"
    if count >= 1 << 10:
        return f"{count / (1 << 10):.1f} KiB"
    return f"{count} bytes"

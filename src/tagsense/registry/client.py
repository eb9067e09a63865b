"""The registry client: resolve tags to digests, list tags, read manifests, as ``docker pull`` does.

>>> from tagsense.registry import Client
>>> with Client() as client:                                   # doctest: +SKIP
...     client.resolve("redis:7.2")                            # the digest docker pull pins
...     client.tags("ghcr.io/acme/api")                        # every tag, every page
...     client.resolve_many(["redis:7.2", "python:3.12-slim"])  # deduplicated, concurrent

The protocol (OCI distribution-spec, distribution 2.8):

- A tag is resolved with ``HEAD /v2/<name>/manifests/<tag>`` sending all four
  manifest media types (:data:`~tagsense.registry.manifest.ACCEPT`); the
  digest is ``Docker-Content-Digest``, and when a registry leaves it out the
  manifest is fetched (``GET``) and its bytes hashed. A multi-platform tag
  resolves to its index's digest, as ``docker pull`` pins it; ``platform``
  picks one platform's manifest instead.
- Tags are listed with ``/tags/list?n=1000``, following ``Link`` through
  every page (at most ``max_pages``).
- A registry is first asked ``GET /v2/`` (as Docker does), once a run: the
  answer says whether it wants a bearer token (``WWW-Authenticate: Bearer
  realm=…``) or Basic credentials. Tokens are asked from the realm with
  ``scope=repository:<name>:pull``, anonymously or with the credentials of
  the Docker config, and kept in memory until they expire.
- Plain HTTP only for loopback hosts and registries configured as insecure
  (HTTPS is tried first, as Docker does), TLS everywhere else.

Each distinct question (a ``(registry, repository, tag)``, a repository's tag
list, a manifest) is asked once a client, however many threads ask it; answers
are kept on disk in a :class:`~tagsense.registry.cache.Cache` (tag lists and
digests for ``ttl``, manifests for ever). Every error is a
:class:`~tagsense.registry.errors.RegistryError`, whose message never holds a
credential.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from urllib.parse import quote, urlencode, urljoin, urlsplit

from .._version import __version__
from ..reference import Reference, parse_reference
from ._auth import Challenge, TokenCache, parse_challenges
from ._credentials import HELPER_TIMEOUT, Credentials, Lookup, config_path, find_credentials
from ._hosts import Insecure, api_host, is_hub, login_hint
from ._http import Response, TLSFailed, Tracker, Transport, origin, retry_after
from .cache import DEFAULT_TTL, Cache
from .errors import (
    AuthenticationFailed,
    AuthenticationRequired,
    InvalidResponse,
    NotCached,
    NotFound,
    RateLimited,
    RegistryError,
    RegistryUnavailable,
    RegistryUsageError,
)
from .manifest import (
    ACCEPT,
    Manifest,
    Platform,
    check_digest,
    compute_digest,
    config_platform,
    is_digest,
    parse_manifest,
)
from .progress import Progress

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Iterable, Mapping
    from typing import Any, TypeVar

    K = TypeVar("K", bound=Hashable)
    V = TypeVar("V")

__all__ = ["Client"]

log = logging.getLogger("tagsense.registry")

#: Tags asked for a page (AWS ECR refuses more than 1000).
PAGE_SIZE = 1000
#: The largest response read, in bytes, unless the client is told otherwise.
MAX_BYTES = 8 << 20


class _Registry:
    """What a client knows about one registry: where it is, how it authenticates."""

    def __init__(self, name: str, base: str | None, fixed: bool) -> None:
        self.name = name
        self.base = base  # scheme://host, or None until the ping decides
        self.fixed = fixed  # an endpoint given by the configuration
        self.lock = threading.Lock()
        self.pinged = False
        self.failure: RegistryError | None = None
        self.challenge: Challenge | None = None
        self.lookup: Lookup | None = None


class _Memo:
    """Each key computed once; callers asking while it is computed wait for that answer."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._futures: dict[Hashable, Future[Any]] = {}

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        with self._lock:
            future = self._futures.get(key)
            owner = future is None
            if future is None:
                future = self._futures[key] = Future()
        if owner:
            try:
                future.set_result(compute())
            except BaseException as error:
                future.set_exception(error)
        return future.result()  # type: ignore[no-any-return]


class Client:
    """A registry client, safe to share between threads. Use it as a context manager, or
    :meth:`close` it.

    - ``cache``: ``None`` for the default on-disk cache, ``False`` for none, a
      :class:`~tagsense.registry.cache.Cache`, or a directory; ``ttl`` is how
      long tag lists and tag digests are used (seconds). ``offline`` answers
      from the cache alone (old entries too) and raises
      :class:`~tagsense.registry.errors.NotCached` for the rest; ``refresh``
      asks the registries again and updates the cache.
    - ``insecure``: registries (hosts, ``host:port``, CIDR ranges) that may be
      reached over plain HTTP, besides loopback hosts; ``endpoints``: where to
      reach a registry (``{"docker.io": "https://mirror.example"}``).
    - ``docker_config``: the Docker config file (default
      ``$DOCKER_CONFIG/config.json`` or ``~/.docker/config.json``);
      ``environ``: the environment for it, proxies and credential helpers
      (default ``os.environ``).
    - ``connect_timeout``, ``read_timeout`` (seconds); ``retries`` of a request
      on 429, 5xx, timeouts and dropped connections, ``backoff`` the first
      wait (doubled each time), ``max_retry_after`` the longest
      ``Retry-After`` waited for; ``max_bytes`` the largest response read;
      ``max_pages`` of a tag list.
    - ``workers``: concurrent requests in :meth:`resolve_many` and
      :meth:`tags_many`; ``progress``: called with a
      :class:`~tagsense.registry.progress.Progress` during those.
    """

    def __init__(
        self,
        *,
        cache: Cache | str | os.PathLike[str] | bool | None = None,
        ttl: float = DEFAULT_TTL,
        offline: bool = False,
        refresh: bool = False,
        insecure: Iterable[str] = (),
        endpoints: Mapping[str, str] | None = None,
        docker_config: str | os.PathLike[str] | None = None,
        environ: Mapping[str, str] | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_retry_after: float = 30.0,
        max_bytes: int = MAX_BYTES,
        max_pages: int = 1000,
        workers: int = 8,
        progress: Callable[[Progress], None] | None = None,
        helper_timeout: float = HELPER_TIMEOUT,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._environ: Mapping[str, str] = dict(os.environ if environ is None else environ)
        if cache is None or cache is True:
            self.cache: Cache | None = Cache(_default_dir(self._environ), ttl=ttl)
        elif cache is False:
            self.cache = None
        elif isinstance(cache, Cache):
            self.cache = cache
        else:
            self.cache = Cache(cache, ttl=ttl)
        self.offline = offline
        self.refresh = refresh
        self._insecure = Insecure(insecure)
        self._endpoints = {name: url.rstrip("/") for name, url in (endpoints or {}).items()}
        self._config_path = (
            os.fspath(docker_config) if docker_config is not None else config_path(self._environ)
        )
        self._transport_options = {
            "connect_timeout": connect_timeout,
            "read_timeout": read_timeout,
            "retries": retries,
            "backoff": backoff,
            "max_retry_after": max_retry_after,
            "max_bytes": max_bytes,
        }
        self._max_pages = max_pages
        self._workers = max(1, workers)
        self._progress = progress
        self._helper_timeout = helper_timeout
        self._sleep = sleep
        self._tracker = Tracker()
        self._transport: Transport | None = None
        self._lock = threading.Lock()
        self._registries: dict[str, _Registry] = {}
        self._tokens = TokenCache()
        self._tags = _Memo()
        self._digests = _Memo()
        self._manifests = _Memo()
        self._blobs = _Memo()
        self._pins = _Memo()
        self._secrets: set[str] = set()

    # --- life -------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connections (the client may still be used: they reopen)."""
        with self._lock:
            transport, self._transport = self._transport, None
        if transport is not None:
            transport.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def requests(self) -> dict[str, int]:
        """How many HTTP requests were sent, per host (retries and token requests count)."""
        return dict(self._tracker.requests)

    def __repr__(self) -> str:
        mode = " offline" if self.offline else " refresh" if self.refresh else ""
        return f"<Client{mode} cache={self.cache!r}>"

    # --- the questions ------------------------------------------------------------------

    def resolve(self, reference: Reference | str, *, platform: Platform | str | None = None) -> str:
        """The digest ``reference``'s tag points at today: what ``docker pull`` pins.

        A reference without a tag is ``latest``; one with a digest and no tag
        is its digest; one with both has its tag resolved (a pin that differs is
        stale: see :meth:`pin_digest`). For a multi-platform tag this is the
        index's digest, unless ``platform`` (``linux/arm64``) asks for one
        platform's manifest.

        >>> Client(cache=False).resolve("Redis")
        Traceback (most recent call last):
          ...
        tagsense.errors.InvalidReference: invalid reference: repository name must be lowercase ...
        """
        ref = self._reference(reference)
        wanted = Platform.parse(platform) if platform is not None else None
        return self._guard(lambda: self._resolve(ref, wanted))

    def resolve_many(
        self, references: Iterable[Reference | str], *, platform: Platform | str | None = None
    ) -> dict[Reference, str | RegistryError]:
        """:meth:`resolve` for many references at once, each distinct one asked once,
        ``workers`` at a time. Every reference gets its digest or its error: one
        failure does not stop the others. Raises for a reference that does not
        parse (before anything is asked)."""
        refs = list(dict.fromkeys(self._reference(item) for item in references))
        wanted = Platform.parse(platform) if platform is not None else None
        return self._batch(refs, lambda ref: self._resolve(ref, wanted))

    def tags(self, repository: Reference | str) -> list[str]:
        """Every tag of ``repository`` (``ghcr.io/acme/api``, ``redis``; a tag or digest in it
        is ignored), in the registry's order, every page followed."""
        ref = self._reference(repository)
        return self._guard(lambda: list(self._tag_list(ref)))

    def tags_many(
        self, repositories: Iterable[Reference | str]
    ) -> dict[str, list[str] | RegistryError]:
        """:meth:`tags` for many repositories at once, keyed by their names
        (``docker.io/library/redis``)."""
        refs = list(
            dict.fromkeys(
                self._reference(item).with_tag(None).with_digest(None) for item in repositories
            )
        )
        found = self._batch(refs, lambda ref: list(self._tag_list(ref)))
        return {ref.name: value for ref, value in found.items()}

    def manifest(self, reference: Reference | str) -> Manifest:
        """The manifest ``reference`` names (by its digest, else by its tag), as stored."""
        ref = self._reference(reference)
        return self._guard(lambda: self._manifest_of(ref))

    def pin_digest(self, reference: Reference | str) -> str:
        """The digest a pinned reference should carry today.

        The tag's digest, except where the reference is pinned to one
        platform's manifest of a multi-platform tag: then that platform's
        manifest in the tag's index today (a platform pin stays one). A
        reference pinned by a digest alone keeps it.
        """
        ref = self._reference(reference)
        return self._guard(lambda: self._pin(ref))

    # --- plumbing: references, errors, batches ----------------------------------------

    def _reference(self, reference: Reference | str) -> Reference:
        ref = reference if isinstance(reference, Reference) else parse_reference(reference)
        if not ref.registry:
            raise RegistryUsageError(f"{ref} names no registry: parse it with normalize=True")
        return ref

    def _guard(self, call: Callable[[], V]) -> V:
        try:
            return call()
        except RegistryError as error:
            raise self._scrubbed(error) from None

    def _scrubbed(self, error: RegistryError) -> RegistryError:
        # Defence in depth: no message leaves with a secret in it, whatever a server echoed.
        secrets = self._secret_values()
        text = error.message
        if any(secret in text for secret in secrets):
            for secret in secrets:
                text = text.replace(secret, "***")
            error.message = text
            error.args = (text,)
        return error

    def _secret_values(self) -> list[str]:
        with self._lock:
            values = set(self._secrets)
        values.update(self._tokens.secrets())
        return sorted((v for v in values if len(v) >= 4), key=len, reverse=True)

    def _batch(self, items: list[K], work: Callable[[K], V]) -> dict[K, V | RegistryError]:
        results: dict[K, V | RegistryError] = {}
        total = len(items)
        began = time.monotonic()
        self._report(0, total, began)
        if not items:
            return results
        pool = ThreadPoolExecutor(
            max_workers=min(self._workers, total), thread_name_prefix="tagsense-registry"
        )
        try:
            futures = {pool.submit(work, item): item for item in items}
            pending = set(futures)
            while pending:
                finished, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                for future in finished:
                    try:
                        results[futures[future]] = future.result()
                    except RegistryError as error:
                        results[futures[future]] = self._scrubbed(error)
                self._report(len(results), total, began)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        return {item: results[item] for item in items}

    def _report(self, done: int, total: int, began: float) -> None:
        if self._progress is None:
            return
        slow, waiting = self._tracker.snapshot()
        self._progress(Progress(done, total, time.monotonic() - began, slow=slow, waiting=waiting))

    # --- resolving ------------------------------------------------------------------------

    def _resolve(self, ref: Reference, platform: Platform | None) -> str:
        if ref.tag is None and ref.digest is not None and platform is None:
            return ref.digest
        tag = ref.tag or "latest"
        if ref.tag is None and ref.digest is not None:
            digest = ref.digest
        else:
            digest, _ = self._tag_digest(ref.registry, ref.repository, tag)
        if platform is None:
            return digest
        return self._for_platform(ref, digest, platform)

    def _tag_digest(self, registry: str, repository: str, tag: str) -> tuple[str, str | None]:
        key = (registry, repository, tag)
        return self._digests.get(key, lambda: self._fetch_tag_digest(registry, repository, tag))

    def _fetch_tag_digest(self, registry: str, repository: str, tag: str) -> tuple[str, str | None]:
        key = (registry, repository, tag)
        name = f"{registry}/{repository}:{tag}"
        cached = self._cached("digest", key, name)
        if isinstance(cached, dict) and is_digest(str(cached.get("digest"))):
            media = cached.get("media_type")
            return str(cached["digest"]), media if isinstance(media, str) else None
        reg = self._registry(registry)
        path = f"/v2/{repository}/manifests/{quote(tag, safe='')}"
        what = f"the manifest of {name}"
        method = "HEAD"
        response = self._request(reg, method, path, repository=repository, what=what)
        if response.status == 405:  # a registry that refuses HEAD (before distribution 2.3)
            method = "GET"
            response = self._request(reg, method, path, repository=repository, what=what)
        self._check_status(response, reg, name, what, kind="manifest", repository=repository)
        header = response.headers.get("docker-content-digest", "").strip()
        if header and not is_digest(header):
            raise InvalidResponse(
                f"{reg.name} sent an invalid Docker-Content-Digest for {name}", name=name
            )
        if method == "HEAD" and header:
            digest, media_type = header, _media(response.headers.get("content-type"))
        else:
            if method == "HEAD":
                # No digest in the answer: the manifest itself, hashed exactly as received.
                method = "GET"
                response = self._request(reg, method, path, repository=repository, what=what)
                self._check_status(
                    response, reg, name, what, kind="manifest", repository=repository
                )
                header = response.headers.get("docker-content-digest", "").strip()
            digest = compute_digest(response.body)
            if header and is_digest(header) and header != digest:
                if not check_digest(response.body, header):
                    raise InvalidResponse(
                        f"the manifest {reg.name} sent for {name} does not match its "
                        "Docker-Content-Digest",
                        name=name,
                    )
                digest = header  # the registry's algorithm (sha512), checked
            manifest = self._manifest_from(response, name, digest)
            media_type = manifest.media_type
        if self.cache is not None:
            self.cache.put("digest", key, {"digest": digest, "media_type": media_type})
        return digest, media_type

    def _manifest_from(self, response: Response, name: str, digest: str) -> Manifest:
        """A manifest read from an answer, checked against ``digest``, and cached."""
        if not check_digest(response.body, digest):
            raise InvalidResponse(
                f"the manifest sent for {name} does not match its digest {digest}", name=name
            )
        manifest = parse_manifest(
            response.body, response.headers.get("content-type"), digest, name=name
        )
        if self.cache is not None:
            self.cache.put_bytes("manifest", (digest,), manifest.data, manifest.media_type)
        return manifest

    def _for_platform(self, ref: Reference, digest: str, platform: Platform) -> str:
        name = f"{ref.name}:{ref.tag or 'latest'}"
        manifest = self._manifest_by_digest(ref.registry, ref.repository, digest, name)
        if manifest.is_index:
            child = manifest.for_platform(platform)
            if child is None:
                have = ", ".join(sorted({str(p) for p in manifest.platforms})) or "none"
                raise NotFound(f"{name} has no image for {platform} (it has: {have})", name=name)
            return child.digest
        found = self._image_platform(ref, manifest, name)
        if found is not None and not platform.matches(found):
            raise NotFound(f"{name} is an image for {found} only, not for {platform}", name=name)
        return digest

    def _image_platform(self, ref: Reference, manifest: Manifest, name: str) -> Platform | None:
        if manifest.config is None:
            return None
        config = self._blob(ref.registry, ref.repository, manifest.config.digest, name)
        return config_platform(config)

    def _pin(self, ref: Reference) -> str:
        if ref.tag is None and ref.digest is not None:
            return ref.digest  # pinned by digest alone: no tag to follow
        current, _ = self._tag_digest(ref.registry, ref.repository, ref.tag or "latest")
        old = ref.digest
        if old is None or old == current:
            return current
        name = f"{ref.name}:{ref.tag or 'latest'}"
        index = self._manifest_by_digest(ref.registry, ref.repository, current, name)
        if not index.is_index:
            return current
        try:
            pinned = self._manifest_by_digest(
                ref.registry, ref.repository, old, f"{ref.name}@{old}"
            )
        except NotFound:
            return current  # the old manifest is gone: nothing says which platform it was
        if pinned.is_index:
            return current
        platform = self._image_platform(ref, pinned, f"{ref.name}@{old}")
        if platform is None:
            return current
        child = index.for_platform(platform)
        return child.digest if child is not None else current

    # --- manifests and blobs --------------------------------------------------------------

    def _manifest_of(self, ref: Reference) -> Manifest:
        if ref.digest is not None:
            return self._manifest_by_digest(ref.registry, ref.repository, ref.digest, str(ref))
        digest, _ = self._tag_digest(ref.registry, ref.repository, ref.tag or "latest")
        return self._manifest_by_digest(
            ref.registry, ref.repository, digest, f"{ref.name}:{ref.tag or 'latest'}"
        )

    def _manifest_by_digest(
        self, registry: str, repository: str, digest: str, name: str
    ) -> Manifest:
        def fetch() -> Manifest:
            if self.cache is not None and not self.refresh:
                found = self.cache.get_bytes("manifest", (digest,))
                if found is not None and check_digest(found[0], digest):
                    try:
                        return parse_manifest(found[0], found[1], digest, name=name)
                    except InvalidResponse:
                        pass
            if self.offline:
                raise NotCached(f"the manifest of {name} is not in the cache (offline)", name=name)
            reg = self._registry(registry)
            path = f"/v2/{repository}/manifests/{digest}"
            what = f"the manifest of {name}"
            response = self._request(reg, "GET", path, repository=repository, what=what)
            self._check_status(response, reg, name, what, kind="manifest", repository=repository)
            return self._manifest_from(response, name, digest)

        return self._manifests.get(digest, fetch)

    def _blob(self, registry: str, repository: str, digest: str, name: str) -> bytes:
        """A small blob (an image config), by digest: cached for ever, checked."""

        def fetch() -> bytes:
            if self.cache is not None and not self.refresh:
                found = self.cache.get_bytes("blob", (digest,))
                if found is not None and check_digest(found[0], digest):
                    return found[0]
            if self.offline:
                raise NotCached(f"the image config of {name} is not in the cache (offline)")
            reg = self._registry(registry)
            what = f"the image config of {name}"
            response = self._request(
                reg,
                "GET",
                f"/v2/{repository}/blobs/{digest}",
                repository=repository,
                what=what,
                cross_host=True,  # blobs are often served by a CDN
                accept=None,
            )
            self._check_status(response, reg, name, what, kind="blob", repository=repository)
            if not check_digest(response.body, digest):
                raise InvalidResponse(f"{what} does not match its digest {digest}", name=name)
            if self.cache is not None:
                self.cache.put_bytes("blob", (digest,), response.body, "application/octet-stream")
            return response.body

        return self._blobs.get(digest, fetch)

    # --- tag lists -----------------------------------------------------------------------

    def _tag_list(self, ref: Reference) -> tuple[str, ...]:
        key = (ref.registry, ref.repository)
        return self._tags.get(key, lambda: self._fetch_tags(ref.registry, ref.repository))

    def _fetch_tags(self, registry: str, repository: str) -> tuple[str, ...]:
        name = f"{registry}/{repository}"
        cached = self._cached("tags", (registry, repository), name)
        if isinstance(cached, list) and all(isinstance(tag, str) for tag in cached):
            return tuple(cached)
        reg = self._registry(registry)
        what = f"the tags of {name}"
        url_path = f"/v2/{repository}/tags/list?n={PAGE_SIZE}"
        tags: dict[str, None] = {}
        seen: set[str] = set()
        for _ in range(self._max_pages):
            seen.add(url_path)
            response = self._request(
                reg,
                "GET",
                url_path,
                repository=repository,
                what=what,
                accept="application/json",
            )
            self._check_status(response, reg, name, what, kind="tags", repository=repository)
            try:
                document = json.loads(response.body)
                page = document.get("tags") if isinstance(document, dict) else None
            except (ValueError, UnicodeDecodeError):
                raise InvalidResponse(
                    f"{what}: {reg.name} did not answer JSON", name=name
                ) from None
            if page is None:
                page = []
            if not isinstance(page, list) or not all(isinstance(tag, str) for tag in page):
                raise InvalidResponse(f"{what}: {reg.name} answered no list of tags", name=name)
            tags.update(dict.fromkeys(page))
            following = _next_link(response.headers.get("link", ""))
            if following is None:
                break
            url_path = self._same_origin_path(reg, response.url, following, what, name)
            if url_path in seen:
                raise InvalidResponse(f"{what}: {reg.name} links a page twice", name=name)
        else:
            raise InvalidResponse(f"{what}: more than {self._max_pages} pages, stopped", name=name)
        result = tuple(tags)
        if self.cache is not None:
            self.cache.put("tags", (registry, repository), list(result))
        return result

    def _same_origin_path(self, reg: _Registry, here: str, link: str, what: str, name: str) -> str:
        target = urljoin(here, link)
        if origin(target) != origin(here):
            raise InvalidResponse(
                f"{what}: {reg.name} links the next page to another host "
                f"({urlsplit(target).netloc}): not followed",
                name=name,
            )
        parts = urlsplit(target)
        return parts.path + ("?" + parts.query if parts.query else "")

    # --- the cache --------------------------------------------------------------------

    def _cached(self, kind: str, key: tuple[str, ...], name: str) -> Any:
        """A cached answer, or None to ask the registry; offline, a miss is an error."""
        if self.cache is not None and not self.refresh:
            found = self.cache.get(kind, key, fresh=not self.offline)
            if found is not None:
                return found
        if self.offline:
            what = "the tags of" if kind == "tags" else "the digest of"
            raise NotCached(f"{what} {name} not in the cache (offline)", name=name)
        return None

    # --- requests, with authentication -----------------------------------------------------

    def _transport_for(self) -> Transport:
        with self._lock:
            if self._transport is None:
                self._transport = Transport(
                    environ=self._environ,
                    pool_size=self._workers,
                    user_agent=f"tagsense/{__version__}",
                    sleep=self._sleep,
                    tracker=self._tracker,
                    **self._transport_options,  # type: ignore[arg-type]
                )
            return self._transport

    def _registry(self, name: str) -> _Registry:
        with self._lock:
            reg = self._registries.get(name)
            if reg is None:
                endpoint = self._endpoints.get(name)
                reg = _Registry(name, endpoint, fixed=endpoint is not None)
                self._registries[name] = reg
        self._ping(reg)
        return reg

    def _ping(self, reg: _Registry) -> None:
        """``GET /v2/`` once a run: which scheme, and which authentication."""
        with reg.lock:
            if reg.failure is not None:
                raise copy.copy(reg.failure)  # each caller its own (tracebacks are per raise)
            if reg.pinged:
                return
            host = api_host(reg.name)
            bases = [reg.base] if reg.base is not None else [f"https://{host}"]
            if reg.base is None and self._insecure.allows(host):
                bases.append(f"http://{host}")  # as Docker: HTTPS first, then plain HTTP
            transport = self._transport_for()
            for index, base in enumerate(bases):
                try:
                    response = transport.request(
                        "GET", base + "/v2/", headers={}, what="", max_bytes=1 << 16
                    )
                except RegistryUnavailable as error:
                    if index + 1 < len(bases):
                        continue
                    if isinstance(error, TLSFailed):
                        error = RegistryUnavailable(
                            f"{error}; plain HTTP is allowed only for loopback hosts and "
                            "registries configured as insecure",
                            name=reg.name,
                        )
                    reg.failure = error
                    raise error from None
                reg.base = base
                if response.status == 401:
                    reg.challenge = _pick_challenge(response.headers.get("www-authenticate", ""))
                break
            reg.pinged = True

    def _credentials(self, reg: _Registry) -> Lookup:
        with reg.lock:
            if reg.lookup is None:
                reg.lookup = find_credentials(
                    reg.name,
                    path=self._config_path,
                    environ=self._environ,
                    helper_timeout=self._helper_timeout,
                )
                if reg.lookup.credentials is not None:
                    with self._lock:
                        self._secrets.update(reg.lookup.credentials.secrets)
            return reg.lookup

    def _authorization(self, reg: _Registry, repository: str, name: str) -> dict[str, str]:
        """The ``Authorization`` header for a request about ``repository``, if one is due."""
        challenge = reg.challenge
        if challenge is None:
            return {}
        credentials = self._credentials(reg).credentials
        if challenge.scheme == "basic":
            basic = credentials.basic if credentials is not None else None
            return {"Authorization": basic} if basic else {}
        if challenge.scheme != "bearer":
            return {}
        if credentials is not None and credentials.registry_token:
            return {"Authorization": f"Bearer {credentials.registry_token}"}
        scope = f"repository:{repository}:pull"
        token = self._token(reg, challenge, scope, credentials, name)
        return {"Authorization": f"Bearer {token}"}

    def _token(
        self,
        reg: _Registry,
        challenge: Challenge,
        scope: str,
        credentials: Credentials | None,
        name: str,
    ) -> str:
        realm = challenge.params.get("realm", "")
        service = challenge.params.get("service", "")
        key = (realm, service, scope)
        return self._tokens.get_or_fetch(
            key, lambda: self._fetch_token(reg, realm, service, scope, credentials, name)
        )

    def _fetch_token(
        self,
        reg: _Registry,
        realm: str,
        service: str,
        scope: str,
        credentials: Credentials | None,
        name: str,
    ) -> tuple[str, float | None]:
        parts = urlsplit(realm)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise InvalidResponse(
                f"{reg.name} asks for a token from an invalid realm {realm!r}", name=name
            )
        if parts.scheme == "http" and not (
            self._insecure.allows(parts.netloc) or urlsplit(reg.base or "").netloc == parts.netloc
        ):
            raise InvalidResponse(
                f"{reg.name} asks for a token from {parts.netloc} over plain HTTP: refused",
                name=name,
            )
        what = f"a token for {name}"
        transport = self._transport_for()
        if credentials is not None and credentials.identity_token:
            form = {
                "grant_type": "refresh_token",
                "refresh_token": credentials.identity_token,
                "service": service,
                "scope": scope,
                "client_id": "tagsense",
            }
            response = transport.request(
                "POST",
                realm,
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                body=urlencode(form).encode(),
                what=what,
                max_bytes=1 << 20,
            )
        else:
            query = urlencode([(k, v) for k, v in (("service", service), ("scope", scope)) if v])
            url = realm + ("&" if parts.query else "?") + query
            headers = {}
            basic = credentials.basic if credentials is not None else None
            if basic:
                headers["Authorization"] = basic
            response = transport.request("GET", url, headers=headers, what=what, max_bytes=1 << 20)
        if response.status in (401, 403):
            if credentials is None:
                raise self._login_required(reg, name)
            raise AuthenticationFailed(
                f"the token server {parts.netloc} refused the credentials for {name} "
                f"(from {credentials.source}): log in again with `{login_hint(reg.name)}`",
                name=name,
            )
        if response.status == 429:
            raise self._rate_limited(response, parts.netloc, what, name)
        if response.status != 200:
            raise RegistryUnavailable(
                f"the token server {parts.netloc} answered {response.status} {response.reason} "
                f"for {name}",
                name=name,
            )
        try:
            document = json.loads(response.body)
        except (ValueError, UnicodeDecodeError):
            raise InvalidResponse(
                f"the token server {parts.netloc} did not answer JSON for {name}", name=name
            ) from None
        if not isinstance(document, dict):
            document = {}
        token = document.get("token") or document.get("access_token")
        if not isinstance(token, str) or not token:
            raise InvalidResponse(
                f"the token server {parts.netloc} answered no token for {name}", name=name
            )
        with self._lock:
            self._secrets.add(token)
        expires = document.get("expires_in")
        return token, float(expires) if isinstance(expires, int | float) else None

    def _login_required(self, reg: _Registry, name: str) -> AuthenticationRequired:
        note = self._credentials(reg).note
        message = f"authentication required for {name}: log in with `{login_hint(reg.name)}`"
        if note:
            message += f" ({note})"
        return AuthenticationRequired(message, name=name)

    def _request(
        self,
        reg: _Registry,
        method: str,
        path: str,
        *,
        repository: str,
        what: str,
        accept: str | None = ACCEPT,
        cross_host: bool = False,
    ) -> Response:
        """A request about ``repository``, authenticated as the registry asks (once more
        after a 401 with a new challenge)."""
        transport = self._transport_for()
        assert reg.base is not None
        headers = {"Accept": accept} if accept else {}
        # Access is granted by repository: authentication errors name it.
        name = f"{reg.name}/{repository}"
        auth = self._authorization(reg, repository, name)
        response = transport.request(
            method, reg.base + path, headers={**headers, **auth}, what=what, cross_host=cross_host
        )
        if response.status != 401:
            return response
        retry = self._answer_challenge(reg, response, auth, repository, name)
        response = transport.request(
            method, reg.base + path, headers={**headers, **retry}, what=what, cross_host=cross_host
        )
        if response.status == 401:
            raise self._unauthorized(reg, name)
        return response

    def _answer_challenge(
        self,
        reg: _Registry,
        response: Response,
        sent: Mapping[str, str],
        repository: str,
        name: str,
    ) -> dict[str, str]:
        """The ``Authorization`` to retry with after a 401; raises when none can help."""
        challenge = _pick_challenge(response.headers.get("www-authenticate", ""))
        credentials = self._credentials(reg).credentials
        if challenge is None:
            raise self._unauthorized(reg, name)
        if challenge.scheme == "basic":
            basic = credentials.basic if credentials is not None else None
            if basic is None or sent.get("Authorization") == basic:
                raise self._unauthorized(reg, name)
            with reg.lock:
                reg.challenge = challenge  # the next requests send it at once
            return {"Authorization": basic}
        if credentials is not None and credentials.registry_token:
            raise self._unauthorized(reg, name)  # a registry token is all there is
        scope = challenge.params.get("scope") or f"repository:{repository}:pull"
        realm, service = challenge.params.get("realm", ""), challenge.params.get("service", "")
        key = (realm, service, scope)
        if sent:
            if (
                challenge.params.get("error") == "insufficient_scope"
                and sent.get("Authorization") == f"Bearer {self._tokens.get(key)}"
            ):
                # The token for this very scope does not give access: another will not either.
                raise self._unauthorized(reg, name)
            self._tokens.drop(key)  # expired, or revoked: ask again, once
        with reg.lock:
            reg.challenge = challenge
        token = self._token(reg, challenge, scope, credentials, name)
        retry = {"Authorization": f"Bearer {token}"}
        if retry == dict(sent):
            raise self._unauthorized(reg, name)
        return retry

    def _unauthorized(self, reg: _Registry, name: str) -> RegistryError:
        credentials = self._credentials(reg).credentials
        if credentials is None:
            return self._login_required(reg, name)
        return AuthenticationFailed(
            f"{reg.name} refused access to {name} with the credentials from {credentials.source}:"
            f" check them, or log in again with `{login_hint(reg.name)}`",
            name=name,
        )

    def _check_status(
        self,
        response: Response,
        reg: _Registry,
        name: str,
        what: str,
        *,
        kind: str,
        repository: str,
    ) -> None:
        status = response.status
        if 200 <= status < 300:
            return
        detail = _error_detail(response)
        if status == 404:
            if kind == "tags" or "NAME_UNKNOWN" in detail:
                raise NotFound(f"repository {reg.name}/{repository} not found", name=name)
            if response.body:
                raise NotFound(f"{name} not found{_detail(detail)}", name=name)
            raise NotFound(f"{name} not found (no such repository, or no such tag)", name=name)
        if status == 403:
            credentials = self._credentials(reg).credentials
            if credentials is None:
                raise self._login_required(reg, name)
            raise AuthenticationFailed(
                f"{reg.name} denied access to {name}{_detail(detail)} "
                f"(credentials from {credentials.source})",
                name=name,
            )
        if status == 429:
            raise self._rate_limited(response, reg.name, what, name)
        if status >= 500:
            raise RegistryUnavailable(
                f"{reg.name} failed ({status} {response.reason}) for {what}{_detail(detail)}",
                name=name,
            )
        raise InvalidResponse(
            f"{reg.name} answered {status} {response.reason} for {what}{_detail(detail)}",
            name=name,
        )

    def _rate_limited(self, response: Response, host: str, what: str, name: str) -> RateLimited:
        wait = retry_after(response.headers.get("retry-after"))
        parts = [f"{host} is rate limiting requests (429) for {what}"]
        limit = response.headers.get("ratelimit-limit", "").split(";")[0].strip()
        remaining = response.headers.get("ratelimit-remaining", "").split(";")[0].strip()
        if limit.isdigit() and remaining.isdigit():
            parts.append(f"{remaining} of {limit} requests left")
        if wait is not None:
            parts.append(f"retry after {wait:.0f} s")
        if is_hub(host) or host == "registry-1.docker.io":
            parts.append("logging in (`docker login`) raises Docker Hub's limit")
        return RateLimited("; ".join(parts), name=name, retry_after=wait)


# --- helpers ---------------------------------------------------------------------------


def _default_dir(environ: Mapping[str, str]) -> str:
    from .cache import default_cache_dir

    return default_cache_dir(environ)


def _media(content_type: str | None) -> str | None:
    value = (content_type or "").split(";")[0].strip().lower()
    return value or None


def _pick_challenge(header: str) -> Challenge | None:
    """The challenge to answer: Bearer over Basic, as Docker prefers it."""
    challenges = parse_challenges(header)
    for scheme in ("bearer", "basic"):
        for challenge in challenges:
            if challenge.scheme == scheme:
                return challenge
    return None


def _next_link(header: str) -> str | None:
    """The ``rel="next"`` target of a ``Link`` header."""
    for part in header.split(","):
        target, _, params = part.partition(";")
        target = target.strip()
        if not (target.startswith("<") and target.endswith(">")):
            continue
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "rel" and "next" in value.strip().strip('"').split():
                return target[1:-1]
    return None


def _error_detail(response: Response) -> str:
    """The registry's error codes and messages (``{"errors": [...]}``), short and printable."""
    if not response.body or len(response.body) > 1 << 16:
        return ""
    try:
        document = json.loads(response.body)
    except (ValueError, UnicodeDecodeError):
        return ""
    errors = document.get("errors") if isinstance(document, dict) else None
    if not isinstance(errors, list):
        return ""
    pieces = []
    for item in errors[:3]:
        if isinstance(item, dict):
            code = str(item.get("code", "")).strip()
            message = str(item.get("message", "")).strip()
            pieces.append(": ".join(p for p in (code, message) if p))
    text = "; ".join(p for p in pieces if p)
    text = "".join(c if c.isprintable() else " " for c in text)
    return text[:200]


def _detail(detail: str) -> str:
    return f" ({detail})" if detail else ""

"""A real registry for the tests and the benchmark: Debian's ``docker-registry``, seeded through
its API, with servers of our own in front of it and beside it.

- :class:`RegistryServer` runs ``docker-registry serve`` (distribution 2.8.2) on a free port of
  127.0.0.1, with storage in a temporary directory; optionally with ``auth: token`` (the
  Docker token flow, against :class:`TokenServer`).
- :class:`Seeder` pushes blobs and manifests through the registry's API: Docker v2 and OCI
  image manifests, OCI indexes and Docker manifest lists, tags that share digests.
- :class:`FaultProxy` stands in front of a registry and does what 2.8.2 does not: pagination
  with ``n``, ``last`` and ``Link``; 429 with ``Retry-After`` and ``ratelimit-*``; answers
  without ``Docker-Content-Digest``; latency; redirects to another host; Basic authentication;
  any canned answer. It logs every request it gets.
- :class:`TokenServer` issues the RS256 JWTs distribution verifies (signed with ``openssl``),
  anonymously for public repositories, with Basic credentials or an identity token for
  private ones.
- :class:`Recorder` is another host: it answers a fixed response and logs what it got.

Only the standard library (and ``openssl`` for the token registry).
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import http.server
import itertools
import json
import os
import secrets
import shutil
import socket
import subprocess
import threading
import time
import urllib.parse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from pathlib import Path

OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"
DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip"

SERVICE = "tagsense-test"
ISSUER = "tagsense-test-issuer"


def find_registry_binary() -> str | None:
    """The distribution binary: $TAGSENSE_TEST_REGISTRY, else docker-registry or registry."""
    override = os.environ.get("TAGSENSE_TEST_REGISTRY")
    if override:
        return override if os.access(override, os.X_OK) else None
    for name in ("docker-registry", "registry"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/docker-registry" if os.access("/usr/bin/docker-registry", os.X_OK) else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def digest_of(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


# --- the registry --------------------------------------------------------------------------------


class RegistryServer:
    """``docker-registry serve`` on 127.0.0.1, storage in ``root``; ``token`` for token auth."""

    def __init__(
        self,
        binary: str,
        workdir: Path,
        storage: Path,
        *,
        token: tuple[str, Path] | None = None,
    ) -> None:
        self.binary = binary
        self.workdir = workdir
        self.storage = storage
        self.token = token  # (realm, root certificate bundle)
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.host}"

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        last_error = ""
        for _ in range(5):  # a port taken between choosing and binding: choose again
            self.port = free_port()
            config = self.workdir / "config.yml"
            lines = [
                "version: 0.1",
                "log:",
                "  level: error",
                "  accesslog:",
                "    disabled: true",
                "storage:",
                "  filesystem:",
                f"    rootdirectory: {self.storage}",
                "  delete:",
                "    enabled: true",
                "http:",
                f"  addr: 127.0.0.1:{self.port}",
            ]
            if self.token is not None:
                realm, bundle = self.token
                lines += [
                    "auth:",
                    "  token:",
                    f"    realm: {realm}",
                    f"    service: {SERVICE}",
                    f"    issuer: {ISSUER}",
                    f"    rootcertbundle: {bundle}",
                ]
            config.write_text("\n".join(lines) + "\n")
            log = open(self.workdir / "registry.log", "wb")  # noqa: SIM115 - kept for the process
            self.process = subprocess.Popen(
                [self.binary, "serve", str(config)],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
            log.close()
            if self._wait_ready():
                return
            self.stop()
            last_error = (self.workdir / "registry.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"{self.binary} did not start: {last_error}")

    def _wait_ready(self, timeout: float = 15.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                return False
            try:
                status, _, _ = request("GET", self.url + "/v2/", timeout=1.0)
            except OSError:
                time.sleep(0.05)
                continue
            if status in (200, 401):
                return True
            time.sleep(0.05)
        return False

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


_CONNECTIONS = threading.local()


class _Connection(http.client.HTTPConnection):
    def connect(self) -> None:
        super().connect()
        # http.client sends a body apart from its headers: without this, Nagle's algorithm
        # and delayed ACKs hold each upload back 40 ms.
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def request(
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 10.0,
) -> tuple[int, dict[str, str], bytes]:
    """One plain HTTP request (the harness's own client): status, headers, body.

    Connections are kept alive, one per host and thread.
    """
    parts = urllib.parse.urlsplit(url)
    pool: dict[str, http.client.HTTPConnection] = _CONNECTIONS.__dict__.setdefault("pool", {})
    path = parts.path + ("?" + parts.query if parts.query else "")
    for attempt in range(2):
        connection = pool.get(parts.netloc)
        if connection is None or attempt:
            connection = pool[parts.netloc] = _Connection(parts.netloc, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            data = response.read()
        except (http.client.HTTPException, ConnectionError):
            connection.close()
            pool.pop(parts.netloc, None)
            if attempt:
                raise
            continue
        if response.will_close:
            connection.close()
            pool.pop(parts.netloc, None)
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data
    raise AssertionError("unreachable")


# --- seeding -------------------------------------------------------------------------------------


class Seeder:
    """Push content through the registry API. ``seen`` records every tag pushed: tag → digest."""

    def __init__(self, url: str, headers: dict[str, str] | None = None) -> None:
        self.url = url
        self.headers = headers or {}
        self.tags: dict[tuple[str, str], str] = {}
        self.media_types: dict[str, str] = {}
        self.platforms: dict[tuple[str, str, str], str] = {}
        self._counter = itertools.count(1)

    def blob(self, repository: str, data: bytes) -> str:
        digest = digest_of(data)
        status, headers, body = request(
            "POST", f"{self.url}/v2/{repository}/blobs/uploads/", headers=self.headers
        )
        if status != 202:
            raise RuntimeError(f"upload start: {status} {body[:200]!r}")
        location = urllib.parse.urljoin(self.url, headers["location"])
        separator = "&" if "?" in location else "?"
        status, _, body = request(
            "PUT",
            f"{location}{separator}digest={digest}",
            body=data,
            headers={**self.headers, "Content-Type": "application/octet-stream"},
        )
        if status != 201:
            raise RuntimeError(f"upload: {status} {body[:200]!r}")
        return digest

    def manifest(self, repository: str, reference: str, data: bytes, media_type: str) -> str:
        status, _, body = request(
            "PUT",
            f"{self.url}/v2/{repository}/manifests/{reference}",
            body=data,
            headers={**self.headers, "Content-Type": media_type},
        )
        if status != 201:
            raise RuntimeError(f"manifest {repository}:{reference}: {status} {body[:300]!r}")
        digest = digest_of(data)
        self.media_types[digest] = media_type
        return digest

    def image(
        self,
        repository: str,
        tags: Iterable[str] = (),
        *,
        platform: str = "linux/amd64",
        oci: bool = False,
        layers: int = 1,
    ) -> tuple[str, bytes]:
        """A one-platform image (config + layers + manifest), tagged ``tags``."""
        seed = next(self._counter)
        os_name, arch, *variant = platform.split("/")
        config: dict[str, Any] = {
            "architecture": arch,
            "os": os_name,
            "rootfs": {"type": "layers", "diff_ids": []},
            "config": {"Labels": {"seed": str(seed)}},
        }
        if variant:
            config["variant"] = variant[0]
        layer_entries = []
        for index in range(layers):
            layer = f"layer {seed}.{index} {repository}".encode() + secrets.token_bytes(8)
            layer_digest = self.blob(repository, layer)
            config["rootfs"]["diff_ids"].append(layer_digest)
            layer_entries.append(
                {
                    "mediaType": OCI_LAYER if oci else DOCKER_LAYER,
                    "digest": layer_digest,
                    "size": len(layer),
                }
            )
        config_data = json.dumps(config, indent=2).encode()
        config_digest = self.blob(repository, config_data)
        document = {
            "schemaVersion": 2,
            "mediaType": OCI_MANIFEST if oci else DOCKER_MANIFEST,
            "config": {
                "mediaType": OCI_CONFIG if oci else DOCKER_CONFIG,
                "digest": config_digest,
                "size": len(config_data),
            },
            "layers": layer_entries,
        }
        # Indented, as real tools write them: a digest is of these bytes, never re-serialised.
        data = json.dumps(document, indent=3).encode()
        media_type = OCI_MANIFEST if oci else DOCKER_MANIFEST
        digest = self.manifest(repository, digest_of(data), data, media_type)
        for tag in tags:
            self.manifest(repository, tag, data, media_type)
            self.tags[(repository, tag)] = digest
        return digest, data

    def index(
        self,
        repository: str,
        tags: Iterable[str],
        platforms: Iterable[str] = ("linux/amd64", "linux/arm64/v8"),
        *,
        oci: bool = True,
        attestation: bool = True,
    ) -> str:
        """A multi-platform index (OCI) or manifest list (Docker), tagged ``tags``."""
        tags = list(tags)
        entries = []
        children: dict[str, str] = {}
        for platform in platforms:
            digest, data = self.image(repository, platform=platform, oci=oci)
            os_name, arch, *variant = platform.split("/")
            spec: dict[str, str] = {"architecture": arch, "os": os_name}
            if variant:
                spec["variant"] = variant[0]
            entries.append(
                {
                    "mediaType": OCI_MANIFEST if oci else DOCKER_MANIFEST,
                    "digest": digest,
                    "size": len(data),
                    "platform": spec,
                }
            )
            children[platform] = digest
        if attestation and oci:
            digest, data = self.image(repository, platform="unknown/unknown", oci=True)
            entries.append(
                {
                    "mediaType": OCI_MANIFEST,
                    "digest": digest,
                    "size": len(data),
                    "platform": {"architecture": "unknown", "os": "unknown"},
                    "annotations": {"vnd.docker.reference.type": "attestation-manifest"},
                }
            )
        document = {
            "schemaVersion": 2,
            "mediaType": OCI_INDEX if oci else DOCKER_LIST,
            "manifests": entries,
        }
        data = json.dumps(document, indent=2).encode()
        media_type = OCI_INDEX if oci else DOCKER_LIST
        digest = self.manifest(repository, tags[0] if tags else digest_of(data), data, media_type)
        for tag in tags[1:]:
            self.manifest(repository, tag, data, media_type)
        for tag in tags:
            self.tags[(repository, tag)] = digest
            for platform, child in children.items():
                self.platforms[(repository, tag, platform)] = child
        return digest


def seed_standard(seeder: Seeder) -> None:
    """The content every registry test may rely on (see tests/registry/conftest.py).

    Pushed in parallel: distribution 2.8.2 takes tens of milliseconds to commit a blob.
    """
    jobs: list[Callable[[], object]] = [
        # python: OCI indexes (two platforms and an attestation); aliases share digests.
        lambda: seeder.index("library/python", ["3.12.8-slim", "3.12-slim", "3-slim", "slim"]),
        lambda: seeder.index("library/python", ["3.12.7-slim"]),
        lambda: seeder.index("library/python", ["3.13.1", "3.13", "3", "latest"]),
        lambda: seeder.index("library/python", ["3.13.1-slim-bookworm", "3.13-slim-bookworm"]),
        lambda: seeder.index("library/python", ["3.14.0rc1-slim"]),
        # redis: Docker manifest lists.
        lambda: seeder.index("library/redis", ["7.2.4", "7.2", "7", "latest"], oci=False),
        lambda: seeder.index("library/redis", ["7.2.3"], oci=False),
        lambda: seeder.index("library/redis", ["7.4.1-alpine", "7.4-alpine", "alpine"], oci=False),
        # One-platform images: Docker v2 and OCI.
        lambda: seeder.image("acme/api", ["1.4.2", "1.4", "1"], platform="linux/amd64"),
        lambda: seeder.image("acme/api", ["1.4.1"], platform="linux/amd64"),
        lambda: seeder.image("acme/oci", ["2.0.0", "2"], platform="linux/arm64/v8", oci=True),
        # Behind the token registry, for credentials only.
        lambda: seeder.image("private/app", ["1.0.0", "1"], platform="linux/amd64"),
        lambda: seed_many(seeder, "acme/many", 150),
    ]
    run_parallel(jobs)


def seed_many(seeder: Seeder, repository: str, count: int) -> list[str]:
    """One image under ``count`` tags (0.0.0, then 1.x.y): for pagination."""
    digest, data = seeder.image(repository, ["0.0.0"])
    many = [f"1.{index // 20}.{index % 20}" for index in range(1, count)]
    run_parallel(
        [lambda tag=tag: seeder.manifest(repository, tag, data, DOCKER_MANIFEST) for tag in many]
    )
    for tag in many:
        seeder.tags[(repository, tag)] = digest
    return ["0.0.0", *many]


def run_parallel(jobs: list[Callable[[], object]], workers: int = 8) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(workers) as pool:
        for future in [pool.submit(job) for job in jobs]:
            future.result()


# --- servers of our own --------------------------------------------------------------------------


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class _Base(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "tagsense-test"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _answer(
        self, status: int, headers: dict[str, str] | None = None, body: bytes = b""
    ) -> None:
        self.send_response(status)
        sent_length = False
        for name, value in (headers or {}).items():
            if name.lower() in ("transfer-encoding", "connection"):
                continue
            if name.lower() == "content-length":
                sent_length = True
            self.send_header(name, value)
        if not sent_length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)


class Logged:
    """One request a server got."""

    def __init__(self, method: str, path: str, headers: dict[str, str], body: bytes) -> None:
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body

    def __repr__(self) -> str:
        return f"<{self.method} {self.path}>"


class _Running:
    """A server run in a thread: ``url``, ``log`` of requests, ``close()``."""

    def __init__(self, handler: type[_Base], host: str = "127.0.0.1") -> None:
        self.log: list[Logged] = []
        self.lock = threading.Lock()
        self.server = _Server((host, 0), handler)
        self.server.owner = self  # type: ignore[attr-defined]
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def host(self) -> str:
        address, port = self.server.server_address[:2]
        return f"{address}:{port}"

    @property
    def url(self) -> str:
        return f"http://{self.host}"

    def record(self, handler: _Base, body: bytes) -> None:
        headers = {k.lower(): v for k, v in handler.headers.items()}
        with self.lock:
            self.log.append(Logged(handler.command, handler.path, headers, body))

    def requests(self, method: str | None = None, contains: str = "") -> list[Logged]:
        with self.lock:
            return [
                r for r in self.log if (method is None or r.method == method) and contains in r.path
            ]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Rule:
    """A canned answer for the requests whose path contains ``match`` (and method ``method``),
    for the first ``times`` of them (``None``: every one)."""

    def __init__(
        self,
        match: str,
        status: int,
        *,
        headers: dict[str, str] | None = None,
        body: bytes = b"",
        times: int | None = None,
        method: str | None = None,
        stream: bool = False,
    ) -> None:
        self.stream = stream  # no Content-Length: the body ends when the connection closes
        self.match = match
        self.status = status
        self.headers = headers or {}
        self.body = body
        self.times = times
        self.method = method


class FaultProxy(_Running):
    """A reverse proxy in front of ``upstream`` that adds what a test asks for."""

    def __init__(self, upstream: str, host: str = "127.0.0.1") -> None:
        self.upstream = upstream.rstrip("/")
        self.latency = 0.0
        self.page_size: int | None = None  # paginate tag lists with Link
        self.absolute_links = False
        self.drop_digest = False
        self.rules: list[Rule] = []
        self.basic: tuple[str, str] | None = None  # require these credentials
        self.redirect_blobs_to: str | None = None
        self.redirect_manifests_to: str | None = None
        self.hosts: dict[str, str] = {}  # forward proxying: host -> upstream URL
        super().__init__(_ProxyHandler, host)

    def add(self, rule: Rule) -> Rule:
        with self.lock:
            self.rules.append(rule)
        return rule

    def take_rule(self, method: str, path: str) -> Rule | None:
        with self.lock:
            for rule in self.rules:
                if rule.match in path and (rule.method is None or rule.method == method):
                    if rule.times is not None:
                        if rule.times <= 0:
                            continue
                        rule.times -= 1
                    return rule
        return None


class _ProxyHandler(_Base):
    def do_GET(self) -> None:
        self._proxy()

    def do_HEAD(self) -> None:
        self._proxy()

    def do_POST(self) -> None:
        self._proxy()

    def do_PUT(self) -> None:
        self._proxy()

    def _proxy(self) -> None:
        owner: FaultProxy = self.server.owner  # type: ignore[attr-defined]
        body = self._body()
        owner.record(self, body)
        if owner.latency:
            time.sleep(owner.latency)
        upstream = owner.upstream
        path = self.path
        if path.startswith("http://"):  # a forward proxy's request: absolute form
            parts = urllib.parse.urlsplit(path)
            upstream = owner.hosts.get(parts.netloc, f"http://{parts.netloc}")
            path = parts.path + ("?" + parts.query if parts.query else "")
        if owner.basic is not None and path.startswith("/v2"):
            expected = "Basic " + base64.b64encode(":".join(owner.basic).encode()).decode()
            if self.headers.get("Authorization") != expected:
                self._answer(
                    401,
                    {
                        "WWW-Authenticate": 'Basic realm="Registry Realm"',
                        "Content-Type": "application/json",
                    },
                    b'{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}',
                )
                return
        rule = owner.take_rule(self.command, self.path)
        if rule is not None:
            if rule.stream:
                self.send_response(rule.status)
                for name, value in rule.headers.items():
                    self.send_header(name, value)
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(rule.body)
                self.close_connection = True
                return
            self._answer(rule.status, rule.headers, rule.body)
            return
        if owner.redirect_blobs_to and "/blobs/" in path:
            self._answer(307, {"Location": owner.redirect_blobs_to + path})
            return
        if owner.redirect_manifests_to and "/manifests/" in path:
            self._answer(307, {"Location": owner.redirect_manifests_to + path})
            return
        if owner.page_size is not None and path.split("?")[0].endswith("/tags/list"):
            self._page(owner, upstream, path)
            return
        headers = {
            k: v for k, v in self.headers.items() if k.lower() not in ("host", "authorization")
        }
        if owner.basic is None and "Authorization" in self.headers:
            headers["Authorization"] = self.headers["Authorization"]
        status, answer_headers, data = request(
            self.command, upstream + path, body=body or None, headers=headers
        )
        if owner.drop_digest:
            answer_headers = {
                k: v for k, v in answer_headers.items() if k != "docker-content-digest"
            }
        self._answer(status, answer_headers, data)

    def _page(self, owner: FaultProxy, upstream: str, path: str) -> None:
        parts = urllib.parse.urlsplit(path)
        query = urllib.parse.parse_qs(parts.query)
        status, headers, data = request(
            "GET",
            upstream + parts.path,
            headers={k: v for k, v in self.headers.items() if k.lower() != "host"},
        )
        if status != 200:
            self._answer(status, headers, data)
            return
        document = json.loads(data)
        tags = sorted(document.get("tags") or [])  # distribution 3: lexical order
        size = min(int(query.get("n", [str(owner.page_size)])[0]), owner.page_size or 10**9)
        last = query.get("last", [""])[0]
        remaining = [tag for tag in tags if tag > last] if last else tags
        page = remaining[:size]
        answer = {"name": document.get("name"), "tags": page}
        out_headers = {"Content-Type": "application/json"}
        if len(remaining) > size:
            target = f"{parts.path}?last={urllib.parse.quote(page[-1])}&n={size}"
            if owner.absolute_links:
                target = owner.url + target
            out_headers["Link"] = f'<{target}>; rel="next"'
        self._answer(200, out_headers, json.dumps(answer).encode())


class Recorder(_Running):
    """Another host: answers ``status``/``body`` to everything, and logs what it got."""

    def __init__(self, host: str = "127.0.0.2", status: int = 200, body: bytes = b"{}") -> None:
        self.status = status
        self.body = body
        super().__init__(_RecorderHandler, host)


class _RecorderHandler(_Base):
    def do_GET(self) -> None:
        owner: Recorder = self.server.owner  # type: ignore[attr-defined]
        owner.record(self, self._body())
        self._answer(owner.status, {"Content-Type": "application/octet-stream"}, owner.body)

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_POST(self) -> None:
        self.do_GET()


# --- token authentication ------------------------------------------------------------------------


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def libtrust_key_id(public_der: bytes) -> str:
    """The key ID distribution computes for a public key (libtrust's format)."""
    encoded = base64.b32encode(hashlib.sha256(public_der).digest()[:30]).decode().rstrip("=")
    return ":".join(encoded[i : i + 4] for i in range(0, len(encoded), 4))


class TokenServer(_Running):
    """The Docker token flow's realm: ``GET /token`` (Basic or anonymous) and ``POST /token``
    (an identity token). Repositories under ``private/`` need ``users``' credentials."""

    def __init__(self, workdir: Path) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        self.key = workdir / "key.pem"
        self.cert = workdir / "cert.pem"
        subprocess.run(
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", str(self.key), "-out", str(self.cert),
                "-days", "2", "-subj", "/CN=tagsense-test-token",
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
        public = subprocess.run(
            f"openssl x509 -in {self.cert} -pubkey -noout | openssl pkey -pubin -outform DER",
            shell=True,
            check=True,
            capture_output=True,
        ).stdout
        self.kid = libtrust_key_id(public)
        self.users: dict[str, str] = {}
        self.identity_tokens: dict[str, str] = {}  # refresh token -> user
        self.expires_in: int | None = 300
        self.issued = 0
        super().__init__(_TokenHandler)

    @property
    def realm(self) -> str:
        return f"{self.url}/token"

    def sign(self, subject: str, access: list[dict[str, Any]]) -> str:
        now = int(time.time())
        header = {"typ": "JWT", "alg": "RS256", "kid": self.kid}
        claims = {
            "iss": ISSUER,
            "sub": subject,
            "aud": SERVICE,
            "exp": now + 600,
            "nbf": now - 10,
            "iat": now,
            "jti": secrets.token_hex(8),
            "access": access,
        }
        signing_input = (
            _b64url(json.dumps(header).encode()) + "." + _b64url(json.dumps(claims).encode())
        )
        signature = subprocess.run(
            ["openssl", "dgst", "-sha256", "-sign", str(self.key)],
            input=signing_input.encode(),
            check=True,
            capture_output=True,
        ).stdout
        return signing_input + "." + _b64url(signature)

    def grant(
        self, user: str | None, scopes: list[str], push: bool = False
    ) -> list[dict[str, Any]]:
        access = []
        for scope in scopes:
            kind, _, rest = scope.partition(":")
            name, _, actions = rest.rpartition(":")
            if kind != "repository" or not name:
                continue
            allowed = {"pull", "push"} if push else {"pull"}
            if name.startswith("private/") and user is None:
                allowed = set()
            granted = sorted(allowed & set(actions.split(",")))
            if granted:
                access.append({"type": "repository", "name": name, "actions": granted})
        return access


class _TokenHandler(_Base):
    def do_GET(self) -> None:
        owner: TokenServer = self.server.owner  # type: ignore[attr-defined]
        owner.record(self, b"")
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        user = None
        auth = self.headers.get("Authorization")
        if auth is not None:
            if not auth.startswith("Basic "):
                self._answer(401, {}, b'{"details":"bad authorization"}')
                return
            pair = base64.b64decode(auth[6:]).decode()
            name, _, password = pair.partition(":")
            if owner.users.get(name) != password:
                self._answer(401, {"Content-Type": "application/json"}, b'{"details":"denied"}')
                return
            user = name
        push = user == "admin"
        self._token(owner, user, query.get("scope", []), push)

    def do_POST(self) -> None:
        owner: TokenServer = self.server.owner  # type: ignore[attr-defined]
        body = self._body()
        owner.record(self, body)
        form = urllib.parse.parse_qs(body.decode())
        refresh = form.get("refresh_token", [""])[0]
        if form.get("grant_type") != ["refresh_token"] or refresh not in owner.identity_tokens:
            self._answer(401, {"Content-Type": "application/json"}, b'{"error":"invalid_grant"}')
            return
        user = owner.identity_tokens[refresh]
        self._token(owner, user, form.get("scope", []), False, key="access_token")

    def _token(
        self,
        owner: TokenServer,
        user: str | None,
        scopes: list[str],
        push: bool,
        key: str = "token",
    ) -> None:
        scope_list = [item for scope in scopes for item in scope.split(" ") if item]
        token = owner.sign(user or "", owner.grant(user, scope_list, push))
        owner.issued += 1
        answer: dict[str, Any] = {key: token}
        if owner.expires_in is not None:
            answer["expires_in"] = owner.expires_in
        self._answer(200, {"Content-Type": "application/json"}, json.dumps(answer).encode())


def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()

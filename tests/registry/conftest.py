"""Fixtures: a real registry (Debian's docker-registry, distribution 2.8.2), seeded once a session,
with a token-auth twin, and per-test proxies, token server, clients.

The registry tests skip when no registry binary can be found (install it with ``apt-get install
docker-registry``; ``.ci/run`` does), and say so; with ``TAGSENSE_REQUIRE_REGISTRY=1`` (set by
``.ci/run``) they fail instead.
"""

from __future__ import annotations

import os
import shutil
from typing import TYPE_CHECKING

import pytest

from tagsense.registry import Client

from .harness import (
    FaultProxy,
    Recorder,
    RegistryServer,
    Seeder,
    TokenServer,
    find_registry_binary,
    seed_standard,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path


class Seeded:
    """A running registry and what was pushed to it."""

    def __init__(self, server: RegistryServer, seeder: Seeder) -> None:
        self.server = server
        self.seeder = seeder

    @property
    def host(self) -> str:
        return self.server.host

    @property
    def url(self) -> str:
        return self.server.url

    def digest(self, repository: str, tag: str) -> str:
        return self.seeder.tags[(repository, tag)]

    def platform_digest(self, repository: str, tag: str, platform: str) -> str:
        return self.seeder.platforms[(repository, tag, platform)]

    def tags(self, repository: str) -> set[str]:
        return {tag for repo, tag in self.seeder.tags if repo == repository}


@pytest.fixture(scope="session")
def registry_binary() -> str:
    binary = find_registry_binary()
    if binary is None:
        reason = (
            "no registry binary: install Debian's docker-registry (apt-get install "
            "docker-registry) or set TAGSENSE_TEST_REGISTRY to distribution's registry binary"
        )
        if os.environ.get("TAGSENSE_REQUIRE_REGISTRY"):
            pytest.fail(reason)
        pytest.skip(reason)
    return binary


@pytest.fixture(scope="session")
def registry(tmp_path_factory: pytest.TempPathFactory, registry_binary: str) -> Iterator[Seeded]:
    base = tmp_path_factory.mktemp("registry")
    server = RegistryServer(registry_binary, base / "plain", base / "storage")
    server.start()
    try:
        seeder = Seeder(server.url)
        seed_standard(seeder)
        yield Seeded(server, seeder)
    finally:
        server.stop()


@pytest.fixture(scope="session")
def token_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TokenServer]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to sign the test registry's tokens")
    server = TokenServer(tmp_path_factory.mktemp("token"))
    server.users["alice"] = "s3cret-Passw0rd"
    server.identity_tokens["idtok-2f6c1e9a7b"] = "alice"
    yield server
    server.close()


@pytest.fixture(scope="session")
def token_registry(
    registry: Seeded,
    registry_binary: str,
    token_server: TokenServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Seeded]:
    """The same content, served by a registry with ``auth: token`` (the Docker token flow)."""
    server = RegistryServer(
        registry_binary,
        tmp_path_factory.mktemp("token-registry"),
        registry.server.storage,
        token=(token_server.realm, token_server.cert),
    )
    server.start()
    yield Seeded(server, registry.seeder)
    server.stop()


@pytest.fixture
def token(token_server: TokenServer) -> TokenServer:
    """The session's token server, its log and settings reset for one test."""
    with token_server.lock:
        token_server.log.clear()
    token_server.expires_in = 300
    return token_server


@pytest.fixture
def proxy(registry: Seeded) -> Iterator[FaultProxy]:
    server = FaultProxy(registry.url)
    yield server
    server.close()


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    server = Recorder()
    yield server
    server.close()


@pytest.fixture
def environ(tmp_path: Path) -> dict[str, str]:
    """A clean environment: no proxies, no Docker config but the test's own, PATH kept."""
    home = tmp_path / "home"
    home.mkdir()
    return {
        "HOME": str(home),
        "PATH": os.environ.get("PATH", os.defpath),
        "DOCKER_CONFIG": str(tmp_path / "docker"),
    }


@pytest.fixture
def sleeps() -> list[float]:
    """The waits a client asked for (it is given a sleep that records them and returns)."""
    return []


@pytest.fixture
def make_client(
    tmp_path: Path, environ: dict[str, str], sleeps: list[float]
) -> Iterator[Callable[..., Client]]:
    """Clients with the test's environment, cache directory and recorded sleep."""
    made: list[Client] = []

    def make(**options: object) -> Client:
        settings: dict[str, object] = {
            "cache": tmp_path / "cache",
            "environ": environ,
            "sleep": sleeps.append,
            "backoff": 0.01,
            "connect_timeout": 5.0,
            "read_timeout": 10.0,
        }
        settings.update(options)
        client = Client(**settings)  # type: ignore[arg-type]
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project directory, the current one, with a private cache and no proxies."""
    root = tmp_path / "project"
    root.mkdir()
    monkeypatch.chdir(root)
    monkeypatch.setenv("TAGSENSE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path / "docker"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    return root

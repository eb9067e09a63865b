"""Authentication as Docker does it, against distribution's token auth and a Basic proxy:
anonymous tokens, credentials from the Docker config and credential helpers, and secrets that
never leave (not in errors, logs, cache files or reprs)."""

from __future__ import annotations

import base64
import json
import logging
import sys
from typing import TYPE_CHECKING

import pytest

from tagsense.registry import (
    AuthenticationFailed,
    AuthenticationRequired,
    Client,
    RegistryError,
)

from .harness import Rule

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from .conftest import Seeded
    from .harness import FaultProxy, TokenServer

PASSWORD = "s3cret-Passw0rd"
IDENTITY = "idtok-2f6c1e9a7b"


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _config(tmp_path: Path, config: dict[str, object]) -> Path:
    directory = tmp_path / "docker"
    directory.mkdir(exist_ok=True)
    path = directory / "config.json"
    path.write_text(json.dumps(config))
    return path


def _helper(
    tmp_path: Path, environ: dict[str, str], name: str, answer: dict[str, str] | None
) -> Path:
    """A credential helper ``docker-credential-<name>`` on PATH; it logs what it was asked."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    log = tmp_path / f"{name}.log"
    script = bin_dir / f"docker-credential-{name}"
    if answer is None:
        body = "print('credentials not found in native keychain'); sys.exit(1)"
    else:
        body = f"print(json.dumps({answer!r}))"
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, sys\n"
        f"with open({str(log)!r}, 'a') as log:\n"
        "    log.write(' '.join(sys.argv[1:]) + ' ' + sys.stdin.read() + '\\n')\n"
        f"{body}\n"
    )
    script.chmod(0o755)
    environ["PATH"] = f"{bin_dir}:{environ['PATH']}"
    return log


def _token_requests(token: TokenServer, scope: str = "") -> list[str]:
    return [r.path for r in token.log if scope in r.path]


# --- the token flow ------------------------------------------------------------------------------


def test_anonymous_token_for_a_public_repository(
    token_registry: Seeded, token: TokenServer, make_client: Callable[..., Client]
) -> None:
    client = make_client(cache=False)
    refs = [f"{token_registry.host}/library/python:{t}" for t in ("3.12-slim", "slim", "3.13")]
    found = client.resolve_many(refs)
    assert list(found.values()) == [
        token_registry.digest("library/python", r.rpartition(":")[2]) for r in refs
    ]
    # One token for the repository, asked anonymously, kept for the other tags.
    asked = _token_requests(token)
    assert asked == ["/token?service=tagsense-test&scope=repository%3Alibrary%2Fpython%3Apull"]
    assert "authorization" not in token.log[0].headers
    assert client.tags(f"{token_registry.host}/library/python")
    assert len(_token_requests(token)) == 1


def test_a_private_repository_without_credentials(
    token_registry: Seeded, token: TokenServer, make_client: Callable[..., Client]
) -> None:
    with pytest.raises(AuthenticationRequired) as caught:
        make_client(cache=False).resolve(f"{token_registry.host}/private/app:1")
    host = token_registry.host
    assert str(caught.value) == (
        f"authentication required for {host}/private/app: log in with `docker login {host}`"
    )


def test_the_issue_wording_for_ghcr(proxy: FaultProxy, make_client: Callable[..., Client]) -> None:
    proxy.basic = ("bob", "hunter2-hunter2")
    client = make_client(cache=False, endpoints={"ghcr.io": proxy.url})
    with pytest.raises(AuthenticationRequired) as caught:
        client.resolve("ghcr.io/acme/api:1.4")
    assert str(caught.value) == (
        "authentication required for ghcr.io/acme/api: log in with `docker login ghcr.io`"
    )
    hub = make_client(cache=False, endpoints={"docker.io": proxy.url})
    with pytest.raises(AuthenticationRequired, match=r"log in with `docker login`$"):
        hub.resolve("acme/api:1")


def test_credentials_from_the_docker_config(
    token_registry: Seeded,
    token: TokenServer,
    make_client: Callable[..., Client],
    tmp_path: Path,
) -> None:
    host = token_registry.host
    _config(tmp_path, {"auths": {f"http://{host}/v2/": {"auth": _b64(f"alice:{PASSWORD}")}}})
    client = make_client(cache=False)
    assert client.resolve(f"{host}/private/app:1") == token_registry.digest("private/app", "1")
    basic = token.log[-1].headers["authorization"]
    assert basic == "Basic " + _b64(f"alice:{PASSWORD}")
    assert set(client.tags(f"{host}/private/app")) == token_registry.tags("private/app")


def test_refused_credentials(
    token_registry: Seeded, token: TokenServer, make_client: Callable[..., Client], tmp_path: Path
) -> None:
    host = token_registry.host
    path = _config(tmp_path, {"auths": {host: {"auth": _b64("alice:wrong-password")}}})
    with pytest.raises(AuthenticationFailed) as caught:
        make_client(cache=False).resolve(f"{host}/private/app:1")
    assert str(caught.value) == (
        f"the token server {token.host} refused the credentials for {host}/private/app "
        f"(from {path}): log in again with `docker login {host}`"
    )
    assert "wrong-password" not in str(caught.value)


def test_an_identity_token_is_exchanged(
    token_registry: Seeded, token: TokenServer, make_client: Callable[..., Client], tmp_path: Path
) -> None:
    host = token_registry.host
    _config(tmp_path, {"auths": {host: {"identitytoken": IDENTITY}}})
    assert make_client(cache=False).resolve(f"{host}/private/app:1")
    post = [r for r in token.log if r.method == "POST"]
    assert len(post) == 1
    form = dict(pair.split("=", 1) for pair in post[0].body.decode().split("&"))
    assert form["grant_type"] == "refresh_token"
    assert form["refresh_token"] == IDENTITY
    assert form["client_id"] == "tagsense"


def test_a_refused_token_is_asked_again_once(
    token_registry: Seeded,
    token: TokenServer,
    registry: Seeded,
    make_client: Callable[..., Client],
    environ: dict[str, str],
) -> None:
    # A proxy that refuses the first request with an expired-token challenge.
    from .harness import FaultProxy

    proxy = FaultProxy(token_registry.url)
    try:
        challenge = (
            f'Bearer realm="{token.realm}",service="tagsense-test",'
            'scope="repository:library/redis:pull",error="invalid_token"'
        )
        client = make_client(cache=False)
        client.resolve(f"{proxy.host}/library/redis:7")  # ping, token
        issued = token.issued
        proxy.add(Rule("/manifests/", 401, headers={"WWW-Authenticate": challenge}, times=1))
        assert client.resolve(f"{proxy.host}/library/redis:7.2") == registry.digest(
            "library/redis", "7.2"
        )
        assert token.issued == issued + 1
    finally:
        proxy.close()


# --- credential helpers --------------------------------------------------------------------------


def test_a_credential_helper(
    token_registry: Seeded,
    token: TokenServer,
    make_client: Callable[..., Client],
    tmp_path: Path,
    environ: dict[str, str],
) -> None:
    host = token_registry.host
    log = _helper(
        tmp_path, environ, "tstest", {"ServerURL": host, "Username": "alice", "Secret": PASSWORD}
    )
    _config(tmp_path, {"credsStore": "tstest", "auths": {host: {}}})
    assert make_client(cache=False).resolve(f"{host}/private/app:1")
    assert log.read_text() == f"get {host}\n"
    assert token.log[-1].headers["authorization"] == "Basic " + _b64(f"alice:{PASSWORD}")


def test_cred_helpers_win_over_creds_store_and_hub_is_asked_by_its_url(
    proxy: FaultProxy, make_client: Callable[..., Client], tmp_path: Path, environ: dict[str, str]
) -> None:
    proxy.basic = ("bob", "hunter2-hunter2")
    store = _helper(tmp_path, environ, "store", {"Username": "x", "Secret": "not-this-one"})
    hub = _helper(tmp_path, environ, "hub", {"Username": "bob", "Secret": "hunter2-hunter2"})
    _config(
        tmp_path,
        {"credsStore": "store", "credHelpers": {"https://index.docker.io/v1/": "hub"}},
    )
    client = make_client(cache=False, endpoints={"docker.io": proxy.url})
    assert client.resolve("acme/api:1")
    assert hub.read_text() == "get https://index.docker.io/v1/\n"
    assert not store.exists()


def test_a_helper_that_is_missing_or_knows_nothing(
    token_registry: Seeded,
    make_client: Callable[..., Client],
    tmp_path: Path,
    environ: dict[str, str],
) -> None:
    host = token_registry.host
    _config(tmp_path, {"credsStore": "missing"})
    with pytest.raises(AuthenticationRequired) as caught:
        make_client(cache=False).resolve(f"{host}/private/app:1")
    assert str(caught.value).endswith(
        f"log in with `docker login {host}` "
        "(the credential helper docker-credential-missing is not on PATH)"
    )
    _helper(tmp_path, environ, "empty", None)
    _config(tmp_path, {"credsStore": "empty"})
    with pytest.raises(AuthenticationRequired) as caught:
        make_client(cache=False).resolve(f"{host}/private/app:1")
    assert str(caught.value).endswith(f"log in with `docker login {host}`")


def test_an_identity_token_from_a_helper(
    token_registry: Seeded,
    token: TokenServer,
    make_client: Callable[..., Client],
    tmp_path: Path,
    environ: dict[str, str],
) -> None:
    host = token_registry.host
    _helper(tmp_path, environ, "idt", {"Username": "<token>", "Secret": IDENTITY})
    _config(tmp_path, {"credHelpers": {host: "idt"}})
    assert make_client(cache=False).resolve(f"{host}/private/app:1")
    assert [r.method for r in token.log] == ["POST"]


# --- Basic ---------------------------------------------------------------------------------------


def test_basic_credentials(
    proxy: FaultProxy, registry: Seeded, make_client: Callable[..., Client], tmp_path: Path
) -> None:
    proxy.basic = ("bob", "hunter2-hunter2")
    _config(tmp_path, {"auths": {proxy.host: {"auth": _b64("bob:hunter2-hunter2")}}})
    client = make_client(cache=False)
    assert client.resolve(f"{proxy.host}/acme/api:1") == registry.digest("acme/api", "1")
    heads = proxy.requests("HEAD")
    # Sent at once: the ping said Basic.
    assert [r.headers.get("authorization") for r in heads] == [
        "Basic " + _b64("bob:hunter2-hunter2")
    ]
    _config(tmp_path, {"auths": {proxy.host: {"auth": _b64("bob:nope")}}})
    with pytest.raises(AuthenticationFailed) as caught:
        make_client(cache=False).resolve(f"{proxy.host}/acme/api:1")
    assert str(caught.value).startswith(
        f"{proxy.host} refused access to {proxy.host}/acme/api with the credentials from "
    )


# --- secrets never leave -------------------------------------------------------------------------


def test_no_secret_in_errors_logs_cache_or_reprs(
    token_registry: Seeded,
    token: TokenServer,
    proxy: FaultProxy,
    make_client: Callable[..., Client],
    tmp_path: Path,
    environ: dict[str, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="tagsense.registry")
    caplog.set_level(logging.DEBUG, logger="urllib3")
    host = token_registry.host
    proxy.basic = ("bob", "hunter2-hunter2")
    _helper(tmp_path, environ, "leaky", {"Username": "alice", "Secret": PASSWORD})
    _config(
        tmp_path,
        {
            "credHelpers": {host: "leaky"},
            "auths": {proxy.host: {"auth": _b64("bob:hunter2-hunter2")}},
        },
    )
    # The registry echoes what it got in an error message: the client scrubs it.
    proxy.add(
        Rule(
            "/acme/echo/tags/list",
            400,
            headers={"Content-Type": "application/json"},
            body=json.dumps(
                {"errors": [{"code": "BAD", "message": "got hunter2-hunter2"}]}
            ).encode(),
        )
    )
    client = make_client()
    texts: list[str] = []
    client.resolve(f"{host}/private/app:1")
    client.tags(f"{host}/private/app")
    client.resolve(f"{proxy.host}/acme/api:1")
    for call in (
        lambda: client.resolve(f"{host}/private/none:1"),
        lambda: client.tags(f"{proxy.host}/acme/echo"),
        lambda: client.resolve(f"{host}/private/app:9"),
    ):
        with pytest.raises(RegistryError) as caught:
            call()
        texts += [str(caught.value), repr(caught.value)]
    texts += [repr(client), caplog.text]
    texts += [p.read_text() for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    secrets = [PASSWORD, "hunter2-hunter2", _b64(f"alice:{PASSWORD}"), _b64("bob:hunter2-hunter2")]
    joined = "\n".join(texts)
    assert "BAD: got ***" in joined, "the echo is there, scrubbed"
    for secret in secrets:
        assert secret not in joined
    # Nor any token the server issued (they are in memory only).
    for lookup in client._registries.values():
        if lookup.lookup and lookup.lookup.credentials:
            assert PASSWORD not in repr(lookup.lookup.credentials)
    tokens = client._tokens.secrets()
    assert tokens, "tokens were issued"
    for token_value in tokens:
        assert token_value not in joined

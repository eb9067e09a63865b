"""The registry client's parts, without a registry: hosts and proxies, challenges, credentials,
the cache, manifests, and what importing costs."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tagsense.registry import Cache, InvalidResponse, Platform, Progress, RegistryError
from tagsense.registry._auth import TokenCache, parse_challenges
from tagsense.registry._credentials import config_path, find_credentials
from tagsense.registry._hosts import (
    Insecure,
    api_host,
    credential_key,
    is_loopback,
    login_hint,
    proxy_for,
    redact_url,
    split_host,
)
from tagsense.registry._http import origin, retry_after
from tagsense.registry.client import _next_link
from tagsense.registry.manifest import (
    DOCKER_MANIFEST,
    OCI_INDEX,
    compute_digest,
    parse_manifest,
)

if TYPE_CHECKING:
    from pathlib import Path

# --- hosts ---------------------------------------------------------------------------------------


def test_docker_hub() -> None:
    assert api_host("docker.io") == "registry-1.docker.io"
    assert api_host("ghcr.io") == "ghcr.io"
    assert credential_key("docker.io") == "https://index.docker.io/v1/"
    assert credential_key("localhost:5000") == "localhost:5000"
    assert login_hint("docker.io") == "docker login"
    assert login_hint("ghcr.io") == "docker login ghcr.io"


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("localhost", True),
        ("localhost:5000", True),
        ("127.0.0.1:5000", True),
        ("127.3.4.5", True),
        ("[::1]:5000", True),
        ("::1", True),
        ("registry.localhost", True),
        ("10.0.0.1:5000", False),
        ("ghcr.io", False),
        ("128.0.0.1", False),
        ("[::2]:5000", False),
    ],
)
def test_loopback(host: str, expected: bool) -> None:
    assert is_loopback(host) is expected
    assert Insecure().allows(host) is expected


def test_insecure_registries_as_docker_configures_them() -> None:
    insecure = Insecure(["registry.corp:5000", "10.0.0.0/8", "http://plain.example/", "bad/cidr"])
    assert insecure.allows("registry.corp:5000")
    assert not insecure.allows("registry.corp:5001")
    assert insecure.allows("10.1.2.3:443")
    assert insecure.allows("plain.example")
    assert not insecure.allows("11.0.0.1")
    assert not insecure.allows("ghcr.io")


@pytest.mark.parametrize(
    ("host", "name", "port"),
    [
        ("a.io:5000", "a.io", 5000),
        ("A.io", "a.io", None),
        ("[::1]:5000", "::1", 5000),
        ("::1", "::1", None),
    ],
)
def test_split_host(host: str, name: str, port: int | None) -> None:
    assert split_host(host) == (name, port)


# The table of the facts sheet (section 8), and Go's httpproxy rules.
@pytest.mark.parametrize(
    ("scheme", "host", "no_proxy", "proxied"),
    [
        ("https", "10.1.2.3", "10.0.0.0/8,.corp.example,localhost", False),
        ("https", "registry.corp.example", "10.0.0.0/8,.corp.example,localhost", False),
        ("https", "ghcr.io", "10.0.0.0/8,.corp.example,localhost", True),
        ("https", "corp.example", ".corp.example", True),  # a leading dot: subdomains only
        ("https", "corp.example", "corp.example", False),
        ("https", "a.corp.example", "corp.example", False),  # a name matches its subdomains
        ("https", "acorp.example", "corp.example", True),
        ("https", "a.corp.example", "*.corp.example", False),
        ("https", "ghcr.io:443", "ghcr.io:443", False),
        ("https", "ghcr.io", "ghcr.io:443", False),  # the default port
        ("https", "ghcr.io", "ghcr.io:5000", True),
        ("https", "[2001:db8::1]:5000", "2001:db8::/32", False),
        ("https", "ghcr.io", "*", False),
        ("https", "ghcr.io", "", True),
        ("https", "localhost:5000", "", False),  # loopback is never proxied
        ("https", "127.0.0.1:5000", "", False),
        ("https", "192.168.1.1", "192.168.1.1", False),
        ("https", "192.168.1.2", "192.168.1.1", True),
        ("https", "ghcr.io", " , ,bad/range,", True),
    ],
)
def test_proxy_for(scheme: str, host: str, no_proxy: str, proxied: bool) -> None:
    environ = {"HTTPS_PROXY": "http://proxy.example:3128", "NO_PROXY": no_proxy}
    assert (proxy_for(scheme, host, environ) is not None) is proxied


def test_proxy_variables() -> None:
    # Upper case first (Go), lower case too; a bare host:port is an HTTP proxy.
    assert proxy_for("https", "ghcr.io", {"https_proxy": "proxy:3128"}) == "http://proxy:3128"
    both = {"HTTPS_PROXY": "http://upper:1", "https_proxy": "http://lower:1"}
    assert proxy_for("https", "ghcr.io", both) == "http://upper:1"
    assert proxy_for("http", "ghcr.io", both) is None
    assert proxy_for("http", "ghcr.io", {"HTTP_PROXY": "http://p:1"}) == "http://p:1"
    assert (
        proxy_for("https", "ghcr.io", {"HTTPS_PROXY": "http://p:1", "no_proxy": "ghcr.io"}) is None
    )
    assert redact_url("http://user:pa:ss@proxy:3128/x") == "http://proxy:3128/x"


@given(st.ip_addresses(v=4), st.integers(8, 30))
def test_no_proxy_cidr_agrees_with_ipaddress(address: object, prefix: int) -> None:
    import ipaddress

    network = ipaddress.ip_network(f"{address}/{prefix}", strict=False)
    environ = {"HTTPS_PROXY": "http://p:1", "NO_PROXY": str(network)}
    assert proxy_for("https", str(address), environ) is None
    after = int(network.broadcast_address) + 1
    if after < 2**32:
        outside = ipaddress.ip_address(after)
        assert (proxy_for("https", str(outside), environ) is None) is outside.is_loopback


# --- challenges and tokens -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",'
            'scope="repository:library/redis:pull"',
            [
                (
                    "bearer",
                    {
                        "realm": "https://auth.docker.io/token",
                        "service": "registry.docker.io",
                        "scope": "repository:library/redis:pull",
                    },
                )
            ],
        ),
        ('Basic realm="Registry Realm"', [("basic", {"realm": "Registry Realm"})]),
        (
            'Bearer realm="x", Basic realm="y"',
            [("bearer", {"realm": "x"}), ("basic", {"realm": "y"})],
        ),
        (
            'Bearer realm="a\\"b",error="insufficient_scope"',
            [("bearer", {"realm": 'a"b', "error": "insufficient_scope"})],
        ),
        ("Basic", [("basic", {})]),
        ("", []),
    ],
)
def test_parse_challenges(header: str, expected: list[tuple[str, dict[str, str]]]) -> None:
    assert [(c.scheme, c.params) for c in parse_challenges(header)] == expected


@given(st.text(max_size=60))
def test_parse_challenges_never_raises(header: str) -> None:
    parse_challenges(header)


def test_token_cache_expires() -> None:
    now = [1000.0]
    cache = TokenCache(clock=lambda: now[0])
    fetched: list[str] = []

    def fetch() -> tuple[str, float | None]:
        fetched.append("x")
        return f"token-{len(fetched)}", 300

    key = ("realm", "service", "scope")
    assert cache.get_or_fetch(key, fetch) == "token-1"
    now[0] += 200
    assert cache.get_or_fetch(key, fetch) == "token-1"
    now[0] += 75  # 275 s: within 30 s of its end, renewed
    assert cache.get_or_fetch(key, fetch) == "token-2"
    cache.put(("no", "expiry", ""), "t", None)  # 60 s by default
    now[0] += 55
    assert cache.get(("no", "expiry", "")) is None


# --- credentials ---------------------------------------------------------------------------------


def _write(tmp_path: Path, config: object) -> str:
    path = tmp_path / "config.json"
    path.write_text(config if isinstance(config, str) else json.dumps(config))
    return str(path)


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


PW = "S3cret-pw"


@pytest.mark.parametrize(
    ("registry", "auths", "user"),
    [
        ("ghcr.io", {"ghcr.io": {"auth": _b64(f"a:{PW}")}}, "a"),
        ("ghcr.io", {"https://ghcr.io": {"auth": _b64(f"b:{PW}")}}, "b"),
        ("ghcr.io", {"https://ghcr.io/v2/": {"auth": _b64(f"c:{PW}")}}, "c"),
        ("localhost:5000", {"http://localhost:5000": {"auth": _b64(f"d:{PW}:x")}}, "d"),
        ("docker.io", {"https://index.docker.io/v1/": {"auth": _b64(f"e:{PW}")}}, "e"),
        ("docker.io", {"docker.io": {"auth": _b64(f"f:{PW}")}}, "f"),
        ("docker.io", {"ghcr.io": {"auth": _b64(f"g:{PW}")}}, None),
        ("ghcr.io", {"ghcr.io": {"username": "h", "password": PW}}, "h"),
        ("ghcr.io", {"ghcr.io": {"auth": _b64(f":{PW}")}}, None),  # no user
        ("ghcr.io", {"ghcr.io": {}}, None),
    ],
)
def test_auths(tmp_path: Path, registry: str, auths: dict[str, object], user: str | None) -> None:
    found = find_credentials(registry, path=_write(tmp_path, {"auths": auths}), environ={})
    credentials = found.credentials
    assert (credentials.username if credentials else None) == user
    if credentials is not None:
        assert credentials.password is not None and credentials.password.startswith(PW)
        assert PW not in repr(credentials)


@pytest.mark.parametrize(
    ("content", "note"),
    [
        ("{not json", "is not valid JSON"),
        ("[]", "is not a JSON object"),
        (json.dumps({"auths": {"ghcr.io": {"auth": "!!!"}}}), "not valid base64"),
    ],
)
def test_a_broken_config_is_a_note(tmp_path: Path, content: str, note: str) -> None:
    found = find_credentials("ghcr.io", path=_write(tmp_path, content), environ={})
    assert found.credentials is None
    assert found.note is not None and note in found.note


def test_config_path() -> None:
    assert config_path({"DOCKER_CONFIG": "/etc/d", "HOME": "/h"}) == "/etc/d/config.json"
    assert config_path({"HOME": "/h"}) == "/h/.docker/config.json"


def test_a_missing_config_is_no_credentials(tmp_path: Path) -> None:
    found = find_credentials("ghcr.io", path=str(tmp_path / "none.json"), environ={})
    assert (found.credentials, found.note) == (None, None)


def test_a_helper_that_hangs_is_cut_short(tmp_path: Path) -> None:
    script = tmp_path / "docker-credential-slow"
    script.write_text(f"#!{sys.executable}\nimport time; time.sleep(30)\n")
    script.chmod(0o755)
    path = _write(tmp_path, {"credsStore": "slow"})
    found = find_credentials(
        "ghcr.io", path=path, environ={"PATH": str(tmp_path)}, helper_timeout=0.5
    )
    assert found.credentials is None
    assert found.note == "the credential helper docker-credential-slow did not answer in 0.5 s"


# --- the cache -----------------------------------------------------------------------------------


def test_cache_round_trip_and_ttl(tmp_path: Path) -> None:
    now = [1000.0]
    cache = Cache(tmp_path / "c", ttl=60, clock=lambda: now[0])
    cache.put("tags", ("r", "a/b"), ["1", "2"])
    cache.put_bytes("manifest", ("sha256:x",), b"\x00bytes", "application/x")
    assert cache.get("tags", ("r", "a/b")) == ["1", "2"]
    now[0] += 61
    assert cache.get("tags", ("r", "a/b")) is None
    assert cache.get("tags", ("r", "a/b"), fresh=False) == ["1", "2"]
    assert cache.get_bytes("manifest", ("sha256:x",)) == (b"\x00bytes", "application/x")
    now[0] -= 3600  # a clock that went back: not fresh either
    assert cache.get("tags", ("r", "a/b")) is None
    assert cache.get("tags", ("r", "other")) is None


def test_an_unwritable_cache_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    cache = Cache(blocker / "cache")
    cache.put("tags", ("r",), ["1"])  # no error
    assert cache.get("tags", ("r",)) is None


# --- manifests -----------------------------------------------------------------------------------


def test_platform() -> None:
    arm64 = Platform.parse("linux/arm64")
    assert arm64.matches(Platform("linux", "arm64", "v8"))
    assert arm64.matches(Platform("linux", "arm64"))
    assert not Platform.parse("linux/arm/v6").matches(Platform("linux", "arm", "v7"))
    assert Platform.parse("linux/arm").matches(Platform("linux", "arm", "v7"))
    assert not Platform.parse("linux/arm").matches(Platform("linux", "arm", "v6"))
    assert Platform.parse(" Linux/AMD64 ") == Platform("linux", "amd64")
    for bad in ("linux", "linux/amd64/v1/x", "linux//amd64", "lin ux/amd64"):
        with pytest.raises(RegistryError, match="invalid platform"):
            Platform.parse(bad)


def test_an_index_prefers_the_exact_variant() -> None:
    entries = [
        {"mediaType": DOCKER_MANIFEST, "digest": "sha256:" + "1" * 64, "size": 1,
         "platform": {"os": "linux", "architecture": "arm", "variant": "v6"}},
        {"mediaType": DOCKER_MANIFEST, "digest": "sha256:" + "2" * 64, "size": 1,
         "platform": {"os": "linux", "architecture": "arm", "variant": "v7"}},
    ]  # fmt: skip
    data = json.dumps({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": entries}).encode()
    index = parse_manifest(data, OCI_INDEX, compute_digest(data))
    assert index.for_platform("linux/arm/v6").digest.endswith("1")  # type: ignore[union-attr]
    assert index.for_platform("linux/arm").digest.endswith("2")  # type: ignore[union-attr]
    assert index.for_platform("linux/amd64") is None


def test_a_manifest_type_disagreeing_with_its_header() -> None:
    data = json.dumps({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": []}).encode()
    with pytest.raises(InvalidResponse, match=r"says it is .*index.* but was sent as"):
        parse_manifest(data, DOCKER_MANIFEST, compute_digest(data), name="x")
    # An OCI document may leave its type out: its content says.
    bare = json.dumps({"schemaVersion": 2, "manifests": []}).encode()
    assert parse_manifest(bare, "application/json", compute_digest(bare)).is_index


# --- small protocol pieces -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ('</v2/a/tags/list?last=x&n=2>; rel="next"', "/v2/a/tags/list?last=x&n=2"),
        (
            "<https://q.io/v2/a/tags/list?next_page=abc>; rel=next",
            "https://q.io/v2/a/tags/list?next_page=abc",
        ),
        ('<a>; rel="prev", <b>; rel="next"', "b"),
        ('<a>; rel="prev"', None),
        ("", None),
    ],
)
def test_next_link(header: str, expected: str | None) -> None:
    assert _next_link(header) == expected


def test_retry_after() -> None:
    assert retry_after("120") == 120.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=lambda: 1445412470.0) == 10.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=lambda: 1445412490.0) == 0.0
    assert retry_after("soon") is None
    assert retry_after(None) is None


def test_origin() -> None:
    assert origin("https://A.io/x") == ("https", "a.io:443")
    assert origin("http://[::1]:5000/") == ("http", "[::1]:5000")


def test_an_upgrade_to_https_is_the_same_host() -> None:
    from tagsense.registry._http import _upgrade

    assert _upgrade(origin("http://r.io/v2/"), origin("https://r.io/v2/"))
    assert not _upgrade(origin("http://r.io:5000/"), origin("https://r.io:5000/"))
    assert not _upgrade(origin("http://r.io/"), origin("https://other.io/"))
    assert not _upgrade(origin("https://r.io/"), origin("http://r.io/"))


def test_progress_text() -> None:
    progress = Progress(2, 9, 3.0, slow=(("ghcr.io", 2.5),), waiting=(("docker.io", 10.0, "429"),))
    assert str(progress) == "2/9 (ghcr.io: 2.5 s; docker.io: retry in 10 s (429))"
    assert not progress.finished and Progress(9, 9, 1.0).finished


# --- what importing costs ------------------------------------------------------------------------


def _modules_after(code: str) -> set[str]:
    probe = code + "\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def test_import_tagsense_loads_no_registry_code() -> None:
    loaded = _modules_after("import tagsense")
    assert not {m for m in loaded if m.startswith(("tagsense.registry", "urllib3", "http"))}


def test_suggestions_and_a_warm_cache_need_no_http_library() -> None:
    loaded = _modules_after(
        "from tagsense.registry import suggest, Client, RegistryError\n"
        "suggest('redis:7.2.4', ['7.2.5'])\n"
        "Client(cache=False, environ={})\n"
    )
    assert "tagsense.registry.suggestions" in loaded
    assert not {m for m in loaded if m.startswith("urllib3")}


@pytest.mark.parametrize(
    "name",
    [
        "tagsense.registry",
        "tagsense.registry.suggestions",
        "tagsense.registry.manifest",
        "tagsense.registry.progress",
        "tagsense.registry._auth",
        "tagsense.registry.client",
    ],
)
def test_docstring_examples(name: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0

"""The registry client against a real registry (distribution 2.8.2): resolving, listing, caching,
and every fault of the issue's section 5, each a clear error."""

from __future__ import annotations

import json
import math
import stat
from typing import TYPE_CHECKING

import pytest

from tagsense import TagsenseError
from tagsense.registry import (
    Client,
    InvalidResponse,
    Manifest,
    NotCached,
    NotFound,
    Progress,
    RateLimited,
    RedirectRefused,
    RegistryError,
    RegistryTimeout,
    RegistryUnavailable,
    ResponseTooLarge,
)
from tagsense.registry.manifest import MANIFEST_TYPES

from .harness import DOCKER_MANIFEST, Rule, free_port, request

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from .conftest import Seeded
    from .harness import FaultProxy, Recorder


def _head_requests(proxy: FaultProxy, contains: str = "/manifests/") -> list[str]:
    return [r.path for r in proxy.requests("HEAD", contains)]


# --- resolving -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("repository", "tag", "media_type"),
    [
        ("library/python", "3.12-slim", "application/vnd.oci.image.index.v1+json"),
        ("library/python", "slim", "application/vnd.oci.image.index.v1+json"),
        ("library/redis", "7", "application/vnd.docker.distribution.manifest.list.v2+json"),
        ("acme/api", "1.4", "application/vnd.docker.distribution.manifest.v2+json"),
        ("acme/oci", "2", "application/vnd.oci.image.manifest.v1+json"),
    ],
)
def test_resolve_gives_the_digest_docker_pull_pins(
    registry: Seeded, make_client: Callable[..., Client], repository: str, tag: str, media_type: str
) -> None:
    client = make_client()
    digest = client.resolve(f"{registry.host}/{repository}:{tag}")
    assert digest == registry.digest(repository, tag)
    assert registry.seeder.media_types[digest] == media_type
    # The index's digest, not a platform's: the same as docker pull.
    assert client.manifest(f"{registry.host}/{repository}:{tag}").media_type == media_type


def test_aliases_share_a_digest(registry: Seeded, make_client: Callable[..., Client]) -> None:
    client = make_client()
    digests = {
        client.resolve(f"{registry.host}/library/python:{t}")
        for t in ("3.12.8-slim", "3-slim", "slim")
    }
    assert digests == {registry.digest("library/python", "3.12.8-slim")}
    assert client.resolve(f"{registry.host}/library/python:3.12.7-slim") not in digests


def test_resolve_sends_every_manifest_type_and_asks_with_head(
    proxy: FaultProxy, registry: Seeded, make_client: Callable[..., Client]
) -> None:
    client = make_client(cache=False)
    assert client.resolve(f"{proxy.host}/library/redis:7.2") == registry.digest(
        "library/redis", "7.2"
    )
    heads = proxy.requests("HEAD", "/manifests/")
    assert [r.path for r in heads] == ["/v2/library/redis/manifests/7.2"]
    accept = heads[0].headers["accept"]
    assert [part.strip() for part in accept.split(",")] == list(MANIFEST_TYPES)
    assert not proxy.requests("GET", "/manifests/"), "a HEAD is enough (a GET counts as a pull)"
    assert heads[0].headers["user-agent"].startswith("tagsense/")


def test_no_tag_is_latest_and_a_digest_is_its_own_answer(
    proxy: FaultProxy, registry: Seeded, make_client: Callable[..., Client]
) -> None:
    client = make_client(cache=False)
    assert client.resolve(f"{proxy.host}/library/redis") == registry.digest(
        "library/redis", "latest"
    )
    digest = registry.digest("acme/api", "1")
    proxy.log.clear()
    assert client.resolve(f"{proxy.host}/acme/api@{digest}") == digest
    assert proxy.log == [], "nothing to ask"


@pytest.mark.parametrize(
    ("repository", "tag", "platform", "expected"),
    [
        ("library/python", "3.12-slim", "linux/arm64", "linux/arm64/v8"),
        ("library/python", "3.12-slim", "linux/arm64/v8", "linux/arm64/v8"),
        ("library/python", "3.12-slim", "linux/amd64", "linux/amd64"),
        ("library/redis", "7", "linux/amd64", "linux/amd64"),
        ("library/redis", "7", "LINUX/ARM64", "linux/arm64/v8"),
    ],
)
def test_platform_picks_one_manifest_of_an_index(
    registry: Seeded,
    make_client: Callable[..., Client],
    repository: str,
    tag: str,
    platform: str,
    expected: str,
) -> None:
    digest = make_client().resolve(f"{registry.host}/{repository}:{tag}", platform=platform)
    assert digest == registry.platform_digest(repository, tag, expected)


def test_platform_of_a_one_platform_image_is_checked(
    registry: Seeded, make_client: Callable[..., Client]
) -> None:
    client = make_client()
    ref = f"{registry.host}/acme/oci:2"
    assert client.resolve(ref, platform="linux/arm64") == registry.digest("acme/oci", "2")
    with pytest.raises(
        NotFound, match=r"acme/oci:2 is an image for linux/arm64/v8 only, not for linux/amd64"
    ):
        client.resolve(ref, platform="linux/amd64")
    with pytest.raises(NotFound) as caught:
        client.resolve(f"{registry.host}/library/python:slim", platform="windows/amd64")
    # The attestation manifest (unknown/unknown) is no platform.
    assert str(caught.value).endswith(
        "has no image for windows/amd64 (it has: linux/amd64, linux/arm64/v8)"
    )
    with pytest.raises(RegistryError, match="invalid platform 'linux'"):
        client.resolve(ref, platform="linux")


def test_manifest(registry: Seeded, make_client: Callable[..., Client]) -> None:
    client = make_client()
    manifest = client.manifest(f"{registry.host}/library/python:3.12-slim")
    assert isinstance(manifest, Manifest) and manifest.is_index
    assert [str(p) for p in manifest.platforms] == ["linux/amd64", "linux/arm64/v8"]
    child = manifest.for_platform("linux/arm64")
    assert child is not None
    assert child.digest == registry.platform_digest("library/python", "3.12-slim", "linux/arm64/v8")
    image = client.manifest(f"{registry.host}/library/python@{child.digest}")
    assert not image.is_index and image.config is not None
    assert image.json()["schemaVersion"] == 2


# --- tags ----------------------------------------------------------------------------------------


def test_tags(registry: Seeded, make_client: Callable[..., Client]) -> None:
    client = make_client()
    assert set(client.tags(f"{registry.host}/library/python")) == registry.tags("library/python")
    # 2.8.2 answers every tag at once, whatever n says.
    assert sorted(client.tags(f"{registry.host}/acme/many:1.0.0")) == sorted(
        registry.tags("acme/many")
    )


@pytest.mark.parametrize("absolute", [False, True])
def test_tags_follow_every_page(
    proxy: FaultProxy, registry: Seeded, make_client: Callable[..., Client], absolute: bool
) -> None:
    proxy.page_size = 40
    proxy.absolute_links = absolute
    tags = make_client(cache=False).tags(f"{proxy.host}/acme/many")
    expected = registry.tags("acme/many")
    assert len(tags) == len(expected) and set(tags) == expected
    pages = proxy.requests("GET", "/tags/list")
    assert len(pages) == math.ceil(len(expected) / 40)
    assert pages[0].path == "/v2/acme/many/tags/list?n=1000"
    assert "last=" in pages[1].path


def test_a_next_page_on_another_host_is_not_followed(
    proxy: FaultProxy, make_client: Callable[..., Client], recorder: Recorder
) -> None:
    proxy.add(
        Rule(
            "/tags/list",
            200,
            headers={"Link": f'<{recorder.url}/v2/acme/many/tags/list?last=x>; rel="next"'},
            body=b'{"name": "acme/many", "tags": ["1"]}',
        )
    )
    with pytest.raises(
        InvalidResponse,
        match=r"links the next page to another host \(127\.0\.0\.2:\d+\): not followed",
    ):
        make_client(cache=False).tags(f"{proxy.host}/acme/many")
    assert recorder.log == []


def test_tags_many(registry: Seeded, make_client: Callable[..., Client]) -> None:
    found = make_client().tags_many(
        [f"{registry.host}/acme/api:1", f"{registry.host}/acme/api", f"{registry.host}/acme/none"]
    )
    assert list(found) == [f"{registry.host}/acme/api", f"{registry.host}/acme/none"]
    assert set(found[f"{registry.host}/acme/api"]) == registry.tags("acme/api")  # type: ignore[arg-type]
    error = found[f"{registry.host}/acme/none"]
    assert isinstance(error, NotFound)
    assert str(error) == f"repository {registry.host}/acme/none not found"


# --- many references, once each, concurrently ----------------------------------------------------


def test_resolve_many_asks_each_distinct_tag_once(
    proxy: FaultProxy, registry: Seeded, make_client: Callable[..., Client]
) -> None:
    tags = ["3.12-slim", "3.12.8-slim", "slim", "3.13", "latest", "3.14.0rc1-slim"]
    references = [f"{proxy.host}/library/python:{tags[i % len(tags)]}" for i in range(60)]
    references.append(f"{proxy.host}/library/python:nope")
    reports: list[Progress] = []
    client = make_client(cache=False, progress=reports.append, workers=4)
    found = client.resolve_many(references)
    assert len(found) == len(tags) + 1
    for tag in tags:
        assert found[client._reference(f"{proxy.host}/library/python:{tag}")] == registry.digest(
            "library/python", tag
        )
    error = found[client._reference(f"{proxy.host}/library/python:nope")]
    assert isinstance(error, NotFound)
    heads = _head_requests(proxy)
    assert sorted(heads) == sorted(f"/v2/library/python/manifests/{t}" for t in [*tags, "nope"])
    assert [r.done for r in reports] == sorted(r.done for r in reports)
    # A second batch asks nothing: each question is asked once a client.
    client.resolve_many(references)
    assert len(_head_requests(proxy)) == len(heads)
    assert (reports[0].done, reports[0].total) == (0, len(tags) + 1)
    assert (reports[-1].done, reports[-1].total) == (len(tags) + 1, len(tags) + 1)


def test_progress_names_the_slow_registry(
    proxy: FaultProxy, make_client: Callable[..., Client]
) -> None:
    reports: list[Progress] = []
    client = make_client(cache=False, progress=reports.append)
    client.resolve(f"{proxy.host}/acme/api:1")  # the ping, before the latency
    proxy.latency = 0.6
    client.resolve_many([f"{proxy.host}/acme/api:{tag}" for tag in ("1.4", "1.4.2")])
    slow = [r for r in reports if r.slow]
    assert slow, "a report while the requests were in flight"
    assert slow[0].slow[0][0] == proxy.host
    assert str(slow[0]).startswith(f"0/2 ({proxy.host}: ")


# --- the digest without Docker-Content-Digest ----------------------------------------------------


def test_a_missing_digest_header_is_the_hash_of_the_manifest_as_sent(
    proxy: FaultProxy, registry: Seeded, make_client: Callable[..., Client]
) -> None:
    proxy.drop_digest = True
    client = make_client(cache=False)
    for repository, tag in (("library/python", "3.12-slim"), ("acme/api", "1.4")):
        assert client.resolve(f"{proxy.host}/{repository}:{tag}") == registry.digest(
            repository, tag
        )
    # HEAD, then GET with the same Accept: the manifest's bytes hashed as received.
    methods = [r.method for r in proxy.requests(contains="/manifests/")]
    assert methods == ["HEAD", "GET", "HEAD", "GET"]
    gets = proxy.requests("GET", "/manifests/")
    assert all(
        r.headers["accept"] == proxy.requests("HEAD", "/manifests/")[0].headers["accept"]
        for r in gets
    )


# --- the cache -----------------------------------------------------------------------------------


def test_a_warm_cache_asks_nothing(
    proxy: FaultProxy, registry: Seeded, make_client: Callable[..., Client]
) -> None:
    refs = [f"{proxy.host}/library/python:3.12-slim", f"{proxy.host}/acme/api:1.4"]
    first = make_client().resolve_many(refs)
    tags = make_client().tags(f"{proxy.host}/acme/api")
    arm = make_client().resolve(refs[0], platform="linux/arm64")
    assert arm == registry.platform_digest("library/python", "3.12-slim", "linux/arm64/v8")
    proxy.log.clear()
    again = make_client()
    assert again.resolve_many(refs) == first
    assert again.tags(f"{proxy.host}/acme/api") == tags
    assert again.resolve(refs[0], platform="linux/arm64") == arm
    assert proxy.log == [], "a warm cache: nothing asked"
    offline = make_client(offline=True, ttl=0)  # offline, even old answers serve
    assert offline.resolve_many(refs) == first
    assert offline.resolve(refs[0], platform="linux/arm64") == arm
    assert proxy.log == []


def test_offline_says_what_it_could_not_answer(
    proxy: FaultProxy, make_client: Callable[..., Client]
) -> None:
    client = make_client(offline=True)
    found = client.resolve_many([f"{proxy.host}/acme/api:1.4"])
    error = next(iter(found.values()))
    assert isinstance(error, NotCached)
    assert str(error) == f"the digest of {proxy.host}/acme/api:1.4 not in the cache (offline)"
    with pytest.raises(NotCached, match=r"the tags of .*/acme/api not in the cache"):
        client.tags(f"{proxy.host}/acme/api")
    assert proxy.log == []


def test_refresh_and_ttl_ask_again(proxy: FaultProxy, make_client: Callable[..., Client]) -> None:
    ref = f"{proxy.host}/acme/api:1.4"
    make_client().resolve(ref)
    proxy.log.clear()
    make_client().resolve(ref)
    assert _head_requests(proxy) == []
    make_client(refresh=True).resolve(ref)
    assert len(_head_requests(proxy)) == 1
    make_client(ttl=0).resolve(ref)
    assert len(_head_requests(proxy)) == 2
    # An old answer still serves offline.
    assert make_client(ttl=0, offline=True).resolve(ref)


def test_cache_files_are_private_and_in_the_configured_place(
    registry: Seeded, environ: dict[str, str], tmp_path: Path
) -> None:
    where = tmp_path / "elsewhere" / "tagsense-cache"
    with Client(
        environ={**environ, "TAGSENSE_CACHE_DIR": str(where)}, sleep=lambda s: None
    ) as client:
        assert client.cache is not None and client.cache.directory == str(where)
        client.resolve(f"{registry.host}/library/redis:7", platform="linux/amd64")
        client.tags(f"{registry.host}/library/redis")
    files = [p for p in where.rglob("*") if p.is_file()]
    assert len(files) == 3  # a digest, a tag list, an index
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for path in [where, *(p for p in where.rglob("*") if p.is_dir())]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o700, path
    assert not list(where.rglob("*.tmp"))


def test_a_corrupt_cache_entry_is_a_miss(
    proxy: FaultProxy, make_client: Callable[..., Client], tmp_path: Path
) -> None:
    ref = f"{proxy.host}/acme/api:1.4"
    expected = make_client().resolve(ref)
    for path in (tmp_path / "cache").rglob("*.json"):
        path.write_bytes(b"{not json")
    proxy.log.clear()
    assert make_client().resolve(ref) == expected
    assert len(_head_requests(proxy)) == 1


# --- pins that keep their platform ---------------------------------------------------------------


def test_pin_digest_keeps_a_platform_pin(
    registry: Seeded, make_client: Callable[..., Client]
) -> None:
    seeder = registry.seeder
    old = seeder.index("moving/app", ["1.0"])
    old_arm = seeder.platforms[("moving/app", "1.0", "linux/arm64/v8")]
    new = seeder.index("moving/app", ["1.0"])  # the tag moves
    new_arm = seeder.platforms[("moving/app", "1.0", "linux/arm64/v8")]
    assert len({old, new, old_arm, new_arm}) == 4
    client = make_client(cache=False)
    base = f"{registry.host}/moving/app:1.0"
    assert client.pin_digest(base) == new
    assert client.pin_digest(f"{base}@{old}") == new  # a pin of the index stays one
    assert client.pin_digest(f"{base}@{old_arm}") == new_arm  # a platform's pin stays one
    assert client.pin_digest(f"{base}@{new}") == new
    missing = "sha256:" + "0" * 64
    assert client.pin_digest(f"{base}@{missing}") == new
    assert client.pin_digest(f"{registry.host}/moving/app@{old}") == old  # no tag to follow


# --- faults: each a clear error, never a traceback -----------------------------------------------


def _one_line(error: BaseException) -> str:
    text = str(error)
    assert isinstance(error, TagsenseError) and isinstance(error, ValueError)
    assert "\n" not in text and "Traceback" not in text
    return text


def test_a_registry_down_is_one_clear_error(make_client: Callable[..., Client]) -> None:
    port = free_port()
    client = make_client(cache=False)
    found = client.resolve_many([f"127.0.0.1:{port}/acme/api:{t}" for t in ("1", "2", "3")])
    assert len(found) == 3
    for error in found.values():
        assert isinstance(error, RegistryUnavailable)
        assert _one_line(error) == f"cannot connect to 127.0.0.1:{port}: connection refused"
    # Asked once (HTTPS, then plain HTTP for a loopback host), not once a reference.
    assert client.requests == {f"127.0.0.1:{port}": 2}


def test_a_timeout(
    proxy: FaultProxy, make_client: Callable[..., Client], sleeps: list[float]
) -> None:
    client = make_client(cache=False, read_timeout=0.2, retries=1)
    client.resolve(f"{proxy.host}/acme/api:1")
    proxy.latency = 1.0
    with pytest.raises(RegistryTimeout) as caught:
        client.resolve(f"{proxy.host}/acme/api:1.4")
    assert _one_line(caught.value) == (
        f"{proxy.host} did not answer within 0.2 s "
        f"(asking for the manifest of {proxy.host}/acme/api:1.4)"
    )
    assert len(sleeps) == 1, "a read timeout is retried"


def test_404(registry: Seeded, make_client: Callable[..., Client]) -> None:
    client = make_client()
    with pytest.raises(NotFound) as caught:
        client.resolve(f"{registry.host}/acme/none:1")
    assert _one_line(caught.value) == (
        f"{registry.host}/acme/none:1 not found (no such repository, or no such tag)"
    )
    with pytest.raises(NotFound, match=f"repository {registry.host}/acme/none not found"):
        client.tags(f"{registry.host}/acme/none")
    with pytest.raises(NotFound, match="MANIFEST_UNKNOWN"):
        client.manifest(f"{registry.host}/acme/api@sha256:{'1' * 64}")


def test_429_with_a_short_retry_after_is_waited_for(
    proxy: FaultProxy, registry: Seeded, make_client: Callable[..., Client], sleeps: list[float]
) -> None:
    proxy.add(Rule("/manifests/", 429, headers={"Retry-After": "2"}, times=1, method="HEAD"))
    client = make_client(cache=False)
    assert client.resolve(f"{proxy.host}/acme/api:1") == registry.digest("acme/api", "1")
    assert sleeps == [2.0]
    assert len(_head_requests(proxy)) == 2


def test_429_with_a_long_retry_after_is_the_answer(
    proxy: FaultProxy, make_client: Callable[..., Client], sleeps: list[float]
) -> None:
    proxy.add(
        Rule(
            "/manifests/",
            429,
            headers={
                "Retry-After": "3600",
                "ratelimit-limit": "100;w=21600",
                "ratelimit-remaining": "0;w=21600",
            },
            body=b'{"errors":[{"code":"TOOMANYREQUESTS","message":"pull rate limit"}]}',
        )
    )
    with pytest.raises(RateLimited) as caught:
        make_client(cache=False).resolve(f"{proxy.host}/acme/api:1")
    assert _one_line(caught.value) == (
        f"{proxy.host} is rate limiting requests (429) for the manifest of {proxy.host}/acme/api:1;"
        " 0 of 100 requests left; retry after 3600 s"
    )
    assert caught.value.retry_after == 3600
    assert sleeps == []


def test_429_without_retry_after_backs_off_then_gives_up(
    proxy: FaultProxy, make_client: Callable[..., Client], sleeps: list[float]
) -> None:
    proxy.add(Rule("/manifests/", 429, method="HEAD"))
    with pytest.raises(RateLimited):
        make_client(cache=False, retries=3, backoff=0.5).resolve(f"{proxy.host}/acme/api:1")
    assert len(sleeps) == 3
    assert sleeps == sorted(sleeps) and sleeps[0] >= 0.5, "exponential backoff"


def test_5xx_is_retried(
    proxy: FaultProxy, registry: Seeded, make_client: Callable[..., Client], sleeps: list[float]
) -> None:
    proxy.add(Rule("/manifests/", 503, times=2, method="HEAD"))
    assert make_client(cache=False).resolve(f"{proxy.host}/acme/api:1") == registry.digest(
        "acme/api", "1"
    )
    assert len(sleeps) == 2
    proxy.add(Rule("/manifests/", 500, method="HEAD"))
    with pytest.raises(RegistryUnavailable) as caught:
        make_client(cache=False, retries=1).resolve(f"{proxy.host}/acme/api:1.4")
    assert _one_line(caught.value).startswith(f"{proxy.host} failed (500 Internal Server Error)")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html>Welcome to the captive portal</html>", "is not JSON"),
        (b'["a", "list"]', "is not a JSON object"),
        (b'{"schemaVersion": 1, "name": "x"}', "is not an image manifest or index"),
        (
            json.dumps({"schemaVersion": 2, "mediaType": DOCKER_MANIFEST}).encode(),
            "is malformed",
        ),
    ],
)
def test_a_manifest_that_is_not_one(
    proxy: FaultProxy, make_client: Callable[..., Client], body: bytes, message: str
) -> None:
    proxy.drop_digest = True
    proxy.add(
        Rule("/manifests/", 200, headers={"Content-Type": "text/html"}, body=body, method="GET")
    )
    with pytest.raises(InvalidResponse) as caught:
        make_client(cache=False).resolve(f"{proxy.host}/acme/api:1")
    assert message in _one_line(caught.value)
    assert f"{proxy.host}/acme/api:1" in str(caught.value)


def test_a_digest_that_does_not_match_the_bytes(
    proxy: FaultProxy, registry: Seeded, make_client: Callable[..., Client]
) -> None:
    digest = registry.digest("acme/api", "1")
    _, _, data = request(
        "GET", f"{registry.url}/v2/acme/api/manifests/1", headers={"Accept": DOCKER_MANIFEST}
    )
    proxy.add(
        Rule(
            f"/manifests/{digest}",
            200,
            headers={"Content-Type": DOCKER_MANIFEST},
            body=data.replace(b'"schemaVersion": 2', b'"schemaVersion":2'),
        )
    )
    with pytest.raises(InvalidResponse, match="does not match its digest"):
        make_client(cache=False).manifest(f"{proxy.host}/acme/api@{digest}")


def test_a_response_over_the_cap(proxy: FaultProxy, make_client: Callable[..., Client]) -> None:
    client = make_client(cache=False, max_bytes=1000)
    with pytest.raises(ResponseTooLarge) as caught:
        client.tags(f"{proxy.host}/acme/many")
    assert _one_line(caught.value).startswith(f"{proxy.host} sent 1.")
    assert "more than the 1000 bytes allowed: refused" in str(caught.value)
    # Without a Content-Length, the body is read up to the cap, no further.
    proxy.add(Rule("/tags/list", 200, body=b'{"tags": [' + b'"x",' * 5000 + b'"y"]}', stream=True))
    with pytest.raises(ResponseTooLarge, match="sent more than the 1000 bytes allowed"):
        make_client(cache=False, max_bytes=1000).tags(f"{proxy.host}/acme/api")


def test_a_redirect_to_another_host_is_refused(
    proxy: FaultProxy, make_client: Callable[..., Client], recorder: Recorder
) -> None:
    proxy.redirect_manifests_to = recorder.url
    with pytest.raises(RedirectRefused) as caught:
        make_client(cache=False).resolve(f"{proxy.host}/acme/api:1")
    assert _one_line(caught.value) == (
        f"{proxy.host} redirected the manifest of {proxy.host}/acme/api:1 "
        f"to another host ({recorder.host}): not followed"
    )
    assert recorder.log == []


def test_a_blob_on_another_host_is_fetched_without_credentials(
    proxy: FaultProxy,
    registry: Seeded,
    make_client: Callable[..., Client],
    recorder: Recorder,
    environ: dict[str, str],
    tmp_path: Path,
) -> None:
    # An image config served by a CDN, from a registry that wants Basic credentials.
    config = _config_of(registry, "acme/oci", "2")
    recorder.body = config
    proxy.basic = ("bob", "hunter2-hunter2")
    proxy.redirect_blobs_to = recorder.url
    _docker_config(tmp_path, {"auths": {proxy.host: {"auth": _b64("bob:hunter2-hunter2")}}})
    client = make_client(cache=False)
    ref = f"{proxy.host}/acme/oci:2"
    assert client.resolve(ref, platform="linux/arm64") == registry.digest("acme/oci", "2")
    assert [r.method for r in recorder.log] == ["GET"]
    assert "authorization" not in recorder.log[0].headers
    assert all("authorization" in r.headers for r in proxy.requests(contains="/manifests/"))


def _config_of(registry: Seeded, repository: str, tag: str) -> bytes:
    _, _, data = request(
        "GET",
        f"{registry.url}/v2/{repository}/manifests/{tag}",
        headers={"Accept": "application/vnd.oci.image.manifest.v1+json"},
    )
    digest = json.loads(data)["config"]["digest"]
    _, _, config = request("GET", f"{registry.url}/v2/{repository}/blobs/{digest}")
    return config


def _b64(text: str) -> str:
    import base64

    return base64.b64encode(text.encode()).decode()


def _docker_config(tmp_path: Path, config: dict[str, object]) -> None:
    directory = tmp_path / "docker"
    directory.mkdir(exist_ok=True)
    (directory / "config.json").write_text(json.dumps(config))


# --- proxies -------------------------------------------------------------------------------------


def test_http_proxy_and_no_proxy(
    proxy: FaultProxy, registry: Seeded, make_client: Callable[..., Client], environ: dict[str, str]
) -> None:
    # A registry only the proxy can reach (its name resolves nowhere else).
    proxy.hosts["registry.test:5000"] = registry.url
    environ["HTTP_PROXY"] = proxy.url
    client = make_client(cache=False, insecure=["registry.test:5000"], connect_timeout=2.0)
    assert client.resolve("registry.test:5000/acme/api:1") == registry.digest("acme/api", "1")
    forwarded = proxy.requests("HEAD")
    assert forwarded and forwarded[0].path == "http://registry.test:5000/v2/acme/api/manifests/1"
    proxy.log.clear()
    environ["NO_PROXY"] = "localhost,.example,registry.test"
    with pytest.raises(RegistryUnavailable, match=r"cannot resolve the host registry\.test:5000"):
        make_client(cache=False, insecure=["registry.test:5000"]).resolve(
            "registry.test:5000/acme/api:1"
        )
    assert proxy.log == []


def test_no_proxy_takes_cidr_ranges(
    proxy: FaultProxy, make_client: Callable[..., Client], environ: dict[str, str]
) -> None:
    # 192.0.2.0/24 is TEST-NET-1: nothing answers there, so a direct attempt times out.
    environ["HTTP_PROXY"] = proxy.url
    environ["NO_PROXY"] = "192.0.2.0/24"
    client = make_client(cache=False, insecure=["192.0.2.0/24"], connect_timeout=0.3, retries=0)
    with pytest.raises(RegistryUnavailable):
        client.resolve("192.0.2.7:5000/acme/api:1")
    assert proxy.log == [], "a CIDR entry of NO_PROXY sends it direct"
    del environ["NO_PROXY"]
    proxy.add(Rule("http://192.0.2.7:5000/", 404))  # the proxy answers for it
    client = make_client(cache=False, insecure=["192.0.2.0/24"], connect_timeout=0.3, retries=0)
    with pytest.raises(NotFound):
        client.resolve("192.0.2.7:5000/acme/api:1")
    assert [r.path for r in proxy.log] == [
        "http://192.0.2.7:5000/v2/",
        "http://192.0.2.7:5000/v2/acme/api/manifests/1",
    ]


def test_plain_http_only_where_docker_allows_it(make_client: Callable[..., Client]) -> None:
    client = make_client(cache=False, connect_timeout=0.3, retries=0)
    with pytest.raises(RegistryError):
        client.resolve("192.0.2.7:5000/acme/api:1")
    # One attempt, with TLS: 192.0.2.7 is neither loopback nor configured as insecure.
    assert client.requests == {"192.0.2.7:5000": 1}


def test_errors_survive_pickling() -> None:
    import pickle

    error = RateLimited("slow down", name="x", retry_after=3.0)
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), str(copy), copy.retry_after, copy.name) == (
        RateLimited,
        "slow down",
        3.0,
        "x",
    )


def test_docker_hub_names_get_library(
    proxy: FaultProxy, registry: Seeded, make_client: Callable[..., Client]
) -> None:
    client = make_client(cache=False, endpoints={"docker.io": proxy.url})
    assert client.resolve("redis:7") == registry.digest("library/redis", "7")
    assert client.resolve("docker.io/library/redis:7.2") == registry.digest("library/redis", "7.2")
    assert _head_requests(proxy) == [
        "/v2/library/redis/manifests/7",
        "/v2/library/redis/manifests/7.2",
    ]
    assert [r.path for r in proxy.requests("GET")] == ["/v2/"], "one ping a registry, a run"

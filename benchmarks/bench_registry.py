"""Resolving many references against a slow registry: requests made; a batch against one at a time.

What is measured
    The resolving half of ``tagsense pin``: 200 references naming 50 distinct tags (two
    repositories, 25 tags each, every reference written four times, shuffled), resolved against
    Debian's ``docker-registry`` (distribution 2.8.2) on 127.0.0.1 behind a proxy of the
    benchmark's own that adds 50 ms to every request (``--latency``).

    - Requests made, counted by the proxy: a cold batch (``Client.resolve_many``, a fresh cache
      directory) should ask each distinct tag once (one ``HEAD`` each, plus the one ``GET /v2/``
      a client sends a registry); a second batch with the warm cache should ask nothing.
    - Wall time of the cold batch (8 workers, the default) against resolving the same references
      one at a time with one client (``Client.resolve`` in a loop; each distinct tag is still
      asked once, so the ratio shows the concurrency alone). Target: at most 0.25x. The median of
      ``--rounds`` rounds (default 5), each with a fresh cache, after an untimed warm-up (the
      first client of a process imports urllib3); the one-at-a-time loop runs once.
    - For information, unless ``--quick``: a naive loop, a fresh client for every reference (no
      sharing of anything: every reference asked, every time).

    The registry tests' harness starts and seeds the registry (``tests/registry/harness.py``); the
    script uses only the standard library besides tagsense.

How to run (from the repository root)
    python benchmarks/bench_registry.py
    python benchmarks/bench_registry.py --quick --latency 0.1 --rounds 5

    The exit status is 0 whatever the figures (2 when no registry binary is found): read the
    PASS/BELOW marks.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the harness lives with the tests
try:
    import tagsense  # noqa: F401
except ImportError:  # pragma: no cover - run from a checkout without an install
    sys.path.insert(0, str(ROOT / "src"))

from tests.registry.harness import (  # noqa: E402
    FaultProxy,
    RegistryServer,
    Seeder,
    find_registry_binary,
    run_parallel,
)

from tagsense.registry import Client  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Sequence

TARGET_RATIO = 0.25
REFERENCES = 200
DISTINCT = 50
REPOSITORIES = ("bench/api", "bench/web")


def seed(seeder: Seeder) -> dict[tuple[str, str], str]:
    """Two repositories of 25 tags: five images each, five tags an image (aliases)."""
    jobs = []
    per_repo = DISTINCT // len(REPOSITORIES)
    for repository in REPOSITORIES:
        for image in range(per_repo // 5):
            tags = [f"{image + 1}.{alias}.0" for alias in range(5)]
            jobs.append(lambda r=repository, t=tags: seeder.image(r, t))
    run_parallel(jobs)
    tags = dict(seeder.tags)
    seeder.image("bench/warmup", ["1"])  # for an untimed first run
    return tags


def references(host: str, seeded: dict[tuple[str, str], str]) -> list[str]:
    distinct = [f"{host}/{repository}:{tag}" for repository, tag in sorted(seeded)]
    assert len(distinct) == DISTINCT
    refs = distinct * (REFERENCES // DISTINCT)
    random.Random(14).shuffle(refs)
    return refs


def run(args: argparse.Namespace) -> int:
    binary = find_registry_binary()
    if binary is None:
        print(
            "error: no registry binary (apt-get install docker-registry, or set "
            "TAGSENSE_TEST_REGISTRY)",
            file=sys.stderr,
        )
        return 2
    with tempfile.TemporaryDirectory(prefix="tagsense-bench-registry-") as temporary:
        base = Path(temporary)
        server = RegistryServer(binary, base / "registry", base / "storage")
        server.start()
        proxy = None
        try:
            seeded = seed(Seeder(server.url))
            proxy = FaultProxy(server.url)
            proxy.latency = args.latency
            refs = references(proxy.host, seeded)
            expected = {f"{proxy.host}/{r}:{t}": d for (r, t), d in seeded.items()}
            report(args, base, proxy, refs, expected)
        finally:
            if proxy is not None:
                proxy.close()
            server.stop()
    return 0


def _environ(base: Path) -> dict[str, str]:
    return {"HOME": str(base / "home")}  # no proxies, no Docker config: the run is the same


def _check(found: dict[object, object], expected: dict[str, str]) -> None:
    for reference, digest in found.items():
        if expected[str(reference)] != digest:
            raise SystemExit(f"error: {reference} resolved to {digest}")


def report(
    args: argparse.Namespace,
    base: Path,
    proxy: FaultProxy,
    refs: list[str],
    expected: dict[str, str],
) -> None:
    print(
        f"resolving {len(refs)} references naming {len(set(refs))} distinct tags "
        f"({len(REPOSITORIES)} repositories) against distribution 2.8.2 on 127.0.0.1, "
        f"{args.latency * 1000:.0f} ms added to every request"
    )
    print(f"  {sys.executable} (Python {sys.version.split()[0]})")
    print()

    # Untimed: the first client of a process imports urllib3 and builds its TLS context.
    with Client(cache=False, environ=_environ(base)) as client:
        client.resolve(f"{proxy.host}/bench/warmup:1")

    batch_times: list[float] = []
    cold_requests: list[int] = []
    heads: list[int] = []
    warm_requests = -1
    warm_time = 0.0
    for round_number in range(args.rounds):
        cache = base / f"cache-{round_number}"
        proxy.log.clear()
        began = time.perf_counter()
        with Client(cache=cache, environ=_environ(base)) as client:
            found = client.resolve_many(refs)
        batch_times.append(time.perf_counter() - began)
        _check(dict(found), expected)
        cold_requests.append(len(proxy.log))
        heads.append(len(proxy.requests("HEAD", "/manifests/")))
        if round_number == 0:
            proxy.log.clear()
            began = time.perf_counter()
            with Client(cache=cache, environ=_environ(base)) as client:
                _check(dict(client.resolve_many(refs)), expected)
            warm_time = time.perf_counter() - began
            warm_requests = len(proxy.log)

    proxy.log.clear()
    began = time.perf_counter()
    with Client(cache=False, environ=_environ(base)) as client:
        for ref in refs:
            if client.resolve(ref) != expected[ref]:
                raise SystemExit(f"error: {ref}")
    sequential = time.perf_counter() - began
    sequential_requests = len(proxy.log)

    distinct = len(set(refs))
    print("requests made (counted by the proxy)")
    mark = "PASS" if all(h == distinct for h in heads) else "BELOW"
    print(
        f"  cold batch:  {cold_requests[0]:4d} ({heads[0]} manifest HEADs, one a distinct tag, "
        f"+ {cold_requests[0] - heads[0]} to the registry's /v2/); "
        f"target: each distinct tag once: {mark}"
    )
    mark = "PASS" if warm_requests == 0 else "BELOW"
    print(f"  warm cache:  {warm_requests:4d} (in {warm_time * 1000:.0f} ms); target 0: {mark}")
    print(f"  one at a time, one client: {sequential_requests} (each distinct tag once, too)")
    print()
    batch = statistics.median(batch_times)
    ratio = batch / sequential
    print("wall time")
    print(
        f"  cold batch (resolve_many, 8 workers): {batch:6.2f} s "
        f"(median of {len(batch_times)}: {', '.join(f'{t:.2f}' for t in batch_times)})"
    )
    print(f"  one at a time, one client:            {sequential:6.2f} s")
    mark = "PASS" if ratio <= TARGET_RATIO else "BELOW"
    print(f"  batch / one at a time: {ratio:.3f}x; target <= {TARGET_RATIO}x: {mark}")
    if not args.quick:
        proxy.log.clear()
        began = time.perf_counter()
        for ref in refs:
            with Client(cache=False, environ=_environ(base)) as client:
                client.resolve(ref)
        naive = time.perf_counter() - began
        print(
            f"  one at a time, a client each:         {naive:6.2f} s ({len(proxy.log)} requests; "
            f"batch / this: {batch / naive:.3f}x, for information)"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(
            "Resolve 200 references naming 50 tags against a local registry behind a slow proxy: "
            f"requests made, and a batch against one at a time (target <= {TARGET_RATIO}x)."
        )
    )
    parser.add_argument(
        "--latency",
        type=float,
        default=0.05,
        help="seconds the proxy adds to every request (default: %(default)s)",
    )
    parser.add_argument(
        "--rounds", type=int, default=5, help="cold batches timed (default: %(default)s)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="skip the naive loop (a client a reference)"
    )
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.latency < 0:
        parser.error("--rounds must be at least 1 and --latency not negative")
    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())

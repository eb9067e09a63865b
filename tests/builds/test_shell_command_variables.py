"""A command kept in a variable (``CMD_PSQL="$CMD_DOCKER postgres:16 psql"``, then ``$CMD_PSQL
-c …`` on several lines): the image its assignment writes is placed at that assignment, where it
is written, once for all the runs of the command, as an alias's is; an image the run's own words
give stays at the run, and so does one that only a variable holding the image names (as
``IMAGE=x; docker run $IMAGE`` is).

Survey s48f: opencollective/opencollective-api's ``scripts/db_restore.sh`` and
``scripts/db_restore_extensions.sh`` set five such variables and run them thirteen times: each
run was a finding of its own at column 1, with a text not written on its line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense import find_references
from tagsense.sources.builds.shell import ShellReader

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


def pulls(text: str) -> list[tuple[int, str]]:
    reader = ShellReader(pulls=True)
    reader.read(text)
    assert reader.pulls is not None
    return [(pull.line, pull.image) for pull in reader.pulls]


# opencollective/opencollective-api, scripts/db_restore.sh (trimmed)
DB_RESTORE = """\
#!/bin/bash
CMD_PSQL="psql"
CMD_PG_RESTORE="pg_restore"
if [ "$USE_DOCKER" = "true" ] || [ "$USE_PODMAN" = "true" ]; then
  if [ "$USE_DOCKER" = "true" ]; then
    CMD_DOCKER="docker run --rm --network host"
  else
    CMD_DOCKER="podman run --rm --network host"
  fi
  CMD_PSQL="$CMD_DOCKER postgres:16 psql"
  CMD_PG_RESTORE="$CMD_DOCKER -v ./$(dirname "$DBDUMP_FILE"):/dbdumps:Z postgres:16 pg_restore"
fi
$CMD_PSQL -U postgres -h $PG_HOST $LOCALDBNAME -c "GRANT ALL ON SCHEMA public TO x;"
$CMD_PSQL -U postgres -h $PG_HOST $LOCALDBNAME -c "ALTER ROLE x WITH SUPERUSER;"
if [ -n "$RESTORE" ]; then
  $CMD_PG_RESTORE -U postgres -h $PG_HOST --no-acl -d "${LOCALDBNAME}" "${LOCAL_FILE}"
fi
"""


def test_each_run_is_placed_at_the_assignment_that_writes_the_image() -> None:
    found = pulls(DB_RESTORE)
    assert found and all(image == "postgres:16" for _, image in found)
    assert sorted(set(found)) == [(10, "postgres:16"), (11, "postgres:16")]


def test_one_occurrence_an_assignment_at_the_image_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    script = tmp_path / "scripts" / "db_restore.sh"
    script.parent.mkdir()
    script.write_text(DB_RESTORE)
    lines = DB_RESTORE.split("\n")
    found = [(o.path, o.line, o.column, o.raw) for o in find_references(".")]
    expected = [
        ("scripts/db_restore.sh", number, lines[number - 1].index("postgres:16") + 1, "postgres:16")
        for number in (10, 11)
    ]
    assert sorted(found) == expected


def test_an_image_the_run_gives_stays_at_the_run() -> None:
    text = 'RUN="docker run --rm"\n$RUN alpine:3.20 true\n${RUN} busybox:1.36 true\n'
    assert pulls(text) == [(2, "alpine:3.20"), (3, "busybox:1.36")]


def test_a_variable_holding_only_the_image_stays_at_the_run() -> None:
    # (as `IMAGE=x; docker run $IMAGE` is: the image is a word of its own, not the command's)
    text = 'PG=postgres:16.4\nCMD="docker run --rm $PG psql"\n$CMD -c a\n$CMD -c b\n'
    assert pulls(text) == [(3, "postgres:16.4"), (4, "postgres:16.4")]
    text = "IMAGE=postgres:16.4\ndocker run --rm $IMAGE psql\n"
    assert pulls(text) == [(2, "postgres:16.4")]


def test_through_the_command_variable_that_starts_the_value() -> None:
    text = (
        'BASE="docker run --rm -v $PWD:/w quay.io/acme/tools:1.2.3"\n'
        'LINT="$BASE golangci-lint run"\n'
        'FMT="${BASE} gofmt -l ."\n'
        "$LINT ./...\n"
        "$FMT\n"
    )
    assert pulls(text) == [(1, "quay.io/acme/tools:1.2.3"), (1, "quay.io/acme/tools:1.2.3")]


def test_a_value_that_adds_to_itself_keeps_the_older_text() -> None:
    text = 'C="docker run --rm alpine:3.20"\nC="$C -v $PWD:/w"\n$C true\n'
    assert pulls(text) == [(1, "alpine:3.20")]


def test_a_later_assignment_that_does_not_write_the_image_keeps_it_at_the_run() -> None:
    text = (
        "X=alpine:3.20\n"
        'CMD="docker run --rm alpine:3.20"\n'
        "$CMD true\n"
        'CMD="docker run --rm $X"\n'
        "$CMD true\n"
    )
    assert pulls(text) == [(2, "alpine:3.20"), (5, "alpine:3.20")]


def test_a_tag_from_a_variable_is_placed_at_the_name_as_written() -> None:
    text = 'V=16.4\nPSQL="docker run --rm postgres:$V psql"\n$PSQL -c a\n$PSQL -c b\n'
    assert pulls(text) == [(2, "postgres:16.4"), (2, "postgres:16.4")]


def test_a_run_in_a_function_is_placed_at_the_script_s_assignment() -> None:
    text = (
        'PSQL="docker run --rm postgres:16.4 psql"\n'
        "restore() {\n"
        '  $PSQL -c "$1"\n'
        "}\n"
        "restore a\n"
        "restore b\n"
    )
    assert set(pulls(text)) == {(1, "postgres:16.4")}


def test_an_assignment_in_a_sourced_file_leaves_the_runs_where_they_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (the file a script sources may be read once for several scripts: its text is not placed)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "env.sh").write_text('PSQL="docker run --rm postgres:16.4 psql"\n')
    (tmp_path / "run.sh").write_text('source "$(dirname "$0")/env.sh"\n$PSQL -c a\n$PSQL -c b\n')
    found = [(o.path, o.line, o.raw) for o in find_references(".")]
    assert found == [("run.sh", 2, "postgres:16.4"), ("run.sh", 3, "postgres:16.4")]


def test_a_run_in_a_substitution_is_placed_at_the_assignment() -> None:
    # (getsentry/self-hosted's install/error-handling.sh: `frames=$(echo … | $jq -s -c)`)
    text = (
        'jq="docker run --rm -i ghcr.io/jqlang/jq:1.7.1"\n'
        'frames=$(echo "$traceback" | $jq -s -c)\n'
        "stacktrace=$($jq -n -c --argjson frames \"$frames\" '$ARGS.named')\n"
        "ID=$(docker run --rm alpine:3.20 id -u)\n"
    )
    assert pulls(text) == [
        (1, "ghcr.io/jqlang/jq:1.7.1"),
        (1, "ghcr.io/jqlang/jq:1.7.1"),
        (4, "alpine:3.20"),
    ]


def test_a_sourced_file_s_function_run_is_placed_in_that_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (getsentry/self-hosted: install.sh sources install/error-handling.sh, whose
    # send_envelope runs `$sentry_cli send-envelope …`; read alone and through install.sh)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "install").mkdir()
    (tmp_path / "install" / "error-handling.sh").write_text(
        'sentry_cli="docker run --rm -v /tmp:/work getsentry/sentry-cli:2.39.1"\n'
        "send_envelope() {\n"
        '  $sentry_cli send-envelope "$envelope_file"\n'
        "}\n"
    )
    (tmp_path / "install.sh").write_text(
        "#!/bin/bash\nsource install/error-handling.sh\nsend_envelope\nsend_envelope\n"
    )
    found = [(o.path, o.line, o.column, o.raw) for o in find_references(".")]
    assert found == [("install/error-handling.sh", 1, 43, "getsentry/sentry-cli:2.39.1")]


def test_a_branch_the_shell_skips_substitutes_nothing() -> None:
    # (getsentry/self-hosted's install/setup-js-sdk-assets.sh, read where SETUP_JS_SDK_ASSETS
    # is not 1: its `$(… | $jq …)` ran the `jq` another file set, at each run's line)
    text = (
        "ASSETS=0\n"
        'if [[ "$ASSETS" == "1" ]]; then\n'
        "  ID=$(docker run --rm alpine:3.20 id -u)\n"
        "else ID=$(docker run --rm busybox:1.36 id -u)\n"
        "fi\n"
    )
    assert pulls(text) == [(4, "busybox:1.36")]


def test_a_name_written_for_something_else_is_not_the_image() -> None:
    text = 'RUN="docker run --rm -v postgres:/data"\n$RUN postgres:16.4 psql\n'
    assert pulls(text) == [(2, "postgres:16.4")]

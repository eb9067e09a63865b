"""A packaged chart's files: read without ``tarfile`` when the archive is plain, as it would."""

from __future__ import annotations

import gzip
import io
import tarfile
from pathlib import Path

import pytest

from tagsense.sources.helm._load import ChartError, _archive_files, _plain_members

DATA = Path(__file__).resolve().parent.parent / "data" / "helm"
ARCHIVES = sorted(DATA.glob("*/chart/charts/*.tgz"))


def _tarfile_members(raw: bytes) -> list[tuple[str, int, bytes]]:
    with tarfile.open(fileobj=io.BytesIO(raw), mode="r:") as tar:
        return [
            (m.name, m.size, tar.extractfile(m).read())  # type: ignore[union-attr]
            for m in tar
            if m.isfile()
        ]


def _tar(*members: tuple[str, bytes | None], form: int = tarfile.USTAR_FORMAT) -> bytes:
    """An archive of files (bytes) and directories (None)."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=form) as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            if data is None:
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            else:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


@pytest.mark.parametrize("archive", ARCHIVES, ids=lambda p: p.name)
def test_published_archives_are_plain_and_read_as_tarfile_reads_them(archive: Path) -> None:
    raw = gzip.decompress(archive.read_bytes())
    assert _plain_members(raw) == _tarfile_members(raw)


LONG = "c/templates/" + "d" * 90 + "/" + "e" * 60 + ".yaml"
ONE = _tar(("c/Chart.yaml", b"a"))


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        (_tar(("c/", None), ("c/Chart.yaml", b"name: c\n"), ("c/values.yaml", b"")), True),
        (_tar((LONG, b"x" * 513), ("c/Chart.yaml", b"a")), True),  # (a name in the prefix)
        (_tar(("c/Chart.yaml", b"a"), form=tarfile.GNU_FORMAT), True),
        (ONE[:1024], True),  # (no zero blocks at its end)
        (ONE[:700], False),  # (its last block cut: tarfile refuses it)
        (_tar(("c/Chart.yaml", b"a"), ("c/" + "x" * 120, b"b"), form=tarfile.GNU_FORMAT), False),
        (_tar(("c/Chart.yaml", b"a"), ("c/\u00e9.yaml", b"b"), form=tarfile.PAX_FORMAT), False),
    ],
)
def test_a_plain_archive_is_read_as_tarfile_reads_it(raw: bytes, plain: bool) -> None:
    members = _plain_members(raw)
    assert (members is not None) is plain
    if members is not None:
        assert members == _tarfile_members(raw)


def test_what_is_not_plain_is_left_to_tarfile() -> None:
    gnu_long = _tar(("c/Chart.yaml", b"a"), ("c/" + "x" * 120, b"b"), form=tarfile.GNU_FORMAT)
    names = sorted(name for name, _ in _archive_files(gzip.compress(gnu_long), "a.tgz"))
    assert names == ["Chart.yaml", "x" * 120]
    with pytest.raises(ChartError, match="not a chart archive"):
        _archive_files(gzip.compress(ONE[:700]), "a.tgz")


def test_an_archive_member_helm_refuses() -> None:
    with pytest.raises(ChartError, match="illegally contains"):
        _archive_files(gzip.compress(_tar(("c/../../etc/x", b"a"))), "a.tgz")
    with pytest.raises(ChartError, match="not in base directory"):
        _archive_files(gzip.compress(_tar(("Chart.yaml/x", b"a"))), "a.tgz")

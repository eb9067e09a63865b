"""OS release facts: the generated table, lookups, ordering, support status, import cost."""

from __future__ import annotations

import ast
import csv
import datetime
import doctest
import importlib.util
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tagsense import _os_data, os_releases
from tagsense.os_releases import OSRelease

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import ModuleType

ROOT = Path(__file__).parents[1]
SCRIPT = ROOT / "tasks" / "generate_os_releases.py"
CSV = ROOT.parent / "shared" / "corpus" / "os-releases.csv"
needs_csv = pytest.mark.skipif(not CSV.exists(), reason="../shared/corpus is not checked out")

date = datetime.date


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_os_releases", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _release(family: str, version: str | None = None, codename: str | None = None) -> OSRelease:
    found = os_releases.lookup(family, version, codename=codename)
    assert found is not None, (family, version, codename)
    return found


# --- the generated table -------------------------------------------------------


DISTRO_INFO = Path("/usr/share/distro-info")


def _older_distro_info() -> str | None:
    """The installed distro-info-data's version where dpkg says it is older than the one the
    module was generated with (a machine not yet upgraded: its data is not news to us)."""
    try:
        installed = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", "distro-info-data"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        older = (
            subprocess.run(
                ["dpkg", "--compare-versions", installed, "lt", _os_data.DISTRO_INFO_DATA],
                check=False,
            ).returncode
            == 0
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return installed if older else None


_OLDER = _older_distro_info() if (DISTRO_INFO / "ubuntu.csv").exists() else None
needs_distro_info = pytest.mark.skipif(
    not (DISTRO_INFO / "ubuntu.csv").exists()
    or not (DISTRO_INFO / "debian.csv").exists()
    or _OLDER is not None,
    reason=(
        f"the installed distro-info-data {_OLDER} is older than the"
        f" {_os_data.DISTRO_INFO_DATA} the module was generated with (apt-get install"
        " distro-info-data; .ci/run does)"
        if _OLDER
        else "distro-info-data is not installed (apt-get install distro-info-data; .ci/run does)"
    ),
)


@needs_csv
@needs_distro_info
def test_generated_module_is_up_to_date() -> None:
    # Current with the shared CSV and with the installed distro-info-data: a newer package
    # (a new Ubuntu release, a date Ubuntu moved) fails this until the module is regenerated.
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout
    assert _os_data.DISTRO_INFO_DATA in result.stdout


@needs_csv
@needs_distro_info
def test_check_fails_when_the_csv_changed(tmp_path: Path) -> None:
    lines = CSV.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = tmp_path / "os-releases.csv"
    changed.write_text("".join(lines[:-3]), encoding="utf-8")  # the last Windows rows
    assert _generator().main(["--csv", str(changed), "--check"]) == 1


@needs_csv
@needs_distro_info
def test_check_fails_when_distro_info_data_changed(tmp_path: Path) -> None:
    copy = tmp_path / "distro-info"
    copy.mkdir()
    for name in ("debian.csv", "ubuntu.csv"):
        (copy / name).write_bytes((DISTRO_INFO / name).read_bytes())
    version = ["--distro-info-version", _os_data.DISTRO_INFO_DATA]
    assert _generator().main(["--distro-info", str(copy), *version, "--check"]) == 0
    text = (copy / "ubuntu.csv").read_text(encoding="utf-8")
    (copy / "ubuntu.csv").write_text(text.replace("2027-06-01", "2027-06-02"), encoding="utf-8")
    assert _generator().main(["--distro-info", str(copy), *version, "--check"]) == 1
    # The same files under another package version are not the same data either.
    (copy / "ubuntu.csv").write_text(text, encoding="utf-8")
    assert _generator().main(["--distro-info", str(copy), "--check"]) == 2  # version unknown
    other = ["--distro-info-version", "0.0"]
    assert _generator().main(["--distro-info", str(copy), *other, "--check"]) == 1


def test_the_generator_says_what_is_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    # (a CSV of its own: the test needs no ../shared checkout)
    csv_file = tmp_path / "os-releases.csv"
    csv_file.write_text("family,codename,version,released,eol,eol_extended,lts,source_url\n")
    arguments = ["--csv", str(csv_file), "--distro-info", str(tmp_path / "none"), "--check"]
    assert _generator().main(arguments) == 2
    assert "install distro-info-data" in capsys.readouterr().err


@needs_csv
def test_other_families_are_the_csv_rows_in_csv_order() -> None:
    with CSV.open(encoding="utf-8", newline="") as file:
        rows = [row for row in csv.DictReader(file) if row["family"] not in ("debian", "ubuntu")]
    data = [row for row in _os_data.RELEASES if row[0] not in ("debian", "ubuntu")]
    assert len(rows) == len(data)
    for row, generated in zip(rows, data, strict=True):
        assert (generated[0], generated[1] or "", generated[2]) == (
            row["family"],
            row["codename"],
            row["version"],
        )
        release = os_releases.lookup(row["family"], row["version"])
        assert release is not None
        assert (release.family, release.version) == (row["family"], row["version"])
        assert release.codename == (row["codename"] or None)
        released = date.fromisoformat(row["released"]) if row["released"] else None
        assert release.released == released
        assert release.lts == {"true": True, "false": False, "": None}[row["lts"]]
        assert release.source == row["source_url"]
        for field in ("eol", "eol_extended"):
            text = row[field]
            value = getattr(release, field)
            if not text:
                assert value is None
            elif len(text) == len("2025-07"):  # month only: the last day, flagged
                assert value.isoformat()[:7] == text
                assert (value + datetime.timedelta(days=1)).day == 1
                assert field in release.inferred
            else:
                assert value == date.fromisoformat(text)
                assert field not in release.inferred
        assert _os_data.SOURCES[row["family"]].startswith("endoflife.date as of ")
    families = sorted({row["family"] for row in rows} | {"debian", "ubuntu"})
    assert list(os_releases.families()) == families


def _distro_info_rows(name: str) -> list[dict[str, str]]:
    lines = (DISTRO_INFO / name).read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    width = len(header)  # later columns are left out where they are empty
    return [
        dict(zip(header, (line.split(",") + [""] * width)[:width], strict=True))
        for line in lines[1:]
    ]


@needs_distro_info
def test_ubuntu_is_what_ubuntu_publishes() -> None:
    # Read here without the generator: each release's dates as distro-info-data has them.
    rows = _distro_info_rows("ubuntu.csv")
    assert len(os_releases.releases("ubuntu")) == len(rows)
    for row in rows:
        version = row["version"].removesuffix(" LTS")
        release = _release("ubuntu", version)
        assert release.codename == row["series"]
        assert release.lts is row["version"].endswith(" LTS")
        assert release.released == date.fromisoformat(row["release"])
        assert release.eol == date.fromisoformat(row["eol-server"] or row["eol"])
        esm = row["eol-esm"]
        assert release.eol_extended == (date.fromisoformat(esm) if esm else None)
        assert "distro-info-data" in (release.source or "")
    assert _os_data.SOURCES["ubuntu"] == f"distro-info-data {_os_data.DISTRO_INFO_DATA}"


@needs_distro_info
def test_debian_is_what_debian_publishes() -> None:
    rows = _distro_info_rows("debian.csv")
    releases = [row for row in rows if row["series"] != "experimental"]
    assert len(os_releases.releases("debian")) == len(releases)
    for row in releases:
        release = _release("debian", row["version"] or "unstable")
        assert release.codename == row["series"]
        for field, column in (("released", "release"), ("eol", "eol"), ("eol_extended", "eol-lts")):
            text = row[column]
            assert getattr(release, field) == (date.fromisoformat(text) if text else None)


def test_distro_info_columns_become_the_tables() -> None:
    ubuntu = (
        "version,codename,series,created,release,eol,eol-server,eol-esm,eol-legacy\n"
        "10.04 LTS,Lucid Lynx,lucid,2009-10-29,2010-04-29,2013-05-09,2015-04-30\n"
        "21.10,Impish Indri,impish,2021-04-22,2021-10-14,2022-07-14\n"
        "22.04 LTS,Jammy Jellyfish,jammy,2021-10-14,2022-04-21,2027-06-01,2027-06-01,"
        "2032-04-21,2034-04-25\n"
        "26.10,Stonking Stingray,stonking,2026-04-24\n"
    )
    read = _generator().read_distro_info
    assert read("ubuntu", ubuntu, "src") == [
        ("ubuntu", "stonking", "26.10", None, None, None, False, "src"),
        ("ubuntu", "jammy", "22.04", "2022-04-21", "2027-06-01", "2032-04-21", True, "src"),
        ("ubuntu", "impish", "21.10", "2021-10-14", "2022-07-14", None, False, "src"),
        # a server's support, not a desktop's; no ESM before 12.04
        ("ubuntu", "lucid", "10.04", "2010-04-29", "2015-04-30", None, True, "src"),
    ]
    debian = (
        "version,codename,series,created,release,eol,eol-lts,eol-elts\n"
        "5.0,Lenny,lenny,2007-04-08,2009-02-14,2012-02-06\n"
        "12,Bookworm,bookworm,2021-08-14,2023-06-10,2026-07-11,2028-06-30,2033-06-30\n"
        ",Sid,sid,1993-08-16\n"
        ",Experimental,experimental,1993-08-16\n"
    )
    assert read("debian", debian, "src") == [
        ("debian", "sid", "unstable", None, None, None, None, "src"),
        ("debian", "bookworm", "12", "2023-06-10", "2026-07-11", "2028-06-30", None, "src"),
        ("debian", "lenny", "5.0", "2009-02-14", "2012-02-06", None, None, "src"),
    ]


@pytest.mark.parametrize(
    ("family", "body", "message"),
    [
        ("ubuntu", "version,series,release,eol\n", "line 1: columns"),
        ("debian", "version,series,release,eol,eol-lts\n12,bookworm,2023-6-10\n", "line 2"),
        (
            "debian",
            "version,series,release,eol,eol-lts\n12,bookworm,2023-06-10,2020-01-01\n",
            "line 2: dates out of order",
        ),
        ("debian", "version,series,release,eol,eol-lts\n,forky\n", "line 2: version is empty"),
        (
            "debian",
            "version,series,release,eol,eol-lts\n12,bookworm\n12,trixie\n",
            "line 3: debian 12 repeats line 2",
        ),
    ],
)
def test_distro_info_files_are_checked(family: str, body: str, message: str) -> None:
    generator = _generator()
    with pytest.raises(generator.CSVError) as error:
        generator.read_distro_info(family, body, "src")
    assert str(error.value).startswith(message)


def test_generated_module_is_plain_literals() -> None:
    tree = ast.parse(Path(_os_data.__file__).read_text(encoding="utf-8"))
    assert not [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)]
    for row in _os_data.RELEASES:
        assert len(row) == 8
        assert all(value is None or isinstance(value, str | bool) for value in row)
    assert _os_data.INFERRED_DAYS == (("cbl-mariner", "2.0", "eol"),)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2025-07", ("2025-07-31", True)),
        ("2024-02", ("2024-02-29", True)),
        ("2023-02", ("2023-02-28", True)),
        ("2021-08-14", ("2021-08-14", False)),
        ("", (None, False)),
    ],
)
def test_generator_reads_dates(cell: str, expected: tuple[str | None, bool]) -> None:
    assert _generator().parse_date(cell, 2, "eol") == expected


HEADER = "family,codename,version,released,eol,eol_extended,lts,source_url\n"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("debian,x,1,2021-8-14,,,,src\n", "line 2: released: '2021-8-14' is not YYYY-MM-DD"),
        ("debian,x,1,2021-02-30,,,,src\n", "line 2: released: '2021-02-30'"),
        ("debian,x,1,,2025-13,,,src\n", "line 2: eol: '2025-13' has no month 13"),
        ("debian,x,1,,,,yes,src\n", "line 2: lts: 'yes' is not true, false or empty"),
        ("debian,x,1,,,,,\n", "line 2: source_url is empty"),
        ("debian,x,,,,,,src\n", "line 2: version is empty"),
        ("Debian,x,1,,,,,src\n", "line 2: family: 'Debian'"),
        ("debian,x,1,,,,src\n", "line 2: 7 fields, expected 8"),
        ("debian,x,1,2020-01-01,2019-01-01,,,src\n", "line 2: dates out of order"),
        ("debian,x,1,,,,,src\ndebian,y,1,,,,,src\n", "line 3: debian 1 repeats line 2"),
        ("debian,x,1,,,,,src\ndebian,X,2,,,,,src\n", "line 3: debian codename X repeats"),
    ],
)
def test_generator_rejects_bad_rows(body: str, message: str) -> None:
    generator = _generator()
    with pytest.raises(generator.CSVError) as error:
        generator.read_rows(HEADER + body)
    assert str(error.value).startswith(message)


def test_generator_rejects_unknown_columns() -> None:
    generator = _generator()
    with pytest.raises(generator.CSVError, match="line 1: columns are"):
        generator.read_rows(HEADER.replace("lts", "long_term") + "debian,x,1,,,,,src\n")


def test_generator_records_inferred_days() -> None:
    rows, inferred = _generator().read_rows(HEADER + "cbl-mariner,,2.0,,2025-07,,,src\n")
    assert rows == [("cbl-mariner", None, "2.0", None, "2025-07-31", None, None, "src")]
    assert inferred == [("cbl-mariner", "2.0", "eol")]


# --- lookups -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("family", "version", "expected_version", "expected_codename"),
    [
        ("debian", "12", "12", "bookworm"),
        ("debian", "12.5", "12", "bookworm"),
        ("debian", "3.1.8", "3.1", "sarge"),
        ("debian", "bookworm", "12", "bookworm"),
        ("debian", "sid", "unstable", "sid"),
        ("ubuntu", "22.04", "22.04", "jammy"),
        ("ubuntu", "22.04.4", "22.04", "jammy"),
        ("ubuntu", "Jammy", "22.04", "jammy"),
        ("alpine", "3.19.1", "3.19", None),
        ("alpine", "3.1", "3.1", None),
        ("alpine", "3.10", "3.10", None),
        ("alpine", "edge", "edge", "edge"),
        ("photon", "4", "4.0", None),
        ("ubi", "8.10", "8", None),
        ("centos", "7.9.2009", "7", None),
        ("amazonlinux", "2", "2", None),
        ("amazonlinux", "2.0.20240412.0", "2", None),
        ("amazonlinux", "2023.4.20240416.0", "2023", None),
        ("amazonlinux", "2018.03.0.20231218.0", "2018.03", None),
        ("opensuse-leap", "15.6", "15.6", None),
        ("sles", "15.6.1", "15.6", None),
        ("cbl-mariner", "2.0", "2.0", None),
        ("windows-servercore", "ltsc2022", "2022 (10.0.20348)", "ltsc2022"),
        ("windows-servercore", "LTSC2022", "2022 (10.0.20348)", "ltsc2022"),
        ("windows-servercore", "2022", "2022 (10.0.20348)", "ltsc2022"),
        ("windows-servercore", "10.0.20348", "2022 (10.0.20348)", "ltsc2022"),
        ("windows-servercore", "10.0.20348.2402", "2022 (10.0.20348)", "ltsc2022"),
        ("windows-servercore", "1809", "1809 (10.0.17763)", "1809"),
        ("windows-servercore", "20h2", "20h2 (10.0.19042)", "20H2"),
        # A build shared by an SAC and an LTSC release is the LTSC one.
        ("windows-servercore", "10.0.17763.5576", "2019 (10.0.17763)", "ltsc2019"),
        ("windows-servercore", "10.0.14393", "2016 (10.0.14393)", "ltsc2016"),
        ("windows-nanoserver", "10.0.14393", "1607 (10.0.14393)", "sac2016"),
        ("WINDOWS-SERVER", "2012", "2012 (6.2.9200)", None),
    ],
)
def test_lookup(
    family: str, version: str, expected_version: str, expected_codename: str | None
) -> None:
    release = _release(family, version)
    assert release.family == family.lower()
    assert (release.version, release.codename) == (expected_version, expected_codename)


@pytest.mark.parametrize(
    ("family", "version"),
    [
        ("debian", "16"),
        ("debian", "12.x"),
        ("debian", ""),
        ("debian", "slim"),
        ("alpine", "3"),  # many 3.x: ambiguous
        ("alpine", "3.25"),
        ("ubuntu", "22"),
        ("ubuntu", "28.04"),
        ("opensuse-leap", "15"),  # 15.0 exists, but so do 15.1-15.6
        ("sles", "15"),
        ("windows-servercore", "10.0.99999"),
        ("windows-servercore", "ltsc2028"),
        ("beos", "5"),
    ],
)
def test_lookup_unknown_is_none(family: str, version: str) -> None:
    assert os_releases.lookup(family, version) is None


def test_lookup_by_codename() -> None:
    assert _release("ubuntu", codename="noble").version == "24.04"
    assert _release("ubuntu", "24.04", codename="noble").version == "24.04"
    assert os_releases.lookup("ubuntu", "22.04", codename="noble") is None
    assert os_releases.lookup("ubuntu", codename="bookworm") is None
    assert os_releases.lookup("ubuntu") is None


@pytest.mark.parametrize("release", os_releases.releases(), ids=repr)
def test_every_release_is_found_by_its_own_names(release: OSRelease) -> None:
    assert release.version is not None
    assert os_releases.lookup(release.family, release.version) == release
    if release.codename is not None:
        assert os_releases.lookup(release.family, codename=release.codename) == release
        assert release in os_releases.by_codename(release.codename)
    if release.version.replace(".", "").isdigit():
        # Any point release of it resolves to it.
        assert os_releases.lookup(release.family, release.version + ".7") == release


def test_jammy() -> None:
    jammy = _release("ubuntu", "22.04")
    assert jammy.codename == "jammy"
    assert jammy.released == date(2022, 4, 21)
    # As Ubuntu publishes them (distro-info-data), not endoflife.date's 2027-04-01.
    assert jammy.eol == date(2027, 6, 1)
    assert jammy.eol_extended == date(2032, 4, 21)
    assert jammy.lts is True
    assert _release("ubuntu", "22.10").lts is False
    assert jammy.name == "Ubuntu 22.04 LTS (jammy)"
    assert jammy.inferred == ()


def test_cbl_mariner_eol_day_is_inferred() -> None:
    mariner = _release("cbl-mariner", "2.0")
    assert mariner.eol == date(2025, 7, 31)
    assert mariner.inferred == ("eol",)
    assert mariner.released is None
    assert "inferred=('eol',)" in repr(mariner)


def test_windows_build() -> None:
    assert _release("windows-servercore", "ltsc2022").build == "10.0.20348"
    assert _release("windows-server", "2000").build == "5.0.2195"
    assert _release("debian", "12").build is None
    assert os_releases.unknown("windows-servercore").build is None


def test_by_codename() -> None:
    assert [r.version for r in os_releases.by_codename("bullseye")] == ["11"]
    assert os_releases.by_codename("BULLSEYE") == os_releases.by_codename("bullseye")
    assert [r.family for r in os_releases.by_codename("20h2")] == [
        "windows-nanoserver",
        "windows-servercore",
    ]
    assert [r.version for r in os_releases.by_codename("Spherical Cow")] == ["18"]
    assert [r.version for r in os_releases.by_codename("schrödinger's")] == ["19"]
    assert os_releases.by_codename("slim") == ()


@pytest.mark.parametrize(
    ("word", "family"),
    [
        ("bookworm", "debian"),
        ("sid", "debian"),
        ("forky", "debian"),
        ("jammy", "ubuntu"),
        ("stonking", "ubuntu"),
        ("Noble", "ubuntu"),
        ("ltsc2022", None),
        ("heisenbug", None),
        ("edge", None),
        ("alpine", None),
        ("slim", None),
    ],
)
def test_codename_family(word: str, family: str | None) -> None:
    assert os_releases.codename_family(word) == family


def test_unknown() -> None:
    release = os_releases.unknown("ubuntu", codename="zesty2")
    assert (release.family, release.version, release.codename) == ("ubuntu", None, "zesty2")
    assert (release.released, release.eol, release.eol_extended, release.lts) == (None,) * 4
    assert release.support(date(2030, 1, 1)) == "unknown"
    assert release.is_eol(date(2030, 1, 1)) is None
    assert os_releases.unknown("alpine").name == "Alpine Linux"
    assert os_releases.unknown("alpine") == OSRelease("alpine")
    assert os_releases.unknown("alpine", "3.99").name == "Alpine Linux 3.99"
    assert os_releases.unknown("plan9").name == "plan9"


@pytest.mark.parametrize(
    ("family", "version", "name"),
    [
        ("debian", "11", "Debian 11 (bullseye)"),
        ("debian", "unstable", "Debian unstable (sid)"),
        ("ubuntu", "22.04", "Ubuntu 22.04 LTS (jammy)"),
        ("ubuntu", "23.10", "Ubuntu 23.10 (mantic)"),
        ("alpine", "3.19", "Alpine Linux 3.19"),
        ("alpine", "edge", "Alpine Linux edge"),
        ("windows-servercore", "ltsc2022", "Windows Server Core LTSC 2022 (10.0.20348)"),
        ("windows-servercore", "20h2", "Windows Server Core 20H2 (10.0.19042)"),
        ("windows-nanoserver", "1809", "Windows Nano Server 1809 (10.0.17763)"),
        ("amazonlinux", "2023", "Amazon Linux 2023"),
        ("amazonlinux", "2018.03", "Amazon Linux AMI 2018.03"),
        ("ubi", "9", "Red Hat UBI 9"),
        ("rhel", "9", "Red Hat Enterprise Linux 9"),
        ("fedora", "19", "Fedora 19 (Schrödinger's Cat)"),
        ("sles", "15.6", "SUSE Linux Enterprise Server 15 SP6"),
        ("sles", "15.0", "SUSE Linux Enterprise Server 15"),
        ("sles", "16.0", "SUSE Linux Enterprise Server 16.0"),
        ("opensuse-leap", "15.6", "openSUSE Leap 15.6"),
        ("cbl-mariner", "2.0", "CBL-Mariner 2.0"),
    ],
)
def test_name(family: str, version: str, name: str) -> None:
    release = _release(family, version)
    assert release.name == name
    assert str(release) == name


# --- ordering ------------------------------------------------------------------


def _codenames(family: str) -> list[str | None]:
    return [release.codename for release in os_releases.releases(family)]


def test_debian_order() -> None:
    names = _codenames("debian")
    assert names[-7:] == ["buster", "bullseye", "bookworm", "trixie", "forky", "duke", "sid"]
    bullseye, bookworm, trixie = (_release("debian", codename=c) for c in names[-6:-3])
    assert bullseye < bookworm < trixie
    assert trixie > bookworm >= bookworm
    assert not bookworm < bookworm
    assert sorted([trixie, bullseye, bookworm]) == [bullseye, bookworm, trixie]


def test_windows_order_is_by_build() -> None:
    ids = ["1809", "2004", "20H2", "ltsc2022"]
    found = [_release("windows-servercore", codename=i) for i in ids]
    assert found[0] < found[1] < found[2] < found[3]
    assert sorted([found[2], found[3], found[0], found[1]]) == found
    for family in ("windows-servercore", "windows-nanoserver", "windows-server"):
        builds = []
        for release in os_releases.releases(family):
            assert release.build is not None
            builds.append(tuple(int(part) for part in release.build.split(".")))
        assert builds == sorted(builds), family


def test_alpine_order_is_numeric() -> None:
    assert _release("alpine", "3.9") < _release("alpine", "3.10")
    versions = [release.version for release in os_releases.releases("alpine")]
    assert versions.index("3.9") + 1 == versions.index("3.10")
    assert versions[-1] == "edge"


def test_release_date_orders_before_version() -> None:
    # SLES 12.5 came out after 15.1; Amazon Linux 2 after 2018.03.
    assert _release("sles", "15.1") < _release("sles", "12.5")
    assert [r.version for r in os_releases.releases("amazonlinux")][-3:] == ["2018.03", "2", "2023"]


def test_undated_releases_sort_after_dated_ones() -> None:
    assert _release("ubuntu", "26.04") < _release("ubuntu", codename="stonking")
    assert _release("debian", "15") < os_releases.unknown("debian", "16")
    assert os_releases.releases("ubuntu")[-1].codename == "stonking"


def test_undated_releases_order_by_version_numbers() -> None:
    unknown = os_releases.unknown
    assert unknown("alpine", "3.30") < unknown("alpine", "3.100") < unknown("alpine", "4.0")
    # Windows: by the build, not by the year in front of it.
    late = unknown("windows-servercore", "2030 (10.0.9999)")
    assert late < unknown("windows-servercore", "2029 (10.0.10000)")
    assert _release("cbl-mariner", "1.0") < _release("cbl-mariner", "2.0")


def test_order_across_families_is_by_family_name() -> None:
    assert _release("alpine", "3.24") < _release("debian", "1.1") < _release("ubuntu", "4.10")
    assert os_releases.releases() == tuple(sorted(os_releases.releases()))
    assert [r.family for r in os_releases.releases()] == sorted(
        r.family for r in os_releases.releases()
    )


def test_order_agrees_with_equality() -> None:
    everything = os_releases.releases()
    assert len({release.sort_key for release in everything}) == len(everything)


def test_no_order_with_other_types() -> None:
    with pytest.raises(TypeError):
        _ = _release("debian", "12") < "12"
    assert _release("debian", "12") != ("debian", "12", "bookworm")


# --- support -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("family", "version", "as_of", "status"),
    [
        ("debian", "11", date(2024, 1, 1), "supported"),
        ("debian", "11", date(2024, 8, 14), "supported"),  # the eol day itself
        ("debian", "11", date(2024, 8, 15), "extended"),
        ("debian", "11", date(2025, 1, 1), "extended"),
        ("debian", "11", date(2026, 8, 31), "extended"),
        ("debian", "11", date(2026, 9, 1), "eol"),
        ("debian", "12", date(2025, 1, 1), "supported"),
        ("ubuntu", "23.10", date(2025, 1, 1), "eol"),  # interim: no ESM
        ("debian", "14", date(2025, 1, 1), "unknown"),
        ("debian", "unstable", date(2025, 1, 1), "unknown"),
        ("oraclelinux", "10", date(2025, 1, 1), "unknown"),  # released, eol not announced
        ("cbl-mariner", "2.0", date(2025, 7, 31), "supported"),
        ("cbl-mariner", "2.0", date(2025, 8, 1), "eol"),
    ],
)
def test_support(family: str, version: str, as_of: datetime.date, status: str) -> None:
    assert _release(family, version).support(as_of) == status
    assert status in os_releases.SUPPORT_STATUSES


def test_is_eol() -> None:
    bullseye = _release("debian", "11")
    assert bullseye.is_eol(date(2024, 8, 14)) is False
    assert bullseye.is_eol(date(2024, 8, 15)) is True
    assert bullseye.is_eol(date(2025, 1, 1), extended=True) is False
    assert bullseye.is_eol(date(2026, 9, 1), extended=True) is True
    # No extended support known: extended=True falls back to eol.
    mantic = _release("ubuntu", "23.10")
    assert mantic.is_eol(date(2024, 7, 13), extended=True) is True
    assert _release("debian", "14").is_eol(date(2025, 1, 1)) is None


# --- the value protocol --------------------------------------------------------


def test_equality_and_hash_use_family_version_codename() -> None:
    bookworm = _release("debian", "12")
    bare = OSRelease("debian", "12", "bookworm")
    assert bare == bookworm
    assert hash(bare) == hash(bookworm)
    assert bare.eol is None  # the facts are not part of equality
    assert OSRelease("debian", "12") != bookworm
    assert len({bookworm, bare, OSRelease("debian", "12")}) == 2


def test_immutable() -> None:
    release = _release("debian", "12")
    with pytest.raises(AttributeError):
        release.version = "13"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        release.anything = 1  # type: ignore[attr-defined]


def test_repr_round_trips() -> None:
    bullseye = _release("debian", "11")
    assert repr(bullseye) == (
        "OSRelease(family='debian', version='11', codename='bullseye', "
        "released=datetime.date(2021, 8, 14), eol=datetime.date(2024, 8, 14), "
        "eol_extended=datetime.date(2026, 8, 31))"
    )
    again = eval(repr(bullseye), {"OSRelease": OSRelease, "datetime": datetime})
    assert again == bullseye
    assert (again.released, again.eol, again.eol_extended) == (
        bullseye.released,
        bullseye.eol,
        bullseye.eol_extended,
    )


def test_pickle_keeps_the_facts() -> None:
    jammy = _release("ubuntu", "22.04")
    again = pickle.loads(pickle.dumps(jammy))
    assert again == jammy
    assert (again.eol_extended, again.lts, again.source) == (
        jammy.eol_extended,
        jammy.lts,
        jammy.source,
    )


def test_constructor_checks() -> None:
    with pytest.raises(TypeError):
        OSRelease("")
    with pytest.raises(ValueError, match="inferred"):
        OSRelease("debian", inferred=("eos",))


# --- import cost and docs ------------------------------------------------------


def test_import_is_light() -> None:
    # The module alone, in a fresh interpreter, under a bare stand-in for the package (so that
    # whatever tagsense/__init__.py imports does not count).
    code = textwrap.dedent(
        """
        import sys
        package = type(sys)("tagsense")
        package.__path__ = [sys.argv[1]]
        sys.modules["tagsense"] = package
        before = set(sys.modules)
        import tagsense.os_releases as m
        at_import = sorted(set(sys.modules) - before)
        m.lookup("debian", "12.5")
        m.by_codename("jammy")
        m.codename_family("jammy")
        m.releases()
        print(at_import)
        print(sorted(set(sys.modules) - before))
        """
    )
    package_dir = str(Path(os_releases.__file__).parent)
    result = subprocess.run(
        [sys.executable, "-I", "-c", code, package_dir], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    at_import, after_use = (ast.literal_eval(line) for line in result.stdout.splitlines())
    assert set(at_import) <= {"tagsense.os_releases", "tagsense._lazy"}
    assert not {"re", "typing", "json", "datetime"} & set(at_import)
    assert not {"re", "typing", "json"} & set(after_use)
    assert "tagsense._os_data" in after_use


def test_by_codename_agrees_with_the_whole_table() -> None:
    everything = os_releases.releases()
    keys = {r: os_releases._codename_keys(r.codename) for r in everything}
    for key in {key for found in keys.values() for key in found}:
        expected = tuple(sorted(r for r in everything if key in keys[r]))
        assert os_releases.by_codename(key) == expected, key
    assert len(os_releases.families()) == len({r.family for r in everything})


def test_a_lookup_builds_only_its_family() -> None:
    # Start-up time: a check meeting one Debian codename should not build every release.
    code = textwrap.dedent(
        """
        import tagsense.os_releases as m
        m.codename_family("bookworm")
        print(sorted(m._FAMILIES))
        m.lookup("debian", "12.5")
        m.by_codename("bookworm")
        print(sorted(m._FAMILIES))
        m.by_codename("ltsc2022")
        print(sorted(m._FAMILIES))
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert [ast.literal_eval(line) for line in result.stdout.splitlines()] == [
        [],
        ["debian"],
        ["debian", "windows-nanoserver", "windows-server", "windows-servercore"],
    ]


def test_typing_names() -> None:
    import typing

    assert typing.get_args(os_releases.SupportStatus) == os_releases.SUPPORT_STATUSES
    with pytest.raises(AttributeError):
        _ = os_releases.NoSuchName


def test_docstring_examples() -> None:
    result = doctest.testmod(os_releases, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 20

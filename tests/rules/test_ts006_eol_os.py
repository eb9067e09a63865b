"""TS006 eol-os."""

from __future__ import annotations

import datetime

from tagsense import check

from ._docs import check_documented_examples


def test_the_documented_examples() -> None:
    check_documented_examples("TS006")


def test_eol_is_judged_on_the_check_date() -> None:
    # Debian 11: regular support to 2024-08-14, LTS to 2026-08-31.
    def severity(day: datetime.date, **eol: object) -> list[tuple[str, str]]:
        config: dict[str, object] = {"select": ["TS006"]}
        if eol:
            config["eol"] = eol
        found = check(["debian:bullseye"], config=config, as_of=day)
        return [(f.code, f.severity) for f in found]

    assert severity(datetime.date(2024, 8, 14)) == []
    assert severity(datetime.date(2025, 1, 1)) == [("TS006", "warning")]
    assert severity(datetime.date(2026, 9, 1)) == [("TS006", "error")]
    assert severity(datetime.date(2025, 1, 1), support="regular") == [("TS006", "error")]
    assert severity(datetime.date(2026, 9, 1), **{"grace-days": 30}) == [("TS006", "warning")]


def test_an_os_in_a_tag_of_another_image() -> None:
    day = datetime.date(2026, 5, 1)  # alpine 3.20 ended on 2026-04-01
    found = check(["redis:7.0.11-alpine3.20"], config={"select": ["TS006"]}, as_of=day)
    assert [f.code for f in found] == ["TS006"]
    assert check(["redis:7.0.11-alpine3.22"], config={"select": ["TS006"]}, as_of=day) == []


def test_an_os_release_written_as_a_word_of_the_image_path() -> None:
    # ROCm's build images name their OS in the path (rocm/dev-centos-7, rocm/dev-ubuntu-22.04)
    day = datetime.date(2026, 12, 4)
    found = check(["rocm/dev-centos-7:6.0"], config={"select": ["TS006"]}, as_of=day)
    assert [f.code for f in found] == ["TS006"]
    assert "CentOS 7" in found[0].message
    assert check(["rocm/dev-ubuntu-24.04:7.2.1"], config={"select": ["TS006"]}, as_of=day) == []


def test_a_ros_distribution_names_the_ubuntu_release_it_is_built_on() -> None:
    # Each ROS distribution targets one Ubuntu release (REP 2000): the `ros` image's
    # `melodic-ros-base` is its `melodic-ros-base-bionic`, osrf/ros's `kinetic-desktop-full`
    # its `kinetic-desktop-full-xenial` (ethz-asl/kalibr, Unity-Technologies/Unity-Robotics-Hub,
    # introlab/rtabmap_ros, carla-simulator/ros-bridge build on them: survey s48b).
    day = datetime.date(2026, 12, 7)

    def found(image: str) -> list[tuple[str, str]]:
        return [
            (f.code, f.severity) for f in check([image], config={"select": ["TS006"]}, as_of=day)
        ]

    assert found("osrf/ros:kinetic-desktop-full") == [("TS006", "error")]  # xenial, ended
    assert found("ros:melodic-ros-base") == [("TS006", "warning")]  # bionic, ESM only
    assert found("ros:noetic-perception") == [("TS006", "warning")]  # focal
    assert found("ros:humble-ros-base") == []  # jammy
    # an OS the tag names is the tag's; rolling moves from release to release; node's `iron`
    # is no ROS distribution
    assert found("ros:humble-ros-base-jammy") == []
    assert found("ros:rolling-ros-base") == []
    assert found("node:iron") == []

"""CircleCI's Mustache sections, ``<<#parameters.x>>TEXT<</parameters.x>>`` (shown when ``x``
is true) and ``<<^parameters.x>>TEXT<</parameters.x>>`` (when it is false), put in as the
config compiler does with each value the jobs give. Survey 46b: Plume's executor picks its
database and browser images so; read as parameters only a run gives, they were 2 false
TS011 and 4 missed pulls.
"""

from __future__ import annotations

from tagsense.sources.ci import scan_ci

# Plume-org/Plume, .circleci/config.yml (trimmed): the executor's sections, and the jobs that
# give it each value of its boolean parameters.
PLUME_CONFIG = """\
version: 2.1
executors:
  default:
    parameters:
      postgres:
        type: boolean
        default: false
      selenium:
        type: boolean
        default: false
    docker:
    - image: plumeorg/plume-buildenv:v0.8.0
    - image: <<#parameters.postgres>>cimg/postgres:14.2<</parameters.postgres>><<^parameters.postgres>>alpine:latest<</parameters.postgres>>
    - image: <<#parameters.selenium>>elgalu/selenium:latest<</parameters.selenium>><<^parameters.selenium>>alpine:latest<</parameters.selenium>>
jobs:
  test:
    parameters:
      postgres:
        type: boolean
    executor:
      name: default
      postgres: << parameters.postgres >>
    steps: [checkout]
  integration:
    executor:
      name: default
      selenium: true
    steps: [checkout]
workflows:
  build:
    jobs:
    - test: {name: test-sqlite, postgres: false}
    - test: {name: test-postgres, postgres: true}
    - integration
"""  # noqa: E501


def test_a_section_is_shown_for_each_value_a_job_gives() -> None:
    scan = scan_ci(PLUME_CONFIG, system="circleci")
    found = sorted({(o.line, o.text) for o in scan})
    assert found == [
        (12, "plumeorg/plume-buildenv:v0.8.0"),
        (13, "alpine:latest"),
        (13, "cimg/postgres:14.2"),
        (14, "alpine:latest"),
        (14, "elgalu/selenium:latest"),
    ]
    assert all(o.unresolved == () for o in scan)


def test_a_section_of_a_parameter_only_a_run_gives_stays_unresolved() -> None:
    config = (
        "version: 2.1\njobs:\n  t:\n    parameters:\n      pg: {type: boolean}\n    docker:\n"
        "    - image: <<#parameters.pg>>cimg/postgres:14.2<</parameters.pg>>\n"
    )
    (occurrence,) = scan_ci(config, system="circleci")
    assert occurrence.unresolved != ()

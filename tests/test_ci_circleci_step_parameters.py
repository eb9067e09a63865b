"""CircleCI's parameters in a job's steps: the config compiler substitutes
``<< parameters.x >>`` in the whole job, its ``run`` commands too, with each invocation's
values (a workflow's arguments, each combination of its ``matrix``, else the defaults),
and puts a command's steps in where a step invokes it, with the arguments given
(https://circleci.com/docs/reusing-config/). Survey s58a: OpenLineage's
``.circleci/continue_config.yml`` runs ``docker run … << parameters.image >> …`` with the
manylinux images its workflows' matrices give; read as unknown, 2 pulled images were missed.
"""

from __future__ import annotations

from tagsense.sources.ci import scan_ci


def pulled(text: str) -> list[tuple[int, str]]:
    """(line, image) of each image the file's scripts pull or run."""
    return sorted((o.line, o.text) for o in scan_ci(text, system="circleci") if o.kind == "shell")


# OpenLineage/OpenLineage, .circleci/continue_config.yml (trimmed, its workflow put in).
OPENLINEAGE = """\
version: 2.1
jobs:
  compile:
    parameters:
      image:
        type: string
      resource_class:
        type: string
    machine:
      image: ubuntu-2404:current
    resource_class: << parameters.resource_class >>
    steps:
      - checkout
      - run: docker run -it -v $PWD:/code << parameters.image >> bash -c 'make'
workflows:
  build:
    jobs:
      - compile:
          matrix:
            parameters:
              image: ["quay.io/pypa/manylinux_2_28_x86_64", "quay.io/pypa/manylinux_2_28_aarch64"]
              resource_class: [medium, large]
"""


def test_a_run_command_takes_each_value_of_the_job_s_matrix() -> None:
    assert pulled(OPENLINEAGE) == [
        (14, "quay.io/pypa/manylinux_2_28_aarch64"),
        (14, "quay.io/pypa/manylinux_2_28_x86_64"),
    ]


def test_a_run_command_takes_the_workflow_s_argument_else_the_default() -> None:
    given = OPENLINEAGE.replace(
        "          matrix:\n            parameters:\n"
        '              image: ["quay.io/pypa/manylinux_2_28_x86_64", '
        '"quay.io/pypa/manylinux_2_28_aarch64"]\n'
        "              resource_class: [medium, large]\n",
        "          image: acme/builder:2\n",
    )
    assert pulled(given) == [(14, "acme/builder:2")]
    default = OPENLINEAGE.replace(
        "      image:\n        type: string\n",
        "      image:\n        type: string\n        default: acme/default:1\n",
    ).replace("      - compile:\n          matrix:", "      - other:\n          matrix:")
    assert pulled(default) == [(15, "acme/default:1")]
    # (no value at all: a run's, unknown; pipeline parameters take their defaults)
    none = OPENLINEAGE.replace("      - compile:\n", "      - other:\n")
    assert pulled(none) == []
    pipeline = (
        "version: 2.1\nparameters:\n  tag: {type: string, default: '3.1'}\n"
        + none.removeprefix("version: 2.1\n").replace(
            "<< parameters.image >>", "acme/tool:<< pipeline.parameters.tag >>"
        )
    )
    assert pulled(pipeline) == [(16, "acme/tool:3.1")]


# determined-ai/determined's `setup-docker-env` and rundeck/rundeck's commands (trimmed): a
# command's run steps take the arguments its invocation gives, written with the job's own.
COMMANDS = """\
version: 2.1
commands:
  start:
    parameters:
      image:
        type: string
        default: acme/never:1
      name:
        type: string
        default: box
    steps:
      - when:
          condition: true
          steps:
            - run: docker run -d --name <<parameters.name>> <<parameters.image>> sleep 1
  twice:
    parameters:
      script: {type: string}
    steps:
      - run: << parameters.script >>
      - start: {image: acme/second:2}
  unused:
    parameters:
      image: {type: string, default: acme/unused:1}
    steps:
      - run: docker pull << parameters.image >>
jobs:
  test:
    parameters:
      version: {type: string, default: "7"}
    machine: {image: default}
    steps:
      - start:
          image: acme/db:<< parameters.version >>
      - twice:
          script: docker pull acme/script:<< parameters.version >>
workflows:
  all:
    jobs:
      - test
      - test: {version: "8"}
"""


def test_a_command_s_steps_take_the_arguments_of_the_step_that_invokes_it() -> None:
    assert pulled(COMMANDS) == [
        (15, "acme/db:7"),
        (15, "acme/db:8"),
        (15, "acme/second:2"),
        (20, "acme/script:7"),
        (20, "acme/script:8"),
        (26, "acme/unused:1"),  # (a command no step invokes: its defaults)
    ]  # (and one that steps invoke, only as they do: never acme/never:1)


def test_a_command_that_invokes_itself_is_put_in_once() -> None:
    looping = COMMANDS.replace("      - start: {image: acme/second:2}\n", "      - twice\n")
    assert (15, "acme/second:2") not in pulled(looping)
    assert (20, "acme/script:8") in pulled(looping)


def test_a_job_is_walked_once_for_each_distinct_set_of_the_values_its_shells_use() -> None:
    from tagsense.sources._yaml import load_yaml
    from tagsense.sources.ci._circleci import Templating
    from tagsense.sources.ci._scanner import Scanner, fields

    def sets(text: str) -> list[dict[str, str]]:
        document = load_yaml(text).documents[0]
        templating = Templating(Scanner(None, "circleci"), fields(document))
        job = fields(fields(document)["jobs"])["compile"]
        found = templating.job_parameters("compile", job)
        return [{name: value.text for name, value in params.items()} for params in found]

    # (4 invocations; the resource class is no shell's: one walk an image)
    assert [found["image"] for found in sets(OPENLINEAGE)] == [
        "quay.io/pypa/manylinux_2_28_x86_64",
        "quay.io/pypa/manylinux_2_28_aarch64",
    ]
    # (a run that reads it too: one walk each of the 4)
    echo = OPENLINEAGE.replace(
        "      - checkout\n",
        "      - checkout\n      - run: echo << parameters.resource_class >>\n",
    )
    assert len(sets(echo)) == 4


# determined-ai/determined's `setup-docker-env` (trimmed): `when` and `unless` steps whose
# condition the parameters decide, which CircleCI keeps or leaves out as it compiles.
CONDITIONS = """\
version: 2.1
jobs:
  test:
    parameters:
      gpus: {type: boolean, default: false}
      arch: {type: string, default: amd64}
      flavor: {type: string}
    machine: {image: default}
    steps:
      - when:
          condition: << parameters.gpus >>
          steps:
            - run: docker run --gpus=all acme/gpu:1
      - when:
          condition:
            not: << parameters.gpus >>
          steps:
            - run: docker run acme/cpu:1
      - unless:
          condition:
            and:
              - equal: [arm64, << parameters.arch >>]
              - << parameters.gpus >>
          steps:
            - run: docker run acme/not-arm-gpu:1
      - when:
          condition: << parameters.flavor >>
          steps:
            - run: docker run acme/flavor:1
workflows:
  all:
    jobs:
      - test: {gpus: true, arch: arm64}
      - test: {arch: arm64}
"""


def test_a_step_s_condition_decided_by_the_parameters_keeps_or_leaves_it_out() -> None:
    assert pulled(CONDITIONS) == [
        (13, "acme/gpu:1"),  # (gpus: true)
        (18, "acme/cpu:1"),  # (gpus: false, the default)
        (25, "acme/not-arm-gpu:1"),  # (arm64 without gpus)
        (29, "acme/flavor:1"),  # (a value only a run gives: kept)
    ]
    only_gpus = CONDITIONS.replace("      - test: {arch: arm64}\n", "")
    assert pulled(only_gpus) == [(13, "acme/gpu:1"), (29, "acme/flavor:1")]


# determined-ai/determined's .circleci/real_config.yml invokes the same commands, with the
# same arguments, in a hundred jobs (commands that invoke commands): each job puts in steps
# of its own, those a job put in already (with the same values) once.
SHARED_COMMANDS = """\
version: 2.1
commands:
  pull:
    parameters:
      tag:
        type: string
        default: "6"
    steps:
      - run: docker pull redis:<< parameters.tag >>
  setup:
    parameters:
      tag:
        type: string
    steps:
      - pull:
          tag: << parameters.tag >>
      - run: make build
jobs:
  a:
    docker:
      - image: cimg/base:2024.01
    steps:
      - setup:
          tag: "7"
  b:
    docker:
      - image: cimg/base:2024.01
    environment:
      MODE: ci
    steps:
      - pull:
          tag: "7"
      - setup:
          tag: "7"
      - setup:
          tag: "8"
  c:
    docker:
      - image: cimg/base:2024.01
    steps:
      - setup:
          tag: "7"
      - pull
"""


def test_each_job_puts_in_the_steps_of_the_commands_it_invokes_once_for_each_set_of_values() -> (
    None
):
    from tagsense.sources._yaml import load_yaml
    from tagsense.sources.ci._scanner import Scanner
    from tagsense.sources.ci._shell import forget, sessions

    def shells() -> list[tuple[str | None, tuple[str, ...], tuple[tuple[str, str], ...]]]:
        forget()
        loaded = load_yaml(SHARED_COMMANDS, path=None)
        found = sessions(loaded.documents, Scanner(None, "circleci"))
        return [
            (s.job, tuple(x.text for x in s.scripts), tuple(s.variables.items())) for s in found
        ]

    assert shells() == [
        ("a", ("docker pull redis:7",), ()),
        ("a", ("make build",), ()),
        ("b", ("docker pull redis:7",), (("MODE", "ci"),)),
        ("b", ("make build",), (("MODE", "ci"),)),
        ("b", ("docker pull redis:8",), (("MODE", "ci"),)),
        ("c", ("docker pull redis:7",), ()),
        ("c", ("make build",), ()),
        ("c", ("docker pull redis:6",), ()),
    ]
    assert shells() == shells()  # (read again: the same)

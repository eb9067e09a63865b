"""``ssh HOST COMMAND`` (and a here-document given to ``ssh HOST``) runs its commands on the
server a deployment starts: their pulls are pulls, read as the remote shell reads them, and
so are those of a GitHub step's SSH action (``appleboy/ssh-action``'s ``script``).

Small projects deploy so (survey 33f): levietanh0001/nhatot-clone's GitLab deploy job runs
``ssh -o StrictHostKeyChecking=no -i $SSH_KEY root@HOST "docker login … && docker run -d …
mysql:8.0 && … mongo:6.0 && … redis:7.0-alpine …"`` (3 pulls missed before).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tagsense.sources.builds._ssh import remote_command
from tagsense.sources.builds.shell import ShellReader
from tagsense.sources.ci import built_images, scan_ci


def pulls(text: str, variables: dict[str, str] | None = None) -> list[tuple[int, str]]:
    reader = ShellReader(variables, pulls=True)
    reader.read(text)
    assert reader.pulls is not None
    return [(pull.line, pull.image) for pull in reader.pulls]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["root@h", "docker pull a"], ["docker pull a"]),
        (
            ["-i", "key", "-oStrictHostKeyChecking=no", "-p22", "u@h", "docker", "run", "a"],
            ["docker", "run", "a"],
        ),
        (["-tt", "-o", "A=b", "--", "h", "ls"], ["ls"]),
        (["-4", "-J", "jump", "h"], []),  # (no command: the remote shell reads ssh's input)
        (["-N", "-L", "1:h:2", "h"], None),  # (forwarding only)
        (["-W", "h:22", "jump"], None),
        (["-i", "key"], None),  # (no destination)
        ([], None),
    ],
)
def test_the_remote_command_follows_the_options_and_the_destination(
    words: list[str], expected: list[str] | None
) -> None:
    assert remote_command(words) == expected


@given(st.lists(st.text(alphabet="-NWiopt4ah@ ", max_size=5), max_size=6))
def test_the_remote_command_is_what_ends_the_words(words: list[str]) -> None:
    command = remote_command(words)
    assert command is None or command == words[len(words) - len(command) :]


def test_a_remote_command_s_pulls_are_at_the_ssh_command() -> None:
    text = (
        "IMG=redis:7.0-alpine\n"
        'ssh -o StrictHostKeyChecking=no -i $SSH_KEY root@1.2.3.4 "docker login -u $U -p $P'
        ' && docker run -d --name redis $IMG && docker run -d mysql:8.0"\n'
        "ssh deploy@host 'docker pull postgres:16.4'\n"
        'sshpass -p "$PASS" ssh deploy@host "sudo docker run -d nginx:1.27.3"\n'
    )
    assert pulls(text) == [
        (2, "redis:7.0-alpine"),
        (2, "mysql:8.0"),
        (3, "postgres:16.4"),
        (4, "nginx:1.27.3"),
    ]


def test_a_here_document_is_the_remote_shell_s_script() -> None:
    text = (
        "TAG=6.0.19\n"
        "ssh -p 2222 deploy@host <<EOF\n"
        "docker pull mongo:$TAG\n"
        "docker build -t shop-api .\n"
        "docker run -d shop-api\n"
        "EOF\n"
        "ssh deploy@host <<'EOF'\n"
        "docker run -d $REMOTE_IMAGE\n"
        "docker run -d busybox:1.37.0\n"
        "EOF\n"
    )
    # (the local TAG is put in before ssh sends the unquoted document; the quoted one's
    # variables are the server's; the image the remote shell builds is its own)
    reader = ShellReader(pulls=True)
    builds = reader.read(text)
    assert [(pull.line, pull.image) for pull in reader.pulls or []] == [
        (3, "mongo:6.0.19"),
        (5, "shop-api"),
        (9, "busybox:1.37.0"),
    ]
    assert [(build.line, build.names) for build in builds] == [(4, ("shop-api",))]
    # (what the server builds from is the server's: no Dockerfile of the project is read)
    assert not builds[0].decided and builds[0].workdir is None


def test_the_remote_shell_has_none_of_this_shell_s_variables() -> None:
    assert pulls("ssh h 'docker run $IMAGE'", {"IMAGE": "acme/app:1.0.0"}) == []
    assert pulls('ssh h "docker run $IMAGE"', {"IMAGE": "acme/app:1.0.0"}) == [
        (1, "acme/app:1.0.0")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "ssh -N -L 5432:db:5432 bastion\n",
        "ssh h\n",
        "scp docker-compose.yml h:/srv/app/\n",
        "ssh-keyscan -H h >> ~/.ssh/known_hosts\n",
        "echo 'ssh h docker run alpine:3.20'\n",
    ],
)
def test_what_runs_no_remote_command_pulls_nothing(text: str) -> None:
    assert pulls(text) == []


def shell_refs(text: str, system: str) -> list[tuple[int, str]]:
    return [(o.line, o.text) for o in scan_ci(text, system=system) if o.kind == "shell"]


def test_a_github_step_s_ssh_action_runs_its_script_on_the_server() -> None:
    workflow = """\
jobs:
  deploy:
    runs-on: ubuntu-latest
    env:
      DB: postgres:16.4
    steps:
      - uses: appleboy/ssh-action@v1.0.3
        with:
          host: ${{ secrets.HOST }}
          script: |
            cd ~/app
            docker pull ${{ secrets.DOCKERHUB_USERNAME }}/app:latest
            docker run -d $DB
            docker run -d redis:7.4.1
      - uses: fifsky/ssh-action@master
        with:
          command: docker run -d --name cache memcached:1.6.32
      - uses: actions/checkout@v4
        with:
          script: docker run -d alpine:3.20
"""
    # (the job's env is not the server's: $DB is unset there; an image only a run names is
    # skipped, not unresolved)
    assert shell_refs(workflow, "github-workflow") == [
        (14, "redis:7.4.1"),
        (17, "memcached:1.6.32"),
    ]


def test_the_env_an_ssh_action_passes_is_the_remote_shell_s() -> None:
    workflow = """\
jobs:
  deploy:
    runs-on: ubuntu-latest
    env:
      DB: postgres:16.4
      CACHE: redis:7.4.1
    steps:
      - uses: appleboy/ssh-action@v1.2.0
        with:
          envs: DB, OTHER
          script: docker run -d $DB && docker run -d $CACHE
      - uses: appleboy/ssh-action@v1.2.0
        with:
          allenvs: true
          script: docker run -d $CACHE
"""
    assert shell_refs(workflow, "github-workflow") == [(11, "postgres:16.4"), (15, "redis:7.4.1")]


def test_a_gitlab_job_s_ssh_command_pulls_on_the_server() -> None:
    # the shape of levietanh0001/nhatot-clone's .gitlab-ci.yml deploy job (trimmed)
    pipeline = """\
deploy:
  stage: deploy
  script:
    - ssh -o StrictHostKeyChecking=no -i $SSH_KEY root@203.0.113.7 "
      docker login -u $REGISTRY_USER -p \\"$REGISTRY_PASS\\" &&
      docker run -d --name mysql -p 3306:3306 mysql:8.0 &&
      docker run -d --name nhatot-backend acme/nhatot:backend npm run prod
      "
build:
  script:
    - docker build -t acme/nhatot:backend ./backend
"""
    texts = [text for _, text in shell_refs(pipeline, "gitlab")]
    assert texts == ["mysql:8.0", "acme/nhatot:backend"]
    # (the image the pipeline builds is its own, where the server runs it too)
    assert [image.name for image in built_images(pipeline, system="gitlab").built] == [
        "acme/nhatot"
    ]

"""Files of every kind tagsense reads, of any shape: reading them raises nothing but ours.

A scan meets files nobody here wrote: a half-edited ``.gitlab-ci.yml``, a Jenkinsfile with an
unbalanced quote, an Earthfile cut short. Each reader turns what it cannot read into a source
error or nothing; an exception of Python's own (``IndexError``, ``KeyError``) would end the whole
scan. These texts glue the pieces each format is made of in any order, under each file's name;
a mutation fuzzer over real files of the regression checkouts found the ``IndexError`` that the
example below keeps (a GitLab script assigning a value with an unbalanced quote).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from tagsense import TagsenseError, find_references

#: Where each kind of file is found (the names discovery and the CI readers know).
NAMES = [
    "Dockerfile", "Containerfile.dev", "compose.yaml", "docker-bake.hcl", "skaffold.yaml",
    "Tiltfile", "Earthfile", "Jenkinsfile", "Makefile", "justfile", "build.sh", "Taskfile.yml",
    "kustomization.yaml", "deploy.yaml", ".gitlab-ci.yml", ".github/workflows/ci.yml",
    ".circleci/config.yml", "bitbucket-pipelines.yml", ".drone.yml", ".woodpecker.yml",
    "azure-pipelines.yml", "cloudbuild.yaml", ".cirrus.yml", ".buildkite/pipeline.yml",
    ".devcontainer/devcontainer.json", "package.json", ".goreleaser.yaml", ".ko.yaml",
    "fly.toml", "config/deploy.yml", "render.yaml", ".do/app.yaml", "copilot/web/manifest.yml",
    ".aws/task-definition.json",
]  # fmt: skip
#: The pieces those formats are made of, to be glued in any order.
FRAGMENTS = [
    "\n", " ", "  ", "    ", "\t", "- ", ": ", ":", "=", ",", "{", "}", "[", "]", "(", ")", "'",
    '"', "`", "\\", "\\\n", "#", "//", "/*", "*/", "&a ", "*a", "<<: *a\n", "|\n", ">-\n",
    "$", "${", "${A}", "${A:-redis:7}", "$(", "$A", "${{ ", " }}", "{{ ", "}}", "%{", "@", "+",
    "image: ", "FROM ", "ARG A=alpine:3.20\n", "AS b", "COPY --from=", "RUN ", "docker run ",
    "docker build -t ", "docker pull ", "A=", "export ", "services:\n", "build:\n", "context: ",
    "args:\n", "target ", "variables:\n", "env:\n", "script:\n", "steps:\n", "jobs:\n", "run: ",
    "uses: ", "container: ", "matrix:\n", "include:\n", "extends: ", "stages:\n", "task:\n",
    "agent {\n", "docker { image '", "sh '", "pipeline {\n", "stage('", "target \"a\" {\n",
    "tags = [\"", "docker_build('", "load('", "SAVE IMAGE ", "WITH DOCKER --pull ", "BUILD +",
    "redis", "redis:7", "ghcr.io/a/b", "@sha256:", "latest", "<<EOF\n", "EOF\n", "&&", "|",
    "<%= ", " %>", "<% ", "accessories:\n", "[build]\n", "image = ", "registry_type: ",
    "repository: ", "location: ", "url: ", "type: ", '{"containerDefinitions": [',
    '{"image": "', '"name": ',
]  # fmt: skip
texts = st.lists(st.sampled_from(FRAGMENTS), max_size=50).map("".join) | st.text(max_size=60)


@given(st.sampled_from(NAMES), texts)
@example(".gitlab-ci.yml", 'j:\n  script:\n    - FLAGS="-O2\n    - make -f M clean\n')
def test_a_file_of_any_kind_and_any_text_raises_nothing_but_ours(name: str, text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        try:
            scan = find_references(Path(folder))
        except TagsenseError:
            return
        for occurrence in scan:
            assert occurrence.path is not None

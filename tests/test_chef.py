"""Chef recipes: the images the docker cookbook's resources pull, build and tag."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tagsense import check, find_references
from tagsense.sources.chef import is_chef_recipe_name, scan_chef_recipe

if TYPE_CHECKING:
    from pathlib import Path

DAY = date(2026, 12, 5)

# (sous-chefs/docker test/cookbooks/docker_test/recipes/image.rb and container.rb,
# Apache-2.0, shortened: the cookbook's Kitchen suites converge these recipes; survey 32a)
RECIPE = """\
# default action, default properties
docker_image 'hello-world'

# non-default name attribute, containing a single quote
docker_image "Tom's container" do
  repo 'tduffield/testcontainerd'
end

# specify a tag and read/write timeouts
docker_image 'alpine' do
  tag '3.1'
  read_timeout 60
end

docker_image 'vbatts/slackware' do
  action :remove
end

docker_image 'load cirros' do
  source '/cirros.tar'
  action :load
end

docker_image 'chef_container' do
  tag 'latest'
  source '/usr/local/src/container1/Dockerfile'
  not_if { ::File.exist?('/marker') }
  action :build_if_missing
end

docker_container 'chef_container' do
  command 'true'
  action :create
end

docker_container 'busybox_ls' do
  repo 'busybox'
  command 'ls -la /'
  not_if "[ ! -z `docker ps -qaf 'name=busybox_ls$'` ]"
  action :run
end

docker_container 'bill' do
  action :kill
end

docker_tag 'mutator_from_busybox' do
  target_repo 'busybox'
  target_tag 'latest'
  to_repo 'someara/mutator'
  to_tag 'latest'
end

docker_container 'mutator' do
  repo 'someara/mutator'
  tag 'latest'
end

docker_container 'sha256_test' do
  repo 'hello-world'
  tag 'sha256:0add3ace90ecb4adbf7777e9aacf18357296e799f81cabc9fde470971e499788'
  action :create
end

docker_container 'from_an_attribute' do
  repo node['docker']['image']
end

docker_image "#{registry}/app" do
  tag 'v1'
end

execute 'pull vbatts/slackware' do
  command 'docker pull vbatts/slackware ; touch /marker_image_slackware'
  creates '/marker_image_slackware'
  action :run
end

execute 'docker pull busybox:1.36'
"""


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("cookbooks/app/recipes/default.rb", True),
        ("test/cookbooks/docker_test/recipes/image.rb", True),
        ("cookbooks/app/libraries/helpers.rb", False),
        ("recipes/default.py", False),
        ("app/models/recipe.rb", False),
    ],
)
def test_a_recipe_is_known_by_its_directory(path: str, expected: bool) -> None:
    assert is_chef_recipe_name(path) is expected


def test_the_images_a_recipe_pulls_builds_and_tags() -> None:
    scan = scan_chef_recipe(RECIPE, "recipes/image.rb")
    assert [(o.line, o.column, o.raw, o.text, o.built is not None) for o in scan] == [
        (2, 15, "hello-world", "hello-world", False),
        (6, 9, "tduffield/testcontainerd", "tduffield/testcontainerd", False),
        (10, 15, "alpine", "alpine:3.1", False),
        (31, 19, "chef_container", "chef_container", True),
        (37, 9, "busybox", "busybox", False),
        (55, 9, "someara/mutator", "someara/mutator:latest", True),
        (
            60, 9, "hello-world",
            "hello-world@sha256:0add3ace90ecb4adbf7777e9aacf18357296e799f81cabc9fde470971e499788",
            False,
        ),
        (74, 24, "vbatts/slackware", "vbatts/slackware", False),
        (79, 22, "busybox:1.36", "busybox:1.36", False),
    ]  # fmt: skip
    first = scan.occurrences[0]
    assert first.kind == "chef"
    assert first.context == {"resource": "docker_image", "name": "hello-world"}
    assert scan.occurrences[3].built is not None and scan.occurrences[3].built.line == 24
    assert not scan.errors


def test_recipes_in_a_cookbook_are_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    recipes = tmp_path / "cookbooks" / "app" / "recipes"
    recipes.mkdir(parents=True)
    (recipes / "default.rb").write_text(
        "docker_container 'web' do\n  repo 'nginx' # tagsense: ignore[TS001]\n  tag 'latest'\n"
        "end\n\ndocker_image 'redis'\n"
    )
    (tmp_path / "cookbooks" / "app" / "metadata.rb").write_text("docker_image 'not-read'\n")
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    assert sorted((o.path, o.line, o.text) for o in scan) == [
        ("cookbooks/app/recipes/default.rb", 2, "nginx:latest"),
        ("cookbooks/app/recipes/default.rb", 6, "redis"),
    ]
    codes = sorted((f.line, f.code) for f in check(scan, as_of=DAY))
    assert codes == [(6, "TS002")]


@given(st.text(alphabet=st.sampled_from(list("docker_imagecontainer 'do'end\n:[]#\"{}tagrepo"))))
def test_any_text_is_read_without_error(text: str) -> None:
    scan = scan_chef_recipe(text, "recipes/x.rb")
    assert all(o.line >= 1 and o.column >= 1 for o in scan)


def test_a_test_cookbook_s_recipe_is_read_when_a_suite_runs_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (sous-chefs/docker: kitchen.yml's suites run docker_test::image, which includes
    # docker_test::registry; no suite runs auto.rb or timeout.rb, whose images nothing pulls)
    (tmp_path / ".git").mkdir()
    (tmp_path / "kitchen.yml").write_text(
        "suites:\n  - name: resources\n    run_list:\n      - recipe[docker_test::image]\n"
    )
    recipes = tmp_path / "test" / "cookbooks" / "docker_test" / "recipes"
    recipes.mkdir(parents=True)
    (recipes / "image.rb").write_text(
        "docker_image 'busybox'\ninclude_recipe 'docker_test::registry'\n"
    )
    (recipes / "registry.rb").write_text("docker_container 'r' do\n  repo 'registry'\nend\n")
    (recipes / "auto.rb").write_text("docker_image 'alpine'\n")
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    assert sorted((o.path, o.text) for o in scan) == [
        ("test/cookbooks/docker_test/recipes/image.rb", "busybox"),
        ("test/cookbooks/docker_test/recipes/registry.rb", "registry"),
    ]

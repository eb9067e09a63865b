"""Vagrant: the images a Vagrantfile's provisioners pull in its machine (survey 36f, a class
session 35b left: folio-org/folio-install's 3 images missed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given, settings
from hypothesis import strategies as st

from tagsense import find_references
from tagsense.sources.builds import build_tool
from tagsense.sources.builds.vagrant import read_vagrantfile

if TYPE_CHECKING:
    from pathlib import Path

# from folio-org/folio-install@909726692f73ce50466a8a2d656c09f7497013d5
# runbooks/single-server/Vagrantfile-complete-provision (shortened)
PROVISION = """\
$provision = <<-'PROVISION'
sudo apt-get update
sudo apt-get -y install docker-ce docker-ce-cli containerd.io
sudo mkdir /opt/kafka-zk
sudo sh -c "cat > /opt/kafka-zk/docker-compose.yml" << EOF
version: '2'
services:
  zookeeper:
    image: wurstmeister/zookeeper
    container_name: zookeeper
    restart: always
  kafka:
    image: wurstmeister/kafka
    container_name: kafka
  elasticsearch:
    image: elasticsearch:7.10.1
    container_name: elasticsearch
EOF
cd /opt/kafka-zk
sudo docker-compose up -d
cd -
PROVISION


Vagrant.configure("2") do |config|
  config.vm.box = "bento/ubuntu-20.04"
  config.vm.provision "shell", inline: $provision
end
"""


def test_a_provisioning_script_s_compose_file_is_pulled(tmp_path: Path) -> None:
    path = tmp_path / "Vagrantfile-complete-provision"
    path.write_text(PROVISION)
    assert build_tool(str(path)) == "vagrant"
    found = find_references(str(path))
    assert [(str(each.reference), each.line) for each in found] == [
        ("docker.io/wurstmeister/zookeeper", 9),
        ("docker.io/wurstmeister/kafka", 13),
        ("docker.io/library/elasticsearch:7.10.1", 16),
    ]
    assert {each.context.get("tool") for each in found} == {"vagrant"}


def test_inline_scripts_and_the_docker_provisioner(tmp_path: Path) -> None:
    path = tmp_path / "Vagrantfile"
    path.write_text(
        'Vagrant.configure("2") do |config|\n'
        '  config.vm.provision "shell", inline: <<-SHELL\n'
        "    docker run --rm busybox:1.36 true\n"
        "    docker pull #{registry}/app:1.0\n"
        "  SHELL\n"
        '  config.vm.provision "docker" do |d|\n'
        '    d.pull_images "ubuntu:24.04", "redis:7.2"\n'
        '    d.run "db", image: "postgres:16.4", args: "-p 5432:5432"\n'
        '    d.run "rabbitmq"\n'
        "  end\n"
        "end\n"
    )
    found = find_references(str(path))
    assert [(str(each.reference), each.line) for each in found] == [
        ("docker.io/library/busybox:1.36", 3),
        ("docker.io/library/ubuntu:24.04", 7),
        ("docker.io/library/redis:7.2", 7),
        ("docker.io/library/postgres:16.4", 8),
        ("docker.io/library/rabbitmq", 9),
    ]


def test_a_script_no_provisioner_runs_and_other_files_are_not_read(tmp_path: Path) -> None:
    # (a here-document no `inline:` takes; a README beside it)
    path = tmp_path / "Vagrantfile"
    path.write_text(
        "$unused = <<-SCRIPT\ndocker run alpine:3.20\nSCRIPT\n"
        'Vagrant.configure("2") do |config|\n  config.vm.provision "shell", path: "x.sh"\nend\n'
    )
    assert list(find_references(str(path))) == []
    assert build_tool(str(tmp_path / "Vagrantfile.md")) is None


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Vagrant.configure", 'provision "shell", inline: $p', "$p = <<-X", "X", "<<~S",
             "docker run alpine", 'provision "docker"', 'd.run "a"', 'd.pull_images "b",', "#{x}",
             "S", "\n"]
        ),
        max_size=12,
    )
)  # fmt: skip
def test_a_vagrantfile_never_raises(parts: list[str]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as directory:
        path = f"{directory}/Vagrantfile"
        with open(path, "w") as handle:
            handle.write("\n".join(parts))
        read_vagrantfile(path)

"""Network labs: the images a lab emulator starts for its nodes.

Containerlab topologies (``NAME.clab.yml``, or any YAML of a topology's shape; a clabernetes
``Topology``'s ``spec.definition.containerlab``), Kathará
scenarios (``lab.conf``), GNS3 appliances (``NAME.gns3a``), netlab's device definitions
(``netsim/devices/NAME.yml``).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from tagsense import check, find_references
from tagsense.sources.platforms.containerlab import expand_variables

if TYPE_CHECKING:
    from pathlib import Path

#: srl-labs/srl-telemetry-lab's st.clab.yml at commit d11d00a2 (BSD-3-Clause), shortened: images
#: of kinds (the defaults' kind, a node's own kind), a node's own image, a bridge.
TELEMETRY_LAB = """\
name: st # short for streaming telemetry ;)
prefix: ""

topology:
  defaults:
    kind: nokia_srlinux

  kinds:
    nokia_srlinux:
      image: ghcr.io/nokia/srlinux:25.10
      type: ixr-d2l
    linux:
      image: ghcr.io/srl-labs/network-multitool

  nodes:
    spine1:
      type: ixr-d3l
      group: spine
    leaf1:
      group: leaf
    client1:
      kind: linux
      group: server
    gnmic:
      kind: linux
      image: ghcr.io/openconfig/gnmic:0.45.0
    br:
      kind: bridge
"""

#: srl-labs/containerlab's tests/01-smoke/24-basic-groups.clab.yaml at commit 39ff2b7c
#: (BSD-3-Clause), shortened: images of groups, the defaults' group, a kind's unused image.
GROUPS = """\
name: 2-linux-nodes

topology:
  defaults:
    group: g3
  kinds:
    nokia_srlinux:
      image: ghcr.io/nokia/srlinux
  groups:
    g1:
      kind: linux
      image: alpine:3
    g2:
      kind: linux
      image: nginx:stable-alpine
    g3:
      kind: linux
      image: nginx:1.27.3
  nodes:
    l1:
      group: g1
    l2:
      group: g2
    l3:
"""

#: srl-labs/containerlab's lab-examples/srl-quickstart/srl01.clab.yml at commit 39ff2b7c
#: (BSD-3-Clause): environment variables with defaults.
QUICKSTART = """\
name: srl
# node name will be srl unless overridden by CLAB_PREFIX
prefix: ${CLAB_PREFIX:=""}

topology:
  nodes:
    srl:
      kind: nokia_srlinux
      image: ${SRL_IMAGE:=ghcr.io/nokia/srlinux}:${SRL_VERSION:=latest}
      type: ${SRL_TYPE:=ixr-d3l}
"""


def test_a_topology_s_nodes_take_their_images_from_kinds(tmp_path: Path) -> None:
    (tmp_path / "st.clab.yml").write_text(TELEMETRY_LAB)
    scan = find_references(str(tmp_path))
    assert [(o.line, o.column, o.kind, o.text, dict(o.context)) for o in scan] == [
        (10, 14, "containerlab", "ghcr.io/nokia/srlinux:25.10",
         {"field": "topology.kinds.nokia_srlinux.image", "nodes": ["spine1", "leaf1"]}),
        (13, 14, "containerlab", "ghcr.io/srl-labs/network-multitool",
         {"field": "topology.kinds.linux.image", "nodes": ["client1"]}),
        (26, 14, "containerlab", "ghcr.io/openconfig/gnmic:0.45.0",
         {"field": "topology.nodes.gnmic.image", "nodes": ["gnmic"]}),
    ]  # fmt: skip
    findings = check(scan, as_of=date(2026, 12, 5))
    assert [(f.line, f.code) for f in findings] == [(10, "TS004"), (13, "TS002")]


def test_groups_and_the_defaults_group_give_images_a_kind_s_unused_one_is_none(
    tmp_path: Path,
) -> None:
    # (any name: a lab passes its file with `containerlab deploy -t`)
    (tmp_path / "topo.yaml").write_text(GROUPS)
    scan = find_references(str(tmp_path))
    assert [(o.line, o.text, o.context["nodes"]) for o in scan] == [
        (12, "alpine:3", ["l1"]),
        (15, "nginx:stable-alpine", ["l2"]),
        (18, "nginx:1.27.3", ["l3"]),
    ]


def test_environment_variables_take_their_defaults(tmp_path: Path) -> None:
    (tmp_path / "srl01.clab.yml").write_text(QUICKSTART)
    [occurrence] = find_references(str(tmp_path))
    assert (occurrence.raw, occurrence.text, occurrence.unresolved) == (
        "${SRL_IMAGE:=ghcr.io/nokia/srlinux}:${SRL_VERSION:=latest}",
        "ghcr.io/nokia/srlinux:latest",
        (),
    )
    findings = check([occurrence], as_of=date(2026, 12, 5))
    assert [f.code for f in findings] == ["TS001"]


def test_a_variable_without_a_default_is_unresolved() -> None:
    assert expand_variables("registry.srlinux.dev/pub/nokia_srsim:${SRSIM_IMAGE_TAG}") == (
        "registry.srlinux.dev/pub/nokia_srsim:",
        ("SRSIM_IMAGE_TAG",),
    )
    assert expand_variables("a:${X:-1}${Y-2}${Z=3}${W:+4}$$V") == ("a:123$V", ())


def test_yaml_with_a_topology_key_but_no_nodes_is_no_topology(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("topology:\n  links: []\nnodes:\n  image: redis\n")
    (tmp_path / "b.clab.yml").write_text("name: x\ntopology: [nodes]\n")
    assert list(find_references(str(tmp_path))) == []


#: KatharaFramework/Kathara-Labs' main-labs/application-level/dns/kathara-lab_dns/lab.conf at
#: commit f24b7d85 (GPL-3.0), shortened; the last two lines are ours (an image given twice: the
#: last wins, as Kathará's LabParser overwrites it; a comment after the value).
KATHARA_DNS = """\
LAB_DESCRIPTION="A simple network with a Domain Name System"
LAB_VERSION=2.0

localuni[0]="A"
localuni[image]="kathara/bind:9.11"
localuni[ipv6]="false"

pc1[0]="A"
pc1[image]="kathara/base"

wireshark[bridged]=true
wireshark[port]="3000:3000"
wireshark[image]="lscr.io/linuxserver/wireshark"
# r9[image]="kathara/frr"
pc1[image]="kathara/base:3.7.6"  # pinned
"""

#: GNS3/gns3-registry's appliances/frr-docker.gns3a at commit eba400be (GPL-3.0), shortened.
GNS3_FRR = """\
{
    "appliance_id": "813e6041-2693-422b-9d2d-9ab2b4f61247",
    "name": "FRRDocker",
    "category": "router",
    "registry_version": 4,
    "docker": {
        "adapters": 8,
        "image": "gns3/frr:latest",
        "console_type": "telnet"
    }
}
"""


def test_a_kathara_scenario_s_devices_run_their_image_options(tmp_path: Path) -> None:
    (tmp_path / "lab.conf").write_text(KATHARA_DNS)
    scan = find_references(str(tmp_path))
    assert [(o.line, o.column, o.kind, o.text, dict(o.context)) for o in scan] == [
        (5, 18, "kathara", "kathara/bind:9.11", {"device": "localuni", "field": "localuni[image]"}),
        (13, 19, "kathara", "lscr.io/linuxserver/wireshark",
         {"device": "wireshark", "field": "wireshark[image]"}),
        (15, 13, "kathara", "kathara/base:3.7.6", {"device": "pc1", "field": "pc1[image]"}),
    ]  # fmt: skip
    findings = check(scan, as_of=date(2026, 12, 5))
    assert [(f.line, f.code) for f in findings] == [(5, "TS004"), (13, "TS002")]


def test_a_gns3_docker_appliance_s_image(tmp_path: Path) -> None:
    (tmp_path / "frr-docker.gns3a").write_text(GNS3_FRR)
    (tmp_path / "qemu.gns3a").write_text('{"name": "x", "qemu": {"hda_disk_image": "x.qcow2"}}')
    scan = find_references(str(tmp_path))
    assert [(o.path, o.line, o.column, o.kind, o.text, dict(o.context)) for o in scan] == [
        (str(tmp_path / "frr-docker.gns3a"), 8, 19, "gns3", "gns3/frr:latest",
         {"field": "docker.image", "appliance": "FRRDocker"}),
    ]  # fmt: skip
    assert [f.code for f in check(scan, as_of=date(2026, 12, 5))] == ["TS001"]


#: srl-labs/clabernetes' examples/basic/srl-multitool.yaml at commit 1cc0cbe0 (BSD-3-Clause),
#: shortened.
CLABERNETES_TOPOLOGY = """\
apiVersion: clabernetes.containerlab.dev/v1alpha1
kind: Topology
metadata:
  name: srl-multitool
spec:
  definition:
    containerlab: |
      name: srl-multitool
      topology:
        nodes:
          srl1:
            kind: nokia_srlinux
            image: ghcr.io/nokia/srlinux:26.3
            startup-config: |
              set / interface ethernet-1/1 admin-state enable

          multitool:
            kind: linux
            image: ghcr.io/srl-labs/network-multitool:latest
"""


def test_a_clabernetes_topology_s_containerlab_definition(tmp_path: Path) -> None:
    (tmp_path / "srl-multitool.yaml").write_text(CLABERNETES_TOPOLOGY)
    scan = find_references(str(tmp_path))
    assert [(o.line, o.column, o.kind, o.text, o.context["nodes"]) for o in scan] == [
        (13, 20, "containerlab", "ghcr.io/nokia/srlinux:26.3", ["srl1"]),
        (19, 20, "containerlab", "ghcr.io/srl-labs/network-multitool:latest", ["multitool"]),
    ]
    assert next(iter(scan)).context["field"] == (
        "spec.definition.containerlab: topology.nodes.srl1.image"
    )
    findings = check(scan, as_of=date(2026, 12, 5))
    assert [(f.line, f.code) for f in findings] == [(13, "TS004"), (19, "TS001")]


#: ipspace/netlab's netsim/devices/frr.yml at commit 771eeee6 (MIT), shortened: the image its
#: containerlab provider runs, and the other providers' Vagrant boxes.
NETLAB_FRR = """\
description: FRR container
interface_name: eth{ifindex}
clab:
  features:
    initial:
      config_mode: [ sh ]
  image: quay.io/frrouting/frr:10.5.3
  node:
    kind: linux
libvirt:
  image: debian/bookworm64
  create_image: netlab/frr
virtualbox:
  image: generic/ubuntu2004
external:
  image: none
"""

#: ipspace/netlab's netsim/devices/vjunos-switch.yml at commit 771eeee6 (MIT), shortened: an
#: image the user builds (vrnetlab), with the link to how.
NETLAB_VJUNOS = """\
description: vJunos Switch
parent: junos
clab:
  image: vrnetlab/juniper_vjunos-switch:23.4R2-S2.1
  build: https://containerlab.dev/manual/kinds/vr-vjunosswitch/
  mtu: 1500
"""

#: ipspace/netlab's netsim/devices/vyos.yml and netsim/daemons/bird.yml at commit 771eeee6
#: (MIT), shortened: an untagged image, and a daemon netlab builds from its Dockerfile.
NETLAB_VYOS = """\
description: VyOS 1.4+
clab:
  image: ghcr.io/sysoleg/vyos-container
  mtu: 1500
"""
NETLAB_BIRD = """\
description: BIRD daemon
clab:
  image: netlab/bird:latest
  build: True
"""


def test_netlab_device_definitions_run_their_containerlab_images(tmp_path: Path) -> None:
    devices = tmp_path / "netsim" / "devices"
    daemons = tmp_path / "netsim" / "daemons"
    devices.mkdir(parents=True)
    daemons.mkdir()
    (devices / "frr.yml").write_text(NETLAB_FRR)
    (devices / "vjunos-switch.yml").write_text(NETLAB_VJUNOS)
    (devices / "vyos.yml").write_text(NETLAB_VYOS)
    (daemons / "bird.yml").write_text(NETLAB_BIRD)
    # (the same shape elsewhere is no netlab definition)
    (tmp_path / "devices").mkdir()
    (tmp_path / "devices" / "frr.yml").write_text(NETLAB_FRR)
    scan = find_references(str(tmp_path))
    assert [(o.path, o.line, o.column, o.kind, o.text, dict(o.context)) for o in scan] == [
        (str(devices / "frr.yml"), 7, 10, "netlab", "quay.io/frrouting/frr:10.5.3",
         {"field": "clab.image", "device": "frr"}),
        (str(devices / "vyos.yml"), 3, 10, "netlab", "ghcr.io/sysoleg/vyos-container",
         {"field": "clab.image", "device": "vyos"}),
    ]  # fmt: skip
    assert [f.code for f in check(scan, as_of=date(2026, 12, 5))] == ["TS002"]
    # one file alone, as pre-commit passes it
    alone = find_references(str(devices / "frr.yml"))
    assert [o.text for o in alone] == ["quay.io/frrouting/frr:10.5.3"]


#: srl-labs/containerlab's lab-examples/freebsd01/freebsd01.clab.yml at commit 8d369781
#: (BSD-3-Clause), shortened: a FreeBSD release, MAJOR.MINOR as FreeBSD numbers them.
FREEBSD_LAB = """\
name: freebsd01
topology:
  nodes:
    fbsd1:
      kind: freebsd
      image: vrnetlab/vr-freebsd:13.2
    client1:
      kind: "linux"
      image: wbitt/network-multitool:alpine-extra
"""


def test_a_bsd_release_is_whole_at_two_numbers(tmp_path: Path) -> None:
    (tmp_path / "freebsd01.clab.yml").write_text(FREEBSD_LAB)
    findings = check(find_references(str(tmp_path)), as_of=date(2026, 12, 5))
    assert [(f.line, f.code) for f in findings] == [(9, "TS003")]  # (alpine-extra: no version)

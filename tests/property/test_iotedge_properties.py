"""Azure IoT Edge deployment manifests: the reader on any text, and on any module names.

- Any text given to the reader raises nothing and gives occurrences only at its lines.
- Any set of modules, each with an image written out or a ``${MODULES.NAME}`` the dev tools
  build, gives one occurrence a module, in order, the built ones marked so.
"""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from tagsense.sources.platforms.iotedge import scan_deployment_manifest

_TEXT = st.text(alphabet=st.sampled_from(list('{}[]:,"$ \nmodulesContent$edgeAgentimage.')))
_NAMES = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,8}", fullmatch=True)


@given(_TEXT)
def test_any_text_reads(text: str) -> None:
    scan = scan_deployment_manifest(text, path=None)
    lines = text.count("\n") + 1
    assert all(1 <= occurrence.line <= lines for occurrence in scan.occurrences)


@given(st.dictionaries(_NAMES, st.booleans(), max_size=5))
def test_one_occurrence_a_module(modules: dict[str, bool]) -> None:
    manifest = {
        "modulesContent": {
            "$edgeAgent": {
                "properties.desired": {
                    "modules": {
                        name: {
                            "settings": {
                                "image": f"${{MODULES.{name}}}" if built else f"acme/{name}:1.2.3"
                            }
                        }
                        for name, built in modules.items()
                    }
                }
            }
        }
    }
    scan = scan_deployment_manifest(json.dumps(manifest, indent=2), path=None)
    assert [o.context["module"] for o in scan.occurrences] == list(modules)
    assert [o.built is not None for o in scan.occurrences] == list(modules.values())

"""Test configuration: hypothesis profiles.

``dev`` (the default) is quick; ``ci`` is thorough and derandomised (set
``HYPOTHESIS_PROFILE=ci``, as ``.ci/run`` does).
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=150, deadline=None)
settings.register_profile(
    "ci",
    max_examples=1000,
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

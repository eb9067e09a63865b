"""Test configuration: hypothesis profiles, and a cache directory of the tests' own.

``dev`` (the default) is quick; ``ci`` is thorough and derandomised (set
``HYPOTHESIS_PROFILE=ci``, as ``.ci/run`` does).
"""

import atexit
import os
import shutil
import tempfile

from hypothesis import HealthCheck, settings

# Published projects' test sources are the readers' data, not tests of tagsense.
collect_ignore_glob = ["data/*"]

# The tests (and the processes they start) keep tagsense's cache apart from the user's.
os.environ["TAGSENSE_CACHE_DIR"] = tempfile.mkdtemp(prefix="tagsense-test-cache-")
# (removed when the run ends: each full run left 55 MB behind, 760 directories in a day)
atexit.register(shutil.rmtree, os.environ["TAGSENSE_CACHE_DIR"], ignore_errors=True)
os.environ.pop("TAGSENSE_NO_CACHE", None)

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

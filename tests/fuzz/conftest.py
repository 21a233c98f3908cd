"""Hypothesis profiles of the fuzz tests: `ci` by default, `long` with PROSPECTS_FUZZ=long."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Fixed seed and no example database: every CI run tries the same inputs, in well under a minute.
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# Fresh random inputs on every run, many more of them; failures are kept in .hypothesis/.
settings.register_profile(
    "long",
    max_examples=5_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("PROSPECTS_FUZZ", "ci"))

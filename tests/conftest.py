"""Shared pytest settings. A test that reads datasets is marked `@pytest.mark.needs_datasets("mnist", ...)`: it is skipped,
with the registry's message (where it looked, how to get the data), when one is missing, and fails instead under CI
(environment variable CI set), which runs every test. The same check as the notebooks' (tools/run_tests.py)."""
import os
import pytest

def pytest_configure(config):
    config.addinivalue_line("markers", "needs_datasets(*names): the test reads these registry datasets")

def pytest_runtest_setup(item):
    for mark in item.iter_markers("needs_datasets"):
        from gradient_uncertainty.download import missing_datasets
        missing = missing_datasets(list(mark.args))
        if not missing: continue
        msg = "; ".join(missing.values())
        if os.environ.get("CI"): pytest.fail(f"datasets not found under CI: {msg}", pytrace=False)
        pytest.skip(f"datasets not found: {msg}")

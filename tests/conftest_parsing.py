"""Pytest plugin for the parser's golden-file tests: `--update-golden` rewrites the expected files.

Load it with `pytest_plugins = ["tests.conftest_parsing"]` in tests/conftest.py (or
`-p tests.conftest_parsing`). Review the diff of tests/data/ after an update: it is the change
in the parser's output.
"""

import pytest


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the expected JSON of the parser's golden-file tests from the current output",
    )


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")

"""The conftest's CI rule: with CI=true, a skipped PostgreSQL, real-worker or browser test
fails the run; elsewhere it is only reported as skipped.

Each test runs a tiny inner pytest session (the `pytester` fixture) whose conftest takes the
rule's hooks from tests/conftest.py. The inner run goes without pytest-django: it needs no
database, and Django is already set up in this process.
"""

import pytest

INNER_CONFTEST = """
from tests.conftest import pytest_runtest_makereport, pytest_sessionfinish, pytest_terminal_summary  # noqa: F401
"""

INNER_TESTS = """
import pytest


{decorator}@pytest.mark.skip(reason="nothing to run it on here")
def test_needs_a_service():
    pass


def test_plain():
    pass
"""


@pytest.fixture
def inner_run(pytester):
    """Run the inner tests, the skipped one marked `marker` (or not marked at all)."""
    pytester.makeini("[pytest]\nmarkers =\n    postgres\n    real_worker\n    browser\n")
    pytester.makeconftest(INNER_CONFTEST)

    def run(marker: str | None) -> pytest.RunResult:
        decorator = f"@pytest.mark.{marker}\n" if marker else ""
        pytester.makepyfile(test_inner=INNER_TESTS.format(decorator=decorator))
        return pytester.runpytest("-p", "no:django", "-p", "no:cacheprovider")

    return run


@pytest.mark.parametrize("marker", ["postgres", "real_worker", "browser"])
def test_skipped_service_test_fails_the_run_on_ci(inner_run, monkeypatch, marker):
    monkeypatch.setenv("CI", "true")

    result = inner_run(marker)

    result.assert_outcomes(passed=1, skipped=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            "*CI=true: tests that CI must run were skipped*",
            f"SKIPPED [[]{marker}[]] test_inner.py::test_needs_a_service: nothing to run it on here",
            "1 skipped, so this run FAILS: *",
        ]
    )


def test_skipped_service_test_passes_off_ci(inner_run, monkeypatch):
    monkeypatch.delenv("CI", raising=False)

    result = inner_run("browser")

    result.assert_outcomes(passed=1, skipped=1)
    assert result.ret == pytest.ExitCode.OK
    assert "CI must run" not in result.stdout.str()


def test_unmarked_skip_passes_on_ci(inner_run, monkeypatch):
    monkeypatch.setenv("CI", "true")

    result = inner_run(None)

    result.assert_outcomes(passed=1, skipped=1)
    assert result.ret == pytest.ExitCode.OK
    assert "CI must run" not in result.stdout.str()

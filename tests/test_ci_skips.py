"""The CI rule (tests/ci_required.py): with CI=true, a skipped PostgreSQL, real-worker or browser
test fails the run; elsewhere it is only reported as skipped. `make test` runs the suite in
parallel processes, so the rule is proven both in one process and under pytest-xdist.

Each test runs a tiny inner pytest session (the `pytester` fixture) with the rule's plugin and
without pytest-django: it needs no database.
"""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

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
    # In every process of the inner run, xdist's workers included.
    pytester.makeconftest(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\npytest_plugins = ['tests.ci_required']\n")

    def run(marker: str | None, *args: str) -> pytest.RunResult:
        decorator = f"@pytest.mark.{marker}\n" if marker else ""
        pytester.makepyfile(test_inner=INNER_TESTS.format(decorator=decorator))
        return pytester.runpytest("-p", "no:django", "-p", "no:cacheprovider", *args)

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


def test_a_skip_in_a_parallel_process_fails_the_run_on_ci(inner_run, pytester, monkeypatch):
    """Under pytest-xdist the skip happens in a worker and the verdict in the controller."""
    monkeypatch.setenv("CI", "true")
    pytester.makepyfile(test_more="def test_a():\n    pass\n\n\ndef test_b():\n    pass\n")

    result = inner_run("postgres", "-n", "2")

    result.assert_outcomes(passed=3, skipped=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            "*CI=true: tests that CI must run were skipped*",
            "SKIPPED [[]postgres[]] test_inner.py::test_needs_a_service: nothing to run it on here",
            "1 skipped, so this run FAILS: *",
        ]
    )

"""The CI rule: with CI=true, a skipped `postgres`, `real_worker` or `browser` test fails the run.

A pytest plugin of its own (tests/conftest.py registers it), importing nothing from Django, so
tests/test_ci_skips.py can run it in a bare inner pytest session. It works the same in one process
and under pytest-xdist: the process that runs a test marks its skip report with the services the
test needs (`user_properties`, which travel with the report), and the process that collects the
reports (the only one, or xdist's controller) counts them and fails the session.
"""

import os

import pytest

CI_REQUIRED_MARKERS = ("postgres", "real_worker", "browser")
NEEDS = "needs_ci_service"


def on_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


class CiRequiredSkips:
    def __init__(self):
        self.skipped: list[tuple[str, str, str]] = []

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item, call):
        """Mark a skip of a test that carries one of CI_REQUIRED_MARKERS with what it needs."""
        report = yield
        if report.skipped and not hasattr(report, "wasxfail"):
            needs = [name for name in CI_REQUIRED_MARKERS if item.get_closest_marker(name)]
            if needs:
                report.user_properties.append((NEEDS, ", ".join(needs)))
        return report

    def pytest_runtest_logreport(self, report):
        if not (report.skipped and on_ci()):
            return
        needs = dict(report.user_properties).get(NEEDS)
        if needs:
            longrepr = report.longrepr
            reason = longrepr[2] if isinstance(longrepr, (tuple, list)) else str(longrepr)
            self.skipped.append((report.nodeid, needs, reason.removeprefix("Skipped: ")))

    def pytest_sessionfinish(self, session, exitstatus):
        """A CI run that skipped a test it must run fails, even when everything else passed."""
        if self.skipped and exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter, exitstatus, config):
        if not self.skipped:
            return
        terminalreporter.section("CI=true: tests that CI must run were skipped", sep="=", red=True, bold=True)
        for nodeid, needs, reason in self.skipped:
            terminalreporter.line(f"SKIPPED [{needs}] {nodeid}: {reason}", red=True)
        terminalreporter.line(
            f"{len(self.skipped)} skipped, so this run FAILS: CI must provide PostgreSQL (DATABASE_URL), "
            "Redis (REDIS_URL), /usr/bin/chromium and ffmpeg.",
            red=True,
            bold=True,
        )


def pytest_configure(config):
    config.pluginmanager.register(CiRequiredSkips(), "basqaru-ci-required-skips")

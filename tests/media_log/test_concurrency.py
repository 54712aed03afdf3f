"""Double submits of the feedback form on real PostgreSQL row locks (CI); SQLite serialises writers."""

import pytest

from core.errors import DomainError
from media_log.models import Feedback
from media_log.services import leave_feedback
from registration.services import check_in
from tests.factories import RegistrationFactory
from tests.support import make_user, run_parallel

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_ten_parallel_feedback_submits_give_one_feedback():
    registration = RegistrationFactory()
    check_in(code=registration.code, event=registration.event, scanned_by=make_user("door", "volunteer"))

    def submit(i):
        try:
            leave_feedback(registration=registration, rating=1 + i % 5, comment=f"#{i}")
        except DomainError as exc:
            return exc.code
        return "ok"

    results = run_parallel(10, submit)

    assert sorted(results) == ["already_given"] * 9 + ["ok"]
    assert Feedback.objects.filter(registration=registration).count() == 1

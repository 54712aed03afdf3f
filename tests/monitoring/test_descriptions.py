"""The words shown to the grantor say what monitoring.readings counts."""

from decimal import Decimal

import pytest
from django.utils import translation

from monitoring import services
from monitoring.descriptions import describe
from monitoring.models import Indicator, IndicatorSource
from tests.conftest import make_user

from .conftest import actual, evidence, past_event

pytestmark = pytest.mark.django_db

APPROVED_ONLY = "Only what the grantor approved counts."
NOT_REJECTED = "Items the grantor rejected do not count."


def _described(indicator) -> str:
    with translation.override("en"):
        return describe(indicator)


@pytest.mark.parametrize(
    "source",
    [IndicatorSource.EVIDENCE, IndicatorSource.EVIDENCE_EVENTS, IndicatorSource.REACH, IndicatorSource.BANNER_STREETS],
)
@pytest.mark.parametrize(("approved_only", "sentence"), [(True, APPROVED_ONLY), (False, NOT_REJECTED)])
def test_the_approval_sentence_follows_approved_only(plan, source, approved_only, sentence):
    indicator = Indicator.objects.filter(plan=plan, source=source).first()
    indicator.approved_only = approved_only

    text = _described(indicator)

    assert sentence in text
    assert (APPROVED_ONLY in text, NOT_REJECTED in text).count(True) == 1
    if not approved_only:
        assert "approved by the grantor" not in text


@pytest.mark.parametrize(("approved_only", "counted"), [(True, 1), (False, 2)])
def test_what_the_approval_sentence_says_is_what_is_counted(plan, approved_only, counted):
    staff = make_user("describe-organiser", "organiser")
    indicator = Indicator.objects.get(plan=plan, code="C.1.b")
    indicator.approved_only = approved_only
    indicator.save()
    session = past_event()
    evidence("social_post", session, staff, approval="approved")
    evidence("social_post", session, staff, approval="pending")
    evidence("social_post", session, staff, approval="rejected")

    assert actual(indicator) == counted
    assert (APPROVED_ONLY if approved_only else NOT_REJECTED) in _described(indicator)


def test_a_value_by_hand_is_described_as_it_is_counted(plan):
    staff = make_user("describe-organiser", "organiser")
    indicator = Indicator.objects.get(plan=plan, code="IV.3")
    services.record_manual_value(indicator=indicator, value=Decimal(3), by=staff)
    services.record_manual_value(indicator=indicator, value=Decimal(2), event=past_event(), by=staff)

    assert actual(indicator) == 5
    assert _described(indicator).startswith(
        "Entered by hand by an organiser (who and when are kept; a correction is a newer value): the newest value "
        "for the whole project plus the newest value for each of the project's events held in the period."
    )

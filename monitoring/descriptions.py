"""How each indicator is counted, in words, on the dashboard and in the report.

The text is built from the indicator's source and parameters, so it always says what the code
does; the reading taken where the grant is ambiguous is the indicator's `note` (data).
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from events.models import EventKind
from media_log.models import EvidenceKind

from .models import ActivityTiming, EvidencePlace, Indicator, IndicatorScope, IndicatorSource, split_kinds
from .readings import EVIDENCE_SOURCES


def _events(kind: str) -> str:
    return {
        EventKind.YOUTH_SESSION: _("the youth sessions"),
        EventKind.BUDGET_SEMINAR: _("the budget seminars"),
        EventKind.CONFERENCE: _("the conference"),
        EventKind.PRESENTATION: _("the presentations"),
        EventKind.OTHER: _("the other events"),
    }.get(kind, _("the project's events"))


def _kinds(param: str) -> str:
    kinds = split_kinds(param)
    if "*" in kinds:
        return pgettext("evidence", "Items of any kind")
    labels = dict(EvidenceKind.choices)
    return " / ".join(str(labels.get(kind, kind)) for kind in kinds)


def _evidence(indicator: Indicator) -> str:
    kinds = _kinds(indicator.source_param)
    if indicator.second_param:
        kinds = _("%(first)s and %(second)s") % {"first": kinds, "second": _kinds(indicator.second_param)}
    place = {
        EvidencePlace.EVENTS: _("tied to %(events)s") % {"events": _events(indicator.event_kind)},
        EvidencePlace.PROJECT: _("anywhere in the project"),
        EvidencePlace.UNATTACHED: _("tied to no event"),
        EvidencePlace.FILED: _("filed under this indicator by an organiser"),
    }[indicator.place]
    return _("%(kinds)s in the media log, %(place)s.") % {"kinds": kinds, "place": place}


def _main(indicator: Indicator) -> str:
    events = _events(indicator.event_kind)
    source = indicator.source
    if source == IndicatorSource.PARTICIPANTS:
        return _(
            "Distinct people with the role “participant” checked in at %(events)s held in the period; a person "
            "counts once however many events they attended."
        ) % {"events": events}
    if source == IndicatorSource.APPROVED_SPEAKERS:
        return _("Distinct speakers approved by the grantor, with a talk or a place on the agenda at %(events)s.") % {
            "events": events
        }
    if source == IndicatorSource.TALKS:
        return _("Talks on the programme of %(events)s already held.") % {"events": events}
    if source == IndicatorSource.FEEDBACK:
        return _("Feedback left by the attendees of %(events)s already held.") % {"events": events}
    if source == IndicatorSource.EVIDENCE:
        return _evidence(indicator)
    # These three name what counts; whether only approved items do follows `approved_only`.
    approved = indicator.approved_only
    if source == IndicatorSource.EVIDENCE_EVENTS:
        text = (
            _(
                "Events among %(events)s with at least one item “%(kind)s” approved by the grantor: several files "
                "for one event count once."
            )
            if approved
            else _("Events among %(events)s with at least one item “%(kind)s”: several files for one event count once.")
        )
        return text % {"events": events, "kind": _kinds(indicator.source_param)}
    if source == IndicatorSource.BANNER_STREETS:
        if approved:
            return _("Distinct streets of the banners approved by the grantor.")
        return _("Distinct streets of the banners in the media log.")
    if source == IndicatorSource.REACH:
        text = (
            _("The sum of the reach recorded on the publications approved by the grantor (%(kinds)s).")
            if approved
            else _("The sum of the reach recorded on the publications (%(kinds)s).")
        )
        return text % {"kinds": _kinds(indicator.source_param)}
    if source == IndicatorSource.EVENTS_HELD:
        return _("Events among %(events)s already held.") % {"events": events}
    if source == IndicatorSource.GRANTOR_ACTS:
        return _(
            "Acceptance–transfer acts filed here, signed and not undone by a signed counter-act. The second figure "
            "is the quantity in them of the item that has the fewest, by the item types linked to it (not by name)."
        )
    return _(
        "Entered by hand by an organiser (who and when are kept; a correction is a newer value): the newest value "
        "for the whole project plus the newest value for each of %(events)s held in the period."
    ) % {"events": events}


def describe(indicator: Indicator) -> str:
    """How `indicator`'s actual is counted, in the active language."""
    parts = [_main(indicator)]
    if indicator.source in EVIDENCE_SOURCES:
        # The same test as monitoring.readings: `approved_only`, else everything not rejected.
        parts.append(
            _("Only what the grantor approved counts.")
            if indicator.approved_only
            else _("Items the grantor rejected do not count.")
        )
    if indicator.scope == IndicatorScope.PER_EVENT:
        parts.append(
            _("At every event: met once all %(planned)s planned events are held and each reaches the target.")
            % {"planned": indicator.activity.planned_events or "—"}
        )
    timing = indicator.activity.timing
    if timing == ActivityTiming.FIRST_MONTH:
        parts.append(_("Only the first month of the period counts."))
    elif timing == ActivityTiming.LAST_MONTH:
        parts.append(_("Only the last month of the period counts."))
    return " ".join(parts)

"""How each indicator is counted, in words, on the dashboard and in the report.

The text is built from the indicator's source and parameters, so it always says what the code
does; the reading taken where the grant is ambiguous is the indicator's `note` (data).
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from events.models import EventKind
from media_log.models import EvidenceKind

from .models import ActivityTiming, EvidencePlace, Indicator, IndicatorScope, IndicatorSource


def _events(kind: str) -> str:
    return {
        EventKind.YOUTH_SESSION: _("the youth sessions"),
        EventKind.BUDGET_SEMINAR: _("the budget seminars"),
        EventKind.CONFERENCE: _("the conference"),
        EventKind.PRESENTATION: _("the presentations"),
        EventKind.OTHER: _("the other events"),
    }.get(kind, _("the project's events"))


def _kinds(param: str) -> str:
    if "*" in param.split("|"):
        return pgettext("evidence", "Items of any kind")
    labels = dict(EvidenceKind.choices)
    return " / ".join(str(labels.get(kind, kind)) for kind in param.split("|") if kind)


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
    if source == IndicatorSource.EVIDENCE_EVENTS:
        return _(
            "Events among %(events)s with at least one item “%(kind)s” approved by the grantor: several files for "
            "one event count once."
        ) % {"events": events, "kind": _kinds(indicator.source_param)}
    if source == IndicatorSource.BANNER_STREETS:
        return _("Distinct streets of the banners approved by the grantor.")
    if source == IndicatorSource.REACH:
        return _("The sum of the reach recorded on the publications approved by the grantor (%(kinds)s).") % {
            "kinds": _kinds(indicator.source_param)
        }
    if source == IndicatorSource.EVENTS_HELD:
        return _("Events among %(events)s already held.") % {"events": events}
    if source == IndicatorSource.GRANTOR_ACTS:
        return _(
            "Acceptance–transfer acts filed here, signed and not undone by a signed counter-act. The second figure "
            "is the quantity in them of the item that has the fewest, by the item types linked to it (not by name)."
        )
    return _("Entered by hand by an organiser (who and when are kept); the newest value counts.")


def describe(indicator: Indicator) -> str:
    """How `indicator`'s actual is counted, in the active language."""
    parts = [_main(indicator)]
    if indicator.source in (IndicatorSource.EVIDENCE, IndicatorSource.EVIDENCE_EVENTS, IndicatorSource.REACH):
        parts.append(
            _("Only what the grantor approved counts.")
            if indicator.approved_only or indicator.source != IndicatorSource.EVIDENCE
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

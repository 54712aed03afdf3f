"""The evidence behind each indicator for the grantor's report: links to the items counted,
the acts with the grantor, the links given with values typed by hand, and the lists of
participants. Read once for all indicators (a fixed number of queries)."""

from django.urls import reverse
from django.utils import formats

from media_log import selectors as media

from .models import IndicatorSource, ManualValue
from .readings import Readings

LINKS_PER_INDICATOR = 10


def _day(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def evidence_links(rows, readings: Readings, site_url: str, labels: dict) -> dict[str, list[tuple[str, str]]]:
    """{indicator code: [(caption, address)]}, at most LINKS_PER_INDICATOR each."""
    wanted = {row.code: sorted(readings.counted_evidence(row.indicator)) for row in rows}
    items = media.evidence_by_pks({pk for pks in wanted.values() for pk in pks}).in_bulk()
    links: dict[str, list[tuple[str, str]]] = {}
    for code, pks in wanted.items():
        found = []
        for pk in pks:
            item = items.get(pk)
            address = item and (item.url or (site_url + item.file.url if item.file else ""))
            if address:
                found.append((f"{_day(item.date)} {item.title}", address))
            if len(found) == LINKS_PER_INDICATOR:
                break
        if found:
            links[code] = found
    manual = {row.indicator.pk: row.code for row in rows if row.indicator.source == IndicatorSource.MANUAL}
    for indicator_id, day, note, url in (
        ManualValue.objects.filter(indicator_id__in=list(manual))
        .exclude(evidence_url="")
        .order_by("-entered_at", "-pk")
        .values_list("indicator_id", "entered_at", "note", "evidence_url")
    ):
        entries = links.setdefault(manual[indicator_id], [])
        if len(entries) < LINKS_PER_INDICATOR:
            entries.append((f"{_day(day)} {note}".strip(), url))
    for row in rows:
        if row.acts:
            for act in row.acts.acts:
                if act.counts:
                    caption = f"{labels['act']} № {act.number}/{act.year}, {_day(act.date)}"
                    address = site_url + reverse("inventory:act_pdf", args=[act.pk])
                    links.setdefault(row.code, []).append((caption, address))
        if row.indicator.source == IndicatorSource.PARTICIPANTS and row.indicator.event_kind:
            address = site_url + reverse("monitoring:people", args=[row.indicator.pk])
            links.setdefault(row.code, []).append((labels["list"], address))
    return links

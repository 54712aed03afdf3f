"""The list of the distinct people behind a "participants (list, count)" indicator (1.2, 1.3,
2.1) or behind the direct beneficiaries (IV.1): one row per person with their attendance at
each event, as plain data for the page, the PDF (list_pdf.py) and the XLSX.

Names, organisations, age bands and districts only: phones and emails never enter a file.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.spreadsheets import to_xlsx
from events.models import Event
from registration.models import District

from .dates import long_date, months_label
from .models import Indicator
from .people import AGE_BANDS, Person, age_band, breakdown
from .readings import Readings

# With more events than this, a list names the events each person came to instead of a column each.
MAX_EVENT_COLUMNS = 12


@dataclass(frozen=True)
class ListEvent:
    number: int
    pk: int
    title: str
    day: str


@dataclass(frozen=True)
class ListRow:
    number: int
    person: Person
    full_name: str
    organisation: str
    age_band: str
    district: str
    marks: list[bool]
    attended: list[int]

    @property
    def total(self) -> int:
        return len(self.attended)


@dataclass
class PeopleList:
    plan_name: str
    period: str
    title: str
    activity: str
    events: list[ListEvent]
    rows: list[ListRow] = field(default_factory=list)

    @property
    def columns(self) -> bool:
        """One column per event (a session list), or the numbers of the events (IV.1)."""
        return len(self.events) <= MAX_EVENT_COLUMNS

    @property
    def attendances(self) -> int:
        return sum(row.total for row in self.rows)


def people_list(indicator: Indicator, readings: Readings) -> PeopleList:
    """The people `indicator` counts, with their attendance, in the active language."""
    infos = readings.events_of(indicator, held=True)
    titles = Event.objects.in_bulk([info.pk for info in infos])
    events = [
        ListEvent(number, info.pk, titles[info.pk].title, long_date(info.day))
        for number, info in enumerate(infos, start=1)
        if info.pk in titles
    ]
    numbers = {event.pk: event.number for event in events}
    districts = dict(District.choices)
    plan = readings.plan
    result = PeopleList(
        plan_name=plan.name,
        period=months_label(plan.starts_on, plan.ends_on),
        title=f"{indicator.code} {indicator.title}",
        activity=f"{indicator.activity.code} {indicator.activity.title}",
        events=events,
    )
    for number, person in enumerate(readings.people_for(indicator), start=1):
        attended = sorted(numbers[pk] for pk in person.event_ids if pk in numbers)
        result.rows.append(
            ListRow(
                number=number,
                person=person,
                full_name=person.full_name,
                organisation=person.organisation,
                age_band=age_band(person.age),
                district=str(districts.get(person.district, "")),
                marks=[event.number in attended for event in events],
                attended=attended,
            )
        )
    return result


def header(data: PeopleList) -> list[str]:
    head = ["№", _("Full name"), _("Organisation"), _("Age"), _("District")]
    if data.columns:
        head += [str(event.number) for event in data.events]
    else:
        head.append(_("Events attended (numbers)"))
    return [*head, _("Events attended")]


def cells(data: PeopleList, row: ListRow) -> list:
    values = [row.number, row.full_name, row.organisation, row.age_band, row.district]
    if data.columns:
        values += ["✓" if mark else "" for mark in row.marks]
    else:
        values.append(", ".join(str(number) for number in row.attended))
    return [*values, row.total]


def people_xlsx(data: PeopleList) -> bytes:
    """The list as a spreadsheet: the people, then a sheet-end legend of the events."""
    rows = [cells(data, row) for row in data.rows]
    rows.append([])
    rows += [[event.number, f"{event.day} · {event.title}"] for event in data.events]
    return to_xlsx(header(data), rows, title=_("Participants"))


def breakdowns(people: list[Person]) -> dict[str, list[tuple[str, int]]]:
    """People by age band and by district of Shymkent, labelled in the active language, in
    the order of the bands and of the districts, "not given" last."""
    bands = [age_band(low) for low, _high in AGE_BANDS]
    by_age = breakdown(people, lambda person: age_band(person.age))
    by_district = breakdown(people, lambda person: person.district)
    not_given = _("not given")
    return {
        "age": [(band, by_age[band]) for band in bands if band in by_age]
        + ([(not_given, by_age[""])] if "" in by_age else []),
        "district": [(str(label), by_district[value]) for value, label in District.choices if value in by_district]
        + ([(not_given, by_district[""])] if "" in by_district else []),
    }

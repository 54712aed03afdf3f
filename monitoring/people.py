"""Who the grant's people are: the distinct participants behind "participants (list, count)"
and the direct beneficiaries (IV.1), read from `Registration.objects.attended()`.

One registration is one person at one event. Across events the same person is found by the
counting rules of the plan (GRANT_PLAN.md, "How the numbers are counted"):

1. A registration with a phone (E.164) is the person of that phone.
2. One without a phone joins a phoned person with the same email, else with the same
   normalised name and organisation (when several phones share it, the lowest is taken: the
   registration is one of them, and counting it again would overstate).
3. Otherwise it is the person of its email; without an email it joins a person known by
   email with the same name and organisation, else it is the person of its name and
   organisation.

Names and organisations are compared folded as search folds them (`core.text.fold`: case,
spaces, Kazakh letters and their Russian look-alikes), so «Әлем» and «Алем» are one organisation.

Only registrations with the role *participant* count: staff, volunteers, organisers, press,
speakers and guests are not beneficiaries.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from core.text import fold
from registration.models import Registration, Role


@dataclass(frozen=True, slots=True)
class Attendance:
    registration_id: int
    event_id: int
    full_name: str
    name_key: str
    organisation: str
    org_key: str
    phone: str
    email: str
    age: int | None
    district: str


ATTENDANCE_FIELDS = ("pk", "event_id", "full_name", "name_search", "organisation", "phone", "email", "age", "district")


def attendances(event_ids) -> list[Attendance]:
    """The participants who came to these events (one row per registration), in one query."""
    rows = (
        Registration.objects.attended()
        .filter(role=Role.PARTICIPANT, event_id__in=list(event_ids))
        .order_by("pk")
        .values_list(*ATTENDANCE_FIELDS)
    )
    return [
        Attendance(
            registration_id=pk,
            event_id=event_id,
            full_name=full_name,
            name_key=name_search,  # already folded (core.text.fold) when saved
            organisation=organisation,
            org_key=fold(organisation),
            phone=phone,
            email=(email or "").lower(),
            age=age,
            district=district,
        )
        for pk, event_id, full_name, name_search, organisation, phone, email, age, district in rows
    ]


class MatchedBy:
    PHONE = "phone"
    EMAIL = "email"
    NAME = "name"


_STRENGTH = {MatchedBy.PHONE: 3, MatchedBy.EMAIL: 2, MatchedBy.NAME: 1}
MATCHED_BY_LABELS = {
    MatchedBy.PHONE: _("phone"),
    MatchedBy.EMAIL: _("email"),
    MatchedBy.NAME: _("name and organisation"),
}


@dataclass
class Person:
    key: str
    matched_by: str
    attendances: list[Attendance] = field(default_factory=list)
    event_ids: set[int] = field(default_factory=set)

    def add(self, row: Attendance) -> None:
        self.attendances.append(row)
        self.event_ids.add(row.event_id)

    @property
    def matched_by_label(self) -> str:
        return str(MATCHED_BY_LABELS[self.matched_by])

    @property
    def latest(self) -> Attendance:
        return self.attendances[-1]

    @property
    def full_name(self) -> str:
        return self.latest.full_name

    @property
    def organisation(self) -> str:
        return next((a.organisation for a in reversed(self.attendances) if a.organisation), "")

    @property
    def phone(self) -> str:
        return next((a.phone for a in reversed(self.attendances) if a.phone), "")

    @property
    def email(self) -> str:
        return next((a.email for a in reversed(self.attendances) if a.email), "")

    @property
    def age(self) -> int | None:
        return next((a.age for a in reversed(self.attendances) if a.age is not None), None)

    @property
    def district(self) -> str:
        return next((a.district for a in reversed(self.attendances) if a.district), "")


def _key(row: Attendance, by_email: dict, by_name: dict, email_by_name: dict) -> tuple[str, str]:
    name = (row.name_key, row.org_key)
    if row.phone:
        return f"phone:{row.phone}", MatchedBy.PHONE
    if row.email and row.email in by_email:
        return f"phone:{min(by_email[row.email])}", MatchedBy.EMAIL
    if name in by_name:
        return f"phone:{min(by_name[name])}", MatchedBy.NAME
    if row.email:
        return f"email:{row.email}", MatchedBy.EMAIL
    if name in email_by_name:
        return f"email:{min(email_by_name[name])}", MatchedBy.NAME
    return f"name:{row.name_key}|{row.org_key}", MatchedBy.NAME


def resolve_people(rows: list[Attendance]) -> list[Person]:
    """The distinct people behind `rows` (see the module's docstring), sorted by name."""
    by_email: dict[str, set[str]] = {}
    by_name: dict[tuple[str, str], set[str]] = {}
    email_by_name: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        if row.phone:
            if row.email:
                by_email.setdefault(row.email, set()).add(row.phone)
            by_name.setdefault((row.name_key, row.org_key), set()).add(row.phone)
        elif row.email:
            email_by_name.setdefault((row.name_key, row.org_key), set()).add(row.email)
    people: dict[str, Person] = {}
    for row in rows:
        key, matched_by = _key(row, by_email, by_name, email_by_name)
        person = people.get(key)
        if person is None:
            person = people[key] = Person(key=key, matched_by=matched_by)
        elif _STRENGTH[matched_by] < _STRENGTH[person.matched_by]:
            # Say how the weakest of its registrations was joined: organisers check those.
            person.matched_by = matched_by
        person.add(row)
    return sorted(people.values(), key=lambda p: (p.latest.name_key, p.key))


AGE_BANDS = ((6, 17), (18, 35), (36, 59), (60, 120))


def age_band(age: int | None) -> str:
    """ "18–35", "60+"…, or "" when the age was not given."""
    if age is None:
        return ""
    for low, high in AGE_BANDS:
        if low <= age <= high:
            return f"{low}+" if high >= 120 else f"{low}–{high}"
    return ""


def breakdown(people: list[Person], attribute) -> dict[str, int]:
    """{value: number of people} for `attribute(person)`, in the order values first appear."""
    counts: dict[str, int] = {}
    for person in people:
        value = attribute(person)
        counts[value] = counts.get(value, 0) + 1
    return counts

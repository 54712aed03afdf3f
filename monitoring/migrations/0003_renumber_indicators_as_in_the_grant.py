"""The first plan (91 indicators) split each photo/video report in two and counted medals and
handouts as indicators of their own; the grant document has 79 indicators. This renumbers a
plan loaded from the first version to the document's codes, in place: the rows keep their
primary keys, so what was entered by hand stays attached. Where two old rows become one (a
photo report and a video report become "4/1"), the values typed by hand for the second move
to the first, with the old code at the front of their note. `load_grant_plan` then brings
titles, targets and sources up to date.

The mapping is written out here, not read from monitoring.plan_data, so that this migration
means the same thing whatever the data becomes later.
"""

from django.db import migrations

FIRST_PLAN_NAME = (
    "«Азаматтық BasQaru»: Шымкент қаласындағы жергілікті қоғамдастықтардың азаматтық белсенділігі мен "
    "әлеуетін арттыру"
)

# Old code → the grant document's code, in the old plan's order: the first old row of each new
# code keeps its row, the others are merged into it.
RENUMBER = {
    "1.1.a": "1.1.a", "1.1.b": "1.1.b", "1.1.c": "1.1.c", "1.1.d": "1.1.c", "1.1.e": "1.1.d",
    "1.1.f": "1.1.e", "1.1.g": "1.1.f", "1.1.h": "1.1.g",
    "1.2.a": "1.2.a", "1.2.b": "1.2.b", "1.2.c": "1.2.c", "1.2.d": "1.2.d", "1.2.e": "1.2.e",
    "1.2.f": "1.2.f", "1.2.g": "1.2.g", "1.2.h": "1.2.g", "1.2.i": "1.2.h", "1.2.j": "1.2.i",
    "1.3.a": "1.3.a", "1.3.b": "1.3.b", "1.3.c": "1.3.c", "1.3.d": "1.3.d", "1.3.e": "1.3.e",
    "1.3.f": "1.3.e", "1.3.g": "1.3.f", "1.3.h": "1.3.g",
    "2.1.a": "2.1.a", "2.1.b": "2.1.b", "2.1.c": "2.1.c", "2.1.d": "2.1.d", "2.1.e": "2.1.d",
    "2.1.f": "2.1.e", "2.1.g": "2.1.f", "2.1.h": "2.1.g", "2.1.i": "2.1.h", "2.1.j": "2.1.i",
    "2.1.k": "2.1.j", "2.1.l": "2.1.k", "2.1.m": "2.1.k", "2.1.n": "2.1.l", "2.1.o": "2.1.m",
    "2.1.p": "2.1.n", "2.1.q": "2.1.o",
    "3.1.a": "3.1.a", "3.1.b": "3.1.b", "3.1.c": "3.1.b", "3.1.d": "3.1.b", "3.1.e": "3.1.b",
    "3.1.f": "3.1.b", "3.1.g": "3.1.c", "3.1.h": "3.1.c",
    "4.1.a": "4.1.a", "4.1.b": "4.1.b", "4.1.c": "4.1.c", "4.1.d": "4.1.c", "4.1.e": "4.1.d",
    "4.1.f": "4.1.e", "4.1.g": "4.1.f", "4.1.h": "4.1.g",
    "5.1.a": "5.1.a", "5.1.b": "5.1.b", "5.1.c": "5.1.c", "5.1.d": "5.1.c",
}  # fmt: skip

# Sources of the first version that no longer exist, and what they became.
SOURCES = {"checkins": "participants", "unique_people": "participants", "items_handed_out": "grantor_acts"}
NOTE_MAX = 500


def renumber(apps, schema_editor):
    GrantPlan = apps.get_model("monitoring", "GrantPlan")
    Indicator = apps.get_model("monitoring", "Indicator")
    ManualValue = apps.get_model("monitoring", "ManualValue")
    for plan in GrantPlan.objects.filter(name=FIRST_PLAN_NAME):
        rows = {row.code: row for row in Indicator.objects.filter(plan=plan)}
        # Only a plan of the first version has a 1.2.j (its summary note); the document's has not.
        if "1.2.j" in rows:
            for old in RENUMBER:
                if old in rows:
                    rows[old].code = f"~{old}"
                    rows[old].save(update_fields=["code"])
            kept = {}
            for old, new in RENUMBER.items():
                row = rows.get(old)
                if row is None:
                    continue
                if new not in kept:
                    row.code = new
                    row.save(update_fields=["code"])
                    kept[new] = row
                    continue
                for value in ManualValue.objects.filter(indicator=row):
                    value.indicator = kept[new]
                    value.note = f"[{old}] {value.note}".strip()[:NOTE_MAX]
                    value.save(update_fields=["indicator", "note"])
                row.delete()
    for old, new in SOURCES.items():
        Indicator.objects.filter(source=old).update(source=new, source_param="")


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0002_grant_document_counting"),
    ]

    operations = [
        migrations.RunPython(renumber, migrations.RunPython.noop),
    ]

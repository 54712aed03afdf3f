"""The grantor's report: Blocks III and IV in the grantor's words with targets, actuals,
status and how each figure is counted, the breakdowns of the direct beneficiaries (age band,
district of Shymkent), the evidence per indicator, and a photo report per event. This module
reads the data in the report's language and hands plain data to pdf.py (or to the XLSX
writer); it is the work of a core.jobs job.

The report's fixed wording (headings, statuses, units) is the grantor's form in Kazakh or
Russian, so like the indicator titles it is kept here as data (STYLE §7), not as msgids."""

from decimal import Decimal

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from core import jobs
from core.errors import DomainError
from core.models import Job
from core.spreadsheets import to_xlsx
from core.uploads import local_path
from media_log import selectors as media

from . import pdf, selectors
from .dates import long_date, months_label
from .models import GrantPlan
from .readings import Readings
from .report_evidence import evidence_links

KIND = "grant_report"

REPORT_TEXT = {
    "kk": {
        "title": "Мониторинг есебі",
        "block3": "III БЛОК. Әлеуметтік жобаны іске асыру мониторингінің жоспары",
        "block4": "IV БЛОК. Жобаның әлеуметтік әсері",
        "code": "Код",
        "indicator": "Көрсеткіш",
        "unit": "Өлшем бірлігі",
        "target": "Жоспар",
        "actual": "Нақты",
        "percent": "%",
        "status": "Мәртебесі",
        "grantee": "Грант алушы",
        "grantor": "Грант беруші",
        "agreement": "Грант шарты",
        "period": "Кезең",
        "as_of": "Жағдай бойынша",
        "evidence": "Дәлелдерге сілтемелер",
        "photos": "Фотоесеп",
        "page": "%(n)s-бет",
        "per_event": "{meeting} / {planned} іс-шара ({target}; өткені: {held})",
        "how": "Қалай саналды",
        "by_age": "Тікелей бенефициарлар жасы бойынша",
        "by_district": "Тікелей бенефициарлар Шымкент аудандары бойынша",
        "list": "Қатысушылар тізімі",
        "act": "Акт",
        "met": "Орындалды",
        "on_track": "Жоспар бойынша",
        "behind": "Артта қалуда",
        "units": {
            "people": "адам",
            "items": "дана",
            "posts": "жарияланым",
            "publications": "жарияланым",
            "photos": "фото",
            "videos": "бейне",
            "documents": "құжат",
            "events": "іс-шара",
            "organisations": "ұйым",
            "photos_videos": "фото/бейне",
            "orgs_or_people": "ұйым/адам",
        },
    },
    "ru": {
        "title": "Отчёт по мониторингу",
        "block3": "БЛОК III. План мониторинга реализации социального проекта",
        "block4": "БЛОК IV. Социальный эффект проекта",
        "code": "Код",
        "indicator": "Индикатор",
        "unit": "Ед. изм.",
        "target": "План",
        "actual": "Факт",
        "percent": "%",
        "status": "Статус",
        "grantee": "Грантополучатель",
        "grantor": "Грантодатель",
        "agreement": "Договор гранта",
        "period": "Период",
        "as_of": "По состоянию на",
        "evidence": "Ссылки на подтверждения",
        "photos": "Фотоотчёт",
        "page": "Стр. %(n)s",
        "per_event": "{meeting} из {planned} мероприятий ({target}; проведено: {held})",
        "how": "Как посчитано",
        "by_age": "Прямые бенефициары по возрасту",
        "by_district": "Прямые бенефициары по районам Шымкента",
        "list": "Список участников",
        "act": "Акт",
        "met": "Выполнено",
        "on_track": "В графике",
        "behind": "Отстаёт",
        "units": {
            "people": "чел.",
            "items": "шт.",
            "posts": "публ.",
            "publications": "публ.",
            "photos": "фото",
            "videos": "видео",
            "documents": "док.",
            "events": "мероприятий",
            "organisations": "орг.",
            "photos_videos": "фото/видео",
            "orgs_or_people": "орг./чел.",
        },
    },
}
REPORT_LANGUAGES = tuple(REPORT_TEXT)
FORMATS = ("pdf", "xlsx")
PHOTOS_PER_EVENT = 12


def start_grant_report(*, plan: GrantPlan, file_format: str, language: str, by) -> Job:
    """Start a job that builds the grantor's report of `plan` as PDF or XLSX, in Kazakh or
    Russian. Raises DomainError `bad_format` or `bad_language` for anything else."""
    if file_format not in FORMATS:
        raise DomainError(_("Choose PDF or Excel."), code="bad_format")
    if language not in REPORT_LANGUAGES:
        raise DomainError(_("The report is made in Kazakh or Russian."), code="bad_language")
    return jobs.create_job(
        kind=KIND, subject=plan, created_by=by, params={"plan": plan.pk, "format": file_format, "language": language}
    )


def _photo_sections(plan: GrantPlan, readings: Readings) -> list[pdf.PhotoSection]:
    sections = []
    for event in selectors.held_events(plan, readings=readings):
        photos = []
        for item in media.photos_for_report(event=event)[:PHOTOS_PER_EVENT]:
            path = local_path(item.thumbnail)
            if path is None:
                continue
            photos.append(
                pdf.Photo(path=path, caption=item.title, date=formats.date_format(item.date, "SHORT_DATE_FORMAT"))
            )
        if photos:
            sections.append(
                pdf.PhotoSection(
                    title=event.title,
                    date=formats.date_format(timezone.localtime(event.start_at), "SHORT_DATE_FORMAT"),
                    photos=photos,
                )
            )
    return sections


def _short(day) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _line(row, text: dict) -> pdf.Line:
    if row.is_per_event:
        actual = text["per_event"].format(
            meeting=row.events_meeting, planned=row.events_planned, held=row.events_held, target=row.target_display
        )
    else:
        actual = row.actual_display
    return pdf.Line(
        code=row.code,
        title=row.title,
        unit=text["units"].get(row.unit, row.unit),
        target=row.target_display,
        actual=actual,
        percent=row.percent,
        status=row.status,
        status_label=text[row.status],
        group=f"{row.indicator.activity.code} {row.indicator.activity.title}",
        note=" ".join(part for part in (row.description, row.note) if part),
        target_value=_single_number(row, row.target, row.target_second),
        actual_value=_single_number(row, row.actual, row.actual_second),
    )


def _single_number(row, value, second) -> int | float | None:
    if row.is_per_event or second is not None or value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral() else float(value)


def report_data(plan: GrantPlan, *, language: str, today=None) -> pdf.ReportData:
    """Everything the report shows, as plain data in `language` (kk or ru); the caller holds
    `translation.override(language)` for the texts made by gettext (how each figure is counted)."""
    today = today or timezone.localdate()
    text = REPORT_TEXT[language]
    readings = Readings(plan, today)
    rows = selectors.indicator_rows(plan, readings=readings)
    block3 = [r for r in rows if r.indicator.activity.task.number != "IV"]
    block4 = [r for r in rows if r.indicator.activity.task.number == "IV"]
    _beneficiaries, split = selectors.direct_beneficiaries(rows, readings)
    return pdf.ReportData(
        plan_name=plan.name,
        grantee=plan.grantee,
        grantor=plan.grantor,
        agreement=plan.agreement,
        period=f"{months_label(plan.starts_on, plan.ends_on)} ({_short(plan.starts_on)}–{_short(plan.ends_on)})",
        as_of=long_date(today),
        block3=[_line(r, text) for r in block3],
        block4=[_line(r, text) for r in block4],
        evidence=evidence_links(rows, readings, settings.SITE_URL.rstrip("/"), text),
        photos=_photo_sections(plan, readings),
        labels={key: value for key, value in text.items() if isinstance(value, str)},
        breakdowns=[(text["by_age"], split.get("age", [])), (text["by_district"], split.get("district", []))]
        if split
        else [],
    )


def build_grant_report(job: Job) -> tuple[str, bytes]:
    """The job's work: the report file of the job's plan in the job's language and format."""
    plan = GrantPlan.objects.get(pk=job.params["plan"])
    language = job.params.get("language") if job.params.get("language") in REPORT_TEXT else settings.LANGUAGE_CODE
    with translation.override(language):
        data = report_data(plan, language=language)
        stamp = timezone.localdate().isoformat()
        if job.params.get("format") == "xlsx":
            return f"grant-report-{stamp}-{language}.xlsx", report_xlsx(data)
        return f"grant-report-{stamp}-{language}.pdf", pdf.render_report(data)


def report_xlsx(data: pdf.ReportData) -> bytes:
    labels = data.labels
    header = [
        labels["code"],
        labels["indicator"],
        labels["unit"],
        labels["target"],
        labels["actual"],
        "%",
        labels["status"],
        labels["evidence"],
        labels["how"],
    ]
    rows = []
    for line in [*data.block3, *data.block4]:
        links = "\n".join(address for _caption, address in data.evidence.get(line.code, []))
        rows.append(
            [
                line.code,
                line.title,
                line.unit,
                line.target if line.target_value is None else line.target_value,
                line.actual if line.actual_value is None else line.actual_value,
                line.percent,
                line.status_label,
                links,
                line.note,
            ]
        )
    # The breakdowns of the direct beneficiaries follow the indicators, a blank row apart.
    for caption, counts in data.breakdowns:
        rows.append([])
        rows.append(["", caption])
        rows += [["", label, "", "", count] for label, count in counts]
    return to_xlsx(header, rows, title=str(labels["title"]))

"""The grantor's report: Blocks III and IV with targets, actuals and status, links to the
evidence, and a photo report per event. This module reads the data in the report's language
and hands plain data to pdf.py (or to the XLSX writer); it is the work of a core.jobs job.

The report's fixed wording (headings, statuses, units) is the grantor's form in Kazakh or
Russian, so like the indicator titles it is kept here as data (STYLE §7), not as msgids."""

from django.conf import settings
from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from core import jobs
from core.errors import DomainError
from core.models import Job
from core.spreadsheets import to_xlsx
from media_log import selectors as media

from . import pdf, selectors
from .models import GrantPlan, IndicatorScope, IndicatorSource

KIND = "grant_report"

REPORT_TEXT = {
    "kk": {
        "title": "Мониторинг есебі",
        "block3": "III блок. Мониторинг жоспары",
        "block4": "IV блок. Әлеуметтік әсер",
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
        "per_event": "{meeting} / {held} іс-шара (≥ {target})",
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
        },
    },
    "ru": {
        "title": "Отчёт по мониторингу",
        "block3": "Блок III. План мониторинга",
        "block4": "Блок IV. Социальный эффект",
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
        "per_event": "{meeting} из {held} мероприятий (≥ {target})",
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
        },
    },
}
REPORT_LANGUAGES = tuple(REPORT_TEXT)
FORMATS = ("pdf", "xlsx")
EVIDENCE_LINKS_PER_INDICATOR = 10
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


def _evidence_links(rows, site_url: str) -> dict[str, list[tuple[str, str]]]:
    """{indicator code: [(caption, address)]} for evidence-based indicators (first few items)."""
    links = {}
    for row in rows:
        if row.indicator.source != IndicatorSource.EVIDENCE:
            continue
        items = media.evidence_for(kind=row.indicator.source_param)
        if row.indicator.event_kind:
            items = items.filter(event__kind=row.indicator.event_kind)
        items = items.filter(~Q(url="") | ~Q(file=""))[:EVIDENCE_LINKS_PER_INDICATOR]
        found = []
        for item in items:
            address = item.url or (site_url + item.file.url if item.file else "")
            found.append((f"{formats.date_format(item.date, 'SHORT_DATE_FORMAT')} {item.title}", address))
        if found:
            links[row.code] = found
    return links


def _photo_sections(plan: GrantPlan, today) -> list[pdf.PhotoSection]:
    sections = []
    for event in selectors.held_events(today=today):
        photos = []
        for item in media.photos_for_report(event=event)[:PHOTOS_PER_EVENT]:
            try:
                path = item.thumbnail.path
            except (ValueError, NotImplementedError):
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


def report_data(plan: GrantPlan, *, language: str, today=None) -> pdf.ReportData:
    """Everything the report shows, as plain data in `language` (kk or ru)."""
    today = today or timezone.localdate()
    text = REPORT_TEXT[language]
    rows = selectors.indicator_rows(plan, today=today)
    block3 = [r for r in rows if r.indicator.activity.task.number != "IV"]
    block4 = [r for r in rows if r.indicator.activity.task.number == "IV"]

    def line(row) -> pdf.Line:
        target = selectors.format_number(row.target)
        if row.scope == IndicatorScope.PER_EVENT:
            actual = text["per_event"].format(meeting=row.events_meeting, held=row.events_held, target=target)
            target = f"≥ {target}"
        else:
            actual = selectors.format_number(row.actual)
        return pdf.Line(
            code=row.code,
            title=row.title,
            unit=text["units"].get(row.unit, row.unit),
            target=target,
            actual=actual,
            percent=row.percent,
            status=row.status,
            status_label=text[row.status],
            group=f"{row.indicator.activity.code} {row.indicator.activity.title}",
        )

    return pdf.ReportData(
        plan_name=plan.name,
        grantee=plan.grantee,
        grantor=plan.grantor,
        agreement=plan.agreement,
        period=f"{formats.date_format(plan.starts_on, 'SHORT_DATE_FORMAT')}–"
        f"{formats.date_format(plan.ends_on, 'SHORT_DATE_FORMAT')}",
        as_of=formats.date_format(today, "DATE_FORMAT"),
        block3=[line(r) for r in block3],
        block4=[line(r) for r in block4],
        evidence=_evidence_links(rows, settings.SITE_URL.rstrip("/")),
        photos=_photo_sections(plan, today),
        labels={key: value for key, value in text.items() if isinstance(value, str)},
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
    ]
    rows = []
    for line in [*data.block3, *data.block4]:
        links = "\n".join(address for _caption, address in data.evidence.get(line.code, []))
        rows.append(
            [line.code, line.title, line.unit, line.target, line.actual, line.percent, line.status_label, links]
        )
    return to_xlsx(header, rows, title=str(labels["title"]))

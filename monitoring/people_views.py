"""The lists of people behind the grant's figures.

The list of an activity's participants (1.2, 1.3, 2.1: "list, count") is for the grantor and
the organisers, on the page and as PDF or XLSX in Kazakh or Russian: names, organisations,
age bands, districts and attendance, never a phone or an email. The people behind the direct
beneficiaries (IV.1) are for organisers only; those who may see contacts also see how each
person was matched (phone, email, or name and organisation) and the phone or email used.
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation

from core.auth import staff_permission
from core.http import download, private_file

from .list_pdf import render_people_list
from .lists import people_list, people_xlsx
from .models import Indicator, IndicatorSource
from .readings import Readings

PAGE_SIZE = 200
FILE_LANGUAGES = ("kk", "ru")


@staff_permission("monitoring.view_dashboard")
def people(request, pk: int):
    indicator = get_object_or_404(Indicator.objects.select_related("plan", "activity"), pk=pk)
    if indicator.source != IndicatorSource.PARTICIPANTS:
        raise Http404
    # Every participant of the project at once is the organisers' drill-down, not a grantor's list.
    if not indicator.event_kind and not request.user.has_perm("registration.view_registration"):
        raise PermissionDenied
    readings = Readings(indicator.plan, timezone.localdate())
    file_format = request.GET.get("format", "")
    if file_format in ("pdf", "xlsx"):
        language = request.GET.get("language", "")
        language = language if language in FILE_LANGUAGES else translation.get_language()[:2]
        with translation.override(language):
            data = people_list(indicator, readings)
            name = f"participants-{indicator.code}-{timezone.localdate().isoformat()}-{language}.{file_format}"
            content = render_people_list(data) if file_format == "pdf" else people_xlsx(data)
        return download(content, name)
    data = people_list(indicator, readings)
    page = Paginator(data.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    response = render(
        request,
        "monitoring/people.html",
        {
            "indicator": indicator,
            "plan": indicator.plan,
            "data": data,
            "page": page,
            "contacts": request.user.has_perm("registration.view_contacts"),
        },
    )
    return private_file(response)

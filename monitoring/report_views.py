"""The grantor's report where the report lives, under /monitoring/report/: the reports made so
far (by organisers or by the grantor) with their files, one report's page while it is built,
and its download. Everyone who reads the dashboard (organisers, the grantor) may open them;
starting one needs `monitoring.build_report`, which both roles hold.

The report jobs are shown here rather than on /manage/jobs/, which belongs to the organisers."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.auth import staff_permission
from core.http import job_result, perform
from core.jobs import job_for_reading
from core.models import Job, JobStatus

from . import report as report_service
from . import selectors
from .views import plan_or_404

RECENT_REPORTS = 20


def _report_job(pk: int) -> Job:
    job = job_for_reading(pk)
    if job is None or job.kind != report_service.KIND:
        raise Http404
    return job


def _row(job: Job) -> dict:
    return {
        "job": job,
        "format": (job.params.get("format") or "").upper(),
        "language": {"kk": "Қазақша", "ru": "Русский"}.get(job.params.get("language"), ""),
    }


@staff_permission("monitoring.view_dashboard")
def report_list(request):
    plan = selectors.active_plan()
    jobs = Job.objects.filter(kind=report_service.KIND).select_related("created_by")[:RECENT_REPORTS]
    return render(
        request,
        "monitoring/reports.html",
        {
            "plan": plan,
            "reports": [_row(job) for job in jobs],
            "can_report": plan is not None and request.user.has_perm("monitoring.build_report"),
        },
    )


@require_POST
@staff_permission("monitoring.build_report")
def report(request):
    """Start the grantor's report (PDF or XLSX, Kazakh or Russian) and show its page."""
    plan = plan_or_404(request.POST.get("plan", ""))
    started = perform(
        request,
        lambda: report_service.start_grant_report(
            plan=plan,
            file_format=request.POST.get("format", ""),
            language=request.POST.get("language", ""),
            by=request.user,
        ),
    )
    if not started:
        return redirect("monitoring:reports")
    return redirect("monitoring:report_job", started.value.pk)


@staff_permission("monitoring.view_dashboard")
def report_job(request, pk: int):
    job = _report_job(pk)
    return render(
        request,
        "monitoring/report_job.html",
        {**_row(job), "waiting": job.status in (JobStatus.QUEUED, JobStatus.RUNNING)},
    )


@staff_permission("monitoring.view_dashboard")
def report_download(request, pk: int):
    return job_result(_report_job(pk))

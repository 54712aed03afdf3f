from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import roles


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Grant monitoring")

    def ready(self):
        from django.urls import reverse

        from core import job_kinds
        from events.demo import register_demo_step

        from . import report, tasks
        from .demo import load_demo_activity

        job_kinds.register(
            report.KIND,
            label=_("Report for the grantor"),
            finish_task=tasks.build_grant_report_task,
            place=lambda job: (reverse("monitoring:reports"), _("Reports for the grantor")),
        )
        plan_models = ("grantplan", "task", "activity", "indicator", "grantitem")
        roles.grant(
            roles.ORGANISER,
            [
                *roles.crud("monitoring", *plan_models, "manualvalue", "evidencefiling", "actfiling"),
                "monitoring.view_dashboard",
                "monitoring.build_report",
            ],
        )
        # The grantor makes and downloads the report too (it only reads the records).
        roles.grant(
            roles.GRANTOR,
            [*roles.view("monitoring", *plan_models), "monitoring.view_dashboard", "monitoring.build_report"],
        )
        register_demo_step(load_demo_activity)

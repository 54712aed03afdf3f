from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import roles


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from . import jobs

        jobs.register_kinds()
        roles.grant(roles.ORGANISER, ["documents.add_certificate", "documents.view_certificate"])

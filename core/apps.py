from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import role_sync

        # Permissions exist only after every app has migrated, so roles are
        # (re)built after migrate rather than in a data migration.
        post_migrate.connect(role_sync.sync_roles_after_migrate, sender=self)

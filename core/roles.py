"""The three roles as Django groups, and the permissions each one holds.

Organisers run the project, volunteers work the door, and the grantor reads.
`sync_roles` is idempotent; it runs after every `migrate`.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

ORGANISER = "organiser"
VOLUNTEER = "volunteer"
GRANTOR = "grantor"

_CRUD = ("add", "change", "delete", "view")


def _crud(app_label: str, *models: str) -> list[str]:
    return [f"{app_label}.{action}_{model}" for model in models for action in _CRUD]


ROLE_PERMISSIONS: dict[str, list[str]] = {
    ORGANISER: [
        *_crud("events", "venue", "event", "speaker", "talk", "agendaitem"),
        "events.view_speaker_private",
        *_crud("registration", "registration"),
        "registration.add_checkin",
        "registration.view_checkin",
        "registration.change_checkin",
        "registration.view_scanlog",
        "registration.view_contacts",
        "core.add_apitoken",
        "core.view_apitoken",
        "core.add_job",
        "core.view_job",
        "core.change_job",
        "registration.add_certificate",
        "registration.view_certificate",
        *_crud("inventory", "itemtype", "holder", "kit", "kititem", "transferact", "actline"),
        "inventory.add_movement",
        "inventory.view_movement",
        "inventory.hand_out_kit",
        "inventory.view_stockbalance",
        "inventory.sign_transferact",
        *_crud("monitoring", "grantplan", "task", "activity", "indicator", "manualvalue"),
        "monitoring.view_dashboard",
        "monitoring.build_report",
        *_crud("media_log", "mediaitem"),
        "media_log.view_feedback",
        "media_log.view_private_evidence",
    ],
    VOLUNTEER: [
        "events.view_event",
        "registration.add_checkin",
        "registration.view_checkin",
        "registration.add_registration",
        "inventory.hand_out_kit",
        "inventory.view_kit",
        "inventory.view_kititem",
        "inventory.view_stockbalance",
    ],
    GRANTOR: [
        *[f"monitoring.view_{model}" for model in ("grantplan", "task", "activity", "indicator")],
        "monitoring.view_dashboard",
        "events.view_venue",
        "events.view_event",
        "events.view_speaker",
        "events.view_talk",
        "events.view_agendaitem",
        *[f"inventory.view_{model}" for model in ("itemtype", "holder", "movement", "stockbalance",
                                                  "transferact", "actline", "kit", "kititem")],
        # Evidence only: feedback comments are personal; the grantor sees their counts in reports.
        "media_log.view_mediaitem",
    ],
}


def sync_roles() -> None:
    """Create the role groups and set exactly the permissions listed above.

    Raises LookupError if a listed permission does not exist, so a typo fails
    the migration instead of silently leaving a role without a right.
    """
    for role, perm_names in ROLE_PERMISSIONS.items():
        query = Q(pk__in=[])
        for name in perm_names:
            app_label, codename = name.split(".")
            query |= Q(content_type__app_label=app_label, codename=codename)
        perms = list(Permission.objects.filter(query))
        found = {f"{p.content_type.app_label}.{p.codename}" for p in perms}
        if missing := set(perm_names) - found:
            raise LookupError(f"Role {role}: unknown permissions {sorted(missing)}")
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(perms)


def sync_roles_after_migrate(sender, using="default", apps=None, **kwargs) -> None:
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    # post_migrate reaches core before the apps listed after it have their
    # permissions, so create them all first (idempotent), then the roles.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    sync_roles()


def user_roles(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(user.groups.values_list("name", flat=True))

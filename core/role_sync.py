"""The roles as Django groups, rebuilt from the grants (core.roles) after every `migrate`."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from .roles import ROLE_PERMISSIONS


def sync_roles() -> None:
    """Create the role groups and set exactly the permissions granted to them.

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
    # post_migrate reaches core before the apps listed after it have their
    # permissions, so create them all first (idempotent), then the roles.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    sync_roles()

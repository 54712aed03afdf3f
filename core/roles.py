"""The three roles, and the permissions each one holds.

Organisers run the project, volunteers work the door, and the grantor reads. Each app grants
its permissions from its `AppConfig.ready()`; this module imports no model, so an app's
apps.py can use it while apps are still loading. `core.role_sync` turns the grants into
Django groups after every `migrate`.
"""

ORGANISER = "organiser"
VOLUNTEER = "volunteer"
GRANTOR = "grantor"

_CRUD = ("add", "change", "delete", "view")


# Each app grants its own permissions to the roles from its AppConfig.ready() (core names
# no app); core grants its own here. sync_roles then sets exactly what was granted.
ROLE_PERMISSIONS: dict[str, list[str]] = {ORGANISER: [], VOLUNTEER: [], GRANTOR: []}


def grant(role: str, permissions: list[str]) -> None:
    """Give `role` these permissions ("app_label.codename"); applied by the next sync_roles."""
    granted = ROLE_PERMISSIONS[role]
    granted.extend(name for name in permissions if name not in granted)


def crud(app_label: str, *models: str) -> list[str]:
    """add, change, delete and view of each model."""
    return [f"{app_label}.{action}_{model}" for model in models for action in _CRUD]


def view(app_label: str, *models: str) -> list[str]:
    return [f"{app_label}.view_{model}" for model in models]


grant(ORGANISER, ["core.add_apitoken", "core.view_apitoken", "core.add_job", "core.view_job", "core.change_job"])


def user_roles(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(user.groups.values_list("name", flat=True))

"""The README stays true to the code: every environment variable the settings read is documented."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_environment_variable_read_by_the_settings_is_in_the_readme():
    settings_source = (ROOT / "config" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r'(?:environ\.get|env_bool|env_int|env_list)\(\s*"([A-Z][A-Z0-9_]+)"', settings_source))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")

    assert len(names) > 20
    assert sorted(name for name in names if f"`{name}`" not in readme) == []


def test_the_readme_describes_every_app():
    from django.conf import settings

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    apps = [app for app in settings.INSTALLED_APPS if (ROOT / app / "apps.py").exists()]

    assert sorted(app for app in apps if f"| `{app}/` |" not in readme) == []

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from monitoring.models import Activity, GrantItem, GrantPlan, Indicator, ManualValue, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, plan):
    client.force_login(User.objects.create_superuser("root", password="pw-root"))
    return client


@pytest.mark.parametrize("model", [GrantPlan, Task, Activity, Indicator, ManualValue, GrantItem])
def test_admin_pages_open(admin_client, model):
    name = model._meta.model_name
    if model is GrantItem:
        obj = Indicator.objects.get(code="3.1.b")
        assert admin_client.get(reverse("admin:monitoring_indicator_change", args=[obj.pk])).status_code == 200
        return
    assert admin_client.get(reverse(f"admin:monitoring_{name}_changelist")).status_code == 200
    if (obj := model.objects.first()) is not None:
        assert admin_client.get(reverse(f"admin:monitoring_{name}_change", args=[obj.pk])).status_code == 200


def test_admin_manual_value_records_who_entered_it(admin_client):
    indicator = Indicator.objects.get(code="IV.3")

    response = admin_client.post(
        reverse("admin:monitoring_manualvalue_add"), {"indicator": indicator.pk, "value": "3", "note": "Еңбек шарттары"}
    )

    assert response.status_code == 302
    value = ManualValue.objects.get()
    assert (value.indicator, value.value, value.entered_by.username) == (indicator, 3, "root")

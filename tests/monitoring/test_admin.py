import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from monitoring.models import Activity, GrantItem, GrantPlan, Indicator, ManualValue, Task

from .conftest import past_event

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


def _posted(value):
    """A field's value as a browser posts it."""
    if isinstance(value, list | tuple):
        return [_posted(one) for one in value]
    if value is True:
        return "on"
    return str(getattr(value, "pk", value))


def _resubmitted(page) -> dict:
    """The POST a browser sends back for an admin change page left as it is."""
    data = {}
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management.add_prefix(name): value for name, value in management.initial.items()})
        forms += inline.formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is not None and value is not False:
                data[form.add_prefix(name)] = _posted(value)
    return data


def _value(indicator, user, value="3"):
    return ManualValue.objects.create(indicator=indicator, value=value, note="Бірінші", entered_by=user)


def test_admin_never_changes_a_value_entered_by_hand(admin_client):
    indicator = Indicator.objects.get(code="IV.3")
    value = _value(indicator, User.objects.get(username="root"))
    url = reverse("admin:monitoring_manualvalue_change", args=[value.pk])

    page = admin_client.get(url)
    response = admin_client.post(url, {"indicator": indicator.pk, "value": "30", "note": "Түзетілді"})

    assert page.status_code == 200 and b'name="value"' not in page.content  # shown, read-only
    assert response.status_code == 403
    value.refresh_from_db()
    assert (value.value, value.note) == (3, "Бірінші")


def test_admin_indicator_page_shows_values_read_only_and_adds_new_ones(admin_client):
    indicator = Indicator.objects.get(code="IV.3")
    value = _value(indicator, User.objects.get(username="root"))
    url = reverse("admin:monitoring_indicator_change", args=[indicator.pk])
    page = admin_client.get(url)
    data = _resubmitted(page)
    prefix = "manual_values"
    assert f'name="{prefix}-0-value"' not in page.content.decode()
    # A browser that sends a changed value anyway (and a new one).
    data.update(
        {f"{prefix}-0-value": "30", f"{prefix}-1-value": "4", f"{prefix}-1-note": "Жаңа", f"{prefix}-TOTAL_FORMS": "2"}
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["errors"] if response.context else response
    value.refresh_from_db()
    assert value.value == 3
    newer = ManualValue.objects.exclude(pk=value.pk).get()
    assert (newer.value, newer.entered_by.username) == (4, "root")


def test_admin_refuses_a_value_for_an_event_outside_the_plan(admin_client):
    indicator = Indicator.objects.get(code="IV.3")
    old = past_event(days_ago=400)

    response = admin_client.post(
        reverse("admin:monitoring_manualvalue_add"), {"indicator": indicator.pk, "event": old.pk, "value": "3"}
    )

    assert response.status_code == 200
    assert not ManualValue.objects.exists()
    assert response.context["adminform"].form.has_error("event", code="outside_plan")


def test_admin_inline_refuses_a_value_for_a_computed_indicator(admin_client):
    indicator = Indicator.objects.get(code="IV.1")
    url = reverse("admin:monitoring_indicator_change", args=[indicator.pk])
    data = _resubmitted(admin_client.get(url))
    data.update({"manual_values-0-value": "4", "manual_values-TOTAL_FORMS": "1"})

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert not ManualValue.objects.exists()
    [formset] = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "manual_values"
    ]
    assert formset.forms[0].has_error("__all__", code="computed")

"""What organisers enter on an indicator's page: a value typed by hand, evidence or an act
filed under it, the item types of a grant item. Each view validates the form, calls one
service and goes back to the indicator's page with a message."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.auth import staff_permission
from core.http import perform
from inventory.models import TransferAct
from media_log.models import MediaItem

from . import services
from .forms import FileActForm, FileEvidenceForm, ItemTypesForm, ManualValueForm
from .models import EvidenceFiling, GrantItem, Indicator


def _indicator(pk: int) -> Indicator:
    return get_object_or_404(Indicator.objects.select_related("plan", "activity"), pk=pk)


def _back(indicator: Indicator):
    return redirect("monitoring:indicator", indicator.pk)


@require_POST
@staff_permission("monitoring.add_manualvalue")
def add_value(request, pk: int):
    indicator = _indicator(pk)
    form = ManualValueForm(request.POST, request.FILES, indicator=indicator)
    if form.is_valid():
        data = form.cleaned_data
        done = perform(
            request,
            lambda: services.record_manual_value(
                indicator=indicator,
                value=data["value"],
                event=data["event"],
                note=data["note"],
                evidence_url=data["evidence_url"],
                evidence_file=data["evidence_file"],
                by=request.user,
            ),
            success=_("The value is recorded."),
            form=form,
        )
        if done:
            return _back(indicator)
    return render(request, "monitoring/form_page.html", {"indicator": indicator, "form": form}, status=422)


@require_POST
@staff_permission("monitoring.add_manualvalue")
def file_evidence(request, pk: int):
    indicator = _indicator(pk)
    filed = set(EvidenceFiling.objects.filter(indicator=indicator).values_list("item_id", flat=True))
    form = FileEvidenceForm(request.POST, indicator=indicator, filed=filed)
    if form.is_valid():
        perform(
            request,
            lambda: services.file_evidence(indicator=indicator, items=form.cleaned_data["items"], by=request.user),
            success=lambda count: _("%(count)s item(s) filed under this indicator.") % {"count": count},
        )
    else:
        _refuse(request, form)
    return _back(indicator)


@require_POST
@staff_permission("monitoring.add_manualvalue")
def unfile_evidence(request, pk: int, item: int):
    indicator = _indicator(pk)
    services.unfile_evidence(indicator=indicator, item=get_object_or_404(MediaItem, pk=item))
    return _back(indicator)


@require_POST
@staff_permission("monitoring.add_manualvalue")
def file_act(request, pk: int):
    indicator = _indicator(pk)
    form = FileActForm(request.POST)
    if form.is_valid():
        perform(
            request,
            lambda: services.file_act(indicator=indicator, act=form.cleaned_data["act"], by=request.user),
            success=_("The act is filed under this indicator."),
        )
    else:
        _refuse(request, form)
    return _back(indicator)


@require_POST
@staff_permission("monitoring.add_manualvalue")
def unfile_act(request, pk: int, act: int):
    indicator = _indicator(pk)
    services.unfile_act(indicator=indicator, act=get_object_or_404(TransferAct, pk=act))
    return _back(indicator)


@require_POST
@staff_permission("monitoring.add_manualvalue")
def link_item_types(request, pk: int):
    grant_item = get_object_or_404(GrantItem.objects.select_related("indicator"), pk=pk)
    form = ItemTypesForm(request.POST, prefix=f"g{grant_item.pk}")
    if form.is_valid():
        services.link_item_types(grant_item=grant_item, item_types=list(form.cleaned_data["item_types"]))
        messages.success(request, _("The item types of “%(item)s” are saved.") % {"item": grant_item.name})
    else:
        _refuse(request, form)
    return _back(grant_item.indicator)


def _refuse(request, form) -> None:
    """Show the form's first error as a message (these small forms live on the indicator's page)."""
    errors = [str(error) for field_errors in form.errors.values() for error in field_errors]
    messages.error(request, errors[0] if errors else _("Check the form."))

"""The acceptance–transfer acts under /manage/inventory/acts/: the list, a new draft, the act's
page with its two signature pads, signing, the counter-act, discarding a draft, the PDF and the
signature images. Reading needs `inventory.view_transferact`, signing `inventory.sign_transferact`.
The raw signature images are the handwriting of private persons: only those who may take
signatures (organisers) see them; the grantor reads the act and its PDF.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.auth import staff_permission
from core.http import download, perform

from . import forms, pdf, selectors, services
from .models import ActStatus, Holder, TransferAct
from .services.acts import draft_fingerprint, draft_stock, update_draft
from .views import PAGE_SIZE


@staff_permission("inventory.view_transferact")
def act_list(request):
    acts, applied = selectors.acts(request.GET)
    return render(
        request,
        "inventory/act_list.html",
        {
            "section": "acts",
            "page": Paginator(acts, PAGE_SIZE).get_page(request.GET.get("page")),
            "filters": applied,
            "years": selectors.act_years(),
            "statuses": ActStatus.choices,
            "holders": Holder.objects.all(),
        },
    )


def _draft_fields(form, lines) -> dict:
    """The service's arguments from a valid act form and its lines."""
    data = form.cleaned_data
    return {
        "kind": data["kind"],
        "act_date": data["date"],
        "from_holder": data["from_holder"],
        "to_holder": data["to_holder"],
        "giver": services.Party(data["giver_name"], data["giver_position"], data["giver_organisation"]),
        "receiver": services.Party(data["receiver_name"], data["receiver_position"], data["receiver_organisation"]),
        "basis": data["basis"],
        "language": data["language"],
        "lines": [(line["item"], line["quantity"]) for line in lines.cleaned_data if line.get("item")],
    }


def _warn_of_shortage(request, act: TransferAct) -> None:
    """Say at once, while the act is a draft, what its giver lacks: signing would refuse it."""
    for row in draft_stock(act):
        if row.short:
            messages.warning(
                request,
                _("%(place)s holds %(held)s of “%(item)s”; the act gives %(quantity)s (%(short)s short).")
                % {
                    "place": act.from_holder.name,
                    "held": row.held,
                    "item": row.line.item.name,
                    "quantity": row.line.quantity,
                    "short": row.short,
                },
            )


@staff_permission("inventory.add_transferact")
def act_create(request):
    form = forms.ActForm(request.POST or None)
    lines = forms.ActLineFormSet(request.POST or None, prefix="lines")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        outcome = perform(
            request,
            lambda: services.create_act(by=request.user, **_draft_fields(form, lines)),
            form=form,
            success=_("The draft act is saved. Both parties sign it on the next page."),
        )
        if outcome:
            _warn_of_shortage(request, outcome.value)
            return redirect("inventory:act_detail", outcome.value.pk)
    return render(request, "inventory/act_create.html", {"section": "acts", "form": form, "lines": lines})


@staff_permission("inventory.add_transferact")
def act_edit(request, pk):
    act = _act(pk)
    if act.is_signed or act.counter_act_of_id:
        messages.error(request, _("Only a draft that is not a counter-act can be changed."))
        return redirect("inventory:act_detail", act.pk)
    initial = {
        "kind": act.kind,
        "date": act.date,
        "from_holder": act.from_holder,
        "to_holder": act.to_holder,
        "giver_name": act.giver_name,
        "giver_position": act.giver_position,
        "giver_organisation": act.giver_organisation,
        "receiver_name": act.receiver_name,
        "receiver_position": act.receiver_position,
        "receiver_organisation": act.receiver_organisation,
        "basis": act.basis,
        "language": act.language,
    }
    form = forms.ActForm(request.POST or None, initial=initial)
    lines = forms.ActLineFormSet(
        request.POST or None,
        prefix="lines",
        initial=[{"item": line.item, "quantity": line.quantity} for line in act.lines.order_by("pk")],
    )
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        outcome = perform(
            request,
            lambda: update_draft(act=act, **_draft_fields(form, lines)),
            form=form,
            success=_("The draft act is saved. Both parties sign it on the next page."),
        )
        if outcome:
            _warn_of_shortage(request, outcome.value)
            return redirect("inventory:act_detail", act.pk)
    return render(request, "inventory/act_create.html", {"section": "acts", "form": form, "lines": lines, "act": act})


def _act(pk) -> TransferAct:
    return get_object_or_404(TransferAct.objects.select_related("from_holder", "to_holder", "counter_act_of"), pk=pk)


@staff_permission("inventory.view_transferact")
def act_detail(request, pk):
    act = _act(pk)
    draft_stock_rows = draft_stock(act)
    # The sign form carries the fingerprint of the content shown here: signing refuses a draft
    # edited since (on another device), so nobody signs what this page did not show.
    fingerprint = None if act.is_signed else draft_fingerprint(act, [row.line for row in draft_stock_rows])
    return render(
        request,
        "inventory/act_detail.html",
        {
            "section": "acts",
            "act": act,
            # A draft's lines show what the giver holds, so a shortage is seen before signing.
            "lines": draft_stock_rows,
            "short": not act.is_signed and any(row.short for row in draft_stock_rows),
            "counter": TransferAct.objects.filter(counter_act_of=act).first(),
            "sign_form": forms.SignForm(initial={"fingerprint": fingerprint}),
            "today": timezone.localdate(),
        },
    )


@staff_permission("inventory.sign_transferact")
@require_POST
def act_sign(request, pk):
    act = _act(pk)
    form = forms.SignForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("inventory:act_detail", act.pk)
    perform(
        request,
        lambda: services.sign_act(
            act=act,
            by=request.user,
            giver_signature=services.decode_signature(form.cleaned_data["giver_signature"]),
            receiver_signature=services.decode_signature(form.cleaned_data["receiver_signature"]),
            fingerprint=form.cleaned_data["fingerprint"],
        ),
        success=lambda signed: (
            _("Act No. %(number)s/%(year)s is signed and its stock is posted.")
            % {"number": signed.number, "year": signed.year}
        ),
    )
    return redirect("inventory:act_detail", act.pk)


@staff_permission("inventory.add_transferact")
@require_POST
def act_counter(request, pk):
    act = _act(pk)
    outcome = perform(
        request,
        lambda: services.counter_act(act=act, act_date=timezone.localdate(), by=request.user),
        success=_("A draft counter-act is made. Both parties sign it to undo the act."),
    )
    return redirect("inventory:act_detail", outcome.value.pk if outcome else act.pk)


@staff_permission("inventory.delete_transferact")
@require_POST
def act_discard(request, pk):
    act = _act(pk)
    if perform(request, lambda: services.discard_draft(act=act), success=_("The draft act is deleted.")):
        return redirect("inventory:acts")
    return redirect("inventory:act_detail", act.pk)


@staff_permission("inventory.view_transferact")
def act_pdf(request, pk):
    act = _act(pk)
    language = request.GET.get("lang", act.language)
    content = pdf.render_act(selectors.act_document(act, language))
    name = f"act-{act.year}-{act.number}" if act.number else f"act-draft-{act.pk}"
    return download(content, f"{name}.pdf", content_type="application/pdf", inline=True)


@staff_permission("inventory.sign_transferact")
def act_signature(request, pk, party):
    act = _act(pk)
    field = {"giver": act.giver_signature, "receiver": act.receiver_signature}.get(party)
    if not field:
        raise Http404
    return download(field.open("rb"), f"{party}.png", content_type="image/png", inline=True)

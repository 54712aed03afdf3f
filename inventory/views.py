"""The organiser's inventory pages under /manage/inventory/.

Reading needs the model's view permission (organisers and the grantor), every change its own
permission (organisers), signing an act `inventory.sign_transferact`. Forms validate at the
edge, services carry the rules, and each outcome becomes a message.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.auth import staff_permission
from core.http import download, perform
from core.spreadsheets import to_xlsx
from events.models import Event, EventStatus
from events.services import has_taken_place
from registration.models import Role

from . import forms, selectors, services
from .models import Holder, ItemType, Kit, MovementKind

PAGE_SIZE = 50


def form_page(request, form, *, title, section, back_url, extra=None):
    return render(
        request,
        "inventory/form_page.html",
        {"form": form, "title": title, "section": section, "back_url": back_url, **(extra or {})},
    )


# Stock, ledger and items


@staff_permission("inventory.view_stockbalance")
def stock(request):
    balances = selectors.stock_balances().filter(quantity__gt=0)
    return render(
        request,
        "inventory/stock.html",
        {
            "section": "stock",
            "balances": balances,
            "can_move": request.user.has_perm("inventory.add_movement"),
            # A newcomer's first steps, in order, until stock has been received.
            "first_steps": None if balances else _first_steps(),
        },
    )


def _first_steps() -> list[tuple[str, str, bool, str]]:
    """(title, help, done, url) of what to create first: items, then where they are kept, then stock."""
    return [
        (
            _("Add the items"),
            _("Medals, portfolios, notebooks, flash drives: each kind of giveaway once."),
            ItemType.objects.exists(),
            reverse("inventory:item_create"),
        ),
        (
            _("Add the stock locations"),
            _("Where stock is kept: the warehouse, each event's handout desk, a person who holds items."),
            Holder.objects.exists(),
            reverse("inventory:holder_create"),
        ),
        (
            _("Receive the stock"),
            _("From the supplier, by an acceptance–transfer act that both sides sign (or a simple receipt)."),
            False,
            reverse("inventory:act_create"),
        ),
    ]


@staff_permission("inventory.view_movement")
def movement_list(request):
    movements, applied = selectors.ledger(request.GET)
    return render(
        request,
        "inventory/movement_list.html",
        {
            "section": "movements",
            "page": Paginator(movements, PAGE_SIZE).get_page(request.GET.get("page")),
            "filters": applied,
            "items": ItemType.objects.all(),
            "holders": Holder.objects.all(),
            "kinds": MovementKind.choices,
        },
    )


_MOVEMENTS = {
    "receive": (
        forms.ReceiveForm,
        lambda d, by: services.receive_stock(
            item=d["item"],
            to_holder=d["to_holder"],
            quantity=d["quantity"],
            supplier=d["supplier"],
            note=d["note"],
            by=by,
        ),
    ),
    "transfer": (
        forms.TransferForm,
        lambda d, by: services.transfer_stock(
            item=d["item"], from_holder=d["from_holder"], to_holder=d["to_holder"], quantity=d["quantity"], by=by
        ),
    ),
    "return": (
        forms.ReturnForm,
        lambda d, by: services.return_stock(
            item=d["item"], to_holder=d["to_holder"], quantity=d["quantity"], reason=d["reason"], by=by
        ),
    ),
    "writeoff": (
        forms.WriteOffForm,
        lambda d, by: services.write_off(
            item=d["item"], from_holder=d["from_holder"], quantity=d["quantity"], reason=d["reason"], by=by
        ),
    ),
}


@staff_permission("inventory.add_movement")
def movement_create(request, kind):
    if kind not in _MOVEMENTS:
        raise Http404
    form_class, record = _MOVEMENTS[kind]
    form = form_class(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and perform(
            request,
            lambda: record(form.cleaned_data, request.user),
            form=form,
            success=lambda movement: (
                _("Recorded: %(kind)s, %(item)s × %(quantity)s.")
                % {"kind": movement.get_kind_display(), "item": movement.item.name, "quantity": movement.quantity}
            ),
        )
    ):
        return redirect("inventory:movements")
    return form_page(
        request,
        form,
        title=MovementKind("receipt" if kind == "receive" else kind).label,
        section="movements",
        back_url=reverse("inventory:stock"),
    )


@staff_permission("inventory.view_itemtype")
def item_list(request):
    return render(request, "inventory/item_list.html", {"section": "items", "items": ItemType.objects.all()})


@staff_permission("inventory.add_itemtype")
def item_create(request):
    return _item_form(request, None)


@staff_permission("inventory.change_itemtype")
def item_edit(request, pk):
    return _item_form(request, get_object_or_404(ItemType, pk=pk))


def _item_form(request, item):
    form = forms.ItemTypeForm(request.POST or None, request.FILES or None, instance=item)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("The item “%(name)s” is saved.") % {"name": saved.name})
        return redirect("inventory:items")
    return form_page(
        request,
        form,
        title=pgettext("inventory", "Item") if item else _("New item"),
        section="items",
        back_url=reverse("inventory:items"),
    )


@staff_permission("inventory.view_holder")
def holder_list(request):
    return render(
        request, "inventory/holder_list.html", {"section": "holders", "holders": Holder.objects.select_related("event")}
    )


@staff_permission("inventory.add_holder")
def holder_create(request):
    return _holder_form(request, None)


@staff_permission("inventory.change_holder")
def holder_edit(request, pk):
    return _holder_form(request, get_object_or_404(Holder, pk=pk))


def _holder_form(request, holder):
    # A link may preset the kind and the event (an event's "add its handout desk").
    initial = {key: request.GET[key] for key in ("kind", "event") if holder is None and request.GET.get(key)}
    form = forms.HolderForm(request.POST or None, instance=holder, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("The stock location “%(name)s” is saved.") % {"name": saved.name})
        return redirect("inventory:holders")
    return form_page(
        request,
        form,
        title=_("Stock location") if holder else _("New stock location"),
        section="holders",
        back_url=reverse("inventory:holders"),
    )


# Kits


@staff_permission("inventory.view_kit")
def kit_index(request):
    """Every event that is not over or cancelled, then the past ones, each with its kits and desk."""
    events = (
        Event.objects.exclude(status=EventStatus.CANCELLED)
        .annotate(kit_count=Count("kits", distinct=True))
        .prefetch_related("inventory_holders")
        .order_by("-start_at", "-pk")
    )
    now = timezone.now()
    # Past as everywhere else: ended, or marked finished early (events.services.has_taken_place).
    past, upcoming = [], []
    for event in events:
        (past if has_taken_place(event, now) else upcoming).append(event)
    return render(
        request,
        "inventory/kit_index.html",
        {"section": "kits", "upcoming": sorted(upcoming, key=lambda e: (e.start_at, e.pk)), "past": past},
    )


@staff_permission("inventory.view_kit")
def kit_list(request, slug):
    event = get_object_or_404(Event, slug=slug)
    items = ItemType.objects.all()
    form = forms.KitForm(request.POST or None, items=items)
    if request.method == "POST":
        if not request.user.has_perm("inventory.change_kit"):
            raise PermissionDenied
        if form.is_valid() and perform(
            request,
            lambda: services.set_kit(event=event, role=form.cleaned_data["role"], quantities=form.quantities()),
            form=form,
            success=lambda kit: _("The kit for %(role)s is saved.") % {"role": kit.get_role_display()},
        ):
            return redirect("inventory:kits", event.slug)
    return render(
        request,
        "inventory/kit_list.html",
        {
            "section": "kits",
            "event": event,
            "form": form,
            "kits": Kit.objects.filter(event=event).prefetch_related("items__item"),
            "desk": services.desk_for(event),
            "roles": Role.choices,
            "can_change": request.user.has_perm("inventory.change_kit"),
        },
    )


# Reports


@staff_permission("inventory.view_movement")
def report(request):
    return render(
        request,
        "inventory/report.html",
        {
            "section": "report",
            "items": selectors.item_report(),
            "events": selectors.event_report(),
            "differences": selectors.holder_differences(),
        },
    )


@staff_permission("inventory.view_movement")
def report_xlsx(request):
    header = [
        pgettext("inventory", "Item"),
        _("Received"),
        _("Transferred"),
        _("Handed out"),
        _("Returned in"),
        _("Returned out"),
        _("Written off"),
        _("On hand"),
        _("Expected by the ledger"),
        _("Difference"),
    ]
    rows = [
        [
            row.item.name,
            row.received,
            row.transferred,
            row.handed_out,
            row.returned_in,
            row.returned_out,
            row.written_off,
            row.on_hand,
            row.expected,
            row.difference,
        ]
        for row in selectors.item_report()
    ]
    content = to_xlsx([str(h) for h in header], rows, title=_("Inventory"))
    return download(
        content,
        "inventory-report.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )

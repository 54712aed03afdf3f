"""Item types, holders, the append-only ledger of movements and the balances it keeps."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.i18n import pick_translation
from core.uploads import RandomName, validate_image
from events.models import Event
from registration.models import Registration


class ImmutableError(Exception):
    """Raised when code tries to change or delete a row that the ledger must keep as it is."""


class Unit(models.TextChoices):
    PIECE = "pcs", pgettext_lazy("unit", "pcs")
    SET = "set", pgettext_lazy("unit", "set")
    PACK = "pack", pgettext_lazy("unit", "pack")


class ItemType(models.Model):
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices, default=Unit.PIECE)
    photo = models.ImageField(
        _("photo of the agreed design"),
        blank=True,
        validators=[validate_image],
        upload_to=RandomName("inventory/items", "photo"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("item type")
        verbose_name_plural = _("item types")
        ordering = ["name_kk", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["name_kk"],
                name="item_type_name_kk_unique",
                violation_error_message=_("An item with this Kazakh name already exists."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return pick_translation(self, "name")


class HolderKind(models.TextChoices):
    WAREHOUSE = "warehouse", _("Warehouse")
    DESK = "desk", _("Event handout desk")
    PERSON = "person", _("Person")


class Holder(models.Model):
    """Where units are: the warehouse, an event's handout desk, or a named person."""

    kind = models.CharField(_("kind"), max_length=10, choices=HolderKind.choices)
    name = models.CharField(_("name"), max_length=200)
    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inventory_holders",
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=250, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("holder")
        verbose_name_plural = _("holders")
        ordering = ["kind", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="desk") & Q(event__isnull=False)) | (~Q(kind="desk") & Q(event__isnull=True)),
                name="holder_desk_has_event",
                violation_error_message=_("A handout desk belongs to an event; other holders do not."),
            ),
            models.UniqueConstraint(
                fields=["event"],
                condition=Q(kind="desk"),
                name="one_desk_per_event",
                violation_error_message=_("This event already has a handout desk."),
            ),
        ]

    def __str__(self):
        return self.name


class MovementKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt from a supplier")
    TRANSFER = "transfer", _("Transfer")
    HANDOUT = "handout", pgettext_lazy("stock", "Handout")
    RETURN = "return", pgettext_lazy("stock", "Return")
    WRITEOFF = "writeoff", _("Write-off")


# Which holders each kind of movement (and of act) names: receipts come from outside,
# handouts and write-offs leave the ledger, transfers move between two different holders,
# and a return crosses the ledger's edge in either direction (a group brings units back, or
# units go back to the supplier).
_FROM_NONE, _FROM_SET = Q(from_holder__isnull=True), Q(from_holder__isnull=False)
_TO_NONE, _TO_SET = Q(to_holder__isnull=True), Q(to_holder__isnull=False)
HOLDERS_BY_KIND = (
    (Q(kind="receipt") & _FROM_NONE & _TO_SET)
    | (Q(kind="transfer") & _FROM_SET & _TO_SET & ~Q(from_holder=F("to_holder")))
    | (Q(kind="handout") & _FROM_SET & _TO_NONE)
    | (Q(kind="return") & ((_FROM_NONE & _TO_SET) | (_FROM_SET & _TO_NONE)))
    | (Q(kind="writeoff") & _FROM_SET & _TO_NONE)
)


class Movement(models.Model):
    """One line of the stock ledger. Never updated or deleted."""

    kind = models.CharField(_("kind"), max_length=10, choices=MovementKind.choices)
    item = models.ForeignKey(ItemType, verbose_name=_("item"), on_delete=models.PROTECT, related_name="movements")
    quantity = models.PositiveIntegerField(_("quantity"))
    from_holder = models.ForeignKey(
        Holder, verbose_name=_("from"), on_delete=models.PROTECT, null=True, blank=True, related_name="movements_out"
    )
    to_holder = models.ForeignKey(
        Holder, verbose_name=_("to"), on_delete=models.PROTECT, null=True, blank=True, related_name="movements_in"
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("attendee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handouts",
    )
    act = models.ForeignKey(
        "TransferAct", verbose_name=_("act"), on_delete=models.PROTECT, null=True, blank=True, related_name="movements"
    )
    supplier = models.CharField(_("supplier"), max_length=250, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True, db_index=True)
    # A kit handed out at the door: the device's reference (a retry is recognised by it) and, for
    # one queued offline, when it was handed out (before it was recorded).
    client_ref = models.CharField(_("client reference"), max_length=64, null=True, blank=True)
    handed_at = models.DateTimeField(_("handed out at"), null=True, blank=True)

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        ordering = ["-created_at", "-pk"]
        permissions = [("hand_out_kit", _("Can hand out kits at the door"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="movement_quantity_positive",
                violation_error_message=_("The quantity must be greater than zero."),
            ),
            models.CheckConstraint(
                condition=HOLDERS_BY_KIND,
                name="movement_holders_match_kind",
                violation_error_message=_("The holders do not match the kind of movement."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="writeoff") | ~Q(reason=""),
                name="writeoff_has_reason",
                violation_error_message=_("Say why the units are written off."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="handout") | Q(registration__isnull=False) | Q(act__isnull=False),
                name="handout_has_recipient",
                violation_error_message=_("A handout goes to an attendee or is recorded with an act."),
            ),
            models.CheckConstraint(
                condition=Q(registration__isnull=True) | Q(kind="handout"), name="only_handouts_name_an_attendee"
            ),
            models.UniqueConstraint(
                fields=["registration", "item"],
                condition=Q(registration__isnull=False),
                name="one_kit_handout_per_item",
                violation_error_message=_("This attendee already received this item."),
            ),
            models.UniqueConstraint(
                fields=["client_ref", "item"], condition=Q(client_ref__isnull=False), name="one_movement_per_client_ref"
            ),
        ]
        indexes = [models.Index(fields=["item", "kind"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.item_id} × {self.quantity}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableError("A stock movement is never changed; record a correcting movement instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("A stock movement is never deleted; record a correcting movement instead.")


class StockBalance(models.Model):
    """Units of one item at one holder, kept by the services together with each movement."""

    item = models.ForeignKey(ItemType, verbose_name=_("item"), on_delete=models.PROTECT, related_name="balances")
    holder = models.ForeignKey(Holder, verbose_name=_("holder"), on_delete=models.PROTECT, related_name="balances")
    quantity = models.IntegerField(_("on hand"), default=0)

    class Meta:
        verbose_name = _("stock balance")
        verbose_name_plural = _("stock balances")
        ordering = ["item", "holder"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=0),
                name="stock_not_negative",
                violation_error_message=_("Stock cannot go below zero."),
            ),
            models.UniqueConstraint(fields=["item", "holder"], name="one_balance_per_item_and_holder"),
        ]

    def __str__(self):
        return f"{self.item_id}@{self.holder_id}: {self.quantity}"

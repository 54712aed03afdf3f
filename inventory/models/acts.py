"""Acceptance–transfer acts (қабылдау-табыстау актісі): drafts, signed acts, counter-acts, lines."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.uploads import RandomName, private_storage

from .stock import _FROM_NONE, _FROM_SET, _TO_NONE, _TO_SET, Holder, ImmutableError, ItemType


class ActKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt from a supplier")
    TRANSFER = "transfer", _("Transfer between holders")
    HANDOUT = "handout", _("Handout to a group")
    RETURN = "return", _("Return")


class ActStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")


class ActLanguage(models.TextChoices):
    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")


class TransferAct(models.Model):
    """An acceptance–transfer act (қабылдау-табыстау актісі). A draft gets its number, content
    hash and the movements of its lines when both parties sign; from then on it never changes."""

    kind = models.CharField(_("kind"), max_length=10, choices=ActKind.choices)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    date = models.DateField(_("date"))
    from_holder = models.ForeignKey(
        Holder, verbose_name=_("from"), on_delete=models.PROTECT, null=True, blank=True, related_name="acts_out"
    )
    to_holder = models.ForeignKey(
        Holder, verbose_name=_("to"), on_delete=models.PROTECT, null=True, blank=True, related_name="acts_in"
    )
    giver_name = models.CharField(_("giver's full name"), max_length=200)
    giver_position = models.CharField(_("giver's position"), max_length=200, blank=True)
    giver_organisation = models.CharField(_("giver's organisation"), max_length=250, blank=True)
    receiver_name = models.CharField(_("receiver's full name"), max_length=200)
    receiver_position = models.CharField(_("receiver's position"), max_length=200, blank=True)
    receiver_organisation = models.CharField(_("receiver's organisation"), max_length=250, blank=True)
    basis = models.CharField(_("basis (contract number)"), max_length=250, blank=True)
    language = models.CharField(
        _("language of the act"), max_length=2, choices=ActLanguage.choices, default=ActLanguage.KAZAKH
    )
    status = models.CharField(_("status"), max_length=8, choices=ActStatus.choices, default=ActStatus.DRAFT)
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64, blank=True)
    giver_signature = models.FileField(
        _("giver's signature"),
        blank=True,
        storage=private_storage,
        upload_to=RandomName("inventory/signatures", "giver_signature"),
    )
    receiver_signature = models.FileField(
        _("receiver's signature"),
        blank=True,
        storage=private_storage,
        upload_to=RandomName("inventory/signatures", "receiver_signature"),
    )
    counter_act_of = models.OneToOneField(
        "self",
        verbose_name=_("counter-act of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="counter_act",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("acceptance–transfer act")
        verbose_name_plural = _("acceptance–transfer acts")
        ordering = ["-date", "-pk"]
        permissions = [("sign_transferact", _("Can sign acceptance–transfer acts"))]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="act_number_unique_per_year"),
            models.CheckConstraint(
                condition=(Q(kind="receipt") & _FROM_NONE & _TO_SET)
                | (Q(kind="transfer") & _FROM_SET & _TO_SET & ~Q(from_holder=F("to_holder")))
                | (Q(kind="handout") & _FROM_SET & _TO_NONE)
                | (Q(kind="return") & ((_FROM_NONE & _TO_SET) | (_FROM_SET & _TO_NONE))),
                name="act_holders_match_kind",
                violation_error_message=_("The holders do not match the kind of act."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft", number__isnull=True, year__isnull=True, content_hash="")
                | (
                    Q(status="signed", number__isnull=False, year__isnull=False, signed_at__isnull=False)
                    & ~Q(content_hash="")
                    & ~Q(giver_signature="")
                    & ~Q(receiver_signature="")
                ),
                name="signed_act_is_complete",
                violation_error_message=_("A signed act has a number, a hash and both signatures."),
            ),
        ]

    def __str__(self):
        if self.number:
            return _("Act No. %(number)s/%(year)s") % {"number": self.number, "year": self.year}
        return _("Draft act (%(date)s)") % {"date": self.date}

    def save(self, *args, **kwargs):
        # A signed act is final: the services sign a draft once, and nothing may touch it after.
        if not self._state.adding and TransferAct.objects.filter(pk=self.pk, status=ActStatus.SIGNED).exists():
            raise ImmutableError("A signed act never changes; make a counter-act instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.pk and TransferAct.objects.filter(pk=self.pk, status=ActStatus.SIGNED).exists():
            raise ImmutableError("A signed act is never deleted; make a counter-act instead.")
        return super().delete(*args, **kwargs)

    @property
    def is_signed(self) -> bool:
        return self.status == ActStatus.SIGNED


class ActCounter(models.Model):
    """The last act number given in a year; its row is locked while a number is taken."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("act counter")
        verbose_name_plural = _("act counters")

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class ActLine(models.Model):
    act = models.ForeignKey(TransferAct, verbose_name=_("act"), on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(ItemType, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        verbose_name = _("act line")
        verbose_name_plural = _("act lines")
        ordering = ["act", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="act_line_quantity_positive",
                violation_error_message=_("The quantity must be greater than zero."),
            ),
            models.UniqueConstraint(
                fields=["act", "item"],
                name="one_line_per_item_in_act",
                violation_error_message=_("Each item appears once in an act."),
            ),
        ]

    def __str__(self):
        return f"{self.item_id} × {self.quantity}"

    def save(self, *args, **kwargs):
        if TransferAct.objects.filter(pk=self.act_id, status=ActStatus.SIGNED).exists():
            raise ImmutableError("The lines of a signed act never change.")
        super().save(*args, **kwargs)

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.uploads import private_storage
from registration.models import Registration


def new_verify_code() -> str:
    """32 URL-safe characters from 24 random bytes: 192 bits, for the public /verify/<code> page."""
    return secrets.token_urlsafe(24)


class CertificateKind(models.TextChoices):
    CERTIFICATE = "certificate", _("Certificate of participation")
    THANKS = "thanks", _("Letter of thanks")


class Certificate(models.Model):
    """The one certificate (or, for a speaker, letter of thanks) of an attendee who came."""

    registration = models.OneToOneField(
        Registration, verbose_name=_("registration"), on_delete=models.PROTECT, related_name="certificate"
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=CertificateKind.choices, default=CertificateKind.CERTIFICATE
    )
    verify_code = models.CharField(
        _("verification code"), max_length=64, unique=True, default=new_verify_code, editable=False
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="kk")
    file = models.FileField(_("file"), storage=private_storage, upload_to="certificates/", blank=True)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        # The model moved here from registration; its table and rows stayed (migration 0001).
        db_table = "registration_certificate"
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["issued_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.registration.full_name}"

    def get_absolute_url(self):
        return reverse("documents:verify", kwargs={"code": self.verify_code})

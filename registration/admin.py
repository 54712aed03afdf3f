"""The admin is for looking things up and correcting a typo. Every change that carries a rule
(status, capacity, check-in, undo) goes through the organiser pages and their services, so
those fields are read-only here and check-ins and scans cannot be edited at all."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import CheckIn, Registration, ScanLog


class CheckInInline(admin.TabularInline):
    model = CheckIn
    fields = ["checked_in_at", "checked_in_by", "manual", "device", "undone_at", "undone_by", "undo_reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["full_name", "event", "role", "status", "source", "phone", "email", "created_at"]
    list_filter = ["status", "role", "source", "district", "event"]
    search_fields = ["full_name", "name_search", "phone", "email", "organisation", "code"]
    list_select_related = ["event"]
    date_hierarchy = "created_at"
    fields = [
        "event",
        "code",
        "full_name",
        "phone",
        "email",
        "organisation",
        "age",
        "district",
        "role",
        "status",
        "source",
        "language",
        "consent_text",
        "consent_at",
        "created_at",
        "created_by",
        "cancelled_at",
        "promoted_at",
        "reminder_sent_at",
    ]
    readonly_fields = [
        "event",
        "code",
        "role",
        "status",
        "source",
        "consent_text",
        "consent_at",
        "created_at",
        "created_by",
        "cancelled_at",
        "promoted_at",
        "reminder_sent_at",
    ]
    inlines = [CheckInInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CheckIn)
class CheckInAdmin(ReadOnlyAdmin):
    list_display = ["registration", "checked_in_at", "checked_in_by", "manual", "device", "undone_at", "undo_reason"]
    list_filter = ["manual", ("undone_at", admin.EmptyFieldListFilter), "registration__event"]
    search_fields = ["registration__full_name", "registration__phone", "registration__code"]
    list_select_related = ["registration__event", "checked_in_by"]
    date_hierarchy = "checked_in_at"


@admin.register(ScanLog)
class ScanLogAdmin(ReadOnlyAdmin):
    list_display = ["scanned_at", "event", "result", "code", "registration", "scanned_by", "device"]
    list_filter = ["result", "event"]
    search_fields = ["code", "registration__full_name", "device"]
    list_select_related = ["event", "registration__event", "scanned_by"]
    date_hierarchy = "scanned_at"

"""Organisers edit a grant's plan here (or enter another grant's plan): plan → tasks →
activities → indicators, each with the next level inline, and the values entered by hand.

A value entered by hand is added here under the rules of `services.record_manual_value` and
never changed afterwards (a correction is a newer value, so who entered what and when stays)."""

from django import forms
from django.contrib import admin

from core.admin import HTTPS_LINKS
from core.errors import DomainError

from . import services
from .models import ActFiling, Activity, EvidenceFiling, GrantItem, GrantPlan, Indicator, ManualValue, Task


class TaskInline(admin.TabularInline):
    model = Task
    extra = 0
    fields = ["number", "title_kk", "title_ru", "title_en", "order"]
    show_change_link = True


@admin.register(GrantPlan)
class GrantPlanAdmin(admin.ModelAdmin):
    list_display = ["name", "grantee", "starts_on", "ends_on", "is_active"]
    list_filter = ["is_active"]
    inlines = [TaskInline]


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    fields = ["code", "title_kk", "title_ru", "title_en", "planned_events", "timing", "order"]
    show_change_link = True


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["number", "title_kk", "plan"]
    list_filter = ["plan"]
    inlines = [ActivityInline]


class IndicatorInline(admin.StackedInline):
    model = Indicator
    extra = 0
    fields = [
        "code",
        "title_kk",
        "title_ru",
        "title_en",
        "target",
        "target_second",
        "unit",
        "scope",
        "event_kind",
        "source",
        "source_param",
        "second_param",
        "place",
        "approved_only",
        "note_kk",
        "note_ru",
        "note_en",
        "order",
    ]
    show_change_link = True


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["code", "title_kk", "task"]
    list_filter = ["task__plan"]
    inlines = [IndicatorInline]

    def save_formset(self, request, form, formset, change):
        # An indicator belongs to the plan of its activity; the inline does not ask for it.
        for indicator in formset.save(commit=False):
            indicator.plan = form.instance.task.plan
            indicator.save()
        for obj in formset.deleted_objects:
            obj.delete()


class ManualValueAdminForm(forms.ModelForm):
    """Checks a new value as `services.record_manual_value` does (inline, the indicator is the page's)."""

    def clean(self):
        cleaned = super().clean()
        indicator, value = cleaned.get("indicator"), cleaned.get("value")
        if self.instance._state.adding and indicator is not None and value is not None:
            try:
                services.check_manual_value(indicator=indicator, value=value, event=cleaned.get("event"))
            except DomainError as error:
                field = error.field if error.field in self.fields else None
                self.add_error(field, forms.ValidationError(error.message, code=error.code))
        return cleaned


class NeverChanged:
    """Values are added and deleted here, never changed: existing ones are shown read-only."""

    def has_change_permission(self, request, obj=None):
        return False


class ManualValueInline(NeverChanged, admin.TabularInline):
    model = ManualValue
    form = ManualValueAdminForm
    formfield_overrides = HTTPS_LINKS
    extra = 0
    fields = ["event", "value", "note", "evidence_url", "evidence_file", "entered_by", "entered_at"]
    readonly_fields = ["entered_by", "entered_at"]


class GrantItemInline(admin.TabularInline):
    model = GrantItem
    extra = 0
    fields = ["code", "name_kk", "name_ru", "name_en", "item_types", "order"]
    filter_horizontal = ["item_types"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "title_kk", "target", "unit", "scope", "event_kind", "source", "source_param", "place"]
    list_filter = ["plan", "source", "scope", "event_kind", "place"]
    search_fields = ["code", "title_kk", "title_ru", "title_en"]
    inlines = [GrantItemInline, ManualValueInline]

    def save_formset(self, request, form, formset, change):
        for value in formset.save(commit=False):
            if value.entered_by_id is None:
                value.entered_by = request.user
            value.save()
        for obj in formset.deleted_objects:
            obj.delete()


@admin.register(ManualValue)
class ManualValueAdmin(NeverChanged, admin.ModelAdmin):
    form = ManualValueAdminForm
    formfield_overrides = HTTPS_LINKS
    list_display = ["indicator", "event", "value", "entered_by", "entered_at"]
    list_filter = ["indicator__plan"]
    readonly_fields = ["entered_by", "entered_at"]
    autocomplete_fields = ["indicator"]

    def save_model(self, request, obj, form, change):
        if obj.entered_by_id is None:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(EvidenceFiling)
class EvidenceFilingAdmin(admin.ModelAdmin):
    list_display = ["indicator", "item", "filed_by", "filed_at"]
    list_filter = ["indicator__plan"]
    readonly_fields = ["filed_by", "filed_at"]
    raw_id_fields = ["item"]
    autocomplete_fields = ["indicator"]

    def save_model(self, request, obj, form, change):
        if obj.filed_by_id is None:
            obj.filed_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ActFiling)
class ActFilingAdmin(EvidenceFilingAdmin):
    list_display = ["indicator", "act", "filed_by", "filed_at"]
    raw_id_fields = ["act"]

from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget

from core.admin import HTTPS_LINKS

from .forms import PrivateFileLinkMixin
from .models import AgendaItem, Event, Speaker, Talk, Venue


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_LINKS
    list_display = ["name", "address", "city"]
    list_filter = ["city"]
    search_fields = ["name", "address"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    fields = ["starts_at", "ends_at", "title_kk", "title_ru", "title_en", "talk"]
    extra = 0


class TalkInline(admin.TabularInline):
    model = Talk
    fields = ["title_kk", "title_ru", "title_en", "speaker", "slides"]
    autocomplete_fields = ["speaker"]
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title_kk", "slug", "kind", "status", "start_at", "venue", "capacity"]
    list_filter = ["status", "kind", "venue"]
    search_fields = ["slug", "title_kk", "title_ru", "title_en"]
    date_hierarchy = "start_at"
    list_select_related = ["venue"]
    prepopulated_fields = {"slug": ["title_en"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [TalkInline, AgendaItemInline]


class PrivateAdminFileWidget(PrivateFileLinkMixin, AdminFileWidget):
    pass


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["full_name", "organisation", "position", "approval", "approved_on"]
    list_filter = ["approval"]
    search_fields = ["full_name", "organisation", "email", "phone"]
    readonly_fields = ["created_at"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # CVs and diplomas live in private storage: link them through the organisers' download view.
        if db_field.name in ("cv", "diploma"):
            kwargs["widget"] = PrivateAdminFileWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Talk)
class TalkAdmin(admin.ModelAdmin):
    list_display = ["title_kk", "speaker", "event"]
    list_filter = ["event"]
    search_fields = ["title_kk", "title_ru", "title_en", "speaker__full_name", "event__title_kk"]
    list_select_related = ["speaker", "event"]
    autocomplete_fields = ["speaker"]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["title_kk", "event", "starts_at", "ends_at", "talk"]
    list_filter = ["event"]
    search_fields = ["title_kk", "title_ru", "title_en", "event__title_kk"]
    list_select_related = ["event", "talk"]
    filter_horizontal = ["speakers"]
    raw_id_fields = ["talk"]

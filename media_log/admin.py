from django.contrib import admin

from core.admin import HTTPS_LINKS

from .models import Feedback, MediaItem


@admin.register(MediaItem)
class MediaItemAdmin(admin.ModelAdmin):
    """Text fields and approval may be corrected here; files are added only through the
    organisers' page, where the service checks their content and makes thumbnails."""

    formfield_overrides = HTTPS_LINKS

    list_display = ["title", "kind", "event", "date", "approval", "approved_on", "created_by", "created_at"]
    list_filter = ["kind", "approval", "platform", "event__kind"]
    search_fields = ["title", "description", "outlet", "street", "url"]
    date_hierarchy = "date"
    list_select_related = ["event", "created_by"]
    autocomplete_fields = ["event"]
    readonly_fields = ["file", "private_file", "thumbnail", "created_by", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["registration", "rating", "created_at"]
    list_filter = ["rating", "registration__event"]
    list_select_related = ["registration"]
    readonly_fields = ["registration", "rating", "comment", "created_at"]

    def has_add_permission(self, request):
        return False

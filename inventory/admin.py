"""The admin is for looking things up. Movements, balances and acts change only through the
services (the ledger is append-only and a signed act is final), so they are read-only here."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Holder, ItemType, Kit, KitItem, Movement, StockBalance, TransferAct


@admin.register(ItemType)
class ItemTypeAdmin(admin.ModelAdmin):
    list_display = ["name_kk", "name_ru", "unit"]


@admin.register(Holder)
class HolderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "event"]
    list_filter = ["kind"]


class KitItemInline(admin.TabularInline):
    model = KitItem
    extra = 0


@admin.register(Kit)
class KitAdmin(admin.ModelAdmin):
    list_display = ["event", "role"]
    inlines = [KitItemInline]


@admin.register(Movement)
class MovementAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "item", "quantity", "from_holder", "to_holder", "registration", "act"]
    list_filter = ["kind", "item"]


@admin.register(StockBalance)
class StockBalanceAdmin(ReadOnlyAdmin):
    list_display = ["item", "holder", "quantity"]


@admin.register(TransferAct)
class TransferActAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "date", "kind", "status", "giver_name", "receiver_name"]
    list_filter = ["status", "kind"]

from django.urls import path

from . import act_views, views

app_name = "inventory"

urlpatterns = [
    path("", views.stock, name="stock"),
    path("movements/", views.movement_list, name="movements"),
    path("movements/<str:kind>/", views.movement_create, name="movement_create"),
    path("items/", views.item_list, name="items"),
    path("items/new/", views.item_create, name="item_create"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("holders/", views.holder_list, name="holders"),
    path("holders/new/", views.holder_create, name="holder_create"),
    path("holders/<int:pk>/edit/", views.holder_edit, name="holder_edit"),
    path("acts/", act_views.act_list, name="acts"),
    path("acts/new/", act_views.act_create, name="act_create"),
    path("acts/<int:pk>/", act_views.act_detail, name="act_detail"),
    path("acts/<int:pk>/edit/", act_views.act_edit, name="act_edit"),
    path("acts/<int:pk>/sign/", act_views.act_sign, name="act_sign"),
    path("acts/<int:pk>/counter/", act_views.act_counter, name="act_counter"),
    path("acts/<int:pk>/discard/", act_views.act_discard, name="act_discard"),
    path("acts/<int:pk>/act.pdf", act_views.act_pdf, name="act_pdf"),
    path("acts/<int:pk>/signature/<str:party>.png", act_views.act_signature, name="act_signature"),
    path("kits/", views.kit_index, name="kit_index"),
    path("kits/<slug:slug>/", views.kit_list, name="kits"),
    path("report/", views.report, name="report"),
    path("report.xlsx", views.report_xlsx, name="report_xlsx"),
]

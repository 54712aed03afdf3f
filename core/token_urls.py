from django.urls import path

from . import token_views

app_name = "tokens"

urlpatterns = [
    path("", token_views.token_list, name="list"),
    path("new", token_views.token_issue, name="issue"),
    path("<int:pk>/revoke", token_views.token_revoke, name="revoke"),
]

"""Device tokens under /manage/tokens/: the list, issuing one (its secret is shown once) and
revoking one (confirmed on the list, then POST). Reading needs `core.view_apitoken`; issuing
and revoking `core.add_apitoken` (whoever may hand out a device's token may take it back)."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .auth import staff_permission
from .forms import TokenForm
from .http import perform
from .models import ApiToken, hash_token
from .services import issue_api_token, revoke_api_token

PAGE_SIZE = 50


def _list_page(request, form, status=200):
    tokens = ApiToken.objects.select_related("user").order_by("-created_at", "-pk")
    return render(
        request,
        "core/tokens.html",
        {"section": "tokens", "page": Paginator(tokens, PAGE_SIZE).get_page(request.GET.get("page")), "form": form},
        status=status,
    )


@staff_permission("core.view_apitoken")
def token_list(request):
    return _list_page(request, TokenForm() if request.user.has_perm("core.add_apitoken") else None)


@never_cache
@staff_permission("core.add_apitoken")
@require_POST
def token_issue(request):
    """Issue a token and show it once; only its hash is stored, so it cannot be shown again."""
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _list_page(request, form, status=422)
    data = form.cleaned_data
    outcome = perform(
        request,
        lambda: issue_api_token(username=data["user"].username, device=data["device"], days=data["days"]),
        form=form,
    )
    if not outcome:
        return _list_page(request, form, status=422)
    token = ApiToken.objects.select_related("user").get(key_hash=hash_token(outcome.value))
    return render(request, "core/tokens_issued.html", {"section": "tokens", "raw": outcome.value, "token": token})


@staff_permission("core.add_apitoken")
@require_POST
def token_revoke(request, pk):
    """Revoke a token at once: the device's next request is refused."""
    token = get_object_or_404(ApiToken.objects.select_related("user"), pk=pk)
    perform(
        request,
        lambda: revoke_api_token(token=token),
        success=lambda revoked: (
            _("The token %(prefix)s… of %(device)s is revoked: the device can no longer sign in with it.")
            % {"prefix": token.prefix, "device": token.name or token.user.username}
            if revoked
            else _("This token was already revoked.")
        ),
    )
    return redirect("tokens:list")

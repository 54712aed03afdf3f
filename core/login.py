"""Login throttling: wrong passwords are counted per username and per client address.

After LOGIN_FAILURES_PER_USERNAME failures for one username, or LOGIN_FAILURES_PER_IP from one
address, within LOGIN_LOCKOUT_SECONDS, every further attempt is refused until that window
ends, even one with the right password, so guessing gains nothing. A successful login clears
its username's count. The counts live in the shared cache (Redis in production), like the
rate limits of `core.ratelimit`; that module's `allow` counts and decides in one step, while a
lockout must look before the password is checked and forget on success, hence this small
counter. If the cache is down, logins go on unthrottled rather than locking everybody out.
"""

import hashlib
import logging

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from .ratelimit import client_ip

logger = logging.getLogger(__name__)

THROTTLED = "throttled"


class LoginThrottle:
    """The failure counts of one login attempt: its username's and its client address's."""

    def __init__(self, *, username: str, ip: str | None):
        name = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
        self.keys = {f"login-fail:user:{name}": settings.LOGIN_FAILURES_PER_USERNAME}
        if ip:
            self.keys[f"login-fail:ip:{ip}"] = settings.LOGIN_FAILURES_PER_IP
        self.username_key = next(iter(self.keys))

    def locked(self) -> bool:
        """True when the username or the address has used up its failures in this window."""
        try:
            counts = cache.get_many(list(self.keys))
        except Exception:  # noqa: BLE001 - a cache outage must not lock everybody out
            logger.warning("Login throttle unavailable: the cache does not answer", exc_info=True)
            return False
        return any(0 < limit <= counts.get(key, 0) for key, limit in self.keys.items())

    def failed(self) -> None:
        """Count one failure; the first failure of a window starts it."""
        for key in self.keys:
            try:
                # `add` starts the window only once; later failures count within it.
                cache.add(key, 0, timeout=settings.LOGIN_LOCKOUT_SECONDS)
                cache.incr(key)
            except ValueError:
                # The window ended between add and incr: this failure opens the next one.
                cache.set(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS)
            except Exception:  # noqa: BLE001
                logger.warning("Login throttle unavailable: the cache does not answer", exc_info=True)

    def succeeded(self) -> None:
        """Forget the username's failures (the address's stay: they may be someone else's)."""
        try:
            cache.delete(self.username_key)
        except Exception:  # noqa: BLE001
            logger.warning("Login throttle unavailable: the cache does not answer", exc_info=True)


class ThrottledLoginMixin:
    """For an AuthenticationForm: refuse a locked-out username or address before the password
    is checked, count a failure, and clear the username's count on success."""

    throttle_message = _("Too many failed attempts. Wait %(minutes)s minutes and try again.")

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return super().clean()
        request = getattr(self, "request", None)
        throttle = LoginThrottle(username=username, ip=client_ip(request) if request is not None else None)
        if throttle.locked():
            minutes = max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)
            raise forms.ValidationError(self.throttle_message, code=THROTTLED, params={"minutes": minutes})
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.failed()
            raise
        throttle.succeeded()
        return cleaned

    @property
    def throttled(self) -> bool:
        return any(error.code == THROTTLED for error in self.errors.as_data().get(NON_FIELD_ERRORS, []))


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


class ThrottledLoginView(LoginView):
    """The site's login page; a throttled attempt answers 429 with the form and the reason."""

    form_class = ThrottledAuthenticationForm
    template_name = "core/login.html"

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.throttled:
            response.status_code = 429
        return response

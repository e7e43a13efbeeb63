from django.shortcuts import redirect
from django.urls import reverse

from chibo.organizations.access import needs_second_factor

_OPEN_PREFIXES = ("/tai-khoan/", "/static/", "/healthz", "/i18n/", "/api/")


class SecondFactorMiddleware:
    """Office staff and administrators pass a TOTP second factor before any page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and not user.is_verified()
            and needs_second_factor(user)
        ):
            return redirect(f"{reverse('accounts:second_factor')}?next={request.get_full_path()}")
        return self.get_response(request)

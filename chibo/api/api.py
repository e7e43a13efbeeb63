"""The API under /api/v1: OpenAPI at /api/v1/openapi.json, bearer tokens issued per user."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from chibo.api.meetings import router as meetings_router
from chibo.api.members import router as members_router
from chibo.api.models import ApiToken, token_digest
from chibo.api.organizations import router as organizations_router
from chibo.api.votes import router as votes_router
from chibo.api.work import router as work_router


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        row = (
            ApiToken.objects.select_related("user")
            .filter(digest=token_digest(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if row is None:
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        request.user = row.user
        return row.user


api = NinjaAPI(
    title="Chi bộ số API",
    version="1",
    urls_namespace="api",
    auth=BearerToken(),
    description="API của Chi bộ số. Xác thực bằng mã truy cập: tiêu đề `Authorization: Bearer <mã>`.",
)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Không tìm thấy.")}, status=404)


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    return api.create_response(request, {"detail": _("Cần mã truy cập hợp lệ.")}, status=401)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": _("Dữ liệu không hợp lệ."), "errors": errors}, status=422)


@api.exception_handler(NinjaValidationError)
def invalid_schema(request, exc):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(p) for p in error.get("loc", [])[1:]]
        # Drop the body parameter's name, so that fields are named as the services name them.
        if location and location[0] == "payload":
            location = location[1:]
        field = ".".join(location) or "__all__"
        errors.setdefault(field, []).append(
            _("Giá trị không hợp lệ: %(msg)s") % {"msg": error.get("msg", "")}
        )
    return api.create_response(request, {"detail": _("Dữ liệu không hợp lệ."), "errors": errors}, status=422)


api.add_router("/organizations", organizations_router)
api.add_router("/members", members_router)
api.add_router("/meetings", meetings_router)
api.add_router("/work", work_router)
api.add_router("/votes", votes_router)

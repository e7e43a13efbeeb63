from django.urls import reverse
from django.utils.translation import gettext as _

from chibo.organizations.access import Action, allowed, roles_of, units_for


def navigation(request):
    """The menu by role: only what the user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [(_("Trang chủ"), reverse("home"))]
    if units_for(user, Action.VIEW_UNIT):
        items.append((_("Tổ chức đảng"), reverse("organizations:tree")))
    if units_for(user, Action.VIEW_AUDIT):
        items.append((_("Nhật ký thao tác"), reverse("organizations:audit")))
    items.append((_("Bộ quy tắc"), reverse("rulesets:list")))
    if allowed(user, Action.MANAGE_GRANTS) or units_for(user, Action.MANAGE_GRANTS):
        items.append((_("Phân quyền"), reverse("organizations:grants")))
    return {"nav_items": items, "nav_roles": sorted(roles_of(user))}

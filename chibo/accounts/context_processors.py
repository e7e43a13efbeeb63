from django.urls import reverse
from django.utils.translation import gettext as _

from chibo.organizations.access import Action, allowed, roles_of, units_for


def navigation(request):
    """The menu by role: only what the user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [(_("Trang chủ"), reverse("home"))]
    # The member's own pages: no query here; each page finds the register record linked to the account.
    items.append((_("Hồ sơ của tôi"), reverse("members:mine")))
    items.append((_("Thông báo của tôi"), reverse("meetings:my_notices")))
    items.append((_("Lượt nhiệm vụ của tôi"), reverse("meetings:my_turns")))
    items.append((_("Nhiệm vụ của tôi"), reverse("work:mine")))
    items.append((_("Sổ tay đảng viên"), reverse("work:notebook")))
    items.append((_("Tự đánh giá, xếp loại"), reverse("work:quality_mine")))
    items.append((_("Học tập và làm theo Bác"), reverse("campaign:home")))
    items.append((_("Biểu quyết của tôi"), reverse("votes:mine")))
    items.append((_("Lịch trên điện thoại"), reverse("meetings:feed_links")))
    if units_for(user, Action.VIEW_UNIT):
        items.append((_("Tổ chức đảng"), reverse("organizations:tree")))
        items.append((_("Tổng hợp sinh hoạt chi bộ"), reverse("meetings:compliance")))
        items.append((_("Sinh hoạt chuyên đề"), reverse("topics:compliance")))
        items.append((_("Thi đua, khen thưởng"), reverse("emulation:home")))
    if units_for(user, Action.EVALUATE_MEETINGS):
        items.append((_("Lịch dự sinh hoạt chuyên đề"), reverse("topics:schedule")))
    if units_for(user, Action.VIEW_MEMBERS):
        items.append((_("Sổ đảng viên"), reverse("members:list")))
        items.append((_("Đảng viên dự bị"), reverse("members:probation")))
        items.append((_("Huy hiệu Đảng"), reverse("members:badges_due")))
        items.append((_("Xếp loại nhiều năm liền"), reverse("work:quality_streaks")))
        items.append((_("Khen thưởng"), reverse("awards:home")))
    if units_for(user, Action.EDIT_MEMBERS):
        items.append((_("Nhập sổ đảng viên"), reverse("members:import")))
    if units_for(user, Action.VIEW_AUDIT):
        items.append((_("Nhật ký thao tác"), reverse("organizations:audit")))
    if units_for(user, Action.MANAGE_GRANTS):
        items.append((_("Phân quyền"), reverse("organizations:grants")))
    items.append((_("Bộ quy tắc"), reverse("rulesets:list")))
    return {
        "nav_items": items,
        "nav_roles": sorted(roles_of(user)),
        "can_manage_rulesets": allowed(user, Action.MANAGE_RULESETS),
    }

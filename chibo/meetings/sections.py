"""The order of business of a cell meeting (DOMAIN.md "Cell meetings"): each section is a field of the minutes."""

from django.utils.translation import gettext_lazy as _

SECTIONS = [
    ("fees", _("Thu đảng phí")),
    ("attendance", _("Báo cáo tình hình đảng viên dự họp")),
    ("agenda", _("Thông qua chương trình, cử thư ký")),
    ("news", _("Thông tin thời sự, chủ trương, chính sách")),
    ("review", _("Kiểm điểm lãnh đạo thực hiện nhiệm vụ tháng")),
    ("ho_chi_minh", _("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")),
    ("next_tasks", _("Phương hướng, nhiệm vụ tháng tới")),
    ("discussion", _("Thảo luận")),
    ("conclusion", _("Kết luận của chủ trì")),
    ("resolution", _("Nghị quyết")),
]
SECTION_KEYS = [key for key, _label in SECTIONS]
# Beyond the text sections: speakers [{"name", "gist"}], the vote on the resolution {"yes", "no", "abstain"},
# tasks for members [{"title", "assignee", "deadline"}].
EXTRA_KEYS = ["speakers", "vote", "tasks"]

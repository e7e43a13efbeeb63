from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chibo.core.text import fold, name_sort_key


class Member(models.Model):
    """Đảng viên. Keyed by citizen ID (CCCD), the key shared with the national member database."""

    class Sex(models.TextChoices):
        MALE = "male", _("Nam")
        FEMALE = "female", _("Nữ")

    class Status(models.TextChoices):
        PROBATIONARY = "probationary", _("Dự bị")
        FULL = "full", _("Chính thức")
        EXEMPT = "exempt", _("Miễn công tác và sinh hoạt đảng")
        TEMPORARY_ELSEWHERE = "temporary_elsewhere", _("Sinh hoạt tạm thời nơi khác")
        TRANSFERRED_OUT = "transferred_out", _("Đã chuyển sinh hoạt đi")
        DECEASED = "deceased", _("Từ trần")
        REMOVED = "removed", _("Xóa tên")
        EXPELLED = "expelled", _("Khai trừ")

    class Education(models.TextChoices):
        NONE = "", _("Chưa ghi")
        UPPER_SECONDARY = "upper_secondary", _("Trung học phổ thông")
        VOCATIONAL = "vocational", _("Trung cấp")
        COLLEGE = "college", _("Cao đẳng")
        UNIVERSITY = "university", _("Đại học")
        MASTER = "master", _("Thạc sĩ")
        DOCTOR = "doctor", _("Tiến sĩ")

    class Theory(models.TextChoices):
        NONE = "", _("Chưa qua đào tạo")
        ELEMENTARY = "elementary", _("Sơ cấp")
        INTERMEDIATE = "intermediate", _("Trung cấp")
        ADVANCED = "advanced", _("Cao cấp")
        BACHELOR = "bachelor", _("Cử nhân")

    ACTIVE_STATUSES = (Status.PROBATIONARY, Status.FULL, Status.EXEMPT, Status.TEMPORARY_ELSEWHERE)

    citizen_id = models.CharField(_("Số CCCD"), max_length=12, unique=True)
    full_name = models.CharField(_("Họ và tên"), max_length=255)
    sex = models.CharField(_("Giới tính"), max_length=8, choices=Sex.choices)
    born_on = models.DateField(_("Ngày sinh"))
    ethnicity = models.CharField(_("Dân tộc"), max_length=64, blank=True, default="Kinh")
    religion = models.CharField(_("Tôn giáo"), max_length=64, blank=True, default="Không")
    hometown = models.CharField(_("Quê quán"), max_length=255, blank=True)
    residence = models.CharField(_("Nơi cư trú"), max_length=255, blank=True)
    job = models.CharField(_("Nghề nghiệp"), max_length=255, blank=True)
    position = models.CharField(_("Chức vụ chính quyền, đoàn thể"), max_length=255, blank=True)
    education = models.CharField(
        _("Trình độ chuyên môn"), max_length=32, choices=Education.choices, blank=True
    )
    political_theory = models.CharField(
        _("Lý luận chính trị"), max_length=32, choices=Theory.choices, blank=True
    )
    card_number = models.CharField(_("Số thẻ đảng viên"), max_length=32, blank=True)
    admitted_on = models.DateField(_("Ngày vào Đảng (quyết định kết nạp)"))
    ceremony_on = models.DateField(_("Ngày kết nạp (lễ)"), null=True, blank=True)
    full_on = models.DateField(_("Ngày chính thức"), null=True, blank=True)
    status = models.CharField(
        _("Tình trạng"), max_length=32, choices=Status.choices, default=Status.PROBATIONARY
    )
    # The day party age counts from (admission moved later by the gaps), kept by the services: filters on party
    # age are then one indexed comparison.
    party_age_from = models.DateField(editable=False, db_index=True)
    seriously_ill = models.BooleanField(_("Ốm đau nặng (xét tặng Huy hiệu sớm)"), default=False)
    # The cell the member belongs to now: kept by the services from the open Membership, for scoped lists.
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("Chi bộ"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    organization_path = models.CharField(max_length=255, db_index=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )
    search_name = models.CharField(max_length=255, editable=False, db_index=True)
    sort_key = models.CharField(max_length=600, editable=False, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đảng viên")
        verbose_name_plural = _("đảng viên")
        indexes = [
            models.Index(fields=["organization_path", "status"]),
            models.Index(fields=["admitted_on"]),
            # Rosters page through the register in this order: an index walk, no sort of the whole province.
            models.Index(fields=["sort_key", "id"], name="member_roster_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(citizen_id__regex=r"^[0-9]{12}$"), name="member_citizen_id_12_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_name = fold(self.full_name)
        self.sort_key = name_sort_key(self.full_name)
        self.organization_path = self.organization.path
        if self.party_age_from is None:
            self.party_age_from = self.admitted_on
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("members:detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES


class StatusChange(models.Model):
    """Every change of a member's status, with its date, reason and decision."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("Tình trạng"), max_length=32, choices=Member.Status.choices)
    on = models.DateField(_("Từ ngày"))
    reason = models.CharField(_("Lý do"), max_length=255, blank=True)
    decision = models.CharField(_("Quyết định"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thay đổi tình trạng")
        verbose_name_plural = _("thay đổi tình trạng")
        ordering = ["member_id", "on", "id"]

    def __str__(self) -> str:
        return f"{self.member} {self.get_status_display()} {self.on}"


class Membership(models.Model):
    """Nơi sinh hoạt đảng: which cell a member belongs to, from, to, temporary or not."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("Chi bộ"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    starts_on = models.DateField(_("Từ ngày"))
    ends_on = models.DateField(_("Đến ngày"), null=True, blank=True)
    temporary = models.BooleanField(_("Sinh hoạt tạm thời"), default=False)
    note = models.CharField(_("Ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("nơi sinh hoạt đảng")
        verbose_name_plural = _("nơi sinh hoạt đảng")
        ordering = ["member_id", "starts_on", "id"]

    def __str__(self) -> str:
        return f"{self.member} – {self.organization} ({self.starts_on} – {self.ends_on or '…'})"


class PartyGap(models.Model):
    """A period that does not count towards party age: lost contact, or the gap of a transfer."""

    class Kind(models.TextChoices):
        LOST_CONTACT = "lost_contact", _("Mất liên lạc")
        TRANSFER_GAP = "transfer_gap", _("Gián đoạn khi chuyển sinh hoạt")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="gaps")
    kind = models.CharField(_("Loại"), max_length=32, choices=Kind.choices)
    starts_on = models.DateField(_("Từ ngày"))
    ends_on = models.DateField(_("Đến ngày"))

    class Meta:
        verbose_name = _("thời gian không tính tuổi đảng")
        verbose_name_plural = _("thời gian không tính tuổi đảng")
        ordering = ["member_id", "starts_on"]

    def __str__(self) -> str:
        return f"{self.member} {self.get_kind_display()} {self.starts_on} – {self.ends_on}"


class BadgeAward(models.Model):
    """Huy hiệu Đảng awarded to a member."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="badges")
    years = models.PositiveSmallIntegerField(_("Huy hiệu (năm tuổi đảng)"))
    awarded_on = models.DateField(_("Ngày trao"))
    decision = models.CharField(_("Quyết định"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("Huy hiệu Đảng")
        verbose_name_plural = _("Huy hiệu Đảng")
        constraints = [models.UniqueConstraint(fields=["member", "years"], name="badge_once_per_milestone")]

    def __str__(self) -> str:
        return f"{self.member} – {self.years}"


class CorrectionRequest(models.Model):
    """A member asks the cell to correct their record."""

    class State(models.TextChoices):
        OPEN = "open", _("Chờ xử lý")
        DONE = "done", _("Đã sửa")
        DECLINED = "declined", _("Không sửa")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="correction_requests")
    text = models.TextField(_("Nội dung cần sửa"))
    state = models.CharField(_("Trạng thái"), max_length=16, choices=State.choices, default=State.OPEN)
    answer = models.TextField(_("Trả lời"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("đề nghị sửa hồ sơ")
        verbose_name_plural = _("đề nghị sửa hồ sơ")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.member}: {self.text[:40]}"


class Applicant(models.Model):
    """Người vào Đảng: a person the cell considers for admission (quần chúng ưu tú). The cell votes (at least 2/3 of
    its full members) to propose the admission; the committee's decision then enters them in the register as a
    probationary member, with the vote and the decision as the basis (HD 06 §3.6b; Charter art. 5.2)."""

    class State(models.TextChoices):
        CONSIDERED = "considered", _("Đang xem xét")
        PROPOSED = "proposed", _("Chi bộ đề nghị kết nạp")
        NOT_PROPOSED = "not_proposed", _("Chi bộ chưa đề nghị kết nạp")
        ADMITTED = "admitted", _("Đã có quyết định kết nạp")

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("Chi bộ"),
        on_delete=models.PROTECT,
        related_name="applicants",
    )
    citizen_id = models.CharField(_("Số CCCD"), max_length=12)
    full_name = models.CharField(_("Họ và tên"), max_length=255)
    sex = models.CharField(_("Giới tính"), max_length=8, choices=Member.Sex.choices)
    born_on = models.DateField(_("Ngày sinh"))
    job = models.CharField(_("Nghề nghiệp"), max_length=255, blank=True)
    state = models.CharField(_("Tình trạng"), max_length=16, choices=State.choices, default=State.CONSIDERED)
    basis = models.TextField(_("Căn cứ"), blank=True)  # the cell's vote, in words
    decision = models.CharField(_("Quyết định kết nạp"), max_length=255, blank=True)
    member = models.OneToOneField(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="applicant"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("người vào Đảng")
        verbose_name_plural = _("người vào Đảng")
        ordering = ["organization_id", "full_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(citizen_id__regex=r"^[0-9]{12}$"), name="applicant_citizen_id_12_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class CellSettings(models.Model):
    """How a cell meets: its day of the month, time, place, notice (seed 003: the 3rd, 3 days ahead)."""

    class Shift(models.TextChoices):
        NEXT = "next_working_day", _("Dời sang ngày làm việc kế tiếp")
        PREVIOUS = "previous_working_day", _("Đưa lên ngày làm việc trước đó")
        KEEP = "keep", _("Giữ nguyên ngày")

    organization = models.OneToOneField(
        "organizations.Organization", on_delete=models.CASCADE, related_name="meeting_settings"
    )
    day_of_month = models.PositiveSmallIntegerField(_("Ngày sinh hoạt hằng tháng"), default=3)
    time = models.TimeField(_("Giờ bắt đầu"), default="14:00")
    place = models.CharField(_("Địa điểm"), max_length=255, blank=True)
    notice_days = models.PositiveSmallIntegerField(_("Thông báo trước (ngày)"), default=3)
    shift = models.CharField(
        _("Khi trùng ngày nghỉ"), max_length=32, choices=Shift.choices, default=Shift.NEXT
    )

    class Meta:
        verbose_name = _("nề nếp sinh hoạt của chi bộ")
        verbose_name_plural = _("nề nếp sinh hoạt của chi bộ")

    def __str__(self) -> str:
        return f"{self.organization}: {self.day_of_month}"


class Meeting(models.Model):
    class Kind(models.TextChoices):
        REGULAR = "regular", _("Sinh hoạt thường kỳ")
        THEMATIC = "thematic", _("Sinh hoạt chuyên đề")
        COMBINED = "combined", _("Thường kỳ kết hợp chuyên đề")
        EXTRAORDINARY = "extraordinary", _("Sinh hoạt bất thường")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Dự kiến")
        HELD = "held", _("Đã họp")
        CANCELLED = "cancelled", _("Hủy")

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="meetings"
    )
    organization_path = models.CharField(max_length=255, db_index=True, editable=False)
    kind = models.CharField(_("Loại"), max_length=16, choices=Kind.choices, default=Kind.REGULAR)
    status = models.CharField(_("Tình trạng"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    day = models.DateField(_("Ngày họp"))
    time = models.TimeField(_("Giờ"))
    place = models.CharField(_("Địa điểm"), max_length=255, blank=True)
    title = models.CharField(_("Nội dung chính"), max_length=255, blank=True)
    started_at = models.DateTimeField(_("Bắt đầu"), null=True, blank=True)
    ended_at = models.DateTimeField(_("Kết thúc"), null=True, blank=True)
    chair = models.ForeignKey(
        "members.Member",
        verbose_name=_("Chủ trì"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    secretary_of_meeting = models.ForeignKey(
        "members.Member",
        verbose_name=_("Thư ký"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    documents_published_at = models.DateTimeField(_("Công bố tài liệu lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("buổi sinh hoạt")
        verbose_name_plural = _("buổi sinh hoạt")
        ordering = ["day", "time"]
        indexes = [models.Index(fields=["organization", "day"])]

    def __str__(self) -> str:
        return f"{self.organization} – {self.day:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        self.organization_path = self.organization.path
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])

    @property
    def combined(self) -> bool:
        return self.kind == self.Kind.COMBINED


class Attendance(models.Model):
    class Presence(models.TextChoices):
        PRESENT = "present", _("Có mặt")
        EXCUSED = "excused", _("Vắng có lý do")
        UNEXCUSED = "unexcused", _("Vắng không lý do")
        EXEMPT = "exempt", _("Miễn sinh hoạt")
        ELSEWHERE = "elsewhere", _("Sinh hoạt tạm thời nơi khác")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="attendance")
    full_member = models.BooleanField(_("Đảng viên chính thức"))
    presence = models.CharField(
        _("Điểm danh"), max_length=16, choices=Presence.choices, default=Presence.PRESENT
    )
    reason = models.CharField(_("Lý do"), max_length=255, blank=True)
    reason_approved = models.BooleanField(_("Lý do được chấp thuận"), default=False)

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once")]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.member} {self.presence}"


class Minutes(models.Model):
    """Biên bản. Written during the meeting (draft, autosaved, guarded against silent overwrites), approved by the
    chair, then locked: an approved record changes only through a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        APPROVED = "approved", _("Đã thông qua")

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    status = models.CharField(_("Tình trạng"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    content = models.JSONField(_("Nội dung"), default=dict)
    revision = models.PositiveIntegerField(default=0)  # bumped by every save: guards concurrent editors
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("biên bản")
        verbose_name_plural = _("biên bản")

    def __str__(self) -> str:
        return f"{_('Biên bản')} {self.meeting}"


class MinutesVersion(models.Model):
    """An approved version of the minutes, immutable. The hashes of a cell's versions form a chain."""

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="versions")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(_("Phiên bản"))
    content = models.JSONField()
    reason = models.CharField(_("Lý do sửa"), max_length=255, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    previous_hash = models.CharField(max_length=64)
    content_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("phiên bản biên bản")
        verbose_name_plural = _("phiên bản biên bản")
        ordering = ["organization_id", "id"]
        constraints = [models.UniqueConstraint(fields=["minutes", "number"], name="minutes_version_once")]

    def __str__(self) -> str:
        return f"{self.minutes} v{self.number}"


class Duty(models.Model):
    """A rotating duty at the meetings of a cell: news briefing, a Hồ Chí Minh story, party-fee collection …"""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="duties"
    )
    name = models.CharField(_("Nhiệm vụ"), max_length=128)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(_("Đang áp dụng"), default=True)

    class Meta:
        verbose_name = _("nhiệm vụ luân phiên")
        verbose_name_plural = _("nhiệm vụ luân phiên")
        ordering = ["organization_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="duty_name_once")]

    def __str__(self) -> str:
        return self.name


class DutyTurn(models.Model):
    """Who does a duty at a meeting (nobody when every member is away)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="duty_turns")
    duty = models.ForeignKey(Duty, on_delete=models.CASCADE, related_name="turns")
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="duty_turns"
    )

    class Meta:
        verbose_name = _("lượt nhiệm vụ")
        verbose_name_plural = _("lượt nhiệm vụ")
        constraints = [models.UniqueConstraint(fields=["meeting", "duty"], name="duty_turn_once")]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.duty} – {self.member or '—'}"


class Notice(models.Model):
    """Thông báo (triệu tập): one notice of a meeting to one recipient (a member, or the supervising higher
    committee) on one channel. Rows are created once (unique per meeting, recipient and channel) and sent by
    ``chibo send-notices``, which claims a row before sending it so that several servers never send it twice."""

    class Channel(models.TextChoices):
        APP = "app", _("Trong ứng dụng")
        EMAIL = "email", _("Thư điện tử")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notices")
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.CASCADE, related_name="notices"
    )
    organization = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    channel = models.CharField(_("Kênh"), max_length=8, choices=Channel.choices)
    due_on = models.DateField(_("Ngày gửi"))
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_by = models.CharField(max_length=64, blank=True, default="")
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("Đã gửi lúc"), null=True, blank=True)
    error = models.CharField(_("Lỗi"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member", "channel"],
                condition=models.Q(member__isnull=False),
                name="notice_once_per_member",
            ),
            models.UniqueConstraint(
                fields=["meeting", "organization", "channel"],
                condition=models.Q(organization__isnull=False),
                name="notice_once_per_organization",
            ),
            models.CheckConstraint(
                condition=models.Q(member__isnull=False, organization__isnull=True)
                | models.Q(member__isnull=True, organization__isnull=False),
                name="notice_one_recipient",
            ),
        ]
        indexes = [
            models.Index(fields=["due_on"], condition=models.Q(sent_at__isnull=True), name="notice_pending"),
            models.Index(fields=["member", "channel"], name="notice_member_channel"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} → {self.member or self.organization} ({self.channel})"


def _document_path(instance: "MeetingDocument", filename: str) -> str:
    import secrets

    return f"meeting-documents/{instance.meeting_id}/{secrets.token_hex(8)}/{filename}"


class MeetingDocument(models.Model):
    """A document of a meeting, published to the cell ahead of it (HD 42: at least one day); a late publication is
    recorded as late."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("Tên tài liệu"), max_length=255)
    file = models.FileField(_("Tệp"), upload_to=_document_path, max_length=500, blank=True)
    text = models.TextField(_("Nội dung"), blank=True)
    published_at = models.DateTimeField(_("Công bố lúc"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    late = models.BooleanField(_("Công bố muộn"), default=False)

    class Meta:
        verbose_name = _("tài liệu sinh hoạt")
        verbose_name_plural = _("tài liệu sinh hoạt")
        ordering = ["meeting_id", "published_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(file="") | ~models.Q(text=""), name="meeting_document_has_content"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:document_open", args=[self.meeting_id, self.pk])


def _feed_token() -> str:
    import secrets

    return secrets.token_urlsafe(32)


class FeedToken(models.Model):
    """The private key of a calendar feed (.ics) of a member's account or of a cell. Phone calendars cannot log
    in: whoever holds the link reads the feed, so it can be revoked and replaced."""

    token = models.CharField(max_length=64, unique=True, default=_feed_token, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="feed_tokens"
    )
    organization = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("Thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("liên kết lịch riêng")
        verbose_name_plural = _("liên kết lịch riêng")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False, organization__isnull=True)
                | models.Q(user__isnull=True, organization__isnull=False),
                name="feed_token_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user or self.organization} …{self.token[-4:]}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:feed", args=[self.token])

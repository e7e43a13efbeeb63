import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chibo.votes import rules


class Poll(models.Model):
    """Biểu quyết: one question put to the members of a cell (or a congress), by show of hands, by name, by secret
    ballot on the members' phones or on paper. The base and the threshold come from the rule set in force on the
    poll's day, by its purpose, and are frozen when the poll opens."""

    class Kind(models.TextChoices):
        HANDS = "hands", _("Biểu quyết giơ tay")
        NAMED = "named", _("Biểu quyết công khai, ghi tên")
        SECRET = "secret", _("Bỏ phiếu kín trên điện thoại")
        PAPER = "paper", _("Bỏ phiếu kín bằng phiếu giấy")

    class Purpose(models.TextChoices):
        RESOLUTION = rules.Purpose.RESOLUTION, _("Thông qua nghị quyết, quyết định")
        ADMISSION = rules.Purpose.ADMISSION, _("Kết nạp đảng viên")
        RECOGNITION = rules.Purpose.RECOGNITION, _("Công nhận đảng viên chính thức")
        ELECTION = rules.Purpose.ELECTION, _("Bầu cử")
        NOMINATION = rules.Purpose.NOMINATION, _("Bình xét thi đua, khen thưởng")

    class Question(models.TextChoices):
        YES_NO = rules.Question.YES_NO, _("Tán thành / không tán thành")
        LIST = rules.Question.LIST, _("Thông qua cả danh sách")
        CHOOSE = rules.Question.CHOOSE, _("Chọn người trong danh sách")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        OPEN = "open", _("Đang biểu quyết")
        CLOSED = "closed", _("Đã kết thúc")
        PUBLISHED = "published", _("Đã công bố kết quả")

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="polls"
    )
    organization_path = models.CharField(max_length=255, editable=False, db_index=True)
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="polls"
    )
    title = models.CharField(_("Nội dung biểu quyết"), max_length=500)
    purpose = models.CharField(
        _("Mục đích"), max_length=16, choices=Purpose.choices, default=Purpose.RESOLUTION
    )
    kind = models.CharField(_("Hình thức"), max_length=8, choices=Kind.choices, default=Kind.SECRET)
    question = models.CharField(
        _("Câu hỏi"), max_length=8, choices=Question.choices, default=Question.YES_NO
    )  # election and nomination: choose; a list approved as a whole: list
    seats = models.PositiveSmallIntegerField(_("Số người được bầu"), default=0)  # an election: how many
    subject = models.ForeignKey(
        "members.Member",
        verbose_name=_("Đảng viên được xét"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )  # recognition
    applicant = models.ForeignKey(
        "members.Applicant",
        verbose_name=_("Người được xét kết nạp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="polls",
    )  # admission
    term = models.ForeignKey(
        "organizations.Term",
        verbose_name=_("Nhiệm kỳ của cấp ủy được bầu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="polls",
    )  # an election of the committee: the elected take their seats of this term
    quorum = models.JSONField(
        default=dict, blank=True
    )  # at a meeting: present and expected, frozen at opening
    status = models.CharField(_("Tình trạng"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    day = models.DateField(_("Ngày biểu quyết"))
    base = models.PositiveIntegerField(default=0)  # frozen at opening
    base_label = models.CharField(max_length=100, blank=True)
    rule = models.JSONField(
        default=dict, blank=True
    )  # the rule set's threshold for the purpose, frozen at opening
    ruleset_name = models.CharField(max_length=200, blank=True)
    totals = models.JSONField(default=dict, blank=True)  # entered counts: show of hands, paper ballots
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("biểu quyết")
        verbose_name_plural = _("biểu quyết")
        ordering = ["-day", "-id"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.organization_path = self.organization.path
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("votes:detail", args=[self.pk])

    @property
    def secret(self) -> bool:
        return self.kind in (self.Kind.SECRET, self.Kind.PAPER)


class Candidate(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="candidates")
    name = models.CharField(_("Họ và tên"), max_length=255)
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Voter(models.Model):
    """A member called to vote, fixed when the poll opens (full members in the base; probationary members do not
    vote)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="voters")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "member"], name="voter_once")]

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.poll_id}"


class Final(models.Model):
    """A row written once: saving it again or deleting it is refused (the database refuses it too)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Phiếu đã bỏ không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Phiếu đã bỏ không được xóa.")


class Participation(Final):
    """Đã bỏ phiếu: that a member has voted in a secret poll, and nothing else: no time, no ballot. Kept apart
    from the ballots; written with the ballot in one transaction under a lock on the poll."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="participations")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "member"], name="participation_once")]

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.poll_id}"


class Ballot(Final):
    """Phiếu biểu quyết: one secret ballot. A random identifier, the poll and the choice; no voter, no time. Never
    changed or deleted (the database refuses it, see migration 0002)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="ballots")
    answer = models.CharField(max_length=8, blank=True)  # yes / no / abstain
    choices = models.JSONField(default=list, blank=True)  # an election: the candidates chosen

    class Meta:
        # Listing ballots in the order of their random identifiers says nothing about the order of voters.
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.id)


class NamedVote(models.Model):
    """A named (open) vote: who answered what, public by design."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="named_votes")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=8)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "member"], name="named_vote_once")]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.answer}"

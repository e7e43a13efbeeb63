from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DocumentNumber(models.Model):
    """The register of issued numbers. Numbers run per document type across the cell's term, not per year
    (DOMAIN.md "Party documents" [S]); a unit with no term on record numbers across its whole life. A meeting
    keeps the number its minutes or resolution got the first time the file was made."""

    class DocType(models.TextChoices):
        MINUTES = "BB", _("Biên bản")
        RESOLUTION = "NQ", _("Nghị quyết")

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("Tổ chức ban hành"),
        on_delete=models.PROTECT,
        related_name="document_numbers",
    )
    term = models.ForeignKey(
        "organizations.Term",
        verbose_name=_("Nhiệm kỳ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="document_numbers",
    )
    doc_type = models.CharField(_("Loại văn bản"), max_length=2, choices=DocType.choices)
    number = models.PositiveIntegerField(_("Số"))
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("Buổi sinh hoạt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="document_numbers",
    )
    issued_on = models.DateField(_("Ngày ban hành"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("số văn bản")
        verbose_name_plural = _("sổ đăng ký số văn bản")
        ordering = ["organization_id", "doc_type", "number"]
        constraints = [
            # NULL terms are distinct in a plain unique index: the two partial constraints cover both cases.
            models.UniqueConstraint(
                fields=["organization", "term", "doc_type", "number"],
                condition=Q(term__isnull=False),
                name="document_number_once_per_term",
            ),
            models.UniqueConstraint(
                fields=["organization", "doc_type", "number"],
                condition=Q(term__isnull=True),
                name="document_number_once_without_term",
            ),
            models.UniqueConstraint(
                fields=["meeting", "doc_type"],
                condition=Q(meeting__isnull=False),
                name="document_number_once_per_meeting",
            ),
        ]

    def __str__(self) -> str:
        return self.symbol

    @property
    def symbol(self) -> str:
        """ "Số 05-BB/CB": two digits at least, the type, and the issuing body's abbreviation (CB: chi bộ)."""
        return _("Số %(number)s-%(type)s/CB") % {"number": f"{self.number:02d}", "type": self.doc_type}


class IssuingPlace(models.Model):
    """The place name (địa danh) printed before the date of a unit's documents, e.g. "Đồng Nai". Set on a
    committee, it applies to every unit below it that has none of its own."""

    organization = models.OneToOneField(
        "organizations.Organization",
        verbose_name=_("Tổ chức"),
        on_delete=models.CASCADE,
        related_name="issuing_place",
    )
    name = models.CharField(_("Địa danh"), max_length=128)

    class Meta:
        verbose_name = _("địa danh ghi trên văn bản")
        verbose_name_plural = _("địa danh ghi trên văn bản")

    def __str__(self) -> str:
        return f"{self.organization}: {self.name}"

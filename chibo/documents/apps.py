from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Official documents in the Party's layout (Hướng dẫn 36-HD/VPTW).

    The apps below this one (meetings) must not import it: they reach the documents through this config
    (``apps.get_app_config("documents")``), as the tree reaches the register through the app registry."""

    name = "chibo.documents"
    label = "documents"
    verbose_name = _("Văn bản của Đảng")

    def ready(self) -> None:
        from chibo.documents import minutes, pdf

        # The exceptions a caller catches, without importing this app.
        self.PdfUnavailable = pdf.PdfUnavailable
        self.PdfFailed = pdf.PdfFailed
        self.NothingToPrint = minutes.NothingToPrint

    def pdf_available(self) -> bool:
        from chibo.documents import pdf

        return pdf.soffice() is not None

    def topics_document(self, kind: str, **context: Any) -> bytes:
        """A thematic-meeting document as .docx bytes: "plan" (the committee's annual plan), "compliance" (the
        cells' quarters) or "categories" (topics by category), from what the topics app computed."""
        from chibo.documents import topics

        return topics.topics_docx(kind, **context)

    def reviews_document(self, kind: str, **context: Any) -> bytes:
        """A quality-review document as .docx bytes: "list" (the cell's proposed levels of its members) or
        "minutes" (the minutes of the cell's review meeting), from what the work app computed."""
        from chibo.documents import reviews

        return reviews.reviews_docx(kind, **context)

    def counting_record(self, poll: Any) -> bytes:
        """The counting record of a closed vote (biên bản kiểm phiếu) as .docx bytes."""
        from chibo.documents import votes

        return votes.counting_record_docx(poll)

    def awards_document(self, round: Any) -> bytes:
        """The proposal dossier of a nomination round (tờ trình đề nghị khen thưởng) as .docx bytes."""
        from chibo.documents import awards

        return awards.dossier_docx(round)

    def meeting_document(self, *, meeting: Any, kind: str, fmt: str) -> bytes:
        """The minutes ("minutes") or the resolution ("resolution") of a meeting as "docx" or "pdf" bytes.
        Issues the document's number the first time. Raises NothingToPrint while the minutes are a draft,
        PdfUnavailable or PdfFailed when a PDF cannot be made."""
        from chibo.documents import minutes, pdf

        data = minutes.meeting_docx(meeting=meeting, kind=kind)
        return pdf.docx_to_pdf(data) if fmt == "pdf" else data

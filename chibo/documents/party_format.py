"""A python-docx builder for the Party's document layout (Hướng dẫn 36-HD/VPTW; DOMAIN.md "Party documents").

A4, margins 20/20/30/15 mm (top/bottom/left/right), Times New Roman in Vietnamese Unicode (TCVN 6909:2001);
a two-column heading without borders: on the left the superior body (capitals, 14), the issuing body (bold
capitals, 14), a star and the number "Số 01-BB/CB" (14); on the right "ĐẢNG CỘNG SẢN VIỆT NAM" (bold capitals,
15, underlined) and the place and date (italic, 14). Then the document type (bold capitals, 15–16, centred), the
summary (bold, 14), the body (14, justified), the signature block on the right ("T/M CHI BỘ", the title, the
name) and the recipients on the left ("Nơi nhận:" underlined 14, the list in 12).

The sizes, margins and font come from the rule set in force (``values["documents"]``): the template is data.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from chibo.rulesets.defaults import CURRENT_VALUES

CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT = WD_ALIGN_PARAGRAPH.LEFT
PAPER_MM = {"A4": (210, 297)}
SIGNATURE_SPACE_LINES = 4  # room for the hand signature and the seal


def vietnamese_date(day: datetime.date) -> str:
    """ "ngày 03 tháng 12 năm 2026": days below 10 and the months 1 and 2 take a leading zero (HD 36)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return _("ngày %(day)s tháng %(month)s năm %(year)s") % {
        "day": f"{day.day:02d}",
        "month": month,
        "year": day.year,
    }


def layout_values(values: Mapping[str, Any] | None) -> dict[str, Any]:
    """The rule set's "documents" values over the shipped ones (an older rule set may lack a key)."""
    return {**CURRENT_VALUES["documents"], **(values or {})}


@dataclass(frozen=True)
class Heading:
    superior: str  # "Đảng bộ VKSND": printed in capitals
    issuer: str  # "Chi bộ Văn phòng": printed in bold capitals
    number: str  # "Số 01-BB/CB"
    place: str  # "Đồng Nai"
    day: datetime.date


@dataclass(frozen=True)
class Signer:
    lines: Sequence[str]  # ("T/M CHI BỘ", "BÍ THƯ") or ("THƯ KÝ",)
    name: str


@dataclass
class _Fonts:
    family: str
    heading: float
    superior: float
    issuer: float
    number: float
    place_date: float
    doc_type: float
    summary: float
    body: float
    recipients: float = 12


def _set_font_name(r_pr: Any, family: str) -> None:
    """Every script slot of the run's fonts, East Asian included, so that Word keeps Vietnamese in the face."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), family)


def _no_borders(table: Any) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


class PartyDocument:
    """One document being written: the heading is laid out on creation, the body is appended, then
    ``signature`` closes it and ``to_bytes`` gives the .docx."""

    def __init__(
        self,
        *,
        heading: Heading,
        doc_type: str,
        summary: Sequence[str],
        values: Mapping[str, Any] | None = None,
        title: str = "",
    ) -> None:
        layout = layout_values(values)
        self.layout = layout
        self.fonts = _Fonts(
            family=layout["font_family"],
            heading=layout["party_heading"]["size_pt"],
            superior=layout["superior_body"]["size_pt"],
            issuer=layout["issuing_body"]["size_pt"],
            number=layout["number_symbol"]["size_pt"],
            place_date=layout["place_date"]["size_pt"],
            doc_type=layout["document_type"]["size_pt_max"],
            summary=layout["summary"]["size_pt_min"],
            body=layout["body"]["size_pt_min"],
        )
        self.document = Document()
        self._page(layout)
        self._defaults()
        props = self.document.core_properties
        props.title, props.language, props.author = title or doc_type, "vi-VN", heading.issuer
        self._heading(heading)
        self._type_and_summary(doc_type, summary)

    # -- page and styles ------------------------------------------------------------------------------------
    def _page(self, layout: Mapping[str, Any]) -> None:
        width, height = PAPER_MM.get(layout["paper_size"], PAPER_MM["A4"])
        margins = layout["margins_mm"]
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(width), Mm(height)
        section.top_margin, section.bottom_margin = Mm(margins["top"]), Mm(margins["bottom"])
        section.left_margin, section.right_margin = Mm(margins["left"]), Mm(margins["right"])
        section.header_distance = section.footer_distance = Mm(10)
        self.text_width = Mm(width - margins["left"] - margins["right"])  # an int of EMU

    def _defaults(self) -> None:
        family = self.fonts.family
        styles = self.document.styles
        r_pr = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _set_font_name(r_pr, family)
        lang = r_pr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            r_pr.append(lang)
        lang.set(qn("w:val"), "vi-VN")
        normal = styles["Normal"]
        normal.font.name = family
        normal.font.size = Pt(self.fonts.body)
        _set_font_name(normal.element.get_or_add_rPr(), family)
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = 1.0

    # -- text -----------------------------------------------------------------------------------------------
    def _run(
        self,
        paragraph: Paragraph,
        text: str,
        *,
        size: float,
        bold: bool = False,
        italic: bool = False,
        underline: bool = False,
    ) -> Any:
        run = paragraph.add_run(text)
        run.font.name = self.fonts.family
        _set_font_name(run._element.get_or_add_rPr(), self.fonts.family)
        run.font.size = Pt(size)
        run.font.bold, run.font.italic, run.font.underline = bold, italic, underline
        return run

    def _line(
        self,
        container: Any,
        text: str,
        *,
        size: float,
        align: Any = CENTER,
        first: bool = False,
        **style: bool,
    ) -> Paragraph:
        """A one-run paragraph in a table cell or the document; ``first`` reuses the cell's empty paragraph."""
        paragraph = container.paragraphs[0] if first else container.add_paragraph()
        paragraph.alignment = align
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.first_line_indent = None
        if text:
            self._run(paragraph, text, size=size, **style)
        return paragraph

    def _table(self, widths: Sequence[Any]) -> tuple[Any, list[_Cell]]:
        table = self.document.add_table(rows=1, cols=len(widths))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _no_borders(table)
        cells = list(table.rows[0].cells)
        for column, cell, width in zip(table.columns, cells, widths, strict=True):
            column.width = width
            cell.width = width
        return table, cells

    def _row(self, table: Any) -> list[_Cell]:
        cells = list(table.add_row().cells)
        for cell, column in zip(cells, table.columns, strict=True):
            cell.width = column.width
        return cells

    def _heading(self, heading: Heading) -> None:
        """Two rows so that the number and the place and date stand on one line, as the guide shows."""
        f = self.fonts
        table, (left, right) = self._table([Mm(75), self.text_width - Mm(75)])
        if heading.superior:
            self._line(left, heading.superior.upper(), size=f.superior, first=True)
        self._line(left, heading.issuer.upper(), size=f.issuer, bold=True, first=not heading.superior)
        self._line(left, "*", size=f.issuer)
        party = self.layout["party_heading"]
        self._line(right, party["text"], size=f.heading, bold=True, underline=True, first=True)
        number, place_date = self._row(table)
        self._line(number, heading.number, size=f.number, first=True)
        text = _("%(place)s, %(date)s") % {
            "place": heading.place or "…………",
            "date": vietnamese_date(heading.day),
        }
        self._line(place_date, text, size=f.place_date, italic=True, first=True)

    def _type_and_summary(self, doc_type: str, summary: Sequence[str]) -> None:
        f = self.fonts
        type_line = self._line(self.document, doc_type.upper(), size=f.doc_type, bold=True)
        type_line.paragraph_format.space_before = Pt(18)
        for i, line in enumerate(summary):
            paragraph = self._line(self.document, line, size=f.summary, bold=True)
            if i == len(summary) - 1:
                paragraph.paragraph_format.space_after = Pt(6)
        self._line(self.document, "-----", size=f.summary).paragraph_format.space_after = Pt(12)

    def paragraph(
        self,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        indent: bool = True,
        align: Any = JUSTIFY,
    ) -> list[Paragraph]:
        """Body text, justified, the first line indented 1 cm; each line of ``text`` is its own paragraph."""
        made = []
        for line in (text or "").splitlines() or [""]:
            if not line.strip():
                continue
            paragraph = self.document.add_paragraph()
            paragraph.alignment = align
            fmt = paragraph.paragraph_format
            fmt.first_line_indent = Cm(1) if indent else None
            fmt.space_before, fmt.space_after = Pt(3), Pt(3)
            self._run(paragraph, line.strip(), size=self.fonts.body, bold=bold, italic=italic)
            made.append(paragraph)
        return made

    def labelled(self, label: str, text: str) -> Paragraph:
        """ "Label: text" with the label in bold, as one body paragraph."""
        paragraph = self.document.add_paragraph()
        paragraph.alignment = JUSTIFY
        fmt = paragraph.paragraph_format
        fmt.first_line_indent = Cm(1)
        fmt.space_before, fmt.space_after = Pt(3), Pt(3)
        self._run(paragraph, label, size=self.fonts.body, bold=True)
        self._run(paragraph, " " + text if text else "", size=self.fonts.body)
        return paragraph

    def centred(self, text: str, *, bold: bool = True) -> Paragraph:
        paragraph = self._line(self.document, text, size=self.fonts.body, bold=bold)
        paragraph.paragraph_format.space_before = Pt(6)
        paragraph.paragraph_format.space_after = Pt(6)
        return paragraph

    def grid(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        widths_mm: Sequence[float] | None = None,
    ) -> Any:
        """A data table with borders (the plan's topics, a report's figures): a bold header row, then the rows,
        in the body's face at the recipients' size so that six columns fit the A4 width."""
        size = self.fonts.recipients + 1
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        if widths_mm:
            table.autofit = False
            fixed = OxmlElement(
                "w:tblLayout"
            )  # Word and LibreOffice keep the widths instead of fitting the text
            fixed.set(qn("w:type"), "fixed")
            table._tbl.tblPr.append(fixed)
            for column, width in zip(table.columns, widths_mm, strict=True):
                column.width = Mm(width)
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            self._line(cell, text, size=size, bold=True, first=True)
        for values in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, values, strict=True):
                text = "" if value is None else str(value)
                align = CENTER if isinstance(value, int | float) else LEFT
                self._line(cell, text, size=size, align=align, first=True)
        if widths_mm:
            for row in table.rows:
                for cell, width in zip(row.cells, widths_mm, strict=True):
                    cell.width = Mm(width)
        self.document.add_paragraph().paragraph_format.space_after = Pt(6)
        return table

    # -- closing --------------------------------------------------------------------------------------------
    def _sign(self, cell: _Cell, signer: Signer, *, first: bool) -> None:
        f = self.fonts
        for i, line in enumerate(signer.lines):
            self._line(cell, line, size=f.body, bold=True, first=first and i == 0)
        for _i in range(SIGNATURE_SPACE_LINES):
            self._line(cell, "", size=f.body)
        self._line(cell, signer.name, size=f.body, bold=True)

    def _recipients(self, cell: _Cell, recipients: Sequence[str], *, first: bool) -> None:
        f = self.fonts
        self._line(cell, _("Nơi nhận:"), size=f.body, align=LEFT, first=first, underline=True)
        for i, recipient in enumerate(recipients):
            end = "." if i == len(recipients) - 1 else ","
            self._line(cell, "- " + recipient + end, size=f.recipients, align=LEFT)

    def signature(
        self, *, signer: Signer, recipients: Sequence[str] = (), co_signer: Signer | None = None
    ) -> None:
        """The signature block on the right; on the left the co-signer (the minute-taker of the minutes) or,
        when there is none, the recipients. With a co-signer the recipients follow under the signatures."""
        spacer = self.document.add_paragraph()
        spacer.paragraph_format.space_after = Pt(6)
        half = self.text_width // 2
        table, (left, right) = self._table([half, half])
        if co_signer is not None:
            # the same number of title lines on both sides, so that the two names stand on one line
            depth = max(len(signer.lines), len(co_signer.lines))
            signer, co_signer = (
                Signer(lines=[*s.lines, *[""] * (depth - len(s.lines))], name=s.name)
                for s in (signer, co_signer)
            )
            self._sign(left, co_signer, first=True)
        self._sign(right, signer, first=True)
        if co_signer is not None and recipients:
            below = self._row(table)[0]
            self._recipients(below, recipients, first=True)
            below.paragraphs[0].paragraph_format.space_before = Pt(12)
        elif recipients:
            self._recipients(left, recipients, first=True)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()

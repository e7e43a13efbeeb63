"""The layout of HD 36-HD/VPTW, checked by reading the .docx back with python-docx."""

import copy
import datetime
import io

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from chibo.documents.party_format import Heading, PartyDocument, Signer, vietnamese_date
from chibo.rulesets.defaults import CURRENT_VALUES

D = datetime.date
HEADING = Heading(
    superior="Đảng bộ VKSND",
    issuer="Chi bộ Văn phòng",
    number="Số 01-BB/CB",
    place="Đồng Nai",
    day=D(2026, 12, 3),
)


def _build(values=None, **signature):
    doc = PartyDocument(
        heading=HEADING,
        doc_type="Biên bản",
        summary=["Sinh hoạt chi bộ thường kỳ tháng 12 năm 2026"],
        values=values,
    )
    doc.paragraph("Chi bộ hoàn thành 9/10 nhiệm vụ tháng 11.\n\nCòn chậm việc lập hồ sơ lưu trữ.")
    doc.signature(
        **(
            signature
            or {
                "signer": Signer(lines=("T/M CHI BỘ", "BÍ THƯ"), name="Nguyễn Văn An"),
                "recipients": ["Đảng ủy VKSND (để báo cáo)", "Lưu Chi bộ"],
            }
        )
    )
    return Document(io.BytesIO(doc.to_bytes()))


def _east_asian(run) -> str | None:
    return run._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (D(2026, 12, 3), "ngày 03 tháng 12 năm 2026"),
        (D(2027, 2, 15), "ngày 15 tháng 02 năm 2027"),
        (D(2027, 1, 9), "ngày 09 tháng 01 năm 2027"),
        (D(2026, 3, 25), "ngày 25 tháng 3 năm 2026"),
    ],
)
def test_vietnamese_date_pads_days_below_10_and_months_1_and_2(day, text):
    assert vietnamese_date(day) == text


def test_a4_page_with_the_guides_margins():
    section = _build().sections[0]
    measured = [
        section.page_width.mm,
        section.page_height.mm,
        section.top_margin.mm,
        section.bottom_margin.mm,
        section.left_margin.mm,
        section.right_margin.mm,
    ]
    assert measured == pytest.approx([210, 297, 20, 20, 30, 15], abs=0.1)


def test_party_heading_top_right_bold_15_underlined_times_new_roman():
    document = _build()
    run = document.tables[0].cell(0, 1).paragraphs[0].runs[0]
    assert run.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert (run.bold, run.underline, run.font.size, run.font.name) == (True, True, Pt(15), "Times New Roman")
    assert _east_asian(run) == "Times New Roman"
    assert document.tables[0].cell(0, 1).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_issuing_bodies_top_left_and_the_number_on_the_line_of_the_date():
    heading = _build().tables[0]
    left = [(p.text, p.runs[0].bold, p.runs[0].font.size) for p in heading.cell(0, 0).paragraphs]
    assert left == [
        ("ĐẢNG BỘ VKSND", False, Pt(14)),
        ("CHI BỘ VĂN PHÒNG", True, Pt(14)),
        ("*", False, Pt(14)),
    ]
    number = heading.cell(1, 0).paragraphs[0].runs[0]
    assert (number.text, number.font.size) == ("Số 01-BB/CB", Pt(14))
    date = heading.cell(1, 1).paragraphs[0].runs[0]
    assert (date.text, date.italic, date.font.size) == ("Đồng Nai, ngày 03 tháng 12 năm 2026", True, Pt(14))


def test_the_heading_table_has_no_borders():
    table = _build().tables[0]
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {child.get(qn("w:val")) for child in borders} == {"nil"}
    assert len(borders) == 6


def test_type_centred_bold_capitals_16_then_the_summary_bold_14_then_the_body_14():
    paragraphs = [p for p in _build().paragraphs if p.text]
    doc_type, summary = paragraphs[0], paragraphs[1]
    assert (doc_type.text, doc_type.alignment) == ("BIÊN BẢN", WD_ALIGN_PARAGRAPH.CENTER)
    assert (doc_type.runs[0].bold, doc_type.runs[0].font.size) == (True, Pt(16))
    assert (summary.text, summary.runs[0].bold, summary.runs[0].font.size) == (
        "Sinh hoạt chi bộ thường kỳ tháng 12 năm 2026",
        True,
        Pt(14),
    )
    body = [p for p in paragraphs if p.text.startswith(("Chi bộ hoàn thành", "Còn chậm"))]
    assert len(body) == 2  # one paragraph per line, the empty line dropped
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and p.runs[0].font.size == Pt(14) for p in body)


def test_vietnamese_in_times_new_roman_everywhere_including_the_east_asian_slot():
    document = _build()
    fonts = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert fonts.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "Times New Roman"
    assert fonts.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    runs = [run for p in document.paragraphs for run in p.runs]
    runs += [
        r for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs
    ]
    assert runs
    assert {(r.font.name, _east_asian(r)) for r in runs} == {("Times New Roman", "Times New Roman")}


def test_signature_on_the_right_recipients_on_the_left():
    table = _build().tables[1]
    right = [p.text for p in table.cell(0, 1).paragraphs if p.text]
    assert right == ["T/M CHI BỘ", "BÍ THƯ", "Nguyễn Văn An"]
    left = table.cell(0, 0).paragraphs
    assert (left[0].text, left[0].runs[0].underline) == ("Nơi nhận:", True)
    assert [(p.text, p.runs[0].font.size) for p in left[1:]] == [
        ("- Đảng ủy VKSND (để báo cáo),", Pt(12)),
        ("- Lưu Chi bộ.", Pt(12)),
    ]


def test_a_co_signer_signs_on_the_left_with_the_names_on_one_line():
    document = _build(
        signer=Signer(lines=("T/M CHI BỘ", "BÍ THƯ"), name="Nguyễn Văn An"),
        co_signer=Signer(lines=("THƯ KÝ",), name="Trần Thị Bình"),
        recipients=["Lưu Chi bộ"],
    )
    table = document.tables[1]
    left = [p.text for p in table.cell(0, 0).paragraphs]
    right = [p.text for p in table.cell(0, 1).paragraphs]
    assert left.index("Trần Thị Bình") == right.index("Nguyễn Văn An")
    assert [p.text for p in table.cell(1, 0).paragraphs] == ["Nơi nhận:", "- Lưu Chi bộ."]


def test_the_rule_set_drives_the_layout():
    values = copy.deepcopy(CURRENT_VALUES["documents"])
    values["margins_mm"]["left"] = 35
    values["party_heading"]["size_pt"] = 14
    document = _build(values=values)
    assert document.sections[0].left_margin.mm == pytest.approx(35, abs=0.1)
    assert document.tables[0].cell(0, 1).paragraphs[0].runs[0].font.size == Pt(14)


def test_a_cell_without_a_superior_body_starts_with_its_own_name():
    doc = PartyDocument(
        heading=Heading(
            superior="", issuer="Chi bộ Ban Dân tộc", number="Số 01-NQ/CB", place="", day=D(2026, 1, 5)
        ),
        doc_type="Nghị quyết",
        summary=["Sinh hoạt chi bộ thường kỳ tháng 01 năm 2026"],
    )
    table = Document(io.BytesIO(doc.to_bytes())).tables[0]
    assert [p.text for p in table.cell(0, 0).paragraphs] == ["CHI BỘ BAN DÂN TỘC", "*"]
    assert table.cell(1, 1).text == "…………, ngày 05 tháng 01 năm 2026"

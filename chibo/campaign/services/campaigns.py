"""Writes of a campaign and its study schedule: the year's theme and plan, kept by the organizer's committee
officers and office staff; the contents of the schedule by months, with their materials."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from chibo.campaign import rules, selectors
from chibo.campaign.models import Campaign, StudyItem
from chibo.campaign.services.common import check_document, lines, replace_file, text
from chibo.core.audit import audit_record
from chibo.organizations.access import Action, require
from chibo.organizations.models import Organization

# ------------------------------------------------------------------------------------------------ campaigns


def _year(value: Any) -> int | None:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return year if 2000 <= year <= 2100 else None


def _campaign_problems(
    *, organizer: Organization, year: int | None, theme: str, current: Campaign | None = None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if organizer.is_cell:
        errors["organizer"] = _("Chuyên đề học tập và làm theo Bác do đảng bộ triển khai, không do chi bộ.")
    if not theme:
        errors["theme"] = _("Hãy ghi chuyên đề của năm.")
    if year is None:
        errors["year"] = _("Hãy ghi năm (ví dụ 2026).")
    else:
        taken = Campaign.objects.filter(organizer=organizer, year=year)
        if current is not None:
            taken = taken.exclude(pk=current.pk)
        if taken.exists():
            errors["year"] = _("%(unit)s đã có chuyên đề năm %(y)s.") % {"unit": organizer.name, "y": year}
        elif current is not None and year != current.year and current.pledges.exists():
            errors["year"] = _("Đã có đăng ký làm theo chuyên đề năm %(y)s: không đổi được năm.") % {
                "y": current.year
            }
    return errors


@transaction.atomic
def campaign_create(
    *, actor: Any, organizer: Organization, year: int | str, theme: str, description: str = ""
) -> Campaign:
    """Set up the year's campaign of a committee: its theme (chuyên đề) and plan. Its committee officers and office
    staff do it; the whole subtree sees it."""
    require(actor, Action.MANAGE_EMULATION, organizer)
    theme, chosen = text(theme), _year(year)
    errors = _campaign_problems(organizer=organizer, year=chosen, theme=theme)
    if errors:
        raise ValidationError(errors)
    assert chosen is not None
    year = chosen
    campaign = Campaign.objects.create(
        organizer=organizer, year=year, theme=theme[:500], description=text(description), created_by=actor
    )
    audit_record(
        actor=actor,
        action="campaign_create",
        obj=campaign,
        organization=organizer,
        changes={"year": str(year), "theme": campaign.theme},
    )
    return campaign


@transaction.atomic
def campaign_update(
    *, actor: Any, campaign: Campaign, year: int | str, theme: str, description: str = ""
) -> Campaign:
    """Correct the theme, the plan or the year (the year only while nobody has pledged)."""
    require(actor, Action.MANAGE_EMULATION, campaign.organizer)
    theme, chosen = text(theme), _year(year)
    errors = _campaign_problems(organizer=campaign.organizer, year=chosen, theme=theme, current=campaign)
    if errors:
        raise ValidationError(errors)
    assert chosen is not None
    year = chosen
    before = {"year": str(campaign.year), "theme": campaign.theme}
    campaign.year, campaign.theme, campaign.description = year, theme[:500], text(description)
    campaign.save()
    audit_record(
        actor=actor,
        action="campaign_update",
        obj=campaign,
        organization=campaign.organizer,
        changes={"before": before, "year": str(year), "theme": campaign.theme},
    )
    return campaign


# ------------------------------------------------------------------------------------------ study schedule


def _month(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _month_errors(
    campaign: Campaign, first: int | None, last: int | None, others: list[StudyItem]
) -> dict[str, str]:
    problems = rules.month_problems(first, last, [o.span for o in others])
    labels = {"month_from": _("Từ tháng"), "month_to": _("Đến tháng")}
    errors: dict[str, str] = {}
    for p in problems:
        label = labels[p.field]
        if p.code == rules.MONTH_MISSING:
            errors[p.field] = _("%(field)s: hãy chọn một tháng.") % {"field": label}
        elif p.code == rules.MONTH_OUT_OF_YEAR:
            errors[p.field] = _("%(field)s phải là một tháng của năm %(y)s, từ 1 đến 12.") % {
                "field": label,
                "y": campaign.year,
            }
        elif p.code == rules.MONTHS_REVERSED:
            errors[p.field] = _(
                "Đến tháng phải từ tháng %(m)s trở đi: mỗi nội dung học tập trong năm %(y)s, không kéo sang năm sau."
            ) % {"m": first, "y": campaign.year}
        else:
            other = others[p.other or 0]
            errors[p.field] = _(
                "Từ tháng: các tháng %(span)s trùng với nội dung “%(topic)s” (tháng %(other)s); mỗi tháng một nội "
                "dung học tập."
            ) % {
                "span": rules.Span(first or 0, last or 0).text,
                "topic": other.topic,
                "other": other.span.text,
            }
    return errors


@transaction.atomic
def study_item_save(
    *,
    actor: Any,
    campaign: Campaign,
    item: StudyItem | None = None,
    month_from: Any,
    month_to: Any,
    topic: str,
    content: str = "",
    material: UploadedFile | None = None,
    material_link: str = "",
    clear_material: bool = False,
) -> StudyItem:
    """Add or correct one content of the study schedule: months within the campaign's year, no month shared with
    another content; an optional material (PDF or DOCX, at most 10 MB) and/or a link to it."""
    require(actor, Action.MANAGE_EMULATION, campaign.organizer)
    if item is not None and item.campaign_id != campaign.pk:
        raise Http404
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()  # one writer of a schedule at a time
    first, last = _month(month_from), _month(month_to)
    others = [o for o in selectors.schedule(campaign) if item is None or o.pk != item.pk]
    errors = _month_errors(campaign, first, last, others)
    topic, link = text(topic), text(material_link)
    if not topic:
        errors["topic"] = _("Hãy ghi nội dung học tập của các tháng này.")
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            errors["material_link"] = _(
                "Liên kết tài liệu phải là một địa chỉ bắt đầu bằng http:// hoặc https://."
            )
    if errors:
        raise ValidationError(errors)
    if material is not None:
        check_document(material, "material")
    assert first is not None and last is not None
    item = item or StudyItem(campaign=campaign)
    item.month_from, item.month_to, item.topic = first, last, topic[:500]
    item.content, item.material_link, item.updated_by = lines(content), link[:500], actor
    kept = replace_file(item, "material", material, clear_material)
    item.save()
    audit_record(
        actor=actor,
        action="campaign_item_save",
        obj=item,
        organization=campaign.organizer,
        changes={"months": item.span.text, "topic": item.topic, "material": kept, "link": item.material_link},
    )
    return item


@transaction.atomic
def study_item_delete(*, actor: Any, item: StudyItem) -> None:
    campaign = item.campaign
    require(actor, Action.MANAGE_EMULATION, campaign.organizer)
    old = item.material.name if item.material else ""
    storage = item.material.storage
    audit_record(
        actor=actor,
        action="campaign_item_delete",
        obj=item,
        organization=campaign.organizer,
        changes={"months": item.span.text, "topic": item.topic},
    )
    item.delete()
    if old:
        transaction.on_commit(lambda: storage.delete(old))

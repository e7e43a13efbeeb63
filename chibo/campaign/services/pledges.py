"""Writes of the pledges (đăng ký làm theo): a unit's, entered by its officers, all or nothing; a member's own;
and their year-end self-review at the cell."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from chibo.campaign import selectors
from chibo.campaign.models import Campaign, CampaignPledge
from chibo.campaign.services.common import lines, text
from chibo.core.audit import audit_record
from chibo.members.models import Member
from chibo.organizations.access import Action, require
from chibo.organizations.models import Organization

Result = CampaignPledge.Result
PLEDGE_MAX = 2000
NOTE_MAX = 500


# -------------------------------------------------------------------------------------------------- pledges


def _pledge_problem(line: str | None, content: str, current: CampaignPledge | None) -> str | None:
    """What is wrong with a pledge's new content; ``line`` names the row of a unit's page (None: one's own)."""
    if len(content) > PLEDGE_MAX:
        message = _("nội dung đăng ký làm theo dài quá 2.000 ký tự.")
    elif current is not None and current.result and content != current.content:
        message = _("đã tự đánh giá việc làm theo, không sửa được nội dung đăng ký.")
    else:
        return None
    if line is None:
        return message[:1].upper() + message[1:]
    return _("Dòng %(line)s: %(problem)s") % {"line": line, "problem": message}


def _write(
    *,
    actor: Any,
    campaign: Campaign,
    organization: Organization,
    member: Member | None,
    current: CampaignPledge | None,
    content: str,
) -> CampaignPledge | None:
    if not content:
        if current is not None:
            current.delete()
        return None
    pledge = current or CampaignPledge(campaign=campaign, member=member, organization=organization)
    pledge.organization, pledge.content, pledge.written_by = organization, content, actor
    pledge.save()
    return pledge


@transaction.atomic
def pledges_save(
    *, actor: Any, campaign: Campaign, organization: Organization, rows: dict[int | None, str]
) -> int:
    """The unit's pledges to the campaign, all or nothing: ``None`` -> the unit's own (collective) pledge, a
    member's id -> the member's (a member of the unit); each the content, one thing a line. An empty content removes
    a pledge; a pledge already self-reviewed keeps its content. Entered by the unit's officers.
    Returns the lines written or removed."""
    require(actor, Action.REGISTER_EMULATION, organization)
    if not selectors.covers(campaign, organization):
        raise ValidationError(
            _("%(unit)s không ở trong phạm vi triển khai của %(organizer)s.")
            % {"unit": organization.name, "organizer": campaign.organizer.name}
        )
    members = {
        m.pk: m
        for m in Member.objects.filter(pk__in=[k for k in rows if k is not None], organization=organization)
    }
    existing = CampaignPledge.objects.select_for_update(of=("self",)).filter(campaign=campaign)
    own = existing.filter(organization=organization, member__isnull=True).first() if None in rows else None
    by_member = {p.member_id: p for p in existing.filter(member_id__in=list(members))}
    problems: list[str] = []
    changes: list[tuple[Member | None, CampaignPledge | None, str]] = []
    for key, raw in rows.items():
        content = lines(raw)
        member = None
        if key is None:
            line, current = organization.name, own
        else:
            member = members.get(key)
            if member is None:
                problems.append(
                    _("Đảng viên %(pk)s không thuộc %(unit)s.") % {"pk": key, "unit": organization.name}
                )
                continue
            line, current = member.full_name, by_member.get(key)
            changed = bool(content) if current is None else current.content != content
            if changed and not member.is_active:
                problems.append(
                    _("Dòng %(line)s: đảng viên không còn sinh hoạt, không đăng ký được.") % {"line": line}
                )
                continue
        if (current is None and not content) or (current is not None and current.content == content):
            continue
        problem = _pledge_problem(line, content, current)
        if problem:
            problems.append(problem)
            continue
        changes.append((member, current, content))
    if problems:
        raise ValidationError(problems)
    for member, current, content in changes:
        _write(
            actor=actor,
            campaign=campaign,
            organization=organization,
            member=member,
            current=current,
            content=content,
        )
    audit_record(
        actor=actor,
        action="campaign_pledges",
        obj=campaign,
        organization=organization,
        changes={"unit": organization.name, "lines": str(len(changes))},
    )
    return len(changes)


@transaction.atomic
def own_pledge_save(*, actor: Any, campaign: Campaign, content: str) -> CampaignPledge | None:
    """A member writes their own pledge (from a phone): only their own, while they are active in a cell the
    campaign covers; an empty content removes it. Anything else is refused as out of scope (404)."""
    member = Member.objects.select_related("organization").filter(user=actor).first()
    if member is None or not member.is_active or not selectors.covers(campaign, member.organization):
        raise Http404
    current = (
        CampaignPledge.objects.select_for_update(of=("self",))
        .filter(campaign=campaign, member=member)
        .first()
    )
    content = lines(content)
    problem = _pledge_problem(None, content, current)
    if problem:
        raise ValidationError({"content": problem})
    if current is not None and current.content == content:
        return current
    pledge = _write(
        actor=actor,
        campaign=campaign,
        organization=member.organization,
        member=member,
        current=current,
        content=content,
    )
    audit_record(
        actor=actor,
        action="campaign_own_pledge",
        obj=campaign,
        organization=member.organization,
        changes={"member": member.full_name, "removed": str(pledge is None)},
    )
    return pledge


# ---------------------------------------------------------------------------------- the year-end self-review


@transaction.atomic
def reviews_save(
    *,
    actor: Any,
    campaign: Campaign,
    organization: Organization,
    rows: dict[int, dict[str, str]],
    today: datetime.date | None = None,
) -> int:
    """The year-end self-review of the unit's pledges (tự đánh giá việc làm theo), entered by its officers at the
    cell's year-end meeting, all or nothing: pledge id -> {"result": code, "note": text}. Open from
    ``selectors.review_opens`` (the first of the rule set's month, November as shipped, of the campaign's year).
    An empty result and note clear a review. Returns the pledges whose review changed."""
    require(actor, Action.REGISTER_EMULATION, organization)
    today = today or timezone.localdate()
    opens = selectors.review_opens(campaign.year)
    if today < opens:
        raise ValidationError(
            _("Tự đánh giá việc làm theo được ghi từ ngày %(day)s, tại hội nghị cuối năm của chi bộ.")
            % {"day": opens.strftime("%d/%m/%Y")}
        )
    pledges = {
        p.pk: p
        for p in CampaignPledge.objects.select_for_update(of=("self",))
        .select_related("member")
        .filter(pk__in=list(rows), campaign=campaign)
        .filter(Q(organization=organization) | Q(member__organization=organization))
    }
    results = dict(Result.choices)
    problems: list[str] = []
    changes: list[tuple[CampaignPledge, str, str]] = []
    for pk, row in rows.items():
        pledge = pledges.get(pk)
        if pledge is None:
            problems.append(_("Đăng ký %(pk)s không thuộc %(unit)s.") % {"pk": pk, "unit": organization.name})
            continue
        line = pledge.member.full_name if pledge.member else organization.name
        result, note = text(row.get("result")), text(row.get("note"))
        if result and result not in results:
            problems.append(_("Dòng %(line)s: kết quả tự đánh giá không hợp lệ.") % {"line": line})
        elif note and not result:
            problems.append(_("Dòng %(line)s: hãy chọn kết quả tự đánh giá.") % {"line": line})
        elif len(note) > NOTE_MAX:
            problems.append(_("Dòng %(line)s: phần tự đánh giá dài quá 500 ký tự.") % {"line": line})
        elif (result, note) != (pledge.result, pledge.review_note):
            changes.append((pledge, result, note))
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    for pledge, result, note in changes:
        pledge.result, pledge.review_note = result, note
        pledge.reviewed_by, pledge.reviewed_at = (actor, now) if result else (None, None)
        pledge.save(update_fields=["result", "review_note", "reviewed_by", "reviewed_at"])
    audit_record(
        actor=actor,
        action="campaign_reviews",
        obj=campaign,
        organization=organization,
        changes={p.member.full_name if p.member else organization.name: r for p, r, _n in changes},
    )
    return len(changes)

"""A committee with two cells, its office, a committee member who supervises, and officers of siblings."""

import datetime

import pytest
from django.utils import timezone

from chibo.meetings import services as meeting_services
from chibo.meetings.models import Meeting
from chibo.members import services as member_services
from chibo.organizations.models import Grant
from chibo.topics import services

R = Grant.Role
YEAR = 2025  # a year that is over


@pytest.fixture
def people(tree, make_user):
    committee = tree["Đảng bộ VKSND"]
    return {
        "committee": committee,
        "cell": tree["Chi bộ Văn phòng"],
        "sibling_cell": tree["Chi bộ Hình sự"],
        "secretary": make_user("bithu", role=R.CELL_OFFICER, organization=tree["Chi bộ Văn phòng"]),
        "office": make_user("vanphong", role=R.OFFICE_STAFF, organization=committee),
        "supervisor": make_user(
            "capuy", role=R.SUPERVISOR, organization=committee, first_name="Khiêm", last_name="Tạ Đức"
        ),
        "sibling_secretary": make_user("bithu_hs", role=R.CELL_OFFICER, organization=tree["Chi bộ Hình sự"]),
        "other_supervisor": make_user(
            "capuy_tc", role=R.SUPERVISOR, organization=tree["Đảng bộ Sở Tài chính"]
        ),
        "other_office": make_user(
            "vanphong_tc", role=R.OFFICE_STAFF, organization=tree["Đảng bộ Sở Tài chính"]
        ),
    }


@pytest.fixture
def presenter(people):
    return member_services.member_create(
        actor=people["secretary"],
        organization=people["cell"],
        citizen_id="001085000001",
        full_name="Nguyễn Thị Mai",
        sex="female",
        born_on=datetime.date(1985, 1, 1),
        admitted_on=datetime.date(2010, 1, 1),
        status="full",
    )


def held_meeting(actor, cell, day, kind=Meeting.Kind.COMBINED):
    meeting = meeting_services.meeting_create(
        actor=actor, organization=cell, day=day, time=datetime.time(14), kind=kind
    )
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(14)))
    meeting_services.meeting_start(actor=actor, meeting=meeting, at=at)
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def topic(people, presenter, topic_categories):
    """A draft topic of Chi bộ Văn phòng for the third quarter of 2025."""
    return services.topic_register(
        actor=people["secretary"],
        organization=people["cell"],
        year=YEAR,
        quarter=3,
        title="Học tập phong cách làm việc khoa học của Bác",
        category=topic_categories["hoc-tap-bac"],
        presenter=presenter,
        outline="1. Nội dung.\n2. Liên hệ.",
    )


@pytest.fixture
def held_topic(people, topic):
    """The topic approved, planned, with a supervisor, and held at the cell's combined meeting of 10/9/2025."""
    services.topic_submit(actor=people["secretary"], topic=topic, today=datetime.date(2025, 6, 1))
    services.topic_approve(actor=people["secretary"], topic=topic)
    services.plan_include(actor=people["office"], topics=[topic], committee=people["committee"], year=YEAR)
    services.supervision_assign(actor=people["office"], topic=topic, supervisor=people["supervisor"])
    meeting = held_meeting(people["secretary"], people["cell"], datetime.date(2025, 9, 10))
    services.topic_hold(actor=people["secretary"], topic=topic, meeting=meeting)
    topic.refresh_from_db()
    return topic

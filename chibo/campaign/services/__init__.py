"""Writes of the campaign: the year's campaign and its study schedule, the pledges of a unit and its members (and a
member's own), their year-end self-review, the codes of ethics. Each goes through the gate, is all or nothing,
answers bad input with a Vietnamese message naming the field or the row, and writes one line of the audit log."""

from chibo.campaign.services.campaigns import (
    campaign_create,
    campaign_update,
    study_item_delete,
    study_item_save,
)
from chibo.campaign.services.common import DOCUMENT_TYPES, MAX_BYTES
from chibo.campaign.services.ethics import ethics_code_save
from chibo.campaign.services.pledges import own_pledge_save, pledges_save, reviews_save

__all__ = [
    "DOCUMENT_TYPES",
    "MAX_BYTES",
    "campaign_create",
    "campaign_update",
    "ethics_code_save",
    "own_pledge_save",
    "pledges_save",
    "reviews_save",
    "study_item_delete",
    "study_item_save",
]

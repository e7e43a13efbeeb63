from typing import Any

from django.db import models

from chibo.core.models import AuditEntry


def audit_record(
    *, actor: Any, action: str, obj: models.Model, organization: Any = None, changes: dict | None = None
) -> AuditEntry:
    """Append one line to the audit log. ``organization`` scopes who may read the line."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        organization=organization,
        organization_path=getattr(organization, "path", "") or "",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        changes=changes or {},
    )

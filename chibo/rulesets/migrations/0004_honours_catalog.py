"""The catalog of honours (``emulation.honours``), the nomination vote (``votes.nomination``) and the two conditions
of Tập thể lao động xuất sắc that ``emulation.collective_excellent`` lacked (``no_discipline``,
``advanced_members_comparison``), added to every stored version that lacks them. A version in force before
01/7/2025 gets the catalog of the older texts (Nghị định 91/2017/NĐ-CP), a later one the current catalog (Nghị định
152/2025/NĐ-CP). Values the versions already hold are not touched (DOMAIN.md, "Emulation and commendation";
docs/decisions/0013-honours-catalog.md)."""

import copy
import datetime

from django.db import migrations

CURRENT_FROM = datetime.date(2025, 7, 1)
COLLECTIVE_KEYS = ("advanced_members_comparison", "no_discipline")


def _complete(values, shipped):
    changed = False
    emulation = values.get("emulation")
    if isinstance(emulation, dict):
        if "honours" not in emulation:
            emulation["honours"] = copy.deepcopy(shipped["emulation"]["honours"])
            changed = True
        collective = emulation.get("collective_excellent")
        if isinstance(collective, dict):
            for key in COLLECTIVE_KEYS:
                if key not in collective:
                    collective[key] = shipped["emulation"]["collective_excellent"][key]
                    changed = True
    votes = values.get("votes")
    if isinstance(votes, dict) and "nomination" not in votes:
        votes["nomination"] = copy.deepcopy(shipped["votes"]["nomination"])
        changed = True
    return changed


def complete(apps, schema_editor):
    from chibo.rulesets.defaults import CURRENT_VALUES, PREVIOUS_VALUES

    RuleSet = apps.get_model("rulesets", "RuleSet")
    for ruleset in RuleSet.objects.all():
        shipped = CURRENT_VALUES if ruleset.effective_from >= CURRENT_FROM else PREVIOUS_VALUES
        if _complete(ruleset.values, shipped):
            ruleset.save(update_fields=["values"])


class Migration(migrations.Migration):
    dependencies = [("rulesets", "0003_quality_review_conditions")]

    operations = [migrations.RunPython(complete, migrations.RunPython.noop)]

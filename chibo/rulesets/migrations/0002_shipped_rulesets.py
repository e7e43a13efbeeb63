"""The two rule sets shipped with the system (see chibo/rulesets/defaults.py for the values and sources)."""

import copy

from django.db import migrations


def _shipped():
    from chibo.rulesets.defaults import SHIPPED_RULESETS

    return copy.deepcopy(SHIPPED_RULESETS)


def add_shipped(apps, schema_editor):
    RuleSet = apps.get_model("rulesets", "RuleSet")
    for item in _shipped():
        RuleSet.objects.get_or_create(effective_from=item["effective_from"], defaults=item)


def remove_shipped(apps, schema_editor):
    RuleSet = apps.get_model("rulesets", "RuleSet")
    for item in _shipped():
        RuleSet.objects.filter(
            effective_from=item["effective_from"], name=item["name"], created_by__isnull=True
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("rulesets", "0001_initial")]

    operations = [migrations.RunPython(add_shipped, remove_shipped)]

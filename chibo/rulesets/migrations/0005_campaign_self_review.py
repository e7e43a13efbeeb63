"""The month from which the campaign's year-end self-review of the pledges is recorded
(``campaign.self_review_from_month``), added to every stored version that lacks it, as the shipped versions have it
(November, seed 004). Values the versions already hold are not touched."""

import copy

from django.db import migrations


def complete(apps, schema_editor):
    from chibo.rulesets.defaults import CURRENT_VALUES

    RuleSet = apps.get_model("rulesets", "RuleSet")
    for ruleset in RuleSet.objects.all():
        if "campaign" not in ruleset.values:
            ruleset.values["campaign"] = copy.deepcopy(CURRENT_VALUES["campaign"])
            ruleset.save(update_fields=["values"])


class Migration(migrations.Migration):
    dependencies = [("rulesets", "0004_honours_catalog")]

    operations = [migrations.RunPython(complete, migrations.RunPython.noop)]

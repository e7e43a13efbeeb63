"""The quality review's further conditions, completed in every stored version: which levels need every task on time,
and the blocking conditions (QĐ 366-QĐ/TW, HD 43; before them QĐ 124-QĐ/TW, which has the same ones). The values
the versions already hold are not touched; only the two missing keys are added, so a review is judged by the rules
its version always meant (DOMAIN.md, "Quality review")."""

import copy

from django.db import migrations

KEYS = ("all_on_time_for", "blocking_conditions")


def complete(apps, schema_editor):
    from chibo.rulesets.defaults import CURRENT_VALUES

    RuleSet = apps.get_model("rulesets", "RuleSet")
    shipped = CURRENT_VALUES["quality_review"]
    for ruleset in RuleSet.objects.all():
        review = ruleset.values.get("quality_review")
        if review is None or all(key in review for key in KEYS):
            continue
        for key in KEYS:
            review.setdefault(key, copy.deepcopy(shipped[key]))
        ruleset.save(update_fields=["values"])


class Migration(migrations.Migration):
    dependencies = [("rulesets", "0002_shipped_rulesets")]

    operations = [migrations.RunPython(complete, migrations.RunPython.noop)]

from django.apps import AppConfig


class RulesetsConfig(AppConfig):
    name = "chibo.rulesets"
    label = "rulesets"
    verbose_name = "Bộ quy tắc"

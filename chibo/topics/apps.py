from django.apps import AppConfig


class TopicsConfig(AppConfig):
    name = "chibo.topics"
    label = "topics"
    verbose_name = "Sinh hoạt chuyên đề"

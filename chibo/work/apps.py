from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "chibo.work"
    label = "work"
    verbose_name = "Công việc của đảng viên"

from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "chibo.organizations"
    label = "organizations"
    verbose_name = "Tổ chức đảng"

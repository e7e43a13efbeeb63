from django.contrib import admin

from chibo.documents.models import DocumentNumber, IssuingPlace


@admin.register(IssuingPlace)
class IssuingPlaceAdmin(admin.ModelAdmin):
    list_display = ["organization", "name"]
    search_fields = ["organization__name", "name"]
    raw_id_fields = ["organization"]


@admin.register(DocumentNumber)
class DocumentNumberAdmin(admin.ModelAdmin):
    """The register is written by the system only: numbers are never typed or changed by hand."""

    list_display = ["__str__", "organization", "term", "issued_on", "meeting"]
    list_filter = ["doc_type"]
    search_fields = ["organization__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

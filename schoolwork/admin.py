"""Администрирование: просмотр и правка записей с историей. Файлы здесь не скачиваются — только через
страницы приложения с проверкой прав (ссылок на MEDIA_URL нет нигде)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from config.admin_figures import FiguresAdminMixin
from config.admin_versioning import VersionCheckedAdminMixin
from jobs.admin import JobAdminMixin
from schoolwork.models import DocumentVersion, RiskImportBatch, SchoolDocument, Visit, VisitAttachment

FILE_FIELDS = ["file", "original_name", "content_type", "size", "uploaded_by", "uploaded_at"]


class VisitAttachmentInline(admin.TabularInline):
    model = VisitAttachment
    extra = 0
    readonly_fields = FILE_FIELDS
    fields = FILE_FIELDS


@admin.register(Visit)
class VisitAdmin(FiguresAdminMixin, VersionCheckedAdminMixin, SimpleHistoryAdmin):
    figures_region_path = "school__municipality__region_id"
    list_display = ["date", "school", "kind", "status", "curator"]
    list_filter = ["status", "kind", "school__municipality__region"]
    search_fields = ["school__short_name", "curator__last_name", "purpose"]
    list_select_related = ["school", "curator"]
    raw_id_fields = ["school", "curator"]
    date_hierarchy = "date"
    inlines = [VisitAttachmentInline]


class DocumentVersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    readonly_fields = ["number", *FILE_FIELDS, "comment"]
    fields = readonly_fields


@admin.register(SchoolDocument)
class SchoolDocumentAdmin(FiguresAdminMixin, VersionCheckedAdminMixin, SimpleHistoryAdmin):
    figures_region_path = "school__municipality__region_id"
    list_display = ["school", "year", "kind", "status", "reviewed_by", "reviewed_at"]
    list_filter = ["year", "kind", "status", "school__municipality__region"]
    search_fields = ["school__short_name", "title"]
    list_select_related = ["school", "reviewed_by"]
    raw_id_fields = ["school", "direction", "reviewed_by", "confirmed_version"]
    inlines = [DocumentVersionInline]


@admin.register(RiskImportBatch)
class RiskImportBatchAdmin(JobAdminMixin, SimpleHistoryAdmin):
    job_kind = "schoolwork.risk_import"
    list_display = ["created_at", "region", "year", "original_name", "status", "row_count", "applied_count"]
    list_display += ["attempts", "apply_error"]
    list_filter = ["status", "region", "year"]
    readonly_fields = [
        "region",
        "year",
        "created_by",
        "original_name",
        "status",
        "row_count",
        "errors",
        "applied_at",
        "applied_count",
        "apply_error",
        "attempts",
        "dispatch_error",
    ]
    exclude = ["rows"]

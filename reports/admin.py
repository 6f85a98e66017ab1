from django.contrib import admin

from jobs.admin import JobAdminMixin
from reports.models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(JobAdminMixin, admin.ModelAdmin):
    job_kind = "reports.export"
    list_display = ["title", "kind", "requested_by", "status", "progress", "attempts", "message"]
    list_display += ["created_at", "expires_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["requested_by"]
    search_fields = ["title"]
    raw_id_fields = ["requested_by"]
    readonly_fields = ["params_hash", "created_at", "started_at", "finished_at", "attempts", "dispatch_error"]

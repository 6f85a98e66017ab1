from django.contrib import admin

from jobs.admin import JobAdminMixin
from monitoring.models import SnapshotRun


@admin.register(SnapshotRun)
class SnapshotRunAdmin(JobAdminMixin, admin.ModelAdmin):
    job_kind = "monitoring.snapshot"
    list_display = [
        "stage",
        "region",
        "status",
        "progress",
        "attempts",
        "enqueued_at",
        "message",
        "created_at",
    ]
    list_filter = ["status"]
    list_select_related = ["stage", "region"]
    raw_id_fields = ["requested_by"]
    readonly_fields = ["created_at", "finished_at", "attempts", "dispatch_error"]

from django.contrib import admin

from notifications.models import DigestEmail, Notification, RegionDayRun, Reminder


@admin.register(RegionDayRun)
class RegionDayRunAdmin(admin.ModelAdmin):
    list_display = ["region", "day", "enqueued_at", "finished_at", "reminders_created"]
    list_filter = ["day"]
    list_select_related = ["region"]


@admin.register(DigestEmail)
class DigestEmailAdmin(admin.ModelAdmin):
    list_display = ["user", "region", "day", "sent_at", "emailed"]
    list_filter = ["day", "emailed"]
    list_select_related = ["user", "region"]
    raw_id_fields = ["user"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["key", "kind", "user", "day", "due_date"]
    list_filter = ["kind", "day"]
    search_fields = ["key"]
    list_select_related = ["user"]
    raw_id_fields = ["user", "digest", "item", "roadmap", "municipality", "notification"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "kind", "created_at", "is_read"]
    list_filter = ["kind", "is_read"]
    list_select_related = ["user"]
    raw_id_fields = ["user", "digest"]

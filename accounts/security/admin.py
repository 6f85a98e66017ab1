"""Журнал событий безопасности в админке: только просмотр и поиск."""

from django.contrib import admin

from accounts.security.models import SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "username", "user", "ip_address", "method", "path"]
    list_filter = ["kind", "created_at"]
    search_fields = ["username", "ip_address", "path", "user__email"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in SecurityEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

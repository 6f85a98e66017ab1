from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from guardian.admin import GuardedModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Invitation, RoleMembership, User
from config.admin_versioning import VersionCheckedAdminMixin


class RoleMembershipInline(VersionCheckedAdminMixin, admin.TabularInline):
    model = RoleMembership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["region", "municipality", "school"]
    readonly_fields = ["created_at", "created_by"]


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "last_name", "first_name")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(VersionCheckedAdminMixin, GuardedModelAdminMixin, SimpleHistoryAdmin, DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    ordering = ["last_name", "first_name"]
    list_display = ["email", "full_name", "position", "is_active", "is_staff", "is_superuser"]
    list_filter = ["is_active", "is_staff", "is_superuser", "memberships__role"]
    search_fields = ["email", "last_name", "first_name", "middle_name"]
    inlines = [RoleMembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Личные данные", {"fields": ("last_name", "first_name", "middle_name", "position", "phone")}),
        ("Настройки", {"fields": ("email_notifications",)}),
        ("Права", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Даты", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("email", "last_name", "first_name", "password1", "password2")},
        ),
    )


@admin.register(RoleMembership)
class RoleMembershipAdmin(VersionCheckedAdminMixin, SimpleHistoryAdmin):
    list_display = ["user", "role", "region", "municipality", "school", "is_active"]
    list_filter = ["role", "is_active", "region"]
    search_fields = ["user__email", "user__last_name"]
    autocomplete_fields = ["user", "region", "municipality", "school"]
    list_select_related = ["user", "region", "municipality", "school"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["user", "invited_by", "created_at", "sent_at"]
    list_select_related = ["user", "invited_by"]
    readonly_fields = ["created_at", "sent_at"]


from accounts.security import admin as security_admin  # noqa: E402, F401  (журнал событий безопасности)

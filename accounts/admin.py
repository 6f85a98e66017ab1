from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from guardian.admin import GuardedModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Invitation, RoleMembership, User
from accounts.security import admin_events
from accounts.security.events import security_event_record
from accounts.security.models import SecurityEventKind
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

    # Правки в админке пишут те же события безопасности, что и службы сайта (accounts/security/admin_events).
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            admin_events.user_changed_in_admin(actor=request.user, person=obj, changed=form.changed_data)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is not RoleMembership:
            return
        for membership in formset.new_objects:
            admin_events.membership_saved_in_admin(
                actor=request.user, membership=membership, created=True, changed=()
            )
        for membership, changed in formset.changed_objects:
            admin_events.membership_saved_in_admin(
                actor=request.user, membership=membership, created=False, changed=changed
            )
        for membership in formset.deleted_objects:
            admin_events.membership_deleted_in_admin(actor=request.user, membership=membership)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            person = User.objects.get(pk=id)
            admin_events.password_set_in_admin(actor=request.user, person=person)
        return response


@admin.register(RoleMembership)
class RoleMembershipAdmin(VersionCheckedAdminMixin, SimpleHistoryAdmin):
    list_display = ["user", "role", "region", "municipality", "school", "is_active"]
    list_filter = ["role", "is_active", "region"]
    search_fields = ["user__email", "user__last_name"]
    autocomplete_fields = ["user", "region", "municipality", "school"]
    list_select_related = ["user", "region", "municipality", "school"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        admin_events.membership_saved_in_admin(
            actor=request.user, membership=obj, created=not change, changed=form.changed_data
        )

    def delete_model(self, request, obj):
        admin_events.membership_deleted_in_admin(actor=request.user, membership=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user"):
            admin_events.membership_deleted_in_admin(actor=request.user, membership=membership)
        super().delete_queryset(request, queryset)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["user", "invited_by", "created_at", "sent_at"]
    list_select_related = ["user", "invited_by"]
    readonly_fields = ["created_at", "sent_at"]


from accounts.security import admin as security_admin  # noqa: E402, F401  (журнал событий безопасности)

_site_password_change = admin.site.password_change


def _password_change_logged(request, extra_context=None):
    """Смена своего пароля на странице админки — то же событие, что и на сайте (PasswordChangeView)."""
    response = _site_password_change(request, extra_context)
    if request.method == "POST" and response.status_code == 302:
        security_event_record(kind=SecurityEventKind.PASSWORD_CHANGED, user=request.user, request=request)
    return response


admin.site.password_change = _password_change_logged

from django.contrib import admin
from guardian.admin import GuardedModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from config.admin_figures import CatalogueAdminMixin, FiguresAdminMixin
from config.admin_versioning import VersionCheckedAdminMixin
from schools.models import (
    CuratorAssignment,
    Municipality,
    Organisation,
    Participation,
    Region,
    RiskFactor,
    RiskProfile,
    RiskProfileLevel,
    School,
)


@admin.register(Region)
class RegionAdmin(FiguresAdminMixin, VersionCheckedAdminMixin, GuardedModelAdminMixin, SimpleHistoryAdmin):
    figures_region_path = "pk"
    list_display = ["code", "name", "timezone"]
    search_fields = ["code", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(
    FiguresAdminMixin, VersionCheckedAdminMixin, GuardedModelAdminMixin, SimpleHistoryAdmin
):
    figures_region_path = "region_id"
    list_display = ["name", "kind", "region"]
    list_filter = ["region", "kind"]
    search_fields = ["name"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0


@admin.register(School)
class SchoolAdmin(FiguresAdminMixin, VersionCheckedAdminMixin, GuardedModelAdminMixin, SimpleHistoryAdmin):
    figures_region_path = "municipality__region_id"
    list_display = ["short_name", "municipality", "inn"]
    list_filter = ["municipality__region"]
    search_fields = ["short_name", "full_name", "inn"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality"]
    inlines = [ParticipationInline]


@admin.register(Organisation)
class OrganisationAdmin(VersionCheckedAdminMixin, SimpleHistoryAdmin):
    list_display = ["short_name", "full_name", "kind", "region"]
    list_filter = ["region", "kind"]
    search_fields = ["short_name", "full_name", "aliases"]
    list_select_related = ["region"]


@admin.register(CuratorAssignment)
class CuratorAssignmentAdmin(FiguresAdminMixin, SimpleHistoryAdmin):
    figures_region_path, figures_counted = "school__municipality__region_id", False
    list_display = ["school", "curator", "year", "assigned_at"]
    list_filter = ["year"]
    search_fields = ["school__short_name", "curator__last_name", "curator__email"]
    autocomplete_fields = ["school", "curator"]
    list_select_related = ["school", "curator"]


@admin.register(RiskFactor)
class RiskFactorAdmin(CatalogueAdminMixin, SimpleHistoryAdmin):
    """Каталог рисковых факторов правит федеральный администратор (формулировки меняются по годам)."""

    list_display = ["year", "number", "title"]
    list_filter = ["year"]
    search_fields = ["title"]


class RiskProfileLevelInline(admin.TabularInline):
    model = RiskProfileLevel
    extra = 0


@admin.register(RiskProfile)
class RiskProfileAdmin(FiguresAdminMixin, VersionCheckedAdminMixin, SimpleHistoryAdmin):
    figures_region_path = "school__municipality__region_id"
    list_display = ["school", "year", "verified_at"]
    list_filter = ["year"]
    search_fields = ["school__short_name"]
    autocomplete_fields = ["school"]
    inlines = [RiskProfileLevelInline]

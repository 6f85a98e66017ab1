from django.contrib import admin
from django.urls import include, path

from accounts.urls import auth_urlpatterns
from home import views as home_views
from jobs import views as job_views

handler500 = "jobs.views.server_error_or_unavailable"

admin.site.site_header = "Дорожная карта 500+ — администрирование"
admin.site.site_title = "Дорожная карта 500+"
admin.site.index_title = "Администрирование"

urlpatterns = [
    path("", home_views.home, name="home"),
    path("healthz/", job_views.healthz, name="healthz"),
    path("livez/", job_views.livez, name="livez"),
    path("admin/", admin.site.urls),
    path("accounts/", include(auth_urlpatterns)),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("people.urls")),
    path("roadmaps/", include("roadmaps.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("notifications/", include("notifications.urls")),
    path("reports/", include("reports.urls")),
    path("search/", include("search.urls")),
    path("alignment/", include("alignment.urls")),
    path("", include("schools.urls")),
    path("", include("schoolwork.urls")),
]

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from api.views import graphql_view
from config.views import favicon, healthz

admin.site.site_header = "工坊 · 行走的巾帼工坊"
admin.site.site_title = "工坊管理"
admin.site.index_title = "项目管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("graphql/", graphql_view, name="graphql"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz/", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("me/", include("portal.urls")),
    path("payments/", include("payments.urls")),
    path("staff/reports/", include("orders.urls")),
    path("staff/", include("workbench.urls")),
    path("", include("carts.urls")),
    path("", include("storefront.urls")),
]


def serve_media(request, path):
    # MEDIA_ROOT read per request, not when the URLs load: a test (or a reconfigured demo) may move it.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


# Branded pages for a missing page and a server error (DEBUG=0), in the look of the part of the site.
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"

if settings.SERVE_MEDIA:
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve_media)]

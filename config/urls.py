from django.conf import settings
from django.contrib import admin
from django.urls import path, re_path
from django.views.static import serve

from api.views import graphql_view

admin.site.site_header = "工坊 · 行走的巾帼工坊"
admin.site.site_title = "工坊管理"
admin.site.index_title = "项目管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("graphql/", graphql_view, name="graphql"),
]

if settings.SERVE_MEDIA:
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]

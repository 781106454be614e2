from django.urls import path

from carts import views

urlpatterns = [
    path("pos/", views.pos_app, name="pos-app"),
    path("pos/sw.js", views.pos_service_worker, name="pos-service-worker"),
    path("pos/manifest.webmanifest", views.pos_manifest, name="pos-manifest"),
    path("r/<uuid:client_uuid>/", views.pos_receipt, name="pos-receipt"),
]

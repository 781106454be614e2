"""Staff pages of the workbench, mounted at /staff/ (config/urls.py)."""

from django.urls import path

from workbench import views

app_name = "workbench"

urlpatterns = [
    path("new-piece/", views.new_piece, name="new-piece"),
    path("restock/", views.restock, name="restock"),
]

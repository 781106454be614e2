"""Staff reports, mounted at /staff/reports/ (config/urls.py)."""

from django.urls import path

from orders import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("sales/", views.sales, name="sales"),
    path("artisans/", views.artisans, name="artisans"),
    path("categories/", views.categories, name="categories"),
    path("weekly/", views.weekly, name="weekly"),
    path("trial-balance/", views.trial_balance, name="trial_balance"),
]

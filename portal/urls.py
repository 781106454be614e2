from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("login/", views.login_view, name="login"),
    path("link/<str:token>/", views.link_login_view, name="link_login"),
    path("logout/", views.logout_view, name="logout"),
    path("pieces/", views.pieces_view, name="pieces"),
    path("sales/", views.sales_view, name="sales"),
    path("payouts/", views.payouts_view, name="payouts"),
    path("statements/", views.statements_view, name="statements"),
    path("statements/pdf/", views.statement_pdf_view, name="statement_pdf"),
]

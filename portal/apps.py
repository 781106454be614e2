from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "手工艺人页面"  # no models: never shown in the admin

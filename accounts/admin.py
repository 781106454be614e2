from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "display_name", "phone", "is_staff", "is_active")
    search_fields = ("username", "display_name", "phone")
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("工坊"), {"fields": ("display_name", "phone", "preferred_language")}),
    )

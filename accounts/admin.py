from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.forms import AdminSignInForm
from accounts.models import User
from accounts.services import user_sign_ins_revoke

admin.site.login_form = AdminSignInForm


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "display_name", "phone", "is_staff", "is_active")
    search_fields = ("username", "display_name", "phone")
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("工坊"), {"fields": ("display_name", "phone", "preferred_language")}),
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            # Disabled: her tokens and sessions end now, and stay ended if she is enabled again.
            user_sign_ins_revoke(user=obj)

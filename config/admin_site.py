"""The admin site: Django's, where every model admin (ours and the libraries') takes from the address
only the first values its form's fields accept.

An add page fills its form from the query string (?artisan=3 after "add another"). Django hands the
raw text to the widgets, and some fail on text they cannot read: the SKU and artisan pickers
(AutocompleteSelect) look "1-1" up as an id and raise, django_celery_beat's time widget expects a
datetime. Each was a 500 for /admin/<app>/<model>/add/?field=1-1 (tests/security/
test_hostile_query_strings.py). Here each value goes through its field's clean() first: what the
field accepts is given to the widget as the field's own value, anything else is left out.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import ValidationError

from core.admin_fields import YuanAndPercentFields


class CheckedInitialData:
    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if not initial:
            return initial
        fields = self.get_form(request).base_fields
        checked = {}
        for name, value in initial.items():
            field = fields.get(name)
            if field is None:
                checked[name] = value  # not a form field: the form never shows it
                continue
            try:
                checked[name] = field.clean(value)
            except (ValidationError, ValueError, TypeError, OverflowError):
                continue
        return checked


def _with_units(inline_class):
    """An inline with money in yuan and shares in percent (core/admin_fields.py)."""
    if issubclass(inline_class, YuanAndPercentFields):
        return inline_class
    return type(
        inline_class.__name__,
        (YuanAndPercentFields, inline_class),
        {"__module__": inline_class.__module__, "__doc__": inline_class.__doc__},
    )


# Apps of the libraries (periodic tasks, sign-in attempts) come after the programme's own.
LIBRARY_APPS = ("django_celery_beat", "axes", "auth")


class GongfangAdminSite(admin.AdminSite):
    def index(self, request, extra_context=None):
        """The front page opens with what needs doing today (workbench/), the models below it."""
        # Imported here: this module loads with the app registry, before any model may be imported.
        from workbench.views import front_page_context

        return super().index(request, {**front_page_context(request), **(extra_context or {})})

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        return sorted(apps, key=lambda app: app["app_label"] in LIBRARY_APPS)

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, CheckedInitialData):
            admin_class = type(
                admin_class.__name__,
                (CheckedInitialData, YuanAndPercentFields, admin_class),
                {
                    "__module__": admin_class.__module__,
                    "__doc__": admin_class.__doc__,
                    "inlines": [_with_units(inline) for inline in admin_class.inlines],
                },
            )
        return super().register(model_or_iterable, admin_class, **options)


class GongfangAdminConfig(AdminConfig):
    default_site = "config.admin_site.GongfangAdminSite"

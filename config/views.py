from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


def healthz(request):
    """For the container health check and load balancers: answers only when the database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request):
    """Browsers, feed readers and the admin ask /favicon.ico whatever the page links: the static icon."""
    return HttpResponseRedirect(static("favicon.ico"))

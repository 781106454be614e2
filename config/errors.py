"""Branded "not found" and "server error" pages (DEBUG=0): each user sees one in the look of the part
of the site she was on, with a way back. The 500 page is rendered without the request's context (no
session, no database), since whatever failed may fail again while it is drawn."""

from django.http import HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


def _area(path: str) -> str:
    if path.startswith(("/admin/", "/staff/")):
        return "staff"
    if path.startswith("/me/"):
        return "portal"
    return "storefront"


@requires_csrf_token
def page_not_found(request, exception=None):
    area = _area(request.path)
    body = loader.render_to_string(f"errors/404_{area}.html", {"path": request.path}, request=request)
    return HttpResponseNotFound(body)


@requires_csrf_token
def server_error(request):
    body = loader.get_template("errors/500.html").render({"area": _area(request.path)})
    return HttpResponseServerError(body)

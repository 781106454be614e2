"""The tourists' pages: thin views that read through storefront.selectors and write through
storefront.services."""

from django.http import Http404

from core.errors import NotFound


def found_or_404(selector, **kwargs):
    """What the selector finds; a page that names nothing there (NotFound) is a 404."""
    try:
        return selector(**kwargs)
    except NotFound as error:
        raise Http404 from error

"""Whole-page caching for the browsing pages, which every visitor sees alike.

A page is rendered once per language, address and catalogue version and kept for PAGE_TTL seconds
(short enough for its stock badges). Only the CSRF token of the language switcher differs between
visitors: it is cut out of the stored page and put back per request. A page with messages to show
is rendered afresh and not stored.
"""

import hashlib
import re
from functools import wraps

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from storefront import selectors
from storefront import session as store
from storefront.selectors import catalogue_version

PAGE_TTL = 30
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
SLOT = "storefront-csrf-slot"
# The header's basket count is the visitor's own too: stored as a slot, filled per request.
COUNT = re.compile(r'<span class="count" data-basket-count(?: hidden)?>[0-9]*</span>')
COUNT_SLOT = "<!--storefront-basket-count-slot-->"


def _basket_count_html(request) -> str:
    pieces = selectors.basket_count(store.checkout_token(request.session))
    hidden = "" if pieces else " hidden"
    return f'<span class="count" data-basket-count{hidden}>{pieces}</span>'


def page_key(request) -> str:
    address = hashlib.sha1(request.get_full_path().encode()).hexdigest()
    return f"storefront:page:{get_language()}:{catalogue_version()}:{address}"


def cached_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if len(messages.get_messages(request)):
            return view(request, *args, **kwargs)
        key = page_key(request)
        html = cache.get(key)
        if html is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                page = TOKEN.sub(rf"\g<1>{SLOT}\g<2>", response.content.decode())
                cache.set(key, COUNT.sub(COUNT_SLOT, page), PAGE_TTL)
            return response
        return HttpResponse(
            html.replace(SLOT, get_token(request)).replace(COUNT_SLOT, _basket_count_html(request))
        )

    return wrapper

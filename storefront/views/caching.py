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

from storefront.selectors import catalogue_version

PAGE_TTL = 30
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
SLOT = "storefront-csrf-slot"


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
                cache.set(key, TOKEN.sub(rf"\g<1>{SLOT}\g<2>", response.content.decode()), PAGE_TTL)
            return response
        return HttpResponse(html.replace(SLOT, get_token(request)))

    return wrapper

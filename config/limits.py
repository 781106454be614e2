"""Bounds every request shares (docs/limits.md): its SQL statements are stopped after the statement
timeout (core.timeouts), answered as a 503 the client may retry; a NUL character in the address,
which PostgreSQL cannot compare or store, is refused with a 400 before any view reads it; and a
number or date from the request too large to compute with (Django's admin turns ?created__year=10^20
into an OverflowError) is a 400, not a 500.

/graphql/ has its own limits on top (api.views, api.core.request_limits, api.core.validation)."""

import logging

from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

from core.timeouts import bound_statements_of_web_requests, is_statement_timeout

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


class RequestLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        bound_statements_of_web_requests()

    def __call__(self, request):
        # "%00" is a NUL however the query string is decoded ("%2500" is "%" then "00", not one).
        if "%00" in request.META.get("QUERY_STRING", "") or "\x00" in request.path:
            return HttpResponseBadRequest(
                _("地址中不能含有 NUL 字符（U+0000）。"), content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_statement_timeout(exception):
            response = HttpResponse(
                _("这个请求用时超过服务器允许的时间，请稍后再试。"),
                status=503,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        if isinstance(exception, OverflowError):
            # Logged with its traceback: should one come from our own arithmetic, it is seen.
            logger.warning("Refused a request whose input overflowed: %s", request.path, exc_info=exception)
            return HttpResponseBadRequest(
                _("请求中的数字或日期超出了可处理的范围。"), content_type="text/plain; charset=utf-8"
            )
        return None

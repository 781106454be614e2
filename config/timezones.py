"""Every page is read in the business's zone (settings.BUSINESS_TIME_ZONE, Asia/Shanghai).

Storage, logs and Celery stay in UTC (settings.TIME_ZONE); only a request's rendering and parsing
happen in the zone where the carts and the office are: admin lists and forms, reports, printouts and
the times a person types in (Django's forms read a naive time in the active zone). Without this a
transfer read 19:19 on the tablet and 11:19 in the admin.
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def business_zone() -> ZoneInfo:
    return ZoneInfo(settings.BUSINESS_TIME_ZONE)


class BusinessTimeZoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with timezone.override(business_zone()):
            return self.get_response(request)

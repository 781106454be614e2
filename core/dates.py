"""The days the programme's books, reports and statements can be asked about: 2000-01-01 to
2099-12-31. A day outside is refused with a message (a 400 on a page, a typed error in the API)
before it reaches a query: at year 1 or 9999, turning a Qinghai day into a UTC time overflows."""

import datetime

from django.utils.translation import gettext_lazy as _

EARLIEST_DAY = datetime.date(2000, 1, 1)
LATEST_DAY = datetime.date(2099, 12, 31)
OUT_OF_RANGE_MESSAGE = _("日期须在 2000-01-01 到 2099-12-31 之间。")


def within_books(day: datetime.date) -> bool:
    return EARLIEST_DAY <= day <= LATEST_DAY

"""The artisans' portal at /me/: her own pieces, sales, balance, payouts and statements, nothing else.

Every page finds the artisan from the logged-in user (never from the address), so another
artisan's data cannot be reached. Login is by phone number and a PIN staff issue, or by a
one-time link staff show her as a QR code.
"""

import calendar
import datetime
import functools
import re

from django.contrib.auth import authenticate, login, logout
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.sign_in import ARTISAN_PIN, sign_in_lock, sign_in_tries_left
from artisans.selectors import artisan_for_user
from core.dates import within_books
from ledger.selectors import artisan_balance, payout_list
from ledger.statements import artisan_statement, statement_pdf
from portal.selectors import artisan_pieces, artisan_sale_lines, artisan_sales
from portal.speech import SPOKEN_SALES, balance_speech, sales_speech

SALES_PER_PAGE = 20
RECENT_SALES = 10


def artisan_required(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        artisan = artisan_for_user(user=request.user)
        if artisan is None:
            return redirect("portal:login")
        request.artisan = artisan
        return view(request, *args, **kwargs)

    return wrapped


def login_view(request):
    if artisan_for_user(user=request.user) is not None:
        return redirect("portal:home")
    error = ""
    phone = ""
    status = 200
    if request.method == "POST":
        phone = request.POST.get("phone", "").strip()[:30]
        pin = request.POST.get("pin", "").strip()[:12]
        # artisans.backends.ArtisanPinBackend, behind the sign-in throttle (accounts/sign_in.py).
        user = authenticate(request, phone=phone, pin=pin)
        if user is not None:
            login(request, user)
            return redirect("portal:home")
        lock = sign_in_lock(request, kind=ARTISAN_PIN)
        if lock is not None:
            error, status = lock.message, 429
        else:
            left = sign_in_tries_left(request, kind=ARTISAN_PIN)
            error = _("手机号或 PIN 不对。还可以再试 %(left)s 次。") % {"left": left}
    return render(request, "portal/login.html", {"error": error, "phone": phone}, status=status)


def link_login_view(request, token):
    # artisans.backends.ArtisanLoginLinkBackend: a wrong link counts as a failed sign-in too.
    user = authenticate(request, login_link=token)
    if user is None:
        lock = sign_in_lock(request, kind=ARTISAN_PIN)
        if lock is not None:
            return render(request, "portal/login.html", {"error": lock.message, "phone": ""}, status=429)
        return render(request, "portal/link_invalid.html", status=404)
    login(request, user)
    return redirect("portal:home")


@require_POST
def logout_view(request):
    logout(request)
    return redirect("portal:login")


@artisan_required
def home_view(request):
    balance = artisan_balance(artisan=request.artisan)
    latest = artisan_sales(lines=artisan_sale_lines(artisan=request.artisan)[:SPOKEN_SALES])
    speech = balance_speech(balance=balance) + sales_speech(sales=latest)
    return render(
        request,
        "portal/home.html",
        {"artisan": request.artisan, "balance": balance, "speech": speech, "nav": "home"},
    )


@artisan_required
def pieces_view(request):
    artisan = request.artisan
    return render(
        request,
        "portal/pieces.html",
        {
            "artisan": artisan,
            "pieces": artisan_pieces(artisan=artisan),
            "recent": artisan_sales(lines=artisan_sale_lines(artisan=artisan)[:RECENT_SALES]),
            "nav": "pieces",
        },
    )


@artisan_required
def sales_view(request):
    lines = artisan_sale_lines(artisan=request.artisan)
    page = Paginator(lines, SALES_PER_PAGE).get_page(request.GET.get("page"))
    sales = artisan_sales(lines=page.object_list)
    speech = sales_speech(sales=sales) if page.number == 1 else ""
    if speech:
        speech = balance_speech(balance=artisan_balance(artisan=request.artisan)) + speech
    context = {"artisan": request.artisan, "page": page, "sales": sales, "speech": speech, "nav": "sales"}
    return render(request, "portal/sales.html", context)


@artisan_required
def payouts_view(request):
    payouts = payout_list(artisan=request.artisan)
    return render(
        request, "portal/payouts.html", {"artisan": request.artisan, "payouts": payouts, "nav": "payouts"}
    )


MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


def _month(request) -> tuple[datetime.date, datetime.date, str, str]:
    """The month asked for (this month when none is), its first and last days, its "YYYY-MM", and the
    message refusing what was asked for instead ("" when nothing was wrong)."""
    text = request.GET.get("month", "")
    first, error = None, ""
    if text:
        match = MONTH.fullmatch(text)
        if match and 1 <= int(match[2]) <= 12:
            first = datetime.date(int(match[1]), int(match[2]), 1)
        if first is None or not within_books(first):
            first, error = None, _("月份须是 2000-01 到 2099-12 之间的年份和月份，例如 2026-03。")
    if first is None:
        first = timezone.localdate().replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return first, last, f"{first:%Y-%m}", error


def _recent_months(count=12) -> list[str]:
    first = timezone.localdate().replace(day=1)
    months = []
    for _i in range(count):
        months.append(f"{first:%Y-%m}")
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return months


@artisan_required
def statements_view(request):
    first, last, month, month_error = _month(request)
    statement = artisan_statement(artisan=request.artisan, date_from=first, date_to=last)
    months = _recent_months()
    if month not in months:
        months.insert(0, month)
    return render(
        request,
        "portal/statements.html",
        {
            "artisan": request.artisan,
            "statement": statement,
            "month": month,
            "months": months,
            "month_error": month_error,
            "nav": "statements",
        },
        status=400 if month_error else 200,
    )


@artisan_required
def statement_pdf_view(request):
    first, last, month, month_error = _month(request)
    if month_error:
        return HttpResponseBadRequest(month_error, content_type="text/plain; charset=utf-8")
    statement = artisan_statement(artisan=request.artisan, date_from=first, date_to=last)
    response = HttpResponse(statement_pdf(statement=statement), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="statement-{request.artisan.code}-{month}.pdf"'
    return response

"""Reads for artisans and their agreements, with the joins their pages need."""

import datetime

from django.db.models import Q, QuerySet

from artisans.models import Agreement, Artisan, Workshop
from core.errors import NotFound


def artisan_list(*, search: str | None = None, workshop: Workshop | None = None) -> QuerySet[Artisan]:
    """Artisans by code, with workshop and photo joined; search matches either name or the code."""
    artisans = Artisan.objects.select_related("workshop", "photo").order_by("code")
    if search and search.strip():
        term = search.strip()
        artisans = artisans.filter(
            Q(name_zh__icontains=term) | Q(name_latin__icontains=term) | Q(code__icontains=term)
        )
    if workshop is not None:
        artisans = artisans.filter(workshop=workshop)
    return artisans


def artisan_get(*, code: str | None = None, pk: int | None = None) -> Artisan:
    """One artisan by her code (the storefront's address) or her primary key; NotFound otherwise."""
    if (code is None) == (pk is None):
        raise ValueError("artisan_get needs exactly one of code and pk")
    lookup = {"code": code} if code is not None else {"pk": pk}
    try:
        return Artisan.objects.select_related("workshop", "photo").get(**lookup)
    except Artisan.DoesNotExist as error:
        raise NotFound(params=lookup) from error


def agreement_in_force(*, artisan: Artisan, on: datetime.date) -> Agreement | None:
    """The agreement that splits a sale made on `on`: the latest one that started on or before it."""
    return Agreement.objects.filter(artisan=artisan, valid_from__lte=on).order_by("-valid_from").first()


def agreement_list(*, artisan: Artisan) -> QuerySet[Agreement]:
    """All of an artisan's agreements, newest first."""
    return Agreement.objects.filter(artisan=artisan).order_by("-valid_from")


def artisans_by_phone(*, phone: str) -> QuerySet[Artisan]:
    """Active artisans with this phone number (spaces and dashes ignored) who have a PIN."""
    digits = "".join(ch for ch in (phone or "") if ch.isdigit() or ch == "+")
    if not digits:
        return Artisan.objects.none()
    candidates = Artisan.objects.filter(is_active=True).exclude(pin_hash="").exclude(phone="")
    pks = [
        pk
        for pk, stored in candidates.values_list("pk", "phone")
        if "".join(ch for ch in stored if ch.isdigit() or ch == "+") == digits
    ]
    return Artisan.objects.select_related("user").filter(pk__in=pks).order_by("pk")


def artisan_for_user(*, user) -> Artisan | None:
    """The active artisan whose login account this is, or None."""
    if user is None or not user.is_authenticated:
        return None
    return Artisan.objects.select_related("workshop").filter(user=user, is_active=True).first()

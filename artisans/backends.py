"""The artisans' portal sign-ins as Django authentication backends: her phone number and PIN, or a
one-time login link.

Through django.contrib.auth.authenticate(), so that sign-in throttling (accounts/sign_in.py) counts
and refuses PIN guesses as it does passwords."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.hashers import check_password, make_password

from artisans.selectors import artisans_by_phone
from artisans.services import artisan_login_link_use


class ArtisanPinBackend(ModelBackend):
    def authenticate(self, request, phone=None, pin=None):
        if phone is None or pin is None:
            return None
        candidates = list(artisans_by_phone(phone=phone))
        if not candidates:
            make_password(pin)  # as slow as a real check: the answer's timing tells nothing
            return None
        artisan = next((one for one in candidates if check_password(pin, one.pin_hash)), None)
        if artisan is None or artisan.user is None or not self.user_can_authenticate(artisan.user):
            return None
        return artisan.user


class ArtisanLoginLinkBackend(ModelBackend):
    """A one-time login link staff show her as a QR code (spent by using it)."""

    def authenticate(self, request, login_link=None):
        if login_link is None:
            return None
        artisan = artisan_login_link_use(token=login_link)
        if artisan is None or not self.user_can_authenticate(artisan.user):
            return None
        return artisan.user

"""Staff give an artisan her way into the portal from her admin page: a PIN, or a one-time QR link."""

from django.contrib.auth.hashers import check_password

from artisans.models import ArtisanLoginLink
from tests import factories


def test_staff_set_her_pin_in_the_admin(client, db):
    artisan = factories.ArtisanFactory(code="dolma")
    client.force_login(factories.StaffFactory(is_superuser=True))
    assert "设置 PIN" in client.get(f"/admin/artisans/artisan/{artisan.pk}/change/").content.decode()
    response = client.post(f"/admin/artisans/artisan/{artisan.pk}/pin/", {"pin": "5678"})
    assert response.status_code == 302
    artisan.refresh_from_db()
    assert check_password("5678", artisan.pin_hash) and artisan.user.username == "artisan-dolma"


def test_staff_show_her_a_login_qr_code(client, db):
    artisan = factories.ArtisanFactory()
    client.force_login(factories.StaffFactory(is_superuser=True))
    body = client.post(f"/admin/artisans/artisan/{artisan.pk}/login-link/").content.decode()
    assert "<svg" in body and "/me/link/" in body
    assert ArtisanLoginLink.objects.filter(artisan=artisan, used_at__isnull=True).count() == 1

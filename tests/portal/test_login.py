import datetime

import pytest
from django.contrib.auth.hashers import check_password
from django.urls import reverse
from django.utils import timezone

from artisans.models import ArtisanLoginLink
from artisans.services import artisan_login_link_create, artisan_pin_set
from core.errors import ValidationFailed
from tests import factories
from tests.portal.conftest import PIN

LOGIN = "/me/login/"


def test_the_portal_is_at_me(db):
    assert reverse("portal:home") == "/me/"


def test_pin_set_hashes_the_pin_and_makes_her_a_login_account(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    artisan = factories.ArtisanFactory(code="dolma")
    artisan_pin_set(artisan=artisan, pin="4321")
    artisan.refresh_from_db()
    assert artisan.user.username == "artisan-dolma"
    assert not artisan.user.has_usable_password()
    assert "4321" not in artisan.pin_hash and check_password("4321", artisan.pin_hash)


@pytest.mark.parametrize("pin", ["123", "1234567", "12a4", "", "１２３４"])
def test_pin_set_refuses_anything_but_4_to_6_digits(db, pin):
    artisan = factories.ArtisanFactory()
    with pytest.raises(ValidationFailed):
        artisan_pin_set(artisan=artisan, pin=pin)


def test_anonymous_is_sent_to_the_login_page(client, world):
    for name in ("home", "pieces", "sales", "payouts", "statements", "statement_pdf"):
        response = client.get(reverse(f"portal:{name}"))
        assert response.status_code == 302 and response["Location"] == LOGIN


def test_a_staff_user_who_is_not_an_artisan_is_sent_to_the_login_page(client, world):
    client.force_login(factories.StaffFactory())
    assert client.get("/me/")["Location"] == LOGIN


def test_login_page_is_chinese_by_default_with_an_english_switch(client, world):
    body = client.get(LOGIN).content.decode()
    assert "手机号" in body and 'value="en"' in body and "/i18n/setlang/" in body


def test_the_right_phone_and_pin_log_her_in(client, world):
    response = client.post(LOGIN, {"phone": "13800000001", "pin": PIN})
    assert response.status_code == 302 and response["Location"] == "/me/"
    assert "其木格" in client.get("/me/").content.decode()


def test_a_wrong_pin_does_not(client, world):
    response = client.post(LOGIN, {"phone": "13800000001", "pin": "135790"})  # the other one's PIN
    assert response.status_code == 200
    assert "手机号或 PIN 不对" in response.content.decode()
    assert client.get("/me/").status_code == 302


GUESSER = {"REMOTE_ADDR": "203.0.113.9", "HTTP_USER_AGENT": "guesser/1.0"}
HER_PHONE = {"REMOTE_ADDR": "203.0.113.9", "HTTP_USER_AGENT": "Mozilla/5.0 (her phone)"}


def test_five_failures_lock_the_guessing_phone_not_her(client, world):
    answers = [
        client.post(LOGIN, {"phone": "13800000001", "pin": "000000"}, **GUESSER) for _attempt in range(5)
    ]
    locked = client.post(LOGIN, {"phone": "13800000001", "pin": PIN}, **GUESSER)

    assert [response.status_code for response in answers] == [200, 200, 200, 200, 429]
    assert "手机号或 PIN 不对。还可以再试 4 次。" in answers[0].content.decode()
    assert "手机号或 PIN 不对。还可以再试 1 次。" in answers[3].content.decode()
    # the pinned clock is 10:00 in Qinghai: locked until a quarter past, and it says so
    message = "这台设备登录失败的次数太多，已暂时锁定。请在 10:15（北京时间）之后再试。"
    assert message in answers[4].content.decode()
    assert locked.status_code == 429 and message in locked.content.decode()
    assert client.get("/me/", **GUESSER).status_code == 302
    # She signs in from her own phone.
    hers = client.post(LOGIN, {"phone": "13800000001", "pin": PIN}, **HER_PHONE)
    assert hers.status_code == 302 and hers["Location"] == "/me/"


def test_one_pin_tried_across_many_phones_from_one_client_is_limited(client, world):
    answers = [
        client.post(LOGIN, {"phone": f"1380000{number:04d}", "pin": "123456"}, **GUESSER).status_code
        for number in range(3, 9)
    ]
    refused = client.post(LOGIN, {"phone": "13800000002", "pin": "135790"}, **GUESSER)

    assert answers == [200, 200, 200, 200, 429, 429]
    assert refused.status_code == 429
    assert client.get("/me/", **GUESSER).status_code == 302


def test_wrong_login_links_count_as_failed_sign_ins(client, world):
    url = artisan_login_link_create(artisan=world["chimeg"])
    answers = [client.get(f"/me/link/guess-{number}/", **GUESSER).status_code for number in range(5)]

    refused = client.get(url, **GUESSER)

    assert answers == [404, 404, 404, 404, 429]
    assert refused.status_code == 429
    assert client.get("/me/", **GUESSER).status_code == 302
    # the link was not spent: she uses it from her own phone
    assert client.get(url, **HER_PHONE)["Location"] == "/me/"


def test_logout(her_client):
    response = her_client.post("/me/logout/")
    assert response["Location"] == LOGIN
    assert her_client.get("/me/").status_code == 302


def test_a_login_link_works_once(client, world):
    url = artisan_login_link_create(artisan=world["chimeg"], base_url="https://gongfang.example/")
    assert url.startswith("https://gongfang.example/me/link/")
    path = url.removeprefix("https://gongfang.example")
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert not ArtisanLoginLink.objects.filter(token_hash=token).exists()  # only the hash is kept

    response = client.get(path)
    assert response.status_code == 302 and response["Location"] == "/me/"
    assert "其木格" in client.get("/me/").content.decode()

    client.post("/me/logout/")
    assert client.get(path).status_code == 404
    assert client.get("/me/").status_code == 302


def test_a_login_link_expires_after_24_hours(client, world):
    url = artisan_login_link_create(artisan=world["chimeg"])
    ArtisanLoginLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(url).status_code == 404
    assert client.get("/me/").status_code == 302


def test_a_login_link_gives_her_an_account_if_she_has_none(client, db):
    artisan = factories.ArtisanFactory(code="sodnam", name_zh="索南")
    url = artisan_login_link_create(artisan=artisan)
    assert client.get(url).status_code == 302
    assert "索南" in client.get("/me/").content.decode()


def test_an_unknown_token_is_refused(client, world):
    assert client.get("/me/link/not-a-token/").status_code == 404

import datetime

import pytest
from django.urls import reverse

from artisans.models import Agreement, Artisan
from tests import factories
from tests.admin.conftest import field_errors


def artisan_post(artisan, agreements, initial=0):
    data = {
        "code": artisan.code,
        "name_zh": artisan.name_zh,
        "name_latin": artisan.name_latin,
        "county": artisan.county,
        "workshop": "",
        "phone": "",
        "user": "",
        "craft_zh": "",
        "craft_en": "",
        "story_zh": "",
        "story_en": "",
        "photo": "",
        "is_active": "on",
        "agreements-TOTAL_FORMS": str(len(agreements)),
        "agreements-INITIAL_FORMS": str(initial),
        "agreements-MIN_NUM_FORMS": "0",
        "agreements-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(agreements):
        for name, value in row.items():
            data[f"agreements-{index}-{name}"] = str(value)
    return data


@pytest.mark.django_db
def test_new_terms_are_added_and_the_old_ones_stay(admin_client):
    # given
    old = factories.AgreementFactory(artisan__code="artisan-01", valid_from=datetime.date(2026, 1, 1))
    artisan = old.artisan
    change = reverse("admin:artisans_artisan_change", args=[artisan.pk])

    # when
    response = admin_client.post(
        change,
        artisan_post(
            artisan,
            [
                {
                    "artisan": artisan.pk,
                    "valid_from": "2026-07-01",
                    "artisan_bp": "75",
                    "operator_bp": "10",
                    "programme_bp": "15 %",
                    "note": "旺季调整",
                },
            ],
        ),
    )

    # then
    assert response.status_code == 302
    assert list(Agreement.objects.order_by("valid_from").values_list("valid_from", "artisan_bp", "note")) == [
        (datetime.date(2026, 1, 1), 7000, ""),
        (datetime.date(2026, 7, 1), 7500, "旺季调整"),
    ]
    page = admin_client.get(change).content.decode()
    assert "<td>75%</td><td>10%</td><td>15%</td><td>旺季调整</td>" in page


@pytest.mark.django_db
def test_shares_that_do_not_make_a_whole_are_refused(admin_client):
    artisan = factories.ArtisanFactory(code="artisan-02")

    response = admin_client.post(
        reverse("admin:artisans_artisan_change", args=[artisan.pk]),
        artisan_post(
            artisan,
            [{"valid_from": "2026-07-01", "artisan_bp": "70", "operator_bp": "10", "programme_bp": "10"}],
        ),
    )

    assert response.status_code == 200
    errors = field_errors(response)
    assert errors["id_agreements-0-artisan_bp"] == ["三方份额之和必须为 100%，现在是 90%。"]
    assert "三方份额之和必须为 10000 基点（全部金额）。" not in str(errors)  # said once, with the figure
    assert Agreement.objects.count() == 0


@pytest.mark.django_db
def test_artisans_are_found_by_name_code_or_phone(admin_client):
    factories.ArtisanFactory(code="artisan-01", name_zh="其木格", name_latin="Chimeg", phone="13897000001")
    factories.ArtisanFactory(code="artisan-07", name_zh="李秀兰", name_latin="Li Xiulan")
    changelist = reverse("admin:artisans_artisan_changelist")

    def found(term):
        return [a.code for a in admin_client.get(changelist, {"q": term}).context["cl"].result_list]

    assert (found("其木格"), found("li xiu"), found("artisan-07"), found("13897000001")) == (
        ["artisan-01"],
        ["artisan-07"],
        ["artisan-07"],
        ["artisan-01"],
    )
    assert Artisan.objects.count() == 2

import pytest


@pytest.mark.django_db
def test_health_check_answers_when_the_database_does(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_home_page_is_the_storefront_in_chinese_by_default_and_switches_to_english(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.content.decode()
    assert "行走的巾帼工坊" in response.content.decode()
    assert "storefront/home.html" in [template.name for template in response.templates]

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/")
    assert '<html lang="en">' in response.content.decode()

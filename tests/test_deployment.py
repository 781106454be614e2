"""The production shape in docker-compose.yml: the five services, health checks, media kept in a volume
and every setting taken from the environment (no engine runs here, so the file itself is checked)."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_runs_postgres_redis_web_worker_and_beat_with_health_checks():
    services = compose()["services"]
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)
    for name in ("postgres", "redis", "web", "worker", "beat"):
        assert "healthcheck" in services[name], name
    assert services["web"]["command"][0] == "gunicorn"
    assert services["worker"]["command"][:3] == ["celery", "-A", "config"]
    assert "worker" in services["worker"]["command"]
    assert "beat" in services["beat"]["command"]


def test_app_services_share_the_media_volume_and_take_settings_from_the_environment():
    data = compose()
    assert "media" in data["volumes"]
    for name in ("web", "worker", "beat"):
        service = data["services"][name]
        assert "media:/app/var/media" in service["volumes"], name
        env = service["environment"]
        assert env["SECRET_KEY"].startswith("${SECRET_KEY:?"), name
        assert env["DEBUG"] == "0"
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"].startswith("redis://")

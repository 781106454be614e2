"""core.cache.TolerantRedisCache: with Redis there it is Django's RedisCache; with Redis away every
operation answers as a miss or a no-op instead of raising (test_redis_down.py shows the pages)."""

import os
import socket
import uuid

import pytest

from core.cache import TolerantRedisCache

pytestmark = pytest.mark.xdist_group("faults")


def closed_port() -> int:
    """A loopback port nothing listens on (it was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cache_at(location: str) -> TolerantRedisCache:
    options = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    return TolerantRedisCache(location, {"KEY_PREFIX": f"faults-{uuid.uuid4().hex}", "OPTIONS": options})


def test_with_redis_there_it_keeps_and_counts():
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.fail("REDIS_URL is not set: run the suite with `make test`, which starts Redis.")
    cache = cache_at(redis_url)

    cache.set("page", "<html>", 30)
    assert cache.add("failures", 0, 30) is True
    assert [cache.incr("failures"), cache.incr("failures")] == [1, 2]

    assert (cache.get("page"), cache.get("failures"), cache.get_or_set("grid", "fresh", 30)) == (
        "<html>",
        2,
        "fresh",
    )
    assert cache.get_many(["page", "grid", "absent"]) == {"page": "<html>", "grid": "fresh"}
    cache.delete_many(["page", "grid", "failures"])
    assert cache.get_many(["page", "grid", "failures"]) == {}


def test_with_redis_away_reads_miss_and_writes_are_dropped():
    cache = cache_at(f"redis://127.0.0.1:{closed_port()}/1")

    cache.set("page", "<html>", 30)
    assert cache.get("page") is None
    assert cache.get("page", "default") == "default"
    assert cache.get_or_set("grid", lambda: "worked out afresh", 30) == "worked out afresh"
    assert cache.get_many(["page", "grid"]) == {}
    assert (cache.add("failures", 0, 30), cache.incr("failures"), cache.has_key("failures")) == (
        False,
        1,
        False,
    )
    assert (cache.touch("page"), cache.delete("page")) == (False, False)
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    cache.delete_many(["a", "b"])
    cache.clear()

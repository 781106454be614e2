"""A short-lived cache of whole responses to anonymous catalogue reads (`products`, `product`,
`categories`), so a page many tourists open at once is worked out a few times a second, not for each.

What makes it correct:

- Only anonymous POSTs of a single `query` operation whose root fields are all catalogue reads are
  cached; anything signed in, any mutation, any other root field (a checkout or order by its token,
  which its owner must see change at once) goes straight through.
- The key is the query, its variables and operation name, the language, the host and scheme (the
  image URLs are absolute) and the catalogue version; only answers without errors are kept.
- An entry is fresh for RESPONSE_CACHE_SECONDS (2 s). For STALE_SECONDS (2 s) more it is still
  answered, while one request (the first to find it stale) works the answer out again after its own
  response has gone (api/views.py), so no tourist waits for a page being worked out once it has been
  asked for: stock shown is at most RESPONSE_CACHE_SECONDS + STALE_SECONDS old.
- The catalogue version changes with any product, variant, price or image row written, and is read
  from the database at most every VERSION_SECONDS (0.5 s) per process: a price or product change
  reaches the next read within half a second, whatever the entry's age. (Other rows shown, e.g. an
  artisan's name, are at most RESPONSE_CACHE_SECONDS old.)

Entries go to `CACHES["api_responses"]` (CACHE_ALIAS) when the deployment configures one, else
to the default cache: per process with Django's built-in local-memory cache (each gunicorn worker
works a page out once per lifetime), shared between workers with Redis. A file cache shared by the
workers was tried and was slower here than each worker's own memory (133 against 214 req/s).
"""

import hashlib
import json
import threading
import time
from functools import lru_cache
from typing import NamedTuple

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.utils.translation import get_language
from graphql import FieldNode, OperationDefinitionNode, OperationType, parse
from graphql.error import GraphQLSyntaxError

RESPONSE_CACHE_SECONDS = 2
STALE_SECONDS = 2
VERSION_SECONDS = 0.5
CACHEABLE_ROOT_FIELDS = frozenset({"products", "product", "categories", "__typename"})
MAX_BODY_BYTES = 20_000
KEY_PREFIX = "gf:api:response:"

_VERSION_SQL = """
SELECT (SELECT max(updated_at) FROM catalog_product), (SELECT count(*) FROM catalog_product),
       (SELECT max(updated_at) FROM catalog_variant), (SELECT count(*) FROM catalog_variant),
       (SELECT max(id) FROM catalog_variantprice),
       (SELECT max(id) FROM catalog_productimage), (SELECT count(*) FROM catalog_productimage),
       (SELECT max(id) FROM media_image), (SELECT count(*) FROM catalog_category)
"""


class _Version:
    """The catalogue version, asked of the database at most every VERSION_SECONDS in this process."""

    def __init__(self):
        self.lock = threading.Lock()
        self.value = ""
        self.read_at = float("-inf")

    def get(self) -> str:
        now = time.monotonic()
        if now - self.read_at < VERSION_SECONDS:
            return self.value
        with connection.cursor() as cursor:
            cursor.execute(_VERSION_SQL)
            row = cursor.fetchone()
        with self.lock:
            self.value = hashlib.sha256(repr(row).encode()).hexdigest()[:16]
            self.read_at = now
        return self.value

    def forget(self) -> None:
        """For tests: the next get() reads the database."""
        self.read_at = float("-inf")


catalogue_version = _Version()


@lru_cache(maxsize=256)
def _is_catalogue_read(query: str, operation_name: str | None) -> bool:
    """The document's operation (the named one, or the only one) is a query asking only catalogue
    root fields, with no fragments at the root (kept simple: such documents are not cached)."""
    try:
        document = parse(query, no_location=True)
    except GraphQLSyntaxError:
        return False
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    if len(operations) != 1 or operations[0].operation != OperationType.QUERY:
        return False
    selections = operations[0].selection_set.selections
    return all(isinstance(s, FieldNode) and s.name.value in CACHEABLE_ROOT_FIELDS for s in selections)


def cache_key(request) -> str | None:
    """The cache key of an anonymous catalogue read; None when the request must not be cached."""
    if request.method != "POST" or request.user.is_authenticated:
        return None
    if request.content_type != "application/json" or len(request.body) > MAX_BODY_BYTES:
        return None
    try:
        data = json.loads(request.body)
    except (ValueError, RecursionError):
        return None  # the view refuses it, with its reason
    if not isinstance(data, dict):
        return None
    query, variables, operation_name = data.get("query"), data.get("variables"), data.get("operationName")
    if not isinstance(query, str) or not (operation_name is None or isinstance(operation_name, str)):
        return None
    if not _is_catalogue_read(query, operation_name):
        return None
    parts = [
        query,
        json.dumps(variables, sort_keys=True, separators=(",", ":")),
        operation_name or "",
        get_language() or "",
        request.scheme,
        request.get_host(),
        catalogue_version.get(),
    ]
    return KEY_PREFIX + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


CACHE_ALIAS = "api_responses"


def backend():
    """The cache the entries go to: CACHES[CACHE_ALIAS] when configured, else the default cache.

    Looked up by alias on every use (a per-thread dictionary read), so a change of CACHES, such as a
    test's `settings` fixture or override_settings pointing CACHE_ALIAS at a fresh LocMemCache, takes
    effect at once: that is how tests give each their own, empty response cache."""
    return caches[CACHE_ALIAS] if CACHE_ALIAS in settings.CACHES else caches["default"]


class Cached(NamedTuple):
    content: bytes
    stale: bool


def cached_response(key: str) -> Cached | None:
    found = backend().get(key)
    if not isinstance(found, tuple):
        return None
    fresh_until, content = found
    return Cached(content, time.time() >= fresh_until)


def refresh_claimed(key: str) -> bool:
    """Whether this request is the one to work a stale entry out again (the others answer it stale)."""
    return backend().add(key + ":refresh", 1, STALE_SECONDS)


def store_response(key: str, content: bytes) -> None:
    fresh_until = time.time() + RESPONSE_CACHE_SECONDS
    backend().set(key, (fresh_until, content), RESPONSE_CACHE_SECONDS + STALE_SECONDS)
    backend().delete(key + ":refresh")

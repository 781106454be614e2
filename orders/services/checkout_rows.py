"""The checkout flow's hot reads, each compiled to SQL once per process (core.compiled_queries):
every request of a checkout runs them, and building their SQL cost more CPU than running it."""

from django.db import connection

from catalog.models import Variant
from core.compiled_queries import CompiledQuery, any_of, slot
from inventory.models import Location
from orders.models import Checkout
from orders.services.checkout_totals import price_at_param


def checkout_queries(shape) -> dict[str, CompiledQuery]:
    """shape(Checkout rows filtered by a key) compiled once for each of checkout_key's keys
    (core.compiled_queries: the hot reads of a checkout cost no SQL building per request)."""
    return {
        name: CompiledQuery(
            lambda value, name=name: shape(Checkout.objects.filter(**{name: slot(value)}).order_by()),
            parameters=1,
        )
        for name in ("pk", "token")
    }


def checkout_fetch(queries: dict[str, CompiledQuery], key: dict) -> Checkout:
    """The checkout behind a checkout_key through checkout_queries' queries; Checkout.DoesNotExist
    if none (a malformed token is refused as the ORM would)."""
    ((name, value),) = key.items()
    field = Checkout._meta.pk if name == "pk" else Checkout._meta.get_field(name)
    found = queries[name](field.get_db_prep_value(value, connection), model=Checkout)
    if not found:
        raise Checkout.DoesNotExist("Checkout matching query does not exist.")
    return found[0]


def active_base() -> Location | None:
    """inventory.selectors.base_location's row (the first active base), None when there is none."""
    found = _ACTIVE_BASE(str(Location.Kind.BASE), model=Location)
    return found[0] if found else None


_ACTIVE_BASE = CompiledQuery(
    lambda kind: Location.objects.filter(kind=slot(kind), is_active=True).order_by("pk")[:1], parameters=1
)


_PRICED_VARIANTS: dict[int, CompiledQuery] = {}


def _priced_variants(count: int) -> CompiledQuery:
    """_clean_lines' read of `count` published variants with their products, artisans and prices
    then, compiled once a count (core.compiled_queries): (when, *ids) -> variants."""
    query = _PRICED_VARIANTS.get(count)
    if query is None:
        column = f"{Variant._meta.db_table}.{Variant._meta.pk.column}"
        query = _PRICED_VARIANTS[count] = CompiledQuery(
            lambda when, *ids: (
                Variant.objects.filter(any_of("pk", ids), product__is_published=True)
                .select_related("product", "artisan")
                .annotate(price_then=price_at_param(when, column))
                .order_by()
            ),
            parameters=1 + count,
        )
    return query


def priced_variants(when, ids: list[int]) -> list[Variant]:
    """The published ones of these variants (a list core.compiled_queries.compilable_ids allows),
    with their products, artisans and prices at `when` (as the database takes it) as price_then."""
    return _priced_variants(len(ids))(when, *ids, model=Variant)

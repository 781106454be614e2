"""The checkout flow's hot reads in plain SQL on PostgreSQL (core.sql_rows): every request of a
checkout makes them, and the ORM's building of their SQL cost more CPU than running it (bench/
README.md, "Issue 14, round 9"). Each answers exactly what the ORM query named in its docstring
answers, which it falls back to off PostgreSQL; tests/orders/test_checkout_rows_plain_sql.py holds
them to it, refusals included."""

import datetime
from collections.abc import Sequence
from functools import cache

from django.db import connection

from artisans.models import Artisan
from catalog.models import Product, Variant, VariantPrice
from core import sql_rows
from orders.models import Checkout, CheckoutLine, Order, ShippingRegion
from payments.models import Payment

_CHECKOUT, _LINE = Checkout._meta.db_table, CheckoutLine._meta.db_table
_REGION = ShippingRegion._meta.db_table
_VALID_FROM = VariantPrice._meta.get_field("valid_from")


def checkout_read(key: dict, *, lock: bool = False, payment: bool = False) -> Checkout:
    """The checkout behind checkout_key's key ({"pk": …} or {"token": …}) with its shipping region
    (whose rate the totals read) and, when asked, its payment: as
    Checkout.objects[.select_for_update(of=("self",))].select_related("shipping_region"[, "payment"])
    .get(**key). Locked: FOR UPDATE of the checkout's row alone."""
    if not sql_rows.usable():
        rows = Checkout.objects.select_related("shipping_region", *(("payment",) if payment else ()))
        return (rows.select_for_update(of=("self",)) if lock else rows).get(**key)
    ((name, value),) = key.items()
    field = sql_rows.concrete_field(Checkout, name)
    found = sql_rows.fetch(_checkout_sql(name, lock, payment), [field.get_db_prep_value(value, connection)])
    if not found:
        raise Checkout.DoesNotExist("Checkout matching query does not exist.")
    row = found[0]
    checkout = sql_rows.instance(Checkout, row)
    assert checkout is not None  # found
    at = sql_rows.width(Checkout)
    checkout.shipping_region = sql_rows.instance(ShippingRegion, row, at)
    if payment:
        checkout.payment = sql_rows.instance(Payment, row, at + sql_rows.width(ShippingRegion))
    return checkout


@cache
def _checkout_sql(name: str, lock: bool, payment: bool) -> str:
    key = sql_rows.concrete_field(Checkout, name)
    column = key.db_column or key.attname
    select = [sql_rows.columns(Checkout, "c"), sql_rows.columns(ShippingRegion, "r")]
    joins = [f'LEFT OUTER JOIN "{_REGION}" r ON r."id" = c."shipping_region_id"']
    if payment:
        select.append(sql_rows.columns(Payment, "p"))
        joins.append(f'LEFT OUTER JOIN "{Payment._meta.db_table}" p ON p."id" = c."payment_id"')
    return f'SELECT {", ".join(select)} FROM "{_CHECKOUT}" c {" ".join(joins)} WHERE c."{column}" = %s' + (
        " FOR UPDATE OF c" if lock else ""
    )


LINE_RELATIONS = frozenset({"variant", "variant__product", "variant__artisan"})


def priced_lines(
    checkout: Checkout, *, related: Sequence[str], when: datetime.datetime
) -> list[CheckoutLine]:
    """The checkout's lines in id order, each with its variant (and the variant's product and
    artisan where related names them: LINE_RELATIONS, at least "variant") and its price at `when`
    as price_then: as checkout.lines.select_related(*related).annotate(price_then=variant_price_at(
    when)).order_by("pk") (orders.services.checkout_totals, which asks this on PostgreSQL only)."""
    assert sql_rows.usable() and related and set(related) <= LINE_RELATIONS
    product, artisan = "variant__product" in related, "variant__artisan" in related
    if when is None:  # refused as the ORM refuses valid_from__lte=None
        raise ValueError("Cannot use None as a query value")
    params = [_VALID_FROM.get_db_prep_value(when, connection), checkout.pk]
    lines = []
    for row in sql_rows.fetch(_lines_sql(product, artisan), params):
        line = sql_rows.instance(CheckoutLine, row)
        at = sql_rows.width(CheckoutLine)
        variant = sql_rows.instance(Variant, row, at)
        assert line is not None and variant is not None  # (inner joins)
        at += sql_rows.width(Variant)
        if product:
            made_of = sql_rows.instance(Product, row, at)
            assert made_of is not None  # (inner join)
            variant.product = made_of
            at += sql_rows.width(Product)
        if artisan:
            maker = sql_rows.instance(Artisan, row, at)
            assert maker is not None  # (inner join)
            variant.artisan = maker
            at += sql_rows.width(Artisan)
        line.variant, line.checkout = variant, checkout
        line.price_then = row[at]  # type: ignore[attr-defined]  # (the ORM's annotation)
        lines.append(line)
    return lines


PRICE_AT_SQL = (
    f'SELECT p."price_fen" FROM "{VariantPrice._meta.db_table}" p'
    ' WHERE p."variant_id" = %(column)s AND p."valid_from" <= %%s'
    ' ORDER BY p."valid_from" DESC, p."id" DESC LIMIT 1'  # p.id: the tie-break prices_at uses (pk)
)


_LINE_PRICE_AT_SQL = PRICE_AT_SQL % {"column": 'l."variant_id"'}


@cache
def _lines_sql(product: bool, artisan: bool) -> str:
    select = [sql_rows.columns(CheckoutLine, "l"), sql_rows.columns(Variant, "v")]
    joins = [f'INNER JOIN "{Variant._meta.db_table}" v ON v."id" = l."variant_id"']
    if product:
        select.append(sql_rows.columns(Product, "pr"))
        joins.append(f'INNER JOIN "{Product._meta.db_table}" pr ON pr."id" = v."product_id"')
    if artisan:
        select.append(sql_rows.columns(Artisan, "a"))
        joins.append(f'INNER JOIN "{Artisan._meta.db_table}" a ON a."id" = v."artisan_id"')
    select.append(f"({_LINE_PRICE_AT_SQL})")
    return (
        f'SELECT {", ".join(select)} FROM "{_LINE}" l {" ".join(joins)}'
        ' WHERE l."checkout_id" = %s ORDER BY l."id"'
    )


def order_of_checkout(checkout_id: int) -> Order | None:
    """The order a checkout was completed into, None before: as
    Order.objects.filter(checkout__pk=checkout_id).first()."""
    if not sql_rows.usable():
        return Order.objects.filter(checkout__pk=checkout_id).first()
    key = sql_rows.primary_key(Checkout).get_db_prep_value(checkout_id, connection)
    found = sql_rows.fetch(_order_of_checkout_sql(), [key])
    return sql_rows.instance(Order, found[0]) if found else None


@cache
def _order_of_checkout_sql() -> str:
    return (
        f'SELECT {sql_rows.columns(Order, "o")} FROM "{Order._meta.db_table}" o'
        f' INNER JOIN "{_CHECKOUT}" c ON c."order_id" = o."id" WHERE c."id" = %s ORDER BY o."id" LIMIT 1'
    )

"""Relay connections over querysets: one COUNT, one sliced SELECT (plus the queryset's prefetches).

graphene's own ConnectionField would take len() of the whole queryset; this slices it in the
database and keeps the queryset's prefetch_related for the slice, so resolvers read prefetched rows.
"""

import graphene
from django.conf import settings
from graphql import GraphQLError
from graphql_relay import get_offset_with_default, offset_to_cursor

MAX_PAGE_SIZE = settings.GRAPHENE.get("RELAY_CONNECTION_MAX_LIMIT", 100)


class CountableConnection(graphene.relay.Connection):
    class Meta:
        abstract = True

    total_count = graphene.Int(required=True, description="How many items the whole list holds.")

    @staticmethod
    def resolve_total_count(root, info):
        return root.total_count


def _page_size(args: dict, name: str) -> int | None:
    value = args.get(name)
    if value is None:
        return None
    if value < 0:
        raise GraphQLError(f"`{name}` must not be negative.", extensions={"code": "INVALID"})
    if value > MAX_PAGE_SIZE:
        raise GraphQLError(
            f"`{name}` is {value}: a page holds at most {MAX_PAGE_SIZE} items.",
            extensions={"code": "INVALID"},
        )
    return value


def paginate(queryset, args: dict, connection_type):
    """A page of queryset for first/after/last/before; without first or last, the first page of 100."""
    first = _page_size(args, "first")
    last = _page_size(args, "last")
    if first is None and last is None:
        first = MAX_PAGE_SIZE
    total = queryset.count()
    start = max(get_offset_with_default(args.get("after"), -1) + 1, 0)
    end = min(get_offset_with_default(args.get("before"), total), total)
    if first is not None:
        end = min(end, start + first)
    if last is not None:
        start = max(start, end - last)
    items = list(queryset[start:end]) if end > start else []
    edges = [
        connection_type.Edge(node=item, cursor=offset_to_cursor(start + index))
        for index, item in enumerate(items)
    ]
    page_info = graphene.relay.PageInfo(
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
        has_previous_page=start > 0,
        has_next_page=end < total,
    )
    connection = connection_type(edges=edges, page_info=page_info)
    connection.total_count = total
    return connection

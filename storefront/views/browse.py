"""Browsing: home, listings (all, by category, by maker, search) and the product page.

The browsing pages are cached whole (storefront.views.caching) and, beneath that, a listing's card
grid (language, filters, page, catalogue version) for GRID_TTL seconds, short enough for its stock
badges; the product page always reads live stock.
"""

import hashlib

from django.core.cache import cache
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from catalog.selectors import category_list
from storefront import selectors
from storefront.listing_filters import ListingFilterForm
from storefront.views import found_or_404
from storefront.views.back_in_stock import back_in_stock_form
from storefront.views.caching import cached_page

GRID_TTL = 30
HOME_PRODUCTS = 8
MAX_PAGE = 500


def _page_number(request) -> int:
    try:
        return min(max(int(request.GET.get("page", "1")), 1), MAX_PAGE)
    except ValueError:
        return 1


def cached_fragment(*, kind: str, key: str, page: int, template: str, context) -> str:
    """A rendered part of a page (everything but the header and its form), from the cache when it is
    there; context() builds what the template needs on a miss."""
    digest = hashlib.sha1(key.encode()).hexdigest()[:16]
    cache_key = f"storefront:grid:{get_language()}:{selectors.catalogue_version()}:{kind}:{digest}:{page}"
    html = cache.get(cache_key)
    if html is None:
        html = render_to_string(template, context())
        cache.set(cache_key, html, GRID_TTL)
    return html


def cached_grid(
    *, kind: str, key: str, page: int, build, term: str = "", category=None, query="", filtered=False
):
    """One listing page: the category chips and the product cards."""

    def context():
        listing = selectors.listing_page(build(), number=page)
        return {
            "page": listing,
            "term": term,
            "query": query,
            "filtered": filtered,
            "pager": True,
            "categories": categories(),
            "category": category,
        }

    return cached_fragment(
        kind=kind, key=key, page=page, template="storefront/_listing_main.html", context=context
    )


def categories() -> list:
    return cache.get_or_set("storefront:categories", selectors.category_tree, 60)


@require_GET
@cached_page
def home(request):
    def context():
        return {
            "makers": selectors.featured_makers(),
            "categories": categories(),
            "page": selectors.listing_page(selectors.listing_products(), number=1, size=HOME_PRODUCTS),
        }

    main = cached_fragment(
        kind="home", key="", page=1, template="storefront/_home_main.html", context=context
    )
    return render(request, "storefront/home.html", {"main": main})


def _filter_form(request, *, term: str, category=None) -> ListingFilterForm:
    return ListingFilterForm(
        request.GET,
        categories=cache.get_or_set("storefront:all-categories", lambda: list(category_list()), 60),
        makers=cache.get_or_set("storefront:makers", selectors.maker_list, GRID_TTL),
        searching=bool(term),
        with_category=category is None,
    )


def _listing(request, *, title, kind, term="", category=None):
    """A listing with the filters and sort of the address: /products/, a category's, a search's."""
    form = _filter_form(request, term=term, category=category)
    filters = form.filters()
    chosen_category = category
    if filters.category_slug:  # one of those offered; a 404 if removed since
        chosen_category = found_or_404(selectors.category_by_slug, slug=filters.category_slug)
    maker = found_or_404(selectors.maker_get, code=filters.maker_code) if filters.maker_code else None
    query = filters.query(term=term)
    page = _page_number(request)

    def build():
        return selectors.listing_products(
            category=chosen_category,
            artisan=maker,
            search=term,
            price_min_fen=filters.price_min_fen,
            price_max_fen=filters.price_max_fen,
            in_stock=filters.in_stock,
            sort=filters.sort,
        )

    grid = cached_grid(
        kind=kind,
        key=f"{category.slug if category else ''}?{query.lower()}",
        page=page,
        build=build,
        term=term,
        category=chosen_category,
        query=query,
        filtered=filters.active,
    )
    context = {"title": title, "grid": grid, "filters": form, "term": term, "category": category}
    context["filters_open"] = filters.active or bool(filters.sort) or bool(form.errors)
    return render(request, "storefront/listing.html", context)


@require_GET
@cached_page
def product_list(request):
    return _listing(request, title=_("全部商品"), kind="all")


@require_GET
@cached_page
def category(request, slug):
    found = found_or_404(selectors.category_by_slug, slug=slug)
    return _listing(request, title=found.name, kind="category", category=found)


@require_GET
@cached_page
def search(request):
    term = request.GET.get("q", "").strip()[:100]
    title = _("搜索：%(term)s") % {"term": term} if term else _("搜索")
    return _listing(request, title=title, kind="search", term=term)


@require_GET
@cached_page
def maker_list(request):
    makers = cache.get_or_set("storefront:makers", selectors.maker_list, GRID_TTL)
    return render(request, "storefront/makers.html", {"makers": makers})


@require_GET
@cached_page
def maker(request, code):
    artisan = found_or_404(selectors.maker_get, code=code)
    page = _page_number(request)

    def context():
        listing = selectors.listing_page(selectors.listing_products(artisan=artisan), number=page)
        return {"page": listing, "pager": True}

    grid = cached_fragment(
        kind="maker", key=code, page=page, template="storefront/_grid.html", context=context
    )
    return render(request, "storefront/maker.html", {"maker": artisan, "grid": grid})


@require_GET
def product(request, slug):
    detail = found_or_404(selectors.product_detail, slug=slug)
    buyable = [row.variant.sku for row in detail.variants if row.online or row.carts]
    chosen = request.GET.get("v", "")
    if chosen not in buyable:
        chosen = buyable[0] if buyable else ""
    context = {"detail": detail, "chosen_sku": chosen, "back_in_stock": back_in_stock_form(detail)}
    return render(request, "storefront/product.html", context)

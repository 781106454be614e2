# The storefront's small shop (with its cart and operator) is the world every page is checked in.
from tests.storefront.conftest import _empty_cache, shop  # noqa: F401

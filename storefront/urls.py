"""URLs of storefront (filled in by its views)."""

urlpatterns = []

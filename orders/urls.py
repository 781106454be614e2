"""URLs of orders (filled in by its views)."""

urlpatterns = []

"""URLs of payments (filled in by its views)."""

urlpatterns = []

"""A middleware for tests: records the names of the query-string parameters each view reads (by
get, [], in or getlist), so the hostile pass knows what to send each page without a list kept by
hand that a new parameter could escape."""

from django.http import QueryDict

READ: set[str] = set()


class RecordingQueryDict(QueryDict):
    def get(self, key, default=None):
        READ.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        READ.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        READ.add(key)
        return super().__contains__(key)

    def getlist(self, key, default=None):
        READ.add(key)
        return super().getlist(key, default)


class RecordQueryKeys:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = RecordingQueryDict(request.META.get("QUERY_STRING", ""), encoding=request.encoding)
        return self.get_response(request)

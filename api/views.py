"""/graphql/: graphene-django's view with bearer-token sign-in, the depth and cost limits, a cache of
parsed and validated documents, and the short-lived response cache of anonymous catalogue reads."""

import logging
import threading
from collections import OrderedDict

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.utils.translation import get_language, override
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView, HttpError
from graphql import ExecutionResult, GraphQLError, OperationType, execute, get_operation_ast, parse, validate

from api.core import response_cache
from api.core.tokens import user_from_request
from api.core.validation import NUL_MESSAGE, contains_nul, query_limit_rules
from api.pos.text import checks_its_own_text

logger = logging.getLogger(__name__)

MAX_VALIDATION_ERRORS = 100
MAX_CACHED_QUERY_LENGTH = 20_000


class _ValidatedDocuments:
    """Parsed documents and their validation errors, most recently used kept (a storefront asks the
    same few documents over and over; parsing and validating one costs more than running it).

    The key holds the query and the whole-number variables, on which the cost limit depends."""

    def __init__(self, size: int = 512):
        self.size = size
        self.entries: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, schema, query: str, variables: dict | None):
        if not isinstance(query, str):
            return None, [GraphQLError("The query must be a string.")]
        numbers = tuple(
            sorted(
                (name, value)
                for name, value in (variables or {}).items()
                if isinstance(value, int) and not isinstance(value, bool)
            )
        )
        key = (query, numbers)
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
                return found
        try:
            document = parse(query)
        except GraphQLError as error:
            return None, [error]
        errors = validate(schema, document, query_limit_rules(variables), MAX_VALIDATION_ERRORS)
        if len(query) > MAX_CACHED_QUERY_LENGTH:
            return document, errors
        with self.lock:
            self.entries[key] = (document, errors)
            if len(self.entries) > self.size:
                self.entries.popitem(last=False)
        return document, errors


_documents = _ValidatedDocuments()

# graphene-django's dispatch without its ensure_csrf_cookie, which minted a CSRF token on every API
# call: the view is csrf_exempt (bearer tokens), and the GraphiQL page sets the cookie it reads
# itself (its template's {% csrf_token %}).
_graphene_dispatch = GraphQLView.dispatch.__wrapped__


class _ThenRefreshed(HttpResponse):
    """A stale cached answer; the server closes a response once it has sent it, and then the answer
    is worked out again for the next callers."""

    def __init__(self, *args, refresh, **kwargs):
        super().__init__(*args, **kwargs)
        self.refresh = refresh

    def close(self):
        try:
            self.refresh()
        finally:
            super().close()


class GongfangGraphQLView(GraphQLView):
    def dispatch(self, request, *args, **kwargs):
        # Only a bearer token signs a caller in; the session cookie is ignored (see tokens.py).
        request.user = user_from_request(request)
        key = response_cache.cache_key(request)
        if key is None:
            return _graphene_dispatch(self, request, *args, **kwargs)
        cached = response_cache.cached_response(key)
        if cached is None:
            return self._answer_and_keep(request, key, *args, **kwargs)
        if cached.stale and response_cache.refresh_claimed(key):
            language = get_language()
            return _ThenRefreshed(
                cached.content,
                content_type="application/json",
                refresh=lambda: self._refresh(request, key, language, args, kwargs),
            )
        return HttpResponse(cached.content, content_type="application/json")

    def _answer_and_keep(self, request, key, *args, **kwargs):
        response = _graphene_dispatch(self, request, *args, **kwargs)
        if response.status_code == 200 and b'"errors"' not in response.content:
            response_cache.store_response(key, response.content)
        return response

    def _refresh(self, request, key, language, args, kwargs):
        try:
            with override(language):
                self._answer_and_keep(request, key, *args, **kwargs)
        except Exception:  # the tourist has her answer; the next request after the entry expires retries
            logger.exception("Refreshing a cached catalogue answer failed")

    def execute_graphql_request(self, request, data, query, variables, operation_name, show_graphiql=False):
        # graphene-django's, with parsing and validation cached; the rules include the depth and
        # cost limits, the cost depending on the page sizes the variables ask for.
        if not query:
            if show_graphiql:
                return None
            raise HttpError(HttpResponseBadRequest("Must provide query string."))
        schema = self.schema.graphql_schema
        document, errors = _documents.get(schema, query, variables if isinstance(variables, dict) else None)
        if errors:
            return ExecutionResult(data=None, errors=errors)
        if isinstance(variables, dict) and not checks_its_own_text(document) and contains_nul(variables):
            # As NoNulCharacters does for literals: PostgreSQL would fail on it as a server error.
            return ExecutionResult(data=None, errors=[GraphQLError(NUL_MESSAGE)])
        operation = get_operation_ast(document, operation_name)
        if (
            request.method.lower() == "get"
            and operation is not None
            and operation.operation != OperationType.QUERY
        ):
            if show_graphiql:
                return None
            raise HttpError(
                HttpResponseNotAllowed(
                    ["POST"], f"Can only perform a {operation.operation.value} operation from a POST request."
                )
            )
        try:
            return execute(
                schema,
                document,
                root_value=self.get_root_value(request),
                context_value=self.get_context(request),
                variable_values=variables,
                operation_name=operation_name,
                middleware=self.get_middleware(request),
            )
        except Exception as error:
            return ExecutionResult(errors=[error])

    @staticmethod
    def format_error(error):
        formatted = GraphQLView.format_error(error)
        if not isinstance(error, GraphQLError):
            # A request refused before execution (not JSON, no query, variables not an object).
            original = None
        elif error.path is None:
            # Refused before execution: a literal or variable a scalar could not parse (a malformed
            # UUID) keeps its parser's exception, but the message is about the client's input.
            original = None
        else:
            original = error.original_error
        if original is not None and not isinstance(original, GraphQLError) and not settings.DEBUG:
            # An unexpected exception in a resolver: log it, and tell the client no internals.
            logger.error("GraphQL resolver failed", exc_info=original)
            formatted["message"] = "Internal server error."
            formatted.setdefault("extensions", {})["code"] = "INTERNAL_ERROR"
        return formatted


# Bearer tokens, not cookies, authenticate API calls, so CSRF does not apply to /graphql/.
graphql_view = csrf_exempt(GongfangGraphQLView.as_view(graphiql=True))

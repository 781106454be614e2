"""/graphql/: graphene-django's view with bearer-token sign-in, the limits on each request (body size
and nesting, the document's length, tokens, aliases, depth and cost: docs/limits.md), a cache of
parsed and validated documents, and the short-lived response cache of anonymous catalogue reads."""

import json
import logging
import threading
from collections import OrderedDict

from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed, JsonResponse
from django.utils.translation import get_language, override
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView, HttpError
from graphql import (
    ExecutionResult,
    GraphQLError,
    OperationType,
    execute,
    get_operation_ast,
    parse,
    specified_rules,
    validate,
)

from api.core import response_cache
from api.core.request_limits import bad_text, bad_text_in_json, body_too_large, nesting_message, too_deep
from api.core.tokens import user_from_request
from api.core.validation import query_limit_rules
from api.pos.text import checks_its_own_text
from core.timeouts import is_statement_timeout

logger = logging.getLogger(__name__)

MAX_VALIDATION_ERRORS = 100
TIMEOUT_MESSAGE = "The request took longer than the server allows; try again later."


class _ValidatedDocuments:
    """Parsed documents and their validation errors, most recently used kept (a storefront asks the
    same few documents over and over; parsing and validating one costs more than running it).

    The key holds the query, the whole-number variables, on which the cost limit depends, and whether
    the caller may introspect. Documents longer than GRAPHQL_MAX_QUERY_LENGTH are refused by the
    parser, so no entry is larger."""

    def __init__(self, size: int = 512):
        self.size = size
        self.entries: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, schema, query: str, variables: dict | None, *, introspection: bool):
        if not isinstance(query, str):
            return None, [GraphQLError("The query must be a string.")]
        numbers = tuple(
            sorted(
                (name, value)
                for name, value in (variables or {}).items()
                if isinstance(value, int) and not isinstance(value, bool)
            )
        )
        key = (query, numbers, introspection)
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
                return found
        try:
            document = parse(
                query,
                max_source_length=settings.GRAPHQL_MAX_QUERY_LENGTH,
                max_lexical_tokens=settings.GRAPHQL_MAX_TOKENS,
                max_comments=settings.GRAPHQL_MAX_COMMENTS,
            )
        except GraphQLError as error:
            return None, [error]
        # Our limits first: a document they refuse never reaches graphql-core's rules, one of which is
        # quadratic in the size of what they let through.
        rules = query_limit_rules(variables, introspection=introspection)
        errors = validate(schema, document, rules, MAX_VALIDATION_ERRORS) or validate(
            schema, document, specified_rules, MAX_VALIDATION_ERRORS
        )
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
        try:
            return self._dispatch(request, *args, **kwargs)
        except OperationalError as error:
            if not is_statement_timeout(error):
                raise
            # Stopped outside a resolver (the response cache's catalogue version, the sign-in): the
            # client still gets a GraphQL answer, and a status it retries on.
            return JsonResponse(
                {"errors": [{"message": TIMEOUT_MESSAGE, "extensions": {"code": "TIMEOUT"}}]}, status=503
            )

    def _dispatch(self, request, *args, **kwargs):
        # The body's size first, from its header: nothing below (the response cache's key included)
        # reads a body past the limit.
        refusal = body_too_large(request.META.get("CONTENT_LENGTH"), settings.GRAPHQL_MAX_BODY_BYTES)
        if refusal is not None:
            return JsonResponse({"errors": [{"message": refusal}]}, status=413)
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

    @classmethod
    def can_display_graphiql(cls, request, data):
        # GraphiQL is a developer's tool: served with DEBUG only.
        return settings.DEBUG and super().can_display_graphiql(request, data)

    def parse_body(self, request):
        """graphene-django's, with a JSON body's nesting and text checked (json.loads gives up past
        ~1,000 levels with a RecursionError, a server error unless caught)."""
        if self.get_content_type(request) != "application/json":
            return super().parse_body(request)
        try:
            raw = request.body.decode("utf-8")
        except UnicodeDecodeError as error:
            raise HttpError(HttpResponseBadRequest(str(error))) from error
        limit = settings.GRAPHQL_MAX_JSON_DEPTH
        try:
            data = json.loads(raw)
        except RecursionError as error:
            raise HttpError(HttpResponseBadRequest(nesting_message(limit))) from error
        except ValueError as error:
            raise HttpError(HttpResponseBadRequest("POST body sent invalid JSON.")) from error
        if not isinstance(data, dict):
            raise HttpError(HttpResponseBadRequest("The received data is not a valid JSON query."))
        outside_variables = {key: value for key, value in data.items() if key != "variables"}
        refusal = too_deep(data, limit) or bad_text_in_json(raw, outside_variables)
        if refusal is not None:
            raise HttpError(HttpResponseBadRequest(refusal))
        # The variables' text is judged once the document is known (execute_graphql_request): the POS
        # sync checks it sale by sale itself.
        request.bad_text_in_variables = bad_text_in_json(raw, data.get("variables"))
        return data

    def execute_graphql_request(self, request, data, query, variables, operation_name, show_graphiql=False):
        # graphene-django's, with parsing and validation cached; the rules include the limits, the
        # cost depending on the page sizes the variables ask for.
        if not query:
            if show_graphiql:
                return None
            raise HttpError(HttpResponseBadRequest("Must provide query string."))
        if variables is not None and variables is not data.get("variables"):
            # Parsed from text of their own (a GET's query string, a form field): checked as a JSON
            # body is in parse_body.
            refusal = too_deep(variables, settings.GRAPHQL_MAX_JSON_DEPTH)
            if refusal is not None:
                return ExecutionResult(data=None, errors=[GraphQLError(refusal)])
            request.bad_text_in_variables = bad_text(variables)
        schema = self.schema.graphql_schema
        document, errors = _documents.get(
            schema,
            query,
            variables if isinstance(variables, dict) else None,
            introspection=request.user.is_authenticated or settings.GRAPHQL_PUBLIC_INTROSPECTION,
        )
        if errors:
            return ExecutionResult(data=None, errors=errors)
        refusal = getattr(request, "bad_text_in_variables", None)
        if refusal is not None and not checks_its_own_text(document):
            # A NUL or a lone surrogate PostgreSQL cannot hold: refused before it reaches a query.
            return ExecutionResult(data=None, errors=[GraphQLError(refusal)])
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
            result = execute(
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
        if result.errors and any(is_statement_timeout(error.original_error) for error in result.errors):
            request.statement_timed_out = True
        return result

    def get_response(self, request, data, show_graphiql=False):
        result, status_code = super().get_response(request, data, show_graphiql)
        if getattr(request, "statement_timed_out", False):
            # Not the caller's mistake, and worth retrying: the tablet keeps its sales and tries later.
            status_code = 503
        return result, status_code

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
        if is_statement_timeout(original):
            # Work bounded by the statement timeout (docs/limits.md): the client may try again.
            formatted["message"] = TIMEOUT_MESSAGE
            formatted.setdefault("extensions", {})["code"] = "TIMEOUT"
        elif original is not None and not isinstance(original, GraphQLError) and not settings.DEBUG:
            # An unexpected exception in a resolver: log it, and tell the client no internals.
            logger.error("GraphQL resolver failed", exc_info=original)
            formatted["message"] = "Internal server error."
            formatted.setdefault("extensions", {})["code"] = "INTERNAL_ERROR"
        return formatted


# Bearer tokens, not cookies, authenticate API calls, so CSRF does not apply to /graphql/. GraphiQL
# only with DEBUG (can_display_graphiql).
graphql_view = csrf_exempt(GongfangGraphQLView.as_view(graphiql=True))

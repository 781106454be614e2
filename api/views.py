"""/graphql/: graphene-django's view with bearer-token sign-in and the depth and cost limits."""

import logging

from django.conf import settings
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView
from graphql import GraphQLError

from api.core.tokens import user_from_request
from api.core.validation import query_limit_rules

logger = logging.getLogger(__name__)


class GongfangGraphQLView(GraphQLView):
    def dispatch(self, request, *args, **kwargs):
        # Only a bearer token signs a caller in; the session cookie is ignored (see tokens.py).
        request.user = user_from_request(request)
        return super().dispatch(request, *args, **kwargs)

    def execute_graphql_request(self, request, data, query, variables, operation_name, show_graphiql=False):
        # Built per request: the cost of a query depends on the page sizes its variables ask for.
        self.validation_rules = query_limit_rules(variables if isinstance(variables, dict) else None)
        return super().execute_graphql_request(request, data, query, variables, operation_name, show_graphiql)

    @staticmethod
    def format_error(error):
        formatted = GraphQLView.format_error(error)
        original = getattr(error, "original_error", None)
        if original is not None and not isinstance(original, GraphQLError) and not settings.DEBUG:
            # An unexpected exception in a resolver: log it, and tell the client no internals.
            logger.error("GraphQL resolver failed", exc_info=original)
            formatted["message"] = "Internal server error."
            formatted.setdefault("extensions", {})["code"] = "INTERNAL_ERROR"
        return formatted


# Bearer tokens, not cookies, authenticate API calls, so CSRF does not apply to /graphql/.
graphql_view = csrf_exempt(GongfangGraphQLView.as_view(graphiql=True))

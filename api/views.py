from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView

# Bearer tokens, not cookies, authenticate API calls, so CSRF does not apply to /graphql/.
graphql_view = csrf_exempt(GraphQLView.as_view(graphiql=True))

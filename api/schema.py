"""Describe the token scheme in the OpenAPI schema (drf-spectacular extension)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ProviderTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ProviderTokenAuthentication"
    name = "providerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "A provider's API token, sent as 'Authorization: Token <token>'. A provider manager (or the LA) "
                "creates tokens on the API tokens page; each is shown once."
            ),
        }

"""Every URL pattern must declare who may open it (accounts.policy)."""

from django.urls import URLPattern, URLResolver, get_resolver

# Django's own endpoints that are not part of Custodian's pages.
EXEMPT_MODULES = ("django.views.static", "django.contrib.staticfiles")


def iter_patterns(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from iter_patterns(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_every_view_declares_a_policy():
    missing = []
    for route, callback in iter_patterns(get_resolver()):
        if callback.__module__.startswith(EXEMPT_MODULES):
            continue
        view = getattr(callback, "view_class", None) or callback
        if not getattr(callback, "custodian_policy", None) and not getattr(view, "custodian_policy", None):
            missing.append(f"{route} -> {callback.__module__}.{callback.__name__}")
    assert not missing, "URL patterns without a declared policy:\n" + "\n".join(missing)


def test_the_policy_test_would_catch_an_undeclared_view(settings):
    """Guard against the walk above silently finding nothing."""
    routes = list(iter_patterns(get_resolver()))
    assert len(routes) > 10
    assert any(getattr(cb, "custodian_policy", None) == "public" for _, cb in routes)

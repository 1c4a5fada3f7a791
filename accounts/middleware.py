from accounts.models import Membership

SESSION_KEY = "active_membership_id"


class ActiveMembershipMiddleware:
    """Attach the membership the user is acting under to ``request.user.active_membership``.

    A person with several memberships chooses one; otherwise the first is used.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            memberships = list(Membership.objects.filter(user=user).select_related("organisation"))
            chosen = request.session.get(SESSION_KEY)
            active = next((m for m in memberships if m.pk == chosen), memberships[0] if memberships else None)
            user.memberships_cache = memberships
            user.active_membership = active
        return self.get_response(request)

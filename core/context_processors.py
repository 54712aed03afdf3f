from .roles import GRANTOR, ORGANISER, VOLUNTEER, user_roles


def roles(request):
    names = user_roles(request.user)
    return {
        "is_organiser": ORGANISER in names or request.user.is_superuser,
        "is_volunteer": VOLUNTEER in names,
        "is_grantor": GRANTOR in names,
    }

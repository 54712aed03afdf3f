from ninja import Router, Schema

from .auth import session_or_token
from .roles import user_roles

router = Router(tags=["account"])


class MeOut(Schema):
    username: str
    roles: list[str]


@router.get("/me", response=MeOut, auth=session_or_token)
def me(request):
    """Who the session or bearer token belongs to, and their roles. A device uses it to check its token."""
    return {"username": request.user.username, "roles": sorted(user_roles(request.user))}

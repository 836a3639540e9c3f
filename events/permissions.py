"""Who may act at a convening: the secretariat everywhere, a teller where they are named."""

from members import roles
from members.models import User

from .models import Convening

ACT_AS_TELLER = "events.act_as_teller"


def is_teller(user: User, convening: Convening) -> bool:
    """Holds the teller role and is named teller of this convening. One query at most."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.has_perm(ACT_AS_TELLER) and convening.tellers.filter(pk=user.pk).exists()


def may_record(user: User, convening: Convening) -> bool:
    """Records attendance and room ballots at `convening`: its tellers and the secretariat."""
    return roles.is_secretariat(user) or is_teller(user, convening)

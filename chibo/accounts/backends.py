from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from chibo.accounts.models import User


class UsernameOrCitizenIdBackend(ModelBackend):
    """Authenticate with a username or a 12-digit citizen ID, and the password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        login = username.strip()
        condition = Q(username__iexact=login)
        if login.isdigit():
            condition |= Q(citizen_id=login)
        users = list(User.objects.filter(condition)[:2])
        if len(users) != 1:
            User().set_password(password)  # same work as a real check, against timing probes
            return None
        user = users[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

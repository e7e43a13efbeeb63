from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from chibo.api.models import ApiToken


class Command(BaseCommand):
    help = "Cấp một mã truy cập API cho tài khoản và in mã ra (chỉ hiện một lần)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="Tên gợi nhớ của mã")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản “{username}”.")
        _, raw = ApiToken.issue(user=user, name=name)
        self.stdout.write(raw)

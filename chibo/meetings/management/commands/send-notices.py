from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from chibo.meetings.notices import notices_send, site_url


class Command(BaseCommand):
    help = (
        "Gửi các thông báo sinh hoạt chi bộ đã đến hạn (trong ứng dụng và qua thư điện tử). Chạy định kỳ bằng cron "
        "vài phút một lần; an toàn khi chạy cùng lúc trên nhiều máy chủ: không thông báo nào được gửi hai lần."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dia-chi",
            default=None,
            help="Địa chỉ trang web dùng trong liên kết của thư (mặc định: SITE_URL)",
        )
        parser.add_argument("--gioi-han", type=int, default=2000, help="Số thư tối đa mỗi lần chạy")

    def handle(self, *args, **options):
        report = notices_send(base_url=options["dia_chi"] or site_url(), limit=options["gioi_han"])
        self.stdout.write(
            _("Thông báo trong ứng dụng: %(app)s; thư đã gửi: %(email)s; thư lỗi (sẽ gửi lại): %(failed)s.")
            % {"app": report.app, "email": report.email, "failed": report.failed}
        )
        if report.failed:
            self.stderr.write(_("%(n)s thư chưa gửi được; lần chạy sau sẽ thử lại.") % {"n": report.failed})

"""``chibo import-members FILE [--as USERNAME] [--dry-run]``: import a member register from the command line.

Prints the preview (every problem by row and column, the counts), then writes the file into the register in one
transaction unless ``--dry-run``. Exits non-zero, writing nothing, when the file has any problem. With ``--as``,
the import runs with that account's scope and is recorded under its name; without it, it runs with the rights
of the server's operator (the whole installation) and the audit line has no account.
"""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils import formats
from django.utils.translation import gettext as _

from chibo.members import imports

SHOWN_CHANGES = 50


class ServerOperator:
    """Whoever runs the command on the server: every unit, no account."""

    pk = None
    is_authenticated = True
    is_active = True
    is_superuser = True
    is_staff = True

    def __str__(self) -> str:
        return _("quản trị máy chủ")


def _n(number: int) -> str:
    return formats.number_format(number, force_grouping=True)


class Command(BaseCommand):
    help = "Nhập sổ đảng viên từ tệp .xlsx hoặc .csv (theo mẫu tại docs/member-import.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp .xlsx hoặc .csv")
        parser.add_argument(
            "--as", dest="username", help="tài khoản thực hiện (phạm vi và nhật ký của tài khoản)"
        )
        parser.add_argument("--dry-run", action="store_true", help="chỉ đọc và kiểm tra, không ghi vào sổ")

    def handle(self, *args, file, username=None, dry_run=False, **options):
        if username:
            actor = get_user_model().objects.filter(username=username).first()
            if actor is None or not actor.is_active:
                raise CommandError(_("Không có tài khoản “%(name)s”.") % {"name": username})
        else:
            actor = ServerOperator()

        def progress(rows: int) -> None:
            self.stdout.write(_("Đã đọc %(count)s dòng…") % {"count": _n(rows)})

        if not os.path.isfile(file):
            raise CommandError(_("Không có tệp “%(file)s”.") % {"file": file})
        try:
            preview = imports.import_preview(actor=actor, file=file, name=str(file), progress=progress)
        except Http404:
            raise CommandError(
                _("Tài khoản “%(name)s” không có quyền sửa sổ đảng viên ở đơn vị nào.") % {"name": username}
            ) from None
        counts = preview.counts
        self.stdout.write(
            _(
                "Đã đọc %(rows)s dòng: %(new)s đảng viên mới, %(changed)s có thay đổi, %(unchanged)s không đổi."
            )
            % {
                "rows": _n(preview.rows_read),
                "new": _n(counts["new"]),
                "changed": _n(counts["changed"]),
                "unchanged": _n(counts["unchanged"]),
            }
        )
        if preview.problems:
            for message in preview.messages():
                self.stderr.write(message)
            raise CommandError(
                _("Tệp có %(count)s lỗi: chưa nhập gì vào sổ.") % {"count": _n(len(preview.problems))}
            )
        for row in preview.changed[:SHOWN_CHANGES]:
            self.stdout.write(
                _("Dòng %(row)s: %(name)s (%(id)s) thay đổi %(fields)s")
                % {
                    "row": row.row,
                    "name": row.values[imports.P_NAME],
                    "id": row.citizen_id,
                    "fields": ", ".join(sorted(row.changes)),
                }
            )
        if len(preview.changed) > SHOWN_CHANGES:
            self.stdout.write(
                _("… và %(count)s đảng viên khác có thay đổi.")
                % {"count": _n(len(preview.changed) - SHOWN_CHANGES)}
            )
        if dry_run:
            self.stdout.write(_("Chạy thử (--dry-run): không ghi gì vào sổ."))
            return
        result = imports.import_commit(actor=actor, preview=preview)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Đã nhập vào sổ: %(new)s đảng viên mới, %(changed)s đảng viên được cập nhật, %(unchanged)s không đổi."
                )
                % {"new": _n(result.new), "changed": _n(result.changed), "unchanged": _n(result.unchanged)}
            )
        )

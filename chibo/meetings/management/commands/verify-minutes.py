from django.core.management.base import BaseCommand, CommandError

from chibo.meetings.models import MinutesVersion
from chibo.meetings.services import minutes_chain_problems
from chibo.organizations.models import Organization


class Command(BaseCommand):
    help = "Kiểm tra chuỗi băm của các biên bản đã thông qua; nêu mắt xích hỏng đầu tiên của từng chi bộ."

    def add_arguments(self, parser):
        parser.add_argument("--to-chuc", type=int, help="Chỉ kiểm tra một chi bộ (mã số)")

    def handle(self, *args, **options):
        cells = Organization.objects.filter(pk__in=MinutesVersion.objects.values("organization_id"))
        if options.get("to_chuc"):
            cells = cells.filter(pk=options["to_chuc"])
        broken = 0
        checked = 0
        for cell in cells.order_by("path"):
            checked += 1
            problems = minutes_chain_problems(organization=cell)
            if problems:
                broken += 1
                self.stderr.write(f"{cell.name} (mã {cell.pk}): {problems[0]}")
                for problem in problems[1:]:
                    self.stderr.write(f"    {problem}")
        if broken:
            raise CommandError(f"{broken}/{checked} chi bộ có chuỗi biên bản bị hỏng.")
        self.stdout.write(f"Chuỗi biên bản của {checked} chi bộ nguyên vẹn.")

"""``chibo demo``: the pilot of DESIGN.md "Scale and budgets" (seed 004) as demo data.

One higher committee, "Đảng bộ Khối các cơ quan tỉnh", with 64 grassroots organizations (grassroots committees
with their cells, and grassroots cells), two terms, office holders, a little history (a rename in 2023, a move in
2024, a merger in the 2025 restructuring) and five demo accounts. All names of people are synthetic, drawn from
lists of family, middle and given names. Idempotent: the root's code ``DEMO-KHOI`` marks the data as present.
Every write goes through the services, so the history and audit pages show it like real work.
"""

import base64
import datetime
import random
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string
from django_otp.plugins.otp_totp.models import TOTPDevice

from chibo.organizations import services
from chibo.organizations.models import Congress, Grant, Organization, Seat

MARKER = "DEMO-KHOI"
ROOT_NAME = "Đảng bộ Khối các cơ quan tỉnh"
PASSWORD = "chiboso2026"  # noqa: S105 - the published password of the demo accounts
SEED = 2026

# fmt: off
# Grassroots committees (Đảng bộ cơ sở) and their cells (Chi bộ trực thuộc), 3–8 each.
GRASSROOTS_COMMITTEES: list[tuple[str, list[str]]] = [
    ("Đảng bộ Viện Kiểm sát nhân dân tỉnh", ["Chi bộ Văn phòng", "Chi bộ Phòng 1", "Chi bộ Phòng 2", "Chi bộ Kiểm sát hình sự", "Chi bộ Kiểm sát dân sự, hành chính", "Chi bộ Thanh tra – Khiếu tố"]),
    ("Đảng bộ Tòa án nhân dân tỉnh", ["Chi bộ Văn phòng", "Chi bộ Tòa Hình sự", "Chi bộ Tòa Dân sự", "Chi bộ Tòa Hành chính – Kinh tế", "Chi bộ Phòng Giám đốc kiểm tra"]),
    ("Đảng bộ Sở Tài chính", ["Chi bộ Văn phòng", "Chi bộ Phòng Quản lý ngân sách", "Chi bộ Phòng Tài chính hành chính sự nghiệp", "Chi bộ Phòng Quản lý giá và công sản", "Chi bộ Phòng Tin học – Thống kê", "Chi bộ Thanh tra Sở"]),
    ("Đảng bộ Văn phòng UBND tỉnh", ["Chi bộ Phòng Tổng hợp", "Chi bộ Phòng Kinh tế", "Chi bộ Phòng Khoa giáo – Văn xã", "Chi bộ Phòng Hành chính – Tổ chức", "Chi bộ Phòng Quản trị – Tài vụ", "Chi bộ Ban Tiếp công dân", "Chi bộ Trung tâm Phục vụ hành chính công"]),
    ("Đảng bộ Văn phòng Tỉnh ủy", ["Chi bộ Phòng Tổng hợp", "Chi bộ Phòng Hành chính – Lưu trữ", "Chi bộ Phòng Quản trị – Tài vụ", "Chi bộ Phòng Tài chính đảng", "Chi bộ Nhà khách Tỉnh ủy"]),
    ("Đảng bộ Ban Tổ chức Tỉnh ủy", ["Chi bộ Văn phòng", "Chi bộ Phòng Tổ chức đảng, đảng viên", "Chi bộ Phòng Tổ chức cán bộ", "Chi bộ Phòng Bảo vệ chính trị nội bộ"]),
    ("Đảng bộ Sở Giáo dục và Đào tạo", ["Chi bộ Văn phòng", "Chi bộ Phòng Giáo dục Trung học", "Chi bộ Phòng Giáo dục Mầm non – Tiểu học", "Chi bộ Phòng Khảo thí và Quản lý chất lượng", "Chi bộ Phòng Tổ chức cán bộ", "Chi bộ Thanh tra Sở"]),
    ("Đảng bộ Sở Y tế", ["Chi bộ Văn phòng", "Chi bộ Phòng Nghiệp vụ Y", "Chi bộ Phòng Nghiệp vụ Dược", "Chi bộ Phòng Kế hoạch – Tài chính", "Chi bộ Thanh tra Sở", "Chi bộ Chi cục Dân số – Kế hoạch hóa gia đình", "Chi bộ Chi cục An toàn vệ sinh thực phẩm"]),
    ("Đảng bộ Sở Nông nghiệp và Phát triển nông thôn", ["Chi bộ Văn phòng", "Chi bộ Chi cục Trồng trọt và Bảo vệ thực vật", "Chi bộ Chi cục Chăn nuôi và Thú y", "Chi bộ Chi cục Kiểm lâm", "Chi bộ Chi cục Thủy lợi", "Chi bộ Chi cục Phát triển nông thôn", "Chi bộ Trung tâm Khuyến nông", "Chi bộ Ban Quản lý rừng phòng hộ"]),
    ("Đảng bộ Sở Tài nguyên và Môi trường", ["Chi bộ Văn phòng", "Chi bộ Phòng Quản lý đất đai", "Chi bộ Chi cục Bảo vệ môi trường", "Chi bộ Văn phòng Đăng ký đất đai", "Chi bộ Trung tâm Phát triển quỹ đất"]),
    ("Đảng bộ Sở Xây dựng", ["Chi bộ Văn phòng", "Chi bộ Phòng Quy hoạch – Kiến trúc", "Chi bộ Phòng Quản lý nhà và thị trường bất động sản", "Chi bộ Trung tâm Kiểm định chất lượng xây dựng"]),
    ("Đảng bộ Sở Giao thông vận tải", ["Chi bộ Văn phòng", "Chi bộ Phòng Quản lý vận tải", "Chi bộ Phòng Quản lý kết cấu hạ tầng giao thông", "Chi bộ Thanh tra Sở", "Chi bộ Ban Quản lý bảo trì đường bộ"]),
    ("Đảng bộ Sở Công Thương", ["Chi bộ Văn phòng", "Chi bộ Phòng Quản lý công nghiệp", "Chi bộ Phòng Quản lý thương mại", "Chi bộ Trung tâm Khuyến công", "Chi bộ Trung tâm Xúc tiến đầu tư, thương mại và du lịch"]),
    ("Đảng bộ Sở Văn hóa, Thể thao và Du lịch", ["Chi bộ Văn phòng", "Chi bộ Phòng Quản lý văn hóa và gia đình", "Chi bộ Phòng Quản lý thể dục thể thao", "Chi bộ Bảo tàng tỉnh", "Chi bộ Thư viện tỉnh", "Chi bộ Trung tâm Văn hóa – Điện ảnh"]),
    ("Đảng bộ Sở Lao động – Thương binh và Xã hội", ["Chi bộ Văn phòng", "Chi bộ Phòng Người có công", "Chi bộ Phòng Bảo trợ xã hội", "Chi bộ Trung tâm Dịch vụ việc làm", "Chi bộ Cơ sở cai nghiện ma túy"]),
    ("Đảng bộ Sở Kế hoạch và Đầu tư", ["Chi bộ Văn phòng", "Chi bộ Phòng Tổng hợp, quy hoạch", "Chi bộ Phòng Đăng ký kinh doanh", "Chi bộ Phòng Kinh tế ngành"]),
    ("Đảng bộ Sở Khoa học và Công nghệ", ["Chi bộ Văn phòng", "Chi bộ Chi cục Tiêu chuẩn Đo lường Chất lượng", "Chi bộ Trung tâm Ứng dụng tiến bộ khoa học và công nghệ"]),
    ("Đảng bộ Sở Thông tin và Truyền thông", ["Chi bộ Văn phòng", "Chi bộ Phòng Báo chí – Xuất bản", "Chi bộ Trung tâm Công nghệ thông tin và Truyền thông"]),
    ("Đảng bộ Sở Nội vụ", ["Chi bộ Văn phòng", "Chi bộ Phòng Tổ chức – Biên chế", "Chi bộ Phòng Công chức – Viên chức", "Chi bộ Ban Thi đua – Khen thưởng", "Chi bộ Ban Tôn giáo", "Chi bộ Chi cục Văn thư – Lưu trữ"]),
    ("Đảng bộ Cục Thuế tỉnh", ["Chi bộ Văn phòng", "Chi bộ Phòng Kiểm tra thuế", "Chi bộ Phòng Thanh tra thuế", "Chi bộ Phòng Tuyên truyền – Hỗ trợ người nộp thuế", "Chi bộ Phòng Quản lý nợ và cưỡng chế nợ thuế", "Chi bộ Phòng Tin học"]),
    ("Đảng bộ Cục Hải quan tỉnh", ["Chi bộ Văn phòng", "Chi bộ Phòng Nghiệp vụ", "Chi bộ Đội Kiểm soát Hải quan", "Chi bộ Chi cục Hải quan cửa khẩu quốc tế", "Chi bộ Chi cục Hải quan các khu công nghiệp"]),
    ("Đảng bộ Kho bạc Nhà nước tỉnh", ["Chi bộ Văn phòng", "Chi bộ Phòng Kiểm soát chi", "Chi bộ Phòng Kế toán nhà nước", "Chi bộ Phòng Thanh tra – Kiểm tra"]),
    ("Đảng bộ Bảo hiểm xã hội tỉnh", ["Chi bộ Văn phòng", "Chi bộ Phòng Quản lý thu – Sổ, thẻ", "Chi bộ Phòng Chế độ bảo hiểm xã hội", "Chi bộ Phòng Giám định bảo hiểm y tế", "Chi bộ Phòng Kế hoạch – Tài chính"]),
    ("Đảng bộ Ban Quản lý các khu công nghiệp tỉnh", ["Chi bộ Văn phòng", "Chi bộ Phòng Quản lý đầu tư", "Chi bộ Phòng Quản lý doanh nghiệp", "Chi bộ Phòng Quy hoạch và Xây dựng"]),
    ("Đảng bộ Đài Phát thanh và Truyền hình tỉnh", ["Chi bộ Văn phòng", "Chi bộ Phòng Thời sự", "Chi bộ Phòng Chuyên đề", "Chi bộ Phòng Kỹ thuật – Công nghệ", "Chi bộ Phòng Biên tập"]),
    ("Đảng bộ Báo tỉnh", ["Chi bộ Văn phòng", "Chi bộ Phòng Thời sự", "Chi bộ Phòng Báo điện tử", "Chi bộ Phòng Kinh tế – Xã hội"]),
    ("Đảng bộ Trường Chính trị tỉnh", ["Chi bộ Văn phòng", "Chi bộ Khoa Lý luận cơ sở", "Chi bộ Khoa Xây dựng Đảng", "Chi bộ Khoa Nhà nước và Pháp luật"]),
]

# Grassroots cells (Chi bộ cơ sở), directly under the higher committee.
GRASSROOTS_CELLS: list[str] = [
    "Chi bộ Cơ quan Đảng ủy Khối",
    "Chi bộ Ban Tuyên giáo Tỉnh ủy",
    "Chi bộ Ban Dân vận Tỉnh ủy",
    "Chi bộ Ban Nội chính Tỉnh ủy",
    "Chi bộ Cơ quan Ủy ban Kiểm tra Tỉnh ủy",
    "Chi bộ Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
    "Chi bộ Cơ quan Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
    "Chi bộ Tỉnh đoàn",
    "Chi bộ Liên đoàn Lao động tỉnh",
    "Chi bộ Hội Liên hiệp Phụ nữ tỉnh",
    "Chi bộ Hội Nông dân tỉnh",
    "Chi bộ Hội Cựu chiến binh tỉnh",
    "Chi bộ Ban Dân tộc tỉnh",
    "Chi bộ Sở Tư pháp",
    "Chi bộ Sở Ngoại vụ",
    "Chi bộ Thanh tra tỉnh",
    "Chi bộ Cục Thống kê tỉnh",
    "Chi bộ Ngân hàng Nhà nước chi nhánh tỉnh",
    "Chi bộ Cục Thi hành án dân sự tỉnh",
    "Chi bộ Cục Quản lý thị trường tỉnh",
    "Chi bộ Liên minh Hợp tác xã tỉnh",
    "Chi bộ Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh",
    "Chi bộ Hội Văn học Nghệ thuật tỉnh",
    "Chi bộ Hội Chữ thập đỏ tỉnh",
    "Chi bộ Hội Luật gia tỉnh",
    "Chi bộ Hội Nhà báo tỉnh",
    "Chi bộ Hội Người cao tuổi tỉnh",
    "Chi bộ Hội Khuyến học tỉnh",
    "Chi bộ Hội Cựu Thanh niên xung phong tỉnh",
    "Chi bộ Hội Đông y tỉnh",
    "Chi bộ Liên hiệp các tổ chức hữu nghị tỉnh",
    "Chi bộ Ban Bảo vệ, chăm sóc sức khỏe cán bộ tỉnh",
    "Chi bộ Ban Quản lý dự án đầu tư xây dựng tỉnh",
    "Chi bộ Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh",
    "Chi bộ Quỹ Đầu tư phát triển tỉnh",
    "Chi bộ Quỹ Bảo vệ và Phát triển rừng tỉnh",
    "Chi bộ Văn phòng Điều phối chương trình nông thôn mới tỉnh",
]

# The little history: (unit, ..., day, decision).
RENAMED = ("Đảng bộ Ban Quản lý các khu công nghiệp tỉnh", "Đảng bộ Ban Quản lý Khu kinh tế tỉnh",
           datetime.date(2023, 8, 1), "Quyết định số 412-QĐ/ĐUK ngày 20/7/2023")
MOVED = ("Đảng bộ Sở Công Thương", "Chi bộ Trung tâm Xúc tiến đầu tư, thương mại và du lịch",
         "Đảng bộ Sở Văn hóa, Thể thao và Du lịch", datetime.date(2024, 4, 1), "Quyết định số 1175-QĐ/ĐUK ngày 25/3/2024")
MERGED = ("Đảng bộ Sở Tài chính", "Chi bộ Phòng Tin học – Thống kê", "Chi bộ Văn phòng",
          datetime.date(2025, 7, 1), "Quyết định số 86-QĐ/ĐU ngày 27/6/2025 của Đảng ủy Sở Tài chính")
BITHU_CELL = ("Đảng bộ Viện Kiểm sát nhân dân tỉnh", "Chi bộ Văn phòng")

# The parts of the demo that apps above this one add (``create_...(*, actor, root, rng)``), run in this order at
# the end of the creation step, in the same transaction. Named by dotted path: organizations does not import
# upward (the import contract of DESIGN.md "Layout").
# The parts of the apps above the tree, in order: each needs the ones before it.
DEMO_PARTS = {
    "members": "chibo.members.demo.create_members",
    "meetings": "chibo.meetings.demo.create_meetings",
    "topics": "chibo.topics.demo.create_topics",
    "work": "chibo.work.demo.create_work",
    "emulation": "chibo.emulation.demo.create_emulation",
    "awards": "chibo.awards.demo.create_awards",
}

FOUNDED_ON = datetime.date(2020, 6, 1)
OLD_TERM = ("2020–2025", datetime.date(2020, 8, 20), datetime.date(2025, 9, 30))
NEW_TERM = ("2025–2030", datetime.date(2025, 10, 1))

# Synthetic names: combinations of common parts, no list of real people.
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý", "Đinh", "Trương", "Lâm", "Mai", "Cao", "Tô", "Hà", "Lương"]
MIDDLE_MALE = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Xuân", "Ngọc", "Đình", "Trọng", "Văn Hoàng"]
MIDDLE_FEMALE = ["Thị", "Thị Thu", "Thị Ngọc", "Thị Thanh", "Thu", "Ngọc", "Kim", "Thị Mỹ", "Thị Hồng", "Phương"]
GIVEN_MALE = ["An", "Bảo", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hòa", "Hùng", "Huy", "Khang", "Khoa",
              "Kiên", "Lâm", "Long", "Lộc", "Nam", "Nghĩa", "Phong", "Phúc", "Quang", "Sơn", "Tài", "Thắng",
              "Thành", "Thịnh", "Toàn", "Trung", "Tuấn", "Việt", "Vinh"]
GIVEN_FEMALE = ["Anh", "Châu", "Diệp", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hương", "Lan", "Liên",
                "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Nhung", "Oanh", "Phượng", "Quyên", "Tâm", "Thảo",
                "Thủy", "Trang", "Trinh", "Uyên", "Vân", "Xuân", "Yến"]

# fmt: on

# username, full name, citizen ID (12 digits: province 070, sex/century, birth year, serial), TOTP key (hex).
ACCOUNTS = [
    ("admin", "Hà Minh Quân", "070085900001", "3132333435363738393031323334353637383930"),
    ("vanphong", "Lương Thị Thanh Vân", "070188900002", "3031323334353637383930313233343536373839"),
    ("capuy", "Tạ Đức Khiêm", "070078900003", ""),
    ("bithu", "Kiều Thị Ngọc Bích", "070184900004", ""),
    ("dangvien", "Thái Văn Đông", "070092900005", ""),
]
ROLES = {
    "admin": "Quản trị hệ thống (toàn quyền, có xác thực hai lớp)",
    "vanphong": "Văn phòng Đảng ủy Khối (có xác thực hai lớp)",
    "capuy": "Ủy viên Ban Chấp hành Đảng bộ Khối: giám sát",
    "bithu": "Bí thư Chi bộ Văn phòng, Đảng bộ VKSND tỉnh",
    "dangvien": "Đảng viên Chi bộ Văn phòng, Đảng bộ VKSND tỉnh",
}


class Names:
    """Deterministic, never-repeating synthetic Vietnamese names."""

    def __init__(self, rng: random.Random, taken: set[str]) -> None:
        self.rng = rng
        self.taken = set(taken)

    def __call__(self) -> str:
        while True:
            if self.rng.random() < 0.55:
                middle, given = self.rng.choice(MIDDLE_MALE), self.rng.choice(GIVEN_MALE)
            else:
                middle, given = self.rng.choice(MIDDLE_FEMALE), self.rng.choice(GIVEN_FEMALE)
            name = f"{self.rng.choice(FAMILY)} {middle} {given}"
            if name not in self.taken:
                self.taken.add(name)
                return name


def _day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    """A working day (Monday to Friday) between start and end, inclusive."""
    while True:
        day = start + datetime.timedelta(days=rng.randint(0, (end - start).days))
        if day.weekday() < 5:
            return day


def totp_secret(key_hex: str) -> str:
    """The base32 secret an authenticator app takes, from TOTPDevice.key (hex)."""
    return base64.b32encode(bytes.fromhex(key_hex)).decode("ascii")


class Command(BaseCommand):
    help = "Tạo dữ liệu minh họa: Đảng bộ Khối các cơ quan tỉnh với 64 tổ chức cơ sở đảng và 5 tài khoản thử."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--parts",
            default=",".join(DEMO_PARTS),
            help="Các phần dữ liệu tạo thêm ngoài cây tổ chức, cách nhau bằng dấu phẩy (mặc định: %(default)s).",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Cho phép chạy khi DEBUG tắt (tạo tài khoản với mật khẩu công khai: chỉ dùng cho máy trình diễn).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options.get("allow_production"):
            raise CommandError(
                "DEBUG đang tắt: dữ liệu minh họa tạo tài khoản quản trị với mật khẩu công khai. "
                "Chỉ chạy trên máy trình diễn, với --allow-production."
            )
        if Organization.objects.filter(code=MARKER).exists():
            self.stdout.write(f"Dữ liệu minh họa đã có ({ROOT_NAME}, mã {MARKER}): không thay đổi gì.")
        else:
            parts = [p.strip() for p in (options.get("parts") or "").split(",") if p.strip()]
            unknown = [p for p in parts if p not in DEMO_PARTS]
            if unknown:
                raise CommandError(
                    f"Không có phần dữ liệu: {', '.join(unknown)} (có: {', '.join(DEMO_PARTS)})."
                )
            counts = self.create(parts=parts)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Đã tạo dữ liệu minh họa: {ROOT_NAME} với {counts['grassroots']} tổ chức cơ sở đảng "
                    f"({counts['grassroots_committees']} đảng bộ cơ sở, {counts['grassroots_cells']} chi bộ cơ sở), "
                    f"{counts['cells']} chi bộ trực thuộc, {counts['seats']} chức vụ cấp ủy, "
                    f"{counts['accounts']} tài khoản."
                )
            )
        self.stdout.write(f"Tài khoản thử (mật khẩu chung: {PASSWORD}):")
        for username, full_name, _citizen_id, _key in ACCOUNTS:
            self.stdout.write(f"  {username:<9} {full_name} – {ROLES[username]}")
        self.stdout.write("Khóa bí mật TOTP (nhập vào ứng dụng xác thực, chỉ dùng để thử):")
        for username, _full_name, _citizen_id, key in ACCOUNTS:
            if key:
                self.stdout.write(f"  {username:<9} {totp_secret(key)}")

    @transaction.atomic
    def create(self, parts: list[str] | None = None) -> dict[str, int]:
        User = get_user_model()
        usernames = [a[0] for a in ACCOUNTS]
        clash = User.objects.filter(username__in=usernames).values_list("username", flat=True).first()
        if clash:
            raise CommandError(
                f"Tài khoản “{clash}” đã có nhưng chưa có dữ liệu minh họa: hãy chạy lệnh trên một cơ sở dữ liệu trống."
            )
        rng = random.Random(SEED)
        names = Names(rng, {a[1] for a in ACCOUNTS})

        users: dict[str, Any] = {}
        hashed = make_password(PASSWORD)  # one slow Argon2 hash for the five accounts that share the password
        for username, full_name, citizen_id, key in ACCOUNTS:
            is_admin = username == "admin"
            user = User.objects.create(
                username=username,
                password=hashed,
                full_name=full_name,
                citizen_id=citizen_id,
                is_staff=is_admin,
                is_superuser=is_admin,
            )
            if key:
                TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực (demo)", key=key, confirmed=True)
            users[username] = user
        actor = users["admin"]

        # The higher committee, its two terms and congresses, its grants.
        root = services.organization_create(
            actor=actor,
            parent=None,
            name=ROOT_NAME,
            kind=Organization.Kind.COMMITTEE,
            founded_on=FOUNDED_ON,
            code=MARKER,
        )
        old_term = services.term_create(
            actor=actor, organization=root, name=OLD_TERM[0], starts_on=OLD_TERM[1], ends_on=OLD_TERM[2]
        )
        new_term = services.term_create(
            actor=actor, organization=root, name=NEW_TERM[0], starts_on=NEW_TERM[1]
        )
        for term, delegates in ((old_term, 248), (new_term, 251)):
            services.congress_record(
                actor=actor,
                term=term,
                held_on=term.starts_on,
                kind=Congress.Kind.DELEGATES,
                delegates=delegates,
            )
        services.grant_give(
            actor=actor, user=users["admin"], role=Grant.Role.ADMINISTRATOR, organization=root
        )
        services.grant_give(
            actor=actor, user=users["vanphong"], role=Grant.Role.OFFICE_STAFF, organization=root
        )

        # The 64 grassroots organizations and the cells of the grassroots committees.
        units: dict[tuple[str, str], Organization] = {}
        grassroots: list[Organization] = []
        specs = [
            (name, Organization.Kind.GRASSROOTS_COMMITTEE, cells) for name, cells in GRASSROOTS_COMMITTEES
        ]
        specs += [(name, Organization.Kind.GRASSROOTS_CELL, []) for name in GRASSROOTS_CELLS]
        for name, kind, cells in specs:
            founded = _day(rng, FOUNDED_ON, datetime.date(2020, 7, 31))
            unit = services.organization_create(
                actor=actor, parent=root, name=name, kind=kind, founded_on=founded
            )
            grassroots.append(unit)
            units[(name, "")] = unit
            for cell_name in cells:
                units[(name, cell_name)] = services.organization_create(
                    actor=actor,
                    parent=unit,
                    name=cell_name,
                    kind=Organization.Kind.CELL,
                    founded_on=_day(rng, founded, datetime.date(2020, 9, 30)),
                )

        # History before the 2025 congresses: a rename (2023), a move between grassroots committees (2024).
        old_name, new_name, on, decision = RENAMED
        services.organization_rename(
            actor=actor, organization=units[(old_name, "")], name=new_name, on=on, decision=decision
        )
        source, cell_name, target, on, decision = MOVED
        services.organization_move(
            actor=actor,
            organization=units[(source, cell_name)],
            new_parent=units[(target, "")],
            on=on,
            decision=decision,
        )

        # Paths and child counts changed: work on fresh rows from here on (the audit log copies the path).
        fresh = Organization.objects.in_bulk([unit.pk for unit in units.values()])
        units = {key: fresh[unit.pk] for key, unit in units.items()}
        grassroots = [fresh[unit.pk] for unit in grassroots]

        # Office holders. The higher committee: the 2020–2025 leaders (ended), then the current committee.
        seats = 0
        services.seat_assign(
            actor=actor,
            organization=root,
            role=Seat.Role.SECRETARY,
            holder_name=names(),
            starts_on=old_term.starts_on,
            term=old_term,
        )
        for _ in range(2):
            services.seat_assign(
                actor=actor,
                organization=root,
                role=Seat.Role.DEPUTY_SECRETARY,
                holder_name=names(),
                starts_on=old_term.starts_on,
                ends_on=old_term.ends_on,
                term=old_term,
            )
        current = [Seat.Role.SECRETARY] + [Seat.Role.DEPUTY_SECRETARY] * 2 + [Seat.Role.STANDING_MEMBER] * 4
        current += [Seat.Role.COMMITTEE_MEMBER] * 9
        for role in current:
            services.seat_assign(
                actor=actor,
                organization=root,
                role=role,
                holder_name=names(),
                starts_on=new_term.starts_on,
                term=new_term,
            )
        capuy = users["capuy"]
        services.seat_assign(
            actor=actor,
            organization=root,
            role=Seat.Role.COMMITTEE_MEMBER,
            holder=capuy,
            holder_name=capuy.full_name,
            starts_on=new_term.starts_on,
            term=new_term,
        )
        seats += 3 + len(current) + 1

        # Each grassroots organization: its 2025–2030 term and congress, a secretary and a deputy.
        for unit in grassroots:
            held_on = _day(rng, datetime.date(2025, 4, 1), datetime.date(2025, 6, 30))
            term = services.term_create(actor=actor, organization=unit, name="2025–2030", starts_on=held_on)
            services.congress_record(actor=actor, term=term, held_on=held_on, delegates=rng.randint(12, 95))
            for role in (Seat.Role.SECRETARY, Seat.Role.DEPUTY_SECRETARY):
                services.seat_assign(
                    actor=actor,
                    organization=unit,
                    role=role,
                    holder_name=names(),
                    starts_on=held_on,
                    term=term,
                )
                seats += 1

        # Each cell: its secretary and deputy, elected at the cell congresses early in 2025.
        bithu_cell = units[BITHU_CELL]
        for (_parent, cell_name), cell in units.items():
            if not cell_name:
                continue
            elected = _day(rng, datetime.date(2025, 1, 6), datetime.date(2025, 3, 28))
            for role in (Seat.Role.SECRETARY, Seat.Role.DEPUTY_SECRETARY):
                holder = users["bithu"] if (cell == bithu_cell and role == Seat.Role.SECRETARY) else None
                services.seat_assign(
                    actor=actor,
                    organization=cell,
                    role=role,
                    holder=holder,
                    holder_name=holder.full_name if holder else names(),
                    starts_on=elected,
                )
                seats += 1
        services.grant_give(
            actor=actor,
            user=users["dangvien"],
            role=Grant.Role.MEMBER,
            organization=bithu_cell,
            starts_on=datetime.date(2025, 1, 1),
        )

        # The 2025 restructuring: two cells merge (the source's seats end the day before).
        parent_name, source_name, into_name, on, decision = MERGED
        services.organization_merge(
            actor=actor,
            sources=[units[(parent_name, source_name)]],
            into=units[(parent_name, into_name)],
            on=on,
            decision=decision,
        )

        # The parts of the apps above (the members …), each with its own seeded generator.
        for name in DEMO_PARTS if parts is None else [p for p in DEMO_PARTS if p in parts]:
            part = DEMO_PARTS[name]
            import_string(part)(actor=actor, root=root, rng=random.Random(f"{SEED}:{part}"))

        active = Organization.objects.filter(path__startswith=root.path, dissolved_on__isnull=True)
        counts = {
            "grassroots_committees": active.filter(kind=Organization.Kind.GRASSROOTS_COMMITTEE).count(),
            "grassroots_cells": active.filter(kind=Organization.Kind.GRASSROOTS_CELL).count(),
            "cells": active.filter(kind=Organization.Kind.CELL).count(),
            "seats": seats,
            "accounts": len(users),
        }
        counts["grassroots"] = counts["grassroots_committees"] + counts["grassroots_cells"]
        return counts

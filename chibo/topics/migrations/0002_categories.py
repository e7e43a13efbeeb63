"""The categories of thematic topics that seed 002 and Hướng dẫn 12/42 name; a committee may add more."""

from django.db import migrations

CATEGORIES = [
    ("xay-dung-dang", "Công tác xây dựng Đảng", True),
    ("hoc-tap-bac", "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", True),
    ("nhiem-vu-chinh-tri", "Nhiệm vụ chính trị, chuyên môn của đơn vị", False),
    ("nghi-quyet", "Triển khai thực hiện chỉ thị, nghị quyết, quy định của Đảng", True),
    ("khac", "Nội dung khác", False),
]


def ship(apps, schema_editor):
    TopicCategory = apps.get_model("topics", "TopicCategory")
    for position, (code, name, watched) in enumerate(CATEGORIES, start=1):
        TopicCategory.objects.get_or_create(
            code=code, defaults={"name": name, "position": position, "watched": watched}
        )


class Migration(migrations.Migration):
    dependencies = [("topics", "0001_initial")]

    operations = [migrations.RunPython(ship, migrations.RunPython.noop)]

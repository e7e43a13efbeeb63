"""The database refuses to change or delete a secret ballot or a participation once written: a trigger on each
table (PostgreSQL: update and delete; SQLite: update, the models refusing a delete). Even a direct SQL statement by the application's own account fails; only
someone who can drop the trigger (the database owner) can get around it, and that is written down in
docs/decisions/0012-votes-secrecy.md."""

from django.db import migrations

TABLES = ("votes_ballot", "votes_participation")

POSTGRES = """
CREATE OR REPLACE FUNCTION votes_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Phiếu đã bỏ không được sửa hoặc xóa.';
END;
$$ LANGUAGE plpgsql;
"""


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES)
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_final BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION votes_refuse_change();"
            )
    elif vendor == "sqlite":
        # Only UPDATE: SQLite empties tables with DELETE (the test runner's flush), which a DELETE trigger would
        # refuse; the models refuse a delete themselves.
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_final_update BEFORE UPDATE ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'Phiếu đã bỏ không được sửa hoặc xóa.'); END;"
            )


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_final ON {table};")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_final_update;")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS votes_refuse_change();")


class Migration(migrations.Migration):
    dependencies = [("votes", "0001_polls")]

    operations = [migrations.RunPython(forward, backward)]

"""Import of the member register from the national member database's export (.xlsx or .csv).

Two steps, so that nobody writes a half-checked file into the register:

1. ``import_preview(actor=..., file=..., name=...)`` reads the file, checks every cell in Python against lookups
   fetched once (the cells in the actor's scope, the members already registered under the file's citizen IDs) and
   returns an ``ImportPreview``: every problem by row and column, and the rows that are new, changed, unchanged.
2. ``import_commit(actor=..., preview=...)`` writes the new and changed rows in one transaction, in bulk, with
   one audit line for the whole import. It refuses a preview that has any problem.

The file layout is documented in ``docs/member-import.md``; ``template_workbook()`` builds the template file.
Speed matters (DESIGN.md: 100,000 rows in no more than twice openpyxl's own read of the file): the row loop
does no query, converts each cell with a small function chosen once per column, and caches repeated values;
the new rows are written with plain multi-row inserts. Figures in ``bench/README.md``.

Modules: ``layout`` (columns, fields, template), ``reading`` (files and cell converters), ``lookups`` (what the
checks compare with), ``checking`` (the preview), ``writing`` (the commit).
"""

from chibo.members.imports.checking import ChangedRow, ImportPreview, NewRow, import_preview
from chibo.members.imports.layout import (
    COLUMN_BY_FIELD,
    COLUMNS,
    FIELDS,
    HEADERS,
    P_NAME,
    P_ORG,
    P_STATUS,
    POS,
    Column,
    template_workbook,
)
from chibo.members.imports.reading import ImportFileError, Problem, parse_date, read_rows
from chibo.members.imports.writing import ImportResult, import_commit, sort_key

__all__ = [
    "COLUMNS",
    "COLUMN_BY_FIELD",
    "FIELDS",
    "HEADERS",
    "POS",
    "P_NAME",
    "P_ORG",
    "P_STATUS",
    "ChangedRow",
    "Column",
    "ImportFileError",
    "ImportPreview",
    "ImportResult",
    "NewRow",
    "Problem",
    "import_commit",
    "import_preview",
    "parse_date",
    "read_rows",
    "sort_key",
    "template_workbook",
]

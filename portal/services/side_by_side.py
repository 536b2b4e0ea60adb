"""Several SELECTs of different columns read as one statement: their UNION ALL, side by side.

Each part's rows carry its own columns in its own place and typed NULLs in the others', the part's
number first and its order's keys last (each part's keys in columns of their own), ordered by part
and keys: one statement gives back each part's rows as its own statement gives them, in its order.
On PostgreSQL every statement is a round trip, and two sent in one (psycopg's pipeline) still cost
the client ~30 µs and the server ~10-20 µs more than one statement of both (a loop on the bench's
data, `docs/performance.md`, "The jobseeker home, fourteenth pass").

Only for parts ordered by columns, ascending or `desc()`, whose rows are not limited, grouped or
distinct (keys as extra columns would change them).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import Integer, Select, String, cast, literal_column, null, union_all
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.selectable import CompoundSelect
from sqlalchemy.sql.sqltypes import NullType

from portal.services.core_rows import named_tuple


class SideBySide(NamedTuple):
    statement: CompoundSelect
    slices: tuple[slice, ...]  # each part's own columns in a row of the statement
    row_classes: tuple[type, ...]  # a named tuple of each part's own column names


def side_by_side(*parts: tuple[Select[Any], Sequence[Any]]) -> SideBySide:
    """The UNION ALL of `parts` (each a SELECT without ORDER BY and the columns of its order).
    Build it once (it is compiled and kept by its identity, `core_rows.read_kept`)."""
    columns = [list(select.selected_columns) for select, _ in parts]
    keys = [[_column(key) for key in order] for _, order in parts]
    descending = [_descending(key) for _, order in parts for key in order]

    def empty(column: Any) -> Any:
        # Untyped columns (a NULL in the first SELECT of a union) hold strings.
        return cast(null(), String() if isinstance(column.type, NullType) else column.type)

    def row(part: int, own: list[list[Any]]) -> list[Any]:
        return [
            value if index == part else empty(value) for index, values in enumerate(own) for value in values
        ]

    selects = []
    for part, (select, _) in enumerate(parts):
        values, ordering = row(part, columns), row(part, keys)
        selects.append(
            select.with_only_columns(
                literal_column(str(part), Integer()).label("part"),
                *(value.label(f"c{i}") for i, value in enumerate(values)),
                *(key.label(f"k{i}") for i, key in enumerate(ordering)),
                maintain_column_froms=True,
            )
        )
    statement = union_all(*selects).order_by(
        literal_column("part"),
        *(
            literal_column(f"k{i}").desc() if down else literal_column(f"k{i}")
            for i, down in enumerate(descending)
        ),
    )
    slices, start = [], 1
    for own in columns:
        slices.append(slice(start, start + len(own)))
        start += len(own)
    return SideBySide(
        statement,
        tuple(slices),
        tuple(named_tuple(tuple(select.selected_columns.keys())) for select, _ in parts),
    )


def _descending(key: Any) -> bool:
    if isinstance(key, UnaryExpression):
        if key.modifier is not operators.desc_op or key.operator is not None:
            raise ValueError(f"side_by_side orders by columns, ascending or desc(): not {key}")
        return True
    return False


def _column(key: Any) -> Any:
    return key.element if _descending(key) else key


def split(shape: SideBySide, rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
    """The statement's rows as each part's own rows (its named tuples), part by part."""
    found: list[list[Any]] = [[] for _ in shape.slices]
    new = tuple.__new__
    for row in rows:
        part = row[0]
        found[part].append(new(shape.row_classes[part], row[shape.slices[part]]))
    return found

"""A table's records (header first) as a frame of stripped strings, rows numbered as a spreadsheet does.

Shared by the CSV reader (:mod:`patrol_map.io.csvfile`) and the spreadsheet reader
(:mod:`patrol_map.io.spreadsheet`), so that both check the header and the rows alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from patrol_map.errors import InputFileError


def records_to_frame(
    records: Sequence[Sequence[str]], header_row: int, path: Path, encoding: str
) -> pd.DataFrame:
    """Turn records, the header first, into a frame of stripped strings.

    Parameters
    ----------
    records
        The header and the rows after it, each a list of cells as text.
    header_row
        The spreadsheet row number of the header (1 when it is the first line).
    path
        The file, for messages.
    encoding
        The encoding the text was in, kept as ``attrs["encoding"]``.

    Returns
    -------
    pandas.DataFrame
        One row per record, empty cells as ``""``, rows whose cells are all empty left out; the
        index is the spreadsheet row number.

    Raises
    ------
    InputFileError
        For a column name given twice, a row with a value beyond the header, or no record.

    """
    if not records:
        raise InputFileError("Tệp không có tiêu đề cột nào.", "The file has no header row.", file=path)
    header = [cell.strip() for cell in records[0]]
    while header and not header[-1]:
        header.pop()  # empty cells after the last column name, as spreadsheets often save
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        raise InputFileError(
            f"Tên cột '{repeated[0]}' xuất hiện hai lần trong tiêu đề.",
            f"The column name '{repeated[0]}' appears twice in the header.",
            file=path,
            row=header_row,
            column=repeated[0],
        )
    rows = []
    for number, record in enumerate(records[1:], start=header_row + 1):
        cells = [cell.strip() for cell in record]
        extra = [cell for cell in cells[len(header) :] if cell]
        if extra:
            raise InputFileError(
                f"Dòng này có nhiều ô hơn tiêu đề (thừa '{extra[0]}'); kiểm tra dấu phân cách hoặc đặt "
                "tên cho cột đó.",
                f"This row has more cells than the header (extra '{extra[0]}'); check the separators, or "
                "name that column.",
                file=path,
                row=number,
            )
        rows.append(cells[: len(header)] + [""] * (len(header) - len(cells)))
    frame = pd.DataFrame(rows, columns=header, index=range(header_row + 1, header_row + 1 + len(rows)))
    frame = frame[(frame != "").any(axis=1)]
    if frame.empty:
        raise InputFileError(
            "Tệp không có dòng dữ liệu nào (chỉ có tiêu đề hoặc trống).",
            "The file holds no record (only a header, or nothing).",
            file=path,
        )
    frame.attrs["encoding"] = encoding
    return frame

"""Reading a CSV file as text, every cell a string, with a clear error when it cannot be read."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from patrol_map.errors import InputFileError

#: Row number (as a spreadsheet counts) of the first record; the header is row 1.
FIRST_DATA_ROW = 2


def read_csv_text(path: str | Path) -> pd.DataFrame:
    """Read a UTF-8 CSV file (a byte-order mark is allowed) with every cell as a stripped string.

    Parameters
    ----------
    path
        The CSV file.

    Returns
    -------
    pandas.DataFrame
        One row per record, empty cells as ``""``; the index is the spreadsheet row number.

    """
    path = Path(path)
    if not path.is_file():
        raise InputFileError("Không tìm thấy tệp.", "The file does not exist.", file=path)
    try:
        frame = pd.read_csv(
            path, dtype=str, keep_default_na=False, encoding="utf-8-sig", skipinitialspace=True
        )
    except UnicodeDecodeError as exc:
        raise InputFileError(
            "Tệp không ở mã UTF-8. Hãy lưu lại dưới dạng 'CSV UTF-8'.",
            "The file is not UTF-8 text. Save it again as 'CSV UTF-8'.",
            file=path,
        ) from exc
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputFileError(
            f"Không đọc được tệp CSV: {exc}.",
            f"The CSV file cannot be read: {exc}.",
            file=path,
        ) from exc
    frame.columns = [str(col).strip() for col in frame.columns]
    frame = frame.apply(lambda col: col.str.strip())
    frame.index = range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(frame))
    return frame

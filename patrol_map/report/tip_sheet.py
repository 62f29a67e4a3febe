"""The commander's list of citizens' tips as a CSV file (opened by :func:`patrol_map.access.tips_for`)."""

from __future__ import annotations

import csv
import io

import pandas as pd

from patrol_map.report.stoplist import inert

#: The file's columns: the stored field, and its header (Vietnamese / English).
TIP_CSV_COLUMNS = {
    "date": "Ngày / Date",
    "village": "Thôn / Village",
    "content": "Nội dung / Content",
    "informant_name": "Người báo / Informant",
    "informant_phone": "Số điện thoại / Phone",
    "valuable": "Có giá trị / Valuable",
    "tip_id": "Mã tin / Tip id",
}
_VALUABLE = {"yes": "có / yes", "no": "không / no", "": ""}


def tips_csv(tips: pd.DataFrame) -> bytes:
    """Write opened tips as a UTF-8 CSV file with a BOM (Excel reads its Vietnamese); no cell is a formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(TIP_CSV_COLUMNS.values())
    for _, tip in tips.iterrows():
        cells = [_VALUABLE.get(tip[c], tip[c]) if c == "valuable" else tip[c] for c in TIP_CSV_COLUMNS]
        writer.writerow([inert(cell) for cell in cells])
    return out.getvalue().encode("utf-8-sig")

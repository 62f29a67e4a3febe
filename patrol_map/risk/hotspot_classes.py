"""The names of Gi*'s hot and cold spot classes: a table of words, apart from the statistics.

Kept apart from :mod:`patrol_map.risk.getis` so that a map or a report naming the classes does not
load esda and libpysal (most of a second) to do so.
"""

from __future__ import annotations

#: Hot/cold spot classes: key -> (Vietnamese, English), hottest first.
HOTSPOT_CLASSES: dict[str, tuple[str, str]] = {
    "hot_99": ("Điểm nóng (tin cậy 99%)", "Hot spot, 99% confidence"),
    "hot_95": ("Điểm nóng (tin cậy 95%)", "Hot spot, 95% confidence"),
    "hot_90": ("Điểm nóng (tin cậy 90%)", "Hot spot, 90% confidence"),
    "none": ("Không có ý nghĩa thống kê", "Not significant"),
    "cold_90": ("Điểm lạnh (tin cậy 90%)", "Cold spot, 90% confidence"),
    "cold_95": ("Điểm lạnh (tin cậy 95%)", "Cold spot, 95% confidence"),
    "cold_99": ("Điểm lạnh (tin cậy 99%)", "Cold spot, 99% confidence"),
}

"""Vietnamese name pools for the synthetic sample: villages, people and landmarks.

Every string is NFC. The village names are typical of central Vietnam; none is meant to
match a real thôn of Nam Trạch.
"""

from __future__ import annotations

# fmt: off
#: Village names; a sample commune draws 15–25 of them.
VILLAGE_NAMES: tuple[str, ...] = (
    "Thôn Đông Lý", "Thôn Tây Lý", "Thôn Trung Nghĩa", "Thôn Thượng Lý", "Thôn Hạ Lý",
    "Thôn Phú Hòa", "Thôn Phú Lộc", "Thôn Tân Hội", "Thôn Xuân Hòa", "Thôn Thanh Bình",
    "Thôn Hòa Bình", "Thôn An Phú", "Thôn Hưng Phú", "Thôn Mỹ Hòa", "Thôn Quyết Thắng",
    "Thôn Đồng Tiến", "Thôn Tân Sơn", "Thôn Trung Thành", "Thôn Lý Hòa", "Thôn Nhân Hòa",
    "Thôn Nhân Thọ", "Thôn Đại Phong", "Thôn Cổ Hiền", "Thôn Vĩnh Lộc", "Thôn Phúc Tự",
    "Thôn Đức Trung", "Thôn Tiến Lộc", "Thôn Hòa Ninh", "Thôn Bắc Sơn", "Thôn Nam Sơn",
    "Xóm Cồn", "Xóm Bàu", "Xóm Đình", "Xóm Rú", "Xóm Hói", "Xóm Trại",
)

#: Names of the streams that the sample's bridges cross.
BRIDGE_NAMES: tuple[str, ...] = ("Cầu Khe Nước", "Cầu Bàu Sen", "Cầu Hói Mít", "Cầu Khe Cát")

#: Family names with rough weights of how common they are in central Vietnam.
SURNAMES: dict[str, float] = {
    "Nguyễn": 30, "Trần": 9, "Lê": 9, "Phạm": 5, "Hoàng": 6, "Võ": 6, "Phan": 5, "Đặng": 3,
    "Bùi": 3, "Đỗ": 3, "Hồ": 4, "Ngô": 3, "Dương": 2, "Đinh": 2, "Mai": 2, "Trương": 2,
    "Cao": 2, "Lương": 1, "Đoàn": 2, "Thái": 1,
}
#: Middle names by sex.
MIDDLE_NAMES: dict[str, tuple[str, ...]] = {
    "m": ("Văn", "Đức", "Minh", "Hữu", "Quang", "Xuân", "Thanh", "Công", "Đình", "Ngọc"),
    "f": ("Thị", "Thu", "Ngọc", "Thanh", "Hồng"),
}
#: Given names by sex.
GIVEN_NAMES: dict[str, tuple[str, ...]] = {
    "m": (
        "Hùng", "Dũng", "Tuấn", "Nam", "Hải", "Long", "Sơn", "Bình", "Phong", "Thắng", "Lợi",
        "Quý", "Tâm", "Hiếu", "Trung", "Khánh", "Cường", "Hoàng", "Vinh", "Toàn", "Đạt",
        "Phúc", "Thành", "Tùng", "Huy", "Kiên", "Lâm", "Nhật", "Quân", "Tài", "Hậu", "Lực",
    ),
    "f": ("Lan", "Hương", "Trang", "Hà", "Linh", "Mai", "Nga", "Thảo", "Hằng", "Yến"),
}
# fmt: on


def base_name(village: str) -> str:
    """Return a village name without its type word, e.g. ``Đông Lý`` for ``Thôn Đông Lý``.

    Parameters
    ----------
    village
        Full village name starting with ``Thôn`` or ``Xóm``.

    Returns
    -------
    str
        The name after the first word.

    """
    return village.split(" ", 1)[1]

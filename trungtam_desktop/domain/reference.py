"""Reference lists offered in forms (the clerk may still type something else)."""

from __future__ import annotations

# The 54 ethnic groups of Vietnam, in the official order (Kinh first).
ETHNIC_GROUPS: tuple[str, ...] = (
    "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "Mông", "Dao", "Gia Rai", "Ê Đê", "Ba Na",
    "Xơ Đăng", "Sán Chay", "Cơ Ho", "Chăm", "Sán Dìu", "Hrê", "Raglai", "Mnông", "Xtiêng", "Bru - Vân Kiều",
    "Thổ", "Khơ Mú", "Cơ Tu", "Giáy", "Giẻ Triêng", "Tà Ôi", "Mạ", "Co", "Chơ Ro", "Xinh Mun", "Hà Nhì",
    "Chu Ru", "Lào", "Kháng", "La Chí", "Phù Lá", "La Hủ", "La Ha", "Pà Thẻn", "Chứt", "Lự", "Lô Lô", "Mảng",
    "Cờ Lao", "Bố Y", "Cống", "Ngái", "Si La", "Pu Péo", "Rơ Măm", "Brâu", "Ơ Đu",
)  # fmt: skip

RELIGIONS: tuple[str, ...] = (
    "Không", "Phật giáo", "Công giáo", "Tin lành", "Cao Đài", "Phật giáo Hòa Hảo", "Hồi giáo", "Khác",
)  # fmt: skip

EDUCATION_LEVELS: tuple[str, ...] = ("12/12", "11/12", "10/12", "9/12", "8/12", "7/12", "6/12", "5/12")

THEORY_LEVELS: tuple[str, ...] = ("Chưa qua đào tạo", "Sơ cấp", "Trung cấp", "Cao cấp", "Cử nhân")

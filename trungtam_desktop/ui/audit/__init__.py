"""Dữ liệu → Nhật ký thay đổi: the audit log viewer."""

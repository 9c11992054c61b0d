"""Báo cáo: the annual plan, the periodic report and the teaching pay list."""

"""The moments the publication tests travel to, written out (Hong Kong is UTC+8)."""

SENT = "2026-03-04T05:30:00+00:00"  # 13:30 in Hong Kong: out at the 15:00 window
LATE = "2026-03-04T06:00:00.000001+00:00"  # just past 14:00: too late for 15:00, out at 18:00
JUST_BEFORE = "2026-03-04T06:59:59+00:00"  # 14:59:59
WINDOW = "2026-03-04T07:00:00+00:00"  # 15:00
NEXT_WINDOW = "2026-03-04T10:00:00+00:00"  # 18:00

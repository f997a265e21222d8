"""Livestream planning: sessions in the buyers' local prime time, weekly hours, yield per hour.

Prime time is an evening window in the market's own clock (19:00 to 22:00 unless a market
is listed otherwise), found with :mod:`zoneinfo`, so a window keeps its local hours across
daylight-saving changes while its China time (Asia/Shanghai, no DST) moves. Every instant is
a timezone-aware ``datetime``; nothing here reads the clock.

>>> w = prime_time("US", date(2026, 1, 15))
>>> w.start.isoformat(), w.start_china.isoformat()
('2026-01-15T19:00:00-05:00', '2026-01-16T08:00:00+08:00')
>>> prime_time("US", date(2026, 7, 15)).start_china.isoformat()
'2026-07-16T07:00:00+08:00'
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from chuhai.errors import InputError

__all__ = [
    "CHINA",
    "MARKET_ZONES",
    "WEEKLY_TARGET_HOURS",
    "PrimeWindow",
    "SessionStatus",
    "Slot",
    "get_zone",
    "in_prime_time",
    "per_hour",
    "plan_week",
    "prime_time",
    "week_start",
]

CHINA = ZoneInfo("Asia/Shanghai")
WEEKLY_TARGET_HOURS = 40  # the city's brands livestream to overseas buyers about 40 h a week
DEFAULT_PRIME = (time(19), time(22))

# The zone where most of a market's buyers live (one per market; pass another to override).
MARKET_ZONES = {
    "US": "America/New_York", "CA": "America/Toronto", "MX": "America/Mexico_City",
    "BR": "America/Sao_Paulo", "CL": "America/Santiago", "GB": "Europe/London",
    "DE": "Europe/Berlin", "FR": "Europe/Paris", "IT": "Europe/Rome", "ES": "Europe/Madrid",
    "NL": "Europe/Amsterdam", "PL": "Europe/Warsaw", "PH": "Asia/Manila",
    "MY": "Asia/Kuala_Lumpur", "TH": "Asia/Bangkok", "VN": "Asia/Ho_Chi_Minh",
    "ID": "Asia/Jakarta", "SG": "Asia/Singapore", "JP": "Asia/Tokyo", "KR": "Asia/Seoul",
    "AU": "Australia/Sydney", "SA": "Asia/Riyadh", "AE": "Asia/Dubai", "NG": "Africa/Lagos",
    "ZA": "Africa/Johannesburg", "KE": "Africa/Nairobi", "CN": "Asia/Shanghai",
}  # fmt: skip
# Gulf evenings start later (after the last prayer); elsewhere 19:00 to 22:00.
PRIME_OVERRIDES = {"SA": (time(20), time(23)), "AE": (time(20), time(23))}


class SessionStatus(enum.StrEnum):
    PLANNED = "planned"
    DONE = "done"
    CANCELLED = "cancelled"


def get_zone(market: str, zone: str | None = None) -> ZoneInfo:
    """The IANA zone given, else the market's (``US`` -> America/New_York)."""
    name = zone or MARKET_ZONES.get(market.upper())
    if not name:
        raise InputError(
            f"no time zone known for market {market!r}; give one (e.g. Europe/Berlin)",
            field="time_zone",
        )
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"unknown time zone {name!r}", field="time_zone") from None


@dataclass(frozen=True)
class PrimeWindow:
    """A market's prime time on one local day, as aware local datetimes."""

    market: str
    zone: str
    start: datetime
    end: datetime

    @property
    def start_china(self) -> datetime:
        return self.start.astimezone(CHINA)

    @property
    def end_china(self) -> datetime:
        return self.end.astimezone(CHINA)

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


def prime_time(market: str, day: date, *, zone: str | None = None) -> PrimeWindow:
    """The prime-time window of ``market`` on the local date ``day``."""
    tz = get_zone(market, zone)
    first, last = PRIME_OVERRIDES.get(market.upper(), DEFAULT_PRIME)
    start = datetime.combine(day, first, tzinfo=tz)
    end = datetime.combine(day, last, tzinfo=tz)
    return PrimeWindow(market.upper(), str(tz.key), start, end)


def in_prime_time(start: datetime, minutes: int, market: str, *, zone: str | None = None) -> bool:
    """Whether a session from ``start`` (aware) lasting ``minutes`` lies within prime time."""
    if start.tzinfo is None:
        raise InputError("a session start needs a time zone", field="starts_at")
    local = start.astimezone(get_zone(market, zone))
    window = prime_time(market, local.date(), zone=zone)
    return window.start <= local and local + timedelta(minutes=minutes) <= window.end


def week_start(day: date) -> date:
    """The Monday of ``day``'s ISO week.

    >>> week_start(date(2026, 11, 29))
    datetime.date(2026, 11, 23)
    """
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Slot:
    """A planned session: its start in UTC and its length."""

    starts_at: datetime
    minutes: int


def plan_week(
    *,
    market: str,
    monday: date,
    hours: Decimal | int,
    session_minutes: int = 120,
    days: Sequence[int] = (0, 1, 2, 3, 4, 5, 6),
    zone: str | None = None,
) -> list[Slot]:
    """Sessions totalling ``hours`` in ``market``'s prime time in the week from ``monday``.

    Days (0 = Monday) take a session each in turn, starting at the window's start; a day
    takes a second session right after the first once every day has one. Raises when the
    hours do not fit in the prime time of the days given.
    """
    if monday.weekday() != 0:
        raise InputError(f"{monday} is not a Monday", field="week")
    if not 15 <= session_minutes <= 240:
        raise InputError("a session lasts 15 to 240 minutes", field="session_minutes")
    wanted = int(Decimal(hours) * 60)
    if wanted <= 0:
        raise InputError("plan at least some hours", field="hours")
    windows = [prime_time(market, monday + timedelta(days=d), zone=zone) for d in sorted(set(days))]
    used = [0] * len(windows)
    slots: list[Slot] = []
    while wanted > 0:
        placed = False
        for index, window in enumerate(windows):
            length = min(session_minutes, wanted)
            if wanted <= 0 or used[index] + length > window.minutes:
                continue
            start = window.start + timedelta(minutes=used[index])
            slots.append(Slot(start.astimezone(UTC), length))
            used[index] += length
            wanted -= length
            placed = True
        if not placed:
            room = sum(w.minutes for w in windows) / 60
            raise InputError(f"{hours} h do not fit in {room:g} h of prime time", field="hours")
    return sorted(slots, key=lambda slot: slot.starts_at)


def per_hour(amount: int, minutes: int) -> Decimal | None:
    """An amount (viewers, orders, GMV in minor units) per hour streamed; ``None`` for none.

    >>> per_hour(360_000, 120)
    Decimal('180000')
    """
    if minutes <= 0:
        return None
    return Decimal(amount) * 60 / Decimal(minutes)

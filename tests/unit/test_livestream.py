"""Prime time across time zones and daylight-saving changes, weekly plans, yield per hour."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from chuhai.domain.livestream import (
    CHINA,
    in_prime_time,
    per_hour,
    plan_week,
    prime_time,
    week_start,
)
from chuhai.errors import InputError


@pytest.mark.parametrize(
    ("market", "day", "local", "china"),
    [
        # New York: EST (UTC-5) in January, EDT (UTC-4) in July; China stays UTC+8.
        ("US", "2026-01-15", "2026-01-15T19:00:00-05:00", "2026-01-16T08:00:00+08:00"),
        ("US", "2026-07-15", "2026-07-15T19:00:00-04:00", "2026-07-16T07:00:00+08:00"),
        # Berlin: CET (UTC+1) and CEST (UTC+2).
        ("DE", "2026-01-15", "2026-01-15T19:00:00+01:00", "2026-01-16T02:00:00+08:00"),
        ("DE", "2026-07-15", "2026-07-15T19:00:00+02:00", "2026-07-16T01:00:00+08:00"),
        # Sydney's summer time is in January (AEDT, UTC+11), winter in July (AEST, UTC+10).
        ("AU", "2026-01-15", "2026-01-15T19:00:00+11:00", "2026-01-15T16:00:00+08:00"),
        ("AU", "2026-07-15", "2026-07-15T19:00:00+10:00", "2026-07-15T17:00:00+08:00"),
        # Manila has China's offset; Riyadh's prime time starts at 20:00.
        ("PH", "2026-07-15", "2026-07-15T19:00:00+08:00", "2026-07-15T19:00:00+08:00"),
        ("SA", "2026-07-15", "2026-07-15T20:00:00+03:00", "2026-07-16T01:00:00+08:00"),
    ],
)
def test_prime_time_in_local_and_china_time(market: str, day: str, local: str, china: str) -> None:
    window = prime_time(market, date.fromisoformat(day))
    assert window.start.isoformat() == local
    assert window.start_china.isoformat() == china
    assert window.minutes == 180


def test_the_china_time_moves_on_the_day_daylight_saving_starts() -> None:
    # US clocks go forward on Sunday 2026-03-08: 19:00 local is an hour earlier in China.
    before = prime_time("US", date(2026, 3, 7)).start_china
    after = prime_time("US", date(2026, 3, 8)).start_china
    assert (before.hour, after.hour) == (8, 7)
    # Europe moves on 2026-03-29, three weeks later: for those weeks New York is 5 h from Berlin.
    gap = prime_time("DE", date(2026, 3, 20)).start - prime_time("US", date(2026, 3, 20)).start
    assert gap.total_seconds() == -5 * 3600


def test_a_week_plan_across_the_dst_change_keeps_local_evenings() -> None:
    slots = plan_week(market="US", monday=date(2026, 3, 2), hours=7, session_minutes=60)
    assert len(slots) == 7
    locals_ = [
        s.starts_at.astimezone(prime_time("US", date(2026, 3, 2)).start.tzinfo) for s in slots
    ]
    assert {t.hour for t in locals_} == {19}
    china = [s.starts_at.astimezone(CHINA).hour for s in slots]
    assert china == [8, 8, 8, 8, 8, 8, 7]
    assert all(in_prime_time(s.starts_at, s.minutes, "US") for s in slots)


def test_hours_spread_over_the_days_then_stack() -> None:
    slots = plan_week(
        market="PH", monday=date(2026, 11, 30), hours=Decimal("12"), session_minutes=120
    )
    assert sum(s.minutes for s in slots) == 12 * 60
    assert len(slots) == 6
    assert [s.starts_at.astimezone(CHINA).day for s in slots] == [30, 1, 2, 3, 4, 5]
    stacked = plan_week(
        market="PH", monday=date(2026, 11, 30), hours=15, session_minutes=90, days=(0, 1, 2, 3, 4)
    )
    per_day = [s.starts_at.astimezone(CHINA).strftime("%d %H:%M") for s in stacked]
    assert per_day[:3] == ["30 19:00", "30 20:30", "01 19:00"]
    assert sum(s.minutes for s in stacked) == 900


def test_plans_that_cannot_fit_are_refused() -> None:
    with pytest.raises(InputError, match="do not fit"):
        plan_week(market="US", monday=date(2026, 11, 30), hours=22)
    with pytest.raises(InputError) as not_monday:
        plan_week(market="US", monday=date(2026, 12, 1), hours=2)
    assert not_monday.value.field == "week"
    with pytest.raises(InputError) as zone:
        prime_time("XX", date(2026, 1, 1))
    assert zone.value.field == "time_zone"
    with pytest.raises(InputError):
        prime_time("US", date(2026, 1, 1), zone="Mars/Olympus")


def test_in_prime_time_needs_the_whole_session_inside() -> None:
    start = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)  # 19:00 in New York (EST)
    assert in_prime_time(start, 180, "US")
    assert not in_prime_time(start, 181, "US")
    assert not in_prime_time(datetime(2026, 12, 1, 2, 30, tzinfo=UTC), 60, "US")  # 21:30 + 1 h
    assert in_prime_time(start, 60, "US", zone="America/Chicago") is False  # 18:00 in Chicago
    with pytest.raises(InputError):
        in_prime_time(datetime(2026, 12, 1, 19), 60, "US")  # noqa: DTZ001  (naive on purpose)


def test_week_start_and_yield_per_hour() -> None:
    assert week_start(date(2026, 12, 6)) == date(2026, 11, 30)
    assert per_hour(2_400_000, 90) == Decimal(1_600_000)
    assert per_hour(10, 0) is None

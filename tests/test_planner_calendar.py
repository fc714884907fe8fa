"""When weeks are planned: Sunday 08:00 local in every zone, :30/:45 offsets and DST weeks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from simmer.planner.calendar import TICK, current_week, due_weeks, planning_instant, week_of

ZONES = [
    "America/New_York",
    "America/Los_Angeles",
    "America/St_Johns",  # -03:30
    "Europe/Berlin",
    "Europe/London",
    "Asia/Kolkata",  # +05:30
    "Asia/Kathmandu",  # +05:45
    "Australia/Eucla",  # +08:45
    "Australia/Sydney",
    "Pacific/Chatham",  # +12:45 / +13:45
    "Pacific/Kiritimati",  # +14: its Sunday 08:00 is Saturday 18:00 UTC
    "Pacific/Pago_Pago",  # -11
    "UTC",
]


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_week_is_named_by_its_sunday() -> None:
    assert week_of(date(2026, 11, 29)) == date(2026, 11, 29)  # a Sunday
    assert week_of(date(2026, 12, 5)) == date(2026, 11, 29)  # the Saturday after
    assert week_of(date(2026, 11, 30)) == date(2026, 11, 29)
    # 23:30 UTC on Saturday is already Sunday morning in Berlin
    assert current_week("Europe/Berlin", utc(2026, 12, 5, 23, 30)) == date(2026, 12, 6)
    assert current_week("America/New_York", utc(2026, 12, 6, 3, 0)) == date(2026, 11, 29)


@pytest.mark.parametrize(
    ("zone", "week", "instant"),
    [
        ("Europe/Berlin", date(2026, 11, 29), utc(2026, 11, 29, 7, 0)),
        ("Asia/Kolkata", date(2026, 11, 29), utc(2026, 11, 29, 2, 30)),
        ("Asia/Kathmandu", date(2026, 11, 29), utc(2026, 11, 29, 2, 15)),
        ("Pacific/Kiritimati", date(2026, 11, 29), utc(2026, 11, 28, 18, 0)),
        # New York: EST (-5) until 8 March 2026, EDT (-4) from that Sunday's 02:00
        ("America/New_York", date(2026, 3, 1), utc(2026, 3, 1, 13, 0)),
        ("America/New_York", date(2026, 3, 8), utc(2026, 3, 8, 12, 0)),
        # back to EST on 1 November 2026 at 02:00, before 08:00
        ("America/New_York", date(2026, 10, 25), utc(2026, 10, 25, 12, 0)),
        ("America/New_York", date(2026, 11, 1), utc(2026, 11, 1, 13, 0)),
    ],
)
def test_due_exactly_at_sunday_eight_local(zone: str, week: date, instant: datetime) -> None:
    assert planning_instant(week, zone) == instant
    assert due_weeks(instant, [zone]) == [(week, zone)]
    assert due_weeks(instant - TICK, [zone]) == []  # never early
    assert due_weeks(instant + TICK, [zone]) == []  # and only once


def test_every_zone_is_due_once_a_week_at_eight_local_over_a_dst_week() -> None:
    """Tick every 15 minutes for 7 days around the Sunday New York moves to summer time."""
    start = utc(2026, 3, 4, 0, 0)
    ticks = [start + TICK * i for i in range(4 * 24 * 7)]
    due = [(tick, week, zone) for tick in ticks for week, zone in due_weeks(tick, ZONES)]
    assert sorted(zone for _, _, zone in due) == sorted(ZONES)
    for tick, week, zone in due:
        local = tick.astimezone(ZoneInfo(zone))
        assert (local.weekday(), local.hour, local.minute) == (6, 8, 0), (zone, local)
        assert local.date() == week == date(2026, 3, 8)


def test_names_that_are_not_zones_are_never_due() -> None:
    instant = utc(2026, 11, 29, 7, 0)
    assert due_weeks(instant, ["Europe/Berlin", "Mars/Olympus", "europe/berlin"]) == [
        (date(2026, 11, 29), "Europe/Berlin")
    ]


def test_a_late_tick_window_still_catches_the_week() -> None:
    # a tick evaluated 10 minutes late with a window of an hour still finds Berlin's week
    late = utc(2026, 11, 29, 7, 10)
    assert due_weeks(late, ["Europe/Berlin"], interval=timedelta(hours=1)) == [
        (date(2026, 11, 29), "Europe/Berlin")
    ]

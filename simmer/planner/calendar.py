"""When a household's week is planned: Sunday 08:00 in the household's own time zone.

A week is Sunday to Saturday in the household's zone and is named by that Sunday's date. The
plan for a week is made at `PLAN_TIME` on its Sunday, local time; `due_weeks` says which
(week, zone) pairs fall due in the window `(instant - interval, instant]` of a clock that ticks
every `interval` on UTC. Every IANA zone's offset is a whole number of quarter hours (Kolkata
+05:30, Kathmandu +05:45, Chatham +12:45), so a 15-minute UTC tick lands exactly on 08:00 local
in every zone, DST weeks included (the change happens in the night, never at 08:00).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, available_timezones

PLAN_TIME = time(8, 0)
TICK = timedelta(minutes=15)
IANA_ZONES = frozenset(available_timezones())
DAYS_FROM_SUNDAY = 1  # date.weekday() is 0 on Monday; (weekday + 1) % 7 days back is Sunday


def week_of(day: date) -> date:
    """The Sunday that starts the week holding `day`."""
    return day - timedelta(days=(day.weekday() + DAYS_FROM_SUNDAY) % 7)


def current_week(zone: str, now: datetime) -> date:
    """The week holding `now` (an aware instant) in `zone`."""
    return week_of(now.astimezone(ZoneInfo(zone)).date())


def planning_instant(week: date, zone: str) -> datetime:
    """The instant (UTC) a week's plan is made in `zone`: 08:00 local on its Sunday."""
    return datetime.combine(week, PLAN_TIME, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def due_weeks(
    instant: datetime, zones: list[str], interval: timedelta = TICK
) -> list[tuple[date, str]]:
    """The (week, zone) pairs whose planning instant lies in `(instant - interval, instant]`,
    sorted by zone; zones that are not IANA names are left out (see `unknown_zones`)."""
    due = []
    for zone in sorted(set(zones) - set(unknown_zones(zones))):
        week = current_week(zone, instant)
        if instant - interval < planning_instant(week, zone) <= instant:
            due.append((week, zone))
    return due


def unknown_zones(zones: list[str]) -> list[str]:
    """The names among `zones` that are not IANA time zones, sorted."""
    return sorted(zone for zone in set(zones) if not is_zone(zone))


def is_zone(name: str) -> bool:
    return name in IANA_ZONES

"""Teams, their office hours and the routing of hand-overs, from bot/knowledge/data/teams.yml.

A hand-over that nobody sees leaves a young person waiting in a silent chat, so who is told
(and when they are there) is data a school edits, checked on load like the other knowledge:
a typo in a time or a team name stops the service at start-up with a Dutch message instead
of sending a case to nobody. ``load_teams`` caches per folder.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.knowledge.data_error import KnowledgeError
from bot.knowledge.fields import Fields, as_mapping, check_key, text_items
from bot.knowledge.model import DECISION_POINT_KEYS
from bot.knowledge.yamlfile import read_yaml

TEAMS_FILE = "teams.yml"
DEFAULT_DATA_DIR = Path(__file__).resolve().parent / "data"
# The week days as the file names them; Monday first, like datetime.weekday().
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
# The modes that can hand over (practice never does).
HANDOVER_MODES = ("advies", "pre_intake")
_PERIOD = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
# How far ahead a next opening is looked for (a long holiday is a few weeks).
_LOOKAHEAD_DAYS = 60


@dataclass(frozen=True)
class Period:
    """One opening period on a day, e.g. 8:30 to 12:00."""

    start: dt.time
    end: dt.time


@dataclass(frozen=True)
class Opening:
    """When a team opens next, in its own time zone."""

    at: dt.datetime  # aware, in the team's time zone

    def day_words(self, now: dt.datetime) -> str:
        """'vandaag', 'morgen', a week day ('maandag') or, further ahead, 'maandag 4 januari'."""
        today = now.astimezone(self.at.tzinfo).date()
        days = (self.at.date() - today).days
        if days == 0:
            return "vandaag"
        if days == 1:
            return "morgen"
        weekday = WEEKDAYS[self.at.weekday()]
        if days < 7:
            return weekday
        return f"{weekday} {self.at.day} {_MONTHS[self.at.month - 1]}"

    @property
    def time_words(self) -> str:
        """'8.30' — the Dutch way to write a clock time."""
        return f"{self.at.hour}.{self.at.minute:02d}"


_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


@dataclass(frozen=True)
class OfficeHours:
    """The week and the closing days of a team, and what it promises when open."""

    timezone: ZoneInfo
    week: Mapping[int, tuple[Period, ...]]  # weekday (0 = Monday) -> periods
    closed: frozenset[dt.date]
    answer_time: str

    def _periods(self, day: dt.date) -> tuple[Period, ...]:
        return () if day in self.closed else self.week.get(day.weekday(), ())

    def is_open(self, now: dt.datetime) -> bool:
        """Whether ``now`` (aware) falls in an opening period."""
        local = now.astimezone(self.timezone)
        moment = local.time().replace(tzinfo=None)
        return any(p.start <= moment < p.end for p in self._periods(local.date()))

    def next_opening(self, now: dt.datetime) -> Opening | None:
        """The next start of a period after ``now``; None when closed for the coming weeks."""
        local = now.astimezone(self.timezone)
        for offset in range(_LOOKAHEAD_DAYS):
            day = local.date() + dt.timedelta(days=offset)
            for period in self._periods(day):
                start = dt.datetime.combine(day, period.start, tzinfo=self.timezone)
                if start > local:
                    return Opening(start)
        return None

    def open_seconds_between(self, start: dt.datetime, end: dt.datetime) -> float:
        """Seconds of office time between two aware moments (a reminder counts only these)."""
        if end <= start:
            return 0.0
        total = 0.0
        first, last = start.astimezone(self.timezone), end.astimezone(self.timezone)
        day = first.date()
        while day <= last.date():
            for period in self._periods(day):
                begin = dt.datetime.combine(day, period.start, tzinfo=self.timezone)
                finish = dt.datetime.combine(day, period.end, tzinfo=self.timezone)
                overlap = min(finish, last) - max(begin, first)
                total += max(0.0, overlap.total_seconds())
            day += dt.timedelta(days=1)
        return total


@dataclass(frozen=True)
class Webhook:
    """The school's own system; the secret is read from the environment variable ``secret_env``."""

    url: str
    secret_env: str


@dataclass(frozen=True)
class Team:
    """A team that takes hand-overs."""

    key: str
    name: str
    members: tuple[str, ...]
    email: str | None
    webhook: Webhook | None
    office_hours: OfficeHours
    remind_after_minutes: float  # office time an untaken hand-over waits before a reminder
    stale_after_hours: float  # office time a taken one may go without reply or decision
    # Work days within which the team contacts a young person or parent who chatted alone
    # (None: the team promises no number of days, and the chat names none).
    contact_within_days: int | None = None


@dataclass(frozen=True)
class RoutingRule:
    """Hand-overs in ``mode`` at one of ``decision_points`` go to ``team`` (unset: any)."""

    team: str
    mode: str | None = None
    decision_points: tuple[str, ...] = ()

    def matches(self, mode: str | None, decision_point: str) -> bool:
        if self.mode is not None and self.mode != mode:
            return False
        return not self.decision_points or decision_point in self.decision_points


@dataclass(frozen=True, eq=False)
class Teams:
    """All teams and the routing, in the order of the file."""

    teams: Mapping[str, Team]
    routing: tuple[RoutingRule, ...]

    def team_for(self, mode: str | None, decision_point: str) -> Team:
        """The team that gets a hand-over (the last rule catches everything, checked on load)."""
        for rule in self.routing:
            if rule.matches(mode, decision_point):
                return self.teams[rule.team]
        raise AssertionError("the routing's last rule catches every hand-over")

    def teams_of(self, username: str) -> tuple[Team, ...]:
        """The teams ``username`` is a member of."""
        return tuple(team for team in self.teams.values() if username in team.members)


def load_teams(data_dir: Path | str | None = None) -> Teams:
    """The teams in ``data_dir``, loaded once per dir.

    Default: ``BOT_TEAMS_DIR`` when set (a school's own teams.yml outside the code, with
    its own members), else the package's data folder.
    """
    if data_dir is not None:
        path = Path(data_dir)
    else:
        path = Path(os.environ.get("BOT_TEAMS_DIR", "").strip() or DEFAULT_DATA_DIR)
    return _load_cached(path.resolve())


def clear_teams_cache() -> None:
    """Forget loaded teams, e.g. after a school changed teams.yml in a running process."""
    _load_cached.cache_clear()


@functools.lru_cache(maxsize=8)
def _load_cached(data_dir: Path) -> Teams:
    file = TEAMS_FILE
    fields = Fields(
        file, "het bestand", read_yaml(data_dir / file), ("timezone", "teams", "routing")
    )
    zone = _zone(fields)
    raw_teams = as_mapping(file, "teams", fields.raw("teams"), "'teams'")
    if not raw_teams:
        fields.fail("er staat geen team in 'teams'.")
    teams: dict[str, Team] = {}
    for key, entry in raw_teams.items():
        key = check_key(file, "teams", key)
        teams[key] = _team(file, key, entry, zone)
    return Teams(
        teams=MappingProxyType(teams), routing=_routing(file, fields.raw("routing"), teams)
    )


def _zone(fields: Fields) -> ZoneInfo:
    name = fields.text("timezone")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        fields.fail(f"onbekende tijdzone '{name}'. Bijvoorbeeld: Europe/Amsterdam.")


def _team(file: str, key: str, entry: object, zone: ZoneInfo) -> Team:
    name = f"team '{key}'"
    fields = Fields(
        file,
        name,
        entry,
        (
            "name",
            "members",
            "email",
            "webhook",
            "office_hours",
            "remind_after_minutes",
            "stale_after_hours",
            "contact_within_days",
        ),
    )
    email = fields.optional_text("email")
    if email is not None and not _EMAIL.match(email):
        fields.fail(f"'{email}' is geen e-mailadres.")
    members = fields.text_list("members", required=True)
    if len(set(members)) != len(members):
        fields.fail("een medewerker staat twee keer bij 'members'.")
    webhook = _webhook(file, name, fields.raw("webhook")) if fields.has("webhook") else None
    if email is None and webhook is None:
        fields.fail(
            "geef 'email' of 'webhook' (of allebei), anders hoort niemand van een overdracht."
        )
    if not fields.has("office_hours"):
        fields.fail("het veld 'office_hours' ontbreekt.")
    return Team(
        key=key,
        name=fields.text("name"),
        members=members,
        email=email,
        webhook=webhook,
        office_hours=_office_hours(file, name, fields.raw("office_hours"), zone),
        remind_after_minutes=_positive(fields, "remind_after_minutes"),
        stale_after_hours=_positive(fields, "stale_after_hours"),
        contact_within_days=_days(fields, "contact_within_days"),
    )


def _positive(fields: Fields, name: str) -> float:
    value = fields.raw(name)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        fields.fail(f"het veld '{name}' moet een getal groter dan 0 zijn, bijvoorbeeld 10.")
    return float(value)


def _days(fields: Fields, name: str) -> int | None:
    if not fields.has(name):
        return None
    value = fields.raw(name)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        fields.fail(f"het veld '{name}' moet een heel getal van 1 of meer zijn, bijvoorbeeld 2.")
    return value


def _webhook(file: str, entry: str, data: object) -> Webhook:
    fields = Fields(file, f"{entry}, webhook", data, ("url", "secret_env"))
    url = fields.text("url")
    if not url.startswith(("https://", "http://")):
        fields.fail(f"de url '{url}' moet beginnen met https://.")
    secret_env = fields.text("secret_env")
    if not _ENV_NAME.match(secret_env):
        fields.fail(
            f"'{secret_env}' is geen naam van een omgevingsvariabele"
            " (HOOFDLETTERS, cijfers en _). Zet het geheim zelf niet in dit bestand."
        )
    return Webhook(url=url, secret_env=secret_env)


def _office_hours(file: str, entry: str, data: object, zone: ZoneInfo) -> OfficeHours:
    where = f"{entry}, office_hours"
    fields = Fields(file, where, data, ("days", "closed", "answer_time"))
    days = as_mapping(file, where, fields.raw("days"), "'days'")
    week: dict[int, tuple[Period, ...]] = {}
    for day, periods in days.items():
        if day not in WEEKDAYS:
            fields.fail(f"onbekende dag '{day}'.", WEEKDAYS)
        week[WEEKDAYS.index(str(day))] = _periods(file, f"{where}, {day}", periods)
    if not any(week.values()):
        fields.fail("het team is op geen enkele dag open. Noem minstens één dag met tijden.")
    return OfficeHours(
        timezone=zone,
        week=MappingProxyType(week),
        closed=_closed(file, where, fields.raw("closed")),
        answer_time=fields.text("answer_time"),
    )


def _periods(file: str, entry: str, data: object) -> tuple[Period, ...]:
    periods: list[Period] = []
    for text in text_items(file, entry, "tijden", data):
        match = _PERIOD.match(text.replace(" ", "").replace(".", ":"))
        if not match:
            raise KnowledgeError(
                file, entry, f"'{text}' is geen tijd. Schrijf bijvoorbeeld 8:30-17:00."
            )
        h1, m1, h2, m2 = (int(part) for part in match.groups())
        if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
            raise KnowledgeError(file, entry, f"'{text}' is geen tijd op een dag.")
        start, end = dt.time(h1, m1), dt.time(23, 59, 59) if h2 == 24 else dt.time(h2, m2)
        if end <= start:
            raise KnowledgeError(file, entry, f"in '{text}' is het eind niet na het begin.")
        if periods and start < periods[-1].end:
            raise KnowledgeError(file, entry, f"'{text}' begint voor het eind van de tijd ervoor.")
        periods.append(Period(start, end))
    return tuple(periods)


def _closed(file: str, entry: str, data: object) -> frozenset[dt.date]:
    if data is None:
        return frozenset()
    if not isinstance(data, list):
        raise KnowledgeError(
            file, entry, "'closed' moet een lijst met datums zijn, zoals [2026-12-25]."
        )
    dates: set[dt.date] = set()
    for item in data:
        if isinstance(item, dt.datetime) or not isinstance(item, dt.date):
            raise KnowledgeError(
                file, entry, f"'{item}' bij 'closed' is geen datum. Schrijf 2026-12-25."
            )
        dates.add(item)
    return frozenset(dates)


def _routing(file: str, data: object, teams: Mapping[str, Team]) -> tuple[RoutingRule, ...]:
    if not isinstance(data, list) or not data:
        raise KnowledgeError(
            file, "routing", "'routing' moet een lijst met regels zijn (- team: ...)."
        )
    rules: list[RoutingRule] = []
    for number, entry in enumerate(data, start=1):
        fields = Fields(
            file, f"routing, regel {number}", entry, ("team", "mode", "decision_points")
        )
        team = fields.text("team")
        if team not in teams:
            fields.fail(f"onbekend team '{team}'.", tuple(teams))
        mode = fields.optional_text("mode")
        if mode is not None and mode not in HANDOVER_MODES:
            fields.fail(f"onbekende mode '{mode}'.", HANDOVER_MODES)
        points = fields.text_list("decision_points")
        for point in points:
            if point not in DECISION_POINT_KEYS:
                fields.fail(f"onbekend beslispunt '{point}'.", DECISION_POINT_KEYS)
        rules.append(RoutingRule(team=team, mode=mode, decision_points=points))
    last = rules[-1]
    if last.mode is not None or last.decision_points:
        raise KnowledgeError(
            file,
            f"routing, regel {len(rules)}",
            "de laatste regel noemt alleen een team, zodat elke overdracht bij een team komt.",
        )
    return tuple(rules)

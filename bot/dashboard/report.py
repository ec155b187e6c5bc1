"""The dashboard page as data: sections with a chart, a sentence and a table of protected figures.

Built from :func:`bot.dashboard.queries.read_figures`; every figure goes through
:mod:`bot.dashboard.suppress` here, once, and the page and the CSV export both read the
same :class:`Table` (so they can never differ). Labels are the knowledge's Dutch labels.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from bot.dashboard import charts, suppress
from bot.dashboard.period import Period
from bot.dashboard.queries import (
    HUMAN_POINTS,
    PART_POINTS,
    PARTS,
    Figures,
    read_figures,
)
from bot.dashboard.queries_waiting import Stat
from bot.dashboard.suppress import Cell
from bot.dashboard.tables import Section, Table
from bot.dashboard.tables import column as _column
from bot.dashboard.tables import minutes as _minutes
from bot.dashboard.tables import rows as _rows
from bot.dialogue.pre_intake import CONSENT_QUESTIONS
from bot.knowledge import load_knowledge
from bot.knowledge.teams import load_teams

REAL_MODES = ("advies", "pre_intake")
MODE_LABELS = {"advies": "Advies", "pre_intake": "Pre-intake", "oefenen": "Oefenen"}
FEEDBACK_LABELS = {
    "ja": "Ja, het hielp",
    "een_beetje": "Een beetje",
    "nee": "Nee",
    "overgeslagen": "Overgeslagen",
}
ORIGIN_UNKNOWN = "onbekend"
TOP_STOPS = 10


@dataclass
class Dashboard:
    period: Period
    team: str | None
    teams: list[tuple[str, str]]
    generated: int
    headline: Table
    sections: list[Section] = field(default_factory=list)
    practice: Section | None = None

    def table(self, key: str) -> Table | None:
        """The table ``key`` of the page (for the CSV export), or None."""
        tables = [self.headline, *(s.table for s in self.sections)]
        if self.practice:
            tables.append(self.practice.table)
        return next((t for t in tables if t.key == key), None)


def _stat(found: Stat) -> tuple[Cell, Cell]:
    """Median and p90, protected by the conversations they are based on."""
    if found.median is None or found.p90 is None:
        return suppress.based_on(0, None, ""), suppress.based_on(0, None, "")
    median, p90 = found.median, found.p90
    return (
        suppress.based_on(found.conversations, median / 60, _minutes(median)),
        suppress.based_on(found.conversations, p90 / 60, _minutes(p90)),
    )


def _conversations_section(period: Period, figures: Figures) -> tuple[Table, Section]:
    starts = period.bucket_starts()
    counts = [
        [figures.per_bucket.get((False, mode), Counter())[start] for mode in REAL_MODES]
        for start in starts
    ]
    grid = suppress.table(counts, row_totals=True, column_totals=True)
    unit = "dag" if period.per_day else "week"
    labels = [period.bucket_label(s) for s in starts]
    columns = ("Dag" if period.per_day else "Week", *(MODE_LABELS[m] for m in REAL_MODES), "Samen")
    table = Table(
        "gesprekken", f"Gesprekken per {unit}", columns, _rows([*labels, "Samen"], grid), "Samen"
    )
    total = grid[-1]
    headline = Table(
        "kerncijfers",
        "Kerncijfers",
        ("Wat", "Gesprekken"),
        _rows(
            ["Gesprekken (zonder oefenen)", *(MODE_LABELS[m] for m in REAL_MODES)],
            [[total[-1]], *([total[i]] for i in range(len(REAL_MODES)))],
        ),
    )
    sentence = (
        f"Hoeveel gesprekken per {unit} begonnen, apart voor advies en pre-intake."
        " Oefengesprekken tellen hier niet mee."
    )
    chart = charts.columns(
        "grafiek-gesprekken",
        table.title,
        sentence,
        [period.bucket_label(s, short=True) for s in starts],
        [(MODE_LABELS[m], _column(grid[:-1], i)) for i, m in enumerate(REAL_MODES)],
    )
    return headline, Section("gesprekken", table.title, sentence, chart, table)


def _parts_section(figures: Figures, practice: bool) -> Section:
    knowledge = load_knowledge()
    modes = ("oefenen",) if practice else REAL_MODES
    counts = [[figures.parts[(practice, mode, part)] for mode in modes] for part in PARTS]
    grid = [[suppress.count(n) for n in row] for row in counts]
    labels = [knowledge.parts.get(part, part) for part in PARTS]
    key = "oefenen" if practice else "delen"
    title = (
        "Oefengesprekken: welke delen aan bod kwamen" if practice else "Welke delen aan bod kwamen"
    )
    if practice:
        total = suppress.count(figures.totals[(True, "oefenen")])
        sentence = (
            "Hoeveel oefengesprekken elk deel van het gesprek hadden."
            f" Er waren {total.text} oefengesprekken. Ze tellen nergens anders op deze pagina mee."
        )
    else:
        sentence = (
            "Hoeveel gesprekken minstens één vraag van elk deel beantwoordden."
            " Een gesprek kan meer delen hebben, dus tel de rijen niet op."
        )
    table = Table(key, title, ("Deel", *(MODE_LABELS[m] for m in modes)), _rows(labels, grid))
    chart = charts.bars(
        f"grafiek-{key}",
        title,
        sentence,
        labels,
        [(MODE_LABELS[m], _column(grid, i)) for i, m in enumerate(modes)],
    )
    return Section(key, title, sentence, chart, table)


def _decision_section(figures: Figures) -> Section:
    knowledge = load_knowledge()
    points = [*PART_POINTS, *HUMAN_POINTS]
    columns: list[str] = []
    grid: list[list[Cell]] = [[] for _ in points]
    for mode in REAL_MODES:
        whole = figures.totals[(False, mode)]
        columns += [f"{MODE_LABELS[mode]}: gesprekken", f"{MODE_LABELS[mode]}: aandeel"]
        for row, point in zip(grid, points, strict=True):
            n = figures.reached[(mode, point)]
            row += [suppress.count(n), suppress.share(n, whole)]
    labels = [knowledge.decision_points[p].label for p in points]
    labels = [label[0].upper() + label[1:] for label in labels]
    title = "Beslispunten die gesprekken bereikten"
    sentence = (
        "Welk deel van de gesprekken bij elk beslispunt kwam, het moment waarop een mens het"
        " gesprek overneemt. De onderste twee kunnen op elk moment komen."
    )
    table = Table("beslispunten", title, ("Beslispunt", *columns), _rows(labels, grid))
    chart = charts.bars(
        "grafiek-beslispunten",
        title,
        sentence,
        labels,
        [(MODE_LABELS[m], _column(grid, 2 * i + 1)) for i, m in enumerate(REAL_MODES)],
        unit="",
    )
    return Section("beslispunten", title, sentence, chart, table)


def next_open_question(question: str | None, mode: str) -> str:
    """The label of the question after ``question`` in the catalogue order of ``mode``."""
    knowledge = load_knowledge()
    parts = (
        ("start", "pre_intake")
        if mode == "pre_intake"
        else ("start", "voorkant", "realisatie", "vervolg")
    )
    order = [
        key
        for key, q in knowledge.questions.items()
        if q.part in parts and key not in CONSENT_QUESTIONS
    ]
    if question is None:
        return "Nog geen vraag beantwoord"
    if question in order:
        position = order.index(question) + 1
        if position < len(order):
            return knowledge.questions[order[position]].label
    return "Na de laatste vraag, zonder overdracht"


def _stops_section(figures: Figures) -> Section:
    counts: Counter[str] = Counter()
    for mode in REAL_MODES:
        without = figures.totals[(False, mode)] - figures.reached_any[mode]
        with_answers = 0
        for (stop_mode, question), n in figures.stopped.items():
            if stop_mode == mode:
                counts[f"{MODE_LABELS[mode]}: {next_open_question(question, mode)}"] += n
                with_answers += n
        if without - with_answers > 0:
            counts[f"{MODE_LABELS[mode]}: {next_open_question(None, mode)}"] += (
                without - with_answers
            )
    ordered = counts.most_common()
    shown, rest = ordered[:TOP_STOPS], ordered[TOP_STOPS:]
    labels = [label for label, _ in shown]
    values = [[n] for _, n in shown]
    if rest:
        labels.append("Andere vragen")
        values.append([sum(n for _, n in rest)])
    grid = (
        suppress.table(values, row_totals=False, column_totals=True)
        if values
        else [[suppress.count(0)]]
    )
    labels.append("Samen: gesprekken zonder beslispunt")
    title = "Waar gesprekken stopten zonder beslispunt"
    sentence = (
        "Bij welke vraag gesprekken stopten die geen beslispunt bereikten: de vraag die"
        " openstond na het laatste antwoord. Zo zie je waar mensen afhaken."
    )
    table = Table("gestopt", title, ("Open vraag", "Gesprekken"), _rows(labels, grid), "Samen")
    chart = charts.bars(
        "grafiek-gestopt", title, sentence, labels[:-1], [("Gesprekken", _column(grid[:-1], 0))]
    )
    return Section("gestopt", title, sentence, chart, table)


def _routes_section(figures: Figures) -> Section:
    knowledge = load_knowledge()
    routes = list(knowledge.routes)
    origins = [*knowledge.questions["herkomst"].values, ORIGIN_UNKNOWN]
    counts = [[figures.routes[(route, origin)] for route in routes] for origin in origins]
    grid = suppress.table(counts, row_totals=True, column_totals=True)
    labels = [knowledge.questions["herkomst"].values.get(o, "onbekend") for o in origins]
    title = "Besloten leerroutes per herkomst"
    sentence = (
        "Welke leerroute de professional besloot bij het beslispunt leerroute, per school of"
        " plek waar de jongere vandaan komt."
    )
    table = Table(
        "routes",
        title,
        ("Komt van", *(knowledge.routes[r].title for r in routes), "Samen"),
        _rows([*labels, "Samen"], grid),
        "Samen",
    )
    chart = charts.bars(
        "grafiek-routes",
        title,
        sentence,
        labels,
        [(knowledge.routes[r].title, _column(grid[:-1], i)) for i, r in enumerate(routes)],
    )
    return Section("routes", title, sentence, chart, table)


def _partners_section(figures: Figures) -> Section:
    knowledge = load_knowledge()
    partners = list(knowledge.partners)
    sources = (
        ("Voorgesteld", figures.suggested),
        ("Genoemd in een besluit", figures.named),
        ("Neemt het vervolg over", figures.takes_over),
    )
    grid = [[suppress.count(found[p]) for _, found in sources] for p in partners]
    labels = [knowledge.partners[p].name for p in partners]
    title = "Partners: voorgesteld en echt betrokken"
    sentence = (
        "Per partner: in hoeveel gesprekken de assistent de partner voorstelde, in hoeveel"
        " besluiten de partner genoemd werd, en hoe vaak de partner het vervolg overneemt."
    )
    table = Table(
        "partners", title, ("Partner", *(name for name, _ in sources)), _rows(labels, grid)
    )
    chart = charts.bars(
        "grafiek-partners",
        title,
        sentence,
        labels,
        [(name, _column(grid, i)) for i, (name, _) in enumerate(sources)],
    )
    return Section("partners", title, sentence, chart, table)


def _waiting_section(figures: Figures) -> Section:
    groups = (
        ("Binnen kantoortijd", figures.waiting["binnen"]),
        ("Buiten kantoortijd", figures.waiting["buiten"]),
        ("Alle overdrachten", figures.waiting["alle"]),
    )
    grid = [
        [suppress.count(row.conversations), *_stat(row.to_taken), *_stat(row.to_decision)]
        for _, row in groups
    ]
    labels = [label for label, _ in groups]
    title = "Wachten op een mens"
    sentence = (
        "Hoe lang het duurde van de overdracht tot een medewerker hem oppakte en tot het besluit:"
        " de mediaan (de helft wachtte korter) en p90 (9 van de 10 wachtten korter), in minuten."
        " Binnen of buiten kantoortijd gaat over het moment van de overdracht."
        " De regels tellen niet op: een gesprek met een overdracht binnen én een buiten"
        " kantoortijd staat in beide regels, maar één keer bij alle overdrachten; en een"
        " mediaan of p90 tel je niet op."
    )
    table = Table(
        "wachttijd",
        title,
        (
            "Overdracht",
            "Gesprekken",
            "Tot opgepakt: mediaan",
            "Tot opgepakt: p90",
            "Tot besluit: mediaan",
            "Tot besluit: p90",
        ),
        _rows(labels, grid),
    )
    chart = charts.bars(
        "grafiek-wachttijd",
        title,
        sentence,
        labels,
        [("Tot opgepakt (mediaan)", _column(grid, 1)), ("Tot besluit (mediaan)", _column(grid, 3))],
    )
    return Section("wachttijd", title, sentence, chart, table)


def _turns_section(figures: Figures) -> Section:
    real = sum(figures.totals[(False, m)] for m in REAL_MODES)
    asked = sum(figures.reached[(m, "op_verzoek")] for m in REAL_MODES)
    stuck = sum(figures.reached[(m, "niet_begrepen")] for m in REAL_MODES)
    n = figures.with_turns

    def per_turn(count: int) -> Cell:
        if not figures.turns:
            return Cell("–")
        rate = 100.0 * count / figures.turns
        return suppress.based_on(n, rate, f"{rate:.1f}%".replace(".", ","))

    rows = [
        (
            "Beurten (berichten van gebruikers)",
            [suppress.based_on(n, figures.turns, str(figures.turns)), Cell("")],
        ),
        (
            "Niet begrepen (per beurt)",
            [
                suppress.based_on(n, figures.misunderstood, str(figures.misunderstood)),
                per_turn(figures.misunderstood),
            ],
        ),
        (
            "Opgevangen zonder regel (per beurt)",
            [suppress.based_on(n, figures.caught, str(figures.caught)), per_turn(figures.caught)],
        ),
        ("Vroeg om een mens (per gesprek)", [suppress.count(asked), suppress.share(asked, real)]),
        (
            "Overgedragen na niet begrijpen (per gesprek)",
            [suppress.count(stuck), suppress.share(stuck, real)],
        ),
    ]
    title = "Begrijpt de assistent de gebruikers?"
    sentence = (
        "Hoe vaak de assistent een bericht niet begreep of zonder passende regel moest opvangen,"
        " per beurt, en hoe vaak gebruikers om een mens vroegen, per gesprek."
    )
    table = Table(
        "begrip",
        title,
        ("Wat", "Aantal", "Aandeel"),
        _rows([r[0] for r in rows], [r[1] for r in rows]),
    )
    chart = charts.bars(
        "grafiek-begrip",
        title,
        sentence,
        [r[0] for r in rows[1:]],
        [("Aandeel", [r[1][1] for r in rows[1:]])],
        unit="",
    )
    return Section("begrip", title, sentence, chart, table)


def _feedback_section(figures: Figures) -> Section:
    answers = list(FEEDBACK_LABELS)
    grid = suppress.table(
        [[figures.feedback[a]] for a in answers], row_totals=False, column_totals=True
    )
    whole = sum(figures.feedback[a] for a in answers)
    shares = [
        suppress.HIDDEN_FIGURE if row[0].hidden else suppress.share(figures.feedback[a], whole)
        for a, row in zip(answers, grid, strict=False)
    ]
    rows = [[*row, share] for row, share in zip(grid, shares, strict=False)]
    rows.append([grid[-1][0], Cell("100%" if whole >= suppress.THRESHOLD else "–")])
    labels = [*FEEDBACK_LABELS.values(), "Samen"]
    title = "Heeft het gesprek geholpen?"
    sentence = "Wat gebruikers aan het eind antwoordden op de vraag of het gesprek hen hielp."
    table = Table(
        "feedback", title, ("Antwoord", "Gesprekken", "Aandeel"), _rows(labels, rows), "Samen"
    )
    chart = charts.bars(
        "grafiek-feedback", title, sentence, labels[:-1], [("Aandeel", shares)], unit=""
    )
    return Section("feedback", title, sentence, chart, table)


def build_dashboard(
    period: Period,
    team: str | None = None,
    *,
    database_url: str | None = None,
    tracker_store_url: str | None = None,
) -> Dashboard:
    """The page for ``period`` (and ``team``): every figure read, protected and drawn."""
    figures = read_figures(period, team, database_url, tracker_store_url)
    headline, conversations = _conversations_section(period, figures)
    teams = load_teams()
    dashboard = Dashboard(
        period=period,
        team=team,
        teams=[(key, t.name) for key, t in teams.teams.items()] if len(teams.teams) > 1 else [],
        generated=figures.generated,
        headline=headline,
    )
    dashboard.sections = [
        conversations,
        _parts_section(figures, practice=False),
        _decision_section(figures),
        _stops_section(figures),
        _routes_section(figures),
        _partners_section(figures),
        _waiting_section(figures),
        _turns_section(figures),
        _feedback_section(figures),
    ]
    dashboard.practice = _parts_section(figures, practice=True)
    return dashboard


def today_in(period_zone: dt.tzinfo) -> dt.date:
    return dt.datetime.now(period_zone).date()

"""The dashboard pages (``/medewerker/dashboard``): figures about inclusief advies, never people.

For a beheerder and for the read-only role ``kwaliteit`` (which sees no case pages at
all). The page is server-rendered with SVG charts and a table behind each; every table
can be downloaded as CSV with the same suppression ("< 5"), from
``/medewerker/dashboard/<table>.csv`` with the page's own filters. The figures come from
:mod:`bot.dashboard.report`, read in a thread so the event loop stays free.
"""

from __future__ import annotations

import asyncio
import csv
import io
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.dashboard.period import KIND_LABELS, OutOfRange, parse_period
from bot.dashboard.report import Dashboard, build_dashboard, today_in
from bot.knowledge.teams import load_teams
from bot.settings import get_settings
from bot.untrusted import csv_cell
from bot.web.staff.auth import BASE, render, requires_login

DASHBOARD_ROLES = ("beheerder", "kwaliteit")
PATH = f"{BASE}/dashboard"


async def _dashboard(request: Request) -> Dashboard:
    teams = load_teams()
    zone = next(iter(teams.teams.values())).office_hours.timezone
    params = dict(request.query_params)
    period = parse_period(params, today_in(zone), zone)
    team = params.get("team", "")
    return await asyncio.to_thread(
        build_dashboard,
        period,
        team if team in teams.teams else None,
        tracker_store_url=get_settings().tracker_store_url,
    )


def _query(dashboard: Dashboard) -> str:
    chosen = dashboard.period.query()
    if dashboard.team:
        chosen["team"] = dashboard.team
    return urlencode(chosen)


def _out_of_range(request: Request, problem: OutOfRange) -> Response:
    return render(
        request,
        "message.html",
        status=422,
        title="Deze datum kan niet",
        text=problem.dutch,
        account=request.state.account,
    )


async def dashboard_page(request: Request) -> Response:
    try:
        dashboard = await _dashboard(request)
    except OutOfRange as problem:
        return _out_of_range(request, problem)
    return render(
        request,
        "dashboard.html",
        account=request.state.account,
        dashboard=dashboard,
        kinds=KIND_LABELS,
        query=_query(dashboard),
        path=PATH,
    )


async def dashboard_csv(request: Request) -> Response:
    try:
        dashboard = await _dashboard(request)
    except OutOfRange as problem:
        return _out_of_range(request, problem)
    table = dashboard.table(request.path_params["table"])
    if table is None:
        return render(
            request,
            "message.html",
            status=404,
            title="Niet gevonden",
            text="Deze tabel bestaat niet.",
            account=request.state.account,
        )
    # Dutch Excel opens a file with ";" between the cells and a UTF-8 BOM correctly (its
    # list separator is ";" where the decimal sign is ","); other tools get plain CSV.
    excel = request.query_params.get("excel") == "1"
    buffer = io.StringIO()
    rows = ([csv_cell(cell) for cell in row] for row in table.csv_rows())
    csv.writer(buffer, delimiter=";" if excel else ",").writerows(rows)
    suffix = "-excel" if excel else ""
    name = f"dashboard-{table.key}-{dashboard.period.start.isoformat()}{suffix}.csv"
    return Response(
        ("\ufeff" if excel else "") + buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


routes = [
    Route(PATH, requires_login(dashboard_page, DASHBOARD_ROLES), methods=["GET"]),
    Route(f"{PATH}/{{table}}.csv", requires_login(dashboard_csv, DASHBOARD_ROLES), methods=["GET"]),
]

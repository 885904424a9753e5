"""Workbooks and names an attacker would use: Markdown links and images, HTML, and a file name of
the same kind. Shared by the app and browser tests."""

from __future__ import annotations

import io

import openpyxl

EVIL = "evil.example"
AREA = f"X ![beacon](https://{EVIL}/area.png) [Session expired](https://{EVIL}/area)"
LOCALITY = f"[Riverside](https://{EVIL}/locality) <img src=https://{EVIL}/loc.png>"
SCHEME = f"<a href=\"https://{EVIL}/scheme\">Reablement</a> ![s](https://{EVIL}/scheme.png) www.{EVIL}"
SCENARIO = f"[Session expired](https://{EVIL}/login)"
FILE_NAME = f"[plan](https:\\\\{EVIL}) www.{EVIL}.xlsx"  # no '/': it is a real file's name in the browser tests


def renamed_demo(area: str = AREA, code: str | None = None) -> bytes:
    """The demo workbook with its area, one locality and every scheme name replaced."""
    from budget.demo import demo_workbook_bytes

    wb = openpyxl.load_workbook(io.BytesIO(demo_workbook_bytes()))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value == "Northbrook (illustrative)":
                    cell.value = area
                elif cell.value == "E06999999" and code:
                    cell.value = code
                elif cell.value == "Riverside":
                    cell.value = LOCALITY
    exp = wb["Expenditure"]
    for r in range(4, exp.max_row + 1):
        if exp.cell(r, 2).value:
            exp.cell(r, 2).value = SCHEME + f" {r}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# Text an attacker puts in every box a submission has: a link, an image, an address GitHub-flavoured
# Markdown links by itself, KaTeX and a Streamlit colour directive
TEXT = f"[Session expired](https://{EVIL}/s) ![p](https://{EVIL}/p.png) www.{EVIL} $x^2$ :red[red]"


def submission(plan):
    """A Submission with every text field hostile: goals with the area's own baselines (period, source)
    and rationales, a statement for every national condition and one for a condition the year does not
    have, and every signatory's name and organisation, plus a further signatory whose role is hostile."""
    from budget.assurance import required_signatories
    from budget.reference import load_reference
    from budget.submission import GOAL_METRIC_NAMES, Assurance, Baseline, GoalSetting, Signatory, Submission

    codes = [c.code for c in load_reference(plan.year).national_conditions]
    return Submission(
        goals=tuple(GoalSetting(metric=m, value=100.0 + i, rationale=f"{TEXT} rationale",
                                baseline=Baseline(value=500.0 + i, period=f"{TEXT} period", source=f"{TEXT} source"))
                    for i, m in enumerate(GOAL_METRIC_NAMES)),
        assurance=tuple(Assurance(condition=c, statement=f"{TEXT} statement", status="Met") for c in codes)
        + (Assurance(condition=f"NC9 {TEXT}", statement=TEXT, status="Met"),),
        sign_off=tuple(s.model_copy(update={"name": f"{TEXT} name", "organisation": s.organisation or f"{TEXT} org"})
                       for s in required_signatories(plan))
        + (Signatory(role=f"{TEXT} role", organisation=f"{TEXT} org", name=f"{TEXT} name"),))


def hostile_submission_copy() -> bytes:
    """A submission copy of the hostile demo carrying :func:`submission`, with the analysis copy's Localities
    sheet added so that every page can model it, as an attacker would hand it to a colleague."""
    from budget.export import submission_bytes
    from budget.readers import load_bytes
    from reports.returns import submission_parts
    from scenarios.schema import Scenario
    from scenarios.views import model

    plan = load_bytes(renamed_demo(), name="hostile.xlsx").plans[0]
    scenario = Scenario(name=SCENARIO, submission=submission(plan))
    view = model(scenario, plan, runs=200, seed=3)
    from tests.integration.builders import with_localities

    return with_localities(submission_bytes(plan, scenario=scenario.name, **submission_parts(view, scenario, plan)),
                           plan)

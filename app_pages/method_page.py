"""Method: how the model works, its limits and its sources, in plain English."""

import streamlit as st

from app_ui.markdown import md
from budget.need import method_text
from reports.board_pack import unit_cost_text
from scenarios.assumptions import load_assumptions

costs = unit_cost_text(load_assumptions().unit_costs).removeprefix("Unit costs").rstrip(".")
need_text = md(method_text(), limit=2000)
st.title("How the model works")
st.markdown(f"""
**From money to people.** Each expenditure line belongs to a scheme type, and each scheme type to a *lever*
(reablement, bed-based intermediate care, assistive technology, integrated locality teams, falls prevention, care-home
support, home adaptations, carers, discharge support, or no modelled effect). Spend on a lever buys people served at a
unit cost (£ per episode, per user-year, or staff time and caseload), up to the number of eligible people and the
largest share of them a service could reach. Lines for a locality stay there; area-wide spend is shared between
localities by their need-weighted population aged 65+.

**Need by locality.** {need_text}

**From people to outcomes.** People are served from the highest-risk groups down, so each extra pound reaches
people at a little lower risk: returns diminish without an arbitrary curve. Each lever changes the rate of
emergency admissions, A&E attendances, falls admissions, long-term care-home admissions, home-care hours and
bed days lost to delayed discharge among
the people it serves, as a relative effect with an 80% range. Effects of several levers on the same person combine
by multiplication, and no lever can avoid more activity than the pool that could be avoided at all.

**Over time.** New money takes time to reach full effect (a ramp-up): the people it adds to a service ramp up,
while the people established spend already serves keep their full effect. Effects fade after money stops.
Population growth and trends in rates come from the baseline assumptions.

**Two questions, never mixed.** *What does this scenario change?* is the headline: the scenario against the plan
as submitted, worked out run by run on the same random draws, so services that carry on unchanged cancel and a
scenario with no changes gives exactly zero. *What does the whole pool buy?* is context: the plan's schemes
against no BCF-funded schemes, with the spend per outcome. The observed rates were measured with today's services
running, so the BCF metrics (emergency admissions of people aged 65+ per 100,000; the average discharge delay;
long-term care-home admissions per 100,000) show four lines: with today's services (the observed trend), without
the pool (above it), with the plan as submitted, and with the scenario.

**Sharing an effect between levers.** When several levers act on the same outcome, the combined effect is shared
by Shapley value (each lever's average contribution over every order of adding levers): the levers always add up
to the total, and no lever is credited with a sign its own effect does not have.

**Money.** Savings are valued at the assumption library's unit costs ({costs.lstrip(" ")}), split by who gains: the
NHS (admissions with their bed days, A&E attendances and delayed-discharge bed days: capacity freed, not cash) and
the council (home care and care-home placements not bought: cashable). Following the HM Treasury Green Book, money
is in real terms and discounted at 3.5% a year to present values; the mean is the appraisal figure and P10 to P90
the uncertainty. The plan funds its first year; later years assume the same spend continues. Much of the pool
funds statutory duties (Care Act reablement and carers' support, the Disabled Facilities Grant), so the net saving
of the whole pool is not a measure of its worth. A worked example, with the demo's figures, is in the project's
method document (docs/method).

**Uncertainty.** Every uncertain figure is drawn many times (Monte Carlo) from one random seed; the first run uses
every central value. Results show the middle (P50) and the range in which 80% of runs fall (P10 to P90). The same
seed always gives the same answer.

**Two evidence stances.** *Controlled evidence* (the default) uses trials, meta-analyses and matched-control
evaluations, which usually find small effects on hospital use. *Pilot claims* uses the uncontrolled before-and-after
figures of case studies (for example −31% unplanned admissions in Norfolk, −15% A&E attendances in Birmingham), to
show how much a case rests on optimism.

**Limits.** The model estimates what a plan *could* change, not what it will. It does not model workforce
constraints, provider capacity, displacement between services, or the quality of delivery. Scheme types, sub types
and national figures for 2026-27 are provisional copies of 2025-26 until the official template is published.

**Sources.** Effect sizes, unit costs and baselines, with their sources and grades, are on the Assumptions page.
BCF funding streams, rules and metrics come from the published policy frameworks and NHS England's grants pages.
""")

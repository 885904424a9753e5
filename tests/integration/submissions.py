"""What an area adds for its submission, as the tests write it into a submission copy and read it back."""

from __future__ import annotations

import datetime as dt

from budget.assurance import required_signatories
from budget.export import submission_bytes
from budget.reference import load_reference
from budget.submission import Assurance, Baseline, CapacitySettings, GoalSetting, PathwayShares, Submission
from reports.returns import submission_parts
from scenarios.schema import Scenario

PROFILE = (1.2, 1.0, 1.0, 0.9, 0.9, 1.0, 1.0, 1.1, 1.3, 1.4, 1.2, 1.05)
SHARES = PathwayShares(P0=80.5, P1=12.25, P2=5, P3=2.25, source="Trust discharge extract", period="2024-25")


def area_submission(plan) -> Submission:
    """Goals (one own value with a rationale, one own baseline), a seasonal profile and pathway shares, assurance for
    every condition and two dated signatories, in the order the copy writes them."""
    required = required_signatories(plan)
    codes = [c.code for c in load_reference(plan.year).national_conditions]
    return Submission(
        goals=(GoalSetting(metric="emergency_admissions_65_plus", value=1800.5,
                           rationale="Agreed with the ICB board.\nSee annex 2."),
               GoalSetting(metric="care_home_admissions_65_plus",
                           baseline=Baseline(value=510.25, period="2024-25", source="Local care-home extract"))),
        capacity=CapacitySettings(seasonal_profile=PROFILE, pathway_shares=SHARES),
        assurance=tuple(Assurance(condition=c, statement=f"How we meet {c}.", status=s)
                        for c, s in zip(codes, ("Met", "Partly met", "Not met"), strict=False)),
        sign_off=(required[0].model_copy(update={"name": "A. Chair", "signed_on": dt.date(2026, 3, 2)}),
                  required[-1].model_copy(update={"name": "B. Officer", "signed_on": dt.date(2026, 3, 20)})))


def copy_of(plan, view, submission: Submission) -> bytes:
    """The submission copy of the Excel return for `plan` and its run `view`, carrying `submission`."""
    scenario = Scenario(name="Board option A", submission=submission)
    return submission_bytes(plan, scenario=scenario.name, **submission_parts(view, scenario, plan))

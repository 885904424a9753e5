"""Small plans for the engine's tests: scheme kinds by the lever they fund, one line, a plan of lines."""

from __future__ import annotations

from importlib import resources

import yaml

from budget.models import Baselines, ExpenditureLine, HWBArea, Locality, Plan

FALLS = ("Prevention / Early Intervention", "Falls prevention")
REABLEMENT = ("Home-based intermediate care services", "")
CARE_HOMES = ("Community Based Schemes", "Enhanced health in care homes")
ADAPTATIONS = ("DFG Related Schemes", "")
LOCALITY_TEAMS = ("Community Based Schemes", "Integrated neighbourhood services")
TELECARE = ("Assistive Technologies and Equipment", "")
ENABLERS = ("Enablers for Integration", "")
DISCHARGE = ("High Impact Change Model for Managing Transfer of Care", "Trusted Assessment")
CARERS = ("Carers Services", "")


def line(kind: tuple[str, str], amount: float, scheme_id: str = "S1", locality: str = "",
         new: str | None = "Existing") -> ExpenditureLine:
    """One expenditure line of a scheme kind (scheme type, sub type) paid from the NHS minimum."""
    return ExpenditureLine(scheme_id=scheme_id, scheme_name=f"Scheme {scheme_id}", scheme_type=kind[0],
                           sub_type=kind[1], source_of_funding="nhs_minimum", amount=amount,
                           locality=locality, new_existing=new)


def plan_of(*lines: ExpenditureLine, localities: int = 1, baselines: Baselines | None = None) -> Plan:
    """A 2026-27 plan of these lines in `localities` towns of 50,000 people (10,000 aged 65+)."""
    locs = tuple(Locality(name=f"Town {i + 1}", population=50_000, population_65_plus=10_000)
                 for i in range(localities))
    return Plan(area=HWBArea(code="E06000001", name="Testshire"), year="2026-27", lines=tuple(lines),
                localities=locs, baselines=baselines or Baselines())


def raw(name: str) -> dict:
    """An assumption file shipped with the package, as its YAML reads."""
    return yaml.safe_load((resources.files("scenarios") / "assumptions" / name).read_text(encoding="utf-8"))

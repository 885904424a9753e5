"""Random valid plans for property tests, and a plan in the form compared after a round trip."""

from __future__ import annotations

from hypothesis import strategies as st

from budget.models import Baselines, ExpenditureLine, HWBArea, IncomeLine, Locality, Plan
from budget.reference import available_years, load_reference

WORDS = ["Home", "first", "Reablement", "Café", "Ünïcödé", "O'Neill", "&", "100%", "care", "hub", "North",
         "=HYPERLINK(\"http://x\",\"y\")", "+44", "@home", "(pilot)", "Total", "Care", "dale—side", "2025-26"]
# A cell holding only '-', '—', 'NA' or '[x]' reads as blank by design, so no word here is one of those.
text = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)
pence = st.integers(min_value=0, max_value=5_000_000_000).map(lambda p: p / 100)  # up to £50m, with pennies


@st.composite
def plans(draw) -> Plan:
    """A random valid plan of any year with reference data: lines, income, localities and baselines."""
    year = draw(st.sampled_from(available_years()))
    ref = load_reference(year)
    code = draw(st.sampled_from(["E06", "E08", "E09", "E10"])) + f"{draw(st.integers(0, 999_999)):06d}"
    localities = draw(st.lists(
        st.builds(lambda n, i, p, share, ea, w, d: Locality(
            name=f"{n} {i}", population=p, population_65_plus=int(p * share), emergency_admissions_65_plus=ea,
            need_weight=w, district_code=d),
            text, st.integers(1, 99), st.integers(1_000, 400_000), st.floats(0, 0.5),
            st.none() | st.integers(0, 20_000).map(float), st.floats(0.5, 2.0).map(lambda x: round(x, 3)),
            st.none() | st.integers(0, 999_999).map(lambda i: f"E07{i:06d}")),
        max_size=6, unique_by=lambda x: x.name.lower()))
    loc_names = [x.name for x in localities] + [""]

    @st.composite
    def lines(draw2) -> ExpenditureLine:
        stype = draw2(st.sampled_from(ref.scheme_types))
        sub = draw2(st.sampled_from([s.name for s in stype.sub_types] + [""]))
        commissioner = draw2(st.sampled_from(["LA", "NHS", "Joint", None]))
        pct = draw2(st.integers(0, 100)) if commissioner == "Joint" else None
        outputs = draw2(st.none() | st.integers(0, 100_000).map(float))
        return ExpenditureLine(
            scheme_id=draw2(st.sampled_from(["1", "2", "A7", "NB-01", "007", "12.5"])),
            scheme_name=draw2(text), description=draw2(st.just("") | text), scheme_type=stype.name, sub_type=sub,
            area_of_spend=draw2(st.sampled_from([t.name for t in ref.areas_of_spend] + [""])),
            commissioner=commissioner, pct_nhs=float(pct) if pct is not None else None,
            pct_la=float(100 - pct) if pct is not None else None,
            provider=draw2(st.sampled_from([t.name for t in ref.providers] + [""])),
            source_of_funding=draw2(st.sampled_from(ref.stream_ids())), amount=draw2(pence),
            planned_outputs=outputs, output_unit=stype.output_unit,
            new_existing=draw2(st.sampled_from(["New", "Existing", None])),
            locality=draw2(st.sampled_from(loc_names)))

    income = draw(st.lists(st.builds(lambda s, a, d, i: IncomeLine(stream=s, amount=a, district=d, icb=i),
                                      st.sampled_from(ref.stream_ids()), pence,
                                      st.none() | st.sampled_from(["E07000084", "Hart"]),
                                      st.none() | st.sampled_from(["NHS Frimley ICB", "NHS Kent ICB"])),
                           min_size=1, max_size=8))
    return Plan(
        area=HWBArea(code=code, name=draw(text), icbs=tuple(draw(st.lists(text.filter(lambda t: ";" not in t),
                                                                          max_size=3, unique=True)))),
        year=year, income=tuple(income), lines=tuple(draw(st.lists(lines(), min_size=1, max_size=30))),
        localities=tuple(localities),
        baselines=Baselines(**{k: draw(st.none() | st.integers(0, 50_000).map(float))
                               for k in Baselines.model_fields}),
        minimum_nhs_asc_required=draw(st.none() | pence),
        illustrative=draw(st.booleans()),
    )


def comparable(plan: Plan) -> dict:
    """What must survive a round trip through a workbook: the plan without where each line was read from."""
    return {
        "area": plan.area.model_dump(),
        "year": plan.year,
        "income": [(i.stream, i.amount, i.district, i.icb) for i in plan.income],
        "lines": [x.model_dump(exclude={"row", "sheet", "cells"}) for x in plan.lines],
        "localities": [x.model_dump() for x in plan.localities],
        "baselines": plan.baselines.model_dump(),
        "asc": plan.minimum_nhs_asc_required,
        "illustrative": plan.illustrative,
    }

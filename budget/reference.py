"""Versioned reference data per planning year, read from ``budget/reference_data/*.yaml``.

Vocabularies change between years (iBCF became the Local Authority Better Care Grant in 2025-26;
discharge funds were folded in) and many entries are unconfirmed, so they live in data files a
user can correct, never as constants in code. A year file may say ``based_on: <year>`` and then
replace whole sections; an unconfirmed year says so in ``status``.
"""

from functools import cache, lru_cache
from pathlib import Path

from budget.models import FundingStream, normalise_year
from budget.package_yaml import read_package_yaml
from budget.reference_records import (
    FrozenRecord,
    Match,
    MinimumContributions,
    NationalCondition,
    SchemeType,
    SignOffRole,
    SubType,
    Term,
    YearMetric,
    norm,
)
from budget.trusted import MODEL_SUFFIX, cached, write_form

_PACKAGE = Path(__file__).resolve().parent  # the budget package's folder: its data files are beside it

DEFAULT_YEAR = "2026-27"
# The few names the BCF rules turn on (budget.rules); every year's reference data uses them.
NHS_MINIMUM = "nhs_minimum"  # stream id: the Minimum NHS Contribution
DFG = "dfg"  # stream id: the Disabled Facilities Grant, ring-fenced capital for adaptations
SOCIAL_CARE = "Social Care"  # area of spend that counts towards the minimum NHS contribution to ASC
DFG_SCHEME_TYPE = "DFG Related Schemes"  # the scheme type the DFG is meant for
LEVERS = (
    "reablement",
    "bed_based_intermediate_care",
    "assistive_technology",
    "integrated_locality_teams",
    "falls_prevention",
    "care_home_support",
    "home_adaptations",
    "carers",
    "discharge_support",
    "none",
)

LEVER_LABELS = {
    "reablement": "Reablement (home-based intermediate care)",
    "bed_based_intermediate_care": "Bed-based intermediate care",
    "assistive_technology": "Assistive technology",
    "integrated_locality_teams": "Integrated locality teams",
    "falls_prevention": "Falls prevention",
    "care_home_support": "Care-home support",
    "home_adaptations": "Home adaptations (DFG)",
    "carers": "Carers",
    "discharge_support": "Discharge support (discharge teams, discharge to assess)",
    "none": "No modelled effect",
}


class Reference(FrozenRecord):
    """The reference data of one financial year.

    Its funding streams, scheme types and sub types, the vocabularies for areas of spend, commissioners
    and providers, the BCF metrics, what is known of its minimum contributions, its national conditions
    and who signs a plan off; with the names of streams renamed or folded into others since earlier years.
    """
    year: str
    status: str
    based_on: str | None = None
    funding_streams: tuple[FundingStream, ...]
    stream_renamed_from: dict[str, tuple[str, ...]] = {}
    stream_folded_in: dict[str, tuple[str, ...]] = {}
    scheme_types: tuple[SchemeType, ...]
    areas_of_spend: tuple[Term, ...]
    commissioners: tuple[Term, ...]
    providers: tuple[Term, ...]
    metrics: tuple[YearMetric, ...]
    minimum_contributions: MinimumContributions | None = None
    national_conditions: tuple[NationalCondition, ...] = ()
    sign_off: tuple[SignOffRole, ...] = ()

    def national_condition(self, code: str) -> NationalCondition | None:
        """The year's national condition with this code (e.g. 'NC3'), or None."""
        return next((c for c in self.national_conditions if c.code == code), None)

    # ---- look-ups -------------------------------------------------------------------------
    def stream(self, stream_id: str) -> FundingStream:
        """The funding stream with this id.

        Raises:
            KeyError: the year has no stream with this id.
        """
        for s in self.funding_streams:
            if s.id == stream_id:
                return s
        raise KeyError(stream_id)

    def stream_ids(self) -> tuple[str, ...]:
        """The ids of the year's funding streams, in the reference data's order."""
        return tuple(s.id for s in self.funding_streams)

    def stream_name(self, stream_id: str) -> str:
        """The name of the funding stream with this id; the id itself when the year has no such stream."""
        try:
            return self.stream(stream_id).name
        except KeyError:
            return stream_id

    def match_stream(self, text: object) -> Match | None:
        """Match a source of funding as written to one of the year's streams (cached).

        By name or id, then by alias, then by a former name or a stream folded into it (with a note saying
        how it is read). The match's name is the stream id; None when nothing matches or the text is blank.
        """
        return _cached(self.year, "match_stream", norm(text), "" if text is None else str(text))

    def _match_stream(self, text: object) -> Match | None:
        key = norm(text)
        if not key:
            return None
        for s in self.funding_streams:
            if key == norm(s.name) or key == norm(s.id):
                return _match(name=s.id, kind="exact")
        for s in self.funding_streams:
            if key in {norm(a) for a in s.aliases}:
                return _match(name=s.id, kind="alias")
        for s in self.funding_streams:
            if key in {norm(a) for a in self.stream_renamed_from.get(s.id, ())}:
                return _match(name=s.id, kind="renamed",
                              note=f"'{text}' is called '{s.name}' from {self.year}; read as {s.name}")
            if key in {norm(a) for a in self.stream_folded_in.get(s.id, ())}:
                return _match(name=s.id, kind="folded",
                              note=f"'{text}' was folded into '{s.name}' in {self.year}; read as {s.name}")
        return None

    def scheme_type(self, name: str) -> SchemeType | None:
        """The scheme type with this name (compared normalised, see `norm`), or None."""
        key = norm(name)
        for st in self.scheme_types:
            if norm(st.name) == key:
                return st
        return None

    def match_scheme_type(self, text: object) -> Match | None:
        """Match a scheme type as written to one of the year's scheme types (cached).

        By name, then by alias, then by a former name (with a note), then by a unique prefix of a long name
        at least 12 characters long. None when nothing matches or the text is blank.
        """
        return _cached(self.year, "match_scheme_type", norm(text), "" if text is None else str(text))

    def _match_scheme_type(self, text: object) -> Match | None:
        key = norm(text)
        if not key:
            return None
        for st in self.scheme_types:
            if key == norm(st.name):
                return _match(name=st.name, kind="exact")
        for st in self.scheme_types:
            if key in {norm(a) for a in st.aliases}:
                return _match(name=st.name, kind="alias")
        for st in self.scheme_types:
            if key in {norm(a) for a in st.renamed_from}:
                return _match(name=st.name, kind="renamed",
                              note=f"scheme type '{text}' is called '{st.name}' in {self.year}; read as that")
        # a long official name is often cut short in local copies: accept a unique prefix match
        hits = [st for st in self.scheme_types if norm(st.name).startswith(key) and len(key) >= 12]
        if len(hits) == 1:
            return _match(name=hits[0].name, kind="alias")
        return None

    def match_sub_type(self, scheme_type: str, text: object) -> Match | None:
        """Match a sub type as written to a sub type of the given scheme type (cached), by name or alias.

        None when the scheme type is not the year's, the text is blank or nothing matches.
        """
        return _cached(self.year, "match_sub_type", norm(text), "" if text is None else str(text), scheme_type)

    def _match_sub_type(self, text: object, scheme_type: str) -> Match | None:
        st = self.scheme_type(scheme_type)
        key = norm(text)
        if st is None or not key:
            return None
        for sub in st.sub_types:
            if key == norm(sub.name):
                return _match(name=sub.name, kind="exact")
        for sub in st.sub_types:
            if key in {norm(a) for a in sub.aliases}:
                return _match(name=sub.name, kind="alias")
        return None

    @staticmethod
    def _match_term(terms: tuple[Term, ...], text: object) -> Match | None:
        key = norm(text)
        if not key:
            return None
        for t in terms:
            if key == norm(t.name):
                return _match(name=t.name, kind="exact")
        for t in terms:
            if key in {norm(a) for a in t.aliases}:
                return _match(name=t.name, kind="alias")
        return None

    def match_area_of_spend(self, text: object) -> Match | None:
        """Match an area of spend as written to the year's list (cached), by name or alias; or None."""
        return _cached(self.year, "match_area_of_spend", norm(text), "" if text is None else str(text))

    def _match_area_of_spend(self, text: object) -> Match | None:
        return self._match_term(self.areas_of_spend, text)

    def match_commissioner(self, text: object) -> Match | None:
        """Match a commissioner as written to the year's list (cached), by name or alias; or None."""
        return _cached(self.year, "match_commissioner", norm(text), "" if text is None else str(text))

    def _match_commissioner(self, text: object) -> Match | None:
        return self._match_term(self.commissioners, text)

    def match_provider(self, text: object) -> Match | None:
        """Match a provider as written to the year's list (cached), by name or alias; or None."""
        return _cached(self.year, "match_provider", norm(text), "" if text is None else str(text))

    def _match_provider(self, text: object) -> Match | None:
        return self._match_term(self.providers, text)

    def line_lever(self, scheme_type: object, sub_type: object = "") -> str:
        """The model lever of an expenditure line, from its scheme type and sub type as written.

        The scheme type may be the year's name, an alias, a former name or a unique long prefix of one (as
        :meth:`match_scheme_type` reads it); an unrecognised scheme type has no modelled effect ('none').
        Every table, chart and model run asks this one function.
        """
        match = self.match_scheme_type(scheme_type)
        st = self.scheme_type(match.name) if match else None
        if st is None:
            return "none"
        return st.lever_for("" if sub_type is None else str(sub_type))

    def lever_scheme_type(self, lever: str) -> tuple[str, str] | None:
        """The scheme type, and the sub type where a sub type sets the lever, for a new line on `lever`.

        The first of the year's scheme types whose own lever it is, with no sub type (the area chooses
        one); else the first sub type with that lever of its own, with its scheme type. For the lever
        with no modelled effect, 'Other' where the year has it. None when no scheme type of the year
        gives the lever. ``line_lever`` of the pair is always `lever`.
        """
        if lever == "none" and self.scheme_type("Other") is not None:
            return self.scheme_type("Other").name, ""
        for st in self.scheme_types:
            if st.lever == lever and st.lever_for("") == lever:
                return st.name, ""
        for st in self.scheme_types:
            for sub in st.sub_types:
                if sub.lever == lever:
                    return st.name, sub.name
        return None

    def template_sub_type(self, scheme_type: str, sub_type: str) -> str:
        """The sub type to write in the planning template for a line.

        Its own, unless it is one BCF Planner adds for modelling (``SubType.submit_as``), which is written as
        the template's sub type it names.
        """
        st = self.scheme_type(scheme_type)
        sub = next((x for x in st.sub_types if norm(x.name) == norm(sub_type)), None) if st else None
        return sub.submit_as if sub is not None and sub.submit_as else sub_type

    def lever(self, scheme_type: str, sub_type: str = "") -> str:
        """The same as :meth:`line_lever`."""
        return self.line_lever(scheme_type, sub_type)

    @property
    def confirmed(self) -> bool:
        """False where the year's lists are provisional: its status starts "Provisional".

        Such a year copies an earlier year's vocabularies, not yet checked against the year's template.
        """
        return not self.status.lower().startswith("provisional")


@lru_cache(maxsize=16_384)
def _cached(year: str, method: str, key: str, text: str, *args: str) -> Match | None:
    """Remember matches: a large workbook asks the same questions of every row.

    Matches are pure functions of the year's reference data and the text. Notes quote the text as first
    seen.
    """
    return getattr(load_reference(year), "_" + method)(text, *args)


def _match(name: str, kind: str, note: str = "") -> Match:
    """A match of the reference data's own names (made without building Match's validator)."""
    return Match.model_construct(name=name, kind=kind, note=note)


def _read_year_file(year: str) -> dict:
    name = f"{year}.yaml"
    folder = _PACKAGE / "reference_data"
    if not (folder / name).is_file():
        raise KeyError(year)
    return read_package_yaml(folder, name)


def _resolve(year: str, depth: int = 0, raw: dict | None = None) -> dict:
    """The year's data with its ``based_on`` chain merged in; ``raw`` is the year's own file, if read already."""
    if depth > 6:
        raise ValueError(f"reference data for {year}: 'based_on' chain too long")
    if raw is None:
        raw = _read_year_file(year)
    base_year = raw.get("based_on")
    if not base_year:
        return dict(raw)
    merged = _resolve(str(base_year), depth + 1)
    merged = {k: v for k, v in merged.items() if k not in ("status", "based_on", "scheme_type_renames",
                                                          "national_totals_gbp_m", "minimum_contributions",
                                                          "national_conditions_assumed")}
    for k, v in raw.items():
        merged[k] = v
    return merged


def _build(year: str, raw: dict) -> Reference:
    renames: dict[str, str] = raw.get("scheme_type_renames") or {}
    streams = []
    renamed_from: dict[str, tuple[str, ...]] = {}
    folded_in: dict[str, tuple[str, ...]] = {}
    totals = raw.get("national_totals_gbp_m") or {}
    for s in raw["funding_streams"]:
        s = dict(s)
        renamed_from[s["id"]] = tuple(s.pop("renamed_from", ()) or ())
        folded_in[s["id"]] = tuple(s.pop("folded_in", ()) or ())
        if s["id"] in totals:
            t = totals[s["id"]]
            s["national_total_gbp_m"] = t.get("value")
            s["confirmed"] = bool(t.get("confirmed", False))
            s["source"] = t.get("source", s.get("source", ""))
            s["note"] = t.get("note", "")  # an earlier year's note does not carry over to new totals
        s["aliases"] = tuple(s.get("aliases", ()))
        streams.append(FundingStream(**s))
    scheme_types = []
    for st in raw["scheme_types"]:
        st = dict(st)
        subs = tuple(SubType(**sub) for sub in (st.pop("sub_types", None) or ()))
        name = st["name"]
        aliases = list(st.get("aliases", ()))
        renamed = list(st.get("renamed_from", ()))
        if name in renames:
            old = renames[name]
            aliases.append(name)
            renamed = [r for r in renamed if norm(r) != norm(old)]
            st["name"] = old
        st["aliases"] = tuple(aliases)
        st["renamed_from"] = tuple(renamed)
        if st.get("lever", "none") not in LEVERS:
            raise ValueError(f"reference data {year}: unknown lever {st.get('lever')!r} for {name}")
        for sub in subs:
            if sub.lever is not None and sub.lever not in LEVERS:
                raise ValueError(f"reference data {year}: unknown lever {sub.lever!r} for {sub.name}")
            if sub.submit_as and sub.submit_as not in {x.name for x in subs if not x.submit_as}:
                raise ValueError(f"reference data {year}: {sub.name} is submitted as {sub.submit_as!r}, which is "
                                 f"not a template sub type of {name}")
        scheme_types.append(SchemeType(sub_types=subs, **st))

    conditions = tuple(NationalCondition(**{**c, "evidenced_by": tuple(c.get("evidenced_by") or ())})
                       for c in raw.get("national_conditions") or ())
    assumed = raw.get("national_conditions_assumed")
    if assumed:
        source = " ".join(str(assumed.get("source", "")).split())
        conditions = tuple(c.model_copy(update={
            "status_of_fact": "unconfirmed", "assumed_from": str(assumed["from"]),
            "source": f"{source} As {assumed['from']}: {c.source}"}) for c in conditions)

    def terms(key: str) -> tuple[Term, ...]:
        return tuple(Term(**{**t, "aliases": tuple(t.get("aliases", ()))}) for t in raw[key])

    return Reference(
        year=year,
        status=" ".join(str(raw.get("status", "")).split()),
        based_on=raw.get("based_on"),
        funding_streams=tuple(streams),
        stream_renamed_from=renamed_from,
        stream_folded_in=folded_in,
        scheme_types=tuple(scheme_types),
        areas_of_spend=terms("areas_of_spend"),
        commissioners=terms("commissioners"),
        providers=terms("providers"),
        metrics=tuple(YearMetric(**m) for m in raw["metrics"]),
        minimum_contributions=(MinimumContributions(**{k: str(v) if k != "confirmed" and k != "source" else v
                                                          for k, v in raw["minimum_contributions"].items()})
                               if raw.get("minimum_contributions") else None),
        national_conditions=conditions,
        sign_off=tuple(SignOffRole(**r) for r in raw.get("sign_off") or ()),
    )


def available_years() -> tuple[str, ...]:
    """The financial years with reference data shipped in ``budget/reference_data``, in order."""
    return _years(_year_files())


def _years(files: list[Path]) -> tuple[str, ...]:
    return tuple(p.name.removesuffix(".yaml") for p in files)


def _year_files() -> list[Path]:
    """Every year's YAML file, in order: the files a year's reference data may be made from."""
    folder = _PACKAGE / "reference_data"
    return sorted((p for p in folder.iterdir() if p.name.endswith(".yaml")), key=lambda p: p.name)


def _model_form(year: str) -> Path:
    return _PACKAGE / "reference_data" / f"{year}{MODEL_SUFFIX}"


@cache
def load_reference(year: str = DEFAULT_YEAR) -> Reference:
    """Reference data for a financial year such as '2025-26'. Raises KeyError for unknown years.

    From the year's shipped checked form while it was made from the YAML files as they are
    (``budget.trusted.cached``), else read and checked from the YAML.
    """
    y = normalise_year(year)
    files = _year_files()
    years = _years(files)
    if y not in years:
        raise KeyError(f"no reference data for {y}; available: {', '.join(years)}")
    return cached(Reference, _model_form(y), files, lambda: build_reference(y))


def build_reference(year: str) -> Reference:
    """A year's reference data read and checked from its YAML file (and those it is based on)."""
    y = normalise_year(year)
    own = _read_year_file(y)
    raw = _resolve(y, raw=own)
    raw["status"] = own.get("status", "")
    raw["based_on"] = own.get("based_on")
    return _build(y, raw)


def write_model_forms(folder: Path | None = None) -> list[Path]:
    """Write every year's checked form beside its YAML, or into ``folder`` (``python -m scenarios.package_data``).

    The paths written.
    """
    return [write_form(Path(folder) / _model_form(y).name if folder else _model_form(y), build_reference(y),
                       _year_files()) for y in available_years()]

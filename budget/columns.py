"""Column and label vocabularies shared by the workbook readers and writers.

The writers put the first label of each field in the header row; the readers accept any label
(after ``reference.norm``) and a few patterns, so workbooks laid out by other people still read.
The national template's exact header text is unconfirmed (bcf.md addendum §2), hence the synonyms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budget.reference_records import norm


@dataclass(frozen=True)
class Field:
    """A column the readers look for: its key, the labels and patterns naming it, whether it is required."""

    key: str
    labels: tuple[str, ...]  # first = what our writers put in the header
    required: bool = False
    patterns: tuple[str, ...] = ()  # regular expressions on the normalised header

    @property
    def label(self) -> str:
        """The label the writers put in the header row."""
        return self.labels[0]

    def matches(self, header: object) -> bool:
        """True when a header cell names this field: one of its labels or patterns, after normalising."""
        h = norm(header)
        if not h:
            return False
        if h in {norm(x) for x in self.labels}:
            return True
        return any(re.fullmatch(p, h) for p in self.patterns)


# ---- expenditure sheet (one row per scheme x scheme type x source of funding) -----------------
EXPENDITURE_FIELDS: tuple[Field, ...] = (
    Field("scheme_id", ("Scheme ID", "Scheme Id", "Scheme No", "Scheme Number", "Scheme Ref", "Ref", "ID"),
          required=True),
    Field("scheme_name", ("Scheme Name", "Scheme", "Name of Scheme", "Scheme Title"), required=True),
    Field("description", ("Brief Description of Scheme", "Brief Description", "Description",
                          "Scheme Description")),
    Field("scheme_type", ("Scheme Type", "Type of Scheme", "Scheme Types"), required=True),
    Field("sub_type", ("Sub Types", "Sub Type", "Subtype", "Scheme Sub Type", "Sub-type")),
    Field("scheme_type_other", ("Please specify if 'Scheme Type' is 'other'",
                                "Please specify if Scheme Type is Other", "Scheme Type (if other)")),
    Field("area_of_spend", ("Area of Spend", "Spend Area")),
    Field("area_of_spend_other", ("Please specify if 'Area of Spend' is 'other'",
                                  "Please specify if Area of Spend is Other", "Area of Spend (if other)")),
    Field("commissioner", ("Commissioner", "Commissioned by", "Lead Commissioner")),
    Field("pct_nhs", ("% NHS (if Joint Commissioner)", "% NHS", "NHS %", "Percentage NHS",
                      "% NHS if Joint Commissioner", "Joint % NHS")),
    Field("pct_la", ("% LA (if Joint Commissioner)", "% LA", "LA %", "Percentage LA",
                     "% LA if Joint Commissioner", "Joint % LA")),
    Field("provider", ("Provider", "Provider Type", "Service Provider")),
    Field("source_of_funding", ("Source of Funding", "Funding Source", "Funding Stream", "Source"),
          required=True),
    Field("amount", ("Expenditure (£)", "Expenditure", "Expenditure £", "Amount", "Amount (£)",
                     "Planned Expenditure", "Spend", "Planned Spend", "Budget", "Total"),
          required=True,
          patterns=(r"(planned )?expenditure( for)?( 20\d\d \d\d)?( )?( )?",
                    r"(planned )?(expenditure|spend|amount)( for)? 20\d\d( \d\d)?",
                    r"20\d\d \d\d (planned )?(expenditure|spend)")),
    Field("planned_outputs", ("Planned Outputs", "Planned Output", "Outputs", "Planned outputs 20xx-xx"),
          patterns=(r"planned outputs?( for)?( 20\d\d( \d\d)?)?",)),
    Field("output_unit", ("Units", "Unit", "Output Unit", "Units of Output")),
    Field("new_existing", ("New/Existing Scheme", "New/Existing", "New or Existing", "New or Existing Scheme",
                           "Status")),
    Field("locality", ("Locality", "Locality Name", "Place", "Neighbourhood")),
    Field("area_code", ("HWB Code", "Area Code", "LA Code", "ONS Code", "HWB ONS Code", "GSS Code",
                        "Local Authority Code", "Health and Wellbeing Board Code")),
    Field("area_name", ("HWB", "HWB Name", "Health and Wellbeing Board", "Area", "Area Name",
                        "Local Authority")),
)

# ---- income sheet (stream -> amount) -----------------------------------------------------------
INCOME_FIELDS: tuple[Field, ...] = (
    Field("stream", ("Funding Stream", "Funding Source", "Source of Funding", "Income Stream", "Stream",
                     "Source", "Income"), required=True),
    Field("amount", ("Amount (£)", "Amount", "Income (£)", "Income £", "Contribution (£)", "Contribution",
                     "Value", "£"), required=True,
          patterns=(r"(planned )?(income|amount|contribution)( for)? 20\d\d( \d\d)?",
                    r"20\d\d \d\d( income| amount)?")),
    Field("district", ("District", "District Code", "Housing Authority", "District (DFG)")),
    Field("icb", ("ICB", "ICB Name", "ICB Code", "Integrated Care Board")),
)

# ---- cover: label in one cell, value in the next non-empty cell to the right ------------------
COVER_FIELDS: tuple[Field, ...] = (
    Field("area_name", ("Health and Wellbeing Board", "HWB", "Health and Wellbeing Board (HWB)", "Area",
                        "HWB Name", "Health & Wellbeing Board")),
    Field("area_code", ("HWB Code", "Area Code", "ONS Code", "LA Code", "GSS Code", "HWB ONS Code")),
    Field("icbs", ("ICB", "ICBs", "Integrated Care Board", "Integrated Care Board(s)", "ICB(s)")),
    Field("year", ("Financial Year", "Planning Year", "Year", "Plan Year")),
    Field("minimum_nhs_asc_required", ("Minimum NHS contribution to adult social care (£)",
                                       "Minimum NHS contribution to adult social care",
                                       "Minimum ASC contribution", "NHS minimum contribution to ASC",
                                       "Minimum contribution to social care")),
    Field("illustrative", ("Illustrative",)),
)

# ---- localities (project input template only) -------------------------------------------------
LOCALITY_FIELDS: tuple[Field, ...] = (
    Field("name", ("Locality", "Locality Name", "Name"), required=True),
    Field("population", ("Population", "Population (all ages)", "Total Population", "All ages"), required=True),
    Field("population_65_plus", ("Population aged 65+", "Population 65+", "Aged 65+", "65+"), required=True),
    Field("population_85_plus", ("Population aged 85+", "Population 85+", "Aged 85+", "85+")),
    Field("deprivation_score", ("Deprivation score (IMD average score)", "IMD average score", "IMD score",
                                "Deprivation score", "Index of Multiple Deprivation score")),
    Field("emergency_admissions_65_plus", ("Emergency admissions 65+ (per year)", "Emergency admissions 65+",
                                           "Baseline emergency admissions 65+")),
    Field("need_weight", ("Need weighting (leave blank to compute)", "Need weighting", "Need weight", "Weighting")),
    Field("district_code", ("District code", "District", "E07 code")),
)

# the Localities sheet's columns in the order the input template and the analysis copy write them
LOCALITY_ORDER = ("name", "population", "population_65_plus", "population_85_plus", "deprivation_score",
                  "emergency_admissions_65_plus", "need_weight", "district_code")
LOCALITY_WIDTHS = (26, 16, 18, 18, 22, 24, 22, 16)
LOCALITY_FORMATS = {"population": "#,##0", "population_65_plus": "#,##0", "population_85_plus": "#,##0",
                    "emergency_admissions_65_plus": "#,##0", "deprivation_score": "0.0"}

# ---- local baselines (project input template only): label, value --------------------------------
BASELINE_FIELDS: tuple[Field, ...] = (
    Field("emergency_admissions_65_plus_per_100k", ("Emergency admissions 65+ per 100,000 aged 65+",
                                                    "Emergency admissions 65+ per 100,000")),
    Field("falls_admissions_65_plus_per_100k", ("Falls admissions 65+ per 100,000 aged 65+",
                                                "Falls admissions 65+ per 100,000")),
    Field("care_home_admissions_65_plus_per_100k", ("Long-term care home admissions 65+ per 100,000 aged 65+",
                                                    "Care home admissions 65+ per 100,000")),
    Field("ae_attendances_per_100k", ("A&E attendances per 100,000 population", "A&E attendances per 100,000")),
    Field("mean_length_of_stay_days", ("Mean length of stay, emergency admissions 65+ (days)",
                                       "Mean length of stay (days)", "Average length of stay")),
)

# ---- allocations (one row per area; one column per funding stream) ------------------------------
ALLOCATION_ID_FIELDS: tuple[Field, ...] = (
    Field("area_code", ("HWB Code", "LA Code", "ONS Code", "Area Code", "GSS Code", "HWB ONS Code",
                        "Local Authority Code", "ONS LA Code", "Code", "HWB ONS code"), required=True),
    Field("area_name", ("HWB Name", "Health and Wellbeing Board", "HWB", "Local Authority", "LA Name",
                        "Area Name", "Area", "Local Authority Name", "Name"), required=True),
    Field("icb", ("ICB", "ICB Name", "Integrated Care Board", "ICB(s)")),
    Field("minimum_nhs_asc_required", ("Minimum NHS contribution to adult social care",
                                       "Minimum ASC contribution", "of which minimum ASC contribution",
                                       "Minimum contribution to social care", "NHS minimum contribution to ASC")),
)

TOTAL_ROW = re.compile(r"^(grand )?(sub ?)?totals?\b|\btotal$")


def is_total_label(value: object, whole: bool = False) -> bool:
    """True for 'Total', 'Grand total', 'Sub-total', 'Total income', 'England total' and the like.

    With `whole`, only for a label that is nothing but a total ('Total', 'Grand total', 'Sub-total').
    """
    if isinstance(value, str) and value.isascii() and "total" not in value.lower():
        return False  # the common case, decided without normalising
    text = norm(value)
    return bool(TOTAL_ROW.fullmatch(text) if whole else TOTAL_ROW.search(text))

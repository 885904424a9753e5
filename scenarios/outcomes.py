"""The one ordered register of what the engine computes for every run, year, lever and locality.

Every list of outcomes in the project (the Summary, `bcf run --json`, the views, the Excel return) is
taken from ``OUTCOMES`` in this order, and every label from ``OUTCOME_LABELS``; the engine writes each
outcome by its name through ``OUTCOME_INDEX``.
"""

from __future__ import annotations

OUTCOMES: tuple[str, ...] = (
    "people_served",
    "emergency_admissions_avoided",
    "ae_attendances_avoided",
    "bed_days_saved",
    "care_home_admissions_avoided",
    "falls_admissions_avoided",
    "home_care_hours_saved",
    "delayed_discharge_days_avoided",
    "spend_gbp",
    "cashable_saving_gbp",
    "non_cashable_saving_gbp",
    "gross_saving_gbp",
    "net_saving_gbp",
)
OUTCOME_LABELS = {
    "people_served": "People served",
    "emergency_admissions_avoided": "Emergency admissions avoided (65+, including falls)",
    "ae_attendances_avoided": "A&E attendances avoided",
    "bed_days_saved": "Hospital bed days saved",
    "care_home_admissions_avoided": "Long-term care-home admissions avoided (65+)",
    "falls_admissions_avoided": "Falls admissions avoided (65+)",
    "home_care_hours_saved": "Home-care hours saved",
    "delayed_discharge_days_avoided": "Bed days of delayed discharge avoided (65+)",
    "spend_gbp": "Spend (£)",
    "cashable_saving_gbp": "Cashable saving (£)",
    "non_cashable_saving_gbp": "Non-cashable saving (£)",
    "gross_saving_gbp": "Gross saving (£)",
    "net_saving_gbp": "Net saving after spend (£)",
}
OUTCOME_INDEX = {name: i for i, name in enumerate(OUTCOMES)}

"""The name of every session key the app reads or writes, and of every widget and form on its pages.

Pages, the scenario bar and the session's functions name a key only through these constants. A name
ending ``_PREFIX`` is the start of a family of keys: the rest is a metric, a condition code, a row
number or a scenario name, and for widgets kept in step with the scenario (``app_ui.widget_sync``) a
version first (``widget_sync.widget_key``). A ``_SHOWN`` or ``_DRAWN`` key records what such a family of
widgets was last drawn for.
"""

from __future__ import annotations

# The open workbook and area
KEY_NAME = "bcf_workbook_name"
KEY_BYTES = "bcf_workbook_bytes"
KEY_AREA = "bcf_area_code"  # also the Start page's choice of area
KEY_YEAR = "bcf_year"  # the year read from a workbook that holds two (a 2023-25 plan); None: the reader's choice
KEY_LAST_UPLOAD = "bcf_last_upload_digest"
# The scenario being edited (saved scenarios live in the scenario store only)
KEY_SCENARIO = "bcf_scenario"  # the current edit (scenarios.schema.Scenario)
KEY_LINES = "bcf_edited_lines"  # the current edit's expenditure lines, when edited on the Plan page
KEY_CLEAN = "bcf_clean"  # (scenario, lines) as last saved, opened or read: anything else is unsaved
KEY_PENDING = "bcf_pending"  # what was asked for while there were unsaved changes, until confirmed or dropped
KEY_EDIT_VERSION = "bcf_lines_editor_version"  # a new number starts the Plan page's line editor afresh
KEY_EDITOR_START = "bcf_lines_editor_start"  # (the line editor's key, the lines it started on)
KEY_EDIT_ERROR = "bcf_edit_error"  # why the last edit of the lines was not applied, shown once
KEY_MADE_PLAN = "bcf_made_plan"  # what "Make this the plan" last wrote (scenarios.make_plan.MadePlan), shown once
# Model settings, presentation and sign-in
KEY_PRESENT = "bcf_presentation"  # also the sidebar's "Presentation mode" toggle
PRESENT_LEAVE = "present_leave"  # the presentation bar's "Leave presentation mode" button
PRESENT_SCREEN_PREFIX = "present_screen::"  # + a page: which of its screens is shown while presenting
KEY_RUNS = "bcf_runs"  # also the Impact page's "Monte Carlo runs" slider
KEY_SEED = "bcf_seed"  # also the Impact page's "Seed" box
KEY_USER = "bcf_user"  # the signed-in user's e-mail address, when sign-in is on
SIGN_OUT = "sign_out"  # the sidebar's "Sign out" button
# The shared scenario store, and the scenario bar
KEY_STORED = "bcf_stored_this_run"  # the shared store as read in this script run, see session.stored()
KEY_STORE_BASE = "bcf_store_base"  # (name, version) the current scenario was opened or last saved as
KEY_STORE_MESSAGE = "bcf_store_message"  # (st function name, Markdown-safe text) shown on the next run
KEY_STORE_HISTORY = "bcf_store_history"  # (what was asked for, versions) once "Show history" is on
KEY_LAST_IMPORT = "bcf_last_import"  # file id of the scenario file imported last
KEY_BAR_NAME = "bar_name"  # the scenario bar's name box
KEY_BAR_NAME_PENDING = "bar_name_pending"  # a name for that box, set before it is drawn on the next run
BAR_SHARE_PREFIX = "bar_share::"  # + a scenario name: the scenario bar's "Shared with colleagues" toggle
BAR_SAVE = "bar_save"  # the scenario bar's "Save" button
BAR_SAVE_COPY = "bar_save_copy"  # its "Save as copy" button
BAR_OPEN_PICK = "bar_open_pick"  # its "Open a saved scenario" choice
BAR_OPEN = "bar_open"  # its "Open" button
BAR_SHOW_HISTORY = "bar_show_history"  # its "Show history" toggle
BAR_EXPORT = "bar_export"  # its "Export as a file (JSON)" download
BAR_IMPORT = "bar_import"  # its "Import a scenario file" uploader
SIGNOFF_MARK_SUBMITTED = "signoff_mark_submitted"  # the Sign-off page's "Mark as submitted" button
KEY_SUBMITTED_MESSAGE = "bcf_submitted_message"  # (st function name, Markdown-safe text) after marking, next run
CONFIRM_GO = "confirm_go"  # "Open anyway", asked before unsaved changes are replaced
CONFIRM_STAY = "confirm_stay"  # "Keep editing", beside it
# What is built from results, kept in this session only
KEY_PACK_OPTIONS = "export_pack_options"  # the Export page: the saved scenarios the author chose for the board pack
KEY_EXPORT_COMPARE = "export_compare"  # the Export page: the scenarios chosen for the comparison workbook
KEY_PACK = "bcf_board_pack"  # (inputs key, pptx bytes, note) of the last board pack built in this session
KEY_BUILT = "bcf_built_files"  # results key -> bytes built from them, in this session only
OPTIMISED_PREFIX = "bcf_opt::"  # + a digest of the Optimise page's inputs: what it found for them

# The Start page
START_UPLOAD = "start_upload"  # the workbook uploader
START_YEAR = "start_year"  # "Year to read", for a workbook that holds two years
# The Plan page
MOVE_FORM = "move_money"  # the "Move money" form
MOVE_FROM = "move_from"  # its "From lever"
MOVE_TO = "move_to"  # its "To lever"
MOVE_AMOUNT = "move_amount"  # its "£ a year"
MOVE_FROM_LOCALITY = "move_from_loc"  # its "From locality (optional)"
MOVE_TO_LOCALITY = "move_to_loc"  # its "To locality (optional)"
KEY_MOVE_LAST = "move_last"  # the Move form's last submitted choices, its starting values when it is drawn afresh
REMOVE_CHANGE_PREFIX = "remove_change_"  # + the change's index: its "Remove" button
KEY_MAKE_PLAN_CONFIRM = "make_plan_confirm"  # the "I understand the lines will be rewritten" box
KEY_MAKE_PLAN_BUTTON = "make_plan_button"  # the "Make this the plan" button
SPEND_YEAR = "spend_year"  # the year of the horizon that spend by lever is shown for
LINES_EDITOR_PREFIX = "lines_editor_"  # + the editor version: the line editor
# The Impact page
FAN_OUTCOME = "fan_outcome"  # the "By year" tab's outcome
LEVER_OUTCOME = "lever_outcome"  # the "By lever" tab's outcome
LOCALITY_OUTCOME = "locality_outcome"  # the "By locality" tab's outcome
# The Compare page
COMPARE_CHOICE = "compare_choice"  # the scenarios compared
COMPARE_OUTCOME = "compare_outcome"  # the outcome charted
# The Goals page: + the version, "::" and a metric (widget_sync)
GOAL_WIDGET_PREFIX = "goal_value::"  # the number box
RATIONALE_WIDGET_PREFIX = "goal_rationale::"  # the rationale box
GOAL_TOGGLE_PREFIX = "goal_own::"  # the "Set our own goal" toggle
BASELINE_TOGGLE_PREFIX = "goal_baseline_own::"  # the "Use our own baseline" toggle
BASELINE_WIDGET_PREFIX = "goal_baseline::"  # the own-baseline number box
BASELINE_PERIOD_PREFIX = "goal_baseline_period::"  # its period
BASELINE_SOURCE_PREFIX = "goal_baseline_source::"  # its source
KEY_GOALS_SHOWN = "bcf_goals_shown"  # (version, goals) the Goals page's boxes were last drawn for
# The Capacity page
CAPACITY_CHART_PREFIX = "capacity_chart_"  # + a pathway or service: its chart
CAPACITY_MONTH_PREFIX = "capacity_month::"  # + the version, "::" and month 0 (April) to 11: the profile boxes
CAPACITY_FORM = "capacity_profile"  # the seasonal profile form
KEY_CAPACITY_SHOWN = "bcf_capacity_profile_shown"  # (version, profile) the profile boxes were last drawn for
CAPACITY_SHARE_PREFIX = "capacity_share::"  # + the version, "::" and P0 to P3, "source" or "period": the share boxes
CAPACITY_SHARES_FORM = "capacity_shares"  # the pathway shares form
KEY_CAPACITY_SHARES_SHOWN = "bcf_capacity_shares_shown"  # (version, shares) the share boxes were last drawn for
# The Sign-off page: + the version, "::" and a condition code or a row number (widget_sync)
KEY_SIGNOFF_DRAWN = "bcf_signoff_drawn"  # (version, (assurance, sign-off)) the page's widgets last showed
ASSURANCE_STATEMENT_PREFIX = "assurance_statement::"  # the statement box
ASSURANCE_STATUS_PREFIX = "assurance_status::"  # the status select
SIGN_OFF_NAME_PREFIX = "sign_off_name::"  # a signatory's name
SIGN_OFF_ORG_PREFIX = "sign_off_org::"  # the organisation, where the plan names none
SIGN_OFF_DATE_PREFIX = "sign_off_date::"  # the date signed
# The Optimise page
OPTIMISE_FORM = "optimise"  # the form
OPT_OBJECTIVE = "opt_objective"  # "Make the most of"
OPT_MAX_CHANGE = "opt_max_change"  # the largest change slider
OPT_PER_LOCALITY = "opt_per_locality"  # "Choose spend per locality as well as per lever"
OPT_NEAR_NEED = "opt_near_need"  # "Keep each locality's money near its need" and its distance
OPT_LOCKS = "opt_locks"  # "Schemes that must not change"
OPT_LEVER_LIMITS = "opt_lever_limits"  # the limits by lever
OPT_LOCALITY_LIMITS = "opt_locality_limits"  # the limits by locality
OPT_SAVE_NAME = "opt_save_name"  # "Save the recommendation as a scenario"
# The Assumptions page
OVERRIDE_FORM = "effect_override"  # the "Change an effect range" form
OVERRIDE_LEVER = "ov_lever"  # its lever
OVERRIDE_OUTCOME = "ov_outcome"  # its outcome
OVERRIDE_LOW = "ov_low"  # its low (P10)
OVERRIDE_CENTRAL = "ov_central"  # its central value
OVERRIDE_HIGH = "ov_high"  # its high (P90)
OVERRIDE_REASON = "ov_reason"  # why
ASSUMPTION_LEVERS = "assumption_levers"  # the levers the library table shows
# The Monitor page
KEY_ACTUALS = "bcf_actuals"  # (Actuals, digest of the files they were read from) kept until better ones are given
KEY_ACTUALS_READ = "bcf_actuals_read"  # (digest of the files last given, the sentence refusing them or None)
MONITOR_UPLOAD = "monitor_upload"  # the actuals files uploader
MONITOR_DEMO = "monitor_demo"  # "Use the demo's illustrative actuals"
MONITOR_ACTUALS_WORKBOOK = "monitor_actuals_workbook"  # "Download the actuals workbook for this plan"
MONITOR_SUS_SHEET = "monitor_sus_sheet"  # "Download the SUS sheet for the ICB's analyst"
MONITOR_PLAN = "monitor_plan"  # "Plan to follow"
MONITOR_TO = "monitor_to"  # "Up to the end of"
MONITOR_PROFILE = "monitor_profile"  # "Plan's money spread over the year"
MONITOR_CHART_PREFIX = "monitor_chart::"  # + "spend", "outputs" or a metric: its chart
MONITOR_QUARTER_PREFIX = "monitor_quarter::"  # + the month followed to: the quarter whose report is offered
MONITOR_BUILD_PACK = "monitor_build_pack"  # "Build the board pack"
KEY_MONITOR_PACK = "bcf_monitor_pack"  # (inputs key, pptx bytes or None, note or failure) of the pack built last
KEY_MONITOR_FOLLOWED = "bcf_monitor_followed"  # (plan, month, profile) chosen last, kept while presenting
KEY_WORK_TOKEN = "bcf_work_token"  # the secret naming this browser's work in progress in the store (app_ui.working)
KEY_WORK_KEPT = "bcf_work_kept"  # the work in progress as last kept (or picked up), so only a change is written
KEY_WORK_PICKED_UP = "bcf_work_picked_up"  # when the work picked up at the session's start was last changed

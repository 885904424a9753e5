"""BCF Planner's money layer: domain types, reference data, workbook readers, rules and returns."""

import openpyxl.xml

# Uploaded workbooks are untrusted XML: openpyxl must parse them through defusedxml, which refuses
# entity-expansion ("billion laughs") and external-entity attacks. Fail loudly if it is not in use.
if not openpyxl.xml.DEFUSEDXML:  # pragma: no cover - only when defusedxml is missing
    raise ImportError("BCF Planner needs defusedxml installed so that openpyxl parses workbooks safely")

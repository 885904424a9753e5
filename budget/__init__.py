"""BCF Planner's money layer: domain types, reference data, workbook readers, rules and returns."""

import os
import sys


def require_defusedxml() -> None:
    """Fail loudly unless openpyxl will parse workbooks through defusedxml.

    Uploaded workbooks are untrusted XML: defusedxml refuses entity-expansion ("billion laughs") and
    external-entity attacks.

    openpyxl settles this once, when ``openpyxl.xml`` is first imported: defusedxml is used when it is
    installed, unless OPENPYXL_DEFUSEDXML is set to something other than "True". Once openpyxl is
    imported its own flag is read; before then the same two conditions are checked, so that importing
    ``budget`` does not import openpyxl. The workbook readers check again once they have imported it.
    """
    xml = sys.modules.get("openpyxl.xml")
    if xml is not None:
        safe = bool(getattr(xml, "DEFUSEDXML", False))
    else:
        try:
            import defusedxml  # noqa: F401
        except ImportError:
            safe = False
        else:
            safe = os.environ.get("OPENPYXL_DEFUSEDXML", "True") == "True"
    if not safe:  # pragma: no cover - only when defusedxml is missing or turned off
        raise ImportError("BCF Planner needs defusedxml installed (and OPENPYXL_DEFUSEDXML not turned off) "
                          "so that openpyxl parses workbooks safely")


require_defusedxml()

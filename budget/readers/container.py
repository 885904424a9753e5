"""The workbook's zip container as it is read before any spreadsheet parser.

Holds the workbook's own index of sheets (read through defusedxml) and the refusal of a file as a
whole, which the safety checks, the grid reader and the problem messages all use.
"""

from __future__ import annotations

import zipfile

from budget.models import Problem

ENTITY_DECLARATIONS = ("the workbook could not be read safely: it contains XML entity declarations, which ordinary "
                       "Excel files never have (a possible 'billion laughs' attack)")


def refusal(name: str, message: str) -> Problem:
    """An error about the file as a whole (no sheet or cell)."""
    return Problem(severity="error", file=name, message=message)


def sheet_list(zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    """Every (sheet name, XML part) the workbook's own index lists, in order and with any repeats.

    The index is parsed with defusedxml; an index that cannot be read raises.
    """
    from defusedxml import ElementTree

    wb = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = []
    for el in wb.iter():
        if el.tag.endswith("}sheet") or el.tag == "sheet":
            rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
            target = targets.get(rid, "")
            if target:
                out.append((el.get("name"), target.lstrip("/") if target.startswith("/") else "xl/" + target))
    return out

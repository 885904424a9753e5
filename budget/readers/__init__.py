"""Workbook readers: allocations, planning-template-shaped plans and the project's input template."""

from budget.readers.workbook import load_bytes, load_workbook, printable_name

__all__ = ["load_bytes", "load_workbook", "printable_name"]

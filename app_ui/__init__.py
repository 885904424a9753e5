"""What every page of the Streamlit app shares.

The session (its keys, the open workbook, the scenario being edited, cached results), the shared scenario
store and the scenario bar, sign-in, Markdown-safe text, number formats, page guards and the run log. The
pages themselves are in app_pages/.
"""

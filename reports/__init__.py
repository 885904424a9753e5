"""Reports of a Better Care Fund plan and its model: what a board, the national return and a page read.

* ``reports.charts``          plotly figures shared by the app and the board pack (``capacity_figure`` too)
* ``reports.returns``         tables for the Excel return's two copies; ``return_tables`` (analysis copy),
  ``submission_parts`` (submission copy: goals, signatories, capacity, national conditions),
  ``comparison_tables``
* ``reports.board_pack``      the Health and Wellbeing Board pack (PowerPoint); ``write_board_pack``,
  ``board_pack_bytes``
* ``reports.export_files``    the files exported for a scenario on a plan, as bytes, for the Export page
  and `bcf export` alike: ``submission_copy``, ``analysis_copy``, ``board_pack``, ``other_stance``
* ``reports.picture_worker``  the process of its own that draws chart pictures with one kaleido browser
* ``reports.cli_export``      `bcf export`: the return's two copies and the board pack

Builds on ``budget`` and ``scenarios``; the model imports nothing from here. Imports nothing from
Streamlit. Importing the package imports none of its modules.
"""

"""Reports of a Better Care Fund plan and its model: what a board, the national return and a page read.

* ``reports.charts``          plotly figures shared by the app and the board pack (``capacity_figure`` too)
* ``reports.chart_text``      a chart's text alternatives from its own data: ``figure_table``, ``figure_summary``
* ``reports.returns``         tables for the Excel return's two copies; ``return_tables`` (analysis copy),
  ``submission_parts`` (submission copy: goals, signatories, capacity, national conditions),
  ``comparison_tables``
* ``reports.capacity_text``   the capacity plan in words: ``summary_sentence``, ``gap_sentence``,
  ``largest_gap_sentence``, ``shares_words``, ``short_name``
* ``reports.capacity_table``  the capacity plan as the submission copy's Capacity and demand sheet
* ``reports.board_pack``      the Health and Wellbeing Board pack (PowerPoint), its slides in order;
  ``write_board_pack``, ``board_pack_bytes``
* ``reports.board_pack_content``  what each slide says: rows, sentences, figures' words and alternative text
* ``reports.pptx_deck``       PowerPoint writing: ``Deck`` (slides, text, tables, native charts, pictures)
* ``reports.slide_layout``    the room text takes on a slide: widths, wrapped lines, tables over slides, footer
* ``reports.chart_pictures``  chart pictures drawn by ``reports.picture_worker``, the process of its own with
  one kaleido browser; ``render_png``, ``browser_available``
* ``reports.export_files``    the files exported for a scenario on a plan, as bytes, for the Export page
  and `bcf export` alike: ``submission_copy``, ``analysis_copy``, ``board_pack``, ``other_stance``
* ``reports.cli_export``      `bcf export`: the return's two copies and the board pack
* ``reports.cli_capacity``    `bcf capacity`: demand and capacity month by month, as text or JSON

Builds on ``budget`` and ``scenarios``; the model imports nothing from here. Imports nothing from
Streamlit. Importing the package imports none of its modules.
"""

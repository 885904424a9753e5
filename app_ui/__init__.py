"""What every page of the Streamlit app shares.

* ``app_ui.keys``          the name of every session key, and of every widget and form on the pages
* ``app_ui.session``       the session's state: the open workbook (read once per content), the scenario
  being edited and those saved in this session, the signed-in user, the shared store's scenarios
* ``app_ui.widget_sync``   boxes kept in step with what the scenario holds (Goals, Capacity, Sign-off)
* ``app_ui.results``       model results cached by content (``results_key``, ``content_key``) and what is
  built from them in one session
* ``app_ui.guards``        the checks a page makes first, and ``modelled``: the one way a page runs the model
* ``app_ui.figures``       every chart with its summary and its numbers
* ``app_ui.store_handle``, ``app_ui.scenario_bar``  the shared scenario store and the sidebar's scenario bar
* ``app_ui.access``, ``app_ui.markdown``, ``app_ui.formatting``, ``app_ui.runlog``  sign-in, Markdown-safe
  text, number formats and the run log

The pages themselves are in app_pages/.
"""

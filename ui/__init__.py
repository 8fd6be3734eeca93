"""The browser app (``qa serve``): a thin Gradio layer over ``qa``; it retrieves and scores nothing itself.

``app`` assembles the tabs (``ask_tab``, ``cite_tab``, ``batch_tab``,
``library_tab``) and the API (``api``); ``service`` is the one door into
``qa``; ``cards``, ``citations``, ``batch`` and ``library`` turn its records
into escaped HTML and tables; ``render`` places marks by offsets.
"""

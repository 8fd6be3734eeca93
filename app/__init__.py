"""The command line (``qa``), the top layer: it parses arguments, calls ``ui`` and ``qa``, and turns their
exceptions into sentences (``app.messages``). Nothing imports ``app``.
"""

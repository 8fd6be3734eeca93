"""Provenance: where a passage comes from and how to cite it.

``cite`` looks up citation ids (``001:p23``, ``001:p23.s2``) and words
references; ``find`` tells where a quote or a claim comes from; ``references``
exports references as BibTeX, CSL-JSON or Markdown.
"""

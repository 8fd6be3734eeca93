"""The answer pipeline as named steps, one module each, in the order a question walks them:

    analyse    the question -> Query (language, weighted Chinese terms, English terms, question type)
    translate  English question -> weighted Chinese tokens (used by analyse)
    retrieve   Query + question vector -> Runs (one scored candidate list per retriever)
    fuse       Runs -> one ranking (weighted per language, neighbour smoothing)
    rerank     ranking -> Ranked passages (the best sentence of each candidate adds its answer-type fit)
    passages   Ranked -> Passage records (answering sentence, answer span, term highlights)
    confidence Ranked -> AnswerFeatures -> calibrated confidence ("is this answerable?")
    assistant  Assistant: loads an index once and composes the steps

Every step is a function of typed inputs; the index and its derived views
(``index.views.Views``) and the settings (``qa.settings``) come in as arguments.
"""

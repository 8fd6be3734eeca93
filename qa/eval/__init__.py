"""Batch evaluation: question files, runs, run folders, comparison, the HTML report, metrics.

``questions`` reads a question file; ``run`` answers and scores it (an
``EvalRun``); ``runfolder`` writes and reads the folder of a run;
``compare`` pairs two runs question by question; ``report`` renders the
HTML report; ``metrics/`` holds one metric per module.
"""

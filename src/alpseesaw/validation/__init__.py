"""Validation against the real tools and the paper.

Cross-validation campaigns (``alpseesaw crossval``, docs/crossval.md): :mod:`.sampling` (points),
:mod:`.campaign` (orchestration, serial and Dask executors, each worker on its own copy of the
built project: :class:`alpseesaw.runners.MicromegasProject`), :mod:`.store` (journal, lock), :mod:`.verdicts`
(classification and tolerances), :mod:`.report` (table, summary, plot). Also
:mod:`.calchep_eval` (an independent reader/evaluator of CalcHEP model files) and
:mod:`.paper_points` (the points of issue 3 on the real micrOMEGAs).
"""

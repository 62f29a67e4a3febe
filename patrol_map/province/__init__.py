"""A province's communes together: a synthetic province on a server, and jobs run for every commune.

:mod:`.jobs` holds what is done to one commune (build it, plan its week, forecast, back-test), each
reading and writing that commune's workspace on the server; :mod:`.batch` runs one job for every
commune of a province as tasks on ``dask.distributed`` and sums up what was done and what failed.
"""

#: The jobs a province run can do for every commune (``patrol-map batch JOB``).
JOB_NAMES = ("backtest", "forecast", "plan")

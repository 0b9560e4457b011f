"""Writes of the appraisal module, one verb per function, grouped by stage of the cycle.

Each operation checks who acts and when (through ``common.permissions``), changes the rows,
writes the audit entry and sends its signal; it raises ``OperationError`` with a translatable
reason when a rule refuses. The caller commits.
"""

"""Writes of the M&E platform, one module per area; each checks its rules and writes the audit entry."""

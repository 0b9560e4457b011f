"""The shared kernel: directory, users and roles, permissions, audit, signals, the page shell.

Nothing here imports hrms, monitoring, learning or reports.
"""

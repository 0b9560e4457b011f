"""Events that cross module boundaries, so that modules never import each other's internals.

Each signal says who sends it and what it carries. A receiver reads only the keyword arguments documented here
(the sender is named for the log, not as a payload: its attributes are the sending module's internals and may
change). Receivers must not commit: they run inside the sender's transaction.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: Sent by ``learning.operations`` when an enrolment becomes complete.
#: Sender: the enrolment; keyword arguments: ``employee_id`` (int), ``course_id`` (int), ``enrolment_id`` (int,
#: the same for every signal about this completion), ``completed_at`` (datetime, UTC) and ``hours`` (Decimal: the
#: course's CPD hours, one decimal place, exactly as stored).
course_completed = _signals.signal("course-completed")

#: Sent by ``hrms.operations`` when an appraisal reaches its final state.
#: Sender: the appraisal; keyword arguments: ``employee_id`` (int), ``cycle_id`` (int).
appraisal_finalized = _signals.signal("appraisal-finalized")

#: Sent by ``common.directory.operations`` after employees are created or changed.
#: Sender: the operation name; keyword argument: ``employee_ids`` (list of int).
employees_changed = _signals.signal("employees-changed")

#: Sent by ``flask demo`` after the demo directory and accounts are built, inside its transaction.
#: Sender: the Flask app; keyword arguments: ``accounts`` (dict of demo e-mail -> User),
#: ``size`` (number of employees). Each module connects a receiver that adds its own demo data.
demo_built = _signals.signal("demo-built")

#: Sent by ``common.auth.operations.set_active`` whenever an account is switched off (by an administrator, by SCIM
#: provisioning…); its sessions are already revoked in the same transaction. Sender: who did it (``"SCIM"``, an
#: administrator's e-mail, or ``"system"``); keyword argument: ``user_id`` (int). Receivers revoke what else the
#: account holds (API tokens…).
account_deactivated = _signals.signal("account-deactivated")

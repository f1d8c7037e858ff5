"""Writes with business meaning in the support section.

Each service exported here is a top-level use case: it checks the permission, runs
in ``service_transaction()`` (durable: two of them nested in a view
fail loudly), leaves an audit entry and queues its emails after commit. Steps that
another service reuses inside its own transaction are ``*_within``
functions (a new person, an application, cancelling a booking).

Lock order (``select_for_update``, parent before child), in every service:

- the school: Course → Application → Attendance. The course row is the lock for its
  seats and its waitlist (``waitlist``); sessions are written under it;
- the desk: Consultation → AppointmentSlot → Appointment; publishing a slot locks
  the advisor's Person row first (Person → AppointmentSlot).

A service may start lower in its chain (fees lock the application alone, withdrawing
a slot the slot alone) but never takes a parent after a child.
"""

from .applications import *  # noqa: F403
from .appointments import *  # noqa: F403
from .attendance import *  # noqa: F403
from .casework import *  # noqa: F403
from .consultations import *  # noqa: F403
from .course_emails import *  # noqa: F403
from .courses import *  # noqa: F403
from .people import *  # noqa: F403

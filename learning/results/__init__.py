"""Results per package item of a course (issue 21, item 5): one row per SCO of a SCORM 1.2 or 2004 lesson and per
AU of a cmi5 lesson, whatever the standard, for the course's editors. ``queries`` reads, ``views`` shows."""

"""cmi5 ("quartz") course structures as lessons: the importer of ``cmi5.xml``, the launch of each assignable unit
(AU) with its one-time fetch URL, the cmi5 statement rules applied to what an AU sends to the LRS, and moveOn.

Modules: ``importer`` (the zip and ``cmi5.xml``, checked before anything is written; remote AUs only on hosts the
administrator allows, ``CMI5_REMOTE_HOSTS``), ``vocabulary`` (the specification's IRIs), ``rules`` (what an AU's
statements must obey; pure functions), ``launch`` (registration, session, LMS.LaunchData, the ``launched``
statement, the fetch URL that hands out the auth token once), ``operations`` (import, what accepted statements
mean: AU satisfaction by moveOn, block and course ``satisfied``, the lesson's completion), ``queries``, ``views``.

The AU's files are served like a SCORM package's, from the content origin only, reached with a signed token; the
LRS endpoint handed to an AU is the content origin's ``/xapi/``, so the AU's requests are same-origin there and no
application cookie is ever involved. The auth token is an ``XapiClient`` credential whose ``limits`` name the
session's actor, registration and AU activity (decided in ``common.permissions.xapi``).
"""

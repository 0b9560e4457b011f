"""SCORM 1.2 and SCORM 2004 packages as lessons: a safe importer, content-addressed storage, a player on a content
origin of its own, the run-time API's data model held on the server, and results that feed lesson and course
completion.

Modules: ``importer`` (checks a zip and its manifest before anything is written; ``formats`` reads entry names
and recognises other e-learning formats), ``prerequisites`` (the AICC script of ``adlcp:prerequisites``),
``navigation`` (the package's contents with groups, locks and previous/next), ``storage`` (one folder per
uploaded zip, named by its SHA-256, files read by exact path), ``runtime`` (the CMI data model, error codes and
LMSFinish's rules, shared with the browser as JSON), ``operations`` (import, launch, commit), ``queries``,
``views`` (player, files, commit endpoint, administration) and ``static/scorm_api.js`` (``window.API``).
SCORM 2004 adds ``manifest2004`` (the sequencing definition), ``runtime2004`` (its data model, with
``static/scorm2004_api.js``: ``window.API_1484_11`` over the same journal), ``sequencing`` (the sequencer) and
``seq_operations`` (the sequencer against the database).

Isolation. A package is code written by others, run in the browser of whoever opens it. It is served only from the
content origin (``CONTENT_ORIGIN``, see ``common.origins``), never from the application's: the lesson page frames
a wrapper from that origin, reached with a token bound to the learner's attempt (``tokens``), which holds
``window.API`` and frames the SCO (``views/content.py``, ``static/scorm_api.js``). The application's cookies never
reach that origin, so a package can at most write its own attempt's values, which SCORM lets it do anyway. (The
first design ran packages on the application's origin with ``allow-scripts allow-same-origin``: a package could
act with the viewer's session. It is withdrawn.)

Kept free of imports so that ``learning.models`` can export the tables without an import cycle; the views are
registered by ``learning.views``.
"""

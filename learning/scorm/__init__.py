"""SCORM 1.2 packages as lessons: a safe importer, content-addressed storage, a same-origin player, the run-time
API's data model held on the server, and results that feed lesson and course completion.

Modules: ``importer`` (checks a zip and its manifest before anything is written; ``formats`` reads entry names
and recognises other e-learning formats), ``prerequisites`` (the AICC script of ``adlcp:prerequisites``),
``navigation`` (the package's contents with groups, locks and previous/next), ``storage`` (one folder per
uploaded zip, named by its SHA-256, files read by exact path), ``runtime`` (the CMI data model, error codes and
LMSFinish's rules, shared with the browser as JSON), ``operations`` (import, launch, commit), ``queries``,
``views`` (player, files, commit endpoint, administration) and ``static/scorm_api.js`` (``window.API``).

Isolation, and its limit. SCORM 1.2 content finds the API by walking ``window.parent``, so the SCO must run in a
same-origin frame whose sandbox keeps ``allow-scripts allow-same-origin``; with both, a script in the frame can
reach the framing page (and could lift its own sandbox), so the sandbox only stops top-level navigation and
plugins. What confines a package is its content security policy: every fetch, script, style, image and frame
only from the package's own folder, framing only by this origin, files never served to another site's pages.
A package therefore runs with the learner's session in this origin: it is trusted as far as the learning
administrator who uploads it. Full isolation would need a separate content origin (a cookie-less subdomain)
and a ``postMessage`` bridge for the API, which many packages' API discovery does not support.

Kept free of imports so that ``learning.models`` can export the tables without an import cycle; the views are
registered by ``learning.views``.
"""

"""Five short courses written for the suite, in Georgian and English, each with a question bank.

Plain data: ``learning.demo`` loads them through the module's own operations (so the HTML goes
through the sanitiser and every question is checked like one typed into the editor). Each course
is a dict: code, category, level, hours, minutes, validity (months), competencies (codes of the
shared framework), provider (org-unit code or None), title/summary (ka, en), sections of lessons
(title, body HTML, each as (ka, en)), the quiz settings and the questions.

A question: kind, text (ka, en), feedback (ka, en), and for choice kinds ``choices``: list of
((ka, en), correct); for matching ``pairs``: list of ((ka, en), (ka, en)); for true/false ``answer``;
for numeric ``answer`` and optional ``tolerance``.
"""

from learning.demo_content.cyber_hygiene import COURSE as CYBER_HYGIENE
from learning.demo_content.data_protection import COURSE as DATA_PROTECTION
from learning.demo_content.infosec import COURSE as INFOSEC
from learning.demo_content.phishing import COURSE as PHISHING
from learning.demo_content.risk import COURSE as RISK

COURSES = (CYBER_HYGIENE, PHISHING, INFOSEC, DATA_PROTECTION, RISK)

"""The IRIs cmi5 defines (cmi5 quartz, §9 and §10), in one place."""

CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
MOVEON_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/moveon"
SESSION_ID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
MASTERY_SCORE = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
LAUNCH_MODE = "https://w3id.org/xapi/cmi5/context/extensions/launchmode"
LAUNCH_URL = "https://w3id.org/xapi/cmi5/context/extensions/launchurl"
LAUNCH_PARAMETERS = "https://w3id.org/xapi/cmi5/context/extensions/launchparameters"
MOVE_ON = "https://w3id.org/xapi/cmi5/context/extensions/moveon"
REASON = "https://w3id.org/xapi/cmi5/context/extensions/reason"
COURSE_TYPE = "https://w3id.org/xapi/cmi5/activitytype/course"
BLOCK_TYPE = "https://w3id.org/xapi/cmi5/activitytype/block"
AU_TYPE = "http://adlnet.gov/expapi/activities/lesson"

VERBS = {
    "launched": "http://adlnet.gov/expapi/verbs/launched",
    "initialized": "http://adlnet.gov/expapi/verbs/initialized",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
    "abandoned": "https://w3id.org/xapi/adl/verbs/abandoned",
    "waived": "https://w3id.org/xapi/adl/verbs/waived",
    "terminated": "http://adlnet.gov/expapi/verbs/terminated",
    "satisfied": "https://w3id.org/xapi/adl/verbs/satisfied",
}
NAMES = {iri: name for name, iri in VERBS.items()}
AU_VERBS = {"initialized", "completed", "passed", "failed", "terminated"}  # what an AU itself may state
LMS_VERBS = {"launched", "abandoned", "waived", "satisfied"}  # stated by the LMS only

MOVE_ON_VALUES = ("Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed", "NotApplicable")
LAUNCH_METHODS = ("AnyWindow", "OwnWindow")

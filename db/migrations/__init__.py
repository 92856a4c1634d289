"""Schema steps in order; step N brings a database from version N-1 to N.

To add a step: write mNNNN_what.py with apply(db), append it here, change the models to match, and add
its test in tests/db/test_migrations.py (a meta-test fails otherwise).
"""

from db.migrations import (
    m0001_initial,
    m0002_person_search,
    m0003_drop_status_index,
    m0004_quarantine,
    m0005_reading_alert_index,
    m0006_operators,
    m0007_household_number_per_grid,
    m0008_case_words,
    m0009_audit_no_replace,
    m0010_screening,
    m0011_pushed_lists,
    m0012_finding_handled,
    m0013_checkpoints,
    m0014_duty,
    m0015_handover,
    m0016_village_code,
    m0017_township,
    m0018_package_seen_days,
)

STEPS = (
    m0001_initial,
    m0002_person_search,
    m0003_drop_status_index,
    m0004_quarantine,
    m0005_reading_alert_index,
    m0006_operators,
    m0007_household_number_per_grid,
    m0008_case_words,
    m0009_audit_no_replace,
    m0010_screening,
    m0011_pushed_lists,
    m0012_finding_handled,
    m0013_checkpoints,
    m0014_duty,
    m0015_handover,
    m0016_village_code,
    m0017_township,
    m0018_package_seen_days,
)
LATEST_VERSION = len(STEPS)

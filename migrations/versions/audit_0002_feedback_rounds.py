"""hrms: feedback rounds (closing date, frozen results), per-competency answers and comments

Revision ID: audit_0002
Revises: audit_0001
Create Date: 2026-12-04 19:00:00

Feedback used to be shown as a live average, so a fourth answer could be computed by subtraction
from the third. Now requests belong to a round whose results are computed once, when it closes,
and stored. Existing requests become one round per appraisal, closing on the cycle's
manager-assessment deadline; where the appraisal has already moved past the manager's
assessment, the round is closed now with its results frozen (the overall mean, from three answers up).
"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = 'audit_0002'
down_revision = 'audit_0001'
branch_labels = None
depends_on = None

CLOSED_STATES = ("calibration", "released", "acknowledged", "appealed", "final")
MIN_ANSWERS = 3

_round = sa.table("hr_feedback_round", sa.column("id", sa.Integer), sa.column("appraisal_id", sa.Integer),
                  sa.column("closes_on", sa.Date), sa.column("opened_at", sa.DateTime),
                  sa.column("closed_at", sa.DateTime), sa.column("answered", sa.Integer),
                  sa.column("results", sa.JSON))
_request = sa.table("hr_feedback_request", sa.column("id", sa.Integer), sa.column("appraisal_id", sa.Integer),
                    sa.column("round_id", sa.Integer), sa.column("created_at", sa.DateTime),
                    sa.column("answered_at", sa.DateTime), sa.column("rating", sa.Integer))
_appraisal = sa.table("hr_appraisal", sa.column("id", sa.Integer), sa.column("cycle_id", sa.Integer),
                      sa.column("state", sa.String))
_cycle = sa.table("hr_cycle", sa.column("id", sa.Integer), sa.column("manager_assessment_due", sa.Date))


def _rounds_for_existing_requests(bind) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    requests: dict[int, list] = {}
    for row in bind.execute(sa.select(_request.c.id, _request.c.appraisal_id, _request.c.created_at,
                                      _request.c.answered_at, _request.c.rating).order_by(_request.c.id)):
        requests.setdefault(row.appraisal_id, []).append(row)
    if not requests:
        return
    appraisals = {row.id: row for row in bind.execute(
        sa.select(_appraisal.c.id, _appraisal.c.state, _cycle.c.manager_assessment_due)
        .join(_cycle, _cycle.c.id == _appraisal.c.cycle_id).where(_appraisal.c.id.in_(list(requests))))}
    for appraisal_id, rows in requests.items():
        appraisal = appraisals[appraisal_id]
        values = {"appraisal_id": appraisal_id, "closes_on": appraisal.manager_assessment_due,
                  "opened_at": min(r.created_at for r in rows)}
        if appraisal.state in CLOSED_STATES:
            ratings = [r.rating for r in rows if r.answered_at is not None and r.rating is not None]
            values |= {"closed_at": now, "answered": len(ratings), "results": (
                {"overall": round(sum(ratings) / len(ratings), 1), "competencies": [], "comments": []}
                if len(ratings) >= MIN_ANSWERS else None)}
        round_id = bind.execute(_round.insert().values(**values).returning(_round.c.id)).scalar_one()
        bind.execute(_request.update().where(_request.c.appraisal_id == appraisal_id).values(round_id=round_id))


def upgrade():
    op.create_table(
        "hr_feedback_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appraisal_id", sa.Integer(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("opened_by_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("answered", sa.Integer(), nullable=True),
        sa.Column("results", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["appraisal_id"], ["hr_appraisal.id"],
                                name=op.f("fk_hr_feedback_round_appraisal_id_hr_appraisal")),
        sa.ForeignKeyConstraint(["opened_by_id"], ["user_account.id"],
                                name=op.f("fk_hr_feedback_round_opened_by_id_user_account")),
        sa.ForeignKeyConstraint(["closed_by_id"], ["user_account.id"],
                                name=op.f("fk_hr_feedback_round_closed_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hr_feedback_round")),
        sa.UniqueConstraint("appraisal_id", name=op.f("uq_hr_feedback_round_appraisal_id")),
    )
    op.add_column("hr_feedback_request", sa.Column("round_id", sa.Integer(), nullable=True))
    op.add_column("hr_feedback_request", sa.Column("comment", sa.Text(), nullable=True))
    _rounds_for_existing_requests(op.get_bind())
    with op.batch_alter_table("hr_feedback_request", schema=None) as batch_op:
        batch_op.alter_column("round_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f("ix_hr_feedback_request_round_id"), ["round_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_hr_feedback_request_round_id_hr_feedback_round"),
                                    "hr_feedback_round", ["round_id"], ["id"])
    op.create_table(
        "hr_feedback_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["hr_feedback_request.id"],
                                name=op.f("fk_hr_feedback_answer_request_id_hr_feedback_request")),
        sa.ForeignKeyConstraint(["criterion_id"], ["hr_template_criterion.id"],
                                name=op.f("fk_hr_feedback_answer_criterion_id_hr_template_criterion")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hr_feedback_answer")),
        sa.UniqueConstraint("request_id", "criterion_id", name=op.f("uq_hr_feedback_answer_request_id_criterion_id")),
    )
    with op.batch_alter_table("hr_feedback_answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hr_feedback_answer_request_id"), ["request_id"], unique=False)


def downgrade():
    with op.batch_alter_table("hr_feedback_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hr_feedback_answer_request_id"))
    op.drop_table("hr_feedback_answer")
    with op.batch_alter_table("hr_feedback_request", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_hr_feedback_request_round_id_hr_feedback_round"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_hr_feedback_request_round_id"))
        batch_op.drop_column("comment")
        batch_op.drop_column("round_id")
    op.drop_table("hr_feedback_round")

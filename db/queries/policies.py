"""Policies and notice wordings as the settings dialogs show them."""

from __future__ import annotations

from db.models import Case, Policy, Template
from db.models.quarantine import CaseStatus


def all_policies() -> list[Policy]:
    """Every policy, those in use first, each kind in the order it was made."""
    return list(Policy.select().order_by(Policy.retired, Policy.id))


def policies_in_use() -> list[Policy]:
    """Policies a new case may be put under (not retired), oldest first."""
    return list(Policy.select().where(Policy.retired == False).order_by(Policy.id))  # noqa: E712 - SQL, not Python


def policy(policy_id: int) -> Policy:
    """The policy (peewee's DoesNotExist if it is gone)."""
    return Policy.get_by_id(policy_id)


def policy_or_none(policy_id: int | None) -> Policy | None:
    return Policy.get_or_none(Policy.id == policy_id)


def policy_name_taken(name: str, exclude_id: int | None = None) -> bool:
    """Whether another policy has this name (names are unique)."""
    return Policy.select().where((Policy.name == name) & (Policy.id != (exclude_id or 0))).exists()


def policy_names() -> dict[int, str]:
    return {p.id: p.name for p in Policy.select(Policy.id, Policy.name)}


def running_on(policy_id: int) -> int:
    """How many running (在管) cases are under the policy."""
    return Case.select().where((Case.policy == policy_id) & (Case.status == CaseStatus.ACTIVE.value)).count()


def template_versions(kind: str) -> list[Template]:
    """Every saved wording of one paper, newest first."""
    return list(Template.select().where(Template.kind == kind).order_by(Template.version.desc()))


def template(template_id: int) -> Template:
    return Template.get_by_id(template_id)

"""scim2-server's storage interface over the suite's tables: SCIM records in, SCIM resources out.

scim2-server does the protocol (routing, validation, PATCH, filters on the models, ETags and preconditions,
errors); this class only loads and stores, and calls ``operations`` for what a write means to the suite. Searches
run in SQL when they can (no filter, or ``userName``/``externalId``/``displayName``/``id`` ``eq`` a value) and
otherwise evaluate the filter with scim2-models on the resources of that type.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from scim2_models import (
    EnterpriseUser,
    InvalidValueException,
    NotFoundException,
    PreconditionFailedException,
    Resource,
    ResourceType,
    ResponseParameters,
    ScimProvider,
    SearchRequest,
    UniquenessException,
)
from scim2_models.path import CompareOperator, Comparison
from scim2_server.storage import ScimStorage, SearchPage
from sqlalchemy import func, select

from common.audit import log_action
from common.extensions import db
from common.models import ScimGroup, ScimGroupMember, ScimUser
from common.models.base import utcnow
from common.reads import shows
from common.users.scim import operations as ops

# Attributes kept in their own columns or computed, so never copied into the stored attributes.
_OWN = {"User": {"id", "meta", "groups", "password", "user_name", "external_id"},
        "Group": {"id", "meta", "external_id", "display_name", "members"}}
_SQL_EQUALITY = {"User": {"username": ScimUser.user_name, "externalid": ScimUser.external_id, "id": ScimUser.id},
                 "Group": {"displayname": ScimGroup.display_name, "externalid": ScimGroup.external_id,
                           "id": ScimGroup.id}}


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)


def _meta(kind: str, record: ScimUser | ScimGroup) -> dict[str, Any]:
    return {"resourceType": kind, "created": _aware(record.created_at), "lastModified": _aware(record.updated_at),
            "version": f'W/"{record.version}"'}


def _check_version(record: ScimUser | ScimGroup, expected: str | None) -> None:
    if expected is not None and expected != f'W/"{record.version}"':
        raise PreconditionFailedException()


def _personal_number(resource: Resource[Any]) -> str | None:
    extension = resource[EnterpriseUser] if EnterpriseUser in type(resource).get_extension_models().values() else None
    return extension.employee_number if extension is not None else None


def _email(resource: Resource[Any]) -> str:
    """The account's address: the primary e-mail, else the first, else the user name."""
    emails = [e for e in (getattr(resource, "emails", None) or []) if e.value]
    primary = next((e for e in emails if e.primary), emails[0] if emails else None)
    return str(primary.value if primary else resource.user_name).strip().lower()


class SqlStorage(ScimStorage):
    """Users and Groups of the suite, for one request (built per request: it holds no state but the provider)."""

    def __init__(self, provider: ScimProvider) -> None:
        self.provider = provider

    # --- reading -------------------------------------------------------------------------------------------
    def _record(self, kind: str, resource_id: str) -> Any:
        record = db.session.get(ScimUser if kind == "User" else ScimGroup, str(resource_id))
        if record is None:
            raise NotFoundException()
        return record

    def _resource(self, kind: str, record: Any) -> Resource[Any]:
        model = self.provider.model_for(kind)
        data = dict(record.attributes or {}) | {"id": record.id, "meta": _meta(kind, record)}
        if record.external_id:
            data["externalId"] = record.external_id
        if kind == "User":
            shows(record.user.employee_id)  # the identity system read this person's account: logged as a read
            data["userName"] = record.user_name
            if "active" in data or not record.user.active:  # absent while the identity system has not said
                data["active"] = record.user.active
            groups = db.session.execute(select(ScimGroup.id, ScimGroup.display_name).join(
                ScimGroupMember, ScimGroupMember.group_id == ScimGroup.id)
                .where(ScimGroupMember.scim_user_id == record.id).order_by(ScimGroup.id)).all()
            if groups:
                data["groups"] = [{"value": g.id, "display": g.display_name, "$ref": f"Groups/{g.id}",
                                   "type": "direct"} for g in groups]
        else:
            data["displayName"] = record.display_name
            if record.members:
                data["members"] = [{"value": m.scim_user_id, "$ref": f"Users/{m.scim_user_id}", "type": "User",
                                    "display": m.display} for m in record.members]
        return model.model_validate(data)

    def get(self, resource_type: ResourceType, resource_id: str, *,
            response_parameters: ResponseParameters[Any] | None = None) -> Resource[Any]:
        return self._resource(resource_type.name, self._record(resource_type.name, resource_id))

    def search(self, resource_types: list[ResourceType], search_request: SearchRequest[Any], *,
               position: Any = None) -> SearchPage:
        found: list[Resource[Any]] = []
        for resource_type in resource_types:
            found.extend(self._candidates(resource_type.name, search_request))
        scim_filter = search_request.filter
        if scim_filter is not None:
            found = [r for r in found if scim_filter.match(r)]
        descending = search_request.sort_order == SearchRequest.SortOrder.descending
        if search_request.sort_by is not None:
            present = [r for r in found if search_request.sort_value(r) is not None]
            missing = [r for r in found if search_request.sort_value(r) is None]
            present.sort(key=lambda r: (search_request.sort_value(r), r.id), reverse=descending)
            found = present + missing
        start = search_request.start_index_0 or 0
        stop = None if search_request.count is None else start + search_request.count
        return SearchPage(len(found), found[start:stop])

    def _candidates(self, kind: str, search_request: SearchRequest[Any]) -> list[Resource[Any]]:
        table = ScimUser if kind == "User" else ScimGroup
        stmt = select(table).order_by(table.created_at, table.id)
        node = search_request.filter.ast if search_request.filter is not None else None
        if isinstance(node, Comparison) and node.op == CompareOperator.eq and isinstance(node.value, str) \
                and node.attr_path.sub_attr is None:
            column = _SQL_EQUALITY[kind].get(node.attr_path.attr.lower())
            if column is not None:
                exact = column is table.id or column is getattr(table, "external_id", None)
                stmt = stmt.where(column == node.value if exact else func.lower(column) == node.value.lower())
        return [self._resource(kind, record) for record in db.session.execute(stmt).unique().scalars()]

    # --- writing -------------------------------------------------------------------------------------------
    def create(self, resource_type: ResourceType, resource: Resource[Any]) -> Resource[Any]:
        if resource_type.name == "User":
            record = self._new_user(resource)
        else:
            record = ScimGroup(id=uuid.uuid4().hex, display_name=resource.display_name, version=1)
            db.session.add(record)
            self._write_group(record, resource)
        db.session.flush()
        return self._resource(resource_type.name, record)

    def update(self, resource_type: ResourceType, resource: Resource[Any], *,
               expected_version: str | None = None) -> Resource[Any]:
        record = self._record(resource_type.name, resource.id)
        _check_version(record, expected_version)
        if resource_type.name == "User":
            self._write_user(record, resource)
        else:
            self._write_group(record, resource)
        record.version += 1
        record.updated_at = utcnow()
        db.session.flush()
        return self._resource(resource_type.name, record)

    def delete(self, resource_type: ResourceType, resource_id: str, *, expected_version: str | None = None) -> None:
        record = self._record(resource_type.name, resource_id)
        _check_version(record, expected_version)
        if resource_type.name == "User":
            before = ops.granted_by_groups(record.id)
            db.session.execute(ScimGroupMember.__table__.delete().where(ScimGroupMember.scim_user_id == record.id))
            ops.sync_roles(record, before)
            ops.change_active(record.user, False)  # the account stays, switched off, for its history
            log_action("users", "scim_delete_user", record.user, f"SCIM user {record.user_name} deleted",
                       actor=ops.SCIM)
            db.session.delete(record)
        else:
            affected = self._members_roles(record)
            record.members.clear()
            db.session.delete(record)
            db.session.flush()
            self._resync(affected)
        db.session.flush()

    def _taken(self, user_name: str, email: str, own: ScimUser | None) -> None:
        other = db.session.execute(select(ScimUser).where(
            func.lower(ScimUser.user_name) == user_name.lower())).scalar_one_or_none()
        account = ops.find_account(email)
        claimed = account is not None and db.session.execute(
            select(ScimUser.id).where(ScimUser.user_id == account.id)).first() is not None
        if (other is not None and other is not own) or (claimed and (own is None or account is not own.user)):
            raise UniquenessException()

    def _new_user(self, resource: Resource[Any]) -> ScimUser:
        email = _email(resource)
        self._taken(resource.user_name, email, None)
        user = ops.provision_account(email, resource.active is not False)
        ops.link_employee(user, _personal_number(resource))
        record = ScimUser(id=uuid.uuid4().hex, user=user, user_name=resource.user_name,
                          external_id=resource.external_id, attributes=self._attributes(resource), version=1)
        db.session.add(record)
        return record

    def _write_user(self, record: ScimUser, resource: Resource[Any]) -> None:
        email = _email(resource)
        self._taken(resource.user_name, email, record)
        ops.change_email(record.user, email)
        ops.change_active(record.user, resource.active is not False)
        ops.link_employee(record.user, _personal_number(resource))
        record.user_name, record.external_id = resource.user_name, resource.external_id
        record.attributes = self._attributes(resource)

    def _write_group(self, record: ScimGroup, resource: Resource[Any]) -> None:
        wanted: dict[str, str | None] = {}
        for member in resource.members or []:
            if member.type not in (None, "User") or db.session.get(ScimUser, str(member.value)) is None:
                raise InvalidValueException(detail=f"Unknown member {member.value}")
            wanted[str(member.value)] = member.display
        affected = self._members_roles(record) if record.id and record.members else {}
        for scim_user_id in wanted:
            affected.setdefault(scim_user_id, ops.granted_by_groups(scim_user_id))
        record.display_name, record.external_id = resource.display_name, resource.external_id
        record.attributes = self._attributes(resource)
        for member in [m for m in record.members if m.scim_user_id not in wanted]:
            record.members.remove(member)
        for member in record.members:
            member.display = wanted[member.scim_user_id]
        present = {m.scim_user_id for m in record.members}
        record.members.extend(ScimGroupMember(group_id=record.id, scim_user_id=u, display=d)
                              for u, d in wanted.items() if u not in present)
        db.session.flush()
        self._resync(affected)

    @staticmethod
    def _members_roles(record: ScimGroup) -> dict[str, set[tuple[str, int | None]]]:
        return {m.scim_user_id: ops.granted_by_groups(m.scim_user_id) for m in record.members}

    @staticmethod
    def _resync(affected: dict[str, set[tuple[str, int | None]]]) -> None:
        for scim_user_id, before in affected.items():
            ops.sync_roles(db.session.get(ScimUser, scim_user_id), before)

    @staticmethod
    def _attributes(resource: Resource[Any]) -> dict[str, Any]:
        return resource.model_dump(mode="json", exclude=_OWN[type(resource).__name__.split("[")[0]])

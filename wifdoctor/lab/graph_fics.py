"""Graph's federatedIdentityCredentials: JSON per API version, and Entra's validation rules.

Rules (entra-errors B.1, anchors C.2): at most 20 per application; name 3-120 characters of
``[A-Za-z0-9_-]`` starting alphanumeric, immutable; issuer, subject and audience at most 600
characters; exactly one audience; (issuer, subject) unique; beta's ``claimsMatchingExpression``
excludes ``subject``. Errors are 400 ``InvalidFederatedIdentityCredentialValue`` with the
``paramName/paramValue/objectType`` tail. The message for a 21st credential is not public: the lab
uses its own wording and a distinct code.
"""

from __future__ import annotations

import re
from typing import Any

from wifdoctor.lab.state import Credential, Identity

MAX_CREDENTIALS = 20
MAX_FIELD = 600
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{2,119}")
CODE = "InvalidFederatedIdentityCredentialValue"
LIMIT_CODE = "FederatedIdentityCredentialLimitExceeded"
OBJECT_TYPE = "Microsoft.Online.DirectoryServices.Application"


def as_json(credential: Credential, version: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": credential.id,
        "name": credential.name,
        "issuer": credential.issuer,
        "subject": credential.subject,
        "description": credential.description,
        "audiences": list(credential.audiences),
    }
    if version == "beta":
        body["claimsMatchingExpression"] = (
            None
            if credential.expression is None
            else {
                "@odata.type": "microsoft.graph.federatedIdentityExpression",
                "value": credential.expression,
                "languageVersion": credential.language_version,
            }
        )
    return body


class Invalid(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _tail(param: str, value: object) -> str:
    return (
        f"paramName: FederatedIdentityCredential.{param}, paramValue: {value}, "
        f"objectType: {OBJECT_TYPE}"
    )


def validate(
    body: dict[str, Any], identity: Identity, version: str, *, replacing: Credential | None = None
) -> Credential:
    """A new credential from a create (or the merged one of an update), or raise Invalid."""
    base = replacing
    name = body.get("name", base.name if base else None)
    if base is not None and "name" in body and body["name"] != base.name:
        raise Invalid(CODE, f"The Name property is immutable. {_tail('Name', body['name'])}")
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise Invalid(
            CODE, f"The specified Name value is not a valid URI last segment. {_tail('Name', name)}"
        )
    issuer = body.get("issuer", base.issuer if base else None)
    subject = body.get("subject", base.subject if base else None)
    audiences = body.get("audiences", base.audiences if base else None)
    expression_body = body.get("claimsMatchingExpression") if version == "beta" else None
    expression = expression_body.get("value") if isinstance(expression_body, dict) else None
    if expression is None and base is not None and "claimsMatchingExpression" not in body:
        expression = base.expression
    if not isinstance(issuer, str) or not issuer:
        raise Invalid(CODE, f"Issuer is required. {_tail('Issuer', issuer)}")
    if expression is not None and subject:
        raise Invalid(
            CODE,
            f"Subject and ClaimsMatchingExpression cannot both be set. {_tail('Subject', subject)}",
        )
    if expression is None and (not isinstance(subject, str) or not subject):
        raise Invalid(CODE, f"Property 'subject' cannot be empty. {_tail('Subject', subject)}")
    if not isinstance(audiences, list) or len(audiences) != 1 or not isinstance(audiences[0], str):
        raise Invalid(
            CODE,
            f"Federated identity credentials must have exactly one audience. "
            f"{_tail('Audiences', audiences)}",
        )
    for param, value in (("Issuer", issuer), ("Subject", subject), ("Audiences", audiences[0])):
        if isinstance(value, str) and len(value) > MAX_FIELD:
            raise Invalid(
                CODE, f"The value exceeds the maximum length of {MAX_FIELD}. {_tail(param, value)}"
            )
    others = [c for c in identity.credentials if c is not base]
    if subject and any(c.issuer == issuer and c.subject == subject for c in others):
        raise Invalid(
            CODE,
            "The combination of issuer and subject must be unique for the application. "
            f"Issuer {issuer} and Subject: {subject} already exist. {_tail('Subject', subject)}",
        )
    if base is None and any(c.name == name for c in others):
        raise Invalid(CODE, f"A credential with this name already exists. {_tail('Name', name)}")
    if base is None and len(identity.credentials) >= MAX_CREDENTIALS:
        raise Invalid(
            LIMIT_CODE,
            f"The application already has {MAX_CREDENTIALS} federated identity credentials, "
            "the most one application may have.",
        )
    return Credential(
        name=name,
        issuer=issuer,
        subject=subject if expression is None else None,
        audiences=list(audiences),
        expression=expression,
        description=body.get("description", base.description if base else None),
        id=base.id if base else Credential(name, issuer, subject, []).id,
    )

"""msgraph-sdk's GraphServiceClient, unchanged, against the lab's Graph in process; the operator
signs in against the lab's Entra with azure-identity."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from azure.identity.aio import ClientAssertionCredential
from kiota_authentication_azure.azure_identity_authentication_provider import (
    AzureIdentityAuthenticationProvider,
)
from kiota_http.middleware.options import RetryHandlerOption
from msgraph import GraphRequestAdapter, GraphServiceClient
from msgraph.generated.models.federated_identity_credential import FederatedIdentityCredential
from msgraph.generated.models.o_data_errors.o_data_error import ODataError
from msgraph_core import GraphClientFactory

from tests.lab.helpers import lab_for
from wifdoctor.lab.azure_transport import LabAsyncTransport
from wifdoctor.lab.server import Lab
from wifdoctor.lab.state import Credential

GH = "https://token.actions.githubusercontent.com"


@pytest.fixture
async def graph() -> AsyncIterator[tuple[Lab, GraphServiceClient]]:
    lab = lab_for("healthy")
    token = lab.workload_token()
    scenario = lab.scenario
    credential = ClientAssertionCredential(
        scenario.tenant_id,
        scenario.client_id,
        lambda: token,
        transport=LabAsyncTransport(lab.transport()),
    )
    auth = AzureIdentityAuthenticationProvider(
        credential, scopes=["https://graph.microsoft.com/.default"]
    )
    no_retry = {RetryHandlerOption.get_key(): RetryHandlerOption(max_retries=0, should_retry=False)}
    http = GraphClientFactory.create_with_default_middleware(
        client=httpx.AsyncClient(transport=lab.transport()), options=no_retry
    )
    adapter = GraphRequestAdapter(auth, client=http)
    adapter.base_url = "https://graph.microsoft.com/v1.0"  # no trailing slash (sdk gotcha G2)
    yield lab, GraphServiceClient(request_adapter=adapter)
    await credential.close()


async def test_app_by_app_id_and_its_credentials_with_paging(
    graph: tuple[Lab, GraphServiceClient],
) -> None:
    lab, client = graph
    identity = lab.state.identities[0]
    for i in range(4):
        identity.credentials.append(
            Credential(
                f"branch-{i}",
                GH,
                f"repo:contoso/payments-api:ref:refs/heads/b{i}",
                ["api://AzureADTokenExchange"],
            )
        )
    lab.state.graph_page_size = 2
    app = await client.applications_with_app_id(app_id=identity.client_id).get()
    assert (
        app is not None and app.id == identity.object_id and app.display_name == "payments-deploy"
    )
    builder = client.applications.by_application_id(app.id).federated_identity_credentials
    page = await builder.get()
    assert page is not None and page.value is not None
    names = [fic.name for fic in page.value]
    while page is not None and page.odata_next_link:
        page = await builder.with_url(page.odata_next_link).get()
        assert page is not None and page.value is not None
        names += [fic.name for fic in page.value]
    assert names == ["github-main", "branch-0", "branch-1", "branch-2", "branch-3"]
    assert (
        lab.state.sign_ins and lab.state.sign_ins[-1]["status"]["errorCode"] == 0
    )  # the operator's


async def test_odata_errors(graph: tuple[Lab, GraphServiceClient]) -> None:
    lab, client = graph
    identity = lab.state.identities[0]
    with pytest.raises(ODataError) as raised:
        await client.applications_with_app_id(app_id="00000000-0000-0000-0000-000000000000").get()
    assert raised.value.response_status_code == 404
    assert raised.value.error is not None and raised.value.error.code == "Request_ResourceNotFound"
    duplicate = FederatedIdentityCredential(
        name="github-main-again",
        issuer=GH,
        subject="repo:contoso/payments-api:ref:refs/heads/main",
        audiences=["api://AzureADTokenExchange"],
    )
    with pytest.raises(ODataError) as raised:
        await client.applications.by_application_id(
            identity.object_id
        ).federated_identity_credentials.post(duplicate)
    assert raised.value.error is not None
    assert raised.value.error.code == "InvalidFederatedIdentityCredentialValue"
    assert (raised.value.error.message or "").startswith(
        "The combination of issuer and subject must be unique for the application."
    )
    lab.state.operator_permissions = set()
    with pytest.raises(ODataError) as raised:
        await client.applications.by_application_id(
            identity.object_id
        ).federated_identity_credentials.get()
    assert raised.value.response_status_code == 403
    assert (
        raised.value.error is not None and raised.value.error.code == "Authorization_RequestDenied"
    )
    assert raised.value.error.message == "Insufficient privileges to complete the operation."

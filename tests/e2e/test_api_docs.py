"""The API's interactive docs in a browser: Swagger UI (from the portal's own static files) renders every operation of
the schema, under the portal's strict Content Security Policy, with no error in the console."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PATHS = [
    "/api/v1/events/",
    "/api/v1/events/{slug}/",
    "/api/v1/instruments/",
    "/api/v1/instruments/{slug}/",
    "/api/v1/nuts/",
    "/api/v1/nuts/{code}/",
    "/api/v1/practices/",
    "/api/v1/practices/{slug}/",
    "/api/v1/regions/",
    "/api/v1/regions/{code}/",
]


def test_swagger_ui_shows_every_operation_without_console_errors(page: Page, live_server):
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    requested_hosts = set()
    page.on("request", lambda request: requested_hosts.add(request.url.split("/")[2]))

    page.goto("/api/v1/docs/")
    expect(page.get_by_role("heading", name="Open data API", exact=True)).to_be_visible()
    # Swagger UI has read the schema: its title, and one block per operation (GET only).
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("SECON open data API")
    operations = page.locator(".opblock-summary-path")
    expect(operations).to_have_count(len(PATHS))
    assert sorted(operations.evaluate_all("nodes => nodes.map(node => node.dataset.path)")) == PATHS
    expect(page.locator(".opblock-get")).to_have_count(len(PATHS))
    expect(page.locator('.opblock-summary-path[data-path="/api/v1/practices/"]')).to_be_visible()

    # An operation opens with its parameters, the text search's among them.
    page.locator('.opblock-summary-path[data-path="/api/v1/practices/"]').click()
    expect(page.locator(".parameters-container tr[data-param-name='q']")).to_have_count(1)

    assert problems == []  # a CSP violation ("Refused to ...") would be a console error
    assert requested_hosts == {live_server.url.split("/")[2]}

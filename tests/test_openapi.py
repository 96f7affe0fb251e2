"""The OpenAPI description: valid OpenAPI 3, names exactly the routes the app has, served at /openapi.json."""

import re

import pytest
from openapi_spec_validator import validate

from migkg.server import create_app
from migkg.server import openapi as openapi_module
from migkg.triples.store import GraphStore

#: Flask converters in a rule become OpenAPI path parameters
_CONVERTER = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")
#: methods Flask adds by itself
_IMPLICIT = {"OPTIONS"}


@pytest.fixture(scope="module")
def app():
    application = create_app({"MIGKG_WORKERS": 1}, store=GraphStore.open(None))
    assert "openapi" in application.blueprints, "the app factory registers the OpenAPI blueprint"
    return application


def _app_routes(app) -> dict[str, set[str]]:
    routes: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        path = _CONVERTER.sub(r"{\1}", rule.rule)
        methods = {m.lower() for m in rule.methods - _IMPLICIT}
        if "head" in methods and "get" in methods and rule.endpoint.split(".")[0] != "graph_store":
            methods.discard("head")  # Flask's automatic HEAD for every GET
        routes.setdefault(path, set()).update(methods)
    return routes


def test_the_description_is_valid_openapi_3():
    document = openapi_module.description()
    validate(document)
    assert document["openapi"].startswith("3.")


def test_the_description_names_every_route_and_method_of_the_app(app):
    described = {path: {m for m in item if m in ("get", "head", "put", "post", "delete", "patch")}
                 for path, item in openapi_module.description()["paths"].items()}
    routes = _app_routes(app)
    assert sorted(set(routes) - set(described)) == [], "routes without a description"
    assert sorted(set(described) - set(routes)) == [], "described paths the app does not have"
    for path, methods in routes.items():
        assert methods == described[path], f"{path}: app {sorted(methods)}, description {sorted(described[path])}"


def test_every_operation_documents_its_responses_and_path_parameters():
    for path, item in openapi_module.description()["paths"].items():
        placeholders = set(re.findall(r"{([a-z_]+)}", path))
        for method, operation in item.items():
            assert operation.get("summary"), f"{method.upper()} {path} has no summary"
            assert operation.get("responses"), f"{method.upper()} {path} documents no response"
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert declared == placeholders, f"{method.upper()} {path}: path parameters {declared}"


def test_writes_are_described_as_needing_the_bearer_token():
    paths = openapi_module.description()["paths"]
    for path in ("/store", "/store/{path}"):
        for method in ("put", "post", "delete"):
            operation = paths[path][method]
            assert operation["security"] == [{"bearer": []}]
            assert {"401", "403"} <= set(operation["responses"])


def test_the_server_serves_the_description_pointing_at_itself(app):
    client = app.test_client()
    response = client.get("/openapi.json", base_url="http://127.0.0.1:8123")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    document = response.get_json()
    assert document["servers"] == [{"url": "http://127.0.0.1:8123"}]
    assert document["paths"] == openapi_module.description()["paths"]

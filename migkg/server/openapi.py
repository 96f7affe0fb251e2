"""Blueprint openapi: the OpenAPI 3 description of every route, at /openapi.json.

The description lives beside this module (openapi.json); `description()` reads it once.
`tests/test_openapi.py` checks that it names every route the app has and nothing else.
"""

import json
from functools import lru_cache
from importlib.resources import files

from flask import Blueprint, jsonify, request

bp = Blueprint("openapi", __name__)

DESCRIPTION_FILE = "openapi.json"


@lru_cache(maxsize=1)
def description() -> dict:
    """The OpenAPI document as shipped (its `servers` entry is relative: '/')."""
    return json.loads((files("migkg.server") / DESCRIPTION_FILE).read_text(encoding="utf-8"))


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI description, with `servers` pointing at this server."""
    document = dict(description())
    document["servers"] = [{"url": request.host_url.rstrip("/")}]
    response = jsonify(document)
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response

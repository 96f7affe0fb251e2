"""Blueprint named_queries."""

from flask import Blueprint

bp = Blueprint("named_queries", __name__)

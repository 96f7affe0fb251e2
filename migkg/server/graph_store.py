"""Blueprint graph_store."""

from flask import Blueprint

bp = Blueprint("graph_store", __name__)

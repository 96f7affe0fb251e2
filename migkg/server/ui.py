"""Blueprint ui."""

from flask import Blueprint

bp = Blueprint("ui", __name__)

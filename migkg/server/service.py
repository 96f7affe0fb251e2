"""Blueprint service."""

from flask import Blueprint

bp = Blueprint("service", __name__)

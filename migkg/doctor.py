"""`migkg doctor`: checks a deployment and says what to fix."""

commands = []

"""Measuring Greeter at every shop size against the floor and the usual approaches."""

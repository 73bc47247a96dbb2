"""KPA Matcher: skills matching and peer learning for cooperatives like KPA-Cité.

The domain and the algorithms live here, free of any web framework.
"""

__version__ = "0.1.0"

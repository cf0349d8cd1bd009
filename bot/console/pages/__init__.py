"""One router per console feature; bot/console/__init__.py includes them."""

"""Protection at the door: production start checks, throttling, security headers, operator access."""

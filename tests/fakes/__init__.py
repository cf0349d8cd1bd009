"""Local stand-ins for outside services, served over real HTTP so the real clients talk to them."""

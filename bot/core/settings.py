"""Service settings, read once from the environment and `.env`.

One `Settings` object carries every knob so that tests can build their own instance instead of
patching module globals (see `get_settings`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent.parent
PLACEHOLDER_SECRETS = {"changethis", "change-me", "secret"}
DEV_SECRET_KEY = "dev-only-secret-key-change-in-production"
DEV_BASE_URL = "http://127.0.0.1:8000"
# Secrets shorter than this, or made of fewer distinct characters, can be guessed or brute-forced.
MIN_SECRET_CHARS = 32
MIN_SECRET_DISTINCT = 10
KNOWN_WEAK_SECRETS = PLACEHOLDER_SECRETS | {DEV_SECRET_KEY, "", "x", "password", "development", "test"}
MAKE_SECRET = 'python -c "import secrets; print(secrets.token_urlsafe(48))"'


class Settings(BaseSettings):
    """Everything an operator may set; defaults are the embedded, key-less demo set-up."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = f"sqlite:///{ROOT / 'data' / 'bot.db'}"
    # PostgreSQL connections per process (web worker or scheduler): pool plus overflow; see docs/deploy.md
    database_pool_size: int = Field(default=8, ge=1)
    database_max_overflow: int = Field(default=8, ge=0)
    database_prepared_statements: bool = True  # false behind PgBouncer in transaction mode (< 1.21)
    public_base_url: str = DEV_BASE_URL
    secret_key: SecretStr = SecretStr(DEV_SECRET_KEY)
    channel: Literal["console", "twilio"] = "console"
    environment: Literal["development", "production", "test"] = "development"

    workspaces_dir: Path = ROOT / "workspaces"
    knowledge_dir: Path = ROOT / "knowledge" / "bases"
    data_dir: Path = ROOT / "data"

    twilio_account_sid: str = ""
    twilio_auth_token: SecretStr = SecretStr("")
    twilio_api_base: str = ""
    twilio_status_callback: bool = True

    telegram_bot_token: SecretStr = SecretStr("")
    telegram_api_base: str = ""

    openai_api_key: SecretStr = SecretStr("")
    openai_base_url: str = ""
    openai_model: str = "gpt-4o-mini"
    openai_embedding_model: str = "text-embedding-3-small"
    openai_timeout_seconds: float = 8.0

    max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    # Limits on what comes from outside (docs/limits.md; bot/core/limits.py reads them in one place)
    max_upload_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    import_max_cells_per_row: int = Field(default=64, ge=8)
    import_max_scanned_rows: int = Field(default=50_000, ge=100)
    import_max_unzipped_bytes: int = Field(default=64 * 1024 * 1024, ge=1024 * 1024)
    template_max_chars: int = Field(default=1000, ge=100)
    template_max_rendered_chars: int = Field(default=4000, ge=500)
    template_render_seconds: float = Field(default=1.0, gt=0)
    campaign_max_segments: int = Field(default=10, ge=1)
    scheduler_enabled: bool = True
    log_level: str = "INFO"
    log_json: bool = False

    # Operators' token for /metrics (and /docs, /openapi.json) in production; empty: closed there.
    metrics_token: SecretStr = SecretStr("")
    # Throttling (`limits` notation, e.g. "300/minute"); per client IP, and per owner token on /api.
    # Failed authentication (a wrong token on /api, an unknown link on /r/, a wrong Telegram secret)
    # counts against its own, much smaller allowance. REDIS_URL shares the counters between workers.
    rate_limits_enabled: bool = True
    rate_limit_api_per_ip: str = "600/minute"
    rate_limit_api_per_token: str = "300/minute"
    rate_limit_rsvp_per_ip: str = "60/minute"
    rate_limit_telegram_per_ip: str = "600/minute"
    rate_limit_failed_auth_per_ip: str = "20/minute;100/hour"
    rate_limit_in_flight_per_ip: int = Field(default=8, ge=1)   # requests at once from one address, per process
    redis_url: str = ""

    @field_validator("public_base_url")
    @classmethod
    def _strip_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("secret_key")
    @classmethod
    def _reject_placeholder(cls, value: SecretStr) -> SecretStr:
        if value.get_secret_value().strip().lower() in PLACEHOLDER_SECRETS:
            raise ValueError("SECRET_KEY is a placeholder; set a long random value")
        return value

    @field_validator("rate_limit_api_per_ip", "rate_limit_api_per_token", "rate_limit_rsvp_per_ip",
                     "rate_limit_telegram_per_ip", "rate_limit_failed_auth_per_ip")
    @classmethod
    def _limit_notation(cls, value: str, info: ValidationInfo) -> str:
        if value == cls.model_fields[str(info.field_name)].default:
            return value  # the shipped defaults are valid: `bot ask` need not import `limits`
        from limits import parse_many

        try:
            parse_many(value)
        except ValueError as exc:
            raise ValueError(f"'{value}' is not a rate limit such as '60/minute' or '20/minute;100/hour'") from exc
        return value

    @model_validator(mode="after")
    def _twilio_needs_credentials(self) -> Settings:
        if self.channel == "twilio" and not (self.twilio_account_sid and self.twilio_token):
            raise ValueError("CHANNEL=twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN")
        return self

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    def validate_for_production(self) -> list[str]:
        """What an operator must still set before this configuration may face the internet.

        Empty when it is safe. Each line names the setting and how to set it, so a refused start
        is a to-do list, not a puzzle. Workspace files and demo data are checked by
        `bot.security.production`, which also calls this.
        """
        problems = []
        secret = self.secret_key.get_secret_value()
        if secret.strip().lower() in KNOWN_WEAK_SECRETS or secret.startswith("dev-only"):
            problems.append(f"SECRET_KEY is empty or a known default; set a random value: {MAKE_SECRET}")
        elif len(secret) < MIN_SECRET_CHARS or len(set(secret)) < MIN_SECRET_DISTINCT:
            problems.append(f"SECRET_KEY is too weak (at least {MIN_SECRET_CHARS} random characters); {MAKE_SECRET}")
        base = urlsplit(self.public_base_url)
        if self.public_base_url == DEV_BASE_URL or base.scheme != "https" or base.hostname in _LOOPBACK:
            problems.append("PUBLIC_BASE_URL must be the public https address Twilio and guests reach "
                            "(e.g. https://bot.example.com); it signs webhooks and builds RSVP links")
        if self.channel == "console":
            problems.append("CHANNEL=console sends nothing to anyone; set CHANNEL=twilio "
                            "with TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN")
        if not self.twilio_token:
            problems.append("TWILIO_AUTH_TOKEN is empty, so webhook signatures are not checked; "
                            "set it from the Twilio Console (Account info)")
        if not self.twilio_account_sid:
            problems.append("TWILIO_ACCOUNT_SID is empty; set it from the Twilio Console (Account info)")
        metrics = self.metrics_token.get_secret_value()
        if metrics and (len(metrics) < MIN_SECRET_CHARS or len(set(metrics)) < MIN_SECRET_DISTINCT):
            problems.append(f"METRICS_TOKEN is too weak (at least {MIN_SECRET_CHARS} random characters); "
                            f"{MAKE_SECRET}")
        return problems

    @property
    def twilio_token(self) -> str:
        return self.twilio_auth_token.get_secret_value()

    @property
    def signatures_required(self) -> bool:
        """Without an auth token there is nothing to verify against (local demo only)."""
        return bool(self.twilio_token)

    @property
    def openai_enabled(self) -> bool:
        return bool(self.openai_api_key.get_secret_value())

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.telegram_bot_token.get_secret_value())


_LOOPBACK = {"127.0.0.1", "localhost", "::1", "0.0.0.0", None}


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings; tests build `Settings(...)` directly and pass it in."""
    return Settings()

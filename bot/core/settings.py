"""Service settings, read once from the environment and `.env`.

One `Settings` object carries every knob so that tests can build their own instance instead of
patching module globals (see `get_settings`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent.parent
PLACEHOLDER_SECRETS = {"changethis", "change-me", "secret"}


class Settings(BaseSettings):
    """Everything an operator may set; defaults are the embedded, key-less demo set-up."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = f"sqlite:///{ROOT / 'data' / 'bot.db'}"
    public_base_url: str = "http://127.0.0.1:8000"
    secret_key: SecretStr = SecretStr("dev-only-secret-key-change-in-production")
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
    scheduler_enabled: bool = True
    log_level: str = "INFO"
    log_json: bool = False

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

    @model_validator(mode="after")
    def _production_needs_real_secrets(self) -> Settings:
        if self.environment == "production" and self.secret_key.get_secret_value().startswith("dev-only"):
            raise ValueError("SECRET_KEY must be set to a random value when ENVIRONMENT=production")
        if self.channel == "twilio" and not (self.twilio_account_sid and self.twilio_token):
            raise ValueError("CHANNEL=twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN")
        return self

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


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings; tests build `Settings(...)` directly and pass it in."""
    return Settings()

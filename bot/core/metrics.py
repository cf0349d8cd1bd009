"""Prometheus metrics: what operators graph and alert on."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)

INBOUND = Counter("bot_inbound_messages_total", "Inbound messages accepted", ["workspace", "channel"],
                  registry=REGISTRY)
DUPLICATES = Counter("bot_inbound_duplicates_total", "Redelivered webhooks ignored", registry=REGISTRY)
REJECTED = Counter("bot_webhook_rejected_total", "Webhooks refused", ["reason"], registry=REGISTRY)
THROTTLED = Counter("bot_throttled_total", "Requests refused with 429 (throttling)", ["door"], registry=REGISTRY)
INTENTS = Counter("bot_intents_total", "Turns by intent", ["workspace", "intent"], registry=REGISTRY)
HANDOFFS = Counter("bot_handoffs_total", "Handoff decisions", ["workspace", "decision"], registry=REGISTRY)
STATUS_CALLBACKS = Counter("bot_status_callbacks_total", "Delivery status callbacks", ["status"],
                           registry=REGISTRY)
TURN_SECONDS = Histogram("bot_turn_seconds", "Time to answer one inbound message", registry=REGISTRY,
                         buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
SENT = Counter("bot_outbound_messages_total", "Outbound messages handed to the channel", ["kind", "result"],
               registry=REGISTRY)

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
# Measured around the whole answer, not the turn alone: on SQLite a webhook's turn first waits for the
# process's write lock (turns queue behind one another) and a reply job first asks the model, and both
# are inside. The name says so (it was "bot_turn_seconds", which read as the turn's own time; nothing in
# this repository reads it). The turn's own CPU: benchmarks/webhook_throughput.py and py-spy (README).
ANSWER_SECONDS = Histogram("bot_answer_seconds",
                           "Time from taking an inbound message to its answer stored, including the wait for "
                           "the database write lock and, on a reply job, for the model", registry=REGISTRY,
                           buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
SENT = Counter("bot_outbound_messages_total", "Outbound messages handed to the channel", ["kind", "result"],
               registry=REGISTRY)

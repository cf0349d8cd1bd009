"""Conversation memory: the stored dialogue state, follow-ups, corrections, proposals, fitted answers.

See docs/dialogue.md. `flow` runs inside every turn (handlers/pipeline.py); `model` adds the
model's structured reading when an OpenAI key is set.
"""

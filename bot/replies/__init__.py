"""Durable answering of received messages: reply jobs, their claims, and the background worker.

`jobs` claims and finishes `ReplyJob` rows; `answering` runs a turn under a claim and sends the
reply (TwiML inline or the channel's REST API); `worker` replays the spool, answers jobs the
webhook left (slow model answers, crashes, messages spooled while the database was down) and
recovers claims whose owner died. docs/durability.md explains the guarantees.
"""

"""RSVP: event owners' events, their guest lists, personal links and the guests' answers.

Plain functions over a session; the HTTP API, the CLI, the RSVP page, the reply handler and the
story runner all call the same ones, so an event made by a story behaves like one made by an owner.
"""

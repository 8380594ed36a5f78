"""Phones in the room: a small local web page for anonymous ballots and idea cards.

`room.Room` holds the phones that joined and what they may send (no Qt, no HTTP);
`server.RoomServer` serves it over HTTP in its own thread (aiohttp, imported only
when a room opens); `host` runs the room's reads and writes where the session
file is owned (a worker thread for `facilitator room`, the UI thread in the app);
`qr` draws the join code. Nothing here imports Qt.
"""

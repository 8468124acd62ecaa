"""PTB callbacks, one module per kind of update: narrow the update, answer, render, reply.

Handlers are thin: they open no files, touch no SQL, score nothing and build no text; their
dependencies come from the typed ``Context.deps`` (deps.py). ``app`` registers them.
"""

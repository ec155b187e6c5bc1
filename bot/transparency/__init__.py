"""Documents for a school's privacy officer (FG) and the AI Act, generated from the code.

Written by hand, a data inventory or an Algoritmeregister entry drifts from what the
software does. Here every document is built from what runs: the SQLAlchemy models, the
masking, retention and security settings, the knowledge (questions, rules, partners) and
the audit figures in the store. ``python -m bot.transparency`` writes them as Markdown and
PDF; the web service shows the public page "Hoe werkt deze assistent?" from the same facts.
"""

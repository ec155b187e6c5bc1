"""The dashboard for the school and its partners: how inclusief advies goes, in figures (issue 14).

``period`` picks the time span, ``queries`` reads aggregates from the store (and the turn
counts from Rasa's tracker store), ``suppress`` hides every figure based on fewer than 5
conversations, ``charts`` draws them as SVG and ``report`` puts the page together;
``generate`` fills a database with a year of generated conversations to look at and measure.
The web pages live in :mod:`bot.web.staff.dashboard_pages`.
"""

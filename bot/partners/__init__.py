"""Samen (issue 15): partners join a case with the young person's consent, and a warme overdracht.

- :mod:`bot.partners.service`: invitations, consent, partner access, contributions, the
  decision's participants and the overdrachtsdocument, as one service every surface calls.
- :mod:`bot.partners.chat`: what the young person says about it in the chat (yes/no per
  partner, "ik wil niet meer dat de gemeente meekijkt", approving or changing the document).
- :mod:`bot.partners.document`: the document's parts in plain Dutch, as HTML and tagged PDF.
- ``python -m bot.partners``: the regional directory on the command line.
"""

"""Privacy helpers: mask personal data before free text is stored.

The store keeps the user's own words next to each normalised answer, and the inbox shows
messages typed during a pause. Minors write these, so names, contact details, BSN and
dates of birth are replaced by Dutch placeholders before anything reaches the database.
"""

from bot.privacy.events import mask_event_data, names_from_events
from bot.privacy.masking import PLACEHOLDERS, mask
from bot.privacy.names import extract_names

__all__ = ["PLACEHOLDERS", "extract_names", "mask", "mask_event_data", "names_from_events"]

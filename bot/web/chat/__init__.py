"""The chat: the widget's relay to Rasa, the partner relay and the chat's own pages."""

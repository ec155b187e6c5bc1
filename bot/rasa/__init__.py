"""What runs inside the Rasa server: channels, masking tracker store, speed-ups, launcher."""

"""Starting, training and stopping the three processes (used by ``make run`` and the tests)."""

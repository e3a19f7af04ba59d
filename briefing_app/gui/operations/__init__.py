"""What runs a core call, pushes the undo step and reports the change or the failure."""

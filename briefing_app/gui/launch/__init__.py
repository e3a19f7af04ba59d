"""Start-up: the app object, the binding and screen checks, fonts, settings, the screenshot mode."""

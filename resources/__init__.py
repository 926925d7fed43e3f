"""Static files shipped with Greeter: stylesheet, icons and the demo shop."""

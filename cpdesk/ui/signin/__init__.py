"""Sign-in and unlock: the view, its controller, and the token thread with presence polling."""

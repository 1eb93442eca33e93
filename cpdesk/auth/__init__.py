"""Sign-in: the PKCS#11 token, the sign-in flow and the session state (no Qt)."""

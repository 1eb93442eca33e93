"""Tokens and certificates: the mock CA, enrolment onto PKCS#11 tokens (SoftHSM and real
cards), the demo users and their tokens, trainee accounts. Never imports ``http``.
"""

"""A real PC/SC smartcard stack for tests: pcscd + vpcd + a virtual OpenPGP card + OpenSC.

See :mod:`tests.realcard.stack` (the API), :mod:`tests.realcard.virtual_card` (the card
process) and :mod:`tests.realcard.openpgp_card` (the card and its workarounds).
"""

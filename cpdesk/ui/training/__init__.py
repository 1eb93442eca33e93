"""Training mode: the amber banner, the watermark switch, the profile check, the sandbox reset."""

"""The adversarial suite: each test reproduces one attack that once got through, and holds the fix.

Rules for every test here (the hardening issue's terms):
- deterministic: no randomness without a fixed seed, no sleeps that a loaded machine could outrun;
- bounded: every loop has a count and every wait a timeout, so a regression fails rather than hangs;
- loopback only: servers bind 127.0.0.1 and clients talk to nothing else;
- generic: inputs come from the specs (every operation with a path parameter, every OAuth2 scheme, ...),
  never from a list of vendors or operations.

Test module names start with `test_adv_` because pytest imports test files by their bare name.
"""

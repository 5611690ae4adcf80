"""The election cryptography, pure (mật mã): edwards25519 group, exponential ElGamal,
zero-knowledge proofs, the counting committee's threshold key and the decryption of totals.

See docs/protocol.md. No Flask, no database, no other votesys package but votesys.core. The
browser's twin is static/js/crypto (bundled into static/vendor/votesys by scripts/setup).

- group: Point (identity handled here), scalars, decoding with validation, hash_to_scalar
- hashing: the length-prefixed framing, Fiat-Shamir challenges, digests, the tags
- elgamal: Ciphertext, encrypt, sums, discrete log of totals
- proofs: set membership (CDS), DLEQ (Chaum-Pedersen), Schnorr
- range_proof: m in [lo, hi] by weighted bits
- layout: strike / approve layouts and the ballot shape S = Σ marks + K·Σ flags in [lo, K]
- ballot: encrypt_ballot, verify_ballot(_json), tally; receipt: the delegate's receipt code
- ballot_check: the quick path of verify_ballot_json, on the received bytes (protocol.md §9)
- benaloh: open a challenged ballot and check it
- threshold: the t-of-n ceremony, partial decryptions, combination; share_box: transport keys and
  sealed shares; keywrap: a member's share under their passphrase; totals: the box added up and
  opened
- errors: typed errors with a code
"""

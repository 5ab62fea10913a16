-- Sign-in-with-x, for resource servers (extensions/sign-in-with-x.md): who paid for what, until when.
CREATE TABLE entitlements (
  resource text NOT NULL,
  address text NOT NULL,
  expires_at timestamptz NOT NULL,
  granted_at timestamptz NOT NULL,
  network text,
  "transaction" text,
  PRIMARY KEY (resource, address)
);

-- Sign-in nonces already used, kept until their proof expires: a replay finds its nonce here.
CREATE TABLE sign_in_nonces (
  nonce text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
CREATE INDEX sign_in_nonces_expiry ON sign_in_nonces (expires_at);

-- The delivery token of the resource server that acknowledged a settlement (an x402kit extension of the settle
-- request): that server, and only it, may take the first-hand answer again after losing it. NULL: acknowledged
-- without a token, or not acknowledged yet.
ALTER TABLE settlements ADD COLUMN delivery_token text;

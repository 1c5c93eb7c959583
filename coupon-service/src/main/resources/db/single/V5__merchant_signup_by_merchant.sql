-- GET /merchant/signups lists a merchant's own sign-ups, newest first.
CREATE INDEX idx_signup_merchant ON merchant_signup (merchant_id, created_at);

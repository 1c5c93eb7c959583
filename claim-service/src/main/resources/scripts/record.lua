-- Replaces the answer recorded for a user's Idempotency-Key once the claim's hand-off is decided,
-- unless the record is gone (undone, or the state expired): a missing record stays missing.
-- KEYS: 1 idem; ARGV: 1 field (userId:key), 2 the answer (RecordedAnswer)
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  return 1
end
return 0

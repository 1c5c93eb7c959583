-- Gives an expired reservation's unit and the buyer's count back, once per transaction however
-- often it is retried (the ledger has already decided, exactly once, that it expired).
-- KEYS (one hash tag {t:<templateId>}): 1 sale, 2 sale:stock, 3 sale:buyers, 4 sale:released (set)
-- ARGV: 1 userId, 2 transaction id
-- Returns 1 when given back, 0 when it already was, -1 when the sale has no Redis state (a rebuild
-- from the ledger counts it).
if redis.call('EXISTS', KEYS[1]) == 0 then
  return -1
end
if redis.call('SADD', KEYS[4], ARGV[2]) == 0 then
  return 0
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl > 0 then
  redis.call('PEXPIRE', KEYS[4], ttl)
end
redis.call('INCR', KEYS[2])
if tonumber(redis.call('HINCRBY', KEYS[3], ARGV[1], -1)) < 0 then
  redis.call('HSET', KEYS[3], ARGV[1], 0)
end
return 1

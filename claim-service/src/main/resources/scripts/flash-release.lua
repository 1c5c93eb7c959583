-- Gives expired reservations' units and their buyers' counts back, once per transaction however
-- often it is retried (the ledger has already decided, exactly once, that each expired).
-- KEYS (one hash tag {t:<templateId>}): 1 sale, 2 sale:stock, 3 sale:buyers, 4 sale:released (set)
-- ARGV: pairs of userId, transaction id
-- Returns how many were given back now (those given back before count 0), -1 when the sale has no
-- Redis state (a rebuild from the ledger counts them).
if redis.call('EXISTS', KEYS[1]) == 0 then
  return -1
end
local given = 0
for i = 1, #ARGV, 2 do
  if redis.call('SADD', KEYS[4], ARGV[i + 1]) == 1 then
    given = given + 1
    if tonumber(redis.call('HINCRBY', KEYS[3], ARGV[i], -1)) < 0 then
      redis.call('HSET', KEYS[3], ARGV[i], 0)
    end
  end
end
if given > 0 then
  redis.call('INCRBY', KEYS[2], given)
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl > 0 then
    redis.call('PEXPIRE', KEYS[4], ttl)
  end
end
return given

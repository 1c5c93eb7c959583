-- Takes back a reservation whose hand-off to Kafka failed (the buyer got 503: nothing taken), and
-- leaves the entry token usable again. Only the reservation of this transaction is undone.
-- KEYS (one hash tag {t:<templateId>}): 1 sale:stock, 2 sale:buyers, 3 sale:used:<token nonce>, 4 sale:handoffs
-- ARGV: 1 userId, 2 transaction id
-- Returns 1 when undone, 0 when there was nothing of this transaction to undo.
redis.call('ZREM', KEYS[4], ARGV[2] .. ':' .. ARGV[1])
if redis.call('GET', KEYS[3]) ~= ARGV[2] then
  return 0
end
redis.call('DEL', KEYS[3])
redis.call('INCR', KEYS[1])
if tonumber(redis.call('HINCRBY', KEYS[2], ARGV[1], -1)) < 0 then
  redis.call('HSET', KEYS[2], ARGV[1], 0)
end
return 1

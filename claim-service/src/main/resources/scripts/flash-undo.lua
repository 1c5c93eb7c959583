-- Takes back a reservation whose hand-off to Kafka failed (the buyer got 503: nothing taken), and
-- leaves the entry token usable again and the Idempotency-Key free for a retry. Only the
-- reservation of this transaction is undone.
-- KEYS (one hash tag {t:<templateId>}): 1 sale:stock, 2 sale:buyers, 3 sale:used:<token nonce>, 4 sale:handoffs,
--       5 sale:idem
-- ARGV: 1 userId, 2 transaction id, 3 the key's field in sale:idem ('' for none)
-- Returns 1 when undone, 0 when there was nothing of this transaction to undo.
redis.call('ZREM', KEYS[4], ARGV[2] .. ':' .. ARGV[1])
if ARGV[3] ~= '' then
  local recorded = redis.call('HGET', KEYS[5], ARGV[3])
  if recorded and string.match(recorded, '^%S+ RESERVED (%S+)') == ARGV[2] then
    redis.call('HDEL', KEYS[5], ARGV[3])
  end
end
if redis.call('GET', KEYS[3]) ~= ARGV[2] then
  return 0
end
redis.call('DEL', KEYS[3])
redis.call('INCR', KEYS[1])
if tonumber(redis.call('HINCRBY', KEYS[2], ARGV[1], -1)) < 0 then
  redis.call('HSET', KEYS[2], ARGV[1], 0)
end
return 1

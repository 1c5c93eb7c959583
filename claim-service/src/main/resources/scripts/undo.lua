-- Give back a reservation whose claim could not be handed to Kafka (nothing was taken).
-- KEYS: 1 stock, 2 users, 3 idem, 4 pending, 5 claims; ARGV: 1 userId, 2 idempotency key, 3 claim id
if redis.call('HDEL', KEYS[5], ARGV[3]) == 1 then
  redis.call('INCR', KEYS[1])
  redis.call('HINCRBY', KEYS[2], ARGV[1], -1)
  redis.call('ZREM', KEYS[4], ARGV[3])
  if ARGV[2] ~= '' then
    redis.call('HDEL', KEYS[3], ARGV[1] .. ':' .. ARGV[2])
  end
  return 1
end
return 0

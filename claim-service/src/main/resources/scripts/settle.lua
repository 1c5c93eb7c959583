-- A claim was settled by the wallet: it stops being pending. A REJECTED claim also gives the user
-- their count back, and its unit back to the stock unless the database had none (SOLD_OUT).
-- KEYS: 1 stock, 2 users, 3 pending, 4 claims; ARGV: 1 claim id, 2 outcome, 3 code, 4 userId
redis.call('ZREM', KEYS[3], ARGV[1])
if redis.call('HDEL', KEYS[4], ARGV[1]) == 1 and ARGV[2] == 'REJECTED' then
  redis.call('HINCRBY', KEYS[2], ARGV[4], -1)
  if ARGV[3] ~= 'SOLD_OUT' then
    redis.call('INCR', KEYS[1])
  end
  return 1
end
return 0

-- Load or update a template's claim state. A newer version replaces the metadata; the stock and
-- counts are only written when the state is new (rebuilds pass them in ARGV 10+).
-- KEYS: 1 meta, 2 stock, 3 users, 4 idem, 5 pending, 6 claims
-- ARGV: 1 status, 2 start ms, 3 end ms, 4 per-user limit, 5 audience, 6 crowd id, 7 total,
--       8 version, 9 expire-at ms, 10 stock when new, then pairs (userId, count) of existing claims
local known = redis.call('HGET', KEYS[1], 'version')
if known and tonumber(known) > tonumber(ARGV[8]) then
  return 0
end
local fresh = redis.call('EXISTS', KEYS[1]) == 0
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'start', ARGV[2], 'end', ARGV[3], 'limit', ARGV[4],
  'audience', ARGV[5], 'crowd', ARGV[6], 'total', ARGV[7], 'version', ARGV[8])
if fresh then
  redis.call('SET', KEYS[2], ARGV[10])
  for i = 11, #ARGV, 2 do
    redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
  end
end
for i = 1, 6 do
  redis.call('PEXPIREAT', KEYS[i], ARGV[9])
end
return fresh and 1 or 2

-- Loads or updates a flash sale's Redis state; stock and buyers' counts apply only when it is new.
-- KEYS (one hash tag {t:<templateId>}): 1 sale (hash), 2 sale:stock, 3 sale:buyers
-- ARGV: 1 status, 2 start (epoch ms), 3 end (epoch ms), 4 per-user limit, 5 price, 6 total,
--       7 version, 8 expire-at (epoch ms), 9 stock if new, then pairs of userId, units held (if new)
-- Returns 0 when Redis already had this or a newer version, 1 when created, 2 when updated.
local known = redis.call('HGET', KEYS[1], 'version')
if known and tonumber(known) >= tonumber(ARGV[7]) then
  return 0
end
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'start', ARGV[2], 'end', ARGV[3], 'limit', ARGV[4],
  'price', ARGV[5], 'total', ARGV[6], 'version', ARGV[7])
local created = 0
if not known then
  created = 1
  redis.call('SET', KEYS[2], ARGV[9])
  redis.call('DEL', KEYS[3])
  for i = 10, #ARGV, 2 do
    redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
  end
end
for i = 1, 3 do
  redis.call('PEXPIREAT', KEYS[i], ARGV[8])
end
if created == 1 then
  return 1
end
return 2

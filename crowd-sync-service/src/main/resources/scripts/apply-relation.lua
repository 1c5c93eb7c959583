-- Projects one stored relation (the relation store's state, never a raw event) onto the user's
-- Redis hashes; all three keys carry the user's hash tag, so they share a slot.
-- KEYS: {u:<id>}:crowds, {u:<id>}:tombstones, {u:<id>}:purchases
-- ARGV: seller, following (1|0), expiry (epoch s), old fan (1|0), buy fan (1|0),
--       unfollowedAt (epoch ms or ''), firstPurchaseAt (epoch ms or ''),
--       tombstone retention (s), purchase retention (s)
local seller = ARGV[1]
local all, old, buy = seller .. '_all_fans', seller .. '_old_fans', seller .. '_buy_fans'

-- a hash lives as long as its longest-lived field
local function live_until(key, at)
  if redis.call('TTL', key) == -1 then
    redis.call('EXPIREAT', key, at)
  else
    redis.call('EXPIREAT', key, at, 'GT')
  end
end

-- keep the smaller (purchases) or larger (tombstones) of the stored and the given epoch
local function keep(key, field, value, smaller)
  local current = redis.call('HGET', key, field)
  if not current or (smaller and tonumber(value) < tonumber(current)) or (not smaller and tonumber(value) > tonumber(current)) then
    redis.call('HSET', key, field, value)
  end
end

if ARGV[7] ~= '' then
  keep(KEYS[3], seller, ARGV[7], true)
  redis.call('EXPIRE', KEYS[3], ARGV[9])
end
-- the latest unfollow is kept even when the user follows again: a snapshot older than it is stale
if ARGV[6] ~= '' then
  keep(KEYS[2], seller, ARGV[6], false)
  redis.call('EXPIRE', KEYS[2], ARGV[8])
end
if ARGV[2] == '1' then
  redis.call('HSET', KEYS[1], all, ARGV[3])
  if ARGV[4] == '1' then redis.call('HSET', KEYS[1], old, ARGV[3]) else redis.call('HDEL', KEYS[1], old) end
  if ARGV[5] == '1' then redis.call('HSET', KEYS[1], buy, ARGV[3]) else redis.call('HDEL', KEYS[1], buy) end
  live_until(KEYS[1], ARGV[3])
else
  redis.call('HDEL', KEYS[1], all, old, buy)
end
return 1

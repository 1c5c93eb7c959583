-- Refreshes one user's memberships from the rows of a snapshot (the T+1 batch): a relation whose
-- tombstone (unfollow time) is at or after the snapshot time is skipped, since the snapshot was
-- taken before that unfollow; every other row gets fresh expiries.
-- KEYS: {u:<id>}:crowds, {u:<id>}:tombstones, {u:<id>}:purchases
-- ARGV: snapshot time (epoch ms), expiry (epoch s), old-fan threshold (epoch ms: followed at or
--       before it), purchase retention (s), then per row: seller, followedAt (epoch ms),
--       firstPurchaseAt (epoch ms or '')
-- Returns the number of rows superseded by a tombstone.
local snapshot, expiry, old_before = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3])
local superseded, refreshed = 0, false
for i = 5, #ARGV, 3 do
  local seller, followed_at, bought = ARGV[i], tonumber(ARGV[i + 1]), ARGV[i + 2]
  local tombstone = redis.call('HGET', KEYS[2], seller)
  if tombstone and tonumber(tombstone) >= snapshot then
    superseded = superseded + 1
  else
    redis.call('HSET', KEYS[1], seller .. '_all_fans', expiry)
    if followed_at <= old_before then
      redis.call('HSET', KEYS[1], seller .. '_old_fans', expiry)
    end
    if bought ~= '' then
      local first = redis.call('HGET', KEYS[3], seller)
      if not first or tonumber(bought) < tonumber(first) then
        redis.call('HSET', KEYS[3], seller, bought)
      end
      redis.call('EXPIRE', KEYS[3], ARGV[4])
    end
    if bought ~= '' or redis.call('HEXISTS', KEYS[3], seller) == 1 then
      redis.call('HSET', KEYS[1], seller .. '_buy_fans', expiry)
    end
    refreshed = true
  end
end
if refreshed then
  if redis.call('TTL', KEYS[1]) == -1 then
    redis.call('EXPIREAT', KEYS[1], expiry)
  else
    redis.call('EXPIREAT', KEYS[1], expiry, 'GT')
  end
end
return superseded

-- Refreshes one user's memberships from the rows of a snapshot (the T+1 batch): a relation whose
-- tombstone (unfollow time) is at or after the snapshot time is skipped, since the snapshot was
-- taken before that unfollow; every other row gets fresh expiries. A handful of commands per user,
-- whatever the number of rows: one HMGET of the tombstones, one of the purchases, batched HSETs.
-- KEYS: {u:<id>}:crowds, {u:<id>}:tombstones, {u:<id>}:purchases
-- ARGV: snapshot time (epoch ms), expiry (epoch s), old-fan threshold (epoch ms: followed at or
--       before it), purchase retention (s), then per row: seller, followedAt (epoch ms),
--       firstPurchaseAt (epoch ms or '')
-- Returns the number of rows superseded by a tombstone.
local snapshot, expiry, old_before = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3])
local sellers = {}
for i = 5, #ARGV, 3 do
  sellers[#sellers + 1] = ARGV[i]
end
local tombstones = redis.call('HMGET', KEYS[2], unpack(sellers))
local purchases = redis.call('HMGET', KEYS[3], unpack(sellers))

local memberships, bought_now = {}, {}
local function flush(key, fields)
  if #fields > 0 then
    redis.call('HSET', key, unpack(fields))
  end
  return {}
end

local superseded, refreshed = 0, false
for n = 1, #sellers do
  local i = 5 + (n - 1) * 3
  local seller, followed_at, bought = sellers[n], tonumber(ARGV[i + 1]), ARGV[i + 2]
  local tombstone = tombstones[n]
  if tombstone and tonumber(tombstone) >= snapshot then
    superseded = superseded + 1
  else
    memberships[#memberships + 1] = seller .. '_all_fans'
    memberships[#memberships + 1] = expiry
    if followed_at <= old_before then
      memberships[#memberships + 1] = seller .. '_old_fans'
      memberships[#memberships + 1] = expiry
    end
    local first = purchases[n]
    if bought ~= '' and (not first or tonumber(bought) < tonumber(first)) then
      bought_now[#bought_now + 1] = seller
      bought_now[#bought_now + 1] = bought
    end
    if bought ~= '' or first then
      memberships[#memberships + 1] = seller .. '_buy_fans'
      memberships[#memberships + 1] = expiry
    end
    refreshed = true
  end
  -- Lua's stack holds a few thousand values: write in slices
  if #memberships >= 900 then memberships = flush(KEYS[1], memberships) end
  if #bought_now >= 900 then bought_now = flush(KEYS[3], bought_now) end
end
flush(KEYS[1], memberships)
if #bought_now > 0 then
  flush(KEYS[3], bought_now)
  redis.call('EXPIRE', KEYS[3], ARGV[4])
end
-- GT first: a hash refreshed every day has an earlier expiry, so one command; GT leaves a hash
-- without expiry (a new one) as it is, and only that one needs TTL and a plain EXPIREAT
if refreshed and redis.call('EXPIREAT', KEYS[1], expiry, 'GT') == 0 and redis.call('TTL', KEYS[1]) == -1 then
  redis.call('EXPIREAT', KEYS[1], expiry)
end
return superseded

-- Set the remaining stock to what the database and the pending claims imply, exactly:
-- remaining = total - issued - |claims holding a unit that the issued count does not include|,
-- where a claim holds a unit when it is pending in Redis now, was pending when the reconciliation
-- began or was issued since (its snapshot, see reconcile-begin.lua and settle.lua), or is accepted
-- and unsettled in the database; less the claims the database had decided when `issued` was read
-- (they are in that count, or were rejected) and those rejected since the reconciliation began
-- (settle.lua marks them in the snapshot with the score -1: their unit is back or never existed).
-- KEYS: 1 stock, 2 pending, 3 the snapshot
-- ARGV: 1 total, 2 issued, 3 n, then n ids unsettled in the database, then the ids decided when issued was read
-- Returns {remaining before, remaining after, pending}
local total, issued, unsettled = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local excluded = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], -1, -1)) do
  excluded[id] = true
end
for i = 4 + unsettled, #ARGV do
  excluded[ARGV[i]] = true
end
excluded['-'] = true
local holding = {}
local count = 0
local function hold(id)
  if not excluded[id] and not holding[id] then
    holding[id] = true
    count = count + 1
  end
end
for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  hold(id)
end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], 0, '+inf')) do
  hold(id)
end
redis.call('DEL', KEYS[3])
for i = 4, 3 + unsettled do
  hold(ARGV[i])
end
local before = tonumber(redis.call('GET', KEYS[1]) or '0')
local after = total - issued - count
if after < 0 then
  after = 0
end
redis.call('SET', KEYS[1], after)
return {tostring(before), tostring(after), tostring(count)}

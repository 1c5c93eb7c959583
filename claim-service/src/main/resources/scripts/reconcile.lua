-- Set the remaining stock to what the database and the pending claims imply:
-- remaining = total - issued - |pending in Redis now, pending when the reconciliation began or
-- settled since (its snapshot, see reconcile-begin.lua), or accepted and unsettled in the database|.
-- The database's issued count was read in between: a claim issued meanwhile may be counted twice
-- (the stock comes out low until the next round), never not at all (that would sell its unit again).
-- KEYS: 1 stock, 2 pending, 3 the snapshot; ARGV: 1 total, 2 issued, then the database's unsettled claim ids
-- Returns {remaining before, remaining after, pending}
local pending = {}
local count = 0
for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  pending[id] = true
  count = count + 1
end
for _, id in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do
  if id ~= '-' and not pending[id] then
    pending[id] = true
    count = count + 1
  end
end
redis.call('DEL', KEYS[3])
for i = 3, #ARGV do
  if not pending[ARGV[i]] then
    pending[ARGV[i]] = true
    count = count + 1
  end
end
local before = tonumber(redis.call('GET', KEYS[1]) or '0')
local after = tonumber(ARGV[1]) - tonumber(ARGV[2]) - count
if after < 0 then
  after = 0
end
redis.call('SET', KEYS[1], after)
return {tostring(before), tostring(after), tostring(count)}

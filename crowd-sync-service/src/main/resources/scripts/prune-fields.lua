-- Removes the fields of one hash whose value (an epoch) is below the cutoff: expired memberships
-- ({u:<id>}:crowds, epoch seconds) or tombstones past their retention ({u:<id>}:tombstones, epoch ms).
-- KEYS: the hash; ARGV: cutoff. Returns the number of fields removed.
local fields = redis.call('HGETALL', KEYS[1])
local cutoff, removed = tonumber(ARGV[1]), 0
for i = 1, #fields, 2 do
  local value = tonumber(fields[i + 1])
  if value == nil or value <= cutoff then
    redis.call('HDEL', KEYS[1], fields[i])
    removed = removed + 1
  end
end
return removed

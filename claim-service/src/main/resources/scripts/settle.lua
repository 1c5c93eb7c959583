-- Claims were settled by the wallet: they stop being pending. A REJECTED claim also gives the user
-- their count back, and its unit back to the stock unless the database had none (SOLD_OUT).
-- Idempotent: a claim no longer in the claims hash (settled or undone before) changes nothing.
-- While a reconciliation runs (KEYS[5], its snapshot of the pending claims, exists), each issued
-- claim leaving the pending set is added to that snapshot (the reconciliation counts it unless the
-- database's issued count, read before, already did), and each rejected claim is marked there with
-- the score -1 (it holds no unit: the reconciliation does not count it, whatever else names it).
-- KEYS: 1 stock, 2 users, 3 pending, 4 claims, 5 the reconciliation's snapshot
-- ARGV: groups of four, one per claim: claim id, outcome, code ('' for none), userId
-- Returns how many units came back to the stock.
local returned = 0
local reconciling = redis.call('EXISTS', KEYS[5]) == 1
for i = 1, #ARGV, 4 do
  local claim, outcome, code, user = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  if redis.call('ZREM', KEYS[3], claim) == 1 and reconciling and outcome ~= 'REJECTED' then
    redis.call('ZADD', KEYS[5], 0, claim)
  end
  if reconciling and outcome == 'REJECTED' then
    redis.call('ZADD', KEYS[5], -1, claim)
  end
  if redis.call('HDEL', KEYS[4], claim) == 1 and outcome == 'REJECTED' then
    redis.call('HINCRBY', KEYS[2], user, -1)
    if code ~= 'SOLD_OUT' then
      redis.call('INCR', KEYS[1])
      returned = returned + 1
    end
  end
end
return returned

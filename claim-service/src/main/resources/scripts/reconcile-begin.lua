-- A reconciliation begins: a snapshot of the pending claims (plus a marker, so that the key exists
-- even when nothing is pending), to which settle.lua adds every claim that stops being pending
-- until reconcile.lua ends it. A reconciler that dies leaves it to expire.
-- KEYS: 1 pending, 2 the snapshot; ARGV: 1 its lifetime in milliseconds
redis.call('DEL', KEYS[2])
redis.call('ZUNIONSTORE', KEYS[2], 1, KEYS[1])
redis.call('ZADD', KEYS[2], 0, '-')
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return redis.call('ZCARD', KEYS[2]) - 1

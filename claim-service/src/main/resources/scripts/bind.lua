-- Binds a user's Idempotency-Key to the template it was first used on, or says which one it is bound to.
-- KEYS (hash tag {u:<userId>}): 1 the key's binding; ARGV: 1 template id, 2 time to live (ms)
-- Returns the template id the key is bound to (ARGV[1] when this call bound it).
local bound = redis.call('GET', KEYS[1])
if bound then
  return bound
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return ARGV[1]

-- Takes up to ARGV[3] tokens (1 when absent) from a token bucket, or says how long until one is there.
-- KEYS: 1 the bucket (a hash: tokens, at), one key, so the script runs on any cluster node
-- ARGV: 1 capacity (tokens, also the burst), 2 period in ms (the bucket refills capacity tokens per
-- period), 3 how many tokens the caller would like at once (a lease, see RateLimiter)
-- Returns {n, 0} when n >= 1 tokens were taken (never more than there are), {0, ms until the next
-- token} when the bucket is empty.
-- The clock is Redis's own (TIME), so instances with skewed clocks share one budget; the bucket
-- expires once it would be full again, so idle callers leave nothing behind.
local capacity = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local wanted = tonumber(ARGV[3] or '1')
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = capacity
  at = now
end
-- refill for the time since the last decision, never above capacity
tokens = math.min(capacity, tokens + (now - at) * capacity / period)
local allowed = 0
local wait = 0
if tokens >= 1 then
  allowed = math.min(wanted, math.floor(tokens))
  tokens = tokens - allowed
else
  wait = math.ceil((1 - tokens) * period / capacity)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) * period / capacity) + 1000)
return {allowed, wait}

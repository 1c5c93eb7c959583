-- Reserves one unit of a flash sale for a buyer with an entry token, atomically, or says why not.
-- KEYS (one hash tag {t:<templateId>}): 1 sale, 2 sale:stock, 3 sale:buyers, 4 sale:used:<token nonce>,
--       5 sale:handoffs (reservations not yet handed to Kafka: '<transaction id>:<userId>' by reservation time)
-- ARGV: 1 userId, 2 new transaction id, 3 now (epoch ms), 4 how long the used-up mark must live (ms)
-- Returns {'RESERVED', remaining} | {'TOKEN_USED'} | {'NOT_CLAIMABLE'} | {'LIMIT_REACHED'} | {'SOLD_OUT'}
-- | {'MISSING'} (no state: rebuild it from the ledger). Only a reservation uses the token up, in the
-- same atomic step, so a token buys at most one unit and a refused order leaves it usable.
local status = redis.call('HGET', KEYS[1], 'status')
if not status then
  return {'MISSING'}
end
if redis.call('EXISTS', KEYS[4]) == 1 then
  return {'TOKEN_USED'}
end
local now = tonumber(ARGV[3])
local meta = redis.call('HMGET', KEYS[1], 'start', 'end', 'limit')
if status ~= 'ENABLED' or now < tonumber(meta[1]) or now >= tonumber(meta[2]) then
  return {'NOT_CLAIMABLE'}
end
if tonumber(redis.call('HGET', KEYS[3], ARGV[1]) or '0') >= tonumber(meta[3]) then
  return {'LIMIT_REACHED'}
end
local left = tonumber(redis.call('GET', KEYS[2]) or '0')
if left <= 0 then
  return {'SOLD_OUT'}
end
redis.call('DECR', KEYS[2])
redis.call('HINCRBY', KEYS[3], ARGV[1], 1)
redis.call('SET', KEYS[4], ARGV[2], 'PX', ARGV[4])
-- until the hand-off is acknowledged: a process that dies before leaves it here to be re-driven
redis.call('ZADD', KEYS[5], now, ARGV[2] .. ':' .. ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl > 0 then
  redis.call('PEXPIRE', KEYS[5], ttl)
end
return {'RESERVED', left - 1}

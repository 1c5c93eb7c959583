-- Reserves one unit of a flash sale for a buyer with an entry token, atomically, or says why not;
-- with an Idempotency-Key, first replays the key's recorded answer, and records the new one.
-- KEYS (one hash tag {t:<templateId>}): 1 sale, 2 sale:stock, 3 sale:buyers, 4 sale:used:<token nonce>,
--       5 sale:handoffs (reservations not yet handed to Kafka: '<transaction id>:<userId>' by reservation time),
--       6 sale:idem (the first answer per '<userId>:<Idempotency-Key>', see FlashOrderRecord)
-- ARGV: 1 userId, 2 new transaction id, 3 now (epoch ms), 4 how long the used-up mark must live (ms),
--       5 the key's field in sale:idem ('' for none), 6 the request's fingerprint,
--       7 the record of a reservation, 8 '1': only replay (the token was refused, nothing is reserved)
-- Returns {'RESERVED', remaining} | {'REPLAY', record, '1' while its hand-off is unacknowledged or '0'}
-- | {'NONE'} (only replay, nothing recorded) | {'TOKEN_USED'} | {'NOT_CLAIMABLE'} | {'LIMIT_REACHED'}
-- | {'SOLD_OUT'} | {'MISSING'} (no state: rebuild it from the ledger). Only a reservation uses the
-- token up, in the same atomic step as its record, so a token buys at most one unit, a refused order
-- leaves it usable, and a retry after a crash replays instead of ordering again.
if ARGV[5] ~= '' then
  local earlier = redis.call('HGET', KEYS[6], ARGV[5])
  if earlier then
    local tx = string.match(earlier, '^%S+ RESERVED (%S+)')
    local unacknowledged = tx and redis.call('ZSCORE', KEYS[5], tx .. ':' .. ARGV[1])
    return {'REPLAY', earlier, unacknowledged and '1' or '0'}
  end
  if ARGV[8] == '1' then
    return {'NONE'}
  end
end
local status = redis.call('HGET', KEYS[1], 'status')
if not status then
  return {'MISSING'}
end
if redis.call('EXISTS', KEYS[4]) == 1 then
  return {'TOKEN_USED'}
end
-- the sale's keys written here live as long as the sale's state
local ttl
local function keep(key)
  ttl = ttl or redis.call('PTTL', KEYS[1])
  if ttl > 0 then
    redis.call('PEXPIRE', key, ttl)
  end
end
local function refuse(code)
  if ARGV[5] ~= '' then
    redis.call('HSET', KEYS[6], ARGV[5], ARGV[6] .. ' ' .. code)
    keep(KEYS[6])
  end
  return {code}
end
local now = tonumber(ARGV[3])
local meta = redis.call('HMGET', KEYS[1], 'start', 'end', 'limit')
if status ~= 'ENABLED' or now < tonumber(meta[1]) or now >= tonumber(meta[2]) then
  return refuse('NOT_CLAIMABLE')
end
if tonumber(redis.call('HGET', KEYS[3], ARGV[1]) or '0') >= tonumber(meta[3]) then
  return refuse('LIMIT_REACHED')
end
local left = tonumber(redis.call('GET', KEYS[2]) or '0')
if left <= 0 then
  return refuse('SOLD_OUT')
end
redis.call('DECR', KEYS[2])
redis.call('HINCRBY', KEYS[3], ARGV[1], 1)
redis.call('SET', KEYS[4], ARGV[2], 'PX', ARGV[4])
-- until the hand-off is acknowledged: a process that dies before leaves it here to be re-driven
redis.call('ZADD', KEYS[5], now, ARGV[2] .. ':' .. ARGV[1])
keep(KEYS[5])
if ARGV[5] ~= '' then
  redis.call('HSET', KEYS[6], ARGV[5], ARGV[7])
  keep(KEYS[6])
end
return {'RESERVED', left - 1}

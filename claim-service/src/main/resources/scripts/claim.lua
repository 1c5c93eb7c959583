-- Reserve one unit of a template for a user, atomically, or say why not.
-- KEYS (one hash tag {t:<templateId>}): 1 meta, 2 stock, 3 users, 4 idem, 5 pending, 6 claims
-- ARGV: 1 userId, 2 idempotency key ('' for none), 3 new claim id, 4 now (epoch ms), 5 crowd member ('1'/'0'),
--       6 the answer to record for the key when a unit is reserved (RecordedAnswer, written by Java)
-- Returns {'ACCEPTED', claimId, remaining} | {'REPLAY', recorded answer} | {refusal} | {'MISSING'}
-- (read by ScriptReplies). A refusal is recorded for the key as its bare name (RecordedAnswer.Refused);
-- the record is written in the same atomic step as the reservation, so a retry after a crash replays
-- instead of reserving a second unit.
local status = redis.call('HGET', KEYS[1], 'status')
if not status then
  return {'MISSING'}
end
local idem = ''
if ARGV[2] ~= '' then
  idem = ARGV[1] .. ':' .. ARGV[2]
  local earlier = redis.call('HGET', KEYS[4], idem)
  if earlier then
    return {'REPLAY', earlier}
  end
end
local function refuse(code)
  if idem ~= '' then
    redis.call('HSET', KEYS[4], idem, code)
  end
  return {code}
end
local now = tonumber(ARGV[4])
local meta = redis.call('HMGET', KEYS[1], 'start', 'end', 'limit', 'audience')
if status ~= 'ENABLED' or now < tonumber(meta[1]) or now >= tonumber(meta[2]) then
  return refuse('NOT_CLAIMABLE')
end
if meta[4] == 'CROWD' and ARGV[5] ~= '1' then
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
redis.call('ZADD', KEYS[5], now, ARGV[3])
redis.call('HSET', KEYS[6], ARGV[3], ARGV[1])
if idem ~= '' then
  redis.call('HSET', KEYS[4], idem, ARGV[6])
end
return {'ACCEPTED', ARGV[3], tostring(left - 1)}

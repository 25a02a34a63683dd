-- Token bucket: refill by elapsed time, then try to take one token, atomically.
-- KEYS[1] bucket key; ARGV[1] capacity; ARGV[2] refill per second.
-- Returns {allowed (1|0), tokens left (floored), seconds until a token is available (0 if allowed)}.
-- Time comes from the Redis server so gateway instances with skewed clocks share one timeline.
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) + tonumber(time[2]) / 1000000

local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = capacity
  ts = now
end
tokens = math.min(capacity, tokens + math.max(0, now - ts) * rate)

local allowed = 0
local retry_after = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  retry_after = math.max(1, math.ceil((1 - tokens) / rate))
end

redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
-- A full bucket carries no information: let it expire once it would have refilled anyway.
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / rate * 1000) + 1000)
return {allowed, math.floor(tokens), retry_after}

package dev.floorwatch.common.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Which event ids a consumer already handled, kept compact in Redis. A key with a TTL per id
 * cost about 150 bytes; at the event rate that was most of Redis. Instead each id is a 16-byte
 * fingerprint in a small hash, which Redis stores as a listpack: about 25 bytes a mark.
 *
 * <p>Layout under a namespace prefix {@code P} (for example {@code fw:{t}:ingest:marks:}): time is
 * cut into generations of half the window; {@code P} is a HASH generation → its shard bits
 * {@code k}, and {@code P<gen>:<shard>} holds the fingerprints whose first two bytes fall in that
 * shard (mod 2^k). A generation expires one window after it ends, so a mark lives at least the
 * window (1.25 windows on average); a lookup reads the generations the window spans, three for an
 * even window. A generation takes enough shards for its larger predecessor at about 64 marks a
 * shard (Redis keeps a hash a listpack up to 128 entries), at least 16 and at most 65,536; a
 * predecessor's size is estimated from its shard 0, which saves counting every mark. A busier day
 * than the last only turns some shards into hashtables, still half the old cost.
 *
 * <p>A fingerprint is the first 128 bits of the id's SHA-256: two ids of a tenant sharing one
 * within a window is not going to happen (about 10^-25 for ten million ids), while the id itself
 * may be 128 characters long. Time is the Redis server's own, so replicas with skewed clocks agree.
 */
public final class IdempotencyMarks {

    private static final String LUA = """
            local function idempotency_marks(prefix, window)
              window = tonumber(window)
              local span = math.max(1, math.floor(window / 2))
              local back = math.ceil(window / span)
              local gen = math.floor(tonumber(redis.call('TIME')[1]) / span)
              local ends = (gen + 1) * span + window
              local gens = {}
              for g = gen - back, gen do gens[#gens + 1] = g end
              local found = redis.call('HMGET', prefix, unpack(gens))
              local bits = {}
              for i, g in ipairs(gens) do bits[g] = found[i] and tonumber(found[i]) or false end
              local function shard(g, k, fp)
                return prefix .. g .. ':' .. ((string.byte(fp, 1) * 256 + string.byte(fp, 2)) % (2 ^ k))
              end
              local function in_older(fp)
                for g = gen - 1, gen - back, -1 do
                  local k = bits[g]
                  if k and redis.call('HEXISTS', shard(g, k, fp), fp) == 1 then return true end
                end
                return false
              end
              local m = {}
              function m.seen(fp)
                local k = bits[gen]
                return k and redis.call('HEXISTS', shard(gen, k, fp), fp) == 1 or in_older(fp)
              end
              function m.add(fp)
                if in_older(fp) then return false end
                local k = bits[gen]
                if not k then
                  local before = 0
                  for g = gen - back, gen - 1 do
                    if bits[g] then before = math.max(before, redis.call('HLEN', prefix .. g .. ':0') * 2 ^ bits[g]) end
                  end
                  k = 4
                  while k < 16 and 2 ^ k * 64 < before do k = k + 1 end
                  redis.call('HSET', prefix, gen, k)
                  redis.call('HDEL', prefix, gen - back - 1)
                  redis.call('EXPIREAT', prefix, ends)
                  bits[gen] = k
                end
                local key = shard(gen, k, fp)
                if redis.call('HSETNX', key, fp, '') == 0 then return false end
                redis.call('EXPIREAT', key, ends, 'NX')
                return true
              end
              return m
            end
            """;

    private IdempotencyMarks() {
    }

    /**
     * {@code body} with the marks' Lua before it: there {@code local marks =
     * idempotency_marks(prefix, windowSeconds)}, then {@code marks.seen(fp)} and {@code
     * marks.add(fp)} (records it unless seen; true when it was new). A method, not a constant, so
     * that callers do not compile the Lua into their own classes.
     */
    public static String script(String body) {
        return LUA + body;
    }

    /** The id's mark: the first 16 bytes of its SHA-256. */
    public static byte[] fingerprint(String eventId) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(eventId.getBytes(StandardCharsets.UTF_8)), 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

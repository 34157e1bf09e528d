package dev.floorwatch.simulator.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The apply rate's ceiling: {@code redis-benchmark}, pipelined, for the command mix metrics-service
 * used per event (from {@link ApplyRate}). Each command is benchmarked on its own with arguments of
 * the same shape, in a separate database that is flushed afterwards; the mix's ceiling is
 * 1 / Σ (calls per event / commands per second). Script wrappers (EVAL, EVALSHA) are left out:
 * the commands they run are counted themselves.
 */
final class RedisCeiling {

    private static final int DB = 9;

    /** Argument shapes like metrics-service's; {@code __rand_int__} is redis-benchmark's random key part. */
    private static final Map<String, String> SHAPES = Map.ofEntries(
            Map.entry("set", "SET fwbench:k:__rand_int__ 1 NX EX 90000"),
            Map.entry("get", "GET fwbench:k:__rand_int__"),
            Map.entry("exists", "EXISTS fwbench:k:__rand_int__"),
            // Idempotency marks: a 16-byte fingerprint in a small hash per shard (IdempotencyMarks).
            Map.entry("hexists", "HEXISTS fwbench:h:__rand_int__ 0123456789abcdef"),
            Map.entry("expireat", "EXPIREAT fwbench:h:__rand_int__ 1900000000 NX"),
            Map.entry("time", "TIME"),
            Map.entry("del", "DEL fwbench:gone:__rand_int__"),
            Map.entry("unlink", "UNLINK fwbench:gone:__rand_int__"),
            Map.entry("expire", "EXPIRE fwbench:h:__rand_int__ 90000"),
            Map.entry("pexpire", "PEXPIRE fwbench:h:__rand_int__ 90000000"),
            Map.entry("hset", "HSET fwbench:h:__rand_int__ state open channel web"),
            Map.entry("hsetnx", "HSETNX fwbench:h:__rand_int__ startedAt 1764200000000"),
            Map.entry("hget", "HGET fwbench:h:__rand_int__ state"),
            Map.entry("hmget", "HMGET fwbench:h:__rand_int__ state channel"),
            Map.entry("hgetall", "HGETALL fwbench:h:__rand_int__"),
            Map.entry("hdel", "HDEL fwbench:h:__rand_int__ agent"),
            Map.entry("hincrby", "HINCRBY fwbench:c:__rand_int__ started 1"),
            Map.entry("hincrbyfloat", "HINCRBYFLOAT fwbench:c:__rand_int__ frt 1.5"),
            Map.entry("incr", "INCR fwbench:n:__rand_int__"),
            Map.entry("incrby", "INCRBY fwbench:n:__rand_int__ 2"),
            Map.entry("zadd", "ZADD fwbench:z:__rand_int__ 1764200000000 conv-__rand_int__"),
            Map.entry("zrem", "ZREM fwbench:z:__rand_int__ conv-__rand_int__"),
            Map.entry("zscore", "ZSCORE fwbench:z:__rand_int__ conv-__rand_int__"),
            Map.entry("zcard", "ZCARD fwbench:z:__rand_int__"),
            Map.entry("zremrangebyscore", "ZREMRANGEBYSCORE fwbench:z:__rand_int__ 0 1764100000000"),
            Map.entry("sadd", "SADD fwbench:s:__rand_int__ conv-__rand_int__"),
            Map.entry("srem", "SREM fwbench:s:__rand_int__ conv-__rand_int__"),
            Map.entry("sismember", "SISMEMBER fwbench:s:__rand_int__ conv-__rand_int__"),
            Map.entry("scard", "SCARD fwbench:s:__rand_int__"),
            Map.entry("zcount", "ZCOUNT fwbench:z:__rand_int__ 1764100000000 +inf"),
            // The overview's ranged reads: the lowest score past a bound (BatchedReads.Ranged).
            Map.entry("zrangebyscore", "ZRANGEBYSCORE fwbench:z:__rand_int__ 1764100000000 +inf LIMIT 0 1 WITHSCORES"),
            Map.entry("zrange", "ZRANGE fwbench:z:__rand_int__ 0 9"),
            Map.entry("setex", "SETEX fwbench:claim:__rand_int__ 2 1"),
            Map.entry("setnx", "SETNX fwbench:claim:__rand_int__ 1"),
            Map.entry("smembers", "SMEMBERS fwbench:s:__rand_int__"),
            Map.entry("rpush", "RPUSH fwbench:l:__rand_int__ x"),
            Map.entry("ltrim", "LTRIM fwbench:l:__rand_int__ -100 -1"),
            Map.entry("lrange", "LRANGE fwbench:l:__rand_int__ 0 9"),
            Map.entry("llen", "LLEN fwbench:l:__rand_int__"),
            Map.entry("publish", "PUBLISH fwbench:ch x"));

    private final Stack stack;

    RedisCeiling(Stack stack) {
        this.stack = stack;
    }

    Map<String, Object> measure(Map<String, Long> calls, long events, int requestsPerCommand) throws Exception {
        double secondsPerEvent = 0;
        long covered = 0;
        long total = 0;
        Map<String, Object> perCommand = new LinkedHashMap<>();
        List<String> notCovered = new ArrayList<>();
        try {
            for (var entry : calls.entrySet()) {
                String command = entry.getKey();
                if (command.startsWith("eval") || command.startsWith("script") || command.startsWith("info")
                        || command.startsWith("client") || command.startsWith("select") || command.startsWith("ping")) {
                    continue;
                }
                total += entry.getValue();
                String shape = SHAPES.get(command);
                if (shape == null) {
                    notCovered.add(command + "=" + entry.getValue());
                    continue;
                }
                double rps = benchmark(shape, requestsPerCommand);
                perCommand.put(command, Map.of("perEvent", Stack.round((double) entry.getValue() / events), "commandsPerSecond", rps));
                secondsPerEvent += (double) entry.getValue() / events / rps;
                covered += entry.getValue();
            }
        } finally {
            stack.redisIn(DB, "FLUSHDB");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("eventsPerSecond", secondsPerEvent > 0 ? Stack.round(1 / secondsPerEvent) : Double.NaN);
        out.put("coveredShareOfCalls", total > 0 ? Stack.round((double) covered / total) : 0.0);
        out.put("notCovered", notCovered);
        out.put("perCommand", perCommand);
        return out;
    }

    /** Commands per second of one command shape, pipelined 64 deep over 8 connections. */
    private double benchmark(String shape, int requests) throws Exception {
        List<String> command = new ArrayList<>(List.of("redis-benchmark", "-h", stack.target.redisHost(), "-p",
                Integer.toString(stack.target.redisPort()), "--dbnum", Integer.toString(DB), "-P", "64", "-c", "8",
                "-n", Integer.toString(requests), "-r", "100000", "--csv"));
        command.addAll(List.of(shape.split(" ")));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("redis-benchmark " + shape + " failed: " + out);
        }
        // --csv: a header line, then "<command>","<rps>",…
        String[] lines = out.strip().split("\r?\n");
        String[] fields = lines[lines.length - 1].split("\",\"");
        return Double.parseDouble(fields[1].replace("\"", ""));
    }
}

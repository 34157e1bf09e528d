#!/usr/bin/env python3
"""Quick probes against a running local stack (./floorwatch up); stdlib only.

  probe.py freshness N     ingest 202 -> REST overview shows the event, N samples (p50/p99)
  probe.py sse N           ingest 202 -> the SSE stream (what the wallboard reads) carries the
                           event, N samples at random moments of the stream's 1 s cadence
  probe.py memory N        Redis bytes per open conversation, with N open conversations
  probe.py alert N         condition true (the 202 of the 10th queued conversation) -> the
                           queue-length-warning alert is firing in alert-service, N tenants
  probe.py notify N        the same condition -> the message arrives at a local Feishu-like
                           stand-in (groupWait 1s, the default), N tenants
  probe.py fanout R        one alert to R receivers of one tenant: messages/s of the delivery path
  probe.py chatwoot N      N signed Chatwoot message_created webhooks over 200 conversations, one
                           after another: latency of the webhook's 202 (docs/sources.md)

Both create their own tenant with the operator token of .floorwatch/operator.token.
The full benchmark harness (PERF.md) is separate; these are the numbers quoted in issue notes.
"""
import json, os, subprocess, sys, time, urllib.request, uuid
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
INGEST, METRICS, ALERTS = "http://127.0.0.1:8081", "http://127.0.0.1:8082", "http://127.0.0.1:8083"


def call(method, url, token, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={
        "Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.status, json.loads(resp.read() or b"null")


def tenant():
    op = os.environ.get("FLOORWATCH_OPERATOR_TOKEN") or open(os.path.join(ROOT, ".floorwatch/operator.token")).read().strip()
    tid = "probe-" + uuid.uuid4().hex[:8]
    _, creds = call("POST", INGEST + "/v1/tenants", op,
                    {"id": tid, "name": "probe", "rateLimit": {"eventsPerSecond": 1000000, "burst": 1000000}})
    return creds


def now():
    return datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")


def freshness(n):
    t = tenant()
    samples = []
    for i in range(n):
        ev = {"id": "f%d" % i, "type": "conversation.started", "occurredAt": now(), "channel": "web",
              "conversationId": "c%d" % i, "data": {"initiator": "visitor"}}
        call("POST", "%s/v1/tenants/%s/events" % (INGEST, t["id"]), t["ingestKey"], ev)
        accepted = time.perf_counter()
        while True:
            _, o = call("GET", "%s/v1/tenants/%s/overview" % (METRICS, t["id"]), t["viewerToken"])
            if o["traffic"]["startedLast60m"] >= i + 1:
                samples.append((time.perf_counter() - accepted) * 1000)
                break
            if time.perf_counter() - accepted > 10:
                raise SystemExit("event %d not visible after 10 s" % i)
    samples.sort()
    pct = lambda p: samples[min(len(samples) - 1, int(round(p / 100 * len(samples) + 0.5)) - 1)]
    print("freshness ingest 202 -> REST overview, %d samples: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms"
          % (n, pct(50), pct(90), pct(99), samples[-1]))


def sse(n):
    import http.client, random, threading
    t = tenant()
    seen = {"started": 0}
    cond = threading.Condition()

    def read_stream():
        conn = http.client.HTTPConnection("127.0.0.1", 8082, timeout=30)
        conn.request("GET", "/v1/tenants/%s/stream" % t["id"], headers={
            "Authorization": "Bearer " + t["viewerToken"], "Accept": "text/event-stream"})
        resp = conn.getresponse()
        event = None
        for raw in resp:
            line = raw.decode().rstrip("\r\n")
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:") and event == "overview":
                started = json.loads(line[5:])["traffic"]["startedLast60m"]
                with cond:
                    seen["started"] = started
                    seen["at"] = time.perf_counter()
                    cond.notify_all()

    threading.Thread(target=read_stream, daemon=True).start()
    time.sleep(1.5)
    samples = []
    rnd = random.Random(1)
    for i in range(n):
        time.sleep(rnd.uniform(0.1, 1.1))  # land anywhere in the stream's once-a-second cadence
        ev = {"id": "s%d" % i, "type": "conversation.started", "occurredAt": now(), "channel": "web",
              "conversationId": "c%d" % i, "data": {"initiator": "visitor"}}
        call("POST", "%s/v1/tenants/%s/events" % (INGEST, t["id"]), t["ingestKey"], ev)
        accepted = time.perf_counter()
        with cond:
            if not cond.wait_for(lambda: seen["started"] >= i + 1, timeout=10):
                raise SystemExit("event %d not on the stream after 10 s" % i)
            samples.append(max(0.0, seen["at"] - accepted) * 1000)
    samples.sort()
    pct = lambda p: samples[min(len(samples) - 1, int(round(p / 100 * len(samples) + 0.5)) - 1)]
    print("freshness ingest 202 -> SSE overview, %d samples: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms"
          % (n, pct(50), pct(90), pct(99), samples[-1]))


def redis_used():
    out = subprocess.run(["redis-cli", "info", "memory"], capture_output=True, text=True).stdout
    return int([l for l in out.splitlines() if l.startswith("used_memory:")][0].split(":")[1])


def memory(n):
    t = tenant()
    before = redis_used()
    ts = now()
    for start in range(0, n, 250):
        events = []
        for i in range(start, min(n, start + 250)):
            c = "c%d" % i
            events += [
                {"id": c + "-s", "type": "conversation.started", "occurredAt": ts, "channel": "web", "conversationId": c,
                 "visitorId": "v%d" % i, "data": {"initiator": "visitor", "valueTier": "normal"}},
                {"id": c + "-q", "type": "conversation.queued", "occurredAt": ts, "channel": "web", "conversationId": c,
                 "skillGroup": "presales"},
                {"id": c + "-a", "type": "conversation.assigned", "occurredAt": ts, "channel": "web", "conversationId": c,
                 "agentId": "a%d" % (i % 50), "skillGroup": "presales"},
                {"id": c + "-m", "type": "message.created", "occurredAt": ts, "conversationId": c,
                 "data": {"sender": "visitor", "text": "你好"}}]
        call("POST", "%s/v1/tenants/%s/events" % (INGEST, t["id"]), t["ingestKey"], {"events": events})
    deadline = time.time() + 120
    while time.time() < deadline:
        _, o = call("GET", "%s/v1/tenants/%s/overview" % (METRICS, t["id"]), t["viewerToken"])
        if o["traffic"]["openConversations"] >= n:
            break
        time.sleep(0.5)
    used = redis_used() - before
    print("%d open conversations: Redis used_memory +%d bytes = %.0f bytes per open conversation "
          "(includes ingest's and metrics' 25 h idempotency marks of 4 events each)" % (n, used, used / n))


def alert(n):
    samples, split = [], []
    for k in range(n):
        t = tenant()
        events = [{"id": "q%d" % i, "type": "conversation.queued", "occurredAt": now(), "channel": "web",
                   "conversationId": "c%d" % i, "skillGroup": "presales"} for i in range(10)]
        call("POST", "%s/v1/tenants/%s/events" % (INGEST, t["id"]), t["ingestKey"], {"events": events})
        accepted = time.perf_counter()
        accepted_wall = time.time()
        while True:
            _, a = call("GET", "%s/v1/tenants/%s/alerts?state=firing" % (ALERTS, t["id"]), t["viewerToken"])
            hit = [o for o in a["open"] if o["key"] == "queue-length-warning"]
            if hit:
                samples.append((time.perf_counter() - accepted) * 1000)
                # Where the time went: waiting for the snapshot tick (its time is the alert's startsAt), then the rest.
                starts = datetime.fromisoformat(hit[0]["startsAt"].replace("Z", "+00:00")).timestamp()
                split.append(((starts - accepted_wall) * 1000, (time.time() - starts) * 1000))
                break
            if time.perf_counter() - accepted > 15:
                raise SystemExit("no alert after 15 s")
            time.sleep(0.02)
    samples.sort()
    pct = lambda p: samples[min(len(samples) - 1, int(round(p / 100 * len(samples) + 0.5)) - 1)]
    print("time to alert (queue.length >= 10, for: 0s), %d tenants: p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms"
          % (n, pct(50), pct(90), pct(99), samples[-1]))
    ticks, rest = sorted(s[0] for s in split), sorted(s[1] for s in split)
    print("  202 -> snapshot tick: median %.0f ms, max %.0f ms; tick -> alert seen: median %.0f ms, max %.0f ms"
          % (ticks[len(ticks) // 2], ticks[-1], rest[len(rest) // 2], rest[-1]))


def _feishu_stand_in(on_request):
    """A Feishu-like robot on 127.0.0.1 that answers success; on_request(body) is called per message."""
    import http.server, threading

    class StandIn(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            on_request(self.rfile.read(int(self.headers.get("Content-Length", 0))).decode())
            out = b'{"code":0,"msg":"success","data":{}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        def log_message(self, *args):
            pass

    class Backlogged(http.server.ThreadingHTTPServer):
        # The default listen backlog of 5 refuses connections in a burst: the notifier would see network errors.
        request_queue_size = 256

    server = Backlogged(("127.0.0.1", 0), StandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, "http://127.0.0.1:%d/open-apis/bot/v2/hook/" % server.server_address[1]


def notify(n):
    arrived, pending, split = {}, {}, []

    def on_request(body):
        for tid in list(pending):
            if tid in body and tid not in arrived:
                arrived[tid] = time.perf_counter()

    server, url = _feishu_stand_in(on_request)
    url += "probe"
    samples = []
    for k in range(n):
        t = tenant()
        call("PUT", "http://127.0.0.1:8084/v1/tenants/%s/receivers" % t["id"], t["adminToken"],
             [{"id": "standin", "type": "feishu", "webhookUrl": url}])
        events = [{"id": "q%d" % i, "type": "conversation.queued", "occurredAt": now(), "channel": "web",
                   "conversationId": "c%d" % i, "skillGroup": "presales"} for i in range(10)]
        pending[t["id"]] = True
        call("POST", "%s/v1/tenants/%s/events" % (INGEST, t["id"]), t["ingestKey"], {"events": events})
        accepted = time.perf_counter()
        while t["id"] not in arrived:
            if time.perf_counter() - accepted > 20:
                raise SystemExit("no message after 20 s")
            time.sleep(0.01)
        samples.append((arrived[t["id"]] - accepted) * 1000)
        # The second half: the alert's start (its snapshot's time) -> the request at the stand-in.
        _, a = call("GET", "%s/v1/tenants/%s/alerts?state=firing" % (ALERTS, t["id"]), t["viewerToken"])
        hit = [o for o in a["open"] if o["key"] == "queue-length-warning"]
        if hit:
            starts = datetime.fromisoformat(hit[0]["startsAt"].replace("Z", "+00:00")).timestamp()
            wall_arrival = time.time() - (time.perf_counter() - arrived[t["id"]])
            split.append((wall_arrival - starts) * 1000)
    server.shutdown()
    samples.sort()
    pct = lambda p: samples[min(len(samples) - 1, int(round(p / 100 * len(samples) + 0.5)) - 1)]
    print("time to notify (queue.length >= 10 -> stand-in robot, groupWait 1s), %d tenants: p50 %.0f ms, p90 %.0f ms, "
          "p99 %.0f ms, max %.0f ms" % (n, pct(50), pct(90), pct(99), samples[-1]))
    split.sort()
    print("  of which alert fired -> request at the stand-in: median %.0f ms, max %.0f ms (includes groupWait 1 s)"
          % (split[len(split) // 2], split[-1]))


def fanout(r):
    """One alert to R Feishu-like receivers of one tenant: how fast the delivery path sends."""
    arrivals = []
    server, url = _feishu_stand_in(lambda body: arrivals.append(time.perf_counter()))
    t = tenant()
    call("PUT", "http://127.0.0.1:8084/v1/tenants/%s/receivers" % t["id"], t["adminToken"],
         [{"id": "r%03d" % i, "type": "feishu", "webhookUrl": url + str(i)} for i in range(r)])
    events = [{"id": "q%d" % i, "type": "conversation.queued", "occurredAt": now(), "channel": "web",
               "conversationId": "c%d" % i, "skillGroup": "presales"} for i in range(10)]
    call("POST", "%s/v1/tenants/%s/events" % (INGEST, t["id"]), t["ingestKey"], {"events": events})
    started = time.perf_counter()
    while len(arrivals) < r:
        if time.perf_counter() - started > 60:
            raise SystemExit("only %d of %d messages after 60 s" % (len(arrivals), r))
        time.sleep(0.01)
    server.shutdown()
    span = arrivals[-1] - arrivals[0]
    print("fan-out: %d receivers, first to last message %.0f ms: %.0f messages/s" % (r, span * 1000, (r - 1) / span if span else 0))


def chatwoot(n):
    import copy, hashlib, hmac
    creds = tenant()
    secret = "probe-webhook-secret-0123456789"
    call("PUT", INGEST + "/v1/tenants/%s/sources/chatwoot" % creds["id"], creds["adminToken"],
         {"accountId": 7, "webhookSecret": secret})
    with open(os.path.join(ROOT, "ingest-service/src/test/resources/chatwoot/03_message_incoming.json")) as f:
        base = json.load(f)
    latencies = []
    for i in range(n):
        payload = copy.deepcopy(base)
        payload["id"] = 100000 + i
        payload["conversation"]["id"] = 1000 + i % 200
        payload["created_at"] = now()
        body = json.dumps(payload).encode()
        ts = str(int(time.time()))
        signature = "sha256=" + hmac.new(secret.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
        req = urllib.request.Request(INGEST + "/v1/tenants/%s/webhooks/chatwoot" % creds["id"], data=body, method="POST",
                                     headers={"X-Chatwoot-Timestamp": ts, "X-Chatwoot-Signature": signature,
                                              "Content-Type": "application/json"})
        started = time.perf_counter()
        with urllib.request.urlopen(req, timeout=10) as resp:
            assert resp.status == 202, resp.status
        latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    print("chatwoot webhooks: n=%d p50 %.1f ms p90 %.1f ms p99 %.1f ms" % (
        n, latencies[n // 2], latencies[int(n * 0.9)], latencies[min(n - 1, int(n * 0.99))]))


if __name__ == "__main__":
    {"chatwoot": chatwoot, "freshness": freshness, "sse": sse, "memory": memory, "alert": alert, "notify": notify, "fanout": fanout}[sys.argv[1]](int(sys.argv[2]))

#!/usr/bin/env python3
"""A local stand-in for the Feishu, DingTalk and WeCom group robots, for the demo: point a
receiver's webhookUrl at it and see on http://127.0.0.1:8090/ what Floorwatch would have posted
into the group. Answers as the vendors do (HTTP 200 with their success body). When started with
--feishu-secret / --dingtalk-secret it also checks the signatures as the vendors do and answers
their signature errors. Standard library only.

  standin.py [--port 8090] [--feishu-secret S] [--dingtalk-secret S]

Webhook URLs to use (the local launcher allows http://127.0.0.1 webhooks):
  Feishu    http://127.0.0.1:8090/open-apis/bot/v2/hook/demo
  DingTalk  http://127.0.0.1:8090/robot/send?access_token=demo
  WeCom     http://127.0.0.1:8090/cgi-bin/webhook/send?key=demo
"""
import argparse, base64, collections, hashlib, hmac, html, http.server, json, threading, time, urllib.parse

RECEIVED = collections.deque(maxlen=200)
LOCK = threading.Lock()


def sign(key, message):
    return base64.b64encode(hmac.new(key.encode(), message.encode(), hashlib.sha256).digest()).decode()


class StandIn(http.server.BaseHTTPRequestHandler):
    feishu_secret = None
    dingtalk_secret = None

    def do_POST(self):
        url = urllib.parse.urlparse(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8", "replace")
        try:
            payload = json.loads(body)
        except ValueError:
            payload = {}
        if url.path.startswith("/open-apis/bot/"):
            vendor, ok, answer = "feishu", {"code": 0, "msg": "success", "data": {}}, None
            if self.feishu_secret:
                ts = str(payload.get("timestamp", ""))
                if not ts.isdigit() or abs(time.time() - int(ts)) > 3600 or \
                        sign(ts + "\n" + self.feishu_secret, "") != payload.get("sign"):
                    answer = {"code": 19021, "msg": "sign match fail or timestamp is not within one hour from current time"}
        elif url.path.startswith("/robot/send"):
            vendor, ok, answer = "dingtalk", {"errcode": 0, "errmsg": "ok"}, None
            if self.dingtalk_secret:
                q = urllib.parse.parse_qs(url.query)
                ts, got = q.get("timestamp", [""])[0], q.get("sign", [""])[0]
                if not ts.isdigit() or abs(time.time() * 1000 - int(ts)) > 3_600_000 or \
                        sign(self.dingtalk_secret, ts + "\n" + self.dingtalk_secret) != got:
                    answer = {"errcode": 310000, "errmsg": "sign not match"}
        elif url.path.startswith("/cgi-bin/webhook/send"):
            vendor, ok, answer = "wecom", {"errcode": 0, "errmsg": "ok"}, None
        else:
            vendor, ok, answer = "unknown", None, {"code": 404, "msg": "no such robot path"}
        with LOCK:
            RECEIVED.appendleft((time.strftime("%H:%M:%S"), vendor, answer is None, payload))
        out = json.dumps(answer or ok).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def do_GET(self):
        rows = []
        with LOCK:
            items = list(RECEIVED)
        for at, vendor, accepted, p in items:
            if vendor == "feishu":
                card = p.get("card", {})
                title = card.get("header", {}).get("title", {}).get("content", "")
                colour = card.get("header", {}).get("template", "")
                text = "".join(e.get("content", "") for e in card.get("elements", []))
            elif vendor == "dingtalk":
                title, colour, text = p.get("markdown", {}).get("title", ""), "", p.get("markdown", {}).get("text", "")
            else:
                title, colour, text = "", "", p.get("markdown", {}).get("content", json.dumps(p, ensure_ascii=False))
            rows.append("<div class='m %s'><b>%s · %s%s</b> %s<pre>%s</pre></div>" % (
                html.escape(colour), at, vendor, "" if accepted else " · signature refused",
                html.escape(title), html.escape(text)))
        page = ("<!doctype html><meta charset='utf-8'><meta http-equiv='refresh' content='2'>"
                "<title>Floorwatch robot stand-in</title><style>body{font-family:sans-serif;background:#111;color:#eee}"
                ".m{border-left:6px solid #888;margin:8px;padding:6px;background:#1c1c1c}.red{border-color:#d93026}"
                ".orange{border-color:#e37318}.green{border-color:#2ba471}pre{white-space:pre-wrap}</style>"
                "<h2>群机器人消息 / robot messages (%d)</h2>%s" % (len(rows), "".join(rows) or "<p>还没有消息 / none yet</p>"))
        out = page.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    request_queue_size = 256


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--feishu-secret")
    parser.add_argument("--dingtalk-secret")
    args = parser.parse_args()
    StandIn.feishu_secret, StandIn.dingtalk_secret = args.feishu_secret, args.dingtalk_secret
    Server(("127.0.0.1", args.port), StandIn).serve_forever()

"""An SMTP catcher for the drill: accepts every message on port 1025 and keeps it in memory;
GET http://mail:8025/messages lists them (from, to, subject, body) as JSON."""

import email
import email.policy
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

MESSAGES = []
LOCK = threading.Lock()


class Catcher:
    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain", "html"))
        with LOCK:
            MESSAGES.append(
                {
                    "from": envelope.mail_from,
                    "to": list(envelope.rcpt_tos),
                    "subject": str(message["Subject"] or ""),
                    "body": body.get_content() if body else "",
                }
            )
        print(f"caught: {envelope.mail_from} -> {envelope.rcpt_tos}", flush=True)
        return "250 Message accepted"


class Listing(BaseHTTPRequestHandler):
    def do_GET(self):
        with LOCK:
            payload = json.dumps({"messages": MESSAGES}, ensure_ascii=False).encode()
        self.send_response(200 if self.path.startswith("/messages") else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    Controller(Catcher(), hostname="0.0.0.0", port=1025).start()
    print("SMTP on :1025, messages on :8025/messages", flush=True)
    ThreadingHTTPServer(("0.0.0.0", 8025), Listing).serve_forever()

#!/usr/bin/env python3
"""Answers kubectl's API discovery on loopback, so `kubectl apply --dry-run=client` can map the
exported ValidatingAdmissionPolicy kinds to resources without a cluster (kubectl has no offline
RESTMapper). Serves /api, /apis and the admissionregistration.k8s.io resource lists; every
object GET is a 404 (nothing exists yet), anything else a 405. Prints the chosen port, then
serves until killed or until --seconds pass."""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

GROUP = "admissionregistration.k8s.io"
RESOURCES = [
    ("validatingadmissionpolicies", "ValidatingAdmissionPolicy"),
    ("validatingadmissionpolicybindings", "ValidatingAdmissionPolicyBinding"),
]


def resource_list(version):
    return {
        "kind": "APIResourceList", "apiVersion": "v1", "groupVersion": f"{GROUP}/{version}",
        "resources": [{"name": name, "singularName": "", "namespaced": False, "kind": kind,
                       "verbs": ["create", "delete", "get", "list", "patch", "update", "watch"]}
                      for name, kind in RESOURCES],
    }


ROUTES = {
    "/api": {"kind": "APIVersions", "versions": ["v1"],
             "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]},
    "/api/v1": {"kind": "APIResourceList", "groupVersion": "v1", "resources": []},
    "/apis": {"kind": "APIGroupList", "apiVersion": "v1", "groups": [{
        "name": GROUP,
        "versions": [{"groupVersion": f"{GROUP}/v1", "version": "v1"},
                     {"groupVersion": f"{GROUP}/v1beta1", "version": "v1beta1"}],
        "preferredVersion": {"groupVersion": f"{GROUP}/v1", "version": "v1"}}]},
    f"/apis/{GROUP}/v1": resource_list("v1"),
    f"/apis/{GROUP}/v1beta1": resource_list("v1beta1"),
}


class Handler(BaseHTTPRequestHandler):
    def reply(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = self.path.split("?", 1)[0].rstrip("/")
        if path in ROUTES:
            self.reply(200, ROUTES[path])
        else:
            self.reply(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure",
                             "reason": "NotFound", "code": 404, "message": "not found"})

    def do_POST(self):
        self.reply(405, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "code": 405})

    def log_message(self, *args):
        pass


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 120
    server = HTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    threading.Timer(seconds, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()

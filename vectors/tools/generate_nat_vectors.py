#!/usr/bin/env python3
"""Writes vectors/src/main/resources/rtcheck/vectors/stun/rfc5780-coturn.json: RFC 5780 NAT
behaviour discovery (capability stun.nat-type) from the subject's host against a coturn the own
subject starts on 127.0.0.1 and 127.0.0.2 (op turn.server with rfc5780). On loopback there is no
NAT, so every subject must find endpoint-independent mapping and filtering: "open internet".

    python3 vectors/tools/generate_nat_vectors.py
"""
import vectorfile

SCRIPT = "generate_nat_vectors.py"


def main():
    server = {"subject": "own", "op": "turn.server", "args": {"tls": False, "rfc5780": True},
              "as": "srv"}
    vectors = [
        {"id": "loopback.open-internet",
         "title": "Against coturn with OTHER-ADDRESS on loopback: no NAT, endpoint-independent "
                  "mapping (§4.3) and filtering (§4.4), classified open internet",
         "capability": "stun.nat-type", "rfc": "5780", "section": "4.3", "level": "MUST",
         "steps": [server,
                   {"op": "stun.nat-type",
                    "args": {"host": "${srv.host}", "port": "${srv.port}",
                             "hairpinning": False, "timeoutMs": 20000},
                    "expect": {"presence": "no-nat", "mapping": "endpoint-independent",
                               "filtering": "endpoint-independent",
                               "natType": "open-internet", "problems": [],
                               "alternateAddress": "${srv.otherHost}:${srv.otherPort}"}}]},
        {"id": "loopback.alternate-given",
         "title": "The same with the alternate address given instead of read from OTHER-ADDRESS",
         "capability": "stun.nat-type", "rfc": "5780", "section": "4.4", "level": "MUST",
         "steps": [server,
                   {"op": "stun.nat-type",
                    "args": {"host": "${srv.host}", "port": "${srv.port}",
                             "alternate": {"host": "${srv.otherHost}", "port": "${srv.otherPort}"},
                             "hairpinning": False, "timeoutMs": 20000},
                    "expect": {"mapping": "endpoint-independent",
                               "filtering": "endpoint-independent",
                               "natType": "open-internet"}}]},
    ]
    vectorfile.write("stun", "rfc5780-coturn.json", vectorfile.suite_file(SCRIPT, {
        "id": "stun/rfc5780-coturn",
        "title": "RFC 5780 NAT behaviour discovery against coturn on loopback",
        "protocol": "STUN",
        "rfc": "5780",
        "link": "https://www.rfc-editor.org/rfc/rfc5780#section-4",
    }, vectors))


if __name__ == "__main__":
    main()

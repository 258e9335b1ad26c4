#!/bin/sh
# The demo's provisioning command (provision_command in the demo's
# selfcare.conf): a stand-in for the network's provisioning system.
#
#   provision-demo.sh SELFCARE CONF [SECONDS]  < event
#
# It reads the event (schema/xsd/provision-event.xsd) on stdin, accepts it
# at once (exit 0), and after SECONDS (default 5) reports the order
# completed in the background with `SELFCARE -c CONF order-result ID
# completed`, as a real system would once the SIM card is active or the
# plan is set up on the network. An event it cannot read is refused
# (exit 65): selfcare tries it again later and gives it up in the end.
set -eu

[ $# -ge 2 ] || { echo "usage: $0 SELFCARE CONF [SECONDS]" >&2; exit 64; }
selfcare=$1
conf=$2
delay=${3:-5}

event=$(cat)
id=$(printf '%s\n' "$event" | sed -n 's/.*<provision-event [^>]*order="\([0-9][0-9]*\)".*/\1/p' | head -1)
[ -n "$id" ] || { echo "provision-demo: no order in the event" >&2; exit 65; }

# Detached: selfcare waits for this command only, not for the network.
(
	sleep "$delay"
	"$selfcare" -c "$conf" order-result "$id" completed "activated on the network (demo)"
) </dev/null >/dev/null 2>&1 &
exit 0

#!/usr/bin/env bash
# The README walkthrough, end to end, against the local federation started by start.sh:
# FR records a case and the reporter's consent, shares the summary, DE and JP receive it (without
# the raw fields), DE and JP ask FR for the case's status, FR lists its deliveries; then the
# reporter withdraws all consent and DE and JP stop listing the case (each keeps a tombstone: the
# case id and revision, no content, so that a late older revision cannot bring the summary back).
# Exits non-zero at the first step that does not produce what is expected.
# Env: FED_DEMO_TIMEOUT (seconds to wait for delivery, default 30), plus those of start.sh.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

timeout_s="${FED_DEMO_TIMEOUT:-30}"
[[ "$timeout_s" =~ ^[0-9]+$ ]] && ((timeout_s > 0 && timeout_s <= 300)) || { echo "error: FED_DEMO_TIMEOUT must be 1..300" >&2; exit 2; }
command -v python3 >/dev/null || { echo "error: python3 is required" >&2; exit 1; }
cli_command

step=0
say() { step=$((step + 1)); printf '\n== %d. %s\n' "$step" "$*"; }
fail() { printf '\nDEMO FAILED at step %d: %s\n' "$step" "$*" >&2; exit 1; }
# Prints a command line as one would type it (arguments with spaces quoted).
show() {
    local j="$1" a line=""
    shift
    for a in "$@"; do
        if [[ "$a" =~ ^[A-Za-z0-9_./:@+=-]+$ ]]; then line+=" $a"; else line+=" '${a//\'/\'\\\'\'}'"; fi
    done
    printf '   $ deploy/local/fedctl.sh %s%s\n' "$j" "$line"
}

# fedctl at node J; on failure, report the command and its error output and stop.
run() {
    local j="$1" out err rc=0
    shift
    err="$(mktemp)"
    out="$(fedctl_at "$j" "$@" 2>"$err")" || rc=$?
    if ((rc != 0)); then
        echo "   fedctl at $j failed (exit $rc): fedctl $*" >&2
        sed 's/^/   | /' "$err" >&2
        # An internal error names an id the node logged with the details: show them.
        local id
        id="$(grep -oE 'error id [0-9a-f]+' "$err" | head -n 1 | cut -d' ' -f3 || true)"
        if [[ -n "$id" && -f "$run_dir/$j/node.log" ]]; then
            echo "   $run_dir/$j/node.log says:" >&2
            grep -A 3 -F "$id" "$run_dir/$j/node.log" | head -n 4 | cut -c1-400 | sed 's/^/   | /' >&2 || true
        fi
        rm -f "$err"
        return "$rc"
    fi
    rm -f "$err"
    printf '%s' "$out"
}

# json_get EXPR: evaluates a Python expression over the JSON on stdin (bound to d).
json_get() {
    python3 -c '
import json, sys
d = json.load(sys.stdin)
r = eval(sys.argv[1], {"d": d, "any": any, "all": all, "sorted": sorted, "len": len})
print(json.dumps(r) if isinstance(r, (list, dict, bool)) or r is None else r)
' "$1"
}

say "Nodes answer"
for j in "${jurisdictions[@]}"; do
    [[ -f "$run_dir/$j/data/admin-api-key" ]] || fail "node $j has no admin key in $run_dir/$j/data: run $local_dir/start.sh first"
    node_json="$(run "$j" --json node)" || fail "node $j does not answer on http://127.0.0.1:$(admin_port "$j"): run $local_dir/start.sh first"
    got="$(json_get 'd.get("jurisdiction")' <<<"$node_json")"
    [[ "$got" == "$j" ]] || fail "the node on port $(admin_port "$j") says it is '$got', expected $j"
    echo "   $j: up, treaties $(json_get '[t["treatyId"] for t in d.get("treaties", [])]' <<<"$node_json")"
done

# Unique markers, so that a leak of the raw fields cannot hide behind an earlier run's data.
tag="$(date -u +%Y%m%dT%H%M%SZ)-$RANDOM"
description="RAW-DESCRIPTION-$tag: hidden instructions in PDF metadata override the triage policy"
reporter_name="Reporter Name $tag"
reporter_contact="reporter-$tag@example.org"

say "FR records a case"
args=(case create
    --title "Prompt injection in a clinical triage assistant ($tag)"
    --synopsis "Crafted documents make the assistant ignore its triage policy."
    --vendor "ExampleMed AI" --product "TriageAssist" --model-version "2.3.1"
    --sector health --taxonomy AML.T0051 --tlp AMBER
    --reporter-name "$reporter_name" --reporter-contact "$reporter_contact"
    --description "$description")
show FR "${args[@]}"
created="$(run FR --json "${args[@]}")" || fail "case create at FR failed"
case_id="$(json_get 'd.get("federationCaseId", "")' <<<"$created")"
[[ "$case_id" =~ ^FR- ]] || fail "case create did not return an FR case id: $created"
class="$(json_get 'd.get("taxonomyClass")' <<<"$created")"
# AML.T0051 is ATLAS's LLM prompt injection (AML.T0054 is LLM jailbreak): the title says prompt injection.
[[ "$class" == prompt-injection ]] || fail "AML.T0051 was recorded as '$class', expected prompt-injection"
echo "   case $case_id (TLP $(json_get 'd.get("tlp", "").replace("TLP_LABEL_", "")' <<<"$created"), class $class)"

say "FR records the reporter's consent: share-summary, share-vendor (not share-reporter)"
show FR case consent "$case_id" --scope share-summary --scope share-vendor
consented="$(run FR --json case consent "$case_id" --scope share-summary --scope share-vendor)" || fail "case consent failed"
scopes="$(json_get 'sorted(d.get("consentScopes", []))' <<<"$consented")"
[[ "$scopes" == '["share-summary", "share-vendor"]' ]] || fail "consent scopes are $scopes, expected share-summary and share-vendor"
echo "   consent scopes: $scopes"

say "FR shares the case's summary (default: every partner a treaty in force covers)"
show FR share "$case_id"
shared="$(run FR --json share "$case_id")" || fail "share $case_id at FR failed"
for p in DE JP; do
    ok="$(json_get "any(x.get('partner') == '$p' and x.get('shared') for x in d.get('decisions', []))" <<<"$shared")"
    [[ "$ok" == true ]] || fail "share did not send the case to $p: $shared"
done
echo "   $(json_get '"; ".join(x["partner"] + ": " + ("shared " + ",".join(f.replace("SUMMARY_FIELD_", "").lower() for f in x.get("fields", [])) if x.get("shared") else "refused") + ("; withheld: " + ", ".join(x.get("reasons", [])) if x.get("reasons") else "") for x in d.get("decisions", []))' <<<"$shared")"

say "DE and JP receive the summary (waiting up to ${timeout_s}s)"
declare -A received=()
started_at=$SECONDS
deadline=$((SECONDS + timeout_s))
for ((poll = 0; poll < timeout_s * 2 && SECONDS < deadline; poll++)); do
    for p in DE JP; do
        [[ -n "${received[$p]:-}" ]] && continue
        got="$(run "$p" --json received --origin FR --limit 200)" || fail "received at $p failed"
        entry="$(json_get "[s for s in d.get('summaries', []) if s.get('summary', {}).get('federationCaseId') == '$case_id']" <<<"$got")"
        if [[ "$entry" != "[]" ]]; then
            received[$p]="$entry"
            echo "   $p received $case_id (after ~$((SECONDS - started_at))s)"
        fi
    done
    [[ -n "${received[DE]:-}" && -n "${received[JP]:-}" ]] && break
    sleep 0.5
done
for p in DE JP; do
    [[ -n "${received[$p]:-}" ]] || fail "$p did not receive $case_id within ${timeout_s}s (see: $local_dir/fedctl.sh FR deliveries --case $case_id)"
done

say "What DE received holds the consented summary fields and none of the raw ones"
de_entry="${received[DE]}"
for raw in "$description" "$reporter_contact" "$reporter_name"; do
    if grep -qF -- "$raw" <<<"$de_entry"; then
        fail "DE received a raw value that must never leave FR: '$raw'"
    fi
done
# A typed summary: each shared field is a property (protobuf JSON writes taxonomyClass for taxonomy_class).
fields="$(json_get 'sorted(__import__("re").sub("([A-Z])", lambda m: "_" + m.group(1).lower(), k) for k in d[0]["summary"] if k not in ("federationCaseId", "revision", "tlp"))' <<<"$de_entry")"
for f in title synopsis sector taxonomy_class vendor product model_version; do
    grep -q "\"$f\"" <<<"$fields" || fail "DE's summary lacks the consented field $f (fields: $fields)"
done
for f in reporter_name reporter_contact technical_description proof_of_concept; do
    if grep -q "\"$f\"" <<<"$fields"; then fail "DE's summary holds the field $f (fields: $fields)"; fi
done
echo "   fields at DE: $fields"
echo "   absent: description, reporter contact, reporter name (no share-reporter consent)"

say "DE and JP ask FR, the case's origin, for its status"
for p in DE JP; do
    show "$p" status "$case_id"
    status="$(run "$p" --json status "$case_id")" || fail "status $case_id at $p failed"
    got="$(json_get 'd.get("summary", {}).get("federationCaseId", "")' <<<"$status")"
    [[ "$got" == "$case_id" ]] || fail "status at $p answered for '$got', expected $case_id: $status"
    for raw in "$description" "$reporter_contact" "$reporter_name"; do
        if grep -qF -- "$raw" <<<"$status"; then fail "FR's status answer to $p holds a raw value: '$raw'"; fi
    done
    echo "   $p: revision $(json_get 'd["summary"].get("revision")' <<<"$status"), status $(json_get 'd["summary"].get("status", "-").replace("CASE_STATUS_", "").lower()' <<<"$status"), treaty $(json_get 'd.get("treatyId")' <<<"$status") v$(json_get 'd.get("treatyVersion")' <<<"$status")"
done

say "FR lists the case's deliveries"
show FR deliveries --case "$case_id"
for ((poll = 0; poll < 20; poll++)); do
    deliveries="$(run FR --json deliveries --case "$case_id")" || fail "deliveries at FR failed"
    states="$(json_get '" ".join(sorted(x["recipient"] + "=" + x.get("state", "").replace("DELIVERY_STATE_", "").lower() for x in d.get("deliveries", [])))' <<<"$deliveries")"
    [[ "$states" == "DE=delivered JP=delivered" ]] && break
    sleep 0.5
done
[[ "$states" == "DE=delivered JP=delivered" ]] || fail "deliveries of $case_id are '$states', expected DE=delivered JP=delivered"
run FR deliveries --case "$case_id" | sed 's/^/   /' || true

say "The reporter withdraws all consent: FR sends DE and JP a withdrawal, they delete what they held"
show FR case consent "$case_id" --withdraw-all --yes
withdrawn="$(run FR --json case consent "$case_id" --withdraw-all --yes)" || fail "withdrawing consent failed"
[[ "$(json_get 'd.get("consentScopes", [])' <<<"$withdrawn")" == "[]" ]] || fail "consent is still recorded after --withdraw-all: $withdrawn"
declare -A gone=()
deadline=$((SECONDS + timeout_s))
while ((SECONDS < deadline)); do
    for p in DE JP; do
        [[ -n "${gone[$p]:-}" ]] && continue
        got="$(run "$p" --json received --origin FR --limit 1000)" || fail "received at $p failed"
        listed="$(json_get "any(s.get('summary', {}).get('federationCaseId') == '$case_id' for s in d.get('summaries', []))" <<<"$got")"
        if [[ "$listed" == false ]]; then
            gone[$p]=1
            echo "   $p no longer lists $case_id"
        fi
    done
    [[ -n "${gone[DE]:-}" && -n "${gone[JP]:-}" ]] && break
    sleep 0.5
done
for p in DE JP; do
    [[ -n "${gone[$p]:-}" ]] || fail "$p still lists $case_id ${timeout_s}s after the withdrawal (see: $local_dir/fedctl.sh FR deliveries --case $case_id)"
done
show DE received --origin FR
run DE received --origin FR | sed 's/^/   /' || true

printf '\nDEMO OK: %s shared by FR, received by DE and JP without its raw fields, and withdrawn.\n' "$case_id"

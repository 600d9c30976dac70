#!/bin/bash
# Profiles the share rounds of `load` (perf, Linux; needs the perf package and permission to profile):
# the samples inside the measured share rounds only, by category (inclusive) and by library (self).
# ROUNDS (5), WARMUP (3) and EXTRA (more load arguments, e.g. "--envelopes-per-call 1") change the run.
cd "$(dirname "$0")/../.."
dotnet build -c Release tests/Federation.Benchmarks -v q >/dev/null || exit 1
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 FEDERATION_LOAD_MARKS=1
nice -n -15 dotnet tests/Federation.Benchmarks/bin/Release/net10.0/Federation.Benchmarks.dll load --messages 5000 --rounds ${ROUNDS:-5} --warmup ${WARMUP:-3} ${EXTRA} > ${OUT:-/tmp}/pb-marks.log 2>&1 &
sleep 3
pid=$(pgrep -f "Federation.Benchmarks.dll load" | head -1)
perf record -k mono -F 499 -g -p $pid -o ${OUT:-/tmp}/pb.data 2>${OUT:-/tmp}/pb.err &
# the load ends by itself; perf stops with the process it follows
while kill -0 $pid 2>/dev/null; do sleep 2; done
sleep 2
grep mark ${OUT:-/tmp}/pb-marks.log | sed 's/^\s*//' | tail -n +$((${WARMUP:-3}+1)) > ${OUT:-/tmp}/pb-w.txt
python3 - <<'PY'
import subprocess, collections, re, os
d=os.environ.get('OUT','/tmp')
pats={'ECDSA verify/sign (EnvelopeVerifier/Sealer)':r'EnvelopeVerifier|EnvelopeSealer|EnvelopeSignature','Inbox commit (DE writer)':r'InboxBatcher\+<CommitAsync>',
'Dispatcher commit (FR)':r'OutboxDispatcher\+<Commit','Dispatcher send':r'OutboxDispatcher\+<(AttemptBatchAsync|AttemptAsync|SendBatch)','DeliverBatch service':r'PeerGrpcService\+<DeliverBatch>|PeerGrpcService::DeliverBatch',
'EF SaveChanges':r'FederationDbContext\+<SaveChangesAsync>','EF query':r'EntityFrameworkCore\.Query','sqlite native':r'libe_sqlite3','Kestrel':r'Kestrel','HTTP/2 client':r'System\.Net\.Http\.Http2',
'TLS (SslStream)':r'SslStream','Protobuf':r'Google\.Protobuf','Receipts (sign+check)':r'ReceiptSigner|DeliveryReceiptVerifier|SignedReceipt','Log append':r'LogAppender','Audit':r'Audit','JIT':r'libclrjit','GC':r'gc_heap|GCHeap|WKS::|SVR::'}
c=collections.Counter(); dso=collections.Counter(); total=0
for line in open(os.path.join(d,'pb-w.txt')):
    parts=line.split()
    if len(parts)<3: continue
    win=parts[2]
    out=subprocess.run(['perf','script','-i',os.path.join(d,'pb.data'),'--time',win,'-F','ip,sym,dso'],capture_output=True,text=True).stdout
    for sample in out.split('\n\n'):
        lines=[x for x in sample.strip().split('\n') if x.strip()]
        if not lines: continue
        total+=1
        top=lines[0].strip(); d=top.split('(')[-1].rstrip(')').split('/')[-1]; dso[d]+=1
        for k,p in pats.items():
            if re.search(p,sample): c[k]+=1
print('samples in share windows',total)
print('inclusive, % of samples:')
for k,v in c.most_common(): print(f'  {k:45} {100*v/total:5.1f} %')
print('self by dso:')
for k,v in dso.most_common(10): print(f'  {k[:40]:40} {100*v/total:5.1f} %')
PY

"""The same PDQ queries through FAISS's IndexBinaryMultiHash, the index HMA (Meta's
Hasher-Matcher-Actioner) uses: 16 maps of 16 bits. Called by bench/pdq-index.bench.ts with
files it wrote; prints one JSON object.

argv: hashes.bin (n x 32 bytes)  queries.bin (q x 32 bytes)  nflip  snapshot-path
"""
import json
import os
import sys
import time

import faiss  # Debian's python3-faiss
import numpy as np

hashes_path, queries_path, nflip, snapshot_path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
hashes = np.fromfile(hashes_path, dtype=np.uint8).reshape(-1, 32)
queries = np.fromfile(queries_path, dtype=np.uint8).reshape(-1, 32)
faiss.omp_set_num_threads(1)  # one core, as the index it is compared with

t0 = time.perf_counter()
index = faiss.IndexBinaryMultiHash(256, 16, 16)
index.nflip = nflip
index.add(hashes)
build_s = time.perf_counter() - t0
del hashes

for q in queries[:200]:  # warm-up
    index.range_search(q.reshape(1, 32), 32)
times = []
counts = []
for q in queries:
    t = time.perf_counter()
    lims, _, _ = index.range_search(q.reshape(1, 32), 32)  # distance < 32, i.e. <= 31
    times.append(time.perf_counter() - t)
    counts.append(int(lims[1] - lims[0]))
times.sort()

snapshot = {}
try:
    t = time.perf_counter()
    faiss.write_index_binary(index, snapshot_path)
    snapshot["write_s"] = time.perf_counter() - t
    snapshot["bytes"] = os.path.getsize(snapshot_path)
    del index
    t = time.perf_counter()
    faiss.read_index_binary(snapshot_path)
    snapshot["read_s"] = time.perf_counter() - t
except Exception as error:  # an index type this FAISS cannot write
    snapshot["error"] = str(error)

with open("/proc/self/status") as status:
    rss_peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))

print(json.dumps({
    "build_s": build_s,
    "p50_ms": times[len(times) // 2] * 1000,
    "p99_ms": times[min(len(times) - 1, int(len(times) * 0.99))] * 1000,
    "qps": len(times) / sum(times),
    "counts": counts,
    "peak_rss_bytes": rss_peak_kb * 1024,
    "snapshot": snapshot,
}))

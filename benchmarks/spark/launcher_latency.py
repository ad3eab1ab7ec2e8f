"""Per-trial start latency of the two runs of launcher-bench.sh, read from their run stores (stdlib only).

For each run: the wall time (the flowlab command, start to exit), the time from the command's start to the first
trial's start (JVM, plugins, data checks; for Spark also the application, the executors' JVMs and FlowLab's
jar reaching them), and the gap between a trial slot freeing up and the next trial starting in it: for every trial
after the first two, its start minus the latest trial end before it. Trial times are the trials' own (the
attempt's start and end in events.jsonl; a Spark trial's are the worker's, written into the driver's store).
Usage: python3 launcher_latency.py OUT_DIR EXPERIMENT_NAME
"""
import json
import pathlib
import statistics
import sys


def trials(store, experiment):
    found = []
    for events in sorted((store / experiment / "trials").glob("*/events.jsonl")):
        start = end = None
        status = None
        for line in events.read_text().splitlines():
            if not line.strip():
                continue
            event = json.loads(line)
            if event.get("event") == "attempt":
                start, end, status = event["time"], None, None
            elif event.get("event") == "end":
                end, status = event["time"], event["status"]
        provenance = json.loads((events.parent / "provenance.json").read_text())
        where = provenance.get("launcher", {}).get("executor", "local")
        found.append({"id": events.parent.name, "start": start, "end": end, "status": status, "where": where})
    return sorted(found, key=lambda t: t["start"])


def report(out, name, experiment):
    store = out / name
    if not store.exists():
        return
    begin, finish = (int(x) for x in (out / f"{name}.wall").read_text().split())
    runs = trials(store, experiment)
    finished = [t for t in runs if t["status"] == "FINISHED"]
    gaps = []
    for t in runs[2:]:
        before = [u["end"] for u in runs if u["end"] is not None and u["end"] <= t["start"]]
        if before:
            gaps.append((t["start"] - max(before)) / 1000)
    train = [(t["end"] - t["start"]) / 1000 for t in finished]
    print(f"{name}: wall {(finish - begin) / 1000:.1f} s, {len(finished)}/{len(runs)} trials finished, "
          f"trial time mean {statistics.mean(train):.1f} s (min {min(train):.1f}, max {max(train):.1f})")
    print(f"  command start -> first trial start: {(runs[0]['start'] - begin) / 1000:.2f} s; "
          f"slot free -> next trial start: median {statistics.median(gaps):.2f} s, max {max(gaps):.2f} s "
          f"over {len(gaps)} trials" if gaps else "  (fewer than 3 trials: no slot gaps)")
    print(f"  last trial end -> command exit: {(finish - max(t['end'] for t in runs if t['end'])) / 1000:.2f} s")
    where = {}
    for t in runs:
        where[t["where"]] = where.get(t["where"], 0) + 1
    print(f"  trials per executor: {where}")


def main():
    out = pathlib.Path(sys.argv[1])
    experiment = sys.argv[2]
    for name in ("local", "spark"):
        report(out, name, experiment)


if __name__ == "__main__":
    main()

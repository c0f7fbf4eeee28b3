#!/usr/bin/env python3
"""Draws docs/benchmarks.png from the results of bench/apiserver and of
`go test ./bench -bench BenchmarkRestricted`.

    python3 bench/chart.py --apiserver bench/results/run1.json bench/results/run2.json ... \
        --offline bench/results/offline.txt --out docs/benchmarks.png

Needs matplotlib (Debian: apt-get install python3-matplotlib). With several
API server runs, bars are the mean over the runs and the whiskers their
minimum and maximum.
"""
import argparse
import collections
import json
import re
import statistics

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

SERIES_COLORS = {
    "none": "#9e9e9e", "psa": "#4caf50", "vapgen": "#e53935", "psa+vapgen": "#8e24aa",
    "per-profile": "#1e88e5", "per-profile-lean": "#00acc1", "per-profile-2": "#3949ab",
    "per-rule-lean": "#fb8c00", "per-rule-nomc": "#f4511e",
}


def load_runs(files):
    """{(kind, series name): {metric: [values per run]}}, in first-seen order."""
    out = collections.OrderedDict()
    for f in files:
        with open(f) as fh:
            run = json.load(fh)
        for s in run["series"]:
            m = out.setdefault((s["kind"], s["series"] + " " + s["name"]), collections.defaultdict(list))
            for k in ("p50Ms", "p99Ms", "perSecond", "apiserverCpuMsPerOp"):
                m[k].append(s.get(k, 0.0))
    return out


def load_offline(path):
    """{variant: {engine: median ns/op}} from go test -bench output (-count N)."""
    acc = collections.defaultdict(lambda: collections.defaultdict(list))
    pat = re.compile(r"^BenchmarkRestricted/([^/]+)/(\S+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op")
    with open(path) as fh:
        for line in fh:
            m = pat.match(line)
            if m:
                acc[m.group(1)][m.group(2)].append(float(m.group(3)))
    return {v: {e: statistics.median(x) for e, x in engines.items()} for v, engines in acc.items()}


def bars(ax, labels, values, colors, err=None, fmt="{:.0f}", width=0.8, offset=0.0, hatch=None, label=None):
    xs = [i + offset for i in range(len(labels))]
    b = ax.bar(xs, values, width=width, color=colors, edgecolor="black", linewidth=0.5, hatch=hatch, label=label,
               yerr=err, capsize=3 if err else 0, error_kw={"linewidth": 0.8})
    for x, v in zip(xs, values):
        ax.annotate(fmt.format(v), (x, v), xytext=(0, 2), textcoords="offset points", ha="center", va="bottom", fontsize=7)
    return b


def minmax(vals):
    m = statistics.mean(vals)
    return m, (m - min(vals), max(vals) - m)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--apiserver", nargs="+", required=True)
    ap.add_argument("--offline", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    runs = load_runs(args.apiserver)
    offline = load_offline(args.offline)

    fig, axes = plt.subplots(2, 2, figsize=(15, 10), gridspec_kw={"height_ratios": [1, 1]})
    fig.suptitle("vapgen ValidatingAdmissionPolicies vs Pod Security Admission — kube-apiserver 1.35.4, 2 CPUs "
                 f"({len(args.apiserver)} runs)", fontsize=13)

    # 1: pod create latency, p50 and p99.
    ax = axes[0][0]
    pods = [(name, m) for (kind, name), m in runs.items() if kind == "pod"]
    labels = [n for n, _ in pods]
    colors = [SERIES_COLORS.get(n.split(" ", 1)[1], "#999") for n in labels]
    p50 = [minmax(m["p50Ms"]) for _, m in pods]
    p99 = [minmax(m["p99Ms"]) for _, m in pods]
    bars(ax, labels, [v for v, _ in p50], colors, err=list(zip(*[e for _, e in p50])), width=0.4, offset=-0.2, label="p50")
    bars(ax, labels, [v for v, _ in p99], colors, err=list(zip(*[e for _, e in p99])), width=0.4, offset=0.2, hatch="//", label="p99")
    ax.text(0.01, 0.98, "bars: mean of the runs; whiskers: min-max", transform=ax.transAxes, va="top", fontsize=8)
    ax.set_xticks(range(len(labels)), labels, rotation=20, ha="right", fontsize=9)
    ax.set_ylabel("client latency per pod create, ms (8 clients)")
    ax.set_title("Pod create latency: p50 (plain) and p99 (hatched)")
    ax.grid(axis="y", alpha=0.3)

    # 2: API server CPU per object, pods and Deployments.
    ax = axes[0][1]
    names = list(collections.OrderedDict.fromkeys(n for (_, n) in runs))
    colors = [SERIES_COLORS.get(n.split(" ", 1)[1], "#999") for n in names]
    for kind, offset, hatch in (("pod", -0.2, None), ("deployment", 0.2, "..")):
        idx = [i for i, n in enumerate(names) if (kind, n) in runs]
        vals = [minmax(runs[(kind, names[i])]["apiserverCpuMsPerOp"]) for i in idx]
        xs = [i + offset for i in idx]
        ax.bar(xs, [v for v, _ in vals], width=0.4, color=[colors[i] for i in idx], edgecolor="black", linewidth=0.5,
               hatch=hatch, yerr=list(zip(*[e for _, e in vals])), capsize=3, error_kw={"linewidth": 0.8})
        for x, (v, _) in zip(xs, vals):
            ax.annotate(f"{v:.1f}", (x, v), xytext=(0, 2), textcoords="offset points", ha="center", va="bottom", fontsize=7)
    ax.set_xticks(range(len(names)), names, rotation=20, ha="right", fontsize=9)
    ax.set_ylabel("kube-apiserver CPU ms per create")
    ax.set_title("kube-apiserver CPU per create: Pod (plain), paused Deployment (dotted)")
    ax.grid(axis="y", alpha=0.3)

    # 3 and 4: offline, per pod variant; log scale.
    engines = ["none", "per-rule", "per-rule-nomsg", "per-rule-nomc", "per-rule-lean",
               "per-profile", "per-profile-lean", "per-profile-2", "per-rule-fast", "psa"]
    colors = {"none": "#9e9e9e", "per-rule": "#e53935", "per-rule-nomsg": "#ef9a9a", "per-rule-nomc": "#f4511e",
              "per-rule-lean": "#fb8c00", "per-profile": "#1e88e5", "per-profile-lean": "#00acc1",
              "per-profile-2": "#3949ab", "per-rule-fast": "#6d4c41", "psa": "#4caf50"}
    for ax, variants, title in (
            (axes[1][0], ["containers=3", "containers=3-stored"], "3 containers"),
            (axes[1][1], ["containers=50", "containers=50-stored"], "50 containers")):
        n = len(engines)
        w = 0.8 / n
        for i, e in enumerate(engines):
            vals = [offline.get(v, {}).get(e, 0) / 1e6 for v in variants]
            xs = [j - 0.4 + w * (i + 0.5) for j in range(len(variants))]
            ax.bar(xs, vals, width=w, color=colors[e], edgecolor="black", linewidth=0.4, label=e)
            for x, v in zip(xs, vals):
                txt = f"{v * 1000:.1f}µs" if v < 0.01 else f"{v:.1f}"
                ax.annotate(txt, (x, v), xytext=(0, 2), textcoords="offset points", ha="center", va="bottom",
                            fontsize=6, rotation=90)
        ax.set_yscale("log")
        ax.set_xticks(range(len(variants)), ["as sent by the client", "as stored (with managedFields)"])
        ax.set_ylabel("ms per admission (log scale)")
        ax.set_title(f"Offline, API server's VAP code vs PSA's evaluator: restricted pod, {title}")
        ax.grid(axis="y", alpha=0.3, which="both")
        ax.set_ylim(top=ax.get_ylim()[1] * 4)
    axes[1][0].legend(fontsize=7, ncol=5, loc="upper left")
    fig.tight_layout(rect=(0, 0, 1, 0.96))
    fig.savefig(args.out, dpi=110)


if __name__ == "__main__":
    main()

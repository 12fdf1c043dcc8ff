"""Run the Python Record Linkage Toolkit on one case and write a crosswalk.

usage: rl_peer.py CASE_DIR OUT_CROSSWALK.csv

Configuration, from the roles the case has (see cases.py), following the
toolkit's documented unsupervised recipe: candidate pairs from blocking
(the union of equality blocks on the same column pairs the Splink peer
uses), binary comparison features (Jaro-Winkler >= 0.85 on names, address
and organisation name; exact on the rest), and the ECM classifier (the
Expectation/Conditional Maximisation Fellegi-Sunter estimator). Matched
pairs become clusters by connected components. Nothing is fitted on the
truth.
"""

import sys

import cases
import pandas as pd
import recordlinkage
from splink_peer import blocking

FUZZY = {"first_name", "surname", "address", "name", "company"}


def main(case_dir, out_path):
    name, task, tables = cases.load(case_dir)
    have = cases.roles(tables, task)
    if not have:
        raise SystemExit("no columns to compare")
    frames = [t.set_index("uid") for t in tables]
    if task == "dedup" and len(frames) > 1:
        frames = [pd.concat(frames)]
    rules = blocking(have)
    idx = recordlinkage.Index()
    for r in rules:
        idx.block(left_on=list(r), right_on=list(r))
    if task == "link":
        pairs = idx.index(frames[0], frames[1])
    else:
        pairs = idx.index(frames[0])
    cmp = recordlinkage.Compare()
    for r in have:
        if r in FUZZY:
            cmp.string(r, r, method="jarowinkler", threshold=0.85, label=r)
        else:
            cmp.exact(r, r, label=r)
    feats = cmp.compute(pairs, *frames)
    uf = cases.UnionFind()
    if len(feats):
        ecm = recordlinkage.ECMClassifier(binarize=None)
        matches = ecm.fit_predict(feats)
        for a, b in matches:
            uf.union(a, b)
    else:
        matches = []
    cluster_of = {u: uf.find(u) for u in uf.parent}
    cases.write_crosswalk(out_path, tables, cluster_of)
    print(f"recordlinkage: {name} roles={','.join(have)} candidate pairs={len(pairs)} matches={len(matches)}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

"""Run dedupe on one case and write a crosswalk.

usage: dedupe_peer.py CASE_DIR OUT_CROSSWALK.csv

dedupe is an active-learning tool: a person labels pairs as it asks. Here
the labels come from the truth instead: a seeded sample of up to 200 true
pairs (at most a fifth of them) and 200 non-pairs (half of them sharing the
first letters of a name, so that some are hard). This gives dedupe
knowledge none of the other tools has; its rows are marked so. The labels
go in as dedupe's documentation says existing training data should: as the
training file of prepare_training, which indexes their records (mark_pairs
needs records its own sample already holds, else NoIndexError).

Fields, from the roles the case has (see cases.py), typed as its variable
documentation describes: String for names, address, organisation and
company name; Exact for codes (gender, state, country, street number,
national id); ShortString for the rest (birth date, e-mail, postcode, city,
phone); all with has_missing. train() with its defaults (recall 1.0, index
predicates allowed). Deduplication: partition at threshold 0.5; linkage:
one-to-one join at 0.5. dedupe 3.0.3's prepare_training accepts
sample_size and blocked_proportion but does not use them (it samples 5,000
records, indexes up to 50,000), so none is passed.
"""

import io
import random
import sys
import time

import cases
import dedupe
from dedupe import serializer
from dedupe import variables as dv

LONG = {"first_name", "surname", "address", "name", "company", "coauthor", "occupation"}
# Codes and numbers whose near misses mean nothing: Exact (one predicate,
# whole value; no index predicates).
CODES = {"gender", "state", "country", "street_number", "soc_sec_id"}
N_LABELS = 200


def fields(have):
    out = []
    for r in have:
        if r in LONG:
            out.append(dv.String(r, has_missing=True))
        elif r in CODES:
            out.append(dv.Exact(r, has_missing=True))
        else:
            out.append(dv.ShortString(r, has_missing=True))
    return out


def training_file(labelled):
    """The labelled pairs in dedupe's training-file format: its documented
    way to start from existing labels (prepare_training indexes the records
    of these pairs; labels given later through mark_pairs must be records
    its sample already knows, which ours are not)."""
    f = io.StringIO()
    serializer.write_training(labelled, f)
    f.seek(0)
    return f


def records(t, have):
    out = {}
    for row in t[["uid"] + have].itertuples(index=False):
        out[row[0]] = {r: (v if isinstance(v, str) and v else None) for r, v in zip(have, row[1:])}
    return out


def labels(entity_of, datas, have, link):
    rng = random.Random(1)
    key = have[0]
    by_entity = {}
    for i, d in enumerate(datas):
        for uid in d:
            by_entity.setdefault(entity_of.get(uid), []).append((i, uid))
    match = []
    for members in by_entity.values():
        if len(members) < 2:
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                (i, a), (j, b) = members[x], members[y]
                if link and i == j:
                    continue
                if link and i > j:
                    (i, a), (j, b) = (j, b), (i, a)
                match.append((i, a, j, b))
    rng.shuffle(match)
    # At most a fifth of the true pairs, so that a small set is not handed
    # its whole truth.
    match = match[: min(N_LABELS, max(1, len(match) // 5))]
    left = list(datas[0].items())
    right = list(datas[-1].items())
    distinct = []
    near = {}
    for uid, rec in right:
        v = rec.get(key) or ""
        near.setdefault(v[:3], []).append(uid)
    tries = 0
    while len(distinct) < N_LABELS and tries < 100 * N_LABELS:
        tries += 1
        a, ra = rng.choice(left)
        if len(distinct) % 2 == 0:
            pool = near.get((ra.get(key) or "")[:3], [])
            if not pool:
                continue
            b = rng.choice(pool)
        else:
            b = rng.choice(right)[0]
        if a == b or entity_of.get(a) == entity_of.get(b):
            continue
        distinct.append((0, a, len(datas) - 1, b))

    def rec(i, u):
        return datas[i][u]

    return {
        "match": [(rec(i, a), rec(j, b)) for i, a, j, b in match],
        "distinct": [(rec(i, a), rec(j, b)) for i, a, j, b in distinct],
    }


def stage(msg, t0=time.perf_counter()):
    print(f"dedupe: {time.perf_counter() - t0:.1f} s {msg}", file=sys.stderr, flush=True)


def main(case_dir, out_path):
    # dedupe draws its samples with the random module: seed it so that a
    # re-run is the same run (its numpy generator is not seedable from here).
    random.seed(1)
    name, task, tables = cases.load(case_dir)
    have = cases.roles(tables, task)
    if not have:
        raise SystemExit("no columns to compare")
    entity_of = cases.truth_entities(case_dir, tables)
    uf = cases.UnionFind()
    if task == "link":
        d1, d2 = records(tables[0], have), records(tables[1], have)
        # dedupe keys a record by its id and passes the record dict around;
        # keep a reverse map from record identity to uid for the labels.
        linker = dedupe.RecordLink(fields(have), num_cores=2)
        linker.prepare_training(d1, d2, training_file=training_file(labels(entity_of, [d1, d2], have, True)))
        stage('prepared')
        linker.train()
        stage('trained: ' + ' | '.join(str(p) for p in linker.predicates))
        for (a, b), _ in linker.join(d1, d2, threshold=0.5, join_type="one-to-one"):
            uf.union(a, b)
    else:
        data = {}
        for t in tables:
            data.update(records(t, have))
        deduper = dedupe.Dedupe(fields(have), num_cores=2)
        deduper.prepare_training(data, training_file=training_file(labels(entity_of, [data], have, False)))
        stage('prepared')
        deduper.train()
        stage('trained: ' + ' | '.join(str(p) for p in deduper.predicates))
        for ids, _ in deduper.partition(data, threshold=0.5):
            for u in ids[1:]:
                uf.union(ids[0], u)
    cluster_of = {u: uf.find(u) for u in uf.parent}
    cases.write_crosswalk(out_path, tables, cluster_of)
    print(f"dedupe: {name} roles={','.join(have)} clustered records={len(cluster_of)}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

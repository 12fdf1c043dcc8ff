"""Run Splink (DuckDB backend) on one case and write a crosswalk.

usage: splink_peer.py CASE_DIR OUT_CROSSWALK.csv

Configuration, from the roles the case has (see cases.py), following
Splink's documented recipe for person data:
  comparisons   comparison library: NameComparison for first name and
                surname, DateOfBirthComparison, EmailComparison,
                PostcodeComparison; ExactMatch with term-frequency adjustment
                for city; JaroWinklerAtThresholds for address and for an
                organisation name; ExactMatch for phone and the other columns
  blocking      equality on pairs of strong columns (first name + surname,
                surname + dob, first name + dob, e-mail, postcode + first
                name, phone, name), whichever the case has
  training      lambda from deterministic rules (recall 0.7), u by random
                sampling, m by EM on two blocking sessions
  clustering    connected components at match probability >= 0.9
Nothing is fitted on the truth.
"""

import sys

import cases
import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

CLUSTER_AT = 0.9


def comparisons(have):
    out = []
    for r in have:
        if r in ("first_name", "surname"):
            out.append(cl.NameComparison(r))
        elif r == "dob":
            out.append(cl.DateOfBirthComparison("dob", input_is_string=True))
        elif r == "email":
            out.append(cl.EmailComparison("email"))
        elif r == "postcode":
            out.append(cl.PostcodeComparison("postcode"))
        elif r == "city":
            out.append(cl.ExactMatch("city").configure(term_frequency_adjustments=True))
        elif r in ("address", "name"):
            out.append(cl.JaroWinklerAtThresholds(r, [0.9, 0.7]))
        else:
            out.append(cl.ExactMatch(r))
    return out


def blocking(have):
    h = set(have)
    cand = [
        ("first_name", "surname"),
        ("surname", "dob"),
        ("first_name", "dob"),
        ("email",),
        ("postcode", "first_name"),
        ("phone",),
        ("name",),
        ("address",),
    ]
    rules = [c for c in cand if set(c) <= h]
    if not rules:
        rules = [(have[0],)]
    return rules


def deterministic(have):
    h = set(have)
    for c in (("first_name", "surname", "dob"), ("email",), ("name", "city"), ("name",), ("phone",)):
        if set(c) <= h:
            return [block_on(*c)]
    return [block_on(*blocking(have)[0])]


def em_sessions(rules, have):
    # Two sessions whose blocking columns differ, so that every comparison is
    # estimated in at least one of them.
    if {"first_name", "surname", "dob"} <= set(have):
        return [("first_name", "surname"), ("dob",)]
    if len(rules) >= 2:
        return rules[:2]
    return rules


def main(case_dir, out_path):
    name, task, tables = cases.load(case_dir)
    have = cases.roles(tables)
    if not have:
        raise SystemExit("no columns to compare")
    link_type = {"dedup": "dedupe_only", "link": "link_only"}[task]
    keep = ["uid"] + have
    frames = [t[keep].rename(columns={"uid": "unique_id"}) for t in tables]
    if task == "dedup" and len(frames) > 1:
        frames = [pd.concat(frames, ignore_index=True)]
        link_type = "dedupe_only"
    rules = blocking(have)
    settings = SettingsCreator(
        link_type=link_type,
        comparisons=comparisons(have),
        blocking_rules_to_generate_predictions=[block_on(*r) for r in rules],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    db = DuckDBAPI()
    sdfs = [db.register(f, dataset_display_name=f"t{i}") for i, f in enumerate(frames)]
    linker = Linker(sdfs if len(sdfs) > 1 else sdfs[0], settings, log_level=30)
    linker.training.estimate_probability_two_random_records_match(deterministic(have), recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    for s in em_sessions(rules, have):
        linker.training.estimate_parameters_using_expectation_maximisation(block_on(*s))
    pred = linker.inference.predict(threshold_match_probability=0.2)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pred, threshold_match_probability=CLUSTER_AT)
    df = clusters.as_pandas_dataframe()
    cluster_of = dict(zip(df["unique_id"], df["cluster_id"]))
    cases.write_crosswalk(out_path, tables, cluster_of)
    print(f"splink: {name} {link_type} roles={','.join(have)} blocking={rules} clusters={df['cluster_id'].nunique()}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

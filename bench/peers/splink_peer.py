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
                name, phone, name), whichever the case has, and the first
                four characters of an organisation name
  training      lambda from deterministic rules (recall 0.7; where the rule
                finds no pair at all, Splink's default prior 0.0001), u by
                random sampling, m by EM on two blocking sessions (one
                that finds no pair is skipped)
  clustering    connected components at match probability >= 0.9
Nothing is fitted on the truth.
"""

import sys

import cases
import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from splink.internals.exceptions import EMTrainingException

CLUSTER_AT = 0.9
PRIOR_FALLBACK = 0.0001


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
        elif r in ("address", "name", "company"):
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


def prediction_rules(rules, have):
    """Splink blocking rules: equality on the column groups, plus, for an
    organisation name, its first four characters (a substr rule as in
    Splink's tutorials), since names of one company rarely agree exactly."""
    out = [block_on(*r) for r in rules]
    if "name" in have:
        out.append(block_on("substr(name, 1, 4)"))
    return out


def em_sessions(rules, have):
    # Two sessions whose blocking columns differ, so that every comparison is
    # estimated in at least one of them.
    if {"first_name", "surname", "dob"} <= set(have):
        return [block_on("first_name", "surname"), block_on("dob")]
    if have == ["name"]:
        # Every rule blocks on the only column: EM would have no comparison
        # left to estimate (Splink then fails in its SQL).
        return []
    pred = prediction_rules(rules, have)
    return pred[:2]


def main(case_dir, out_path):
    name, task, tables = cases.load(case_dir)
    have = cases.roles(tables, task)
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
        blocking_rules_to_generate_predictions=prediction_rules(rules, have),
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    db = DuckDBAPI()
    sdfs = [db.register(f, dataset_display_name=f"t{i}") for i, f in enumerate(frames)]
    linker = Linker(sdfs if len(sdfs) > 1 else sdfs[0], settings, log_level=30)
    linker.training.estimate_probability_two_random_records_match(deterministic(have), recall=0.7)
    # A deterministic rule that finds no pair at all (rldata500: no record
    # pair agrees exactly on first name, surname and birth date) estimates
    # lambda = 0, on which EM fails (log of zero). Splink warns and leaves it
    # to the user; we fall back to its documented default prior
    # (SettingsCreator's probability_two_random_records_match, 0.0001).
    if linker._settings_obj._probability_two_random_records_match == 0:
        linker._settings_obj._probability_two_random_records_match = PRIOR_FALLBACK
        print(f"splink: deterministic rule found no pair; lambda = {PRIOR_FALLBACK} (Splink's default)", file=sys.stderr)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    trained = 0
    for s in em_sessions(rules, have):
        # A session whose rule yields no pair at all (exact organisation
        # name on patstat) cannot train; Splink raises, we go on and say so. With no session trained, prediction
        # uses the comparison library's default m values (Splink allows it
        # and warns "m values not fully trained").
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(s)
            trained += 1
        except EMTrainingException as e:
            print(f"splink: EM session skipped: {str(e).splitlines()[0]}", file=sys.stderr)
    if not trained:
        print("splink: no EM session trained; m values are the comparison library's defaults", file=sys.stderr)
    pred = linker.inference.predict(threshold_match_probability=0.2)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pred, threshold_match_probability=CLUSTER_AT)
    df = clusters.as_pandas_dataframe()
    cluster_of = dict(zip(df["unique_id"], df["cluster_id"]))
    cases.write_crosswalk(out_path, tables, cluster_of)
    print(f"splink: {name} {link_type} roles={','.join(have)} blocking={rules} clusters={df['cluster_id'].nunique()}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
